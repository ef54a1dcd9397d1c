package ganlib

import (
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// BatchNorm is batch normalisation (Ioffe and Szegedy 2015) over the last axis of [batch, features]
// or of images [batch, height, width, channels], the layer that made DCGAN's generators train
// reliably (Radford et al. 2016): when training, each feature is normalised by the mean and
// variance of its batch, then scaled and shifted by learned values; at inference (Generate), by
// running averages of those statistics.
//
// Written here rather than taken from GoMLX's layers/batchnorm, which stops the gradient at the
// batch statistics (an approximation; here it flows through them, as in PyTorch and the paper
// that introduced the layer) and broadcasts implicitly, the pure-Go backend's slow path.
type BatchNorm struct {
	// Momentum is the weight of a new batch in the running averages (0: 0.1, PyTorch's default).
	Momentum float64
}

const batchNormEpsilon = 1e-5

// Apply implements Layer. Variables: "scale" and "offset" (trained), "mean" and "variance" (the
// running averages, updated by every training graph that applies the layer).
func (b BatchNorm) Apply(ctx *context.Context, x *Node) *Node {
	dims := x.Shape().Dimensions
	features := dims[len(dims)-1]
	rows := Reshape(x, x.Shape().Size()/features, features)
	g, dtype := x.Graph(), x.DType()
	variable := func(name string, init initializers.VariableInitializer, trainable bool) *context.Variable {
		v := ctx.WithInitializer(init).VariableWithShape(name, shapes.Make(dtype, features))
		v.Trainable = trainable
		return v
	}
	scale, offset := variable("scale", initializers.One, true), variable("offset", initializers.Zero, true)
	runningMean, runningVar := variable("mean", initializers.Zero, false), variable("variance", initializers.One, false)

	var mean, variance, centered *Node
	if ctx.IsTraining(g) {
		mean = ReduceMean(rows, 0)
		centered = Sub(rows, perFeature(mean, rows.Shape()))
		variance = ReduceMean(Square(centered), 0)
		m := orDefault(b.Momentum, 0.1)
		n := float64(rows.Shape().Dim(0))
		runningMean.SetValueGraph(Add(MulScalar(runningMean.ValueGraph(g), 1-m), MulScalar(mean, m)))
		// The running variance is the unbiased estimate, as PyTorch keeps it.
		runningVar.SetValueGraph(Add(MulScalar(runningVar.ValueGraph(g), 1-m), MulScalar(variance, m*n/max(n-1, 1))))
	} else {
		mean, variance = runningMean.ValueGraph(g), runningVar.ValueGraph(g)
		centered = Sub(rows, perFeature(mean, rows.Shape()))
	}
	inverseStd := Div(scale.ValueGraph(g), Sqrt(AddScalar(variance, batchNormEpsilon))) // scale / sqrt(var + eps)
	y := AddBias(Mul(centered, perFeature(inverseStd, rows.Shape())), offset.ValueGraph(g))
	return Reshape(y, dims...)
}

func (BatchNorm) String() string { return "batch-norm" }
