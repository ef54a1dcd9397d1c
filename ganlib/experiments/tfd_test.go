package experiments

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/ml/context"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/internal/mattest"
)

// syntheticTFD writes a synthetic TFD_48x48.mat of 200 images (100 unlabelled: one batch; 20 valid
// and 20 test images in every fold) and points $GAN_TFD at it.
func syntheticTFD(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "TFD_48x48.mat")
	if err := mattest.TFDFile(path, 200); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GAN_TFD", path)
	return path
}

// TestTFDCPURun trains the cpu configuration on a synthetic TFD for two steps in two sessions (a
// resume in between), then writes its report: grey 48x48 sample grids, and the Parzen number fold
// by fold beside the paper's TFD rows.
func TestTFDCPURun(t *testing.T) {
	path := syntheticTFD(t)
	opts := Options{Dataset: "tfd", Config: "cpu", Seed: 2, Steps: 1, CheckpointEvery: 1, SampleEvery: 1, ParzenSize: 10, Out: t.TempDir()}
	if err := openRun(t, opts).Train(); err != nil {
		t.Fatal(err)
	}
	opts.Steps, opts.Resume = 2, true
	r := openRun(t, opts)
	if r.Trainer.Step != 1 {
		t.Fatalf("resumed at step %d, want 1", r.Trainer.Step)
	}
	if err := r.Train(); err != nil {
		t.Fatal(err)
	}
	d := r.Data
	if d.TFD == nil || d.Train.N != 100 || d.Valid.N != 20 || d.Test.N != 20 || d.Train.Dim() != 2304 || d.Train.Labels != nil {
		t.Errorf("data: TFD %v, %d/%d/%d images of %d values; want the 100 unlabelled ones to train on, fold 0's 20 valid and 20 test",
			d.TFD != nil, d.Train.N, d.Valid.N, d.Test.N, d.Train.Dim())
	}

	grid, err := os.ReadFile(filepath.Join(opts.Out, "samples", "step-00000002.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(grid))
	if err != nil {
		t.Fatal(err)
	}
	// Ten 48x48 tiles a row at scale 2, padding 1: 10*96 + 11 pixels.
	if b := img.Bounds(); b.Dx() != 971 || b.Dy() != 971 {
		t.Errorf("sample grid is %v, want 971x971", b)
	}
	if _, grey := img.(*image.Gray); !grey {
		t.Errorf("sample grid is a %T, want grey", img)
	}

	rep, err := r.WriteReport()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.ParzenFolds) != 5 || rep.Parzen.N != 5*10 || rep.Steps != 2 || rep.BatchSize != 100 {
		t.Fatalf("report: %d folds, %d test images, %d steps, batch %d; want 5 folds of 10 test images, 2 steps, batch 100",
			len(rep.ParzenFolds), rep.Parzen.N, rep.Steps, rep.BatchSize)
	}
	var sum float64
	for f, fold := range rep.ParzenFolds {
		if fold.N != 10 || fold.Sigma <= 0 || len(fold.ValidationMeans) != 10 || math.IsNaN(fold.Mean) {
			t.Errorf("fold %d: %+v", f, fold)
		}
		sum += fold.Mean
	}
	if math.Abs(rep.Parzen.Mean-sum/5) > 1e-9 || rep.Parzen.StdErr < 0 || math.IsNaN(rep.Parzen.StdErr) {
		t.Errorf("combined: mean %g ± %g, want the mean of the folds' means %g", rep.Parzen.Mean, rep.Parzen.StdErr, sum/5)
	}
	md, err := os.ReadFile(filepath.Join(opts.Out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# tfd", "| Model | TFD log-likelihood |", "| DBN | 1909 ± 66 |", "| Stacked CAE | 2110 ± 50 |",
		"| Deep GSN | 1890 ± 29 |", "| Adversarial nets (the paper) | 2057 ± 26 |", "**this run** (cpu)",
		"in each of the 5 folds", "| Fold | sigma |", "| 0 | ", "| 4 | ", "sigma: chosen per fold",
		"(batch 100)", "- data: " + path, "max col norm 1.9365", "dense 2400",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(string(md), "no tfd column") || strings.Contains(string(md), "| 225 ±") {
		t.Errorf("report.md does not compare with the paper's TFD rows:\n%s", md)
	}
	var saved Report
	if err := readJSON(filepath.Join(opts.Out, "report.json"), &saved); err != nil || len(saved.ParzenFolds) != 5 {
		data, _ := json.Marshal(saved)
		t.Errorf("report.json: %d folds, error %v: %s", len(saved.ParzenFolds), err, data)
	}
}

// TestTFDMissingFileSaysWhereToPutIt: without the user's copy, Open fails naming the path it
// looked at and $GAN_TFD, and nothing is downloaded.
func TestTFDMissingFileSaysWhereToPutIt(t *testing.T) {
	t.Setenv("GAN_TFD", "")
	dataDir := t.TempDir()
	_, err := Open(ganlib.MustBackend(), Options{Dataset: "tfd", Config: "cpu", Steps: 1, Out: t.TempDir(), DataDir: dataDir})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("error %v, want one wrapping fs.ErrNotExist", err)
	}
	for _, want := range []string{"loading TFD", filepath.Join(dataDir, "tfd", "TFD_48x48.mat"), "$GAN_TFD", "not redistributable"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// TestTFDPaperConfiguration checks the paper's TFD model: its hyperparameters, and its networks
// built (as graphs, never run: G alone holds 83 million parameters) with the right parameter count.
func TestTFDPaperConfiguration(t *testing.T) {
	cfg, err := Config("tfd", "paper", 2304, 980, 1)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BatchSize != 100 || cfg.NoiseDim != 100 || cfg.K != 1 || cfg.GeneratorLoss != ganlib.NonSaturating {
		t.Errorf("batch %d, noise %d, k %d, G loss %q; want 100, 100, 1, non-saturating", cfg.BatchSize, cfg.NoiseDim, cfg.K, cfg.GeneratorLoss)
	}
	for _, opt := range []ganlib.Optimizer{cfg.DOptimizer, cfg.GOptimizer} {
		sgd, ok := opt.(ganlib.SGD)
		if !ok {
			t.Fatalf("optimizer %v, want SGD", opt)
		}
		lr, momentum := sgd.Hyperparameters(0)
		later, rampedUp := sgd.Hyperparameters(250 * 980)
		if math.Abs(lr-0.05) > 1e-12 || momentum != 0.5 || later >= lr || math.Abs(rampedUp-0.7) > 1e-9 || sgd.MaxColNorm != 1.9365 {
			t.Errorf("%v: lr %g and momentum %g at first, %g and %g at epoch 250, max col norm %g; want lr .05 decaying, momentum .5 -> .7, 1.9365",
				sgd, lr, momentum, later, rampedUp, sgd.MaxColNorm)
		}
	}
	// G: 100*8000+8000 + 8000*8000+8000 + 8000*2304+2304; D: 2304*6000+6000 + 1200*6000+6000 + 1200+1.
	if g, d := countParameters(t, cfg); g != 83_250_304 || d != 21_037_201 {
		t.Errorf("%d parameters in G and %d in D, want 83,250,304 and 21,037,201", g, d)
	}
	// The cpu configuration is the same game, narrower: G 2400 wide, D 480 maxout units.
	cpu, err := Config("tfd", "cpu", 2304, 980, 1)
	if err != nil {
		t.Fatal(err)
	}
	// G: 100*2400+2400 + 2400*2400+2400 + 2400*2304+2304; D: 2304*2400+2400 + 480*2400+2400 + 480+1.
	if g, d := countParameters(t, cpu); g != 11_536_704 || d != 6_686_881 {
		t.Errorf("cpu: %d parameters in G and %d in D, want 11,536,704 and 6,686,881", g, d)
	}
	if cpu.DOptimizer.(ganlib.SGD).MaxColNorm != 1.9365 || cpu.BatchSize != 100 {
		t.Errorf("cpu: %v, batch %d; want the paper's SGD with max col norm, batch 100", cpu.DOptimizer, cpu.BatchSize)
	}
	if _, err := Config("tfd", "paper-conv", 2304, 980, 1); err == nil || !strings.Contains(err.Error(), "for tfd") {
		t.Errorf("paper-conv for tfd: error %v, want one naming tfd's configurations", err)
	}
	if !validConfig("tfd", "cpu") || validConfig("tfd", "paper-conv") {
		t.Error("tfd's configurations are paper and cpu")
	}
}

// countParameters builds cfg's G and D in a graph that is never compiled or run: variables get
// their shapes when a graph first uses them and their values only when it runs, so even the
// paper's 100 million parameters cost nothing here.
func countParameters(t *testing.T, cfg ganlib.Config) (g, d int) {
	t.Helper()
	ctx := context.New().Checked(false)
	gr := graph.NewGraph(ganlib.MustBackend(), "count")
	z := graph.Parameter(gr, "z", shapes.Make(ganlib.DType, 2, cfg.NoiseDim))
	x := cfg.Generator.Apply(ctx.In(ganlib.GeneratorScope), z)
	if !x.Shape().Equal(shapes.Make(ganlib.DType, 2, cfg.DataDim)) {
		t.Errorf("G makes %s, want [2 %d]", x.Shape(), cfg.DataDim)
	}
	cfg.Discriminator.Apply(ctx.In(ganlib.DiscriminatorScope), x)
	for v := range ctx.IterVariables() {
		if !v.Trainable {
			continue
		}
		switch {
		case strings.HasPrefix(v.Scope(), "/"+ganlib.GeneratorScope):
			g += v.Shape().Size()
		case strings.HasPrefix(v.Scope(), "/"+ganlib.DiscriminatorScope):
			d += v.Shape().Size()
		}
	}
	return g, d
}

func TestParzenFoldsNeedsTFD(t *testing.T) {
	r := &Run{Data: Data{Name: "mnist"}}
	if _, err := r.ParzenFolds(); err == nil || !strings.Contains(err.Error(), "only TFD") {
		t.Errorf("ParzenFolds on MNIST: error %v, want one saying only TFD has folds", err)
	}
}
