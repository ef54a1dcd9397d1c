package ganlib

import (
	"math"
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// image4 is a [n, h, w, c] array in Go, for direct computations to test the graph ops against.
type image4 struct {
	n, h, w, c int
	v          []float64
}

func (a image4) at(b, y, x, c int) *float64 { return &a.v[((b*a.h+y)*a.w+x)*a.c+c] }

func newImage4(n, h, w, c int) image4 { return image4{n, h, w, c, make([]float64, n*h*w*c)} }

func randomImage4(n, h, w, c int, seed uint64) image4 {
	a := newImage4(n, h, w, c)
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range a.v {
		a.v[i] = rng.Float64()*2 - 1
	}
	return a
}

func (a image4) tensor() *tensors.Tensor {
	flat := make([]float32, len(a.v))
	for i, v := range a.v {
		flat[i] = float32(v)
	}
	return tensors.FromFlatDataAndDimensions(flat, a.n, a.h, a.w, a.c)
}

func assertImage4(t *testing.T, name string, got *tensors.Tensor, want image4) {
	t.Helper()
	if dims := got.Shape().Dimensions; len(dims) != 4 || dims[0] != want.n || dims[1] != want.h || dims[2] != want.w || dims[3] != want.c {
		t.Fatalf("%s: shape %s, want [%d %d %d %d]", name, got.Shape(), want.n, want.h, want.w, want.c)
	}
	wantFlat := make([]float32, len(want.v))
	for i, v := range want.v {
		wantFlat[i] = float32(v)
	}
	assertClose(t, name, tensors.MustCopyFlatData[float32](got), wantFlat, 1e-4)
}

// directConv computes a convolution, and the gradients of sum(y * r) for an adjoint r, straight
// from the definition: y[b, oy, ox, co] = sum over (ky, kx, ci) of x[b, oy*s+ky-p, ox*s+kx-p, ci] *
// kernel[ky, kx, ci, co], out-of-image pixels being zero.
func directConv(x, kernel, r image4, stride, pad int) (y, dx, dKernel image4) {
	k, cout := kernel.n, kernel.c
	outH, outW := (x.h+2*pad-k)/stride+1, (x.w+2*pad-k)/stride+1
	y, dx, dKernel = newImage4(x.n, outH, outW, cout), newImage4(x.n, x.h, x.w, x.c), newImage4(k, k, x.c, cout)
	for b := range x.n {
		for oy := range outH {
			for ox := range outW {
				for ky := range k {
					for kx := range k {
						iy, ix := oy*stride+ky-pad, ox*stride+kx-pad
						if iy < 0 || iy >= x.h || ix < 0 || ix >= x.w {
							continue
						}
						for ci := range x.c {
							for co := range cout {
								*y.at(b, oy, ox, co) += *x.at(b, iy, ix, ci) * *kernel.at(ky, kx, ci, co)
								if r.v != nil {
									*dx.at(b, iy, ix, ci) += *r.at(b, oy, ox, co) * *kernel.at(ky, kx, ci, co)
									*dKernel.at(ky, kx, ci, co) += *r.at(b, oy, ox, co) * *x.at(b, iy, ix, ci)
								}
							}
						}
					}
				}
			}
		}
	}
	return y, dx, dKernel
}

// directConvTranspose: every input pixel (iy, ix) adds x * kernel[ky, kx] to output pixel
// (iy*s+ky-p, ix*s+kx-p) when that is inside the output; with the gradients of sum(y * r).
func directConvTranspose(x, kernel, r image4, stride, pad int) (y, dx, dKernel image4) {
	k, cout := kernel.n, kernel.c
	outH, outW := (x.h-1)*stride+k-2*pad, (x.w-1)*stride+k-2*pad
	y, dx, dKernel = newImage4(x.n, outH, outW, cout), newImage4(x.n, x.h, x.w, x.c), newImage4(k, k, x.c, cout)
	for b := range x.n {
		for iy := range x.h {
			for ix := range x.w {
				for ky := range k {
					for kx := range k {
						oy, ox := iy*stride+ky-pad, ix*stride+kx-pad
						if oy < 0 || oy >= outH || ox < 0 || ox >= outW {
							continue
						}
						for ci := range x.c {
							for co := range cout {
								*y.at(b, oy, ox, co) += *x.at(b, iy, ix, ci) * *kernel.at(ky, kx, ci, co)
								if r.v != nil {
									*dx.at(b, iy, ix, ci) += *r.at(b, oy, ox, co) * *kernel.at(ky, kx, ci, co)
									*dKernel.at(ky, kx, ci, co) += *r.at(b, oy, ox, co) * *x.at(b, iy, ix, ci)
								}
							}
						}
					}
				}
			}
		}
	}
	return y, dx, dKernel
}

// opWithGradients runs op(x, kernel) and the gradients of sum(op(x, kernel) * r).
func opWithGradients(t *testing.T, op func(x, kernel *Node) *Node, x, kernel, r image4) []*tensors.Tensor {
	t.Helper()
	return MustExecOnceN(MustBackend(), func(x, kernel, r *Node) []*Node {
		y := op(x, kernel)
		return append([]*Node{y}, Gradient(ReduceAllSum(Mul(y, r)), x, kernel)...)
	}, x.tensor(), kernel.tensor(), r.tensor())
}

func TestConvolve2DMatchesDefinition(t *testing.T) {
	testBackend(t)
	for _, c := range []struct{ h, w, k, stride, pad int }{
		{7, 6, 3, 2, 1}, // odd sizes: the last window stops short of the edge
		{8, 8, 4, 2, 1}, // the cpu configuration's discriminator layers
		{6, 5, 3, 1, 0},
		{8, 8, 8, 1, 4}, // the paper's first conv-maxout layer, at a smaller size
	} {
		x := randomImage4(2, c.h, c.w, 3, 1)
		kernel := randomImage4(c.k, c.k, 3, 4, 2)
		y, _, _ := directConv(x, kernel, image4{}, c.stride, c.pad)
		r := randomImage4(y.n, y.h, y.w, y.c, 3)
		y, dx, dKernel := directConv(x, kernel, r, c.stride, c.pad)
		got := opWithGradients(t, func(x, kernel *Node) *Node { return Convolve2D(x, kernel, c.stride, c.pad) }, x, kernel, r)
		assertImage4(t, "y", got[0], y)
		assertImage4(t, "dx", got[1], dx)
		assertImage4(t, "dKernel", got[2], dKernel)

		// GoMLX's own convolution (which runs forward on this backend) agrees.
		stock := MustExecOnce(MustBackend(), func(x, kernel *Node) *Node {
			return Convolve(x, kernel).Strides(c.stride).PaddingPerDim([][2]int{{c.pad, c.pad}, {c.pad, c.pad}}).Done()
		}, x.tensor(), kernel.tensor())
		assertImage4(t, "GoMLX Convolve", stock, y)
	}
}

func TestConvTranspose2DMatchesDefinition(t *testing.T) {
	testBackend(t)
	for _, c := range []struct{ h, w, k, stride, pad int }{
		{10, 10, 5, 3, 0}, // the paper's CIFAR-10 generator: 10x10 -> 32x32
		{4, 4, 4, 2, 1},   // the cpu configuration's generator: doubles the size
		{3, 5, 3, 1, 1},
		{3, 2, 2, 3, 0}, // stride past the kernel: output pixels no input reaches
	} {
		x := randomImage4(2, c.h, c.w, 3, 4)
		kernel := randomImage4(c.k, c.k, 3, 2, 5)
		y, _, _ := directConvTranspose(x, kernel, image4{}, c.stride, c.pad)
		r := randomImage4(y.n, y.h, y.w, y.c, 6)
		y, dx, dKernel := directConvTranspose(x, kernel, r, c.stride, c.pad)
		got := opWithGradients(t, func(x, kernel *Node) *Node { return ConvTranspose2D(x, kernel, c.stride, c.pad) }, x, kernel, r)
		assertImage4(t, "y", got[0], y)
		assertImage4(t, "dx", got[1], dx)
		assertImage4(t, "dKernel", got[2], dKernel)
	}
}

func TestMaxPool2DCoversTheEdgeAsCudaConvnet(t *testing.T) {
	testBackend(t)
	// The paper's conv D: 33x33 -> pool 4 stride 2 -> 16x16; 15 -> 7; 9 -> pool 2 stride 2 -> 5.
	for _, c := range []struct{ size, window, stride, want int }{{33, 4, 2, 16}, {15, 4, 2, 7}, {9, 2, 2, 5}, {8, 2, 2, 4}, {5, 1, 3, 2}} {
		if got := pooledSize(c.size, c.window, c.stride); got != c.want {
			t.Errorf("pooled size of %d, window %d stride %d: %d, want %d", c.size, c.window, c.stride, got, c.want)
		}
	}
	x := randomImage4(2, 9, 7, 2, 7)
	const window, stride = 4, 2
	outH, outW := pooledSize(9, window, stride), pooledSize(7, window, stride)
	y, dx := newImage4(2, outH, outW, 2), newImage4(2, 9, 7, 2)
	r := randomImage4(2, outH, outW, 2, 8)
	for b := range 2 {
		for oy := range outH {
			for ox := range outW {
				for ch := range 2 {
					best, by, bx := math.Inf(-1), 0, 0
					for iy := oy * stride; iy < min(oy*stride+window, 9); iy++ {
						for ix := ox * stride; ix < min(ox*stride+window, 7); ix++ {
							if v := *x.at(b, iy, ix, ch); v > best {
								best, by, bx = v, iy, ix
							}
						}
					}
					*y.at(b, oy, ox, ch) = best
					*dx.at(b, by, bx, ch) += *r.at(b, oy, ox, ch) // random values: no ties
				}
			}
		}
	}
	got := MustExecOnceN(MustBackend(), func(x, r *Node) []*Node {
		y := MaxPool2D(x, window, stride)
		return []*Node{y, Gradient(ReduceAllSum(Mul(y, r)), x)[0]}
	}, x.tensor(), r.tensor())
	assertImage4(t, "y", got[0], y)
	assertImage4(t, "dx", got[1], dx)
}
