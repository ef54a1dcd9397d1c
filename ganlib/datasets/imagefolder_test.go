package datasets

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// solidImage is a height x width image of one colour.
func solidImage(height, width int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := range height {
		for x := range width {
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// classColour gives each test class and file number its own colour, so a loaded image
// tells where it came from.
func classColour(class, file int) color.RGBA {
	return color.RGBA{R: uint8(40 * class), G: uint8(20 * file), B: 200, A: 255}
}

func TestLoadImageFolder(t *testing.T) {
	dir := t.TempDir()
	classes := []string{"cat", "ant", "bee"} // Created unsorted: labels must follow sorted order.
	for _, class := range classes {
		os.Mkdir(filepath.Join(dir, class), 0o755)
	}
	sortedIndex := map[string]int{"ant": 0, "bee": 1, "cat": 2}
	for _, class := range classes {
		for file := range 2 {
			img := solidImage(3, 2, classColour(sortedIndex[class], file))
			writeFile(t, filepath.Join(dir, class, fmt.Sprintf("%04d.png", file)), encodePNG(t, img))
		}
	}
	writeFile(t, filepath.Join(dir, "cat", "notes.txt"), []byte("not an image"))
	grey := image.NewGray(image.Rect(0, 0, 2, 3))
	for i := range grey.Pix {
		grey.Pix[i] = 51
	}
	writeFile(t, filepath.Join(dir, "bee", "0002.PNG"), encodePNG(t, grey))

	images, gotClasses, err := LoadImageFolder(dir, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !equalStrings(gotClasses, []string{"ant", "bee", "cat"}) {
		t.Errorf("classes %v, want [ant bee cat]", gotClasses)
	}
	// Sorted by file name, then class: the classes take turns.
	if !bytes.Equal(images.Labels, []uint8{0, 1, 2, 0, 1, 2, 1}) {
		t.Fatalf("labels %v, want [0 1 2 0 1 2 1]", images.Labels)
	}
	checkImages(t, "folder", images, 3, 2, 3)
	for i, label := range images.Labels[:6] {
		want := classColour(int(label), i/3)
		row := images.Row(i)
		last := len(row) - 3 // The last pixel's red, green, blue.
		for c, v := range []uint8{want.R, want.G, want.B} {
			if row[c] != float32(v)/255 || row[last+c] != float32(v)/255 {
				t.Errorf("image %d channel %d = %g, want %g", i, c, row[c], float32(v)/255)
			}
		}
	}
	if row := images.Row(6); row[0] != 0.2 || row[1] != 0.2 || row[2] != 0.2 {
		t.Errorf("grey image gives RGB %v, want 0.2 in each", row[:3])
	}
}

func TestLoadImageFolderErrors(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := LoadImageFolder(dir, 3, 2); err == nil || !strings.Contains(err.Error(), "no class folders") {
		t.Errorf("empty folder: error %v", err)
	}
	os.Mkdir(filepath.Join(dir, "a"), 0o755)
	path := writeFile(t, filepath.Join(dir, "a", "big.png"), encodePNG(t, solidImage(4, 5, classColour(0, 0))))
	want := "reading " + path + ": image is 4x5 (height x width), want 3x2"
	if _, _, err := LoadImageFolder(dir, 3, 2); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("wrong size: error %v, want %q", err, want)
	}
	writeFile(t, path, []byte("not a png"))
	if _, _, err := LoadImageFolder(dir, 4, 5); err == nil || !strings.Contains(err.Error(), "reading "+path+": image: unknown format") {
		t.Errorf("corrupt image: error %v, want one naming %s", err, path)
	}
}

// writeArchive writes a .tar.gz holding the given files and returns its path.
func writeArchive(t *testing.T, files map[string][]byte) string {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	archive := tar.NewWriter(gz)
	for name, data := range files {
		archive.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg})
		archive.Write(data)
	}
	archive.Close()
	gz.Close()
	return writeFile(t, filepath.Join(t.TempDir(), "images.tar.gz"), buf.Bytes())
}

func TestLoadCIFAR10JPEGArchiveSmall(t *testing.T) {
	files := map[string][]byte{"README.txt": []byte("skipped")}
	classes := []string{"bird", "cat"}
	for label, class := range classes {
		for file := range 5 {
			img := encodeJPEG(t, solidImage(32, 32, classColour(label, file)))
			files[fmt.Sprintf("train/%s/%04d.jpg", class, file)] = img
			if file < 2 {
				files[fmt.Sprintf("test/%s/%04d.jpg", class, file)] = img
			}
		}
	}
	cifar, err := LoadCIFAR10JPEGArchive(writeArchive(t, files))
	if err != nil {
		t.Fatal(err)
	}
	if !equalStrings(cifar.Classes, classes) {
		t.Errorf("classes %v, want %v", cifar.Classes, classes)
	}
	// 10 training images: the last fifth, files 0004 of each class, is the validation split.
	if !bytes.Equal(cifar.Train.Labels, []uint8{0, 1, 0, 1, 0, 1, 0, 1}) || !bytes.Equal(cifar.Valid.Labels, []uint8{0, 1}) ||
		!bytes.Equal(cifar.Test.Labels, []uint8{0, 1, 0, 1}) {
		t.Fatalf("labels train %v valid %v test %v", cifar.Train.Labels, cifar.Valid.Labels, cifar.Test.Labels)
	}
	// JPEG is lossy: compare within a few levels.
	want := classColour(1, 4)
	got := cifar.Valid.Row(1)[:3]
	for c, v := range []uint8{want.R, want.G, want.B} {
		if math.Abs(float64(got[c])-float64(v)/255) > 3.0/255 {
			t.Errorf("last validation image channel %d = %g, want about %g", c, got[c], float64(v)/255)
		}
	}
}

func TestLoadCIFAR10JPEGArchiveErrors(t *testing.T) {
	small := encodeJPEG(t, solidImage(8, 8, classColour(0, 0)))
	big := encodeJPEG(t, solidImage(32, 32, classColour(0, 0)))
	for _, tc := range []struct {
		name, want string
		files      map[string][]byte
	}{
		{"wrong size", "reading train/cat/0001.jpg: image is 8x8 (height x width), want 32x32",
			map[string][]byte{"train/cat/0001.jpg": small, "test/cat/0001.jpg": big}},
		{"misplaced", "image valid/cat/0001.jpg is not at train/<class>/<file>",
			map[string][]byte{"valid/cat/0001.jpg": big}},
		{"no test", "found 1 training and 0 test images", map[string][]byte{"train/cat/0001.jpg": big}},
		{"unknown test class", `test class "dog" has no training images`,
			map[string][]byte{"train/cat/0001.jpg": big, "test/dog/0001.jpg": big}},
	} {
		path := writeArchive(t, tc.files)
		_, err := LoadCIFAR10JPEGArchive(path)
		if err == nil || !strings.Contains(err.Error(), "reading "+path+": ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming the archive and saying %q", tc.name, err, tc.want)
		}
	}
	path := writeFile(t, filepath.Join(t.TempDir(), "truncated.tar.gz"), gzipBytes(make([]byte, 700))[:20])
	if _, err := LoadCIFAR10JPEGArchive(path); err == nil || !strings.Contains(err.Error(), "reading "+path) {
		t.Errorf("truncated archive: error %v, want one naming it", err)
	}
}
