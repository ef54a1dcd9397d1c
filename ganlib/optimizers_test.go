package ganlib

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestSGDMaxColNorm: with MaxColNorm, a weight column longer than the bound is scaled back to it
// after the update, a shorter one is left as the update made it, and biases are never touched.
func TestSGDMaxColNorm(t *testing.T) {
	testBackend(t)
	ctx := context.New().Checked(false)
	net := ctx.In("net")
	// Columns (3, 4, 0), of norm 5, and (0.5, 0, 0); biases far beyond the bound.
	weights := net.VariableWithValue("weights", tensors.FromFlatDataAndDimensions([]float32{3, 0.5, 4, 0, 0, 0}, 3, 2))
	biases := net.VariableWithValue("biases", []float32{10, -10})
	grads := map[string][]float32{"weights": {0, 0, 0, 0, 0, 1}, "biases": {1, 1}}
	opt := SGD{LearningRate: Constant(0.1), MaxColNorm: 2}
	context.MustExecOnceN(MustBackend(), ctx, func(ctx *context.Context, lr, momentum *Node) []*Node {
		vars := []*context.Variable{weights, biases}
		var gradNodes []*Node
		for _, v := range vars {
			gradNodes = append(gradNodes, Const(lr.Graph(), tensors.FromFlatDataAndDimensions(grads[v.Name()], v.Shape().Dimensions...)))
		}
		opt.Update(ctx.In("optimizer"), vars, gradNodes, lr, momentum)
		return []*Node{lr}
	}, float32(0.1), float32(0))
	// Column 0 is (3, 4, 0) scaled to norm 2; column 1 became (0.5, 0, -0.1), of norm < 2.
	want := []float64{1.2, 0.5, 1.6, 0, 0, -0.1}
	got := tensors.MustCopyFlatData[float32](weights.MustValue())
	for i := range want {
		if math.Abs(float64(got[i])-want[i]) > 1e-5 {
			t.Fatalf("weights after the update: %v, want %v", got, want)
		}
	}
	if b := tensors.MustCopyFlatData[float32](biases.MustValue()); math.Abs(float64(b[0])-9.9) > 1e-5 || math.Abs(float64(b[1])+10.1) > 1e-5 {
		t.Errorf("biases after the update: %v, want [9.9 -10.1]: not constrained", b)
	}
	if s := opt.String(); s != "SGD lr 0.1 momentum 0 (at step 0), max col norm 2" {
		t.Errorf("String() = %q", s)
	}
}
