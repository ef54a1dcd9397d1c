package ganlib

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

func testBackend(t testing.TB) {
	t.Helper()
	if _, err := Backend(); err != nil {
		t.Fatal(err)
	}
}

// TestFastMatMulGradientsEqualStock checks that the matmul-gradient formulation of a dense layer
// (FastMatMul, AddBias) gives the same values and gradients as the plain GoMLX formulation.
func TestFastMatMulGradientsEqualStock(t *testing.T) {
	testBackend(t)
	dense := func(fast bool) func(x, w, b *Node) []*Node {
		return func(x, w, b *Node) []*Node {
			var y *Node
			if fast {
				y = AddBias(FastMatMul(x, w), b)
			} else {
				y = Add(Dot(x, w), ExpandAndBroadcast(b, []int{x.Shape().Dim(0), w.Shape().Dim(1)}, []int{0}))
			}
			// A non-linear loss so the adjoint dy is not uniform.
			loss := ReduceAllSum(Square(Tanh(y)))
			return append([]*Node{y}, Gradient(loss, x, w, b)...)
		}
	}
	x := randomTensor(7, 5, 1)
	w := randomTensor(5, 3, 2)
	b := randomTensor(3, 0, 3)
	fast := MustExecOnceN(MustBackend(), dense(true), x, w, b)
	stock := MustExecOnceN(MustBackend(), dense(false), x, w, b)
	for i, name := range []string{"y", "dx", "dw", "db"} {
		assertClose(t, name, tensors.MustCopyFlatData[float32](fast[i]), tensors.MustCopyFlatData[float32](stock[i]), 1e-5)
	}
}

func TestMaxoutAndDropout(t *testing.T) {
	testBackend(t)
	ctx := context.New().Checked(false)
	if err := ctx.SetRNGStateFromSeed(3); err != nil {
		t.Fatal(err)
	}
	x := tensors.FromShape(shapes.Make(DType, 1000, 8))
	tensors.MustMutableFlatData(x, func(flat []float32) {
		for i := range flat {
			flat[i] = 1
		}
	})
	out := context.MustExecOnceN(MustBackend(), ctx, func(ctx *context.Context, x *Node) []*Node {
		pieces := Dense{Units: 4 * 3, InitRange: 0.5}.Apply(ctx.In("maxout"), x)
		maxout := Maxout{Units: 4, Pieces: 3, InitRange: 0.5}.Apply(ctx.In("maxout").Reuse(), x)
		ctx.SetTraining(x.Graph(), true)
		dropped := Dropout(ctx, x, 0.8)
		return []*Node{pieces, maxout, dropped}
	}, x)

	// Maxout: unit u is the max of columns [3u, 3u+3) of the shared linear pieces.
	pieces := tensors.MustCopyFlatData[float32](out[0])[:12]
	maxout := tensors.MustCopyFlatData[float32](out[1])[:4]
	for u := range 4 {
		want := max(pieces[3*u], pieces[3*u+1], pieces[3*u+2])
		if maxout[u] != want {
			t.Errorf("maxout unit %d = %g, want max of its pieces %g", u, maxout[u], want)
		}
	}

	// Dropout with keep .8: about 80% kept, each kept value scaled to 1/.8.
	kept := 0
	for _, v := range tensors.MustCopyFlatData[float32](out[2]) {
		switch {
		case v == 0:
		case math.Abs(float64(v)-1.25) < 1e-6:
			kept++
		default:
			t.Fatalf("dropout produced %g, want 0 or 1.25", v)
		}
	}
	if frac := float64(kept) / 8000; math.Abs(frac-0.8) > 0.02 {
		t.Errorf("dropout kept %.3f of the inputs, want 0.8", frac)
	}
}

func randomTensor(rows, cols int, seed int) *tensors.Tensor {
	dims := []int{rows}
	n := rows
	if cols > 0 {
		dims = append(dims, cols)
		n *= cols
	}
	flat := make([]float32, n)
	for i := range flat {
		flat[i] = float32(math.Sin(float64(i*7+seed*13)) * 0.9)
	}
	return tensors.FromFlatDataAndDimensions(flat, dims...)
}

func assertClose(t *testing.T, name string, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for i := range got {
		if math.Abs(float64(got[i]-want[i])) > tol*(1+math.Abs(float64(want[i]))) {
			t.Fatalf("%s[%d] = %g, want %g", name, i, got[i], want[i])
		}
	}
}

// TestSigmoidStaysClearOfSubnormals: a saturated sigmoid unit gives exactly the floor (or one
// minus it) and a zero gradient, never the subnormal floats that slow x86 arithmetic down; in
// between it is the logistic function.
func TestSigmoidStaysClearOfSubnormals(t *testing.T) {
	testBackend(t)
	x := tensors.FromFlatDataAndDimensions([]float32{-200, -90, 0, 2, 90, 200}, 6)
	out := MustExecOnceN(MustBackend(), func(x *Node) []*Node {
		y := ActSigmoid.Apply(x)
		return []*Node{y, Gradient(ReduceAllSum(y), x)[0]}
	}, x)
	y, grad := tensors.MustCopyFlatData[float32](out[0]), tensors.MustCopyFlatData[float32](out[1])
	want := []float32{sigmoidFloor, sigmoidFloor, 0.5, float32(1 / (1 + math.Exp(-2))), 1 - sigmoidFloor, 1 - sigmoidFloor}
	for i := range want {
		if math.Abs(float64(y[i]-want[i])) > 1e-7 {
			t.Errorf("sigmoid(%g) = %g, want %g", tensors.MustCopyFlatData[float32](x)[i], y[i], want[i])
		}
		saturated := i != 2 && i != 3
		if isSubnormal(y[i]) || isSubnormal(grad[i]) || (saturated && grad[i] != 0) {
			t.Errorf("at %g: value %g, gradient %g: want no subnormals, and a zero gradient when saturated", tensors.MustCopyFlatData[float32](x)[i], y[i], grad[i])
		}
	}
}

func isSubnormal(v float32) bool { return v != 0 && math.Abs(float64(v)) < 1.1754944e-38 }
