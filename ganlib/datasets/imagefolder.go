package datasets

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // Registers the JPEG decoder with image.Decode.
	_ "image/png"  // Registers the PNG decoder with image.Decode.
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// imageFile is one encoded image waiting to be decoded.
type imageFile struct {
	path  string // For error messages.
	name  string // File name: the first sort key.
	class int    // Index into the sorted class names: the label, and the second sort key.
	data  []byte // PNG or JPEG bytes.
}

// LoadImageFolder loads every PNG or JPEG image in dir/<class>/ (extensions .png, .jpg,
// .jpeg, any case), with labels given by the class folders' names in sorted order, which
// it returns. Images must be height x width; they are returned as RGB (3 channels, HWC):
// grey images have their value copied to all three, and transparency is dropped.
//
// The order is deterministic: images sorted by file name, then by class. When every
// class numbers its files alike (0000.jpg, 0001.jpg, ...), classes come in turn, so any
// contiguous slice — a validation split — holds every class in equal share.
func LoadImageFolder(dir string, height, width int) (Images, []string, error) {
	classes, err := classFolders(dir)
	if err != nil {
		return Images{}, nil, err
	}
	var files []imageFile
	for label, class := range classes {
		entries, err := os.ReadDir(filepath.Join(dir, class))
		if err != nil {
			return Images{}, nil, fmt.Errorf("reading %s: %w", dir, err)
		}
		for _, entry := range entries {
			if entry.IsDir() || !isImageName(entry.Name()) {
				continue
			}
			path := filepath.Join(dir, class, entry.Name())
			data, err := os.ReadFile(path)
			if err != nil {
				return Images{}, nil, fmt.Errorf("reading %s: %w", path, err)
			}
			files = append(files, imageFile{path: path, name: entry.Name(), class: label, data: data})
		}
	}
	if len(files) == 0 {
		return Images{}, nil, fmt.Errorf("reading %s: no .png, .jpg or .jpeg files in its class folders", dir)
	}
	images, err := decodeImageFiles(files, height, width)
	return images, classes, err
}

// classFolders lists the sub-folders of dir, sorted.
func classFolders(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir) // Sorted by name.
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	var classes []string
	for _, entry := range entries {
		if entry.IsDir() && !strings.HasPrefix(entry.Name(), ".") {
			classes = append(classes, entry.Name())
		}
	}
	if len(classes) == 0 {
		return nil, fmt.Errorf("reading %s: no class folders in it", dir)
	}
	return classes, nil
}

func isImageName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png", ".jpg", ".jpeg":
		return true
	}
	return false
}

// decodeImageFiles sorts files by name then class and decodes them, in parallel, into
// RGB images of height x width. It reports the first failing file in that order.
func decodeImageFiles(files []imageFile, height, width int) (Images, error) {
	if height <= 0 || width <= 0 {
		return Images{}, fmt.Errorf("image size %dx%d: both must be positive", height, width)
	}
	for _, f := range files {
		if f.class > 255 {
			return Images{}, fmt.Errorf("reading %s: class number %d, but labels are bytes: at most 256 classes", f.path, f.class)
		}
	}
	slices.SortFunc(files, func(a, b imageFile) int {
		return cmp.Or(strings.Compare(a.name, b.name), cmp.Compare(a.class, b.class))
	})
	images := Images{N: len(files), Height: height, Width: width, Channels: 3,
		Data: make([]float32, len(files)*height*width*3), Labels: make([]uint8, len(files))}
	errs := make([]error, len(files))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(files); i += workers {
				errs[i] = decodeInto(images.Row(i), files[i], height, width)
			}
		})
	}
	wg.Wait()
	if err := firstNonNil(errs); err != nil {
		return Images{}, err
	}
	for i, f := range files {
		images.Labels[i] = uint8(f.class)
	}
	return images, nil
}

func firstNonNil(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func decodeInto(dst []float32, f imageFile, height, width int) error {
	img, _, err := image.Decode(bytes.NewReader(f.data))
	if err != nil {
		return fmt.Errorf("reading %s: %w", f.path, err)
	}
	if b := img.Bounds(); b.Dy() != height || b.Dx() != width {
		return fmt.Errorf("reading %s: image is %dx%d (height x width), want %dx%d",
			f.path, b.Dy(), b.Dx(), height, width)
	}
	writeRGB(dst, img)
	return nil
}

// writeRGB writes img's pixels into dst as interleaved RGB values in [0, 1]. The common
// decoded types get a direct path: going through the color.Color interface costs an
// allocation per pixel, which adds up over 60,000 images.
func writeRGB(dst []float32, img image.Image) {
	b := img.Bounds()
	i := 0
	put := func(r, g, bl uint8) {
		dst[i], dst[i+1], dst[i+2] = float32(r)/255, float32(g)/255, float32(bl)/255
		i += 3
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			switch img := img.(type) {
			case *image.YCbCr:
				c := img.YCbCrAt(x, y)
				put(color.YCbCrToRGB(c.Y, c.Cb, c.Cr))
			case *image.Gray:
				v := img.GrayAt(x, y).Y
				put(v, v, v)
			case *image.RGBA:
				c := img.RGBAAt(x, y)
				put(c.R, c.G, c.B)
			default:
				r, g, bl, _ := img.At(x, y).RGBA() // Alpha-premultiplied: transparency over black.
				put(uint8(r>>8), uint8(g>>8), uint8(bl>>8))
			}
		}
	}
}
