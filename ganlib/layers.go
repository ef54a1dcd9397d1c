package ganlib

import (
	"fmt"
	"math"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX's own examples import graph this way.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// FastMatMul returns x·w for x [batch, in] and w [in, out], with gradients that are themselves matmuls:
// dx = dy·wᵀ and dw = xᵀ·dy.
//
// GoMLX v0.26.0 builds the gradient of Dot as a broadcast multiply and a reduce-sum through a
// [batch, in, out] tensor. XLA fuses that away; the pure-Go backend materialises it, and a paper-sized
// MNIST step becomes ~10x slower. Here the output's adjoint dy is captured on the way back and the
// adjoints of x and w are replaced by plain matmuls; the stock gradient nodes are then unused, and
// dropped when the graph is compiled.
func FastMatMul(x, w *Node) *Node {
	if x.Rank() != 2 || w.Rank() != 2 || x.Shape().Dim(1) != w.Shape().Dim(0) {
		panic(fmt.Sprintf("FastMatMul wants x [batch, in] and w [in, out], got x %s and w %s", x.Shape(), w.Shape()))
	}
	var dy *Node // The adjoint of the output: set during back-propagation before x's and w's are needed.
	xWithGrad := IdentityWithCustomGradient(x, func(_, _ *Node) *Node {
		return DotGeneral(dy, []int{1}, nil, w, []int{1}, nil) // dy·wᵀ: [batch, in]
	})
	wWithGrad := IdentityWithCustomGradient(w, func(_, _ *Node) *Node {
		return DotGeneral(x, []int{0}, nil, dy, []int{0}, nil) // xᵀ·dy: [in, out]
	})
	y := Dot(xWithGrad, wWithGrad)
	return IdentityWithCustomGradient(y, func(_, v *Node) *Node {
		dy = v
		return v
	})
}

// Dense is a fully connected layer y = x·W + b. With InitRange set, W and b are drawn from
// U(-InitRange, InitRange), as the paper's pylearn2 layers with `irange`; with InitRange 0, W is
// drawn from Glorot and Bengio's U(±sqrt(6/(in+out))) and b starts at zero, the modern default.
type Dense struct {
	Units     int
	InitRange float64
}

// Apply builds the layer in ctx's current scope, creating (or reusing) variables "weights" and "biases".
func (d Dense) Apply(ctx *context.Context, x *Node) *Node {
	inputDim := x.Shape().Dim(-1)
	weightRange, biasInit := d.InitRange, initializers.RandomUniformFn(ctx, -d.InitRange, d.InitRange)
	if d.InitRange == 0 {
		weightRange, biasInit = math.Sqrt(6/float64(inputDim+d.Units)), initializers.Zero
	}
	dtype := x.DType()
	w := ctx.WithInitializer(initializers.RandomUniformFn(ctx, -weightRange, weightRange)).
		VariableWithShape("weights", shapes.Make(dtype, inputDim, d.Units)).ValueGraph(x.Graph())
	b := ctx.WithInitializer(biasInit).VariableWithShape("biases", shapes.Make(dtype, d.Units)).ValueGraph(x.Graph())
	return AddBias(FastMatMul(x, w), b)
}

func (d Dense) String() string {
	return fmt.Sprintf("dense %d%s", d.Units, initString(d.InitRange))
}

// AddBias returns y + b for y [batch, units] and b [units].
//
// The bias is broadcast to y's shape explicitly, so that the Add is one of identical shapes (the
// pure-Go backend's fast path; an Add that broadcasts implicitly walks a per-element iterator).
// Its gradient is a reduce-sum over the batch. Both are one pass over [batch, units]; a rank-1
// matmul ones[batch,1]·b[1,units], used before, cost far more on the pure-Go backend: its blocked
// matmul pads the contracting axis of size 1 to a 64-wide block, and for the toy's tiny layers
// each extra op's fixed cost dominates.
func AddBias(y, b *Node) *Node {
	return Add(y, perFeature(b, y.Shape()))
}

// perFeature broadcasts v [features] to every row of shape [n, features], explicitly (see AddBias).
func perFeature(v *Node, shape shapes.Shape) *Node {
	return BroadcastToShape(Reshape(v, 1, shape.Dim(1)), shape)
}

// Maxout is the maxout layer of Goodfellow et al. (2013) the paper's discriminators use: Units
// outputs, each the maximum of Pieces linear pieces.
type Maxout struct {
	Units, Pieces int
	InitRange     float64
}

// Apply builds the layer in ctx's current scope.
func (m Maxout) Apply(ctx *context.Context, x *Node) *Node {
	if m.Pieces < 1 {
		panic(fmt.Sprintf("Maxout needs at least one piece, got %d", m.Pieces))
	}
	pieces := Dense{Units: m.Units * m.Pieces, InitRange: m.InitRange}.Apply(ctx, x)
	// pylearn2 groups the pieces of a unit together: columns [u*pieces, (u+1)*pieces) belong to unit u.
	pieces = Reshape(pieces, x.Shape().Dim(0), m.Units, m.Pieces)
	return ReduceMax(pieces, -1)
}

func (m Maxout) String() string {
	return fmt.Sprintf("maxout %d units x %d pieces%s", m.Units, m.Pieces, initString(m.InitRange))
}

// Dropout keeps each input with probability keep and scales the kept values by 1/keep, as the paper's
// `input_include_probs` / `input_scales`. It acts only when ctx is training (see context.SetTraining).
func Dropout(ctx *context.Context, x *Node, keep float64) *Node {
	if keep <= 0 || keep > 1 {
		panic(fmt.Sprintf("dropout keep-probability must be in (0, 1], got %g", keep))
	}
	g := x.Graph()
	if keep == 1 || !ctx.IsTraining(g) {
		return x
	}
	mask := LessThan(ctx.RandomUniform(g, x.Shape()), Scalar(g, x.DType(), keep))
	scaled := MulScalar(x, 1/keep)
	return Where(mask, scaled, ZerosLike(x))
}

// Activation names the non-linearities the paper's models use.
type Activation string

const (
	ActLinear  Activation = "linear"
	ActReLU    Activation = "relu"
	ActSigmoid Activation = "sigmoid"
	ActTanh    Activation = "tanh"
	// ActLeakyReLU is max(x, 0.2x), the usual choice in GAN discriminators since DCGAN.
	ActLeakyReLU Activation = "leaky_relu"
)

// sigmoidFloor keeps sigmoid units a millionth away from 0 and 1. A saturated unit (a generator's
// background pixel, say) would otherwise reach subnormal floats, below 1.2e-38, in its value or
// its gradient, and x86 processors compute with those about a hundred times slower: measured
// here, once G's output saturated a GAN iteration on the pure-Go backend took 1.8x as long. A
// millionth of a grey level changes no image, and the clipped gradients were below 1e-6.
const sigmoidFloor = 1e-6

// Apply returns the activation of x.
func (a Activation) Apply(x *Node) *Node {
	switch a {
	case ActLinear, "":
		return x
	case ActReLU:
		return Max(x, ZerosLike(x))
	case ActSigmoid:
		return ClipScalar(Logistic(x), sigmoidFloor, 1-sigmoidFloor)
	case ActTanh:
		return Tanh(x)
	case ActLeakyReLU:
		return Max(x, MulScalar(x, 0.2))
	}
	panic(fmt.Sprintf("unknown activation %q (valid: linear, relu, leaky_relu, sigmoid, tanh)", string(a)))
}
