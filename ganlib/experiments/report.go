package experiments

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/datasets"
	"github.com/adversarial-nets/gan/ganlib/eval"
)

// ParzenSamples and ParzenValidation are the sizes of the paper's protocol (parzen_ll.py): 10,000
// samples from G, sigma chosen on the first 1,000 validation images.
const (
	ParzenSamples    = 10_000
	ParzenValidation = 1_000
)

// Parzen evaluates the generator by the paper's protocol on the test set.
func (r *Run) Parzen() (eval.ParzenResult, error) {
	test := r.Data.Test
	if r.ParzenSize > 0 { // a smaller protocol, for tests only
		test = test.Slice(0, min(r.ParzenSize, test.N))
	}
	samples, err := r.Trainer.Sample(r.parzenSamples())
	if err != nil {
		return eval.ParzenResult{}, err
	}
	valid := r.Data.Valid.Slice(0, min(ParzenValidation, r.Data.Valid.N))
	return eval.EvaluateParzen(r.Backend, tensors.MustCopyFlatData[float32](samples), valid.Data, test.Data, r.Data.Train.Dim())
}

// ParzenFolds evaluates the generator by the paper's TFD protocol, fold by fold: for each of the
// five folds, sigma chosen on all of the fold's validation images (parzen_ll.py reads TFD's valid
// split whole, where it takes MNIST's first 1,000), then the mean log-likelihood of its test
// images; combined as the mean over the folds and the standard error across them. One window on
// ParzenSamples samples from G serves every fold (see eval.EvaluateParzenFolds for why, and how
// the authors differed). It needs the whole database: only TFD runs have folds.
func (r *Run) ParzenFolds() (eval.ParzenFoldsResult, error) {
	tfd := r.Data.TFD
	if tfd == nil {
		return eval.ParzenFoldsResult{}, fmt.Errorf("%s has no folds to evaluate: only TFD is measured fold by fold", r.Data.Name)
	}
	folds := make([]eval.ParzenFold, datasets.TFDFolds)
	for f := range folds {
		valid, err := tfd.Split(f, datasets.TFDValid)
		if err != nil {
			return eval.ParzenFoldsResult{}, err
		}
		test, err := tfd.Split(f, datasets.TFDTest)
		if err != nil {
			return eval.ParzenFoldsResult{}, err
		}
		if r.ParzenSize > 0 { // a smaller protocol, for tests only
			test = test.Slice(0, min(r.ParzenSize, test.N))
		}
		if valid.N == 0 || test.N == 0 {
			return eval.ParzenFoldsResult{}, fmt.Errorf("TFD fold %d has %d valid and %d test images: the protocol needs both", f, valid.N, test.N)
		}
		folds[f] = eval.ParzenFold{Validation: valid.Data, Test: test.Data}
	}
	samples, err := r.Trainer.Sample(r.parzenSamples())
	if err != nil {
		return eval.ParzenFoldsResult{}, err
	}
	return eval.EvaluateParzenFolds(r.Backend, tensors.MustCopyFlatData[float32](samples), folds, r.Data.Train.Dim())
}

func (r *Run) parzenSamples() int {
	if r.ParzenSize > 0 {
		return r.ParzenSize
	}
	return ParzenSamples
}

// Report is what report.md and report.json say about a run.
type Report struct {
	Dataset, Config string
	Seed            int64
	Steps           int
	WallTime        string
	Backend         string
	// Parzen is the run's row of Table 1. For a data set measured fold by fold (TFD) it combines
	// ParzenFolds: Mean is the mean over the folds, StdErr the standard error across them, N the
	// test images of all folds, and Sigma 0, each fold having chosen its own.
	Parzen        eval.ParzenResult
	ParzenFolds   []eval.ParzenResult `json:",omitempty"` // TFD: each fold's result, fold 0 first
	ParzenSamples int
	Generator     string
	Discriminator string
	Optimizers    string
	// GeneratorAverage is the decay of the average of G's weights the samples came from (0: G's
	// own weights); see ganlib.Config.GeneratorAverage.
	GeneratorAverage float64 `json:",omitempty"`
	// InstanceNoise says how much noise D's inputs had during training (see
	// ganlib.Config.InstanceNoise); "" when none.
	InstanceNoise string `json:",omitempty"`
	BatchSize     int
	// Data says where the images came from and how they were preprocessed, when that matters
	// (CIFAR-10: the official release or lossy JPEG copies; global contrast normalisation; TFD:
	// the user's file).
	Data string `json:",omitempty"`

	// Optional measures, filled in by the caller between NewReport and SaveReport.
	References []Row             `json:",omitempty"` // reference rows under the same protocol
	Classifier *ClassifierScores `json:",omitempty"` // modern metrics
}

