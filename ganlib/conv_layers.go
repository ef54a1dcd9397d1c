package ganlib

import (
	"fmt"
	"math"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX's own examples import graph this way.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Conv is a 2-D convolution layer on images [batch, height, width, channels]: Filters output
// channels, a Kernel x Kernel window moved by Stride (0 means 1), Padding zeros on every side, and
// one bias per output channel. As Dense: with InitRange set, weights and biases are drawn from
// U(-InitRange, InitRange) (pylearn2's `irange`); with 0, weights from Glorot and Bengio's uniform
// range over the kernel's fan-in and fan-out, and biases start at zero.
type Conv struct {
	Filters, Kernel, Stride, Padding int
	InitRange                        float64
}

// Apply builds the layer in ctx's current scope, creating (or reusing) "weights" [Kernel, Kernel,
// inChannels, Filters] and "biases" [Filters].
func (c Conv) Apply(ctx *context.Context, x *Node) *Node {
	kernel := kernelVariable(ctx, x, c.Kernel, x.Shape().Dim(-1), c.Filters, c.InitRange)
	y := Convolve2D(x, kernel, max(c.Stride, 1), c.Padding)
	b := biasVariable(ctx, x, c.InitRange, c.Filters)
	return addPerChannel(y, b)
}

func (c Conv) String() string {
	return fmt.Sprintf("conv %dx%d/%d pad %d -> %d%s", c.Kernel, c.Kernel, max(c.Stride, 1), c.Padding, c.Filters, initString(c.InitRange))
}

// Deconv is a transposed convolution layer (see ConvTranspose2D), the paper's "deconvolutional"
// generator layer: Filters output channels, a Kernel x Kernel window, output pixels Stride apart
// per input pixel (0 means 1) and Padding rows and columns cropped from every side. Biases are
// one per output channel, or, with UntiedBias (pylearn2's tied_b: 0, as in the paper's
// generator), one per output value. Initialisation as Conv.
type Deconv struct {
	Filters, Kernel, Stride, Padding int
	InitRange                        float64
	UntiedBias                       bool
}

// Apply builds the layer in ctx's current scope, creating (or reusing) "weights" [Kernel, Kernel,
// inChannels, Filters] and "biases" ([Filters], or [height, width, Filters] when untied).
func (d Deconv) Apply(ctx *context.Context, x *Node) *Node {
	kernel := kernelVariable(ctx, x, d.Kernel, x.Shape().Dim(-1), d.Filters, d.InitRange)
	y := ConvTranspose2D(x, kernel, max(d.Stride, 1), d.Padding)
	if !d.UntiedBias {
		return addPerChannel(y, biasVariable(ctx, x, d.InitRange, d.Filters))
	}
	dims := y.Shape().Dimensions
	b := biasVariable(ctx, x, d.InitRange, dims[1], dims[2], dims[3])
	flat := Reshape(y, dims[0], dims[1]*dims[2]*dims[3])
	return Reshape(AddBias(flat, Reshape(b, dims[1]*dims[2]*dims[3])), dims...)
}

func (d Deconv) String() string {
	bias := ""
	if d.UntiedBias {
		bias = ", untied biases"
	}
	return fmt.Sprintf("deconv %dx%d/%d crop %d -> %d%s%s", d.Kernel, d.Kernel, max(d.Stride, 1), d.Padding, d.Filters, bias, initString(d.InitRange))
}

// ConvMaxout is pylearn2's MaxoutConvC01B, the layer of the paper's convolutional discriminator:
// a convolution (stride 1) with Units x Pieces output channels, each unit the maximum of its
// Pieces channels (channels [u*Pieces, (u+1)*Pieces) are unit u's), then, when Pool is set,
// max-pooling over Pool x Pool windows PoolStride apart (see MaxPool2D).
type ConvMaxout struct {
	Units, Pieces, Kernel, Padding int
	Pool, PoolStride               int
	InitRange                      float64
}

// Apply builds the layer in ctx's current scope ("weights" and "biases" as Conv's).
func (m ConvMaxout) Apply(ctx *context.Context, x *Node) *Node {
	if m.Pieces < 1 {
		panic(fmt.Sprintf("ConvMaxout needs at least one piece, got %d", m.Pieces))
	}
	y := Conv{Filters: m.Units * m.Pieces, Kernel: m.Kernel, Padding: m.Padding, InitRange: m.InitRange}.Apply(ctx, x)
	dims := y.Shape().Dimensions
	y = ReduceMax(Reshape(y, dims[0]*dims[1]*dims[2], m.Units, m.Pieces), -1)
	y = Reshape(y, dims[0], dims[1], dims[2], m.Units)
	if m.Pool > 0 {
		y = MaxPool2D(y, m.Pool, max(m.PoolStride, 1))
	}
	return y
}

func (m ConvMaxout) String() string {
	s := fmt.Sprintf("conv-maxout %dx%d pad %d -> %d units x %d pieces", m.Kernel, m.Kernel, m.Padding, m.Units, m.Pieces)
	if m.Pool > 0 {
		s += fmt.Sprintf(", max-pool %dx%d/%d", m.Pool, m.Pool, max(m.PoolStride, 1))
	}
	return s + initString(m.InitRange)
}

// kernelVariable creates (or reuses) the "weights" [k, k, in, out] of a convolution layer.
func kernelVariable(ctx *context.Context, x *Node, k, in, out int, initRange float64) *Node {
	if k < 1 || out < 1 {
		panic(fmt.Sprintf("a convolution layer needs a kernel size and a number of filters, got %d and %d", k, out))
	}
	limit := initRange
	if limit == 0 {
		limit = math.Sqrt(6 / float64(k*k*in+k*k*out))
	}
	return ctx.WithInitializer(initializers.RandomUniformFn(ctx, -limit, limit)).
		VariableWithShape("weights", shapes.Make(x.DType(), k, k, in, out)).ValueGraph(x.Graph())
}

// biasVariable creates (or reuses) "biases" of the given dimensions: U(±initRange), or zeros.
func biasVariable(ctx *context.Context, x *Node, initRange float64, dims ...int) *Node {
	init := initializers.Zero
	if initRange != 0 {
		init = initializers.RandomUniformFn(ctx, -initRange, initRange)
	}
	return ctx.WithInitializer(init).VariableWithShape("biases", shapes.Make(x.DType(), dims...)).ValueGraph(x.Graph())
}

// addPerChannel adds b [channels] to every pixel of y [batch, height, width, channels], through
// AddBias's explicit broadcast (the pure-Go backend's fast path).
func addPerChannel(y, b *Node) *Node {
	dims := y.Shape().Dimensions
	return Reshape(AddBias(Reshape(y, dims[0]*dims[1]*dims[2], dims[3]), b), dims...)
}

func initString(initRange float64) string {
	if initRange == 0 {
		return ""
	}
	return fmt.Sprintf(", init U(±%g)", initRange)
}
