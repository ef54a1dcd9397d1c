package experiments

import (
	"path/filepath"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/adversarial-nets/gan/ganlib"
)

// TestShippedModelsLoad opens every trained model under models/ (what the notebooks show) with
// today's code, so that a change to a model's layers or to the checkpoint format that would break
// them fails here rather than in a reader's notebook. Each must resume at the step its report
// gives, draw pixels in [0, 1] that are not all alike, and judge them with its D.
func TestShippedModelsLoad(t *testing.T) {
	runs, err := filepath.Glob(filepath.Join("..", "..", "models", "*", "run.json"))
	if err != nil || len(runs) == 0 {
		t.Fatalf("no trained models under models/ (%v)", err)
	}
	for _, runJSON := range runs {
		dir := filepath.Dir(runJSON)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var rep Report
			if err := readJSON(filepath.Join(dir, "report.json"), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Dataset == "cifar10" {
				skipWithoutCIFAR10(t)
			}
			r, err := Load(ganlib.MustBackend(), dir, "")
			if err != nil {
				t.Fatal(err)
			}
			if r.Trainer.Step != rep.Steps {
				t.Errorf("loaded at step %d, the report says %d", r.Trainer.Step, rep.Steps)
			}
			x, err := r.Trainer.Sample(8)
			if err != nil {
				t.Fatal(err)
			}
			values := tensors.MustCopyFlatData[float32](x)
			lo, hi := values[0], values[0]
			for _, v := range values {
				lo, hi = min(lo, v), max(hi, v)
			}
			if !(lo >= 0 && hi <= 1 && hi-lo > 0.5) {
				t.Errorf("samples span [%g, %g]: want pixels in [0, 1] with contrast", lo, hi)
			}
			// D too: a discriminator that no longer fits its variables fails only when it runs.
			d, err := r.Trainer.Discriminate(x)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range tensors.MustCopyFlatData[float32](d) {
				if !(p > 0 && p < 1) {
					t.Fatalf("D(G(z)) = %g, want a probability", p)
				}
			}
		})
	}
}
