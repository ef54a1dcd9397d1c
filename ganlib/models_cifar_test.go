package ganlib

import (
	"math"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// TestConvGANTrains takes iterations of a small convolutional GAN with k = 2: D's update then
// holds the gradients of convolutions (Slices among them, whose own gradient the pure-Go backend
// can't build), which G's step must not try to differentiate.
func TestConvGANTrains(t *testing.T) {
	testBackend(t)
	cfg := Config{
		Generator: ConvGenerator(4), Discriminator: ConvDiscriminator(4),
		NoiseDim: 100, DataDim: 3072, Noise: NormalNoise(), BatchSize: 3, K: 2,
		DOptimizer: Adam{LearningRate: Constant(1e-3), Beta1: 0.5}, GOptimizer: Adam{LearningRate: Constant(1e-3), Beta1: 0.5},
		Seed: 1,
	}
	tr := newTestTrainer(t, cfg)
	real := randomTensor(3, 3072, 4)
	for range 2 {
		if _, err := tr.Iteration(real, real); err != nil {
			t.Fatal(err)
		}
	}
	x, err := tr.Sample(5)
	if err != nil {
		t.Fatal(err)
	}
	values := tensors.MustCopyFlatData[float32](x)
	if len(values) != 5*3072 {
		t.Fatalf("%d sample values, want 5*3072", len(values))
	}
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	if !(lo >= 0 && hi <= 1 && hi > lo) {
		t.Errorf("samples span [%g, %g], want sigmoid pixels, not constant", lo, hi)
	}
	// G: dense 100 -> 4*4*16, then 4x4 deconvolutions 16 -> 8 -> 4 -> 3 channels (weights, biases),
	// and batch normalisation of 16, 8 and 4 channels (scale, offset, running mean and variance).
	// D: 4x4 convolutions 3 -> 4 -> 8 -> 16 channels, batch normalisation of the 8 and 16, then
	// 16*4*4 features and the batch's spread -> 1.
	wantG := (100*256 + 256) + (16*16*8 + 8) + (16*8*4 + 4) + (16*4*3 + 3) + 4*(16+8+4)
	wantD := (16*3*4 + 4) + (16*4*8 + 8) + (16*8*16 + 16) + (16*16 + 1 + 1) + 4*(8+16)
	var g, d int
	for v := range tr.Context.In(GeneratorScope).IterVariablesInScope() {
		g += v.Shape().Size()
	}
	for v := range tr.Context.In(DiscriminatorScope).IterVariablesInScope() {
		d += v.Shape().Size()
	}
	if g != wantG || d != wantD {
		t.Errorf("%d parameters in G, %d in D; want %d and %d", g, d, wantG, wantD)
	}
}

func TestModelsDescribeThemselves(t *testing.T) {
	for _, c := range []struct {
		model fmtStringer
		want  []string
	}{
		{PaperCIFAR10ConvGenerator(), []string{"dense 8000, init U(±0.05) -> relu", "reshape 10x10x80", "deconv 5x5/3 crop 0 -> 3, untied biases"}},
		{PaperCIFAR10ConvDiscriminator(), []string{"dropout keep 0.8", "conv-maxout 8x8 pad 4 -> 32 units x 2 pieces, max-pool 4x4/2", "maxout 500 units x 5 pieces"}},
		{ConvDiscriminator(16), []string{"conv 4x4/2 pad 1 -> 64", "minibatch-std feature -> dense 1"}},
	} {
		s := c.model.String()
		for _, want := range c.want {
			if !strings.Contains(s, want) {
				t.Errorf("%q lacks %q", s, want)
			}
		}
	}
}

type fmtStringer interface{ String() string }
