package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBadUsageIsAnErrorWithStatus2(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"toy", "-no-such-flag"},
		{"toy", "-iters", "ten"},
		{"toy", "-sigma", "-1"},
		{"toy", "-loss", "wasserstein"},
		{"toy", "extra-argument"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("gan %q: exit status %d, want 2 (stderr: %s)", args, code, stderr.String())
		}
	}
}

func TestHelpExitsZero(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"toy", "-h"}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "-iters") {
		t.Errorf("gan toy -h: status %d, output %q", code, stderr.String())
	}
	stdout.Reset()
	if code := run([]string{"help"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "toy") {
		t.Errorf("gan help: status %d, output %q", code, stdout.String())
	}
}

// TestToyWritesItsFigures runs the real command on a short run.
func TestToyWritesItsFigures(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"toy", "-iters", "50", "-pretrain", "10", "-quiet", "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("gan toy: status %d, stderr %s", code, stderr.String())
	}
	for _, name := range []string{"1_initial", "2_pretrained", "3_losses", "4_final"} {
		data, err := os.ReadFile(filepath.Join(out, name+".png"))
		if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("%s.png: not a PNG (%v)", name, err)
		}
	}
}
