package datasets

import (
	"math"
	"testing"
)

func TestGlobalContrastNormalize(t *testing.T) {
	images := Images{N: 3, Height: 1, Width: 2, Channels: 2, Labels: []uint8{4, 5, 6},
		Data: []float32{
			0, 0.25, 0.5, 1, // mean .4375
			0.3, 0.3, 0.3, 0.3, // constant
			1, 0, 0, 0,
		}}
	out := GlobalContrastNormalize(images, 55)
	// Row 0 by hand: deviations -.4375 -.1875 .0625 .5625; sum of squares .546875.
	divisor := math.Sqrt(0.546875) / 55
	want := []float64{-0.4375 / divisor, -0.1875 / divisor, 0.0625 / divisor, 0.5625 / divisor}
	for i, w := range want {
		if got := float64(out.Row(0)[i]); math.Abs(got-w) > 1e-4*math.Abs(w) {
			t.Errorf("row 0 value %d = %g, want %g", i, got, w)
		}
	}
	for i := range 3 {
		var sum, squares float64
		for _, v := range out.Row(i) {
			sum += float64(v)
			squares += float64(v) * float64(v)
		}
		wantNorm := 55.0
		if i == 1 {
			wantNorm = 0 // constant: all zeros, divided by 1 (pylearn2's rule for divisors < 1e-8)
		}
		if math.Abs(sum) > 1e-4 || math.Abs(math.Sqrt(squares)-wantNorm) > 1e-3 {
			t.Errorf("row %d: sum %g and norm %g, want 0 and %g", i, sum, math.Sqrt(squares), wantNorm)
		}
	}
	// Scale-invariant: byte values give the same result. The input is untouched.
	bytesScale := images
	bytesScale.Data = make([]float32, len(images.Data))
	for i, v := range images.Data {
		bytesScale.Data[i] = v * 255
	}
	again := GlobalContrastNormalize(bytesScale, 55)
	for i := range out.Data {
		if math.Abs(float64(again.Data[i]-out.Data[i])) > 1e-3 {
			t.Fatalf("value %d: %g from bytes, %g from [0, 1]", i, again.Data[i], out.Data[i])
		}
	}
	if images.Data[3] != 1 || out.N != 3 || out.Labels[2] != 6 || out.Dim() != 4 {
		t.Errorf("input changed or shape lost: input %v, output N %d labels %v", images.Data, out.N, out.Labels)
	}
}
