package ganlib

// CIFAR-10 models: the paper's two pairs (goodfeli/adversarial's cifar10_fully_connected.yaml and
// cifar10_convolutional.yaml), and a small DCGAN-style pair for CPUs. Images are rows of 3072 =
// 32x32x3 values in HWC order; the convolutional models reshape them inside.

// PaperCIFAR10Generator is the paper's fully connected CIFAR-10 generator: z -> 8000 ReLU -> 8000
// sigmoid -> 3072 linear (an image after global contrast normalisation, so not bounded), weights
// and biases drawn from U(±.05), the output layer's from U(±.5).
func PaperCIFAR10Generator() Sequential {
	return Sequential{
		Dense{Units: 8000, InitRange: 0.05}, Activate(ActReLU),
		Dense{Units: 8000, InitRange: 0.05}, Activate(ActSigmoid),
		Dense{Units: 32 * 32 * 3, InitRange: 0.5},
	}
}

// PaperCIFAR10Discriminator is the paper's fully connected CIFAR-10 discriminator: two maxout
// layers of 1600 units x 5 pieces, then a sigmoid unit, all drawn from U(±.005), with dropout
// (keep .8 on the input, .5 after).
func PaperCIFAR10Discriminator() MaxoutDiscriminator {
	return MaxoutDiscriminator{
		Layers:    []Maxout{{Units: 1600, Pieces: 5, InitRange: 0.005}, {Units: 1600, Pieces: 5, InitRange: 0.005}},
		InitRange: 0.005, KeepInput: 0.8, KeepHidden: 0.5,
	}
}

// PaperCIFAR10ConvGenerator is the paper's "deconvolutional" CIFAR-10 generator: z -> 8000 ReLU ->
// 8000 sigmoid, read as a 10x10 map of 80 channels, -> a 5x5 transposed convolution with stride 3
// to 3 channels, which makes (10-1)*3+5 = 32x32 exactly (no cropping), linear, with one bias per
// output value. Weights and biases from U(±.05).
//
// pylearn2 read the 8000 units channel-first (c01b); here they are read HWC. That only renumbers
// the units of a layer whose weights are drawn independently, so the model is the same.
func PaperCIFAR10ConvGenerator() Sequential {
	return Sequential{
		Dense{Units: 8000, InitRange: 0.05}, Activate(ActReLU),
		Dense{Units: 8000, InitRange: 0.05}, Activate(ActSigmoid),
		ToImage{Height: 10, Width: 10, Channels: 80},
		Deconv{Filters: 3, Kernel: 5, Stride: 3, InitRange: 0.05, UntiedBias: true},
		Flatten{},
	}
}

// PaperCIFAR10ConvDiscriminator is the paper's convolutional CIFAR-10 discriminator: three
// conv-maxout layers, 32 units x 2 pieces 8x8 padding 4 with 4x4 max-pooling stride 2 (32x32 ->
// 33x33 -> 16x16), 32 x 2 8x8 padding 3 pool 4 stride 2 (-> 15x15 -> 7x7), 192 x 2 5x5 padding 3
// pool 2 stride 2 (-> 9x9 -> 5x5); a maxout layer of 500 units x 5 pieces; a sigmoid unit. All
// drawn from U(±.005) (the conv biases too, as Dense's; pylearn2 started them at zero); dropout
// keeps .8 of the input and .5 of every later layer's input.
func PaperCIFAR10ConvDiscriminator() Sequential {
	return Sequential{
		ToImage{Height: 32, Width: 32, Channels: 3},
		DropoutLayer{Keep: 0.8},
		ConvMaxout{Units: 32, Pieces: 2, Kernel: 8, Padding: 4, Pool: 4, PoolStride: 2, InitRange: 0.005},
		DropoutLayer{Keep: 0.5},
		ConvMaxout{Units: 32, Pieces: 2, Kernel: 8, Padding: 3, Pool: 4, PoolStride: 2, InitRange: 0.005},
		DropoutLayer{Keep: 0.5},
		ConvMaxout{Units: 192, Pieces: 2, Kernel: 5, Padding: 3, Pool: 2, PoolStride: 2, InitRange: 0.005},
		Flatten{},
		DropoutLayer{Keep: 0.5},
		Maxout{Units: 500, Pieces: 5, InitRange: 0.005},
		DropoutLayer{Keep: 0.5},
		Dense{Units: 1, InitRange: 0.005},
	}
}

// ConvGenerator is a small DCGAN generator (Radford et al. 2016) for 32x32 colour images: z ->
// dense -> a 4x4 map of 4*base channels -> transposed convolutions 4x4 stride 2 to 8x8 of 2*base,
// 16x16 of base, 32x32 of 3 channels -> sigmoid (pixels in [0, 1]), with batch normalisation
// before every ReLU, as DCGAN's. Weights and biases are drawn from U(±.035), the spread of
// DCGAN's N(0, .02).
//
// A first version put pixel normalisation (Karras et al. 2018) where the batch normalisation is
// and leaky ReLUs: against ConvDiscriminator(16) without normalisation it played D to a draw
// (D(x) = D(G(z)) = 0.5) for 1,000 iterations with two-colour blobs, in ganlib and in PyTorch.
func ConvGenerator(base int) Sequential {
	const r = 0.035
	return Sequential{
		Dense{Units: 4 * 4 * 4 * base, InitRange: r}, ToImage{Height: 4, Width: 4, Channels: 4 * base}, BatchNorm{}, Activate(ActReLU),
		Deconv{Filters: 2 * base, Kernel: 4, Stride: 2, Padding: 1, InitRange: r}, BatchNorm{}, Activate(ActReLU),
		Deconv{Filters: base, Kernel: 4, Stride: 2, Padding: 1, InitRange: r}, BatchNorm{}, Activate(ActReLU),
		Deconv{Filters: 3, Kernel: 4, Stride: 2, Padding: 1, InitRange: r}, Activate(ActSigmoid),
		Flatten{},
	}
}

// ConvDiscriminator is ConvGenerator's counterpart, DCGAN's discriminator scaled down: 32x32x3 ->
// convolutions 4x4 stride 2 padding 1 to 16x16 of base, 8x8 of 2*base and 4x4 of 4*base
// channels, leaky ReLU units, batch normalisation before the second and third (DCGAN's: none on
// the first layer), then the minibatch-std feature (against mode collapse, see MinibatchStd) and
// a sigmoid unit. No dropout; Glorot initialisation.
func ConvDiscriminator(base int) Sequential {
	return Sequential{
		ToImage{Height: 32, Width: 32, Channels: 3},
		Conv{Filters: base, Kernel: 4, Stride: 2, Padding: 1}, Activate(ActLeakyReLU),
		Conv{Filters: 2 * base, Kernel: 4, Stride: 2, Padding: 1}, BatchNorm{}, Activate(ActLeakyReLU),
		Conv{Filters: 4 * base, Kernel: 4, Stride: 2, Padding: 1}, BatchNorm{}, Activate(ActLeakyReLU),
		Flatten{}, BatchStd{},
		Dense{Units: 1},
	}
}
