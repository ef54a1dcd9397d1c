package datasets

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// The IDX format (http://yann.lecun.com/exdb/mnist/): a 4-byte magic number
// 0x00 0x00 <type> <number of dimensions>, one big-endian uint32 per dimension, then the
// values in row-major order. MNIST uses only type 0x08, unsigned bytes.
const (
	idxMagicImages = 0x00000803 // Unsigned bytes, 3 dimensions: count, rows, columns.
	idxMagicLabels = 0x00000801 // Unsigned bytes, 1 dimension: count.

	// maxIDXBytes bounds the data a header may announce (MNIST has 47 MB), so that a
	// corrupt header is refused before anything is allocated for it.
	maxIDXBytes = 1 << 30
)

// ReadIDXImages reads an IDX file of unsigned-byte images (magic number 0x00000803,
// dimensions count x rows x columns), gzip-compressed or not, into Images with one
// channel and no labels. name is only used in error messages.
func ReadIDXImages(r io.Reader, name string) (Images, error) {
	images, err := readIDXImages(r)
	if err != nil {
		return Images{}, fmt.Errorf("reading %s: %w", name, err)
	}
	return images, nil
}

// ReadIDXLabels reads an IDX file of unsigned-byte labels (magic number 0x00000801),
// gzip-compressed or not. name is only used in error messages.
func ReadIDXLabels(r io.Reader, name string) ([]uint8, error) {
	labels, err := readIDXLabels(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return labels, nil
}

// ReadIDXImagesFile reads the IDX images file at path; a gzip-compressed file (.gz) is
// decompressed on the fly.
func ReadIDXImagesFile(path string) (Images, error) {
	f, err := os.Open(path)
	if err != nil {
		return Images{}, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	return ReadIDXImages(f, path)
}

// ReadIDXLabelsFile reads the IDX labels file at path, gzip-compressed or not.
func ReadIDXLabelsFile(path string) ([]uint8, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	return ReadIDXLabels(f, path)
}

// ReadIDXFiles reads an IDX images file and its IDX labels file (each gzip-compressed
// or not) and returns the images with their labels attached.
func ReadIDXFiles(imagesPath, labelsPath string) (Images, error) {
	images, err := ReadIDXImagesFile(imagesPath)
	if err != nil {
		return Images{}, err
	}
	labels, err := ReadIDXLabelsFile(labelsPath)
	if err != nil {
		return Images{}, err
	}
	if len(labels) != images.N {
		return Images{}, fmt.Errorf("reading %s: it has %d labels but %s has %d images",
			labelsPath, len(labels), imagesPath, images.N)
	}
	images.Labels = labels
	return images, nil
}

func readIDXImages(r io.Reader) (Images, error) {
	r, err := decompressIfGzip(r)
	if err != nil {
		return Images{}, err
	}
	dims, err := readIDXHeader(r, idxMagicImages)
	if err != nil {
		return Images{}, err
	}
	count, rows, cols := dims[0], dims[1], dims[2]
	if rows == 0 || cols == 0 {
		return Images{}, fmt.Errorf("header says images of %dx%d pixels", rows, cols)
	}
	imageSize := rows * cols
	if imageSize > maxIDXBytes || count > maxIDXBytes/imageSize {
		return Images{}, fmt.Errorf("header says %d images of %dx%d: more than the %d bytes this reader accepts (corrupt header?)",
			count, rows, cols, maxIDXBytes)
	}
	pixels, err := readIDXPayload(r, count*imageSize)
	if err != nil {
		return Images{}, err
	}
	if len(pixels) < count*imageSize {
		return Images{}, fmt.Errorf("header says %d images of %dx%d but the file ends after %d images",
			count, rows, cols, len(pixels)/imageSize)
	}
	return Images{Data: bytesToUnit(pixels), N: count, Height: rows, Width: cols, Channels: 1}, nil
}

func readIDXLabels(r io.Reader) ([]uint8, error) {
	r, err := decompressIfGzip(r)
	if err != nil {
		return nil, err
	}
	dims, err := readIDXHeader(r, idxMagicLabels)
	if err != nil {
		return nil, err
	}
	count := dims[0]
	if count > maxIDXBytes {
		return nil, fmt.Errorf("header says %d labels: more than the %d this reader accepts (corrupt header?)",
			count, maxIDXBytes)
	}
	labels, err := readIDXPayload(r, count)
	if err != nil {
		return nil, err
	}
	if len(labels) < count {
		return nil, fmt.Errorf("header says %d labels but the file ends after %d labels", count, len(labels))
	}
	return labels, nil
}

// decompressIfGzip recognises a gzip stream by its first two bytes (IDX files start with
// two zero bytes, so there is no ambiguity) and decompresses it on the fly.
func decompressIfGzip(r io.Reader) (io.Reader, error) {
	buffered := bufio.NewReaderSize(r, 1<<16)
	magic, err := buffered.Peek(2)
	if err != nil || magic[0] != 0x1f || magic[1] != 0x8b {
		return buffered, nil // Too short to be gzip: the header check will say so.
	}
	gz, err := gzip.NewReader(buffered)
	if err != nil {
		return nil, fmt.Errorf("gzip header: %w", err)
	}
	return gz, nil
}

// readIDXHeader reads the magic number and the dimensions, and checks the magic number
// is the one wanted: unsigned bytes and the number of dimensions its last byte says.
func readIDXHeader(r io.Reader, wantMagic uint32) ([]int, error) {
	numDims := int(wantMagic & 0xff)
	header := make([]byte, 4+4*numDims)
	n, err := io.ReadFull(r, header[:4])
	if err != nil {
		return nil, headerError("the 4-byte magic number", n, err)
	}
	if magic := binary.BigEndian.Uint32(header); magic != wantMagic {
		return nil, fmt.Errorf("magic number is 0x%08X, want 0x%08X (%s)", magic, wantMagic, describeIDXMagic(wantMagic))
	}
	n, err = io.ReadFull(r, header[4:])
	if err != nil {
		return nil, headerError(fmt.Sprintf("the %d-byte header", len(header)), 4+n, err)
	}
	dims := make([]int, numDims)
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(header[4+4*i:]))
	}
	return dims, nil
}

