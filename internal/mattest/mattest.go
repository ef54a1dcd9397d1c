// Package mattest writes level-5 MAT-files (MATLAB 5 to 7) for tests: variables of any class and
// storage type, compressed (MATLAB 7's default) or not, in either byte order; and small files laid
// out as the Toronto Face Database's TFD_48x48.mat (see TFDFile), so that the TFD code paths can
// be tested on any machine: the real file is not redistributable.
//
// It is a writer only, on purpose independent of ganlib/datasets' reader, so that a misreading of
// the format in one is not mirrored in the other; and it can also write what the reader must
// refuse (see Var.Raw and the element helpers).
package mattest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"math"
)

// ByteOrder puts and appends: binary.LittleEndian or binary.BigEndian.
type ByteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// Type is the data type in an element's tag (the format's miINT8 ... miUTF8).
type Type uint32

// The data types of the MAT-file format.
const (
	TypeInt8       Type = 1
	TypeUint8      Type = 2
	TypeInt16      Type = 3
	TypeUint16     Type = 4
	TypeInt32      Type = 5
	TypeUint32     Type = 6
	TypeSingle     Type = 7
	TypeDouble     Type = 9
	TypeInt64      Type = 12
	TypeUint64     Type = 13
	TypeMatrix     Type = 14
	TypeCompressed Type = 15
	TypeUTF8       Type = 16
)

// Class is an array's class, as MATLAB's class() names it (the format's mxCELL_CLASS ...).
type Class uint8

// The array classes of the MAT-file format.
const (
	ClassCell   Class = 1
	ClassStruct Class = 2
	ClassObject Class = 3
	ClassChar   Class = 4
	ClassSparse Class = 5
	ClassDouble Class = 6
	ClassSingle Class = 7
	ClassInt8   Class = 8
	ClassUint8  Class = 9
	ClassInt16  Class = 10
	ClassUint16 Class = 11
	ClassInt32  Class = 12
	ClassUint32 Class = 13
	ClassInt64  Class = 14
	ClassUint64 Class = 15
)

// Numeric reports a full numeric class: one whose variables File writes values for.
func (c Class) Numeric() bool { return c >= ClassDouble && c <= ClassUint64 }

// Extra bits of the array flags (Var.Flags).
const (
	FlagComplex uint32 = 0x800
	FlagLogical uint32 = 0x200
)

// HeaderSize is the size of a MAT-file's text header, and Version5 the version it gives.
const (
	HeaderSize = 128
	Version5   = 0x0100
)

// Var is one variable: Values column-major (element (i, j) of a d0 x d1 array at i + d0*j),
// stored as Type, which need not match Class (MATLAB stores a double array of small whole
// numbers as uint8). Only numeric classes get values; other classes are written as a header
// (flags, dimensions, name) alone.
type Var struct {
	Name   string
	Class  Class
	Dims   []int
	Type   Type
	Values []float64
	Flags  uint32 // Extra array-flag bits: FlagComplex, FlagLogical.
	Raw    []byte // When not nil, written as the real part instead of Values: to write bad files.
}

// File encodes variables as a level-5 MAT-file in the given byte order: each in a
// TypeCompressed element when compressed (MATLAB 7's default), else as plain TypeMatrix elements
// (MATLAB 6, save -v6).
func File(order ByteOrder, compressed bool, vars ...Var) []byte {
	header := []byte("MATLAB 5.0 MAT-file, written by the tests of github.com/adversarial-nets/gan")
	header = append(header, bytes.Repeat([]byte{' '}, 116-len(header))...)
	header = append(header, make([]byte, 8)...) // Subsystem data offset.
	header = order.AppendUint16(header, Version5)
	header = order.AppendUint16(header, 'M'<<8|'I')
	file := header
	for _, v := range vars {
		matrix := Matrix(order, v)
		if compressed {
			matrix = Element(order, TypeCompressed, Zlib(matrix))
		}
		file = append(file, matrix...)
	}
	return file
}

