package main

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/eval"
	"github.com/adversarial-nets/gan/ganlib/experiments"
	"github.com/adversarial-nets/gan/ganlib/toy"
)

func init() {
	register(command{
		name:    "bench",
		summary: "time a paper MNIST training step, the 1-D toy and the Parzen evaluation on the current backend",
		setup:   setupBench,
	})
}

// benchNames are the benchmarks -only can choose, in the order they run.
var benchNames = []string{"paper", "toy", "parzen"}

// benchSizes are the sizes of a run: the real ones, or a few seconds' worth with -quick.
type benchSizes struct {
	paperConfig  string // experiments.Config name of the MNIST model
	paperSteps   int
	toyIters     int
	parzenRows   int // samples and test points alike
	label        string
	parzenSigmas []int // how many of eval.PaperSigmas to evaluate at once
}

func fullSizes(steps int) benchSizes {
	return benchSizes{paperConfig: "paper", paperSteps: steps, toyIters: 10_000, parzenRows: 10_000, parzenSigmas: []int{1, 10}}
}

// quickSizes shrink every benchmark for a smoke test; its rows say "quick" so that nobody takes
// them for the real numbers.
func quickSizes() benchSizes {
	return benchSizes{paperConfig: "cpu", paperSteps: 1, toyIters: 100, parzenRows: 500, parzenSigmas: []int{1, 10}, label: "quick "}
}

// benchRow is one line of the table.
type benchRow struct {
	Name, Config string
	Steps        int           // timed steps (training iterations, or 1 for a whole Parzen evaluation)
	PerStep      time.Duration // the median step for the paper model, the mean otherwise
	Samples      int           // examples one step processes, for the throughput column
}

func (r benchRow) samplesPerSecond() float64 { return float64(r.Samples) / r.PerStep.Seconds() }

func setupBench(fs *flag.FlagSet) func() error {
	only := fs.String("only", strings.Join(benchNames, ","), "comma-separated benchmarks to run: "+strings.Join(benchNames, ", "))
	steps := fs.Int("steps", 10, "timed MNIST paper steps (after one that compiles); the median is reported")
	quick := fs.Bool("quick", false, "tiny sizes, a smoke test (rows are labelled quick)")
	csv := fs.Bool("csv", false, "print comma-separated values instead of a table (for bench/side_by_side.sh)")
	return func() error {
		names, err := parseOnly(*only)
		if err != nil {
			return err
		}
		if *steps < 1 {
			return badValue("-steps must be at least 1, got %d", *steps)
		}
		sizes := fullSizes(*steps)
		if *quick {
			sizes = quickSizes()
		}
		backend, err := ganlib.Backend()
		if err != nil {
			return err
		}
		rows, err := runBenchmarks(backend, names, sizes)
		if err != nil {
			return err
		}
		printBench(rows, ganlib.DefaultBackendInfo().Config, *csv)
		return nil
	}
}

func parseOnly(only string) ([]string, error) {
	var names []string
	for name := range strings.SplitSeq(only, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(benchNames, name) {
			return nil, badValue("-only: unknown benchmark %q (valid: %s)", name, strings.Join(benchNames, ", "))
		}
		names = append(names, name)
	}
	return names, nil
}

func runBenchmarks(backend backends.Backend, names []string, sizes benchSizes) ([]benchRow, error) {
	var rows []benchRow
	for _, name := range benchNames {
		if !slices.Contains(names, name) {
			continue
		}
		var got []benchRow
		var err error
		switch name {
		case "paper":
			got, err = benchPaper(backend, sizes)
		case "toy":
			got, err = benchToy(backend, sizes)
		case "parzen":
			got, err = benchParzen(backend, sizes)
		}
		if err != nil {
			return nil, fmt.Errorf("benchmark %s: %w", name, err)
		}
		rows = append(rows, got...)
	}
	return rows, nil
}

