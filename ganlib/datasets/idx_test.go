package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// idxImagesBytes encodes count images of rows x cols in the IDX format; pixel k of
// image i has the byte value (i*7 + k) % 256.
func idxImagesBytes(count, rows, cols int) []byte {
	var buf bytes.Buffer
	for _, v := range []uint32{idxMagicImages, uint32(count), uint32(rows), uint32(cols)} {
		binary.Write(&buf, binary.BigEndian, v)
	}
	for i := range count {
		for k := range rows * cols {
			buf.WriteByte(byte(i*7 + k))
		}
	}
	return buf.Bytes()
}

func idxLabelsBytes(labels ...uint8) []byte {
	var buf bytes.Buffer
	binary.Write(&buf, binary.BigEndian, uint32(idxMagicLabels))
	binary.Write(&buf, binary.BigEndian, uint32(len(labels)))
	buf.Write(labels)
	return buf.Bytes()
}

func gzipBytes(data []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadIDXRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, compressed := range []bool{false, true} {
		images, labels := idxImagesBytes(3, 4, 5), idxLabelsBytes(2, 0, 9)
		suffix := ""
		if compressed {
			images, labels, suffix = gzipBytes(images), gzipBytes(labels), ".gz"
		}
		got, err := ReadIDXFiles(writeFile(t, filepath.Join(dir, "images"+suffix), images),
			writeFile(t, filepath.Join(dir, "labels"+suffix), labels))
		if err != nil {
			t.Fatalf("compressed=%v: %v", compressed, err)
		}
		if got.N != 3 || got.Height != 4 || got.Width != 5 || got.Channels != 1 || got.Dim() != 20 {
			t.Fatalf("compressed=%v: got N=%d %dx%dx%d", compressed, got.N, got.Height, got.Width, got.Channels)
		}
		if !bytes.Equal(got.Labels, []uint8{2, 0, 9}) {
			t.Errorf("compressed=%v: labels %v, want [2 0 9]", compressed, got.Labels)
		}
		for i := range got.N {
			for k, v := range got.Row(i) {
				if want := float32(byte(i*7+k)) / 255; v != want {
					t.Fatalf("compressed=%v: image %d value %d is %g, want %g", compressed, i, k, v, want)
				}
			}
		}
	}
}

func TestReadIDXImagesErrors(t *testing.T) {
	valid := idxImagesBytes(3, 4, 5)
	withHeader := func(count, rows, cols uint32) []byte {
		data := bytes.Clone(valid)
		binary.BigEndian.PutUint32(data[4:], count)
		binary.BigEndian.PutUint32(data[8:], rows)
		binary.BigEndian.PutUint32(data[12:], cols)
		return data
	}
	corruptGzip := gzipBytes(valid)
	corruptGzip[len(corruptGzip)-6] ^= 0xff // In the CRC-32 trailer.
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"empty", "file ends inside the 4-byte magic number (after 0 bytes)", nil},
		{"short header", "file ends inside the 16-byte header (after 10 bytes)", valid[:10]},
		{"labels magic", "magic number is 0x00000801, want 0x00000803", idxLabelsBytes(1, 2)},
		{"int32 data", "magic number is 0x00000C03", append([]byte{0, 0, 0x0c, 3}, valid[4:]...)},
		{"truncated", "header says 3 images of 4x5 but the file ends after 1 images", valid[:16+30]},
		{"truncated gzip", "header says 3 images of 4x5 but the file ends after", gzipBytes(valid)[:30]},
		{"bad gzip checksum", "gzip: invalid checksum", corruptGzip},
		{"trailing bytes", "file goes on after the 60 bytes of data its header announces", append(bytes.Clone(valid), 1)},
		{"zero rows", "header says images of 0x5 pixels", withHeader(3, 0, 5)},
		{"huge count", "header says 4294967295 images of 4x5: more than", withHeader(0xffffffff, 4, 5)},
		{"huge image", "header says 1 images of 65536x65536: more than", withHeader(1, 65536, 65536)},
	} {
		path := writeFile(t, filepath.Join(t.TempDir(), "images-idx3-ubyte"), tc.data)
		_, err := ReadIDXImagesFile(path)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "reading "+path+": ") || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: error %q, want one naming %s and saying %q", tc.name, msg, path, tc.want)
		}
	}
}

func TestReadIDXLabelsErrors(t *testing.T) {
	valid := idxLabelsBytes(1, 2, 3)
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"images magic", "magic number is 0x00000803, want 0x00000801", idxImagesBytes(1, 2, 2)},
		{"truncated", "header says 3 labels but the file ends after 2 labels", valid[:10]},
		{"trailing bytes", "file goes on after the 3 bytes of data", append(bytes.Clone(valid), 4)},
	} {
		_, err := ReadIDXLabels(bytes.NewReader(tc.data), "labels.idx")
		if err == nil || !strings.Contains(err.Error(), "reading labels.idx: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming labels.idx and saying %q", tc.name, err, tc.want)
		}
	}
}

func TestReadIDXFilesCountMismatch(t *testing.T) {
	dir := t.TempDir()
	images := writeFile(t, filepath.Join(dir, "images"), idxImagesBytes(3, 2, 2))
	labels := writeFile(t, filepath.Join(dir, "labels"), idxLabelsBytes(1, 2))
	_, err := ReadIDXFiles(images, labels)
	if err == nil || !strings.Contains(err.Error(), "it has 2 labels but "+images+" has 3 images") {
		t.Errorf("error %v, want one about 2 labels for 3 images", err)
	}
	if _, err := ReadIDXFiles(filepath.Join(dir, "missing"), labels); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing file: error %v, want one naming it", err)
	}
}

// FuzzReadIDX checks that no input makes the readers panic, and that whatever they
// accept agrees with its header.
func FuzzReadIDX(f *testing.F) {
	valid := idxImagesBytes(2, 3, 3)
	f.Add(valid)
	f.Add(valid[:20])
	f.Add(gzipBytes(valid))
	f.Add(append([]byte{0, 0, 8, 1}, valid[4:]...))
	f.Add(idxLabelsBytes(1, 2, 3))
	f.Fuzz(func(t *testing.T, data []byte) {
		images, err := ReadIDXImages(bytes.NewReader(data), "fuzz")
		if err == nil {
			if len(images.Data) != images.N*images.Dim() || images.Channels != 1 {
				t.Fatalf("%d values for %d images of %dx%d", len(images.Data), images.N, images.Height, images.Width)
			}
			if len(data) >= 16 && data[0] == 0 { // Not gzip: the header is in plain sight.
				if int(binary.BigEndian.Uint32(data[4:])) != images.N || int(binary.BigEndian.Uint32(data[8:])) != images.Height ||
					int(binary.BigEndian.Uint32(data[12:])) != images.Width || len(data) != 16+len(images.Data) {
					t.Fatalf("result N=%d %dx%d disagrees with the %d-byte input's header", images.N, images.Height, images.Width, len(data))
				}
			}
			for _, v := range images.Data {
				if v < 0 || v > 1 {
					t.Fatalf("value %g outside [0, 1]", v)
				}
			}
		} else if !strings.HasPrefix(err.Error(), "reading fuzz: ") {
			t.Fatalf("error %q does not name the input", err)
		}
		labels, err := ReadIDXLabels(bytes.NewReader(data), "fuzz")
		if err == nil && len(data) >= 8 && data[0] == 0 && int(binary.BigEndian.Uint32(data[4:])) != len(labels) {
			t.Fatalf("%d labels but the header says %d", len(labels), binary.BigEndian.Uint32(data[4:]))
		}
	})
}
