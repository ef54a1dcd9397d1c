package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSetKernelPathKeepsTheSpec(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "kernel.json")
	original := `{"argv": ["/go/bin/gonb", "--kernel", "{connection_file}"], "display_name": "Go (gonb)", "env": {"GOFLAGS": "-x"}}`
	if err := os.WriteFile(spec, []byte(original), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := setKernelPath(spec, "/go/bin:/usr/bin"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Argv        []string          `json:"argv"`
		DisplayName string            `json:"display_name"`
		Env         map[string]string `json:"env"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("kernel.json after setKernelPath is not JSON: %v\n%s", err, data)
	}
	if got.Env["PATH"] != "/go/bin:/usr/bin" || got.Env["GOFLAGS"] != "-x" {
		t.Errorf("env = %v, want PATH set and GOFLAGS kept", got.Env)
	}
	if len(got.Argv) != 3 || got.Argv[0] != "/go/bin/gonb" || got.DisplayName != "Go (gonb)" {
		t.Errorf("argv %q, display name %q: the rest of the spec changed", got.Argv, got.DisplayName)
	}
}

func TestSetKernelPathErrors(t *testing.T) {
	dir := t.TempDir()
	if err := setKernelPath(filepath.Join(dir, "missing.json"), "/bin"); err == nil {
		t.Error("no error for a missing kernel spec")
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := setKernelPath(bad, "/bin"); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("error %v for a corrupt spec, want one naming %s", err, bad)
	}
}

func TestJupyterInstallCommandIsOneOfTheDocumentedOnes(t *testing.T) {
	cmd := jupyterInstallCommand()
	debian := strings.HasSuffix(cmd, "apt-get install -y --no-install-recommends jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel")
	if !debian && cmd != "python3 -m pip install jupyterlab" {
		t.Errorf("install command %q is neither Debian's packages nor pip's jupyterlab", cmd)
	}
	if _, err := os.Stat("/etc/debian_version"); err == nil && !debian {
		t.Errorf("on Debian, got %q", cmd)
	}
}