// Matrix encodes one variable as a TypeMatrix element.
func Matrix(order ByteOrder, v Var) []byte {
	flags := order.AppendUint32(nil, uint32(v.Class)|v.Flags)
	flags = order.AppendUint32(flags, 0)
	var dims []byte
	for _, d := range v.Dims {
		dims = order.AppendUint32(dims, uint32(int32(d)))
	}
	payload := Element(order, TypeUint32, flags)
	payload = append(payload, Element(order, TypeInt32, dims)...)
	payload = append(payload, Element(order, TypeInt8, []byte(v.Name))...)
	if v.Class.Numeric() {
		values := v.Raw
		if values == nil {
			values = encodeValues(order, v.Type, v.Values)
		}
		payload = append(payload, Element(order, v.Type, values)...)
	}
	return Element(order, TypeMatrix, payload)
}

// Element encodes one data element, padded to 8 bytes; 1 to 4 bytes of data other than
// compressed data go in a small data element, as MATLAB writes short names.
func Element(order ByteOrder, typ Type, data []byte) []byte {
	if n := len(data); n > 0 && n <= 4 && typ != TypeCompressed {
		element := order.AppendUint32(nil, uint32(n)<<16|uint32(typ))
		element = append(element, data...)
		return append(element, make([]byte, 4-n)...)
	}
	element := order.AppendUint32(nil, uint32(typ))
	element = order.AppendUint32(element, uint32(len(data)))
	element = append(element, data...)
	if typ == TypeCompressed {
		return element // Compressed elements are not padded.
	}
	return append(element, make([]byte, (8-len(data)%8)%8)...)
}

// encodeValues stores values as typ; it panics on a type that holds no numbers, a test's mistake.
func encodeValues(order ByteOrder, typ Type, values []float64) []byte {
	var out []byte
	for _, v := range values {
		switch typ {
		case TypeInt8:
			out = append(out, byte(int8(v)))
		case TypeUint8:
			out = append(out, byte(v))
		case TypeInt16:
			out = order.AppendUint16(out, uint16(int16(v)))
		case TypeUint16:
			out = order.AppendUint16(out, uint16(v))
		case TypeInt32:
			out = order.AppendUint32(out, uint32(int32(v)))
		case TypeUint32:
			out = order.AppendUint32(out, uint32(v))
		case TypeSingle:
			out = order.AppendUint32(out, math.Float32bits(float32(v)))
		case TypeDouble:
			out = order.AppendUint64(out, math.Float64bits(v))
		case TypeInt64:
			out = order.AppendUint64(out, uint64(int64(v)))
		case TypeUint64:
			out = order.AppendUint64(out, uint64(v))
		default:
			panic(fmt.Sprintf("mattest: values can't be stored as data type %d", typ))
		}
	}
	return out
}

// Zlib compresses data as a zlib stream, the contents of a TypeCompressed element.
func Zlib(data []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(data) // A bytes.Buffer does not fail.
	w.Close()
	return buf.Bytes()
}

// Layout is one of the ways a MAT-file can hold the same variables.
type Layout struct {
	Name       string
	Order      ByteOrder
	Compressed bool
}

// Layouts are the four layouts: either byte order, compressed or not.
var Layouts = []Layout{
	{"little-endian v6", binary.LittleEndian, false},
	{"little-endian v7 compressed", binary.LittleEndian, true},
	{"big-endian v6", binary.BigEndian, false},
	{"big-endian v7 compressed", binary.BigEndian, true},
}

// ReplaceVar returns vars with the variable called name replaced by v (dropped when v has no
// name).
func ReplaceVar(vars []Var, name string, v Var) []Var {
	var out []Var
	for _, old := range vars {
		if old.Name != name {
			out = append(out, old)
		} else if v.Name != "" {
			out = append(out, v)
		}
	}
	return out
}
