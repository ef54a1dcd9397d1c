package experiments

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/datasets"
	"github.com/adversarial-nets/gan/ganlib/plots"
)

// Options of a training run.
type Options struct {
	Dataset string // one of Datasets: "mnist", "cifar10", "tfd"
	Config  string // one of ConfigNamesFor(Dataset), see Config
	Out     string // the run's folder: checkpoints/, samples/, report.md, report.json
	Steps   int    // total training iterations (a resumed run continues up to it)
	Seed    int64

	CheckpointEvery int    // iterations between checkpoints (0: 500)
	SampleEvery     int    // iterations between sample grids (0: 1000)
	Resume          bool   // continue from the newest checkpoint in Out
	DataDir         string // data cache folder ("" for datasets.DefaultDataDir); TFD: see LoadData

	// ParzenSize, when set, shrinks the Parzen protocol to that many samples and test images:
	// for tests, never for a reported number.
	ParzenSize int

	Progress func(step int, s ganlib.Stats) // called after every iteration, if set
	Log      io.Writer                      // messages (nil: discarded)
}

// Run is a training run: data, trainer and where it writes.
type Run struct {
	Options
	Data    Data
	Backend backends.Backend
	Trainer *ganlib.Trainer
	// WallTime is the training time so far, over every session of a resumed run.
	WallTime time.Duration

	batches *batches
	gridZ   *tensors.Tensor // fixed noise: every sample grid shows the same z
}

// runState is what a checkpoint adds to the trainer's own state.
type runState struct {
	Dataset, Config string
	Seed            int64
	WallTime        time.Duration
}

