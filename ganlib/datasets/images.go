package datasets

import "fmt"

// Images holds N images of the same size, stored row-major: image i is Data[i*Dim():(i+1)*Dim()].
//
// Values are float32 in [0, 1]. Colour images are HWC interleaved (see the package doc).
// Labels holds one class index per image, or is nil when the data set has no labels.
type Images struct {
	Data                       []float32 // N*Dim values, row-major.
	N, Height, Width, Channels int
	Labels                     []uint8 // N class indices, or nil.
}

// Dim is the number of values in one image: Height*Width*Channels.
func (im Images) Dim() int { return im.Height * im.Width * im.Channels }

// Row returns image i as a slice of Dim values sharing im's storage.
func (im Images) Row(i int) []float32 {
	if i < 0 || i >= im.N {
		panic(fmt.Sprintf("datasets: Row(%d) out of range for %d images", i, im.N))
	}
	d := im.Dim()
	return im.Data[i*d : (i+1)*d : (i+1)*d]
}

// Slice returns images [from, to) as a view sharing im's storage, like a Go slice.
// It panics if the range is out of bounds, as slicing does.
func (im Images) Slice(from, to int) Images {
	if from < 0 || to < from || to > im.N {
		panic(fmt.Sprintf("datasets: Slice(%d, %d) out of range for %d images", from, to, im.N))
	}
	d := im.Dim()
	view := im
	view.N = to - from
	// Full slice expressions cap the views, so an append to one can't overwrite the next.
	view.Data = im.Data[from*d : to*d : to*d]
	if im.Labels != nil {
		view.Labels = im.Labels[from:to:to]
	}
	return view
}

// splitTail splits images into the first N-n and the last n.
func splitTail(images Images, n int) (head, tail Images) {
	return images.Slice(0, images.N-n), images.Slice(images.N-n, images.N)
}
