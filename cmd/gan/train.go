package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/schollz/progressbar/v3"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/experiments"
)

func init() {
	register(command{
		name:    "train",
		summary: "train a GAN on an image data set (MNIST, CIFAR-10, TFD), with checkpoints, sample grids and a Parzen report",
		setup:   setupTrain,
	})
	register(command{
		name:    "parzen",
		summary: "evaluate a run's generator by the paper's Parzen-window protocol (Table 1)",
		setup:   setupParzen,
	})
}

// runFlags are the flags train and parzen share: which run, of what.
type runFlags struct {
	opts experiments.Options
}

func (f *runFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&f.opts.Dataset, "dataset", "mnist", fmt.Sprintf("data set: %v", experiments.Datasets))
	var configs []string
	for _, dataset := range experiments.Datasets {
		configs = append(configs, fmt.Sprintf("%s: %s", dataset, strings.Join(experiments.ConfigNamesFor(dataset), ", ")))
	}
	fs.StringVar(&f.opts.Config, "config", "cpu", "model and training configuration ("+strings.Join(configs, "; ")+")")
	fs.StringVar(&f.opts.Out, "out", "", "run folder (default runs/<dataset>-<config>)")
	fs.Int64Var(&f.opts.Seed, "seed", 1, "random seed")
	fs.StringVar(&f.opts.DataDir, "data", "", dataFlagHelp)
}

// dataFlagHelp documents -data, and where TFD, which can't be downloaded, is looked for.
const dataFlagHelp = "data cache folder (default $GAN_DATA_DIR or data/ in the module); " +
	"TFD is read from your copy of TFD_48x48.mat at $GAN_TFD, else <data>/tfd/TFD_48x48.mat"

func (f *runFlags) check() error {
	if f.opts.Out == "" {
		f.opts.Out = filepath.Join("runs", f.opts.Dataset+"-"+f.opts.Config)
	}
	if !slices.Contains(experiments.Datasets, f.opts.Dataset) {
		return badValue("-dataset: unknown data set %q (valid: %v)", f.opts.Dataset, experiments.Datasets)
	}
	if _, err := experiments.Config(f.opts.Dataset, f.opts.Config, 1, 1, 0); err != nil {
		return badValue("-config: %v", err)
	}
	return nil
}

func setupTrain(fs *flag.FlagSet) func() error {
	var f runFlags
	f.define(fs)
	fs.IntVar(&f.opts.Steps, "steps", 0, "total training iterations (default: the configuration's length, about an hour here for the cpu ones; 500 make an MNIST epoch)")
	fs.IntVar(&f.opts.CheckpointEvery, "checkpoint-every", 500, "iterations between checkpoints")
	fs.IntVar(&f.opts.SampleEvery, "sample-every", 1000, "iterations between sample grids")
	fs.BoolVar(&f.opts.Resume, "resume", false, "continue from the newest checkpoint in the run folder")
	noReport := fs.Bool("no-report", false, "skip the Parzen evaluation and report at the end")
	quiet := fs.Bool("quiet", false, "no progress bar")
	return func() error {
		if err := f.check(); err != nil {
			return err
		}
		if f.opts.Steps == 0 {
			f.opts.Steps = experiments.DefaultSteps(f.opts.Dataset, f.opts.Config)
		}
		if f.opts.Steps < 1 || f.opts.CheckpointEvery < 1 || f.opts.SampleEvery < 1 {
			return badValue("-steps, -checkpoint-every and -sample-every must be positive")
		}
		return runTrain(f.opts, *noReport, *quiet)
	}
}

func runTrain(opts experiments.Options, noReport, quiet bool) error {
	backend, err := ganlib.Backend()
	if err != nil {
		return err
	}
	opts.Log = os.Stderr
	run, err := experiments.Open(backend, opts)
	if err != nil {
		return err
	}
	if !quiet {
		bar := progressbar.NewOptions(opts.Steps, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionShowIts(),
			progressbar.OptionThrottle(500_000_000), progressbar.OptionSetPredictTime(true))
		_ = bar.Set(run.Trainer.Step)
		run.Progress = func(step int, s ganlib.Stats) {
			bar.Describe(fmt.Sprintf("D %.3f G %.3f D(x) %.2f D(G(z)) %.2f", s.DLoss, s.GLoss, s.DReal, s.DFake))
			_ = bar.Set(step)
		}
	}
	if err := run.Train(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\ntrained %s/%s to step %d in %s; run folder %s\n", opts.Dataset, opts.Config, run.Trainer.Step, run.WallTime.Round(1e9), opts.Out)
	if noReport {
		return nil
	}
	return report(run)
}

// report evaluates the run, lets each extra add its measures, and writes report.md.
func report(run *experiments.Run, extras ...reportExtra) error {
	if run.Data.TFD != nil {
		fmt.Fprintln(stdout, "Parzen evaluation (10,000 samples; in each of TFD's 5 folds, 10 sigmas on its validation images, then its test images)...")
	} else {
		fmt.Fprintln(stdout, "Parzen evaluation (10,000 samples, 10 sigmas on 1,000 validation images, 10,000 test images)...")
	}
	rep, err := run.NewReport()
	if err != nil {
		return err
	}
	for _, extra := range extras {
		if err := extra(run, &rep); err != nil {
			return err
		}
	}
	if err := run.SaveReport(rep); err != nil {
		return err
	}
	fmt.Fprint(stdout, rep.Markdown())
	fmt.Fprintf(stdout, "\nwrote %s\n", filepath.Join(run.Out, "report.md"))
	return nil
}

func setupParzen(fs *flag.FlagSet) func() error {
	dir := fs.String("run", filepath.Join("runs", "mnist-cpu"), "run folder written by gan train")
	dataDir := fs.String("data", "", dataFlagHelp)
	extraFlags := defineExtraFlags(fs)
	return func() error {
		extras, err := extraFlags(*dataDir)
		if err != nil {
			return err
		}
		run, err := loadRun(*dir, *dataDir)
		if err != nil {
			return err
		}
		return report(run, extras...)
	}
}

// loadRun opens a trained run folder at its newest checkpoint.
func loadRun(dir, dataDir string) (*experiments.Run, error) {
	backend, err := ganlib.Backend()
	if err != nil {
		return nil, err
	}
	return experiments.Load(backend, dir, dataDir)
}
