package datasets

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// smallCIFARRelease is a .tar.gz laid out as the official release: cifar-10-batches-bin/ with five
// training batches of two records each (labelled by batch number) and a test batch of one, plus
// a file outside that folder, which the unpacking skips.
func smallCIFARRelease(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	archive := tar.NewWriter(gz)
	add := func(name string, data []byte) {
		if err := archive.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := archive.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := archive.WriteHeader(&tar.Header{Name: "cifar-10-batches-bin/", Mode: 0o755, Typeflag: tar.TypeDir}); err != nil {
		t.Fatal(err)
	}
	for batch := 1; batch <= 5; batch++ {
		add(fmt.Sprintf("cifar-10-batches-bin/data_batch_%d.bin", batch), append(cifarRecord(byte(batch), batch), cifarRecord(byte(batch), batch+1)...))
	}
	add("cifar-10-batches-bin/test_batch.bin", cifarRecord(0, 9))
	add("cifar-10-batches-bin/batches.meta.txt", []byte(strings.Join(CIFAR10Classes, "\n")+"\n"))
	add("../outside.txt", []byte("must not be written"))
	if err := archive.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// serve serves data at /cifar-10-binary.tar.gz and counts the requests.
func serve(t *testing.T, data []byte) (url string, requests *atomic.Int32) {
	requests = new(atomic.Int32)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path != "/cifar-10-binary.tar.gz" {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(server.Close)
	return server.URL + "/cifar-10-binary.tar.gz", requests
}

func md5Hex(data []byte) string {
	sum := md5.Sum(data)
	return hex.EncodeToString(sum[:])
}

func TestFetchCIFAR10BinaryDownloadsChecksAndUnpacksOnce(t *testing.T) {
	release := smallCIFARRelease(t)
	url, requests := serve(t, release)
	dir := filepath.Join(t.TempDir(), "cifar10")
	got, err := fetchCIFAR10Binary(dir, url, strings.ToUpper(md5Hex(release)))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "cifar-10-batches-bin"); got != want {
		t.Errorf("folder %s, want %s", got, want)
	}
	cifar, err := LoadCIFAR10Binary(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(cifar.Train.Labels, []uint8{1, 1, 2, 2, 3, 3, 4, 4}) || !bytes.Equal(cifar.Valid.Labels, []uint8{5, 5}) || cifar.Test.N != 1 {
		t.Errorf("labels train %v valid %v, %d test images", cifar.Train.Labels, cifar.Valid.Labels, cifar.Test.N)
	}
	if !strings.Contains(cifar.Source, "official") {
		t.Errorf("source %q does not say it is the official release", cifar.Source)
	}
	// Only the folder is left: no archive, no temporary files, nothing outside.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "cifar-10-batches-bin" {
		t.Errorf("%s holds %v, want only cifar-10-batches-bin", dir, entries)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "outside.txt")); err == nil {
		t.Error("an archive entry outside cifar-10-batches-bin/ was written")
	}

	// Second call: already there, no download.
	if _, err := fetchCIFAR10Binary(dir, url, md5Hex(release)); err != nil || requests.Load() != 1 {
		t.Errorf("second call: error %v, %d requests in all, want 1", err, requests.Load())
	}
}

func TestFetchCIFAR10BinaryRejectsAWrongChecksumAndKeepsNothing(t *testing.T) {
	release := smallCIFARRelease(t)
	url, _ := serve(t, release)
	dir := filepath.Join(t.TempDir(), "cifar10")
	_, err := fetchCIFAR10Binary(dir, url, md5Hex([]byte("something else")))
	if err == nil || !strings.Contains(err.Error(), "MD5 checksum "+md5Hex(release)) || !strings.Contains(err.Error(), url) {
		t.Fatalf("error %v, want one naming the URL and the MD5 it got", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed download left %v in %s", entries, dir)
	}

	// A server error, and an archive without the batches, leave nothing either.
	if _, err := fetchCIFAR10Binary(dir, url+".missing", md5Hex(release)); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("404: error %v", err)
	}
	empty := gzipBytes(make([]byte, 1024)) // an empty tar
	emptyURL, _ := serve(t, empty)
	if _, err := fetchCIFAR10Binary(dir, emptyURL, md5Hex(empty)); err == nil || !strings.Contains(err.Error(), "data_batch_1.bin") {
		t.Errorf("empty archive: error %v, want one naming the missing batches", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed downloads left %v in %s", entries, dir)
	}
}

func TestFetchCIFAR10BinaryLeavesAnIncompleteCopyAlone(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "cifar-10-batches-bin")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(folder, "data_batch_1.bin"), cifarRecord(1, 0))
	_, err := fetchCIFAR10Binary(dir, "http://127.0.0.1:1/never-asked", "")
	if err == nil || !strings.Contains(err.Error(), "test_batch.bin") {
		t.Errorf("error %v, want one listing the missing files", err)
	}
	if _, err := os.Stat(filepath.Join(folder, "data_batch_1.bin")); err != nil {
		t.Errorf("the user's file is gone: %v", err)
	}
}

// TestLoadCIFAR10PrefersTheOfficialRelease: the cached release first, then JPEG copies, then a
// download.
func TestLoadCIFAR10PrefersTheOfficialRelease(t *testing.T) {
	release := smallCIFARRelease(t)
	url, requests := serve(t, release)
	saved := cifarRelease
	t.Cleanup(func() { cifarRelease = saved })
	cifarRelease.url, cifarRelease.md5 = url, md5Hex(release)

	jpegArchive := writeArchive(t, map[string][]byte{
		"train/cat/0000.jpg": encodeJPEG(t, solidImage(32, 32, classColour(0, 0))),
		"test/cat/0000.jpg":  encodeJPEG(t, solidImage(32, 32, classColour(0, 1))),
	})
	dataDir := t.TempDir()
	cifar, err := loadCIFAR10(dataDir, jpegArchive)
	if err != nil || !strings.Contains(cifar.Source, "JPEG copies") || requests.Load() != 0 {
		t.Fatalf("with JPEG copies only: source %q, error %v, %d downloads; want the JPEG copies", cifar.Source, err, requests.Load())
	}
	cifar, err = loadCIFAR10(dataDir, filepath.Join(dataDir, "no-such-archive.tar.gz"))
	if err != nil || !strings.Contains(cifar.Source, "official") || requests.Load() != 1 {
		t.Fatalf("with nothing: source %q, error %v, %d downloads; want the official release downloaded", cifar.Source, err, requests.Load())
	}
	cifar, err = loadCIFAR10(dataDir, jpegArchive)
	if err != nil || !strings.Contains(cifar.Source, "official") || requests.Load() != 1 {
		t.Fatalf("with the release cached: source %q, error %v, %d downloads; want the cached release", cifar.Source, err, requests.Load())
	}
	// The public loader insists on the real sizes.
	t.Setenv("GAN_CIFAR10", jpegArchive)
	if _, err := LoadCIFAR10(dataDir); err == nil || !strings.Contains(err.Error(), "found 10 training and 1 test images") {
		t.Errorf("LoadCIFAR10 on a small release: error %v", err)
	}
}
