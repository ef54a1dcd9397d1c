package experiments

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinkFigures: report.md gains a figures section for the PNGs in its folder, and a second
// call replaces it rather than adding another.
func TestLinkFigures(t *testing.T) {
	dir := t.TempDir()
	if err := LinkFigures(dir); err != nil {
		t.Fatalf("no report: %v, want nothing done", err)
	}
	report := filepath.Join(dir, "report.md")
	if err := os.WriteFile(report, []byte("# mnist\n\nrows\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "figure2.png"), []byte("png"), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := LinkFigures(dir); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if !strings.HasPrefix(text, "# mnist\n\nrows\n") || strings.Count(text, "## Figures") != 1 ||
		!strings.Contains(text, "![figure2.png](figure2.png)") || strings.Contains(text, "figure3.png") {
		t.Errorf("report.md after linking figure2.png twice:\n%s", text)
	}
}
