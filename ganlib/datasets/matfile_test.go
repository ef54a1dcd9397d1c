package datasets

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/adversarial-nets/gan/internal/mattest"
)

// The MAT-files of these tests are written by internal/mattest, a writer kept apart from this
// package's reader.

func TestReadMATValues(t *testing.T) {
	vars := []mattest.Var{
		{Name: "i8", Class: mattest.ClassInt8, Dims: []int{1, 3}, Type: mattest.TypeInt8, Values: []float64{-128, 0, 127}},
		{Name: "u8", Class: mattest.ClassUint8, Dims: []int{2, 3}, Type: mattest.TypeUint8, Values: []float64{0, 1, 2, 253, 254, 255}},
		{Name: "i16", Class: mattest.ClassInt16, Dims: []int{3, 1}, Type: mattest.TypeInt16, Values: []float64{-32768, -1, 32767}},
		{Name: "u16", Class: mattest.ClassUint16, Dims: []int{1, 2}, Type: mattest.TypeUint16, Values: []float64{0, 65535}},
		{Name: "i32", Class: mattest.ClassInt32, Dims: []int{1, 2}, Type: mattest.TypeInt32, Values: []float64{math.MinInt32, math.MaxInt32}},
		{Name: "u32", Class: mattest.ClassUint32, Dims: []int{1, 1}, Type: mattest.TypeUint32, Values: []float64{4294967295}},
		{Name: "single", Class: mattest.ClassSingle, Dims: []int{1, 2}, Type: mattest.TypeSingle, Values: []float64{-0.5, 3.25}},
		{Name: "double", Class: mattest.ClassDouble, Dims: []int{2, 2, 2}, Type: mattest.TypeDouble, Values: []float64{0.1, -2, 3e300, math.Inf(1), 5, 6, 7, 8}},
		{Name: "i64", Class: mattest.ClassInt64, Dims: []int{1, 1}, Type: mattest.TypeInt64, Values: []float64{-1 << 40}},
		{Name: "u64", Class: mattest.ClassUint64, Dims: []int{1, 1}, Type: mattest.TypeUint64, Values: []float64{1 << 50}},
		// MATLAB stores a double array of small whole numbers as bytes.
		{Name: "packed", Class: mattest.ClassDouble, Dims: []int{1, 4}, Type: mattest.TypeUint8, Values: []float64{0, 1, 2, 3}},
		// One byte of data and a one-letter name: both small data elements.
		{Name: "x", Class: mattest.ClassUint8, Dims: []int{1, 1}, Type: mattest.TypeUint8, Values: []float64{42}, Flags: mattest.FlagLogical},
		{Name: "empty", Class: mattest.ClassDouble, Dims: []int{0, 0}, Type: mattest.TypeDouble},
		{Name: "text", Class: mattest.ClassChar, Dims: []int{1, 5}},
	}
	for _, layout := range mattest.Layouts {
		arrays, err := ReadMAT(bytes.NewReader(mattest.File(layout.Order, layout.Compressed, vars...)), "values.mat")
		if err != nil {
			t.Fatalf("%s: %v", layout.Name, err)
		}
		if len(arrays) != len(vars) {
			t.Fatalf("%s: read %d variables, want %d", layout.Name, len(arrays), len(vars))
		}
		for k, v := range vars {
			a := arrays[k]
			if a.Name != v.Name || a.Class != MATClass(v.Class) || !slices.Equal(a.Dims, v.Dims) {
				t.Errorf("%s: variable %d is %q, %s, %v; want %q, %s, %v", layout.Name, k, a.Name, a.Class, a.Dims, v.Name, MATClass(v.Class), v.Dims)
				continue
			}
			if a.Numeric() != v.Class.Numeric() {
				t.Errorf("%s: %s: Numeric() = %v", layout.Name, v.Name, a.Numeric())
			}
			if a.Logical != (v.Flags&mattest.FlagLogical != 0) || a.Complex {
				t.Errorf("%s: %s: Logical %v, Complex %v", layout.Name, v.Name, a.Logical, a.Complex)
			}
			if !a.Numeric() {
				continue
			}
			if a.Len() != len(v.Values) {
				t.Errorf("%s: %s: Len() = %d, want %d", layout.Name, v.Name, a.Len(), len(v.Values))
				continue
			}
			for i, want := range v.Values {
				if got := a.At(i); got != want {
					t.Errorf("%s: %s.At(%d) = %g, want %g", layout.Name, v.Name, i, got, want)
				}
			}
		}
	}
}

