package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/eval"
	"github.com/adversarial-nets/gan/ganlib/experiments"
)

func init() {
	register(command{
		name:    "classifier",
		summary: "train (once) the MNIST classifier of the modern metrics and print its test accuracy",
		setup:   setupClassifier,
	})
}

func setupClassifier(fs *flag.FlagSet) func() error {
	dataDir := fs.String("data", "", "data cache folder; the classifier is kept in its mnist-classifier/ (default $GAN_DATA_DIR or data/ in the module)")
	cfg := eval.DefaultClassifierConfig()
	fs.IntVar(&cfg.Epochs, "epochs", cfg.Epochs, "training epochs, when it is trained")
	return func() error {
		if cfg.Epochs < 1 {
			return badValue("-epochs must be positive")
		}
		backend, err := ganlib.Backend()
		if err != nil {
			return err
		}
		data, err := experiments.LoadData("mnist", *dataDir)
		if err != nil {
			return err
		}
		c, accuracy, err := experiments.MNISTClassifier(backend, data, *dataDir, cfg, os.Stderr)
		if err != nil {
			return err
		}
		_, probs, err := c.Predict(data.Test.Data)
		if err != nil {
			return err
		}
		score, err := eval.ClassifierScore(probs, c.Config.Classes)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "MNIST classifier %v: test accuracy %.4f; classifier score of the test set %.3f\n", c.Config.Hidden, accuracy, score)
		return nil
	}
}