// PaperRow is a row of the paper's Table 1: a model's Parzen log-likelihood and its standard error.
type PaperRow struct {
	Model          string
	Mean, StdError float64
}

// PaperRows are Table 1's MNIST rows.
var PaperRows = []PaperRow{
	{"DBN", 138, 2}, {"Stacked CAE", 121, 1.6}, {"Deep GSN", 214, 1.1}, {"Adversarial nets (the paper)", 225, 2},
}

// PaperTFDRows are Table 1's TFD rows: means over the five folds, standard errors across them.
var PaperTFDRows = []PaperRow{
	{"DBN", 1909, 66}, {"Stacked CAE", 2110, 50}, {"Deep GSN", 1890, 29}, {"Adversarial nets (the paper)", 2057, 26},
}

// WriteReport evaluates the run and writes report.md and report.json in its folder.
func (r *Run) WriteReport() (Report, error) {
	rep, err := r.NewReport()
	if err != nil {
		return rep, err
	}
	return rep, r.SaveReport(rep)
}

// NewReport evaluates the run (its Parzen row; TFD's fold by fold) without writing anything.
func (r *Run) NewReport() (Report, error) {
	parzen, folds, err := r.parzenRow()
	if err != nil {
		return Report{}, fmt.Errorf("Parzen evaluation: %w", err)
	}
	cfg := r.Trainer.Config
	rep := Report{
		Dataset: r.Dataset, Config: r.Config, Seed: r.Seed, Steps: r.Trainer.Step,
		WallTime: r.WallTime.Round(time.Second).String(), Backend: ganlib.DefaultBackendInfo().Config,
		Parzen: parzen, ParzenFolds: folds, ParzenSamples: r.parzenSamples(),
		Generator: fmt.Sprint(cfg.Generator), Discriminator: fmt.Sprint(cfg.Discriminator),
		Optimizers:       fmt.Sprintf("D: %v; G: %v", cfg.DOptimizer, cfg.GOptimizer),
		GeneratorAverage: cfg.GeneratorAverage,
		InstanceNoise:    describeInstanceNoise(cfg.InstanceNoise, r.Trainer.Step),
		BatchSize:        cfg.BatchSize,
		Data:             r.Data.Describe(),
	}
	return rep, nil
}

// describeInstanceNoise says what a run's instance noise was, from its start to step last.
func describeInstanceNoise(noise ganlib.Schedule, last int) string {
	if noise == nil {
		return ""
	}
	return fmt.Sprintf("Gaussian, standard deviation %.3g in the first iteration, %.3g in the last (%d)", noise(0), noise(max(last-1, 0)), last)
}

// parzenRow is the run's Parzen result by its data set's protocol, and the folds' results when it
// has folds (see Report.Parzen).
func (r *Run) parzenRow() (eval.ParzenResult, []eval.ParzenResult, error) {
	if r.Data.TFD == nil {
		parzen, err := r.Parzen()
		return parzen, nil, err
	}
	folds, err := r.ParzenFolds()
	if err != nil {
		return eval.ParzenResult{}, nil, err
	}
	combined := eval.ParzenResult{Mean: folds.Mean, StdErr: folds.StdErr}
	for _, fold := range folds.Folds {
		combined.N += fold.N
	}
	return combined, folds.Folds, nil
}

// SaveReport writes rep as report.md and report.json in the run's folder; report.md shows the
// figures `gan figures` left there (see LinkFigures).
func (r *Run) SaveReport(rep Report) error {
	if err := writeJSON(r.Out+"/report.json", rep); err != nil {
		return err
	}
	return writeFileAtomic(r.Out+"/report.md", []byte(rep.Markdown()+figureSection(r.Out)))
}

// runFigures are the figures `gan figures` writes into a run folder, with their captions.
var runFigures = []struct{ File, Caption string }{
	{"figure2.png", "Figure 2: fair samples of G, five a row, and (highlighted) the training image nearest to the fifth"},
	{"figure3.png", "Figure 3: G(z) along straight lines between random pairs of z"},
}

const figuresHeading = "\n## Figures\n"