// matHeaderWith returns the header of an empty MAT-file with bytes 124-127 replaced.
func matHeaderWith(version uint16, endian string) []byte {
	header := mattest.File(binary.LittleEndian, false)
	binary.LittleEndian.PutUint16(header[124:], version)
	copy(header[126:], endian)
	return header
}

func TestReadMATErrors(t *testing.T) {
	le := binary.LittleEndian
	u8 := mattest.Var{Name: "images", Class: mattest.ClassUint8, Dims: []int{2, 3}, Type: mattest.TypeUint8, Values: []float64{1, 2, 3, 4, 5, 6}}
	plain := mattest.File(le, false, u8)
	compressed := mattest.File(le, true, u8)
	header := plain[:matHeaderSize]
	withTag := func(typ mattest.Type, size uint32, data []byte) []byte {
		file := le.AppendUint32(bytes.Clone(header), uint32(typ))
		return append(le.AppendUint32(file, size), data...)
	}
	badChecksum := bytes.Clone(compressed)
	badChecksum[len(badChecksum)-1] ^= 0xff // The last byte of the zlib stream's Adler-32.
	badDeflate := bytes.Clone(compressed)
	badDeflate[matHeaderSize+8+2] = 0xff // The first byte of the deflate stream: a reserved block type.
	withDims := func(dims ...int) []byte {
		v := u8
		v.Dims, v.Raw = dims, []byte{}
		return mattest.File(le, false, v)
	}
	withFlags := func(flags []byte) []byte {
		file := bytes.Clone(plain)
		copy(file[matHeaderSize+8:], flags)
		return file
	}
	wrongSize := u8
	wrongSize.Raw = []byte{1, 2, 3, 4, 5}
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"empty", "file ends inside the 128-byte MAT-file header (after 0 bytes)", nil},
		{"short header", "file ends inside the 128-byte MAT-file header (after 100 bytes)", plain[:100]},
		{"not a MAT-file", `header bytes 126-127 are "\x00\x00", want "IM" or "MI"`, make([]byte, 200)},
		{"MATLAB 7.3", "a MATLAB 7.3 MAT-file (HDF5)", matHeaderWith(0x0200, "IM")},
		{"unknown version", "header says version 0x0300, want 0x0100", matHeaderWith(0x0300, "IM")},
		{"short tag", "element 1 (at byte 128): file ends inside the 8-byte element tag (after 5 bytes)", plain[:matHeaderSize+5]},
		{"truncated matrix", "element 1 (at byte 128): tag announces 64 bytes: the input ends after 30 of them", plain[:matHeaderSize+8+30]},
		{"huge tag", "tag announces 4294967295 bytes: more than the 1073741824 this reader accepts", withTag(mattest.TypeMatrix, 0xffffffff, nil)},
		{"top-level double", "tag says miDOUBLE, want miMATRIX or miCOMPRESSED", withTag(mattest.TypeDouble, 8, make([]byte, 8))},
		{"small top-level element", "want miMATRIX or miCOMPRESSED", withTag(1<<16|mattest.TypeUint8, 0, nil)},
		{"compressed non-matrix", "compressed element holds miDOUBLE, want miMATRIX", mattest.File(le, false)},
		{"truncated compressed", "compressed element announces a 64-byte matrix: the input ends after", compressed[:len(compressed)-10]},
		{"compressed without zlib header", "compressed element ends inside its zlib header", withTag(mattest.TypeCompressed, 100, nil)},
		{"bad zlib checksum", "zlib: invalid checksum", badChecksum},
		{"bad deflate data", "compressed element", badDeflate},
		{"not zlib", "compressed element: zlib: invalid header", withTag(mattest.TypeCompressed, 8, make([]byte, 8))},
		{"flags of the wrong type", "array flags are 8 bytes of miDOUBLE, want 8 bytes of miUINT32", withFlags([]byte{9, 0, 0, 0})},
		{"flags overrun", "array flags announces 1000 bytes but the matrix has 56 left", withFlags([]byte{6, 0, 0, 0, 0xe8, 3, 0, 0})},
		{"big small element", "array flags: small data element says 9 bytes, at most 4 fit", withFlags([]byte{6, 0, 9, 0})},
		{"negative dimension", "dimensions [2 -3] include a negative one", withDims(2, -3)},
		{"huge dimensions", "dimensions [65536 65536]: more than the 1073741824 elements", withDims(65536, 65536)},
		{"no dimensions", "dimensions are 0 bytes of miINT32", withDims()},
		{"real part of the wrong size", `variable "images": real part has 5 bytes of miUINT8, want 6 for [2 3] values`, mattest.File(le, false, wrongSize)},
	} {
		if tc.name == "compressed non-matrix" {
			element := mattest.Element(le, mattest.TypeDouble, make([]byte, 8))
			tc.data = append(tc.data, mattest.Element(le, mattest.TypeCompressed, mattest.Zlib(element))...)
		}
		_, err := ReadMAT(bytes.NewReader(tc.data), "bad.mat")
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "reading bad.mat: ") || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: error %q, want one naming bad.mat and saying %q", tc.name, msg, tc.want)
		}
	}
}

