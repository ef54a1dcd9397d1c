package ganlib

import (
	"fmt"
	"strings"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX's own examples import graph this way.
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// A Layer is one step of a Sequential: Dense, Maxout, Conv, Deconv, ConvMaxout, BatchNorm, or one
// of the parameter-free steps below (ToImage, Flatten, Activate, DropoutLayer, BatchStd).
type Layer interface {
	Apply(ctx *context.Context, x *Node) *Node
}

// Sequential is a Network of layers applied in turn, layer i in scope "layer_<i>": the way to write a
// model whose layers differ in kind, such as the paper's CIFAR-10 generators (ReLU, then sigmoid,
// then a reshape to a feature map and a deconvolution).
type Sequential []Layer

// Apply implements Network.
func (s Sequential) Apply(ctx *context.Context, x *Node) *Node {
	for i, layer := range s {
		x = layer.Apply(ctx.Inf("layer_%d", i), x)
	}
	return x
}

func (s Sequential) String() string {
	parts := make([]string, len(s))
	for i, layer := range s {
		parts[i] = fmt.Sprint(layer)
	}
	return strings.Join(parts, " -> ")
}

// ToImage reshapes rows [batch, Height*Width*Channels] to images [batch, Height, Width, Channels]:
// the datasets' HWC layout, or a generator's dense layer read as a feature map.
type ToImage struct{ Height, Width, Channels int }

// Apply implements Layer.
func (t ToImage) Apply(_ *context.Context, x *Node) *Node {
	if x.Rank() != 2 || x.Shape().Dim(1) != t.Height*t.Width*t.Channels {
		panic(fmt.Sprintf("ToImage %dx%dx%d wants rows [batch, %d], got %s", t.Height, t.Width, t.Channels, t.Height*t.Width*t.Channels, x.Shape()))
	}
	return Reshape(x, x.Shape().Dim(0), t.Height, t.Width, t.Channels)
}

func (t ToImage) String() string {
	return fmt.Sprintf("reshape %dx%dx%d", t.Height, t.Width, t.Channels)
}

// Flatten reshapes [batch, ...] to rows [batch, everything else].
type Flatten struct{}

// Apply implements Layer.
func (Flatten) Apply(_ *context.Context, x *Node) *Node {
	return Reshape(x, x.Shape().Dim(0), x.Shape().Size()/x.Shape().Dim(0))
}

func (Flatten) String() string { return "flatten" }

// Activate returns the activation a as a Layer.
func Activate(a Activation) Layer { return activationLayer{a} }

type activationLayer struct{ a Activation }

func (l activationLayer) Apply(_ *context.Context, x *Node) *Node { return l.a.Apply(x) }

func (l activationLayer) String() string { return string(orLinear(l.a)) }

// DropoutLayer is Dropout as a Layer: keep each value with probability Keep, when training.
type DropoutLayer struct{ Keep float64 }

// Apply implements Layer.
func (d DropoutLayer) Apply(ctx *context.Context, x *Node) *Node { return Dropout(ctx, x, d.Keep) }

func (d DropoutLayer) String() string { return fmt.Sprintf("dropout keep %g", d.Keep) }

// BatchStd appends the minibatch-std feature (see MinibatchStd) to features [batch, n]: for a
// convolutional discriminator, after its convolutions rather than on its input.
type BatchStd struct{}

// Apply implements Layer.
func (BatchStd) Apply(_ *context.Context, x *Node) *Node { return appendColumn(x, batchSpread(x)) }

func (BatchStd) String() string { return "minibatch-std feature" }
