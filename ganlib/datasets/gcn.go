package datasets

import "math"

// GCNScale is the scale of the global contrast normalisation the paper's CIFAR-10 models were
// trained with (pylearn2's CIFAR10 dataset with gcn: 55).
const GCNScale = 55

// GlobalContrastNormalize returns a copy of images with every image normalised as pylearn2's
// global_contrast_normalize(X, scale) with its other arguments at their defaults: the image's mean
// value is subtracted, then the image is divided by sqrt(sum of its squared values) / scale, so
// that its values have mean 0 and Euclidean norm scale (for a 3072-value CIFAR-10 image and scale
// 55, a standard deviation of about 1). A divisor below 1e-8 (a constant image) is replaced by 1,
// as pylearn2 does. Sums are in float64. Labels are shared with images, values are not; the
// result is no longer in [0, 1]. The scale of the input does not matter: pylearn2 normalised byte
// values 0..255, these loaders give [0, 1], and the results are the same.
func GlobalContrastNormalize(images Images, scale float64) Images {
	out := images
	out.Data = make([]float32, len(images.Data))
	for i := range images.N {
		row, dst := images.Row(i), out.Row(i)
		var sum float64
		for _, v := range row {
			sum += float64(v)
		}
		mean := sum / float64(len(row))
		var squares float64
		for _, v := range row {
			d := float64(v) - mean
			squares += d * d
		}
		divisor := math.Sqrt(squares) / scale
		if divisor < 1e-8 {
			divisor = 1
		}
		for j, v := range row {
			dst[j] = float32((float64(v) - mean) / divisor)
		}
	}
	return out
}
