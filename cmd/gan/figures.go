package main

import (
	"flag"
	"fmt"
	"image"
	"os"
	"path/filepath"

	"github.com/adversarial-nets/gan/ganlib/experiments"
	"github.com/adversarial-nets/gan/ganlib/plots"
)

func init() {
	register(command{
		name:    "figures",
		summary: "draw a run's Figure 2 (samples with the nearest training image) and Figure 3 (interpolation in z)",
		setup:   setupFigures,
	})
}

func setupFigures(fs *flag.FlagSet) func() error {
	dir := fs.String("run", filepath.Join("runs", "mnist-cpu"), "run folder written by gan train (the figures are written there)")
	dataDir := fs.String("data", "", dataFlagHelp)
	rows := fs.Int("rows", 6, "Figure 2: rows of five samples")
	interpRows := fs.Int("interp-rows", 5, "Figure 3: rows of interpolation")
	interpSteps := fs.Int("interp-steps", 10, "Figure 3: images per row, both ends included")
	return func() error {
		if *rows < 1 || *interpRows < 1 || *interpSteps < 2 {
			return badValue("-rows and -interp-rows must be positive and -interp-steps at least 2")
		}
		run, err := loadRun(*dir, *dataDir)
		if err != nil {
			return err
		}
		fig2, err := run.Figure2(*rows)
		if err != nil {
			return err
		}
		fig3, err := run.Figure3(*interpRows, *interpSteps)
		if err != nil {
			return err
		}
		for name, img := range map[string]image.Image{"figure2.png": fig2, "figure3.png": fig3} {
			if err := writePNG(filepath.Join(*dir, name), img); err != nil {
				return err
			}
		}
		fmt.Fprintln(stdout, filepath.Join(*dir, "figure2.png"))
		fmt.Fprintln(stdout, filepath.Join(*dir, "figure3.png"))
		return experiments.LinkFigures(*dir)
	}
}

func writePNG(path string, img image.Image) error {
	data, err := plots.ImagePNG(img)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
