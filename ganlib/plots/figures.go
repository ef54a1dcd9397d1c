package plots

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
)

// HighlightColor frames the nearest training examples in Figure 2, as the
// paper's yellow outlines do.
var HighlightColor = color.RGBA{R: 0xf0, G: 0xc0, B: 0x00, A: 0xff}

// Defaults of the one-call figures Figure2 and Interpolation.
const (
	figurePad   = 2
	figureScale = 2
)

// NearestColumn is the paper's Figure 2: rows of generator samples, each row
// followed, in a separate highlighted column, by the training example nearest
// to the row's last sample — evidence that the model does not just memorise
// the training set.
//
// Samples holds the rows one after the other: len(Samples) must be a multiple
// of len(Nearest) (5 samples per row in the paper). Images use Grid's layout.
type NearestColumn struct {
	Samples, Nearest        [][]float32
	Height, Width, Channels int

	Pad   int // As in Grid, at least 1 so the highlight shows.
	Scale int // As in Grid.

	// Highlight fills the padding of the nearest column; nil means HighlightColor.
	Highlight color.Color
}

// Image renders the figure as an *image.RGBA.
func (n NearestColumn) Image() (image.Image, error) {
	rows := len(n.Nearest)
	if rows == 0 || len(n.Samples) == 0 {
		return nil, fmt.Errorf("plots: nearest column: %d samples and %d nearest images, need both", len(n.Samples), rows)
	}
	if len(n.Samples)%rows != 0 {
		return nil, fmt.Errorf("plots: nearest column: %d samples do not split into %d rows", len(n.Samples), rows)
	}
	pad := max(n.Pad, 1)
	highlight := n.Highlight
	if highlight == nil {
		highlight = HighlightColor
	}
	samples, err := Grid{Images: n.Samples, Height: n.Height, Width: n.Width, Channels: n.Channels,
		Cols: len(n.Samples) / rows, Pad: pad, Scale: n.Scale}.Image()
	if err != nil {
		return nil, fmt.Errorf("plots: nearest column: samples: %w", err)
	}
	nearest, err := Grid{Images: n.Nearest, Height: n.Height, Width: n.Width, Channels: n.Channels,
		Cols: 1, Pad: pad, Scale: n.Scale, Background: highlight}.Image()
	if err != nil {
		return nil, fmt.Errorf("plots: nearest column: nearest: %w", err)
	}
	return besideEachOther(samples, nearest, 2*pad), nil
}

// besideEachOther places right to the right of left, gap white pixels apart.
// Both have the same height by construction (same rows, pad and scale).
func besideEachOther(left, right image.Image, gap int) image.Image {
	lb, rb := left.Bounds(), right.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, lb.Dx()+gap+rb.Dx(), max(lb.Dy(), rb.Dy())))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(out, lb.Sub(lb.Min), left, lb.Min, draw.Src)
	draw.Draw(out, rb.Sub(rb.Min).Add(image.Pt(lb.Dx()+gap, 0)), right, rb.Min, draw.Src)
	return out
}

// Figure2 is NearestColumn with the default padding and a 2x scale:
// len(samples) = k*len(nearest), k samples per row (5 in the paper), and
// nearest[r] the training image closest to the last sample of row r.
func Figure2(samples, nearest [][]float32, height, width, channels int) (image.Image, error) {
	return NearestColumn{Samples: samples, Nearest: nearest,
		Height: height, Width: width, Channels: channels,
		Pad: figurePad, Scale: figureScale}.Image()
}

// Interpolation is the paper's Figure 3: each row a sequence of images, e.g.
// G(z) for z walking linearly between two points. All rows must have the same
// length; images use Grid's layout, drawn at a 2x scale.
func Interpolation(rows [][][]float32, height, width, channels int) (image.Image, error) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, fmt.Errorf("plots: interpolation: no images")
	}
	cols := len(rows[0])
	var images [][]float32
	for r, row := range rows {
		if len(row) != cols {
			return nil, fmt.Errorf("plots: interpolation: row %d has %d images, row 0 has %d", r, len(row), cols)
		}
		images = append(images, row...)
	}
	img, err := Grid{Images: images, Height: height, Width: width, Channels: channels,
		Cols: cols, Pad: figurePad, Scale: figureScale}.Image()
	if err != nil {
		return nil, fmt.Errorf("plots: interpolation: %w", err)
	}
	return img, nil
}
