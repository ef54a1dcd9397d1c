package ganlib

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego" // The pure-Go backend, always available.
	_ "github.com/gomlx/gomlx/backends/xla"      // XLA (CPU/GPU) where a PJRT plugin can be had.
)

// PureGoBackend is the configuration used when XLA can't be had. SimpleGo's default
// parallel-ops mode can deadlock on 2-core machines; ops_sequential never did and is as fast.
const PureGoBackend = "go:ops_sequential"

// BackendInfo says which backend was chosen and why.
type BackendInfo struct {
	Config string // The configuration string passed to GoMLX, e.g. "xla:cuda" or "go:ops_sequential".
	Reason string // Why this one, in words: "$GOMLX_BACKEND", "XLA", or why XLA failed.
}

func (i BackendInfo) String() string { return fmt.Sprintf("backend %s (%s)", i.Config, i.Reason) }

// NewBackend returns the GoMLX backend every part of the project uses:
//
//   - $GOMLX_BACKEND when set: a GoMLX configuration ("go", "go:ops_sequential", "xla:cpu", "xla:cuda")
//     or the absolute path of a PJRT plugin (taken as "xla:PATH");
//   - otherwise XLA, GPU first then CPU, as GoMLX itself picks;
//   - and when XLA can't be had (no plugin installed, no internet to fetch one), the pure-Go backend
//     in ops_sequential mode.
//
// A bad name returns an error listing the valid ones instead of GoMLX's panic.
func NewBackend() (backends.Backend, BackendInfo, error) {
	if config, ok := os.LookupEnv(backends.ConfigEnvVar); ok && config != "" {
		info := BackendInfo{Config: normalizeConfig(config), Reason: "from $" + backends.ConfigEnvVar}
		if info.Config != config {
			info.Reason += "=" + config
		}
		b, err := newBackendWithConfig(info.Config)
		if err != nil {
			return nil, info, fmt.Errorf("creating backend from $%s=%q: %w", backends.ConfigEnvVar, config, err)
		}
		return b, info, nil
	}
	b, err := newBackendWithConfig("xla")
	if err == nil {
		return b, BackendInfo{Config: "xla:" + b.Name(), Reason: "XLA"}, nil
	}
	xlaErr := firstLine(err.Error())
	b, err = newBackendWithConfig(PureGoBackend)
	if err != nil {
		return nil, BackendInfo{}, fmt.Errorf("no backend: XLA failed (%s) and so did %s: %w", xlaErr, PureGoBackend, err)
	}
	return b, BackendInfo{Config: PureGoBackend, Reason: "XLA unavailable: " + xlaErr}, nil
}

var (
	defaultOnce    sync.Once
	defaultBackend backends.Backend
	defaultInfo    BackendInfo
	defaultErr     error
)

// Backend returns the process-wide backend, created on first use by NewBackend. The first call
// prints one line to stderr naming it and why, so a user always knows whether XLA is in use.
func Backend() (backends.Backend, error) {
	defaultOnce.Do(func() {
		defaultBackend, defaultInfo, defaultErr = NewBackend()
		if defaultErr == nil {
			announce(os.Stderr, defaultInfo)
		}
	})
	return defaultBackend, defaultErr
}

// MustBackend is Backend for notebooks and examples: it panics on error.
func MustBackend() backends.Backend {
	b, err := Backend()
	if err != nil {
		panic(err)
	}
	return b
}

// DefaultBackendInfo describes the backend Backend returned (zero before the first call).
func DefaultBackendInfo() BackendInfo { return defaultInfo }

func announce(w io.Writer, info BackendInfo) { fmt.Fprintf(w, "gan: using %s\n", info) }

// normalizeConfig accepts a bare PJRT plugin path as a convenience for GPU machines, and turns a
// bare "go" into the non-deadlocking mode ("go:ops_parallel" still asks for the parallel one).
func normalizeConfig(config string) string {
	switch {
	case strings.HasPrefix(config, "/"):
		return "xla:" + config
	case config == "go":
		return PureGoBackend
	}
	return config
}

// newBackendWithConfig wraps GoMLX's constructor: an unknown backend name panics there.
func newBackendWithConfig(config string) (b backends.Backend, err error) {
	name, _, _ := strings.Cut(config, ":")
	valid := backends.List()
	slices.Sort(valid)
	if !slices.Contains(valid, name) {
		return nil, fmt.Errorf("unknown backend %q: valid names are %s (with an optional \":config\", e.g. %q, %q, %q, or an absolute path to a PJRT plugin)",
			name, strings.Join(valid, ", "), PureGoBackend, "xla:cpu", "xla:cuda")
	}
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("backend %q: %v", config, r)
		}
	}()
	return backends.NewWithConfig(config)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 160 {
		s = s[:160] + "..."
	}
	return s
}
