package experiments

import (
	"fmt"

	"github.com/adversarial-nets/gan/ganlib"
)

// TFDConfigNames are the configurations Config knows for the Toronto Face Database.
var TFDConfigNames = []string{"paper", "cpu"}

// tfdMaxColNorm is the max_col_norm the authors set on every layer of both TFD networks.
const tfdMaxColNorm = 1.9365

// The widths of the TFD cpu configuration: G's two hidden layers and D's maxout units. Scaling
// the paper's 8000 and 1200 down to these makes an iteration about a fifth of the paper's
// multiply-adds (G 11.5 million per example against 83.2, D 6.7 against 21.0; per iteration G
// runs about four times and D eight, counting backward passes): G shrinks more than D because its
// 8000 x 8000 layer is most of the paper's cost.
const (
	cpuTFDGeneratorHidden = 2400
	cpuTFDMaxoutUnits     = 480
)

// tfdConfig returns the named TFD configuration (see Config), for the 48x48 = 2304 grey levels
// in [0, 1] of TFD_48x48.mat's unlabelled images:
//
//   - "paper" is the authors' TFD model (goodfeli/adversarial, tfd_pretrain/pretrain.yaml): G
//     100 -> 8000 ReLU -> 8000 sigmoid -> 2304 sigmoid, weights and biases from U(±.05); D two
//     maxout layers of 1200 units x 5 pieces, then a sigmoid unit, all from U(±.005), with dropout
//     (keep .8 on the input, .5 after); every weight column's norm kept at most 1.9365
//     (max_col_norm) after each update; SGD with lr .05 divided by 1.000004 per update (floor
//     1e-6) and momentum .5 -> .7 over epochs 1..250; batch 100; 83.3 million parameters in G, 21.0
//     million in D.
//   - "cpu" is the same game at about a fifth of the cost, for a 2-core machine: G's hidden layers
//     2400 wide, D's maxout layers 480 units x 5 pieces; everything else (initialisation, dropout,
//     max col norm, noise, SGD and its schedules, batch, k) the paper's, as with MNIST's "cpu".
//
// Both draw z (100 values) from N(0, 1), as the paper's TFD model; k = 1; the non-saturating G
// loss.
//
// Left out of "paper", and why:
//
//   - The authors trained in two stages: pretrain.yaml plays the game above for 50 epochs; then
//     train.yaml puts a new head, 100 -> 8000 ReLU -> 100 sigmoid (init bias -2), in front of the
//     pretrained G, so that G becomes 100 -> 8000 -> 100 -> 8000 -> 8000 -> 2304, and plays 22
//     more epochs against a fresh D. Changing G's architecture and replacing D in the middle of
//     a run would take a second kind of run (and of checkpoint) in this package; the model here
//     is the first stage's, trained throughout.
//   - pretrain.yaml starts G's second hidden layer with biases of -2 and its output layer with
//     100 non-zero N(0, 1) weights per unit (sparse_init) and biases from the training pixels'
//     means; here they are drawn from U(±.05) like the other layers, as the MNIST "paper"
//     configuration also draws its output layer (the authors set its biases from the data too).
func tfdConfig(name string, dataDim, stepsPerEpoch int, seed int64) (ganlib.Config, error) {
	cfg := ganlib.Config{
		NoiseDim: 100, DataDim: dataDim, BatchSize: 100, K: 1,
		Noise:         ganlib.NormalNoise(),
		GeneratorLoss: ganlib.NonSaturating,
		Seed:          seed,
	}
	sgd := ganlib.SGD{
		LearningRate: ganlib.ExponentialDecay(0.05, 1/1.000004, 1, 1e-6),
		Momentum:     ganlib.LinearRamp(0.5, 0.7, stepsPerEpoch, 250*stepsPerEpoch),
		MaxColNorm:   tfdMaxColNorm,
	}
	cfg.DOptimizer, cfg.GOptimizer = sgd, sgd
	switch name {
	case "paper":
		cfg.Generator, cfg.Discriminator = tfdGenerator(8000, dataDim), tfdDiscriminator(1200)
	case "cpu":
		cfg.Generator, cfg.Discriminator = tfdGenerator(cpuTFDGeneratorHidden, dataDim), tfdDiscriminator(cpuTFDMaxoutUnits)
	default:
		return cfg, fmt.Errorf("unknown configuration %q for tfd (valid: %v)", name, TFDConfigNames)
	}
	return cfg, nil
}

// tfdGenerator is the shape of the paper's TFD generator: z -> hidden ReLU -> hidden sigmoid ->
// outputs sigmoid (grey levels in [0, 1]), weights and biases from U(±.05). A Sequential, not an
// MLP: its hidden layers differ in activation, which MLP's single Activation can't say.
func tfdGenerator(hidden, outputs int) ganlib.Sequential {
	return ganlib.Sequential{
		ganlib.Dense{Units: hidden, InitRange: 0.05}, ganlib.Activate(ganlib.ActReLU),
		ganlib.Dense{Units: hidden, InitRange: 0.05}, ganlib.Activate(ganlib.ActSigmoid),
		ganlib.Dense{Units: outputs, InitRange: 0.05}, ganlib.Activate(ganlib.ActSigmoid),
	}
}

// tfdDiscriminator is the paper's TFD discriminator with units maxout units a layer: two maxout
// layers of units x 5 pieces, then a sigmoid unit, all from U(±.005), dropout keeping .8 of the
// input and .5 of every later layer's input.
func tfdDiscriminator(units int) ganlib.MaxoutDiscriminator {
	return ganlib.MaxoutDiscriminator{
		Layers:    []ganlib.Maxout{{Units: units, Pieces: 5, InitRange: 0.005}, {Units: units, Pieces: 5, InitRange: 0.005}},
		InitRange: 0.005, KeepInput: 0.8, KeepHidden: 0.5,
	}
}
