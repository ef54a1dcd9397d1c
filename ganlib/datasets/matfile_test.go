package datasets

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"testing"
)

// matByteOrder puts and appends: binary.LittleEndian or binary.BigEndian.
type matByteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// matVar is one variable for matFileBytes: values column-major, stored as dtype.
type matVar struct {
	name   string
	class  MATClass
	dims   []int
	dtype  matType
	values []float64
	flags  uint32 // Extra array-flag bits: 0x800 complex, 0x200 logical.
	raw    []byte // When not nil, written as the real part instead of values.
}

// matFileBytes encodes variables as a level-5 MAT-file in the given byte order: each in an
// miCOMPRESSED element when compressed (MATLAB 7's default), else as plain miMATRIX elements
// (MATLAB 6, save -v6).
func matFileBytes(order matByteOrder, compressed bool, vars ...matVar) []byte {
	header := []byte("MATLAB 5.0 MAT-file, written by the tests of ganlib/datasets")
	header = append(header, bytes.Repeat([]byte{' '}, 116-len(header))...)
	header = append(header, make([]byte, 8)...) // Subsystem data offset.
	header = order.AppendUint16(header, matVersion5)
	header = order.AppendUint16(header, 'M'<<8|'I')
	file := header
	for _, v := range vars {
		matrix := matMatrixBytes(order, v)
		if compressed {
			matrix = matElementBytes(order, miCOMPRESSED, zlibBytes(matrix))
		}
		file = append(file, matrix...)
	}
	return file
}

// matMatrixBytes encodes one variable as an miMATRIX element.
func matMatrixBytes(order matByteOrder, v matVar) []byte {
	flags := order.AppendUint32(nil, uint32(v.class)|v.flags)
	flags = order.AppendUint32(flags, 0)
	var dims []byte
	for _, d := range v.dims {
		dims = order.AppendUint32(dims, uint32(int32(d)))
	}
	payload := matElementBytes(order, miUINT32, flags)
	payload = append(payload, matElementBytes(order, miINT32, dims)...)
	payload = append(payload, matElementBytes(order, miINT8, []byte(v.name))...)
	if v.class.numeric() {
		values := v.raw
		if values == nil {
			values = encodeMATValues(order, v.dtype, v.values)
		}
		payload = append(payload, matElementBytes(order, v.dtype, values)...)
	}
	return matElementBytes(order, miMATRIX, payload)
}

// matElementBytes encodes one data element, padded to 8 bytes; 1 to 4 bytes of data other
// than compressed data go in a small data element, as MATLAB writes short names.
func matElementBytes(order matByteOrder, typ matType, data []byte) []byte {
	if n := len(data); n > 0 && n <= 4 && typ != miCOMPRESSED {
		element := order.AppendUint32(nil, uint32(n)<<16|uint32(typ))
		element = append(element, data...)
		return append(element, make([]byte, 4-n)...)
	}
	element := order.AppendUint32(nil, uint32(typ))
	element = order.AppendUint32(element, uint32(len(data)))
	element = append(element, data...)
	if typ == miCOMPRESSED {
		return element // Compressed elements are not padded.
	}
	return append(element, make([]byte, padding(int64(len(data))))...)
}

func encodeMATValues(order matByteOrder, typ matType, values []float64) []byte {
	var out []byte
	for _, v := range values {
		switch typ {
		case miINT8:
			out = append(out, byte(int8(v)))
		case miUINT8:
			out = append(out, byte(v))
		case miINT16:
			out = order.AppendUint16(out, uint16(int16(v)))
		case miUINT16:
			out = order.AppendUint16(out, uint16(v))
		case miINT32:
			out = order.AppendUint32(out, uint32(int32(v)))
		case miUINT32:
			out = order.AppendUint32(out, uint32(v))
		case miSINGLE:
			out = order.AppendUint32(out, math.Float32bits(float32(v)))
		case miDOUBLE:
			out = order.AppendUint64(out, math.Float64bits(v))
		case miINT64:
			out = order.AppendUint64(out, uint64(int64(v)))
		case miUINT64:
			out = order.AppendUint64(out, uint64(v))
		default:
			panic("encodeMATValues: " + typ.String())
		}
	}
	return out
}

