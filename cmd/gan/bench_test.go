package main

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
)

// TestBenchQuickPrintsEveryBenchmark runs the real command at its smoke-test sizes and checks
// that each benchmark produced a labelled row with a positive time and throughput.
func TestBenchQuickPrintsEveryBenchmark(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "-quick", "-csv"}, &stdout, &stderr); code != 0 {
		t.Fatalf("gan bench -quick: status %d, stderr %s", code, stderr.String())
	}
	records, err := csv.NewReader(&stdout).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, stdout.String())
	}
	want := []string{"mnist-step", "toy", "parzen-1sigma", "parzen-10sigma"}
	if len(records) != len(want)+1 {
		t.Fatalf("got %d rows, want a header and %d: %q", len(records), len(want), records)
	}
	for i, name := range want {
		row := records[i+1]
		if row[1] != name {
			t.Errorf("row %d: benchmark %q, want %q", i, row[1], name)
		}
		if !strings.HasPrefix(row[2], "quick ") {
			t.Errorf("%s: configuration %q is not labelled quick", name, row[2])
		}
		for _, col := range []int{4, 5} { // ms per step, samples per second
			if v, err := strconv.ParseFloat(row[col], 64); err != nil || !(v > 0) {
				t.Errorf("%s: column %s = %q, want a positive number", name, records[0][col], row[col])
			}
		}
	}
}

func TestBenchOnlyRunsWhatItIsAskedFor(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "-quick", "-only", "toy"}, &stdout, &stderr); code != 0 {
		t.Fatalf("gan bench -only toy: status %d, stderr %s", code, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, "toy") || strings.Contains(out, "mnist-step") || strings.Contains(out, "parzen") {
		t.Errorf("-only toy printed other benchmarks or none:\n%s", out)
	}
	if !strings.Contains(out, "ms/step") {
		t.Errorf("no table header:\n%s", out)
	}
}

func TestBenchBadFlagsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "-only", "resnet"},
		{"bench", "-only", ""},
		{"bench", "-steps", "0"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("gan %q: exit status %d, want 2 (stderr: %s)", args, code, stderr.String())
		}
	}
}
