package experiments

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/datasets"
)

// skipWithoutCIFAR10 skips a test on machines with neither the official release in the data folder
// nor the JPEG copies: LoadCIFAR10 would download 163 MB.
func skipWithoutCIFAR10(t *testing.T) {
	t.Helper()
	release := filepath.Join(datasets.CIFAR10CacheDir(""), "cifar-10-batches-bin", "test_batch.bin")
	if _, err := os.Stat(release); err == nil {
		return
	}
	if _, err := os.Stat(datasets.DefaultCIFAR10JPEGArchive()); err != nil {
		t.Skipf("no CIFAR-10 here (neither %s nor %s)", release, datasets.DefaultCIFAR10JPEGArchive())
	}
}

func trainableParameters(t *ganlib.Trainer, scope string) int {
	n := 0
	for v := range t.Context.In(scope).IterVariablesInScope() {
		if v.Trainable {
			n += v.Shape().Size()
		}
	}
	return n
}

// TestCIFAR10PaperConfigurations builds the paper's two CIFAR-10 models at their true sizes, counts
// their parameters, and takes one training iteration with each at batch 2 (the models' code path,
// not their batch size: a full iteration at batch 100 takes minutes on two cores).
func TestCIFAR10PaperConfigurations(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 200 million parameters; skipped with -short")
	}
	for _, c := range []struct {
		config      string
		batch, g, d int
		lr          float64
	}{
		// G: 100*8000+8000 + 8000*8000+8000 + 8000*3072+3072; D: 3072*8000+8000 + 1600*8000+8000 + 1600+1.
		{"paper", 100, 89_395_072, 37_393_601, 0.025},
		// G: the same two dense layers + the 5x5x80x3 deconvolution and 32*32*3 untied biases;
		// D: 8*8*3*64+64 + 8*8*32*64+64 + 5*5*32*384+384 + 4800*2500+2500 + 500+1.
		{"paper-conv", 128, 64_825_072, 12_454_073, 0.004},
	} {
		cfg, err := Config("cifar10", c.config, 3072, 400, 1)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.BatchSize != c.batch {
			t.Errorf("%s: batch %d, want %d", c.config, cfg.BatchSize, c.batch)
		}
		lr, momentum := cfg.GOptimizer.Hyperparameters(0)
		later, rampedUp := cfg.GOptimizer.Hyperparameters(250 * 400)
		if math.Abs(lr-c.lr) > 1e-12 || momentum != 0.5 || later >= lr || math.Abs(rampedUp-0.7) > 1e-9 {
			t.Errorf("%s: lr %g and momentum %g at first, %g and %g at epoch 250; want the paper's %g decaying, momentum .5 -> .7",
				c.config, lr, momentum, later, rampedUp, c.lr)
		}
		cfg.BatchSize = 2
		trainer, err := ganlib.NewTrainer(ganlib.MustBackend(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		s, err := trainer.Iteration(tensors.FromFlatDataAndDimensions(make([]float32, 2*3072), 2, 3072))
		if err != nil {
			t.Fatalf("%s: %v", c.config, err)
		}
		if g, d := trainableParameters(trainer, ganlib.GeneratorScope), trainableParameters(trainer, ganlib.DiscriminatorScope); g != c.g || d != c.d {
			t.Errorf("%s: %d parameters in G and %d in D, want %d and %d", c.config, g, d, c.g, c.d)
		}
		x, err := trainer.Sample(3)
		if err != nil {
			t.Fatal(err)
		}
		if !x.Shape().Equal(shapes.Make(ganlib.DType, 3, 3072)) {
			t.Errorf("%s: samples of shape %s, want [3 3072]", c.config, x.Shape())
		}
		t.Logf("%s: %+v", c.config, s)
	}
}

// TestCIFAR10CPURun trains the cpu configuration for two steps in two sessions (a resume in
// between) and writes its report: sample grids in colour, and a report that says where the
// images came from.
func TestCIFAR10CPURun(t *testing.T) {
	skipWithoutCIFAR10(t)
	opts := Options{Dataset: "cifar10", Config: "cpu", Seed: 2, Steps: 1, CheckpointEvery: 1, SampleEvery: 1, ParzenSize: 100, Out: t.TempDir()}
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
	if r.Data.Train.N != 40000 || r.Data.Valid.N != 10000 || r.Data.Test.N != 10000 || r.Data.Preprocessing != "" {
		t.Errorf("data: %d/%d/%d images, preprocessing %q; want the paper's split of raw pixels", r.Data.Train.N, r.Data.Valid.N, r.Data.Test.N, r.Data.Preprocessing)
	}
	grid, err := os.ReadFile(filepath.Join(opts.Out, "samples", "step-00000002.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(grid))
	if err != nil {
		t.Fatal(err)
	}
	// Ten 32x32 tiles a row at scale 2, padding 1: 10*64 + 11 pixels.
	if b := img.Bounds(); b.Dx() != 651 || b.Dy() != 651 {
		t.Errorf("sample grid is %v, want 651x651", b)
	}
	if _, gray := img.(*image.Gray); gray {
		t.Error("sample grid is grey, want colour")
	}

	// Figure 2 in colour: one row of five samples and the nearest training image.
	fig2, err := r.Figure2(1)
	if err != nil {
		t.Fatal(err)
	}
	if b := fig2.Bounds(); b.Dy() != 64+2*2 || !hasColour(fig2) {
		t.Errorf("figure 2 is %v, colour %v; want one row of 64-pixel tiles, in colour", b, hasColour(fig2))
	}

	rep, err := r.WriteReport()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Parzen.N != 100 || rep.Steps != 2 || rep.BatchSize != 64 || math.IsNaN(rep.Parzen.Mean) {
		t.Errorf("report: %+v", rep)
	}
	md, err := os.ReadFile(filepath.Join(opts.Out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# cifar10", "no cifar10 column", "(batch 64)", "- data: " + r.Data.Source, "deconv 4x4/2"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(string(md), "Deep GSN") {
		t.Errorf("report.md shows the paper's MNIST rows for CIFAR-10:\n%s", md)
	}
	if !strings.Contains(r.Data.Source, "official") && !strings.Contains(r.Data.Source, "JPEG copies") {
		t.Errorf("data source %q says neither", r.Data.Source)
	}
}

// hasColour reports whether some pixel of img is not grey.
func hasColour(img image.Image) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r != g || g != bl {
				return true
			}
		}
	}
	return false
}

func TestGlobalContrastNormalizedDataIsDrawnPerImage(t *testing.T) {
	images := datasets.Images{N: 2, Height: 1, Width: 2, Channels: 1, Data: []float32{0.2, 0.6, 0.5, 0.5}}
	data := Data{Name: "test", Train: images, Valid: images, Test: images}
	if got := data.Displayable([][]float32{{0.2, 0.6}}); got[0][0] != 0.2 {
		t.Errorf("pixels were changed for display: %v", got)
	}
	gcn := data.GlobalContrastNormalized(55)
	if !strings.Contains(gcn.Describe(), "scale 55") || math.Abs(float64(gcn.Test.Row(0)[1])-55/math.Sqrt2) > 1e-3 {
		t.Errorf("normalised: %q, test row %v", gcn.Describe(), gcn.Test.Row(0))
	}
	shown := gcn.Displayable([][]float32{gcn.Train.Row(0), gcn.Train.Row(1), {-3, 1.5}})
	want := [][]float32{{0, 1}, {0.5, 0.5}, {0, 0.75}} // -x, x; a constant image; max |x| = 3
	for i := range want {
		for j := range want[i] {
			if math.Abs(float64(shown[i][j]-want[i][j])) > 1e-6 {
				t.Errorf("image %d shown as %v, want %v", i, shown[i], want[i])
			}
		}
	}
}

func TestCIFAR10ConfigNames(t *testing.T) {
	for _, name := range []string{"paper", "paper-conv", "cpu"} {
		cfg, err := Config("cifar10", name, 3072, 400, 1)
		if err != nil || cfg.DataDim != 3072 || cfg.NoiseDim != 100 {
			t.Errorf("%s: %+v, %v", name, cfg, err)
		}
		if usesGCN("cifar10", name) != (name != "cpu") {
			t.Errorf("%s: uses GCN %v", name, usesGCN("cifar10", name))
		}
	}
	if _, err := Config("cifar10", "no-such", 3072, 400, 1); err == nil || !strings.Contains(err.Error(), "paper-conv") {
		t.Errorf("unknown configuration: error %v, want one listing the valid names", err)
	}
	if validConfig("mnist", "paper-conv") || !validConfig("cifar10", "paper-conv") {
		t.Error("paper-conv is a CIFAR-10 configuration only")
	}
}
