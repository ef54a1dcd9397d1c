package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Default figure size, used when PNG or SVG is given a zero width or height.
const (
	DefaultWidth  = 6 * vg.Inch
	DefaultHeight = 4 * vg.Inch
)

// PNG renders p as a PNG image of the given size (at gonum/plot's default
// 96 dpi). A zero width or height selects DefaultWidth or DefaultHeight.
func PNG(p *plot.Plot, width, height vg.Length) ([]byte, error) {
	return encodePlot(p, width, height, "png")
}

// SVG renders p as an SVG document of the given size. A zero width or height
// selects DefaultWidth or DefaultHeight.
func SVG(p *plot.Plot, width, height vg.Length) ([]byte, error) {
	return encodePlot(p, width, height, "svg")
}

// ImagePNG encodes an image, such as the one returned by Grid.Image, as PNG.
func ImagePNG(img image.Image) ([]byte, error) {
	if img == nil {
		return nil, fmt.Errorf("plots: encoding PNG: nil image")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("plots: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

func encodePlot(p *plot.Plot, width, height vg.Length, format string) (data []byte, err error) {
	if p == nil {
		return nil, fmt.Errorf("plots: encoding %s: nil plot", format)
	}
	width, height, err = sizeOrDefault(width, height, DefaultWidth, DefaultHeight)
	if err != nil {
		return nil, fmt.Errorf("plots: encoding %s: %w", format, err)
	}
	// gonum/plot panics on some bad inputs while drawing (for instance a
	// non-positive value on a log axis); report those as errors instead.
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("plots: drawing %s: %v", format, r)
		}
	}()
	w, err := p.WriterTo(width, height, format)
	if err != nil {
		return nil, fmt.Errorf("plots: encoding %s: %w", format, err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: encoding %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// sizeOrDefault replaces zero lengths by the defaults and rejects negative ones.
func sizeOrDefault(width, height, defWidth, defHeight vg.Length) (vg.Length, vg.Length, error) {
	if width < 0 || height < 0 {
		return 0, 0, fmt.Errorf("negative size %v x %v", width, height)
	}
	if width == 0 {
		width = defWidth
	}
	if height == 0 {
		height = defHeight
	}
	return width, height, nil
}
