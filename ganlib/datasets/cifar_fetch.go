package datasets

import (
	"archive/tar"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// The official CIFAR-10 binary release (Krizhevsky 2009) and its published MD5 checksum.
const (
	CIFAR10BinaryURL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
	CIFAR10BinaryMD5 = "c32a1d4ab5d03f1284b67883e8d87530"
)

// cifarBinaryFolder is the folder the release unpacks to, kept under <data dir>/cifar10.
const cifarBinaryFolder = "cifar-10-batches-bin"

// cifarRelease is where LoadCIFAR10 downloads the release from: a variable so that tests can
// serve a small archive of their own.
var cifarRelease = struct{ url, md5 string }{CIFAR10BinaryURL, CIFAR10BinaryMD5}

// cifarBinaryFiles are the files of the release the loader needs.
var cifarBinaryFiles = []string{
	"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin",
}

// CIFAR10CacheDir is the folder under dataDir ("" for DefaultDataDir) where the binary
// release is kept, as <it>/cifar-10-batches-bin.
func CIFAR10CacheDir(dataDir string) string {
	if dataDir == "" {
		dataDir = DefaultDataDir()
	}
	return filepath.Join(dataDir, "cifar10")
}

// FetchCIFAR10Binary makes sure the official binary release is unpacked in
// <dataDir>/cifar10/cifar-10-batches-bin (dataDir "" means DefaultDataDir), downloading it
// from CIFAR10BinaryURL and checking its MD5 the first time, and returns that folder. A failed
// or damaged download leaves nothing behind: the archive is streamed to a temporary file and
// unpacked into a temporary folder, which is renamed into place only when complete. The archive
// itself is not kept.
func FetchCIFAR10Binary(dataDir string) (string, error) {
	return fetchCIFAR10Binary(CIFAR10CacheDir(dataDir), CIFAR10BinaryURL, CIFAR10BinaryMD5)
}

func fetchCIFAR10Binary(dir, url, wantMD5 string) (string, error) {
	target := filepath.Join(dir, cifarBinaryFolder)
	if missing := missingFiles(target, cifarBinaryFiles); len(missing) == 0 {
		return target, nil
	} else if isDir(target) {
		// Not ours to delete: someone put an incomplete copy there.
		return "", fmt.Errorf("%s lacks %s: complete it, or remove it to download the release again", target, strings.Join(missing, ", "))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	archive, err := os.CreateTemp(dir, "cifar-10-binary.tar.gz.partial-*")
	if err != nil {
		return "", err
	}
	defer func() {
		archive.Close()
		os.Remove(archive.Name())
	}()
	if err := downloadChecked(archive, url, wantMD5); err != nil {
		return "", fmt.Errorf("downloading CIFAR-10: %w", err)
	}
	if _, err := archive.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	unpacked, err := os.MkdirTemp(dir, "."+cifarBinaryFolder+".partial-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(unpacked) // gone already after a successful rename
	if err := unpackFolder(archive, cifarBinaryFolder, unpacked); err != nil {
		return "", fmt.Errorf("unpacking %s: %w", url, err)
	}
	if missing := missingFiles(unpacked, cifarBinaryFiles); len(missing) > 0 {
		return "", fmt.Errorf("unpacking %s: no %s in %s/", url, strings.Join(missing, ", "), cifarBinaryFolder)
	}
	if err := os.Rename(unpacked, target); err != nil {
		return "", err
	}
	return target, nil
}

// downloadChecked writes the body of GET url to w and checks its MD5 against wantMD5 (hex).
func downloadChecked(w io.Writer, url, wantMD5 string) error {
	// A long limit: the release is 163 MB, and a slow line must not cut it short.
	client := &http.Client{Timeout: time.Hour}
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	hash := md5.New()
	n, err := io.Copy(io.MultiWriter(w, hash), resp.Body)
	if err != nil {
		return fmt.Errorf("GET %s: after %d bytes: %w", url, n, err)
	}
	if got := hex.EncodeToString(hash.Sum(nil)); got != strings.ToLower(wantMD5) {
		return fmt.Errorf("%s: MD5 checksum %s, want %s (%d bytes): damaged or not the official file; nothing was kept", url, got, wantMD5, n)
	}
	return nil
}

// unpackFolder writes the regular files directly inside folder/ of the .tar.gz r into dst, by
// their base names; everything else in the archive is skipped.
func unpackFolder(r io.Reader, folder, dst string) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("gzip header: %w", err)
	}
	archive := tar.NewReader(gz)
	for {
		header, err := archive.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := path.Clean(strings.TrimPrefix(header.Name, "./"))
		if header.Typeflag != tar.TypeReg || path.Dir(name) != folder {
			continue
		}
		// path.Dir(name) == folder leaves a plain base name: nothing can escape dst.
		if err := writeFileFrom(filepath.Join(dst, path.Base(name)), archive); err != nil {
			return err
		}
	}
}

func writeFileFrom(path string, r io.Reader) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

// missingFiles lists the names in files that dir lacks.
func missingFiles(dir string, files []string) []string {
	var missing []string
	for _, name := range files {
		if info, err := os.Stat(filepath.Join(dir, name)); err != nil || !info.Mode().IsRegular() {
			missing = append(missing, name)
		}
	}
	return missing
}
