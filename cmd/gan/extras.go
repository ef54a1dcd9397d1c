package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/adversarial-nets/gan/ganlib/eval"
	"github.com/adversarial-nets/gan/ganlib/experiments"
)

// A reportExtra adds a measure to a run's report before it is written.
type reportExtra func(run *experiments.Run, rep *experiments.Report) error

// defineExtraFlags defines gan parzen's -references and -classifier flags; the function it returns
// checks them and gives the extras they ask for.
func defineExtraFlags(fs *flag.FlagSet) func(dataDir string) ([]reportExtra, error) {
	references := fs.Bool("references", false, "add reference rows under the same protocol: real training images and k-means centroids as the samples (computed once, kept in the data folder)")
	k := fs.Int("k", experiments.DefaultKMeansK, "-references: k-means centroids")
	iterations := fs.Int("kmeans-iters", experiments.DefaultKMeansIterations, "-references: k-means iterations")
	classifier := fs.Bool("classifier", false, "add the classifier metrics: Fréchet distance and classifier score (trains the MNIST classifier the first time)")
	return func(dataDir string) ([]reportExtra, error) {
		if *k < 1 || *iterations < 1 {
			return nil, badValue("-k and -kmeans-iters must be positive")
		}
		var extras []reportExtra
		if *references {
			extras = append(extras, func(run *experiments.Run, rep *experiments.Report) error {
				opts := experiments.ReferenceOptions{K: *k, Iterations: *iterations, Seed: 1}
				rows, err := experiments.CachedReferenceRows(run.Backend, run.Data, dataDir, opts, os.Stderr)
				rep.References = rows
				return err
			})
		}
		if *classifier {
			extras = append(extras, func(run *experiments.Run, rep *experiments.Report) error {
				c, accuracy, err := experiments.MNISTClassifier(run.Backend, run.Data, dataDir, eval.DefaultClassifierConfig(), os.Stderr)
				if err != nil {
					return err
				}
				fmt.Fprintln(stdout, "classifier metrics (Fréchet distance, classifier score)...")
				scores, err := run.ClassifierScores(c, accuracy)
				rep.Classifier = &scores
				return err
			})
		}
		return extras, nil
	}
}
