package ganlib_test

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/experiments"
)

// BenchmarkPaperIteration is one training iteration of the paper's MNIST model (one D step and
// one G step, batch 100, dropout on) on a random batch, after a first iteration that compiles:
//
//	go test ./ganlib -run XXX -bench PaperIteration -benchtime 5x -cpuprofile /tmp/paper.prof
func BenchmarkPaperIteration(b *testing.B) { benchmarkIteration(b, "mnist", "paper", 784, 600) }

// BenchmarkMNISTCPUIteration is one training iteration of the MNIST cpu configuration (batch 100,
// instance noise, the update of G's average):
//
//	go test ./ganlib -run XXX -bench MNISTCPUIteration -benchtime 20x
func BenchmarkMNISTCPUIteration(b *testing.B) { benchmarkIteration(b, "mnist", "cpu", 784, 500) }

// BenchmarkCIFAR10CPUIteration is one training iteration of the CIFAR-10 cpu configuration
// (convolutional G and D, batch 64):
//
//	go test ./ganlib -run XXX -bench CIFAR10CPUIteration -benchtime 5x
func BenchmarkCIFAR10CPUIteration(b *testing.B) { benchmarkIteration(b, "cifar10", "cpu", 3072, 625) }

// benchmarkIteration times training iterations of a configuration on a random batch, after a
// first iteration that compiles.
func benchmarkIteration(b *testing.B, dataset, config string, dataDim, stepsPerEpoch int) {
	cfg, err := experiments.Config(dataset, config, dataDim, stepsPerEpoch, 1)
	if err != nil {
		b.Fatal(err)
	}
	trainer, err := ganlib.NewTrainer(ganlib.MustBackend(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	batch := randomBatch(cfg.BatchSize, cfg.DataDim)
	if _, err := trainer.Iteration(batch); err != nil { // compile outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := trainer.Iteration(batch); err != nil {
			b.Fatal(err)
		}
	}
}

// randomBatch is rows x dim pixels from U(0, 1): the step's cost doesn't depend on the data.
func randomBatch(rows, dim int) *tensors.Tensor {
	rng := rand.New(rand.NewPCG(1, 2))
	flat := make([]float32, rows*dim)
	for i := range flat {
		flat[i] = rng.Float32()
	}
	return tensors.FromFlatDataAndDimensions(flat, rows, dim)
}
