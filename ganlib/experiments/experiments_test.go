package experiments

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/adversarial-nets/gan/ganlib"
)

func openRun(t *testing.T, opts Options) *Run {
	t.Helper()
	r, err := Open(ganlib.MustBackend(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestKilledRunResumesToTheSameResult trains MNIST with the cpu configuration, "kills" the run
// after a checkpoint, resumes it in a new Run and compares with an uninterrupted run.
func TestKilledRunResumesToTheSameResult(t *testing.T) {
	base := Options{Dataset: "mnist", Config: "cpu", Seed: 3, CheckpointEvery: 2, SampleEvery: 2, ParzenSize: 200}

	whole := base
	whole.Out, whole.Steps = t.TempDir(), 5
	uninterrupted := openRun(t, whole)
	if err := uninterrupted.Train(); err != nil {
		t.Fatal(err)
	}

	killed := base
	killed.Out, killed.Steps = t.TempDir(), 3 // checkpoint at step 2; step 3 is lost with the process
	first := openRun(t, killed)
	if err := first.Train(); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(killed.Out, "checkpoints", "step-00000003")); err != nil {
		t.Fatal(err)
	}
	resumed := killed
	resumed.Steps, resumed.Resume = 5, true
	second := openRun(t, resumed)
	if second.Trainer.Step != 2 {
		t.Fatalf("resumed at step %d, want 2", second.Trainer.Step)
	}
	if err := second.Train(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(uninterrupted.Trainer.History.GLoss, second.Trainer.History.GLoss) ||
		!slices.Equal(uninterrupted.Trainer.History.DLoss, second.Trainer.History.DLoss) {
		t.Errorf("resumed run differs:\n%v\n%v", uninterrupted.Trainer.History.GLoss, second.Trainer.History.GLoss)
	}
	for _, name := range []string{"samples/step-00000002.png", "samples/step-00000004.png", "run.json"} {
		if _, err := os.Stat(filepath.Join(resumed.Out, name)); err != nil {
			t.Errorf("missing %s: %v", name, err)
		}
	}

	rep, err := second.WriteReport()
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(resumed.Out, "report.md"))
	if err != nil || !strings.Contains(string(md), "Deep GSN") || !strings.Contains(string(md), "this run") ||
		!strings.Contains(string(md), "instance noise on D's inputs while training: Gaussian, standard deviation 0.8 in the first iteration") {
		t.Errorf("report.md: %v\n%s", err, md)
	}
	if rep.Parzen.N != 200 || rep.Steps != 5 || rep.Parzen.Sigma <= 0 {
		t.Errorf("report: %+v", rep)
	}
}

func TestResumeRefusesAnotherRunsFolder(t *testing.T) {
	opts := Options{Dataset: "mnist", Config: "cpu", Seed: 1, Steps: 1, CheckpointEvery: 1, Out: t.TempDir()}
	if err := openRun(t, opts).Train(); err != nil {
		t.Fatal(err)
	}
	opts.Seed, opts.Resume = 2, true
	if _, err := Open(ganlib.MustBackend(), opts); err == nil || !strings.Contains(err.Error(), "seed") {
		t.Errorf("want an error naming the seed mismatch, got %v", err)
	}
}

// TestPaperConfigurationSteps builds the authors' MNIST model and takes a step with it.
func TestPaperConfigurationSteps(t *testing.T) {
	r := openRun(t, Options{Dataset: "mnist", Config: "paper", Steps: 1, Out: t.TempDir()})
	if err := r.Train(); err != nil {
		t.Fatal(err)
	}
	var params int
	for v := range r.Trainer.Context.IterVariables() {
		if v.Trainable {
			params += v.Shape().Size()
		}
	}
	// G: 100*1200+1200 + 1200*1200+1200 + 1200*784+784; D: 784*1200+1200 + 240*1200+1200 + 240+1.
	if want := 2_503_984 + 1_231_441; params != want {
		t.Errorf("paper models have %d trainable parameters, want %d", params, want)
	}
}

func TestBadOptionsAreErrors(t *testing.T) {
	for _, opts := range []Options{
		{Dataset: "mnist", Config: "gpu-monster", Steps: 1},
		{Dataset: "svhn", Config: "cpu", Steps: 1},
		{Dataset: "mnist", Config: "cpu", Steps: -1},
	} {
		opts.Out = t.TempDir()
		if _, err := Open(ganlib.MustBackend(), opts); err == nil {
			t.Errorf("%+v: want an error", opts)
		}
	}
}
