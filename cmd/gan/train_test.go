package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adversarial-nets/gan/ganlib/datasets"
	"github.com/adversarial-nets/gan/internal/mattest"
)

// TestTrainCIFAR10Command runs `gan train -dataset cifar10 -config cpu` for two steps, then draws
// its figures in colour.
func TestTrainCIFAR10Command(t *testing.T) {
	if _, err := os.Stat(datasets.DefaultCIFAR10JPEGArchive()); err != nil {
		if _, err := os.Stat(filepath.Join(datasets.CIFAR10CacheDir(""), "cifar-10-batches-bin", "test_batch.bin")); err != nil {
			t.Skip("no CIFAR-10 here (neither the JPEG copies nor the official release)")
		}
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"train", "-dataset", "cifar10", "-config", "cpu", "-steps", "2", "-sample-every", "2", "-no-report", "-quiet", "-out", dir}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("gan %q: status %d, stderr %s", args, code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "trained cifar10/cpu to step 2") {
		t.Errorf("stdout %q", stdout.String())
	}
	if code := run([]string{"figures", "-run", dir, "-rows", "1", "-interp-rows", "1", "-interp-steps", "3"}, &stdout, &stderr); code != 0 {
		t.Fatalf("gan figures: status %d, stderr %s", code, stderr.String())
	}
	for _, name := range []string{"samples/step-00000002.png", "figure2.png", "figure3.png"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, grey := img.(*image.Gray); grey {
			t.Errorf("%s is grey, want colour", name)
		}
	}
}

func TestTrainRejectsAConfigurationOfAnotherDataSet(t *testing.T) {
	for _, args := range [][]string{
		{"train", "-dataset", "mnist", "-config", "paper-conv", "-steps", "1"},
		{"train", "-dataset", "svhn", "-config", "cpu", "-steps", "1"},
		{"train", "-dataset", "tfd", "-config", "paper-conv", "-steps", "1"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("gan %q: status %d, want 2 (stderr %s)", args, code, stderr.String())
		}
	}
}

// TestTrainTFDCommand runs `gan train -dataset tfd -config cpu`: without the user's
// TFD_48x48.mat it fails saying where to put it; with a synthetic one in the -data folder it
// trains two steps and draws grey 48x48 samples.
func TestTrainTFDCommand(t *testing.T) {
	t.Setenv("GAN_TFD", "")
	dataDir, out := t.TempDir(), t.TempDir()
	args := []string{"train", "-dataset", "tfd", "-config", "cpu", "-steps", "2", "-sample-every", "2", "-no-report", "-quiet", "-data", dataDir, "-out", out}
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != 1 {
		t.Fatalf("gan %q without TFD: status %d, want 1 (stderr %s)", args, code, stderr.String())
	}
	path := filepath.Join(dataDir, "tfd", "TFD_48x48.mat")
	for _, want := range []string{"gan train: loading TFD", "put your copy at " + path, "$GAN_TFD"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q does not say %q", stderr.String(), want)
		}
	}

	if err := mattest.TFDFile(path, 200); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("gan %q: status %d, stderr %s", args, code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "trained tfd/cpu to step 2") {
		t.Errorf("stdout %q", stdout.String())
	}
	data, err := os.ReadFile(filepath.Join(out, "samples", "step-00000002.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, grey := img.(*image.Gray); !grey || img.Bounds().Dx() != 10*96+11 {
		t.Errorf("sample grid is a %T of %v, want grey, ten 48x48 tiles at scale 2 a row", img, img.Bounds())
	}
}
