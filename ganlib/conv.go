package ganlib

import (
	"fmt"
	"math"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX's own examples import graph this way.
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// The 2-D operations of convolutional networks on images [batch, height, width, channels] (HWC,
// the layout of the datasets' rows), built from Gather and matrix products.
//
// GoMLX v0.26.0's own ConvGeneral runs on the pure-Go backend, but nothing built on it can be
// trained there: the gradient of ConvGeneral needs Reverse, max-pooling's needs
// SelectAndScatterMax and sum-pooling's needs Pad, none of which the backend implements. Its
// ConvGeneral is also a direct loop, about 8x slower here than the same work as one matrix
// product. So a convolution is written as "im2col": one Gather copies every output position's
// window into a row (positions in the zero padding read an extra zero row), and one FastMatMul
// multiplies the rows by the kernel. The gradient of Gather is a ScatterSum, which the backend
// has, and FastMatMul's gradients are matrix products. The index tables are built in Go when
// the graph is built, for its batch size.

// Convolve2D returns the 2-D convolution (cross-correlation, as in every deep learning library) of
// x [batch, height, width, inChannels] with kernel [k, k, inChannels, outChannels], moving the
// window by stride and padding the input with padding zeros on every side. The output is
// [batch, (height+2*padding-k)/stride+1, (width+2*padding-k)/stride+1, outChannels].
func Convolve2D(x, kernel *Node, stride, padding int) *Node {
	n, h, w, cin := imageDims(x, "Convolve2D")
	k, cout := checkKernel(kernel, cin, "Convolve2D")
	if stride < 1 || padding < 0 || h+2*padding < k || w+2*padding < k {
		panic(fmt.Sprintf("Convolve2D: a %dx%d kernel with stride %d and padding %d does not fit a %dx%d image", k, k, stride, padding, h, w))
	}
	outH, outW := (h+2*padding-k)/stride+1, (w+2*padding-k)/stride+1
	rows := appendRow(Reshape(x, n*h*w, cin), 0)
	indices := windowIndices(n, h, w, k, stride, padding, outH, outW)
	patches := Reshape(gatherRows(rows, indices), n*outH*outW, k*k*cin) // columns ordered (ky, kx, c), as the kernel
	y := FastMatMul(patches, Reshape(kernel, k*k*cin, cout))
	return Reshape(y, n, outH, outW, cout)
}

// ConvTranspose2D is the transposed convolution (the paper's "deconvolution") of x
// [batch, height, width, inChannels] with kernel [k, k, inChannels, outChannels]: every input
// pixel adds its value times the kernel to a k x k window of the output, windows stride pixels
// apart, and padding rows and columns are then cropped from every side. The output is
// [batch, (height-1)*stride+k-2*padding, (width-1)*stride+k-2*padding, outChannels], as pylearn2's
// Deconv with pad_out = padding.
//
// It is the adjoint of Convolve2D with the same stride and padding and the kernel's channel axes
// swapped: what back-propagation through a convolution computes. Here it is one FastMatMul,
// x·kernel giving every input pixel's k x k x outChannels contribution, then a Gather of the (at
// most ceil(k/stride)^2) contributions that land on each output pixel and their sum.
func ConvTranspose2D(x, kernel *Node, stride, padding int) *Node {
	n, h, w, cin := imageDims(x, "ConvTranspose2D")
	k, cout := checkKernel(kernel, cin, "ConvTranspose2D")
	outH, outW := (h-1)*stride+k-2*padding, (w-1)*stride+k-2*padding
	if stride < 1 || padding < 0 || outH < 1 || outW < 1 {
		panic(fmt.Sprintf("ConvTranspose2D: a %dx%d kernel with stride %d and padding %d gives no output for a %dx%d image", k, k, stride, padding, h, w))
	}
	weights := Reshape(TransposeAllDims(kernel, 2, 0, 1, 3), cin, k*k*cout) // [cin, (ky, kx, cout)]
	contributions := Reshape(FastMatMul(Reshape(x, n*h*w, cin), weights), n*h*w*k*k, cout)
	rows := appendRow(contributions, 0)
	indices, perPixel := transposedIndices(n, h, w, k, stride, padding, outH, outW)
	y := gatherRows(rows, indices)
	if perPixel > 1 {
		y = ReduceSum(Reshape(y, n*outH*outW, perPixel, cout), 1)
	}
	return Reshape(y, n, outH, outW, cout)
}

// MaxPool2D returns the maximum of every window x window block of x [batch, height, width,
// channels], windows stride pixels apart. As cuda-convnet's pooling, which the paper's pylearn2
// models used, the output covers the whole input: it has ceil((height-window)/stride)+1 rows (and
// likewise columns), the last windows reaching past the edge taking the maximum of the pixels
// they cover.
func MaxPool2D(x *Node, window, stride int) *Node {
	n, h, w, c := imageDims(x, "MaxPool2D")
	if window < 1 || stride < 1 || window > h || window > w {
		panic(fmt.Sprintf("MaxPool2D: window %d with stride %d does not fit a %dx%d image", window, stride, h, w))
	}
	outH, outW := pooledSize(h, window, stride), pooledSize(w, window, stride)
	// Positions past the edge read a row of the lowest float32, which never wins a maximum. (Not
	// -Inf: the gradient of ReduceMax subtracts the maximum from every input.)
	rows := appendRow(Reshape(x, n*h*w, c), -math.MaxFloat32)
	indices := windowIndices(n, h, w, window, stride, 0, outH, outW)
	windows := Reshape(gatherRows(rows, indices), n*outH*outW, window*window, c)
	return Reshape(ReduceMax(windows, 1), n, outH, outW, c)
}

// pooledSize is the number of windows of cuda-convnet's pooling along an axis of size size.
func pooledSize(size, window, stride int) int {
	out := (size-window+stride-1)/stride + 1
	if (out-1)*stride >= size { // a window wholly past the edge: only when stride > window
		out--
	}
	return out
}

func imageDims(x *Node, op string) (n, h, w, c int) {
	if x.Rank() != 4 {
		panic(fmt.Sprintf("%s wants images [batch, height, width, channels], got %s", op, x.Shape()))
	}
	d := x.Shape().Dimensions
	return d[0], d[1], d[2], d[3]
}

func checkKernel(kernel *Node, inChannels int, op string) (k, outChannels int) {
	d := kernel.Shape().Dimensions
	if kernel.Rank() != 4 || d[0] != d[1] || d[2] != inChannels {
		panic(fmt.Sprintf("%s wants a square kernel [k, k, %d, outChannels], got %s", op, inChannels, kernel.Shape()))
	}
	return d[0], d[3]
}

// appendRow returns rows [r, c] with one more row, all of value, at index r: where the index
// tables send positions that read padding.
func appendRow(rows *Node, value float64) *Node {
	g := rows.Graph()
	row := BroadcastToShape(Scalar(g, rows.DType(), value), shapes.Make(rows.DType(), 1, rows.Shape().Dim(1)))
	return Concatenate([]*Node{rows, row}, 0)
}

// gatherRows returns rows[indices[i]] for every i: [len(indices), columns].
func gatherRows(rows *Node, indices []int32) *Node {
	table := ConstTensor(rows.Graph(), tensors.FromFlatDataAndDimensions(indices, len(indices), 1))
	return Gather(rows, table)
}

// windowIndices lists, for every output position (b, oy, ox) of a k x k window sliding by stride
// over [n, h, w] images padded by pad, and every window position (ky, kx) in turn, the input row
// b*h*w + y*w + x it reads, or n*h*w (the extra padding row) when (y, x) is outside the image.
func windowIndices(n, h, w, k, stride, pad, outH, outW int) []int32 {
	padRow := int32(n * h * w)
	indices := make([]int32, 0, n*outH*outW*k*k)
	for b := range n {
		for oy := range outH {
			for ox := range outW {
				for ky := range k {
					y := oy*stride + ky - pad
					for kx := range k {
						x := ox*stride + kx - pad
						if y < 0 || y >= h || x < 0 || x >= w {
							indices = append(indices, padRow)
						} else {
							indices = append(indices, int32((b*h+y)*w+x))
						}
					}
				}
			}
		}
	}
	return indices
}

// transposedIndices lists, for every output pixel (b, oy, ox) of a transposed convolution, the
// rows of the contributions table [n*h*w*k*k, cout] (row ((b*h+iy)*w+ix)*k*k + ky*k + kx: input
// pixel (iy, ix) through kernel position (ky, kx)) that land on it, perPixel of them, filled up
// with the index of the zero row n*h*w*k*k. Input pixel iy reaches output row iy*stride+ky-pad.
func transposedIndices(n, h, w, k, stride, pad, outH, outW int) (indices []int32, perPixel int) {
	// sources[o] lists the (input index, kernel index) pairs reaching output o along one axis.
	sources := func(in, out int) [][][2]int {
		s := make([][][2]int, out)
		for i := range in {
			for kk := range k {
				if o := i*stride + kk - pad; o >= 0 && o < out {
					s[o] = append(s[o], [2]int{i, kk})
				}
			}
		}
		return s
	}
	rowSources, colSources := sources(h, outH), sources(w, outW)
	perRow, perCol := 0, 0
	for _, s := range rowSources {
		perRow = max(perRow, len(s))
	}
	for _, s := range colSources {
		perCol = max(perCol, len(s))
	}
	perPixel = perRow * perCol
	zeroRow := int32(n * h * w * k * k)
	indices = make([]int32, 0, n*outH*outW*perPixel)
	for b := range n {
		for oy := range outH {
			for ox := range outW {
				count := 0
				for _, r := range rowSources[oy] {
					for _, c := range colSources[ox] {
						pixel := (b*h+r[0])*w + c[0]
						indices = append(indices, int32(pixel*k*k+r[1]*k+c[1]))
						count++
					}
				}
				for ; count < perPixel; count++ {
					indices = append(indices, zeroRow)
				}
			}
		}
	}
	return indices, perPixel
}
