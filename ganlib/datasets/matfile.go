package datasets

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
)

// The level-5 MAT-file format (MATLAB 5 to 7; MathWorks' "MAT-File Format" reference):
//
//   - a 128-byte header: 116 bytes of text, 8 bytes of subsystem offset, a 2-byte version
//     (0x0100) and the characters "MI" written as one uint16 in the writer's byte order, so a
//     little-endian file ends its header with the bytes 'I', 'M';
//   - then data elements, each an 8-byte tag (uint32 data type, uint32 byte count) and its
//     bytes, padded to a multiple of 8. A "small" element packs up to 4 bytes into the tag:
//     the byte count goes in the upper 16 bits of the type word and the data in the second word;
//   - a variable is an miMATRIX element whose data are subelements: array flags (the class),
//     dimensions, name, then the real part, which may be stored in a smaller type than the
//     class (MATLAB writes a double array of small whole numbers as miUINT8);
//   - MATLAB 7's default (save -v7) wraps each variable in an miCOMPRESSED element, a zlib
//     stream that holds the miMATRIX element.
//
// MATLAB 7.3 files (save -v7.3) are HDF5 files instead, and not read here.

// matType is the data type in an element's tag.
type matType uint32

const (
	miINT8       matType = 1
	miUINT8      matType = 2
	miINT16      matType = 3
	miUINT16     matType = 4
	miINT32      matType = 5
	miUINT32     matType = 6
	miSINGLE     matType = 7
	miDOUBLE     matType = 9
	miINT64      matType = 12
	miUINT64     matType = 13
	miMATRIX     matType = 14
	miCOMPRESSED matType = 15
	miUTF8       matType = 16
)

const (
	matHeaderSize = 128
	matVersion5   = 0x0100
	matVersion73  = 0x0200 // HDF5.

	// maxMATBytes bounds one element (TFD_96x96.mat's images hold 0.94 GB), so that a corrupt
	// tag is refused before anything is allocated for it.
	maxMATBytes = 1 << 30
)

// size returns the bytes per value of a numeric type, 0 for the others.
func (t matType) size() int {
	switch t {
	case miINT8, miUINT8:
		return 1
	case miINT16, miUINT16:
		return 2
	case miINT32, miUINT32, miSINGLE:
		return 4
	case miDOUBLE, miINT64, miUINT64:
		return 8
	}
	return 0
}

var matTypeNames = map[matType]string{
	miINT8: "miINT8", miUINT8: "miUINT8", miINT16: "miINT16", miUINT16: "miUINT16",
	miINT32: "miINT32", miUINT32: "miUINT32", miSINGLE: "miSINGLE", miDOUBLE: "miDOUBLE",
	miINT64: "miINT64", miUINT64: "miUINT64", miMATRIX: "miMATRIX", miCOMPRESSED: "miCOMPRESSED",
	miUTF8: "miUTF8",
}

func (t matType) String() string {
	if name, ok := matTypeNames[t]; ok {
		return name
	}
	return fmt.Sprintf("data type %d", uint32(t))
}

// MATClass is a MAT-file array's class, as MATLAB's class() names it.
type MATClass uint8

// The array classes of the MAT-file format.
const (
	MATCell   MATClass = 1
	MATStruct MATClass = 2
	MATObject MATClass = 3
	MATChar   MATClass = 4
	MATSparse MATClass = 5
	MATDouble MATClass = 6
	MATSingle MATClass = 7
	MATInt8   MATClass = 8
	MATUint8  MATClass = 9
	MATInt16  MATClass = 10
	MATUint16 MATClass = 11
	MATInt32  MATClass = 12
	MATUint32 MATClass = 13
	MATInt64  MATClass = 14
	MATUint64 MATClass = 15
)

func (c MATClass) String() string {
	names := []string{"", "cell", "struct", "object", "char", "sparse", "double", "single",
		"int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"}
	if c > 0 && int(c) < len(names) {
		return names[c]
	}
	return fmt.Sprintf("class %d", uint8(c))
}

// numeric reports a full numeric array: one whose values this reader keeps.
func (c MATClass) numeric() bool { return c >= MATDouble && c <= MATUint64 }

