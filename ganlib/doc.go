// Package ganlib is the Generative Adversarial Nets of Goodfellow et al. (2014) on GoMLX: the layers,
// the generator and discriminator models, the losses of the minimax game, optimizers with the
// paper's schedules, and a Trainer that alternates k discriminator steps with one generator step.
//
// It is the one package a notebook imports for the GAN itself. Data sets, evaluation, figures and
// the 1-D toy live in subpackages (datasets, eval, plots, toy) that build on it.
//
// Everything runs on the backend chosen by [Backend]: XLA (GPU, then CPU) where it can be had, the
// pure-Go backend otherwise. The layers here are written so the pure-Go backend is fast too: see
// [FastMatMul] for why. The convolutional layers (Conv, Deconv, ConvMaxout, on the ops Convolve2D,
// ConvTranspose2D and MaxPool2D) are built from Gather and matrix products for the same reason,
// and because that backend can't differentiate GoMLX's own convolution and pooling.
package ganlib
