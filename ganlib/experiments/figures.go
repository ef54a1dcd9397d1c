package experiments

import (
	"fmt"
	"image"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX's own examples import graph this way.
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"

	"github.com/adversarial-nets/gan/ganlib/eval"
	"github.com/adversarial-nets/gan/ganlib/plots"
)

// Figure2Cols is how many samples a row of Figure 2 shows before its nearest training image.
const Figure2Cols = 5

// Figure2 draws the paper's Figure 2: rows of samples of G, Figure2Cols a row, and in the
// rightmost, highlighted column the training image nearest (squared Euclidean distance, over the
// whole training split) to the row's last sample. The samples are fair: fresh noise, none picked.
func (r *Run) Figure2(rows int) (image.Image, error) {
	samples, nearest, err := r.figure2Images(rows)
	if err != nil {
		return nil, err
	}
	train := r.Data.Train
	return plots.Figure2(r.Data.Displayable(samples), r.Data.Displayable(nearest), train.Height, train.Width, train.Channels)
}

// figure2Images draws rows*Figure2Cols samples and, for each row, the training image nearest
// to its last sample.
func (r *Run) figure2Images(rows int) (samples, nearest [][]float32, err error) {
	if rows < 1 {
		return nil, nil, fmt.Errorf("figure 2: need at least one row, got %d", rows)
	}
	x, err := r.Trainer.Sample(rows * Figure2Cols)
	if err != nil {
		return nil, nil, fmt.Errorf("figure 2: %w", err)
	}
	dim := r.Data.Train.Dim()
	samples = splitRows(tensors.MustCopyFlatData[float32](x), dim)
	lastOfRow := make([]float32, 0, rows*dim)
	for row := range rows {
		lastOfRow = append(lastOfRow, samples[row*Figure2Cols+Figure2Cols-1]...)
	}
	indices, err := eval.Nearest(r.Backend, lastOfRow, r.Data.Train.Data, dim)
	if err != nil {
		return nil, nil, fmt.Errorf("figure 2: %w", err)
	}
	for _, i := range indices {
		nearest = append(nearest, r.Data.Train.Row(i))
	}
	return samples, nearest, nil
}

// Figure3 draws the paper's Figure 3: each row is G(z) for z walking in a straight line, in
// steps images, from one random draw of the noise to another.
func (r *Run) Figure3(rows, steps int) (image.Image, error) {
	if rows < 1 || steps < 2 {
		return nil, fmt.Errorf("figure 3: need at least one row and two steps, got %d rows of %d", rows, steps)
	}
	ends, err := r.drawNoise(2 * rows)
	if err != nil {
		return nil, fmt.Errorf("figure 3: %w", err)
	}
	zDim := r.Trainer.NoiseDim
	z := interpolate(ends, rows, steps, zDim)
	x, err := r.Trainer.Generate(tensors.FromFlatDataAndDimensions(z, rows*steps, zDim))
	if err != nil {
		return nil, fmt.Errorf("figure 3: %w", err)
	}
	images := r.Data.Displayable(splitRows(tensors.MustCopyFlatData[float32](x), r.Data.Train.Dim()))
	grid := make([][][]float32, rows)
	for row := range grid {
		grid[row] = images[row*steps : (row+1)*steps]
	}
	train := r.Data.Train
	return plots.Interpolation(grid, train.Height, train.Width, train.Channels)
}

// drawNoise draws n noise vectors from G's own noise distribution (the configuration's Noise,
// with the trainer's random number generator), as [n*NoiseDim] values.
func (r *Run) drawNoise(n int) ([]float32, error) {
	t := r.Trainer
	z, err := context.ExecOnce(r.Backend, t.Context, func(ctx *context.Context, g *Graph) *Node {
		return t.Noise(ctx, g, n, t.NoiseDim)
	})
	if err != nil {
		return nil, fmt.Errorf("drawing noise: %w", err)
	}
	return tensors.MustCopyFlatData[float32](z), nil
}

// interpolate returns rows*steps noise vectors: row r walks from ends[2r] to ends[2r+1] in
// equal steps, both ends included.
func interpolate(ends []float32, rows, steps, dim int) []float32 {
	z := make([]float32, 0, rows*steps*dim)
	for row := range rows {
		from := ends[(2*row)*dim : (2*row+1)*dim]
		to := ends[(2*row+1)*dim : (2*row+2)*dim]
		for s := range steps {
			t := float32(s) / float32(steps-1)
			for i := range dim {
				z = append(z, (1-t)*from[i]+t*to[i])
			}
		}
	}
	return z
}