// TestReadMATTruncated cuts a file at every length: each cut must give an error or, at
// an element boundary, the variables before it; never a panic.
func TestReadMATTruncated(t *testing.T) {
	vars := []mattest.Var{
		{Name: "a", Class: mattest.ClassUint8, Dims: []int{3, 5}, Type: mattest.TypeUint8, Values: make([]float64, 15)},
		{Name: "bb", Class: mattest.ClassDouble, Dims: []int{2, 2}, Type: mattest.TypeDouble, Values: []float64{1, 2, 3, 4}},
	}
	for _, layout := range mattest.Layouts {
		file := mattest.File(layout.Order, layout.Compressed, vars...)
		boundary := len(file) - len(mattest.File(layout.Order, layout.Compressed, vars[1]))
		for cut := range len(file) {
			arrays, err := ReadMAT(bytes.NewReader(file[:cut]), "cut.mat")
			switch {
			case cut == matHeaderSize:
				if err != nil || len(arrays) != 0 {
					t.Errorf("%s: the header alone gives %d variables, error %v; want none and no error", layout.Name, len(arrays), err)
				}
			case cut == boundary+matHeaderSize:
				if err != nil || len(arrays) != 1 || arrays[0].Name != "a" {
					t.Errorf("%s: the first variable alone gives %d variables, error %v", layout.Name, len(arrays), err)
				}
			case err == nil:
				t.Errorf("%s: cut after %d of %d bytes: no error", layout.Name, cut, len(file))
			case !strings.HasPrefix(err.Error(), "reading cut.mat: "):
				t.Errorf("%s: error %q does not name the file", layout.Name, err)
			}
		}
	}
}

// FuzzReadMAT checks that no input makes the MAT and TFD readers panic, and that what they
// accept is consistent.
func FuzzReadMAT(f *testing.F) {
	small := mattest.TFDVars(4, 3, 2)
	for _, layout := range mattest.Layouts {
		f.Add(mattest.File(layout.Order, layout.Compressed, small...))
	}
	file := mattest.File(binary.LittleEndian, true, small...)
	f.Add(file[:len(file)/2])
	f.Add(mattest.File(binary.LittleEndian, false, mattest.Var{Name: "x", Class: mattest.ClassDouble, Dims: []int{1, 1}, Type: mattest.TypeDouble, Values: []float64{1}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		arrays, err := ReadMAT(bytes.NewReader(data), "fuzz")
		if err != nil && !strings.HasPrefix(err.Error(), "reading fuzz: ") {
			t.Fatalf("error %q does not name the input", err)
		}
		for _, a := range arrays {
			if !a.Numeric() {
				continue
			}
			for i := range a.Len() {
				a.At(i) // Must not panic: Len and the data agree.
			}
		}
		tfd, err := ReadTFD(bytes.NewReader(data), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "reading fuzz: ") {
				t.Fatalf("error %q does not name the input", err)
			}
			return
		}
		all := tfd.All()
		if all.N != tfd.N || len(all.Data) != tfd.N*tfd.Height*tfd.Width || len(tfd.Folds) != tfd.N {
			t.Fatalf("TFD of %d images of %dx%d has %d values and %d fold rows", tfd.N, tfd.Height, tfd.Width, len(all.Data), len(tfd.Folds))
		}
		total := 0
		for split := TFDUnlabeled; split <= TFDTest; split++ {
			images, err := tfd.Split(1, split)
			if err != nil {
				t.Fatal(err)
			}
			if images.Labels != nil && len(images.Labels) != images.N {
				t.Fatalf("%d labels for %d images", len(images.Labels), images.N)
			}
			total += images.N
		}
		if total != tfd.N {
			t.Fatalf("the splits of fold 1 hold %d images, the file %d", total, tfd.N)
		}
	})
}
