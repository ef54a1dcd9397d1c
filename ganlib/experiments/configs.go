package experiments

import (
	"fmt"
	"math"
	"slices"

	"github.com/adversarial-nets/gan/ganlib"
)

// ConfigNames are the configurations Config knows, for help texts and errors.
var ConfigNames = []string{"paper", "cpu"}

// Config returns the named GAN configuration for data of dataDim values per example and an
// epoch of stepsPerEpoch iterations (the paper's momentum schedule is in epochs).
//
//   - "paper" is exactly the authors' MNIST model (goodfeli/adversarial, mnist.yaml): G 100 -> 1200
//     ReLU -> 1200 ReLU -> 784 sigmoid, D two maxout layers of 240 units x 5 pieces -> sigmoid, with
//     dropout; SGD with lr .1 divided by 1.000004 per update and momentum .5 -> .7 over epochs
//     1..250; batch 100; k = 1; the non-saturating G loss.
//   - "cpu" is the same game sized for a 2-core machine, with what GAN practice learnt after the
//     paper: G 100 -> 256 -> 512 -> 784 sigmoid and D 784 -> 512 -> 256 -> sigmoid, leaky ReLU
//     units, Glorot initialisation, the minibatch-std feature in D against mode collapse, dropout
//     (keep .7) only on D's hidden layers, and Adam (lr 2e-4, beta1 .5).
func Config(name string, dataDim, stepsPerEpoch int, seed int64) (ganlib.Config, error) {
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
		sgd := ganlib.SGD{
			LearningRate: ganlib.ExponentialDecay(0.1, 1/1.000004, 1, 1e-6),
			Momentum:     ganlib.LinearRamp(0.5, 0.7, stepsPerEpoch, 250*stepsPerEpoch),
		}
		cfg.DOptimizer, cfg.GOptimizer = sgd, sgd
	case "cpu":
		cfg.Generator = ganlib.MLP{Hidden: []int{256, 512}, Activation: ganlib.ActLeakyReLU, Outputs: dataDim, Output: ganlib.ActSigmoid}
		cfg.Discriminator = ganlib.MinibatchStd{Network: ganlib.MLP{Hidden: []int{512, 256}, Activation: ganlib.ActLeakyReLU, Outputs: 1, KeepHidden: 0.7}}
		adam := ganlib.Adam{LearningRate: ganlib.Constant(2e-4), Beta1: 0.5}
		cfg.DOptimizer, cfg.GOptimizer = adam, adam
	default:
		return cfg, fmt.Errorf("unknown configuration %q (valid: %v)", name, ConfigNames)
	}
	return cfg, nil
}

// validConfig reports whether name is one of ConfigNames.
func validConfig(name string) bool { return slices.Contains(ConfigNames, name) }
