package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// The tools the GoNB kernel runs besides itself. GoNB's own version is the `tool` line of go.mod;
// these two are not in the module graph, so their versions are pinned here: the module proxy
// refuses version lists for some modules, so "@latest" would fail offline.
const (
	goimportsPackage = "golang.org/x/tools/cmd/goimports@v0.36.0"
	goplsPackage     = "golang.org/x/tools/gopls@v0.20.0"
	gonbPackage      = "github.com/janpfeifer/gonb"
)

func init() {
	register(command{
		name:    "kernel",
		summary: "install the GoNB Jupyter kernel the notebooks run on (GoNB, goimports, gopls) and check for Jupyter",
		setup:   setupKernel,
	})
}

func setupKernel(fs *flag.FlagSet) func() error {
	gopls := fs.Bool("gopls", true, "also install gopls (optional: completion and hover in the notebook); a failure only warns")
	return func() error { return installKernel(os.Stdout, *gopls) }
}

// installKernel builds GoNB and its helpers into Go's bin folder, installs the kernel for Jupyter,
// and checks that Jupyter is there to use it.
func installKernel(w io.Writer, withGopls bool) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	bin, err := goBinDir()
	if err != nil {
		return err
	}
	// The tools find each other (and the kernel finds goimports) on PATH.
	path := bin + string(os.PathListSeparator) + os.Getenv("PATH")
	if err := os.Setenv("PATH", path); err != nil {
		return fmt.Errorf("setting PATH: %w", err)
	}

	gonb := filepath.Join(bin, "gonb")
	fmt.Fprintf(w, "building %s (the version in go.mod) into %s\n", gonbPackage, gonb)
	if err := goCommand(root, "build", "-o", gonb, gonbPackage); err != nil {
		return fmt.Errorf("building GoNB: %w", err)
	}
	fmt.Fprintf(w, "installing %s\n", goimportsPackage)
	if err := goCommand(root, "install", goimportsPackage); err != nil {
		return fmt.Errorf("installing goimports, which GoNB needs: %w", err)
	}
	haveGopls := false
	if withGopls {
		fmt.Fprintf(w, "installing %s (optional)\n", goplsPackage)
		if err := goCommand(root, "install", goplsPackage); err != nil {
			fmt.Fprintf(w, "warning: no gopls, so no completion in notebooks (everything else works): %v\n", err)
		} else {
			haveGopls = true
		}
	}

	args := []string{"--install"}
	if !haveGopls {
		args = append(args, "--force_deps") // GoNB refuses to install without gopls otherwise.
	}
	if out, err := exec.Command(gonb, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("running gonb --install: %w\n%s", err, out)
	}
	spec, err := kernelSpecPath()
	if err != nil {
		return err
	}
	if err := setKernelPath(spec, path); err != nil {
		return err
	}
	fmt.Fprintf(w, "installed the GoNB kernel: %s\n", spec)
	return checkJupyter(w)
}

// moduleRoot is the folder of the project's go.mod: GoNB is built at the version pinned there.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("running go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the project's module: run `go run ./cmd/gan kernel` from the repository")
	}
	return filepath.Dir(gomod), nil
}

// goBinDir is where `go install` puts programs: $GOBIN, else the first $GOPATH's bin.
func goBinDir() (string, error) {
	out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output()
	if err != nil {
		return "", fmt.Errorf("running go env: %w", err)
	}
	// One line each, the first empty when GOBIN is unset.
	gobin, gopath, _ := strings.Cut(string(out), "\n")
	gobin, gopath = strings.TrimSpace(gobin), strings.TrimSpace(gopath)
	if gobin != "" {
		return gobin, nil
	}
	if gopath == "" {
		return "", errors.New("neither GOBIN nor GOPATH is set (go env)")
	}
	return filepath.Join(filepath.SplitList(gopath)[0], "bin"), nil
}

// goCommand runs the go tool in dir, its output going to ours so a slow build shows progress.
func goCommand(dir string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// kernelSpecPath is where `gonb --install` writes kernel.json, by GoNB's own rule.
func kernelSpecPath() (string, error) {
	dataDir := os.Getenv("JUPYTER_DATA_DIR")
	if dataDir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("finding Jupyter's data folder: %w", err)
		}
		dataDir = filepath.Join(home, ".local", "share", "jupyter")
		if runtime.GOOS == "darwin" {
			dataDir = filepath.Join(home, "Library", "Jupyter")
		}
	}
	return filepath.Join(dataDir, "kernels", "gonb", "kernel.json"), nil
}

// setKernelPath records PATH in the kernel spec's environment. Jupyter starts the kernel with its
// own environment, where Go's bin folder (goimports, gopls) is often missing from PATH.
func setKernelPath(specPath, path string) error {
	data, err := os.ReadFile(specPath)
	if err != nil {
		return fmt.Errorf("reading the kernel spec: %w", err)
	}
	var spec map[string]any
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("parsing the kernel spec %s: %w", specPath, err)
	}
	env, _ := spec["env"].(map[string]any)
	if env == nil {
		env = map[string]any{}
	}
	env["PATH"] = path
	spec["env"] = env
	if data, err = json.MarshalIndent(spec, "", "  "); err != nil {
		return fmt.Errorf("encoding the kernel spec: %w", err)
	}
	if err := os.WriteFile(specPath, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the kernel spec: %w", err)
	}
	return nil
}

// checkJupyter returns an error carrying the install command when Jupyter (with nbconvert, which
// the notebook test uses) is missing.
func checkJupyter(w io.Writer) error {
	if _, err := exec.LookPath("jupyter"); err != nil {
		return fmt.Errorf("jupyter is not installed; install it with\n\n    %s\n\nthen run `jupyter notebook notebooks/`", jupyterInstallCommand())
	}
	for _, sub := range []string{"notebook", "nbconvert"} {
		if out, err := exec.Command("jupyter", sub, "--version").CombinedOutput(); err != nil {
			return fmt.Errorf("jupyter %s is missing (%v: %s); install it with\n\n    %s", sub, err, strings.TrimSpace(string(out)), jupyterInstallCommand())
		}
	}
	fmt.Fprintln(w, "jupyter is ready: run `jupyter notebook notebooks/`")
	return nil
}

// jupyterInstallCommand is Debian's packages where apt-get is there, else pip's jupyterlab.
func jupyterInstallCommand() string {
	if _, err := os.Stat("/etc/debian_version"); err == nil {
		if _, err := exec.LookPath("apt-get"); err == nil {
			cmd := "apt-get install -y --no-install-recommends jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel"
			if os.Geteuid() != 0 {
				cmd = "sudo " + cmd
			}
			return cmd
		}
	}
	return "python3 -m pip install jupyterlab"
}
