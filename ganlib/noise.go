package ganlib

import (
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// Noise draws the generator's input z [batch, dim] inside the graph, from the context's seeded
// random number generator.
type Noise func(ctx *context.Context, g *Graph, batch, dim int) *Node

// UniformNoise draws z from U(low, high): the paper's MNIST uses U(-sqrt 3, sqrt 3) (unit variance).
func UniformNoise(low, high float64) Noise {
	return func(ctx *context.Context, g *Graph, batch, dim int) *Node {
		u := ctx.RandomUniform(g, shapes.Make(DType, batch, dim))
		return AddScalar(MulScalar(u, high-low), low)
	}
}

// NormalNoise draws z from N(0, 1), as the paper's TFD and CIFAR-10 models.
func NormalNoise() Noise {
	return func(ctx *context.Context, g *Graph, batch, dim int) *Node {
		return ctx.RandomNormal(g, shapes.Make(DType, batch, dim))
	}
}
