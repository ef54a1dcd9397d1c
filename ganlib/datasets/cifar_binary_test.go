package datasets

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cifarRecord builds one binary record whose red, green and blue planes hold
// (seed+p)%256, (seed+p+1)%256 and (seed+p+2)%256 for pixel p.
func cifarRecord(label byte, seed int) []byte {
	record := make([]byte, cifarRecordSize)
	record[0] = label
	for p := range cifarPlane {
		for c := range 3 {
			record[1+c*cifarPlane+p] = byte(seed + p + c)
		}
	}
	return record
}

func TestReadCIFAR10BinaryConvertsPlanesToHWC(t *testing.T) {
	data := append(cifarRecord(3, 0), cifarRecord(9, 100)...)
	images, err := ReadCIFAR10Binary(bytes.NewReader(data), "batch.bin")
	if err != nil {
		t.Fatal(err)
	}
	if images.N != 2 || images.Dim() != 3072 || !bytes.Equal(images.Labels, []uint8{3, 9}) {
		t.Fatalf("got N=%d Dim=%d labels %v, want 2, 3072, [3 9]", images.N, images.Dim(), images.Labels)
	}
	for i, seed := range []int{0, 100} {
		row := images.Row(i)
		for _, p := range []int{0, 1, 31, 32, 1023} { // Pixel p = y*32 + x.
			for c := range 3 {
				if got, want := row[p*3+c], float32(byte(seed+p+c))/255; got != want {
					t.Errorf("image %d pixel %d channel %d = %g, want %g", i, p, c, got, want)
				}
			}
		}
	}
}

func TestReadCIFAR10BinaryErrors(t *testing.T) {
	twoRecords := append(cifarRecord(1, 0), cifarRecord(2, 0)...)
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"truncated", "size is not a multiple of the 3073-byte record: 1000 bytes left over after 1 records", twoRecords[:cifarRecordSize+1000]},
		{"bad label", "record 1 has label 10, want 0..9", append(cifarRecord(1, 0), cifarRecord(10, 0)...)},
	} {
		path := writeFile(t, filepath.Join(t.TempDir(), "data_batch_1.bin"), tc.data)
		_, err := ReadCIFAR10BinaryFile(path)
		if err == nil || !strings.Contains(err.Error(), "reading "+path+": "+tc.want) {
			t.Errorf("%s: error %v, want one naming %s and saying %q", tc.name, err, path, tc.want)
		}
	}
}

func TestLoadCIFAR10Binary(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cifar-10-batches-bin")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Five training batches of two records each; the label says which batch.
	for batch := 1; batch <= 5; batch++ {
		data := append(cifarRecord(byte(batch), batch), cifarRecord(byte(batch), batch+50)...)
		writeFile(t, filepath.Join(dir, fmt.Sprintf("data_batch_%d.bin", batch)), data)
	}
	writeFile(t, filepath.Join(dir, "test_batch.bin"), cifarRecord(0, 7))

	cifar, err := LoadCIFAR10Binary(filepath.Dir(dir)) // The folder above works too.
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(cifar.Train.Labels, []uint8{1, 1, 2, 2, 3, 3, 4, 4}) || !bytes.Equal(cifar.Valid.Labels, []uint8{5, 5}) ||
		!bytes.Equal(cifar.Test.Labels, []uint8{0}) {
		t.Errorf("labels train %v valid %v test %v, want batches 1-4, batch 5, and [0]", cifar.Train.Labels, cifar.Valid.Labels, cifar.Test.Labels)
	}
	if got, want := cifar.Valid.Row(1)[0], float32(55)/255; got != want {
		t.Errorf("last validation image starts with %g, want %g", got, want)
	}
	if !equalStrings(cifar.Classes, CIFAR10Classes) {
		t.Errorf("classes %v without batches.meta.txt, want the standard ones", cifar.Classes)
	}

	if err := os.Remove(filepath.Join(dir, "test_batch.bin")); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCIFAR10Binary(dir); err == nil || !strings.Contains(err.Error(), "test_batch.bin") {
		t.Errorf("missing test batch: error %v, want one naming test_batch.bin", err)
	}
}

// FuzzReadCIFAR10Binary checks that no input makes the reader panic, and that what it
// accepts is whole records with valid labels, converted faithfully.
func FuzzReadCIFAR10Binary(f *testing.F) {
	f.Add(cifarRecord(3, 0))
	f.Add(cifarRecord(3, 0)[:100])
	f.Add(cifarRecord(200, 0))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		// Three records and a bit cover every case; longer inputs only cost time.
		data = data[:min(len(data), 3*cifarRecordSize+100)]
		images, err := ReadCIFAR10Binary(bytes.NewReader(data), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "reading fuzz: ") {
				t.Fatalf("error %q does not name the input", err)
			}
			return
		}
		if len(data)%cifarRecordSize != 0 || images.N != len(data)/cifarRecordSize || len(images.Data) != images.N*3072 {
			t.Fatalf("accepted %d bytes as %d images with %d values", len(data), images.N, len(images.Data))
		}
		for i := range images.N {
			record := data[i*cifarRecordSize:]
			if images.Labels[i] != record[0] || record[0] > 9 {
				t.Fatalf("image %d: label %d from byte %d", i, images.Labels[i], record[0])
			}
			if got, want := images.Row(i)[1*3+1], float32(record[1+cifarPlane+1])/255; got != want { // Pixel 1, green.
				t.Fatalf("image %d: pixel 1 green is %g, want %g", i, got, want)
			}
		}
	})
}
