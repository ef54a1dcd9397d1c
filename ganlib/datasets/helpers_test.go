package datasets

import (
	"slices"
	"testing"
)

func equalStrings(a, b []string) bool { return slices.Equal(a, b) }

// checkImages checks the shape of images and that its values are in [0, 1] and not all equal.
func checkImages(t *testing.T, name string, images Images, height, width, channels int) {
	t.Helper()
	if images.Height != height || images.Width != width || images.Channels != channels {
		t.Errorf("%s: images are %dx%dx%d, want %dx%dx%d", name, images.Height, images.Width, images.Channels, height, width, channels)
	}
	if len(images.Data) != images.N*images.Dim() {
		t.Errorf("%s: %d values for %d images of %d", name, len(images.Data), images.N, images.Dim())
	}
	if images.Labels != nil && len(images.Labels) != images.N {
		t.Errorf("%s: %d labels for %d images", name, len(images.Labels), images.N)
	}
	lo, hi := slices.Min(images.Data), slices.Max(images.Data)
	if lo < 0 || hi > 1 || lo == hi {
		t.Errorf("%s: values span [%g, %g], want within [0, 1] and not constant", name, lo, hi)
	}
}
