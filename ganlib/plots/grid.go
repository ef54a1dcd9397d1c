package plots

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
)

// Grid lays out equally sized images, such as generator samples, in rows of
// Cols tiles.
//
// Each image is a flat slice of Height*Width*Channels values in [0, 1]
// (values outside are clipped, NaN counts as 0), in HWC order: the value of
// channel ch of the pixel at row y, column x is at index (y*Width+x)*Channels+ch.
// Channels is 1 (grayscale) or 3 (RGB). This is the layout of the datasets'
// [N, D] rows.
type Grid struct {
	Images                  [][]float32
	Height, Width, Channels int

	Cols  int // Tiles per row; 0 means a square-ish grid, ceil(sqrt(len(Images))).
	Pad   int // Pixels of Background between tiles and around the grid.
	Scale int // Each image pixel becomes a Scale x Scale block; 0 means 1.

	// Background fills the padding; nil means white.
	Background color.Color
}

// Image renders the grid: an *image.Gray for grayscale images on the default
// background, an *image.RGBA otherwise. It returns an error for no images, a
// bad shape, or an image of the wrong length.
func (g Grid) Image() (image.Image, error) {
	if err := g.validate(); err != nil {
		return nil, fmt.Errorf("plots: grid: %w", err)
	}
	cols, scale := g.layout()
	rows := (len(g.Images) + cols - 1) / cols
	tileW, tileH := g.Width*scale, g.Height*scale
	bounds := image.Rect(0, 0, cols*tileW+(cols+1)*g.Pad, rows*tileH+(rows+1)*g.Pad)

	var dst draw.Image
	background := g.Background
	if background == nil {
		background = color.White
	}
	if g.Channels == 1 && g.Background == nil {
		dst = image.NewGray(bounds)
	} else {
		dst = image.NewRGBA(bounds)
	}
	draw.Draw(dst, bounds, image.NewUniform(background), image.Point{}, draw.Src)

	for i, values := range g.Images {
		x0 := g.Pad + (i%cols)*(tileW+g.Pad)
		y0 := g.Pad + (i/cols)*(tileH+g.Pad)
		g.drawTile(dst, values, x0, y0, scale)
	}
	return dst, nil
}

func (g Grid) validate() error {
	if len(g.Images) == 0 {
		return fmt.Errorf("no images")
	}
	if g.Height <= 0 || g.Width <= 0 {
		return fmt.Errorf("image size %dx%d is not positive", g.Height, g.Width)
	}
	if g.Channels != 1 && g.Channels != 3 {
		return fmt.Errorf("%d channels, want 1 (grayscale) or 3 (RGB)", g.Channels)
	}
	if g.Cols < 0 || g.Pad < 0 || g.Scale < 0 {
		return fmt.Errorf("negative Cols (%d), Pad (%d) or Scale (%d)", g.Cols, g.Pad, g.Scale)
	}
	want := g.Height * g.Width * g.Channels
	for i, values := range g.Images {
		if len(values) != want {
			return fmt.Errorf("image %d has %d values, want %d = %dx%dx%d (HWC)",
				i, len(values), want, g.Height, g.Width, g.Channels)
		}
	}
	return nil
}

// layout resolves the zero values of Cols and Scale.
func (g Grid) layout() (cols, scale int) {
	cols, scale = g.Cols, g.Scale
	if cols == 0 {
		cols = int(math.Ceil(math.Sqrt(float64(len(g.Images)))))
	}
	cols = min(cols, len(g.Images))
	if scale == 0 {
		scale = 1
	}
	return cols, scale
}

// drawTile paints one image with its top-left corner at (x0, y0).
func (g Grid) drawTile(dst draw.Image, values []float32, x0, y0, scale int) {
	for y := range g.Height {
		for x := range g.Width {
			px := values[(y*g.Width+x)*g.Channels:][:g.Channels]
			var c color.Color
			if g.Channels == 1 {
				c = color.Gray{Y: toByte(px[0])}
			} else {
				c = color.RGBA{R: toByte(px[0]), G: toByte(px[1]), B: toByte(px[2]), A: 0xff}
			}
			block := image.Rect(x0+x*scale, y0+y*scale, x0+(x+1)*scale, y0+(y+1)*scale)
			draw.Draw(dst, block, image.NewUniform(c), image.Point{}, draw.Src)
		}
	}
}

// toByte maps [0, 1] to [0, 255], clipping values outside and NaN to 0.
func toByte(v float32) uint8 {
	if !(v > 0) {
		return 0
	}
	if v >= 1 {
		return 255
	}
	return uint8(math.Round(float64(v) * 255))
}
