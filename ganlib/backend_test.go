package ganlib

import (
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends"
)

func TestBadBackendNameListsValidOnes(t *testing.T) {
	t.Setenv(backends.ConfigEnvVar, "tpu-please")
	_, _, err := NewBackend()
	if err == nil {
		t.Fatal("want an error for an unknown backend")
	}
	for _, want := range []string{"tpu-please", "go", "xla"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q should mention %q", err, want)
		}
	}
}

func TestPlainGoBackendIsSequential(t *testing.T) {
	t.Setenv(backends.ConfigEnvVar, "go")
	b, info, err := NewBackend()
	if err != nil {
		t.Fatal(err)
	}
	if info.Config != PureGoBackend || b.Name() == "" {
		t.Errorf("GOMLX_BACKEND=go gave %v, want %s", info, PureGoBackend)
	}
}

// TestDefaultFallsBackToPureGo: without $GOMLX_BACKEND the choice is XLA where a plugin exists,
// and otherwise the pure-Go backend with the reason given (as on machines without internet).
func TestDefaultFallsBackToPureGo(t *testing.T) {
	t.Setenv(backends.ConfigEnvVar, "")
	b, info, err := NewBackend()
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case strings.HasPrefix(info.Config, "xla"):
		t.Logf("XLA is available here: %v", info)
	case info.Config != PureGoBackend:
		t.Errorf("fallback is %q, want %q", info.Config, PureGoBackend)
	case !strings.Contains(info.Reason, "XLA unavailable"):
		t.Errorf("fallback reason %q should say why XLA was not used", info.Reason)
	}
	if !strings.Contains(info.String(), info.Config) || b == nil {
		t.Errorf("BackendInfo.String() = %q", info)
	}
}
