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
//   - "cpu" is a GAN for an hour on a 2-core machine, with the tools GAN practice added after
//     2014: G 100 -> 256 -> 512 -> 784 sigmoid with batch normalisation before its ReLUs (DCGAN);
//     D 784 -> 512 -> 256 -> 1 with leaky ReLUs and the minibatch-std feature on its input
//     (Karras et al. 2018), no dropout; Glorot initialisation; Adam (lr 5e-4, beta1 .5) for
//     both; instance noise on D's inputs (Sønderby et al. 2017), standard deviation .8 falling
//     linearly to 0 at CPUSteps; the samples, and so every figure and the Parzen number, come
//     from the exponential moving average of G's weights (decay .9999, Yazıcı et al. 2019). The
//     paper's noise, batch (100), k (1) and non-saturating loss. See cpuGenerator and
//     cpuDiscriminator for why.
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
		cfg.Generator, cfg.Discriminator = cpuGenerator(dataDim), cpuDiscriminator()
		adam := ganlib.Adam{LearningRate: ganlib.Constant(cpuLearningRate), Beta1: 0.5}
		cfg.DOptimizer, cfg.GOptimizer = adam, adam
		cfg.GeneratorAverage = cpuGeneratorAverage
		cfg.InstanceNoise = ganlib.LinearRamp(cpuInstanceNoise, 0, 0, CPUSteps)
	default:
		return cfg, fmt.Errorf("unknown configuration %q (valid: %v)", name, ConfigNames)
	}
	return cfg, nil
}

// The MNIST cpu configuration's learning rate (Adam's, both players), the decay of the average
// of G's weights that its samples come from, and the standard deviation of the instance noise at
// the start, annealed linearly to 0 at CPUSteps.
const (
	cpuLearningRate     = 5e-4
	cpuGeneratorAverage = 0.9999
	cpuInstanceNoise    = 0.8
)

// CPUSteps is the length of an MNIST cpu run, about an hour on a 2-core machine with the pure-Go
// backend: the instance noise reaches 0 there.
const CPUSteps = 12_000

// cpuGenerator is the MNIST cpu configuration's G. Measured while choosing it (PyTorch, the same
// networks, Parzen on 3,000 test images after 4,000-6,000 iterations): without batch
// normalisation Adam's D won at once and G never left its first blur (Parzen below -150); with
// it, G drew varied but speckled digits (Parzen 50-80, flat from 2,000 iterations on); the
// average of its weights removes most of the speckle (Parzen 140-160). The paper's own recipe
// (maxout D, momentum SGD) learns steadily but needs far more than an hour here (README, "MNIST").
func cpuGenerator(dataDim int) ganlib.MLP {
	return ganlib.MLP{Hidden: []int{256, 512}, Activation: ganlib.ActReLU, BatchNorm: true, Outputs: dataDim, Output: ganlib.ActSigmoid}
}

// cpuDiscriminator is the MNIST cpu configuration's D: leaky-ReLU layers seeing their batch's
// spread (the minibatch-std feature), which keeps G from settling on a few digits. Measured while
// choosing it (PyTorch, as for cpuGenerator, the averaged G): with dropout (keep .5) on D's hidden
// layers the run plateaued at Parzen 150-165; instance noise of .5 falling to 0 lifted it to
// 195; without dropout as well, 218 at 12,000 iterations, and with noise .8, 229-231 (seeds 1
// and 2). The noise blurs what D sees, so it can't win on details G hasn't drawn yet; dropout
// on top of it left D too weak.
func cpuDiscriminator() ganlib.MinibatchStd {
	return ganlib.MinibatchStd{Network: ganlib.MLP{Hidden: []int{512, 256}, Activation: ganlib.ActLeakyReLU, Outputs: 1}}
}

// DefaultSteps is how long a run of a configuration trains unless told otherwise: the cpu
// configurations their hour on a 2-core machine (MNIST: CPUSteps; CIFAR-10: 2,000 iterations),
// the others 20,000 iterations (40 MNIST epochs), a start for the paper's models.
func DefaultSteps(dataset, config string) int {
	switch {
	case dataset == "mnist" && config == "cpu":
		return CPUSteps
	case dataset == "cifar10" && config == "cpu":
		return 2_000
	}
	return 20_000
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