// Open loads the data and builds the trainer; with Resume it restores the newest checkpoint.
func Open(backend backends.Backend, opts Options) (*Run, error) {
	if !validConfig(opts.Dataset, opts.Config) {
		return nil, fmt.Errorf("unknown configuration %q for %s (valid: %v)", opts.Config, opts.Dataset, ConfigNamesFor(opts.Dataset))
	}
	if opts.Steps < 0 {
		return nil, fmt.Errorf("steps can't be negative (%d)", opts.Steps)
	}
	if opts.CheckpointEvery <= 0 {
		opts.CheckpointEvery = 500
	}
	if opts.SampleEvery <= 0 {
		opts.SampleEvery = 1000
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	data, err := LoadData(opts.Dataset, opts.DataDir)
	if err != nil {
		return nil, err
	}
	if usesGCN(opts.Dataset, opts.Config) {
		data = data.GlobalContrastNormalized(datasets.GCNScale)
	}
	// Built once to learn its batch size, then with the epoch (of the momentum schedule) it makes.
	cfg, err := Config(opts.Dataset, opts.Config, data.Train.Dim(), 1, opts.Seed)
	if err != nil {
		return nil, err
	}
	if cfg, err = Config(opts.Dataset, opts.Config, data.Train.Dim(), data.Train.N/cfg.BatchSize, opts.Seed); err != nil {
		return nil, err
	}
	trainer, err := ganlib.NewTrainer(backend, cfg)
	if err != nil {
		return nil, err
	}
	r := &Run{Options: opts, Data: data, Backend: backend, Trainer: trainer,
		gridZ: fixedNoise(100, cfg.NoiseDim, opts.Seed, normalNoise(opts.Dataset))}
	if r.batches, err = newBatches(data.Train, cfg.BatchSize, opts.Seed); err != nil {
		return nil, err
	}
	if opts.Resume {
		if err := r.resume(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *Run) checkpointDir() string { return filepath.Join(r.Out, "checkpoints") }

func (r *Run) resume() error {
	found, err := r.Trainer.LoadCheckpoint(r.checkpointDir())
	if err != nil {
		return err
	}
	if !found {
		fmt.Fprintf(r.Log, "no checkpoint in %s: starting a new run\n", r.checkpointDir())
		return nil
	}
	var state runState
	if err := readJSON(filepath.Join(r.Out, "run.json"), &state); err != nil {
		return err
	}
	if state.Dataset != r.Dataset || state.Config != r.Config || state.Seed != r.Seed {
		return fmt.Errorf("%s was a run of %s/%s with seed %d, not %s/%s with seed %d", r.Out,
			state.Dataset, state.Config, state.Seed, r.Dataset, r.Config, r.Seed)
	}
	r.WallTime = state.WallTime
	fmt.Fprintf(r.Log, "resumed %s at step %d\n", r.Out, r.Trainer.Step)
	return nil
}

// Train runs iterations until Steps, writing checkpoints and sample grids on the way. A loss
// that turns NaN or infinite stops the run with an error; the last checkpoint is kept.
func (r *Run) Train() error {
	start := time.Now()
	elapsed := func() time.Duration { return r.WallTime + time.Since(start) }
	t := r.Trainer
	for t.Step < r.Steps {
		reals := make([]*tensors.Tensor, t.K)
		for j := range reals {
			reals[j] = r.batches.batch(t.Step*t.K + j)
		}
		s, err := t.Iteration(reals...)
		if err != nil {
			return fmt.Errorf("%w (the last checkpoint in %s is intact: fix the cause and rerun with -resume)", err, r.checkpointDir())
		}
		if r.Progress != nil {
			r.Progress(t.Step, s)
		}
		if t.Step%r.SampleEvery == 0 {
			if err := r.writeSampleGrid(); err != nil {
				return err
			}
		}
		if t.Step%r.CheckpointEvery == 0 || t.Step == r.Steps {
			if err := r.checkpoint(elapsed()); err != nil {
				return err
			}
		}
	}
	r.WallTime = elapsed()
	return nil
}

func (r *Run) checkpoint(wall time.Duration) error {
	if err := writeJSON(filepath.Join(r.Out, "run.json"), runState{Dataset: r.Dataset, Config: r.Config, Seed: r.Seed, WallTime: wall}); err != nil {
		return err
	}
	return r.Trainer.SaveCheckpoint(r.checkpointDir(), 3)
}

// SampleGrid draws G's samples for the fixed grid noise, ten a row.
func (r *Run) SampleGrid() ([]byte, error) {
	x, err := r.Trainer.Generate(r.gridZ)
	if err != nil {
		return nil, err
	}
	img, err := plots.Grid{Images: r.Data.Displayable(splitRows(tensors.MustCopyFlatData[float32](x), r.Data.Train.Dim())),
		Height: r.Data.Train.Height, Width: r.Data.Train.Width, Channels: r.Data.Train.Channels, Cols: 10, Pad: 1, Scale: 2}.Image()
	if err != nil {
		return nil, err
	}
	return plots.ImagePNG(img)
}

func (r *Run) writeSampleGrid() error {
	png, err := r.SampleGrid()
	if err != nil {
		return fmt.Errorf("drawing samples: %w", err)
	}
	return writeFileAtomic(filepath.Join(r.Out, "samples", fmt.Sprintf("step-%08d.png", r.Trainer.Step)), png)
}

// fixedNoise is n draws from the seed of the paper's MNIST noise U(-sqrt 3, sqrt 3), or with
// normal of its CIFAR-10 (and TFD) noise N(0, 1).
func fixedNoise(n, dim int, seed int64, normal bool) *tensors.Tensor {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9a1d))
	z := make([]float32, n*dim)
	for i := range z {
		if normal {
			z[i] = float32(rng.NormFloat64())
		} else {
			z[i] = float32((rng.Float64()*2 - 1) * math.Sqrt(3))
		}
	}
	return tensors.FromFlatDataAndDimensions(z, n, dim)
}

// normalNoise reports whether a data set's configurations draw z from N(0, 1), as the paper's
// CIFAR-10 and TFD models do.
func normalNoise(dataset string) bool { return dataset == "cifar10" || dataset == "tfd" }

// splitRows cuts a flat [n, dim] slice into its n rows (no copy).
func splitRows(flat []float32, dim int) [][]float32 {
	out := make([][]float32, 0, len(flat)/dim)
	for i := 0; i+dim <= len(flat); i += dim {
		out = append(out, flat[i:i+dim])
	}
	return out
}

// writeFileAtomic writes to a temporary file and renames it, so a reader (or a run killed
// half-way) never sees a partial file.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(data, '\n'))
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return errors.Join(fmt.Errorf("reading %s", path), err)
	}
	return nil
}

// Load opens a run folder as it was trained (data set, configuration and seed from its run.json)
// at its newest checkpoint, for evaluation and figures.
func Load(backend backends.Backend, dir, dataDir string) (*Run, error) {
	var state runState
	if err := readJSON(filepath.Join(dir, "run.json"), &state); err != nil {
		return nil, fmt.Errorf("%s is not a finished run (train first with gan train -out %s): %w", dir, dir, err)
	}
	run, err := Open(backend, Options{Dataset: state.Dataset, Config: state.Config, Seed: state.Seed, Out: dir, DataDir: dataDir, Resume: true})
	if err != nil {
		return nil, err
	}
	if run.Trainer.Step == 0 {
		return nil, fmt.Errorf("no checkpoint in %s", run.checkpointDir())
	}
	return run, nil
}