// MATArray is one variable of a MAT-file.
//
// Values stay as the file stores them, in MATLAB's column-major order: element (i, j, k) of
// an array with Dims [d0, d1, d2] is At(i + d0*(j + d1*k)). Only numeric arrays keep values;
// of a cell array, struct, object, character or sparse array only the name, class and
// dimensions are read.
type MATArray struct {
	Name    string
	Class   MATClass
	Dims    []int
	Complex bool // Only the real part is kept.
	Logical bool // A MATLAB logical array, stored as uint8.

	data  []byte  // Len() values of type dtype, in byte order order; nil unless Numeric.
	dtype matType // How the values are stored, which need not match Class.
	order binary.ByteOrder
}

// Len is the number of elements: the product of Dims.
func (a MATArray) Len() int {
	n := 1
	for _, d := range a.Dims {
		n *= d
	}
	return n
}

// Numeric reports whether the array is a full numeric array whose values At returns.
func (a MATArray) Numeric() bool { return a.Class.numeric() && a.dtype.size() > 0 }

// At returns element i (column-major) as a float64; int64 and uint64 values beyond 2^53
// are rounded. It panics if i is out of range or the array is not Numeric.
func (a MATArray) At(i int) float64 {
	size := a.dtype.size()
	if !a.Numeric() || i < 0 || i >= len(a.data)/size {
		panic(fmt.Sprintf("datasets: MATArray %q (%s): At(%d) out of range", a.Name, a.Class, i))
	}
	b := a.data[i*size : (i+1)*size]
	switch a.dtype {
	case miINT8:
		return float64(int8(b[0]))
	case miUINT8:
		return float64(b[0])
	case miINT16:
		return float64(int16(a.order.Uint16(b)))
	case miUINT16:
		return float64(a.order.Uint16(b))
	case miINT32:
		return float64(int32(a.order.Uint32(b)))
	case miUINT32:
		return float64(a.order.Uint32(b))
	case miSINGLE:
		return float64(math.Float32frombits(a.order.Uint32(b)))
	case miDOUBLE:
		return math.Float64frombits(a.order.Uint64(b))
	case miINT64:
		return float64(int64(a.order.Uint64(b)))
	default: // miUINT64, the last numeric type.
		return float64(a.order.Uint64(b))
	}
}