func describeIDXMagic(magic uint32) string {
	switch magic {
	case idxMagicImages:
		return "an IDX file of unsigned-byte images"
	case idxMagicLabels:
		return "an IDX file of unsigned-byte labels"
	}
	return "IDX"
}

// readIDXPayload reads up to size bytes, fewer only if the input ends first, and then
// checks that nothing follows them. Memory grows with the bytes actually read, so a
// header that announces more than the file holds costs nothing.
func readIDXPayload(r io.Reader, size int) ([]byte, error) {
	const preallocateUpTo = 64 << 20
	capacity := size + bytes.MinRead // bytes.Buffer wants MinRead spare bytes before each read.
	if size > preallocateUpTo {
		capacity = preallocateUpTo
	}
	buf := bytes.NewBuffer(make([]byte, 0, capacity))
	_, err := io.CopyN(buf, r, int64(size))
	if err != nil && !isEndOfInput(err) {
		return nil, fmt.Errorf("after %d bytes of data: %w", buf.Len(), err)
	}
	if err == nil {
		// Reading on to the end also makes a gzip reader verify its checksum.
		var extra [1]byte
		n, err := io.ReadFull(r, extra[:])
		if n > 0 {
			return nil, fmt.Errorf("file goes on after the %d bytes of data its header announces", size)
		}
		if !isEndOfInput(err) {
			return nil, fmt.Errorf("after the data: %w", err)
		}
	}
	return buf.Bytes(), nil
}

// isEndOfInput reports an input that ended, cleanly or in the middle of a gzip block.
func isEndOfInput(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// headerError says why the header could not be read: the file is too short, or
// (for a gzip file) the compressed stream is corrupt.
func headerError(part string, bytesRead int, err error) error {
	if isEndOfInput(err) {
		return fmt.Errorf("file ends inside %s (after %d bytes)", part, bytesRead)
	}
	return fmt.Errorf("reading %s: %w", part, err)
}

// bytesToUnit maps bytes 0..255 to float32 values in [0, 1].
func bytesToUnit(values []byte) []float32 {
	out := make([]float32, len(values))
	for i, v := range values {
		out[i] = float32(v) / 255
	}
	return out
}
