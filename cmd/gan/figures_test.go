package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/experiments"
)

// trainTinyRun writes a run folder trained for two steps.
func trainTinyRun(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	r, err := experiments.Open(ganlib.MustBackend(), experiments.Options{Dataset: "mnist", Config: "cpu", Seed: 2, Steps: 2, Out: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Train(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestFiguresWritesBothPNGs(t *testing.T) {
	dir := trainTinyRun(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"figures", "-run", dir, "-rows", "2", "-interp-rows", "2", "-interp-steps", "4"}, &stdout, &stderr); code != 0 {
		t.Fatalf("gan figures: status %d, stderr %s", code, stderr.String())
	}
	for _, name := range []string{"figure2.png", "figure3.png"} {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("%s: not a PNG (%v)", name, err)
		}
		if !strings.Contains(stdout.String(), path) {
			t.Errorf("stdout %q does not name %s", stdout.String(), path)
		}
	}
}

func TestFiguresBadArguments(t *testing.T) {
	for _, args := range [][]string{
		{"figures", "-rows", "0"},
		{"figures", "-interp-steps", "1"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("gan %q: status %d, want 2 (stderr %s)", args, code, stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	missing := filepath.Join(t.TempDir(), "no-such-run")
	if code := run([]string{"figures", "-run", missing}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), missing) {
		t.Errorf("gan figures on a missing run: status %d, stderr %q; want 1 and the folder named", code, stderr.String())
	}
}

func TestParzenExtraFlagsAreChecked(t *testing.T) {
	for _, args := range [][]string{
		{"parzen", "-references", "-k", "0"},
		{"parzen", "-references", "-kmeans-iters", "-1"},
		{"classifier", "-epochs", "0"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("gan %q: status %d, want 2 (stderr %s)", args, code, stderr.String())
		}
	}
}