func zlibBytes(data []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// matLayouts are the four ways a MAT-file can hold the same variables.
var matLayouts = []struct {
	name       string
	order      matByteOrder
	compressed bool
}{
	{"little-endian v6", binary.LittleEndian, false},
	{"little-endian v7 compressed", binary.LittleEndian, true},
	{"big-endian v6", binary.BigEndian, false},
	{"big-endian v7 compressed", binary.BigEndian, true},
}

func TestReadMATValues(t *testing.T) {
	vars := []matVar{
		{name: "i8", class: MATInt8, dims: []int{1, 3}, dtype: miINT8, values: []float64{-128, 0, 127}},
		{name: "u8", class: MATUint8, dims: []int{2, 3}, dtype: miUINT8, values: []float64{0, 1, 2, 253, 254, 255}},
		{name: "i16", class: MATInt16, dims: []int{3, 1}, dtype: miINT16, values: []float64{-32768, -1, 32767}},
		{name: "u16", class: MATUint16, dims: []int{1, 2}, dtype: miUINT16, values: []float64{0, 65535}},
		{name: "i32", class: MATInt32, dims: []int{1, 2}, dtype: miINT32, values: []float64{math.MinInt32, math.MaxInt32}},
		{name: "u32", class: MATUint32, dims: []int{1, 1}, dtype: miUINT32, values: []float64{4294967295}},
		{name: "single", class: MATSingle, dims: []int{1, 2}, dtype: miSINGLE, values: []float64{-0.5, 3.25}},
		{name: "double", class: MATDouble, dims: []int{2, 2, 2}, dtype: miDOUBLE, values: []float64{0.1, -2, 3e300, math.Inf(1), 5, 6, 7, 8}},
		{name: "i64", class: MATInt64, dims: []int{1, 1}, dtype: miINT64, values: []float64{-1 << 40}},
		{name: "u64", class: MATUint64, dims: []int{1, 1}, dtype: miUINT64, values: []float64{1 << 50}},
		// MATLAB stores a double array of small whole numbers as bytes.
		{name: "packed", class: MATDouble, dims: []int{1, 4}, dtype: miUINT8, values: []float64{0, 1, 2, 3}},
		// One byte of data and a one-letter name: both small data elements.
		{name: "x", class: MATUint8, dims: []int{1, 1}, dtype: miUINT8, values: []float64{42}, flags: 0x200},
		{name: "empty", class: MATDouble, dims: []int{0, 0}, dtype: miDOUBLE},
		{name: "text", class: MATChar, dims: []int{1, 5}},
	}
	for _, layout := range matLayouts {
		arrays, err := ReadMAT(bytes.NewReader(matFileBytes(layout.order, layout.compressed, vars...)), "values.mat")
		if err != nil {
			t.Fatalf("%s: %v", layout.name, err)
		}
		if len(arrays) != len(vars) {
			t.Fatalf("%s: read %d variables, want %d", layout.name, len(arrays), len(vars))
		}
		for k, v := range vars {
			a := arrays[k]
			if a.Name != v.name || a.Class != v.class || !slices.Equal(a.Dims, v.dims) {
				t.Errorf("%s: variable %d is %q, %s, %v; want %q, %s, %v", layout.name, k, a.Name, a.Class, a.Dims, v.name, v.class, v.dims)
				continue
			}
			if a.Numeric() != v.class.numeric() {
				t.Errorf("%s: %s: Numeric() = %v", layout.name, v.name, a.Numeric())
			}
			if a.Logical != (v.flags&0x200 != 0) || a.Complex {
				t.Errorf("%s: %s: Logical %v, Complex %v", layout.name, v.name, a.Logical, a.Complex)
			}
			if !a.Numeric() {
				continue
			}
			if a.Len() != len(v.values) {
				t.Errorf("%s: %s: Len() = %d, want %d", layout.name, v.name, a.Len(), len(v.values))
				continue
			}
			for i, want := range v.values {
				if got := a.At(i); got != want {
					t.Errorf("%s: %s.At(%d) = %g, want %g", layout.name, v.name, i, got, want)
				}
			}
		}
	}
}

// validMATHeader returns the header of matFileBytes with bytes 124-127 replaced.
func matHeaderWith(version uint16, endian string) []byte {
	header := matFileBytes(binary.LittleEndian, false)
	binary.LittleEndian.PutUint16(header[124:], version)
	copy(header[126:], endian)
	return header
}

func TestReadMATErrors(t *testing.T) {
	le := binary.LittleEndian
	u8 := matVar{name: "images", class: MATUint8, dims: []int{2, 3}, dtype: miUINT8, values: []float64{1, 2, 3, 4, 5, 6}}
	plain := matFileBytes(le, false, u8)
	compressed := matFileBytes(le, true, u8)
	header := plain[:matHeaderSize]
	withTag := func(typ matType, size uint32, data []byte) []byte {
		file := le.AppendUint32(bytes.Clone(header), uint32(typ))
		return append(le.AppendUint32(file, size), data...)
	}
	badChecksum := bytes.Clone(compressed)
	badChecksum[len(badChecksum)-1] ^= 0xff // The last byte of the zlib stream's Adler-32.
	badDeflate := bytes.Clone(compressed)
	badDeflate[matHeaderSize+8+2] = 0xff // The first byte of the deflate stream: a reserved block type.
	withDims := func(dims ...int) []byte {
		v := u8
		v.dims, v.raw = dims, []byte{}
		return matFileBytes(le, false, v)
	}
	withFlags := func(flags []byte) []byte {
		file := bytes.Clone(plain)
		copy(file[matHeaderSize+8:], flags)
		return file
	}
	wrongSize := u8
	wrongSize.raw = []byte{1, 2, 3, 4, 5}
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
		{"huge tag", "tag announces 4294967295 bytes: more than the 1073741824 this reader accepts", withTag(miMATRIX, 0xffffffff, nil)},
		{"top-level double", "tag says miDOUBLE, want miMATRIX or miCOMPRESSED", withTag(miDOUBLE, 8, make([]byte, 8))},
		{"small top-level element", "want miMATRIX or miCOMPRESSED", withTag(1<<16|miUINT8, 0, nil)},
		{"compressed non-matrix", "compressed element holds miDOUBLE, want miMATRIX", matFileBytes(le, false)},
		{"truncated compressed", "compressed element announces a 64-byte matrix: the input ends after", compressed[:len(compressed)-10]},
		{"compressed without zlib header", "compressed element ends inside its zlib header", withTag(miCOMPRESSED, 100, nil)},
		{"bad zlib checksum", "zlib: invalid checksum", badChecksum},
		{"bad deflate data", "compressed element", badDeflate},
		{"not zlib", "compressed element: zlib: invalid header", withTag(miCOMPRESSED, 8, make([]byte, 8))},
		{"flags of the wrong type", "array flags are 8 bytes of miDOUBLE, want 8 bytes of miUINT32", withFlags([]byte{9, 0, 0, 0})},
		{"flags overrun", "array flags announces 1000 bytes but the matrix has 56 left", withFlags([]byte{6, 0, 0, 0, 0xe8, 3, 0, 0})},
		{"big small element", "array flags: small data element says 9 bytes, at most 4 fit", withFlags([]byte{6, 0, 9, 0})},
		{"negative dimension", "dimensions [2 -3] include a negative one", withDims(2, -3)},
		{"huge dimensions", "dimensions [65536 65536]: more than the 1073741824 elements", withDims(65536, 65536)},
		{"no dimensions", "dimensions are 0 bytes of miINT32", withDims()},
		{"real part of the wrong size", `variable "images": real part has 5 bytes of miUINT8, want 6 for [2 3] values`, matFileBytes(le, false, wrongSize)},
	} {
		if tc.name == "compressed non-matrix" {
			element := matElementBytes(le, miDOUBLE, make([]byte, 8))
			tc.data = append(tc.data, matElementBytes(le, miCOMPRESSED, zlibBytes(element))...)
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
	vars := []matVar{
		{name: "a", class: MATUint8, dims: []int{3, 5}, dtype: miUINT8, values: make([]float64, 15)},
		{name: "bb", class: MATDouble, dims: []int{2, 2}, dtype: miDOUBLE, values: []float64{1, 2, 3, 4}},
	}
	for _, layout := range matLayouts {
		file := matFileBytes(layout.order, layout.compressed, vars...)
		boundary := len(file) - len(matFileBytes(layout.order, layout.compressed, vars[1]))
		for cut := range len(file) {
			arrays, err := ReadMAT(bytes.NewReader(file[:cut]), "cut.mat")
			switch {
			case cut == matHeaderSize:
				if err != nil || len(arrays) != 0 {
					t.Errorf("%s: the header alone gives %d variables, error %v; want none and no error", layout.name, len(arrays), err)
				}
			case cut == boundary+matHeaderSize:
				if err != nil || len(arrays) != 1 || arrays[0].Name != "a" {
					t.Errorf("%s: the first variable alone gives %d variables, error %v", layout.name, len(arrays), err)
				}
			case err == nil:
				t.Errorf("%s: cut after %d of %d bytes: no error", layout.name, cut, len(file))
			case !strings.HasPrefix(err.Error(), "reading cut.mat: "):
				t.Errorf("%s: error %q does not name the file", layout.name, err)
			}
		}
	}
}

// FuzzReadMAT checks that no input makes the MAT and TFD readers panic, and that what they
// accept is consistent.
func FuzzReadMAT(f *testing.F) {
	small := tfdTestVars(4, 3, 2)
	for _, layout := range matLayouts {
		f.Add(matFileBytes(layout.order, layout.compressed, small...))
	}
	file := matFileBytes(binary.LittleEndian, true, small...)
	f.Add(file[:len(file)/2])
	f.Add(matFileBytes(binary.LittleEndian, false, matVar{name: "x", class: MATDouble, dims: []int{1, 1}, dtype: miDOUBLE, values: []float64{1}}))
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
