package ganlib

import (
	"fmt"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// A Network builds a model in ctx's current scope. A generator maps noise z [batch, noiseDim] to
// samples [batch, dataDim]; a discriminator maps samples [batch, dataDim] to logits [batch, 1], with
// D(x) = sigmoid(logit) (the losses work on logits, which is exact and numerically stable).
type Network interface {
	Apply(ctx *context.Context, x *Node) *Node
}

// MLP is a multilayer perceptron: Dense layers of the Hidden sizes with the Activation, then a Dense
// layer of Outputs units with the Output activation. A discriminator uses Outputs 1 and a linear
// Output: its logits.
type MLP struct {
	Hidden     []int
	Activation Activation
	Outputs    int
	Output     Activation
	// InitRange: weights and biases are drawn from U(-InitRange, InitRange); OutputInitRange, when not
	// zero, for the last layer only (the paper's CIFAR-10 generator uses .5 there).
	InitRange, OutputInitRange float64
	// KeepInput and KeepHidden are dropout keep-probabilities for the input of the first layer and of
	// every later layer; zero means no dropout.
	KeepInput, KeepHidden float64
	// InputScale multiplies the input first (zero means 1): it brings inputs of a wide range, like
	// the toy's [-5, 5], to where tanh units don't start saturated.
	InputScale float64
	// BatchNorm puts batch normalisation before every hidden activation, as DCGAN's generator.
	BatchNorm bool
}

// Apply implements Network.
func (m MLP) Apply(ctx *context.Context, x *Node) *Node {
	if m.InputScale != 0 && m.InputScale != 1 {
		x = MulScalar(x, m.InputScale)
	}
	for i, units := range m.Hidden {
		x = Dropout(ctx, x, keepOrOne(m.KeepInput, m.KeepHidden, i))
		layerCtx := ctx.Inf("layer_%d", i)
		x = Dense{Units: units, InitRange: m.InitRange}.Apply(layerCtx, x)
		if m.BatchNorm {
			x = BatchNorm{}.Apply(layerCtx.In("batch_norm"), x)
		}
		x = m.Activation.Apply(x)
	}
	initRange := m.InitRange
	if m.OutputInitRange != 0 {
		initRange = m.OutputInitRange
	}
	x = Dropout(ctx, x, keepOrOne(m.KeepInput, m.KeepHidden, len(m.Hidden)))
	x = Dense{Units: m.Outputs, InitRange: initRange}.Apply(ctx.In("output"), x)
	return m.Output.Apply(x)
}

func (m MLP) String() string {
	init := "Glorot init"
	if m.InitRange != 0 {
		init = fmt.Sprintf("init U(±%g)", m.InitRange)
	}
	hidden := string(m.Activation)
	if m.BatchNorm {
		hidden = "batch-norm " + hidden
	}
	s := fmt.Sprintf("MLP %v %s -> %d %s, %s", m.Hidden, hidden, m.Outputs, orLinear(m.Output), init)
	if m.KeepInput != 0 || m.KeepHidden != 0 {
		s += fmt.Sprintf(", dropout keep %g/%g", keepOrOne(m.KeepInput, m.KeepHidden, 0), keepOrOne(m.KeepInput, m.KeepHidden, 1))
	}
	return s
}

func orLinear(a Activation) Activation {
	if a == "" {
		return ActLinear
	}
	return a
}

// MaxoutDiscriminator is the paper's discriminator: maxout layers, then a sigmoid unit (here its
// logit), with dropout on the input of every layer.
type MaxoutDiscriminator struct {
	Layers    []Maxout // e.g. two of 240 units x 5 pieces for MNIST
	InitRange float64  // of the final sigmoid unit
	// KeepInput is the keep-probability for D's input (the paper: .8), KeepHidden for the input of
	// every later layer (.5); zero means no dropout.
	KeepInput, KeepHidden float64
}

// Apply implements Network.
func (d MaxoutDiscriminator) Apply(ctx *context.Context, x *Node) *Node {
	for i, layer := range d.Layers {
		x = Dropout(ctx, x, keepOrOne(d.KeepInput, d.KeepHidden, i))
		x = layer.Apply(ctx.Inf("maxout_%d", i), x)
	}
	x = Dropout(ctx, x, keepOrOne(d.KeepInput, d.KeepHidden, len(d.Layers)))
	return Dense{Units: 1, InitRange: d.InitRange}.Apply(ctx.In("output"), x)
}

func (d MaxoutDiscriminator) String() string {
	s := "Maxout D"
	for _, l := range d.Layers {
		s += fmt.Sprintf(" %dx%d", l.Units, l.Pieces)
	}
	return s + fmt.Sprintf(" -> sigmoid, keep %g/%g", d.KeepInput, d.KeepHidden)
}

// MinibatchStd wraps a discriminator: it appends one feature to every sample, the standard
// deviation across the batch (per input value, averaged over the values), so that D judges a
// sample together with the spread of its batch (Karras et al. 2018). A generator that collapses
// onto a few outputs makes batches with too little spread, and D can then see it.
type MinibatchStd struct{ Network }

// Apply implements Network.
func (m MinibatchStd) Apply(ctx *context.Context, x *Node) *Node {
	return m.ApplyWithStd(ctx, x, batchSpread(x))
}

// ApplyWithStd is Apply with the batch's spread given (a scalar) instead of measured: to evaluate
// D on points that are not a batch it would see, such as a plotting grid.
func (m MinibatchStd) ApplyWithStd(ctx *context.Context, x, std *Node) *Node {
	return m.Network.Apply(ctx, appendColumn(x, std))
}

// batchSpread is the standard deviation across the batch of x [batch, n], per value, averaged
// over the values: a scalar.
func batchSpread(x *Node) *Node {
	mean := ReduceAndKeep(x, ReduceMean, 0)
	std := Sqrt(AddScalar(ReduceAndKeep(Square(Sub(x, mean)), ReduceMean, 0), 1e-6))
	return ReduceAllMean(std)
}

// appendColumn appends the scalar s to every row of x [batch, n]: [batch, n+1].
func appendColumn(x, s *Node) *Node {
	column := BroadcastToShape(Reshape(s, 1, 1), shapes.Make(x.DType(), x.Shape().Dim(0), 1))
	return Concatenate([]*Node{x, column}, -1)
}

func (m MinibatchStd) String() string {
	return fmt.Sprintf("%v, with the minibatch-std feature", m.Network)
}

// keepOrOne is the keep-probability of layer i's input: keepInput for the first, keepHidden after.
func keepOrOne(keepInput, keepHidden float64, i int) float64 {
	keep := keepHidden
	if i == 0 {
		keep = keepInput
	}
	if keep == 0 {
		return 1
	}
	return keep
}
