package datasets

import (
	"slices"
	"testing"
)

func TestImagesSliceIsAView(t *testing.T) {
	images := Images{N: 4, Height: 1, Width: 2, Channels: 1,
		Data: []float32{0, 1, 2, 3, 4, 5, 6, 7}, Labels: []uint8{10, 11, 12, 13}}
	view := images.Slice(1, 3)
	if view.N != 2 || !slices.Equal(view.Data, []float32{2, 3, 4, 5}) || !slices.Equal(view.Labels, []uint8{11, 12}) {
		t.Fatalf("Slice(1, 3) = %+v", view)
	}
	view.Row(0)[0] = 42
	if images.Data[2] != 42 {
		t.Errorf("Slice copied the data; want a view")
	}
	// Appending to a view must not overwrite the images after it.
	_ = append(view.Data, 99)
	_ = append(view.Labels, 99)
	if images.Data[6] != 6 || images.Labels[3] != 13 {
		t.Errorf("append to a view overwrote the next image")
	}
	if head, tail := splitTail(images, 1); head.N != 3 || tail.N != 1 || tail.Labels[0] != 13 {
		t.Errorf("splitTail(images, 1) gave %d and %d images", head.N, tail.N)
	}
}

func TestImagesSlicePanicsOutOfRange(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Slice(3, 5) of 4 images did not panic")
		}
	}()
	Images{N: 4, Height: 1, Width: 1, Channels: 1, Data: make([]float32, 4)}.Slice(3, 5)
}
