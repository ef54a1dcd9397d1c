// Package notebooks_test runs every notebook of the project headlessly, as a reader would: each is
// executed by Jupyter (nbconvert) on the GoNB kernel into a temporary folder, never over the
// committed file, and the test fails on any cell error, any missing notebook or any missing figure.
//
// Under CI the test needs Jupyter and the kernel (.ci/run installs both) and fails without them;
// elsewhere it skips with a message when jupyter is absent. It sets GAN_QUICK=1 for the notebooks,
// which then train for fewer iterations (same code, smaller numbers), unless GAN_QUICK is already
// set: GAN_QUICK=0 runs them in full.
package notebooks_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// entry is one notebook and the fewest figures (PNG, SVG or inline images) it must show.
type entry struct {
	name      string
	minImages int
}

// notebooks lists every notebook of the folder.
var notebooks = []entry{
	{"01_maximum_likelihood.ipynb", 3},
	{"02_minimax_game.ipynb", 3},
	{"03_optimal_discriminator.ipynb", 3},
	{"04_gaussian_toy.ipynb", 4},
	{"05_mnist.ipynb", 6},
	{"06_cifar10.ipynb", 7},
}

// cellTimeout is nbconvert's limit for one cell, in seconds.
const cellTimeout = 900

func TestNotebooksExecute(t *testing.T) {
	underCI := os.Getenv("CI") != ""
	if _, err := exec.LookPath("jupyter"); err != nil {
		if underCI {
			t.Fatalf("jupyter not found under CI (.ci/run should have installed it): %v", err)
		}
		t.Skip("jupyter is not installed, so the notebooks can't be run: see the README's notebook section (go run ./cmd/gan kernel)")
	}
	if testing.Short() && !underCI {
		t.Skip("-short: the notebooks take minutes")
	}
	outDir := t.TempDir()
	for _, nb := range notebooks {
		t.Run(strings.TrimSuffix(nb.name, ".ipynb"), func(t *testing.T) {
			start := time.Now()
			out := filepath.Join(outDir, nb.name)
			cmd := exec.Command("jupyter", "nbconvert", "--to", "notebook", "--execute",
				fmt.Sprintf("--ExecutePreprocessor.timeout=%d", cellTimeout),
				"--output-dir", outDir, "--output", nb.name, nb.name)
			cmd.Env = append(os.Environ(), "GAN_QUICK="+envOr("GAN_QUICK", "1"))
			if output, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("executing %s: %v\n%s", nb.name, err, tail(string(output), 4000))
			}
			t.Logf("%s ran in %s", nb.name, time.Since(start).Round(time.Second))
			checkOutputs(t, out, nb.minImages)
		})
	}
}

// TestCommittedNotebooks checks, without Jupyter, that the folder holds exactly the listed
// notebooks and that each was committed with its outputs (figures included).
func TestCommittedNotebooks(t *testing.T) {
	found, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	for _, nb := range notebooks {
		if !slices.Contains(found, nb.name) {
			t.Errorf("notebook %s is missing", nb.name)
			continue
		}
		t.Run(strings.TrimSuffix(nb.name, ".ipynb"), func(t *testing.T) { checkOutputs(t, nb.name, nb.minImages) })
	}
	for _, name := range found {
		if !slices.ContainsFunc(notebooks, func(nb entry) bool { return nb.name == name }) {
			t.Errorf("notebook %s is not listed in notebooks_test.go, so no test runs it", name)
		}
	}
}

// notebook is the part of the .ipynb format (nbformat 4) the checks read.
type notebook struct {
	Cells []struct {
		CellType string `json:"cell_type"`
		Outputs  []struct {
			OutputType string          `json:"output_type"`
			Name       string          `json:"name"`
			Data       map[string]any  `json:"data"`
			EName      string          `json:"ename"`
			EValue     string          `json:"evalue"`
			Text       json.RawMessage `json:"text"`
		} `json:"outputs"`
	} `json:"cells"`
}

// checkOutputs fails on an error output and on fewer than minImages figures.
func checkOutputs(t *testing.T, path string, minImages int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	var nb notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	images := 0
	for i, cell := range nb.Cells {
		for _, o := range cell.Outputs {
			if o.OutputType == "error" {
				t.Errorf("%s: cell %d failed: %s: %s", path, i, o.EName, o.EValue)
			}
			if o.Data["image/png"] != nil || o.Data["image/svg+xml"] != nil || hasInlineImage(o.Data["text/html"]) {
				images++
			}
		}
	}
	if images < minImages {
		t.Errorf("%s shows %d figures, want at least %d", path, images, minImages)
	}
}

// hasInlineImage reports whether an HTML output embeds an image (the live-updated plots do).
func hasInlineImage(html any) bool {
	switch h := html.(type) {
	case string:
		return strings.Contains(h, "data:image/")
	case []any:
		for _, line := range h {
			if s, ok := line.(string); ok && strings.Contains(s, "data:image/") {
				return true
			}
		}
	}
	return false
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