// ReadMAT reads the variables of a level-5 MAT-file (MATLAB 5 to 7, compressed or not),
// in file order. name is only used in error messages.
func ReadMAT(r io.Reader, name string) ([]MATArray, error) {
	arrays, err := readMAT(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return arrays, nil
}

// ReadMATFile reads the variables of the level-5 MAT-file at path.
func ReadMATFile(path string) ([]MATArray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	return ReadMAT(f, path)
}

func readMAT(r io.Reader) ([]MATArray, error) {
	in := &countingReader{r: bufio.NewReaderSize(r, 1<<16)}
	order, err := readMATHeader(in)
	if err != nil {
		return nil, err
	}
	var arrays []MATArray
	for {
		start := in.n
		array, ok, err := readMATElement(in, order)
		if err != nil {
			return nil, fmt.Errorf("element %d (at byte %d): %w", len(arrays)+1, start, err)
		}
		if !ok {
			return arrays, nil
		}
		arrays = append(arrays, array)
	}
}

// readMATHeader checks the 128-byte header and returns the file's byte order.
func readMATHeader(r io.Reader) (binary.ByteOrder, error) {
	var header [matHeaderSize]byte
	if n, err := io.ReadFull(r, header[:]); err != nil {
		return nil, headerError("the 128-byte MAT-file header", n, err)
	}
	var order binary.ByteOrder
	switch string(header[126:128]) {
	case "IM":
		order = binary.LittleEndian
	case "MI":
		order = binary.BigEndian
	default:
		return nil, fmt.Errorf("header bytes 126-127 are %q, want \"IM\" or \"MI\": not a MAT-file of MATLAB 5 to 7", header[126:128])
	}
	switch version := order.Uint16(header[124:]); version {
	case matVersion5:
		return order, nil
	case matVersion73:
		return nil, errors.New("a MATLAB 7.3 MAT-file (HDF5), which this reader does not read: " +
			"save it again in the MATLAB 7 format (save(file, '-v7') in MATLAB, or scipy.io.savemat)")
	default:
		return nil, fmt.Errorf("header says version 0x%04X, want 0x%04X", version, matVersion5)
	}
}

// readMATElement reads one top-level element: a variable, compressed or not. ok is false
// when the input ends cleanly before the element.
func readMATElement(in *countingReader, order binary.ByteOrder) (array MATArray, ok bool, err error) {
	var tag [8]byte
	n, err := io.ReadFull(in, tag[:])
	if n == 0 && errors.Is(err, io.EOF) {
		return MATArray{}, false, nil
	}
	if err != nil {
		return MATArray{}, false, headerError("the 8-byte element tag", n, err)
	}
	typ, size := matType(order.Uint32(tag[:])), int64(order.Uint32(tag[4:]))
	if size > maxMATBytes {
		return MATArray{}, false, fmt.Errorf("tag announces %d bytes: more than the %d this reader accepts (corrupt tag?)", size, maxMATBytes)
	}
	switch typ {
	case miCOMPRESSED:
		array, err = readCompressedMatrix(io.LimitReader(in, size), order)
	case miMATRIX:
		var payload []byte
		payload, err = readMATPayload(in, int(size))
		if err != nil {
			return MATArray{}, false, fmt.Errorf("tag announces %d bytes: %w", size, err)
		}
		// Elements are padded to 8 bytes; a file that ends inside the padding lost nothing.
		if _, err := io.CopyN(io.Discard, in, padding(size)); err != nil && !isEndOfInput(err) {
			return MATArray{}, false, err
		}
		array, err = parseMATMatrix(payload, order)
	default:
		// Small data elements (upper 16 bits set) land here too: no variable fits in 4 bytes.
		return MATArray{}, false, fmt.Errorf("tag says %s, want miMATRIX or miCOMPRESSED", typ)
	}
	if err != nil {
		return MATArray{}, false, err
	}
	return array, true, nil
}

// readCompressedMatrix reads an miCOMPRESSED element's data: a zlib stream holding one
// miMATRIX element.
func readCompressedMatrix(compressed io.Reader, order binary.ByteOrder) (MATArray, error) {
	z, err := zlib.NewReader(compressed)
	if err != nil {
		if isEndOfInput(err) {
			return MATArray{}, errors.New("compressed element ends inside its zlib header")
		}
		return MATArray{}, fmt.Errorf("compressed element: %w", err)
	}
	var tag [8]byte
	if n, err := io.ReadFull(z, tag[:]); err != nil {
		return MATArray{}, fmt.Errorf("compressed element: %w", headerError("the 8-byte tag", n, err))
	}
	typ, size := matType(order.Uint32(tag[:])), order.Uint32(tag[4:])
	if typ != miMATRIX {
		return MATArray{}, fmt.Errorf("compressed element holds %s, want miMATRIX", typ)
	}
	if size > maxMATBytes {
		return MATArray{}, fmt.Errorf("compressed element announces a %d-byte matrix: more than the %d this reader accepts (corrupt tag?)", size, maxMATBytes)
	}
	payload, err := readMATPayload(z, int(size))
	if err != nil {
		return MATArray{}, fmt.Errorf("compressed element announces a %d-byte matrix: %w", size, err)
	}
	// Reading on to the end of the stream makes the zlib reader verify its checksum.
	if _, err := io.Copy(io.Discard, z); err != nil {
		if isEndOfInput(err) {
			return MATArray{}, errors.New("compressed element ends inside its zlib stream (file truncated?)")
		}
		return MATArray{}, fmt.Errorf("compressed element: %w", err)
	}
	// Bytes after the zlib stream, inside the element, are ignored, as scipy.io.loadmat does.
	if _, err := io.Copy(io.Discard, compressed); err != nil {
		return MATArray{}, err
	}
	return parseMATMatrix(payload, order)
}

// readMATPayload reads exactly size bytes. Memory grows with the bytes actually read, so a
// tag that announces more than the input holds costs nothing.
func readMATPayload(r io.Reader, size int) ([]byte, error) {
	buf := make([]byte, 0, min(size, 1<<20))
	for len(buf) < size {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(cap(buf), size-len(buf)))
		}
		n, err := io.ReadFull(r, buf[len(buf):min(cap(buf), size)])
		buf = buf[:len(buf)+n]
		if isEndOfInput(err) {
			return nil, fmt.Errorf("the input ends after %d of them", len(buf))
		}
		if err != nil {
			return nil, fmt.Errorf("after %d of them: %w", len(buf), err)
		}
	}
	return buf, nil
}

