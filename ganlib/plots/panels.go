package plots

import (
	"fmt"
	"image"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Default size of one panel, used by Panels when the total size is zero.
const (
	DefaultPanelWidth  = 4 * vg.Inch
	DefaultPanelHeight = 3 * vg.Inch
)

// Panels lays out plots[row][col] as a grid of panels in one image of the
// given total size, aligning their axes (plot.Align). A nil plot leaves its
// panel blank. A zero width or height gives each panel DefaultPanelWidth or
// DefaultPanelHeight.
func Panels(plots [][]*plot.Plot, width, height vg.Length) (img image.Image, err error) {
	rows := len(plots)
	if rows == 0 || len(plots[0]) == 0 {
		return nil, fmt.Errorf("plots: panels: no plots")
	}
	cols := len(plots[0])
	for r, row := range plots {
		if len(row) != cols {
			return nil, fmt.Errorf("plots: panels: row %d has %d plots, row 0 has %d", r, len(row), cols)
		}
	}
	width, height, err = sizeOrDefault(width, height,
		vg.Length(cols)*DefaultPanelWidth, vg.Length(rows)*DefaultPanelHeight)
	if err != nil {
		return nil, fmt.Errorf("plots: panels: %w", err)
	}
	// As in encodePlot: gonum/plot panics on some bad inputs while drawing.
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("plots: drawing panels: %v", r)
		}
	}()

	canvas := vgimg.New(width, height)
	tiles := draw.Tiles{
		Rows: rows, Cols: cols,
		PadX: vg.Millimeter, PadY: vg.Millimeter,
		PadTop: vg.Millimeter, PadBottom: vg.Millimeter,
		PadLeft: vg.Millimeter, PadRight: vg.Millimeter,
	}
	tileCanvases := plot.Align(plots, tiles, draw.New(canvas))
	for r, row := range plots {
		for c, p := range row {
			if p != nil {
				p.Draw(tileCanvases[r][c])
			}
		}
	}
	return canvas.Image(), nil
}

// PanelsPNG is Panels encoded as PNG.
func PanelsPNG(plots [][]*plot.Plot, width, height vg.Length) ([]byte, error) {
	img, err := Panels(plots, width, height)
	if err != nil {
		return nil, err
	}
	return ImagePNG(img)
}
