package ganlib

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gomlx/gomlx/pkg/ml/context/checkpoints"
)

// Checkpoints are folders dir/step-NNNNNNNN, each holding a GoMLX checkpoint of every variable
// (both networks, optimizer state, the random number generator) and trainer.json (step and
// history). A folder is written under a temporary name and renamed when complete, so a run
// killed while saving leaves the previous checkpoint intact: loading never sees half a file.

const (
	checkpointPrefix = "step-"
	trainerStateFile = "trainer.json"
)

type trainerState struct {
	Step    int
	History History
}

// SaveCheckpoint writes the trainer's state to dir, keeping the newest keep checkpoints (0 keeps all).
func (t *Trainer) SaveCheckpoint(dir string, keep int) error {
	final := filepath.Join(dir, fmt.Sprintf("%s%08d", checkpointPrefix, t.Step))
	tmp := filepath.Join(dir, ".tmp-"+filepath.Base(final))
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("clearing %s: %w", tmp, err)
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", tmp, err)
	}
	handler, err := checkpoints.Build(t.Context).Dir(tmp).Done()
	if err != nil {
		return fmt.Errorf("checkpoint in %s: %w", tmp, err)
	}
	if err := handler.Save(); err != nil {
		return fmt.Errorf("saving checkpoint in %s: %w", tmp, err)
	}
	state, err := json.Marshal(trainerState{Step: t.Step, History: t.History})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, trainerStateFile), state, 0o644); err != nil {
		return fmt.Errorf("saving trainer state: %w", err)
	}
	if err := os.RemoveAll(final); err != nil {
		return err
	}
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("completing checkpoint %s: %w", final, err)
	}
	return pruneCheckpoints(dir, keep)
}

// LoadCheckpoint restores the newest complete checkpoint in dir, before any training step. It
// returns false, and changes nothing, when dir has none.
func (t *Trainer) LoadCheckpoint(dir string) (bool, error) {
	all, err := listCheckpoints(dir)
	if err != nil || len(all) == 0 {
		return false, err
	}
	latest := filepath.Join(dir, all[len(all)-1])
	data, err := os.ReadFile(filepath.Join(latest, trainerStateFile))
	if err != nil {
		return false, fmt.Errorf("reading checkpoint %s: %w", latest, err)
	}
	var state trainerState
	if err := json.Unmarshal(data, &state); err != nil {
		return false, fmt.Errorf("reading %s: %w", filepath.Join(latest, trainerStateFile), err)
	}
	if _, err := checkpoints.Build(t.Context).Dir(latest).Immediate().Done(); err != nil {
		return false, fmt.Errorf("loading checkpoint %s: %w", latest, err)
	}
	t.Step, t.History = state.Step, state.History
	return true, nil
}

// listCheckpoints returns the complete checkpoint folders in dir, oldest first.
func listCheckpoints(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing checkpoints in %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		step, ok := strings.CutPrefix(e.Name(), checkpointPrefix)
		if _, err := strconv.Atoi(step); ok && err == nil && e.IsDir() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names) // zero-padded steps sort in order
	return names, nil
}

func pruneCheckpoints(dir string, keep int) error {
	all, err := listCheckpoints(dir)
	if err != nil || keep <= 0 || len(all) <= keep {
		return err
	}
	for _, name := range all[:len(all)-keep] {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("removing old checkpoint: %w", err)
		}
	}
	return nil
}