// parseMATMatrix decodes the subelements of an miMATRIX element.
func parseMATMatrix(payload []byte, order binary.ByteOrder) (MATArray, error) {
	sub := matSubelements{data: payload, order: order}
	typ, flags, err := sub.next("array flags")
	if err != nil {
		return MATArray{}, err
	}
	if typ != miUINT32 || len(flags) != 8 {
		return MATArray{}, fmt.Errorf("array flags are %d bytes of %s, want 8 bytes of miUINT32", len(flags), typ)
	}
	word := order.Uint32(flags)
	array := MATArray{
		Class:   MATClass(word & 0xff),
		Complex: word&0x800 != 0,
		Logical: word&0x200 != 0,
		order:   order,
	}
	if array.Dims, err = sub.dims(); err != nil {
		return MATArray{}, err
	}
	typ, name, err := sub.next("name")
	if err != nil {
		return MATArray{}, err
	}
	if typ != miINT8 && typ != miUINT8 && typ != miUTF8 {
		return MATArray{}, fmt.Errorf("name is %s, want miINT8", typ)
	}
	array.Name = string(name)
	if !array.Class.numeric() {
		return array, nil // Cells, structs, objects, characters, sparse arrays: not needed here.
	}
	if array.Len() == 0 && sub.done() {
		array.dtype = miUINT8 // Empty arrays may leave out their real part.
		return array, nil
	}
	typ, values, err := sub.next("real part")
	if err != nil {
		return MATArray{}, fmt.Errorf("variable %q: %w", array.Name, err)
	}
	if typ.size() == 0 {
		return MATArray{}, fmt.Errorf("variable %q: real part is %s, want a numeric type", array.Name, typ)
	}
	if len(values) != array.Len()*typ.size() {
		return MATArray{}, fmt.Errorf("variable %q: real part has %d bytes of %s, want %d for %v values",
			array.Name, len(values), typ, array.Len()*typ.size(), array.Dims)
	}
	array.data, array.dtype = values, typ
	return array, nil
}

// matSubelements walks the subelements of an miMATRIX element.
type matSubelements struct {
	data  []byte
	pos   int
	order binary.ByteOrder
}

func (s *matSubelements) done() bool { return s.pos >= len(s.data) }

// next returns the next subelement's type and data; what names it in errors.
func (s *matSubelements) next(what string) (matType, []byte, error) {
	left := len(s.data) - s.pos
	if left < 8 {
		return 0, nil, fmt.Errorf("matrix ends before its %s", what)
	}
	word := s.order.Uint32(s.data[s.pos:])
	if size := int(word >> 16); size != 0 { // A small data element: the 8 bytes hold it all.
		if size > 4 {
			return 0, nil, fmt.Errorf("%s: small data element says %d bytes, at most 4 fit", what, size)
		}
		data := s.data[s.pos+4 : s.pos+4+size]
		s.pos += 8
		return matType(word & 0xffff), data, nil
	}
	size := int64(s.order.Uint32(s.data[s.pos+4:]))
	if size > int64(left-8) {
		return 0, nil, fmt.Errorf("%s announces %d bytes but the matrix has %d left", what, size, left-8)
	}
	data := s.data[s.pos+8 : s.pos+8+int(size)]
	s.pos = min(s.pos+8+int(size+padding(size)), len(s.data))
	return matType(word), data, nil
}

// dims reads the dimensions subelement: at least one int32, none negative, and a
// product the reader accepts.
func (s *matSubelements) dims() ([]int, error) {
	typ, data, err := s.next("dimensions")
	if err != nil {
		return nil, err
	}
	if typ != miINT32 || len(data) == 0 || len(data)%4 != 0 {
		return nil, fmt.Errorf("dimensions are %d bytes of %s, want int32 values (miINT32)", len(data), typ)
	}
	dims := make([]int, len(data)/4)
	total := 1
	for i := range dims {
		dims[i] = int(int32(s.order.Uint32(data[4*i:])))
		if dims[i] < 0 {
			return nil, fmt.Errorf("dimensions %v include a negative one", dims[:i+1])
		}
		if dims[i] > 0 && total > maxMATBytes/dims[i] {
			return nil, fmt.Errorf("dimensions %v: more than the %d elements this reader accepts (corrupt file?)", dims[:i+1], maxMATBytes)
		}
		total *= dims[i]
	}
	return dims, nil
}

// padding returns the bytes that pad size bytes to a multiple of 8.
func padding(size int64) int64 { return (8 - size%8) % 8 }

// countingReader counts the bytes read, so that errors can say where a bad element starts.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