// figureSection is report.md's last section: the figures present in dir, or "" when none is.
func figureSection(dir string) string {
	var b strings.Builder
	for _, f := range runFigures {
		if _, err := os.Stat(filepath.Join(dir, f.File)); err == nil {
			fmt.Fprintf(&b, "\n%s.\n\n![%s](%s)\n", f.Caption, f.File, f.File)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return figuresHeading + b.String()
}

// LinkFigures updates dir/report.md, when there is one, to show the figures now in dir, replacing
// the figures section it had. `gan figures` calls it after drawing them.
func LinkFigures(dir string) error {
	path := filepath.Join(dir, "report.md")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the report: %w", err)
	}
	text, _, _ := strings.Cut(string(data), figuresHeading)
	return writeFileAtomic(path, []byte(text+figureSection(dir)))
}

// Markdown is the report as a page: this run's row beside the paper's Table 1 (for TFD, with
// each fold's result under it).
func (rep Report) Markdown() string {
	var b strings.Builder
	folds := len(rep.ParzenFolds) > 0
	fmt.Fprintf(&b, "# %s, configuration %q\n\n", rep.Dataset, rep.Config)
	if folds {
		fmt.Fprintf(&b, "Parzen-window log-likelihood by the paper's TFD protocol: one window on %d samples from G; in each of the %d folds, sigma from logspace(-1, 0, 10) chosen on the fold's validation images, then the mean over its test images (%d in all); the mean over the folds ± the standard error across them.\n\n",
			rep.ParzenSamples, len(rep.ParzenFolds), rep.Parzen.N)
	} else {
		fmt.Fprintf(&b, "Parzen-window log-likelihood of %d test images (the paper's protocol: %d samples from G, sigma from logspace(-1, 0, 10) chosen on %d validation images).\n\n",
			rep.Parzen.N, rep.ParzenSamples, ParzenValidation)
	}
	switch rep.Dataset {
	case "mnist":
		b.WriteString("| Model | MNIST log-likelihood |\n|---|---|\n")
		for _, row := range PaperRows {
			fmt.Fprintf(&b, "| %s | %.0f ± %.1f |\n", row.Model, row.Mean, row.StdError)
		}
	case "tfd":
		b.WriteString("| Model | TFD log-likelihood |\n|---|---|\n")
		for _, row := range PaperTFDRows {
			fmt.Fprintf(&b, "| %s | %.0f ± %.0f |\n", row.Model, row.Mean, row.StdError)
		}
	default:
		fmt.Fprintf(&b, "The paper's Table 1 has no %s column: there is no published number to compare with.\n\n", rep.Dataset)
		fmt.Fprintf(&b, "| Model | %s log-likelihood |\n|---|---|\n", rep.Dataset)
	}
	fmt.Fprintf(&b, "| **this run** (%s) | **%.1f ± %.1f** |\n", rep.Config, rep.Parzen.Mean, rep.Parzen.StdErr)
	for _, row := range rep.References {
		// Reference rows are computed by the one-split protocol, on fold 0 for TFD (see Data).
		model := row.Model
		if folds {
			model += ", fold 0 only"
		}
		fmt.Fprintf(&b, "| *reference:* %s | %.1f ± %.1f (sigma %.3g) |\n", model, row.Parzen.Mean, row.Parzen.StdErr, row.Parzen.Sigma)
	}
	b.WriteString("\n")
	if folds {
		b.WriteString("| Fold | sigma | test images | log-likelihood (± standard error over the fold's test images) |\n|---|---|---|---|\n")
		for f, fold := range rep.ParzenFolds {
			fmt.Fprintf(&b, "| %d | %.4g | %d | %.1f ± %.1f |\n", f, fold.Sigma, fold.N, fold.Mean, fold.StdErr)
		}
		b.WriteString("\n- sigma: chosen per fold (above)\n")
	} else {
		fmt.Fprintf(&b, "- sigma: %.4g\n", rep.Parzen.Sigma)
	}
	fmt.Fprintf(&b, "- steps: %d (batch %d)\n- wall time: %s\n- backend: %s\n- seed: %d\n", rep.Steps, rep.BatchSize, rep.WallTime, rep.Backend, rep.Seed)
	if rep.Data != "" {
		fmt.Fprintf(&b, "- data: %s\n", rep.Data)
	}
	fmt.Fprintf(&b, "- generator: %s\n- discriminator: %s\n- optimizers: %s\n", rep.Generator, rep.Discriminator, rep.Optimizers)
	if rep.GeneratorAverage > 0 {
		fmt.Fprintf(&b, "- samples from: the exponential moving average of G's weights, decay %g\n", rep.GeneratorAverage)
	}
	if rep.InstanceNoise != "" {
		fmt.Fprintf(&b, "- instance noise on D's inputs while training: %s\n", rep.InstanceNoise)
	}
	if c := rep.Classifier; c != nil {
		fmt.Fprintf(&b, "\n## In an MNIST classifier's eyes\n\nAn MLP classifier of test accuracy %.2f%%; %d images per measure.\n\n", 100*c.ClassifierAccuracy, c.Samples)
		b.WriteString("| | Fréchet distance to the test set (features of the last hidden layer) | classifier score exp(E KL(p(y\\|x) ‖ p(y))) |\n|---|---|---|\n")
		fmt.Fprintf(&b, "| **this run** | **%.2f** | **%.3f** |\n", c.FrechetG, c.ScoreG)
		fmt.Fprintf(&b, "| real images (training images; the test set for the score) | %.2f | %.3f |\n", c.FrechetReal, c.ScoreTest)
	}
	return b.String()
}
