package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/schollz/progressbar/v3"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/plots"
	"github.com/adversarial-nets/gan/ganlib/toy"
)

func init() {
	register(command{
		name:    "toy",
		summary: "train the 1-D Gaussian toy GAN and write its four figures",
		setup:   setupToy,
	})
}

func setupToy(fs *flag.FlagSet) func() error {
	cfg := toy.DefaultConfig()
	fs.IntVar(&cfg.Iterations, "iters", cfg.Iterations, "training iterations (one D step and one G step each)")
	fs.Int64Var(&cfg.Seed, "seed", cfg.Seed, "random seed (same seed, same run)")
	fs.IntVar(&cfg.Pretrain, "pretrain", cfg.Pretrain, "D pre-training steps on the p_data density (0: none)")
	fs.Float64Var(&cfg.Mu, "mu", cfg.Mu, "mean of p_data")
	fs.Float64Var(&cfg.Sigma, "sigma", cfg.Sigma, "standard deviation of p_data")
	loss := fs.String("loss", string(cfg.GeneratorLoss), "generator loss: non-saturating or minimax")
	out := fs.String("out", filepath.Join("runs", "toy"), "folder for the figures")
	quiet := fs.Bool("quiet", false, "no progress bar")
	return func() error {
		cfg.GeneratorLoss = ganlib.GeneratorLoss(*loss)
		if err := cfg.Validate(); err != nil {
			return badValue("%v", err)
		}
		return runToy(cfg, *out, *quiet)
	}
}

func runToy(cfg toy.Config, out string, quiet bool) error {
	backend, err := ganlib.Backend()
	if err != nil {
		return err
	}
	var progress toy.Progress
	if !quiet {
		bar := progressbar.NewOptions(cfg.Iterations, progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetDescription("toy"), progressbar.OptionShowIts(), progressbar.OptionThrottle(200_000_000),
			progressbar.OptionClearOnFinish())
		progress = func(i int, s ganlib.Stats) {
			if i%100 == 0 || i == cfg.Iterations {
				bar.Describe(fmt.Sprintf("toy  D loss %.3f  G loss %.3f  D(x) %.2f  D(G(z)) %.2f", s.DLoss, s.GLoss, s.DReal, s.DFake))
				_ = bar.Set(i)
			}
		}
	}
	res, err := toy.Run(backend, cfg, progress)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "p_data:        N(%g, %g)\n", cfg.Mu, cfg.Sigma)
	fmt.Fprintf(stdout, "G's samples:   mean %.3f  std %.3f\n", res.SampleMean, res.SampleStd)
	fmt.Fprintf(stdout, "mean D(x):     %.3f (1/2 at equilibrium)\n", res.MeanDReal)
	fmt.Fprintf(stdout, "iterations:    %d (D pre-training %d steps)\n", cfg.Iterations, cfg.Pretrain)
	fmt.Fprintf(stdout, "wall time:     %s\n", res.WallTime.Round(1e6))
	fmt.Fprintf(stdout, "backend:       %s\n", ganlib.DefaultBackendInfo())
	figs, err := res.Figures()
	if err != nil {
		return fmt.Errorf("drawing figures: %w", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, f := range figs {
		png, err := plots.PNG(f.Plot, 0, 0)
		if err != nil {
			return fmt.Errorf("drawing %s: %w", f.Name, err)
		}
		path := filepath.Join(out, f.Name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		fmt.Fprintln(stdout, "wrote", path)
	}
	return nil
}