// benchPaper times Trainer.Iteration of the MNIST model, one D step and one G step on a random
// batch, after a first iteration that compiles the graph.
func benchPaper(backend backends.Backend, sizes benchSizes) ([]benchRow, error) {
	cfg, err := experiments.Config("mnist", sizes.paperConfig, 784, 600, 1)
	if err != nil {
		return nil, err
	}
	trainer, err := ganlib.NewTrainer(backend, cfg)
	if err != nil {
		return nil, err
	}
	batch := tensors.FromFlatDataAndDimensions(randomRows(1, cfg.BatchSize, cfg.DataDim), cfg.BatchSize, cfg.DataDim)
	if _, err := trainer.Iteration(batch); err != nil {
		return nil, err
	}
	times := make([]time.Duration, sizes.paperSteps)
	for i := range times {
		start := time.Now()
		if _, err := trainer.Iteration(batch); err != nil {
			return nil, err
		}
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	return []benchRow{{
		Name: "mnist-step", Config: fmt.Sprintf("%s%s: 1 D + 1 G step; batch %d; dropout", sizes.label, sizes.paperConfig, cfg.BatchSize),
		Steps: len(times), PerStep: times[len(times)/2], Samples: cfg.BatchSize,
	}}, nil
}

// benchToy times the toy's training loop end to end, after one iteration that compiles.
func benchToy(backend backends.Backend, sizes benchSizes) ([]benchRow, error) {
	cfg := toy.DefaultConfig()
	t, err := toy.New(backend, cfg)
	if err != nil {
		return nil, err
	}
	if err := t.Train(1, nil); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := t.Train(sizes.toyIters, nil); err != nil {
		return nil, err
	}
	elapsed := time.Since(start)
	return []benchRow{{
		Name: "toy", Config: fmt.Sprintf("%s%d iterations; batch %d", sizes.label, sizes.toyIters, cfg.BatchSize),
		Steps: sizes.toyIters, PerStep: elapsed / time.Duration(sizes.toyIters), Samples: cfg.BatchSize,
	}}, nil
}

// benchParzen times the Parzen log-likelihood of n random MNIST-sized points under a window on n
// random samples, for one sigma and for the paper's whole search at once. The data's values don't
// change the cost, only its size.
func benchParzen(backend backends.Backend, sizes benchSizes) (rows []benchRow, err error) {
	const dim = 784
	n := sizes.parzenRows
	samples, points := randomRows(2, n, dim), randomRows(3, n, dim)
	p, err := eval.NewParzen(backend, samples, dim)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, p.Finalize()) }()
	for _, numSigmas := range sizes.parzenSigmas {
		start := time.Now()
		if _, err := p.LogLikelihoods(points, eval.PaperSigmas()[:numSigmas]); err != nil {
			return nil, err
		}
		rows = append(rows, benchRow{
			Name: fmt.Sprintf("parzen-%dsigma", numSigmas), Config: fmt.Sprintf("%s%d x %d x %d", sizes.label, n, n, dim),
			Steps: 1, PerStep: time.Since(start), Samples: n,
		})
	}
	return rows, nil
}

// randomRows returns rows x dim values from U(0, 1), like pixel intensities.
func randomRows(seed uint64, rows, dim int) []float32 {
	rng := rand.New(rand.NewPCG(seed, 0xbe7c))
	data := make([]float32, rows*dim)
	for i := range data {
		data[i] = rng.Float32()
	}
	return data
}

// printBench writes the table (or CSV with the same columns) to stdout.
func printBench(rows []benchRow, backend string, csv bool) {
	if csv {
		fmt.Fprintln(stdout, "backend,benchmark,configuration,steps,ms_per_step,samples_per_s,total_s")
		for _, r := range rows {
			fmt.Fprintf(stdout, "%s,%s,%s,%d,%.4f,%.1f,%.3f\n", backend, r.Name, r.Config, r.Steps,
				ms(r.PerStep), r.samplesPerSecond(), r.PerStep.Seconds()*float64(r.Steps))
		}
		return
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "backend\tbenchmark\tconfiguration\tsteps\tms/step\tsamples/s\ttotal s")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%.3f\t%.0f\t%.2f\n", backend, r.Name, r.Config, r.Steps,
			ms(r.PerStep), r.samplesPerSecond(), r.PerStep.Seconds()*float64(r.Steps))
	}
	_ = w.Flush()
}

func ms(d time.Duration) float64 { return d.Seconds() * 1000 }
