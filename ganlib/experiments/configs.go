package experiments

import (
	"fmt"
	"math"
	"slices"

	"github.com/adversarial-nets/gan/ganlib"
)

// ConfigNames are the configurations Config knows for MNIST (and any data set without its own), for
// help texts and errors; see ConfigNamesFor.
var ConfigNames = []string{"paper", "cpu"}

// Config returns the named GAN configuration of a data set ("cifar10": see CIFAR10ConfigNames;
// "tfd": see TFDConfigNames; any other: the MNIST ones below) for data of dataDim values per example
// and an epoch of stepsPerEpoch iterations (the paper's momentum schedule is in epochs).
//
//   - "paper" is exactly the authors' MNIST model (goodfeli/adversarial, mnist.yaml): G 100 -> 1200
//     ReLU -> 1200 ReLU -> 784 sigmoid, D two maxout layers of 240 units x 5 pieces -> sigmoid, with
//     dropout; SGD with lr .1 divided by 1.000004 per update and momentum .5 -> .7 over epochs
//     1..250; batch 100; k = 1; the non-saturating G loss.
//   - "cpu" is the paper's game at a third of the cost, for a 2-core machine: G 100 -> 600 ReLU ->
//     600 ReLU -> 784 sigmoid and D two maxout layers of 120 units x 5 pieces, everything else
//     (initialisation, dropout, noise, SGD and its schedules, batch, k) the paper's. Why not a
//     "modern" MLP GAN with Adam: measured here (PyTorch and ganlib alike), leaky-ReLU MLPs with
//     Adam 2e-4, with or without the minibatch-std feature, collapsed to a few speckled images for
//     the first 2,000 iterations, while the paper's maxout D with dropout leaves its early collapse
//     within 1,000 and its Parzen number climbs steadily (see README, "MNIST").
func Config(dataset, name string, dataDim, stepsPerEpoch int, seed int64) (ganlib.Config, error) {
	switch dataset {
	case "cifar10":
		return cifar10Config(name, dataDim, stepsPerEpoch, seed)
	case "tfd":
		return tfdConfig(name, dataDim, stepsPerEpoch, seed)
	}
	cfg := ganlib.Config{
		NoiseDim: 100, DataDim: dataDim, BatchSize: 100, K: 1,
		Noise:         ganlib.UniformNoise(-math.Sqrt(3), math.Sqrt(3)),
		GeneratorLoss: ganlib.NonSaturating,
		Seed:          seed,
	}
	switch name {
	case "paper":
		cfg.Generator = ganlib.MLP{Hidden: []int{1200, 1200}, Activation: ganlib.ActReLU, Outputs: dataDim, Output: ganlib.ActSigmoid, InitRange: 0.05}
		cfg.Discriminator = ganlib.MaxoutDiscriminator{
			Layers:    []ganlib.Maxout{{Units: 240, Pieces: 5, InitRange: 0.005}, {Units: 240, Pieces: 5, InitRange: 0.005}},
			InitRange: 0.005, KeepInput: 0.8, KeepHidden: 0.5,
		}
		sgd := paperSGD(stepsPerEpoch)
		cfg.DOptimizer, cfg.GOptimizer = sgd, sgd
	case "cpu":
		cfg.Generator = ganlib.MLP{Hidden: []int{600, 600}, Activation: ganlib.ActReLU, Outputs: dataDim, Output: ganlib.ActSigmoid, InitRange: 0.05}
		cfg.Discriminator = ganlib.MaxoutDiscriminator{
			Layers:    []ganlib.Maxout{{Units: 120, Pieces: 5, InitRange: 0.005}, {Units: 120, Pieces: 5, InitRange: 0.005}},
			InitRange: 0.005, KeepInput: 0.8, KeepHidden: 0.5,
		}
		sgd := paperSGD(stepsPerEpoch)
		cfg.DOptimizer, cfg.GOptimizer = sgd, sgd
	default:
		return cfg, fmt.Errorf("unknown configuration %q (valid: %v)", name, ConfigNames)
	}
	return cfg, nil
}

// ConfigNamesFor lists the configurations Config knows for a data set.
func ConfigNamesFor(dataset string) []string {
	switch dataset {
	case "cifar10":
		return CIFAR10ConfigNames
	case "tfd":
		return TFDConfigNames
	}
	return ConfigNames
}

// paperSGD is the authors' optimiser for MNIST: lr .1 divided by 1.000004 per update (floor 1e-6),
// momentum .5 rising linearly to .7 from epoch 1 to epoch 250.
func paperSGD(stepsPerEpoch int) ganlib.SGD {
	return ganlib.SGD{
		LearningRate: ganlib.ExponentialDecay(0.1, 1/1.000004, 1, 1e-6),
		Momentum:     ganlib.LinearRamp(0.5, 0.7, stepsPerEpoch, 250*stepsPerEpoch),
	}
}

// validConfig reports whether name is one of ConfigNamesFor(dataset).
func validConfig(dataset, name string) bool { return slices.Contains(ConfigNamesFor(dataset), name) }
