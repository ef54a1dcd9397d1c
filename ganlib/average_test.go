package ganlib

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestGeneratorAverage follows G's variables over a few iterations and checks that the average
// is their bias-corrected exponential moving average (G itself after the first iteration), and
// that Generate draws from it.
func TestGeneratorAverage(t *testing.T) {
	testBackend(t)
	const decay = 0.8
	cfg := smallConfig()
	cfg.GeneratorAverage = decay
	cfg.Generator = MLP{Hidden: []int{16}, Activation: ActReLU, Outputs: 8, Output: ActSigmoid, BatchNorm: true}
	tr := newTestTrainer(t, cfg)
	z := randomTensor(5, cfg.NoiseDim, 9)
	before, err := tr.Generate(z) // before any iteration: G itself
	if err != nil {
		t.Fatal(err)
	}
	var history []map[string][]float32 // G's values after each iteration
	for range 4 {
		if _, err := tr.Iteration(realBatch(cfg, tr.Step)); err != nil {
			t.Fatal(err)
		}
		history = append(history, snapshot(tr.Context, GeneratorScope))
		if tr.Step == 1 {
			if !sameValues(averages(tr), history[0]) {
				t.Fatal("after one iteration the average is not G")
			}
		}
	}
	got := averages(tr)
	if len(got) != len(history[0]) || len(got) < 6 { // weights and biases of 2 layers, BN scale, offset, mean, variance
		t.Fatalf("%d averaged variables for G's %d", len(got), len(history[0]))
	}
	for name, values := range got {
		for i := range values {
			var sum, norm float64 // the EMA with weights decay^(age), normalised: its bias-corrected form
			for age, h := range slices.Backward(history) {
				w := math.Pow(decay, float64(len(history)-1-age))
				sum += w * float64(h[name][i])
				norm += w
			}
			if want := sum / norm; math.Abs(float64(values[i])-want) > 1e-5*(1+math.Abs(want)) {
				t.Fatalf("average of %s[%d] = %g, want %g", name, i, values[i], want)
			}
		}
	}
	if sameValues(got, history[len(history)-1]) {
		t.Fatal("the average equals G's last values")
	}
	after, err := tr.Generate(z)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(tensors.MustCopyFlatData[float32](before), tensors.MustCopyFlatData[float32](after)) {
		t.Error("Generate gives the same samples after 4 iterations")
	}
}

// averages returns the averaged variables, named as G's twins (see snapshot).
func averages(tr *Trainer) map[string][]float32 {
	out := map[string][]float32{}
	for name, v := range snapshot(tr.Context, averageScope) {
		out[strings.Replace(name, "/"+averageScope, "/"+GeneratorScope, 1)] = v
	}
	return out
}
