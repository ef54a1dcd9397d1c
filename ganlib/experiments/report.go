package experiments

import (
	"fmt"
	"strings"
	"time"

	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/adversarial-nets/gan/ganlib"
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
	Parzen          eval.ParzenResult
	ParzenSamples   int
	Generator       string
	Discriminator   string
	Optimizers      string
	BatchSize       int
	// Data says where the images came from and how they were preprocessed, when that matters
	// (CIFAR-10: the official release or lossy JPEG copies; global contrast normalisation).
	Data string `json:",omitempty"`

	// Optional measures, filled in by the caller between NewReport and SaveReport.
	References []Row             `json:",omitempty"` // reference rows under the same protocol
	Classifier *ClassifierScores `json:",omitempty"` // modern metrics
}

// PaperRows are Table 1's MNIST rows (Parzen log-likelihood, standard error).
var PaperRows = []struct {
	Model          string
	Mean, StdError float64
}{
	{"DBN", 138, 2}, {"Stacked CAE", 121, 1.6}, {"Deep GSN", 214, 1.1}, {"Adversarial nets (the paper)", 225, 2},
}

// WriteReport evaluates the run and writes report.md and report.json in its folder.
func (r *Run) WriteReport() (Report, error) {
	rep, err := r.NewReport()
	if err != nil {
		return rep, err
	}
	return rep, r.SaveReport(rep)
}

// NewReport evaluates the run (its Parzen row) without writing anything.
func (r *Run) NewReport() (Report, error) {
	parzen, err := r.Parzen()
	if err != nil {
		return Report{}, fmt.Errorf("Parzen evaluation: %w", err)
	}
	cfg := r.Trainer.Config
	rep := Report{
		Dataset: r.Dataset, Config: r.Config, Seed: r.Seed, Steps: r.Trainer.Step,
		WallTime: r.WallTime.Round(time.Second).String(), Backend: ganlib.DefaultBackendInfo().Config,
		Parzen: parzen, ParzenSamples: r.parzenSamples(),
		Generator: fmt.Sprint(cfg.Generator), Discriminator: fmt.Sprint(cfg.Discriminator),
		Optimizers: fmt.Sprintf("D: %v; G: %v", cfg.DOptimizer, cfg.GOptimizer),
		BatchSize:  cfg.BatchSize,
		Data:       r.Data.Describe(),
	}
	return rep, nil
}

// SaveReport writes rep as report.md and report.json in the run's folder.
func (r *Run) SaveReport(rep Report) error {
	if err := writeJSON(r.Out+"/report.json", rep); err != nil {
		return err
	}
	return writeFileAtomic(r.Out+"/report.md", []byte(rep.Markdown()))
}

// Markdown is the report as a page: this run's row beside the paper's Table 1.
func (rep Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s, configuration %q\n\n", rep.Dataset, rep.Config)
	fmt.Fprintf(&b, "Parzen-window log-likelihood of %d test images (the paper's protocol: %d samples from G, sigma from logspace(-1, 0, 10) chosen on %d validation images).\n\n",
		rep.Parzen.N, rep.ParzenSamples, ParzenValidation)
	if rep.Dataset == "mnist" {
		b.WriteString("| Model | MNIST log-likelihood |\n|---|---|\n")
		for _, row := range PaperRows {
			fmt.Fprintf(&b, "| %s | %.0f ± %.1f |\n", row.Model, row.Mean, row.StdError)
		}
	} else {
		fmt.Fprintf(&b, "The paper's Table 1 has no %s column: there is no published number to compare with.\n\n", rep.Dataset)
		fmt.Fprintf(&b, "| Model | %s log-likelihood |\n|---|---|\n", rep.Dataset)
	}
	fmt.Fprintf(&b, "| **this run** (%s) | **%.1f ± %.1f** |\n", rep.Config, rep.Parzen.Mean, rep.Parzen.StdErr)
	for _, row := range rep.References {
		fmt.Fprintf(&b, "| *reference:* %s | %.1f ± %.1f (sigma %.3g) |\n", row.Model, row.Parzen.Mean, row.Parzen.StdErr, row.Parzen.Sigma)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "- sigma: %.4g\n- steps: %d (batch %d)\n- wall time: %s\n- backend: %s\n- seed: %d\n", rep.Parzen.Sigma, rep.Steps, rep.BatchSize, rep.WallTime, rep.Backend, rep.Seed)
	if rep.Data != "" {
		fmt.Fprintf(&b, "- data: %s\n", rep.Data)
	}
	fmt.Fprintf(&b, "- generator: %s\n- discriminator: %s\n- optimizers: %s\n", rep.Generator, rep.Discriminator, rep.Optimizers)
	if c := rep.Classifier; c != nil {
		fmt.Fprintf(&b, "\n## In an MNIST classifier's eyes\n\nAn MLP classifier of test accuracy %.2f%%; %d images per measure.\n\n", 100*c.ClassifierAccuracy, c.Samples)
		b.WriteString("| | Fréchet distance to the test set (features of the last hidden layer) | classifier score exp(E KL(p(y\\|x) ‖ p(y))) |\n|---|---|---|\n")
		fmt.Fprintf(&b, "| **this run** | **%.2f** | **%.3f** |\n", c.FrechetG, c.ScoreG)
		fmt.Fprintf(&b, "| real images (training images; the test set for the score) | %.2f | %.3f |\n", c.FrechetReal, c.ScoreTest)
	}
	return b.String()
}
