package experiments

import (
	"fmt"

	"github.com/adversarial-nets/gan/ganlib"
)

// CIFAR10ConfigNames are the configurations Config knows for CIFAR-10.
var CIFAR10ConfigNames = []string{"paper", "paper-conv", "cpu"}

// The widths of the CIFAR-10 cpu configuration's networks (see ganlib.ConvGenerator), chosen so
// that an hour of training on a 2-core machine is a couple of thousand iterations. D runs three
// times per iteration (real and fake batches, then G's step through it), G twice.
const (
	cpuGeneratorBase     = 32
	cpuDiscriminatorBase = 32
)

// cifar10Config returns the named CIFAR-10 configuration (see Config):
//
//   - "paper" is the authors' fully connected model (goodfeli/adversarial,
//     cifar10_fully_connected.yaml): ganlib.PaperCIFAR10Generator and
//     ganlib.PaperCIFAR10Discriminator; SGD with lr .025 divided by 1.000004 per update and momentum
//     .5 -> .7 over epochs 1..250; batch 100.
//   - "paper-conv" is their convolutional model (cifar10_convolutional.yaml):
//     ganlib.PaperCIFAR10ConvGenerator and ganlib.PaperCIFAR10ConvDiscriminator; the same SGD with
//     lr .004; batch 128.
//   - "cpu" is DCGAN (Radford et al. 2016) scaled down for a 2-core machine: ganlib.ConvGenerator
//     and ganlib.ConvDiscriminator, both of width 32, with batch normalisation; Adam (lr 2e-4,
//     beta1 .5); batch 64. Its samples come from G itself: the moving average of G's weights
//     that MNIST's cpu configuration samples from (ganlib.Config.GeneratorAverage) was tracked in
//     the shipped run, at decay .999, and drew washed-out grey images at 500 and 1,000
//     iterations where G drew coloured scenes; an hour is too few iterations for that average.
//
// All draw z (100 values) from N(0, 1), as the paper's CIFAR-10 models; k = 1; the non-saturating
// G loss. The paper's models train on globally contrast-normalised images (see usesGCN), the cpu
// one on pixels in [0, 1].
func cifar10Config(name string, dataDim, stepsPerEpoch int, seed int64) (ganlib.Config, error) {
	cfg := ganlib.Config{
		NoiseDim: 100, DataDim: dataDim, K: 1,
		Noise:         ganlib.NormalNoise(),
		GeneratorLoss: ganlib.NonSaturating,
		Seed:          seed,
	}
	paperSGD := func(lr float64) ganlib.SGD {
		return ganlib.SGD{
			LearningRate: ganlib.ExponentialDecay(lr, 1/1.000004, 1, 1e-6),
			Momentum:     ganlib.LinearRamp(0.5, 0.7, stepsPerEpoch, 250*stepsPerEpoch),
		}
	}
	switch name {
	case "paper":
		cfg.Generator, cfg.Discriminator = ganlib.PaperCIFAR10Generator(), ganlib.PaperCIFAR10Discriminator()
		cfg.BatchSize = 100
		cfg.DOptimizer, cfg.GOptimizer = paperSGD(0.025), paperSGD(0.025)
	case "paper-conv":
		cfg.Generator, cfg.Discriminator = ganlib.PaperCIFAR10ConvGenerator(), ganlib.PaperCIFAR10ConvDiscriminator()
		cfg.BatchSize = 128
		cfg.DOptimizer, cfg.GOptimizer = paperSGD(0.004), paperSGD(0.004)
	case "cpu":
		cfg.Generator, cfg.Discriminator = ganlib.ConvGenerator(cpuGeneratorBase), ganlib.ConvDiscriminator(cpuDiscriminatorBase)
		cfg.BatchSize = 64
		adam := ganlib.Adam{LearningRate: ganlib.Constant(2e-4), Beta1: 0.5}
		cfg.DOptimizer, cfg.GOptimizer = adam, adam
	default:
		return cfg, fmt.Errorf("unknown configuration %q for cifar10 (valid: %v)", name, CIFAR10ConfigNames)
	}
	return cfg, nil
}

// usesGCN reports whether a configuration trains on images after global contrast normalisation
// with scale 55, as the paper's CIFAR-10 models did (pylearn2's CIFAR10 with gcn: 55).
func usesGCN(dataset, config string) bool {
	return dataset == "cifar10" && (config == "paper" || config == "paper-conv")
}
