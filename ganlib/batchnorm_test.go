package ganlib

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// TestBatchNormNormalisesAndBackpropagatesThroughTheStatistics checks BatchNorm in training mode
// against its definition in float64: the output is (x - mean) / sqrt(var + eps) per feature, the
// gradient of a loss L is (dy - mean(dy) - xhat*mean(dy*xhat)) / sqrt(var + eps) (the gradient
// through the batch's mean and variance included), and the running averages move by the momentum.
func TestBatchNormNormalisesAndBackpropagatesThroughTheStatistics(t *testing.T) {
	testBackend(t)
	const n, f = 6, 3
	x := randomTensor(n, f, 4)
	ctx := context.New().Checked(false)
	out := context.MustExecOnceN(MustBackend(), ctx, func(ctx *context.Context, x *Node) []*Node {
		ctx.SetTraining(x.Graph(), true)
		y := BatchNorm{Momentum: 0.25}.Apply(ctx.In("bn"), x)
		weights := Iota(x.Graph(), y.Shape(), 0) // a loss whose adjoint dy = row index differs by row
		loss := ReduceAllSum(Mul(y, weights))
		return []*Node{y, Gradient(loss, x)[0]}
	}, x)
	xs := tensors.MustCopyFlatData[float32](x)
	var wantY, wantGrad []float32
	var means, vars [f]float64
	for j := range f {
		var mean, variance float64
		for i := range n {
			mean += float64(xs[i*f+j]) / n
		}
		for i := range n {
			variance += math.Pow(float64(xs[i*f+j])-mean, 2) / n
		}
		means[j], vars[j] = mean, variance
	}
	wantY, wantGrad = make([]float32, n*f), make([]float32, n*f)
	for j := range f {
		std := math.Sqrt(vars[j] + batchNormEpsilon)
		var meanDy, meanDyXhat float64
		for i := range n {
			xhat := (float64(xs[i*f+j]) - means[j]) / std
			meanDy += float64(i) / n
			meanDyXhat += float64(i) * xhat / n
		}
		for i := range n {
			xhat := (float64(xs[i*f+j]) - means[j]) / std
			wantY[i*f+j] = float32(xhat)
			wantGrad[i*f+j] = float32((float64(i) - meanDy - xhat*meanDyXhat) / std)
		}
	}
	assertClose(t, "y", tensors.MustCopyFlatData[float32](out[0]), wantY, 1e-4)
	assertClose(t, "dL/dx", tensors.MustCopyFlatData[float32](out[1]), wantGrad, 1e-4)

	running := map[string][]float32{}
	for v := range ctx.In("bn").IterVariablesInScope() {
		running[v.Name()] = tensors.MustCopyFlatData[float32](v.MustValue())
	}
	for j := range f {
		if got, want := running["mean"][j], 0.25*means[j]; math.Abs(float64(got)-want) > 1e-5 {
			t.Errorf("running mean[%d] = %g, want %g", j, got, want)
		}
		if got, want := running["variance"][j], 0.75+0.25*vars[j]*n/(n-1); math.Abs(float64(got)-want) > 1e-5 {
			t.Errorf("running variance[%d] = %g, want %g", j, got, want)
		}
	}
}

// TestBatchNormInferenceUsesRunningAverages: outside training the layer normalises by its stored
// statistics, so a sample's output doesn't depend on the rest of its batch.
func TestBatchNormInferenceUsesRunningAverages(t *testing.T) {
	testBackend(t)
	ctx := context.New().Checked(false)
	apply := func(x *tensors.Tensor) []float32 {
		out := context.MustExecOnce(MustBackend(), ctx, func(ctx *context.Context, x *Node) *Node {
			return BatchNorm{}.Apply(ctx.In("bn"), x)
		}, x)
		return tensors.MustCopyFlatData[float32](out)
	}
	// Fresh running averages are mean 0 and variance 1: the output is x / sqrt(1 + eps).
	x := randomTensor(4, 2, 1)
	got := apply(x)
	for i, v := range tensors.MustCopyFlatData[float32](x) {
		if want := v / float32(math.Sqrt(1+batchNormEpsilon)); math.Abs(float64(got[i]-want)) > 1e-6 {
			t.Fatalf("inference output[%d] = %g, want %g", i, got[i], want)
		}
	}
	// The first row alone gives the same values as inside its batch.
	if single := apply(tensors.FromFlatDataAndDimensions(tensors.MustCopyFlatData[float32](x)[:2], 1, 2)); single[0] != got[0] || single[1] != got[1] {
		t.Errorf("a row alone gives %v, in its batch %v", single, got[:2])
	}
}
