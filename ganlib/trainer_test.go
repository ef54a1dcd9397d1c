package ganlib

import (
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// smallConfig is a paper-shaped GAN (MLP G, maxout D with dropout) small enough for tests.
func smallConfig() Config {
	return Config{
		Generator:     MLP{Hidden: []int{16}, Activation: ActReLU, Outputs: 8, Output: ActSigmoid, InitRange: 0.05},
		Discriminator: MaxoutDiscriminator{Layers: []Maxout{{Units: 6, Pieces: 3, InitRange: 0.005}}, InitRange: 0.005, KeepInput: 0.8, KeepHidden: 0.5},
		NoiseDim:      4, DataDim: 8, BatchSize: 10, K: 1,
		DOptimizer: SGD{LearningRate: ExponentialDecay(0.1, 1/1.000004, 1, 1e-6), Momentum: LinearRamp(0.5, 0.7, 0, 10)},
		GOptimizer: Adam{LearningRate: Constant(1e-3), Beta1: 0.5},
		Seed:       7,
	}
}

func realBatch(cfg Config, step int) *tensors.Tensor {
	flat := make([]float32, cfg.BatchSize*cfg.DataDim)
	for i := range flat {
		flat[i] = float32(0.5 + 0.4*math.Sin(float64(i*3+step)))
	}
	return tensors.FromFlatDataAndDimensions(flat, cfg.BatchSize, cfg.DataDim)
}

func newTestTrainer(t *testing.T, cfg Config) *Trainer {
	t.Helper()
	tr, err := NewTrainer(MustBackend(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// snapshot copies every variable under scope.
func snapshot(ctx *context.Context, scope string) map[string][]float32 {
	values := map[string][]float32{}
	for v := range ctx.In(scope).IterVariablesInScope() {
		values[v.ScopeAndName()] = tensors.MustCopyFlatData[float32](v.MustValue())
	}
	return values
}

func sameValues(a, b map[string][]float32) bool {
	if len(a) != len(b) {
		return false
	}
	for k, va := range a {
		if !slices.Equal(va, b[k]) {
			return false
		}
	}
	return true
}

// TestStepsTouchOnlyTheirOwnNetwork: a G step leaves D's weights bit-identical, a D step G's.
func TestStepsTouchOnlyTheirOwnNetwork(t *testing.T) {
	testBackend(t)
	cfg := smallConfig()
	tr := newTestTrainer(t, cfg)
	if _, err := tr.Iteration(realBatch(cfg, 0)); err != nil { // creates and initialises all variables
		t.Fatal(err)
	}
	g0, d0 := snapshot(tr.Context, GeneratorScope), snapshot(tr.Context, DiscriminatorScope)
	if len(g0) == 0 || len(d0) == 0 {
		t.Fatalf("no variables found: %d in G, %d in D", len(g0), len(d0))
	}

	if _, err := tr.GeneratorStep(); err != nil {
		t.Fatal(err)
	}
	g1, d1 := snapshot(tr.Context, GeneratorScope), snapshot(tr.Context, DiscriminatorScope)
	if !sameValues(d0, d1) {
		t.Error("a generator step changed the discriminator's weights")
	}
	if sameValues(g0, g1) {
		t.Error("a generator step did not change the generator's weights")
	}

	if _, err := tr.DiscriminatorStep(realBatch(cfg, 1)); err != nil {
		t.Fatal(err)
	}
	g2, d2 := snapshot(tr.Context, GeneratorScope), snapshot(tr.Context, DiscriminatorScope)
	if !sameValues(g1, g2) {
		t.Error("a discriminator step changed the generator's weights")
	}
	if sameValues(d1, d2) {
		t.Error("a discriminator step did not change the discriminator's weights")
	}
}

// TestSameSeedSameLosses: training is reproducible from its seed, and another seed differs.
func TestSameSeedSameLosses(t *testing.T) {
	testBackend(t)
	train := func(seed int64) History {
		cfg := smallConfig()
		cfg.Seed = seed
		cfg.K = 2
		tr := newTestTrainer(t, cfg)
		for step := range 5 {
			if _, err := tr.Iteration(realBatch(cfg, 2*step), realBatch(cfg, 2*step+1)); err != nil {
				t.Fatal(err)
			}
		}
		return tr.History
	}
	a, b, c := train(1), train(1), train(2)
	if a.Len() != 5 {
		t.Fatalf("history has %d iterations, want 5", a.Len())
	}
	if !slices.Equal(a.DLoss, b.DLoss) || !slices.Equal(a.GLoss, b.GLoss) || !slices.Equal(a.DFake, b.DFake) {
		t.Errorf("same seed, different losses:\n%v\n%v", a, b)
	}
	if slices.Equal(a.GLoss, c.GLoss) {
		t.Errorf("seeds 1 and 2 gave the same G losses %v", a.GLoss)
	}
	for i := range a.Len() {
		if a.DReal[i] <= 0 || a.DReal[i] >= 1 || a.DFake[i] <= 0 || a.DFake[i] >= 1 {
			t.Errorf("iteration %d: D(x) %g and D(G(z)) %g must be probabilities", i, a.DReal[i], a.DFake[i])
		}
	}
}

func TestLossesMatchTheirDefinitions(t *testing.T) {
	testBackend(t)
	logits := []float32{-30, -2, 0, 0.5, 3, 40}
	out := MustExecOnceN(MustBackend(), func(l *Node) []*Node {
		return []*Node{DiscriminatorLoss(l, Neg(l)), Minimax.Loss(l), NonSaturating.Loss(l)}
	}, tensors.FromFlatDataAndDimensions(logits, len(logits), 1))
	var dLoss, minimax, nonSat float64
	for _, l := range logits {
		d := 1 / (1 + math.Exp(-float64(l)))
		// D loss with D(x) = d on "real" and 1-d on "fake" inputs; computed via logs of logits for range.
		dLoss += 0.5 * (softplus64(-float64(l)) + softplus64(-float64(l)))
		minimax += math.Log1p(-d)
		if d == 1 { // log(1 - 1) overflows in float64 too: use the exact form.
			minimax += -softplus64(float64(l)) - math.Log1p(-d)
		}
		nonSat += -math.Log(d)
	}
	n := float64(len(logits))
	got := []float64{scalar(out[0]), scalar(out[1]), scalar(out[2])}
	want := []float64{dLoss / n, minimax / n, nonSat / n}
	for i, name := range []string{"D loss", "minimax G loss", "non-saturating G loss"} {
		if math.IsNaN(got[i]) || math.Abs(got[i]-want[i]) > 1e-4*(1+math.Abs(want[i])) {
			t.Errorf("%s = %g, want %g", name, got[i], want[i])
		}
	}
}

func softplus64(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

func TestNaNLossStopsWithAClearError(t *testing.T) {
	testBackend(t)
	cfg := smallConfig()
	tr := newTestTrainer(t, cfg)
	bad := realBatch(cfg, 0)
	tensors.MustMutableFlatData(bad, func(flat []float32) { flat[0] = float32(math.NaN()) })
	_, err := tr.Iteration(bad)
	if err == nil || !strings.Contains(err.Error(), "diverged") {
		t.Fatalf("want a 'diverged' error for a NaN loss, got %v", err)
	}
	if tr.History.Len() != 0 {
		t.Errorf("a diverged iteration was recorded in the history")
	}
}

func TestBadConfigAndBatchesAreErrors(t *testing.T) {
	testBackend(t)
	cfg := smallConfig()
	cfg.GeneratorLoss = "wasserstein"
	if _, err := NewTrainer(MustBackend(), cfg); err == nil || !strings.Contains(err.Error(), "minimax") {
		t.Errorf("unknown loss: want an error listing the valid ones, got %v", err)
	}
	cfg = smallConfig()
	cfg.NoiseDim = 0
	if _, err := NewTrainer(MustBackend(), cfg); err == nil {
		t.Error("NoiseDim 0: want an error")
	}
	tr := newTestTrainer(t, smallConfig())
	if _, err := tr.Iteration(tensors.FromFlatDataAndDimensions(make([]float32, 12), 3, 4)); err == nil || !strings.Contains(err.Error(), "shape") {
		t.Errorf("wrong batch shape: want a shape error, got %v", err)
	}
	if _, err := tr.Iteration(); err == nil {
		t.Error("no batch: want an error")
	}
}

func TestSchedules(t *testing.T) {
	lr := ExponentialDecay(0.1, 1/1.000004, 1, 1e-6)
	if got, want := lr(1_000_000), 0.1/math.Pow(1.000004, 1_000_000); math.Abs(got-want) > 1e-12 {
		t.Errorf("lr after 1e6 updates = %g, want %g", got, want)
	}
	if got := lr(100_000_000); got != 1e-6 {
		t.Errorf("lr floor: got %g, want 1e-6", got)
	}
	m := LinearRamp(0.5, 0.7, 500, 125_000)
	for _, c := range []struct {
		step int
		want float64
	}{{0, 0.5}, {500, 0.5}, {62_750, 0.6}, {125_000, 0.7}, {1 << 30, 0.7}} {
		if got := m(c.step); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("momentum at step %d = %g, want %g", c.step, got, c.want)
		}
	}
}

// TestResumeGivesTheSameRun: a run stopped after a checkpoint and resumed in a new Trainer gives
// exactly the losses of an uninterrupted run of the same seed, and the same samples: also with
// batch normalisation in G (running statistics) and G's average, which checkpoints must carry.
func TestResumeGivesTheSameRun(t *testing.T) {
	testBackend(t)
	averaged := smallConfig()
	averaged.Generator = MLP{Hidden: []int{16}, Activation: ActReLU, BatchNorm: true, Outputs: 8, Output: ActSigmoid}
	averaged.GeneratorAverage = 0.9
	for name, cfg := range map[string]Config{"paper-shaped": smallConfig(), "batch-norm G, averaged": averaged} {
		t.Run(name, func(t *testing.T) {
			train := func(tr *Trainer, until int) {
				for tr.Step < until {
					if _, err := tr.Iteration(realBatch(cfg, tr.Step)); err != nil {
						t.Fatal(err)
					}
				}
			}
			whole := newTestTrainer(t, cfg)
			train(whole, 6)

			dir := t.TempDir()
			first := newTestTrainer(t, cfg)
			train(first, 3)
			if err := first.SaveCheckpoint(dir, 2); err != nil {
				t.Fatal(err)
			}
			train(first, 4) // progress after the checkpoint is lost, as when a run is killed

			resumed := newTestTrainer(t, cfg)
			found, err := resumed.LoadCheckpoint(dir)
			if err != nil || !found {
				t.Fatalf("LoadCheckpoint: found %v, %v", found, err)
			}
			if resumed.Step != 3 || resumed.History.Len() != 3 {
				t.Fatalf("resumed at step %d with %d history entries, want 3", resumed.Step, resumed.History.Len())
			}
			train(resumed, 6)
			if !slices.Equal(whole.History.DLoss, resumed.History.DLoss) || !slices.Equal(whole.History.GLoss, resumed.History.GLoss) {
				t.Errorf("resumed run differs:\nwhole   %v\nresumed %v", whole.History.GLoss, resumed.History.GLoss)
			}
			z := randomTensor(4, cfg.NoiseDim, 5)
			a, errA := whole.Generate(z)
			b, errB := resumed.Generate(z)
			if errA != nil || errB != nil {
				t.Fatal(errA, errB)
			}
			if !slices.Equal(tensors.MustCopyFlatData[float32](a), tensors.MustCopyFlatData[float32](b)) {
				t.Error("the resumed run's samples differ from the uninterrupted run's")
			}
		})
	}
}

func TestCheckpointsAreKeptAndIncompleteOnesIgnored(t *testing.T) {
	testBackend(t)
	cfg := smallConfig()
	dir := t.TempDir()
	tr := newTestTrainer(t, cfg)
	for range 3 {
		if _, err := tr.Iteration(realBatch(cfg, tr.Step)); err != nil {
			t.Fatal(err)
		}
		if err := tr.SaveCheckpoint(dir, 2); err != nil {
			t.Fatal(err)
		}
	}
	// A save killed half-way leaves only a temporary folder behind.
	if err := os.MkdirAll(filepath.Join(dir, ".tmp-step-00000004"), 0o755); err != nil {
		t.Fatal(err)
	}
	names, err := listCheckpoints(dir)
	if err != nil || !slices.Equal(names, []string{"step-00000002", "step-00000003"}) {
		t.Fatalf("checkpoints %v (%v), want the newest two", names, err)
	}
	fresh := newTestTrainer(t, cfg)
	if found, err := fresh.LoadCheckpoint(dir); err != nil || !found || fresh.Step != 3 {
		t.Fatalf("loaded step %d (found %v, %v), want 3", fresh.Step, found, err)
	}
	empty := newTestTrainer(t, cfg)
	if found, err := empty.LoadCheckpoint(t.TempDir()); err != nil || found {
		t.Errorf("empty dir: found %v, %v", found, err)
	}
}

// TestSampleInChunksGivesTheSameSamples: G applied in chunks to noise drawn at once gives what one
// application gives.
func TestSampleInChunksGivesTheSameSamples(t *testing.T) {
	testBackend(t)
	cfg := smallConfig()
	whole, chunked := newTestTrainer(t, cfg), newTestTrainer(t, cfg)
	saved := SampleChunk
	defer func() { SampleChunk = saved }()
	SampleChunk = 1000
	a, err := whole.Sample(25)
	if err != nil {
		t.Fatal(err)
	}
	SampleChunk = 10
	b, err := chunked.Sample(25)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Shape().Equal(b.Shape()) || !slices.Equal(tensors.MustCopyFlatData[float32](a), tensors.MustCopyFlatData[float32](b)) {
		t.Errorf("chunked samples %s differ from whole %s", b.Shape(), a.Shape())
	}
	if c, _ := chunked.Sample(25); slices.Equal(tensors.MustCopyFlatData[float32](c), tensors.MustCopyFlatData[float32](b)) {
		t.Error("a second Sample drew the same noise again")
	}
}

// TestInstanceNoise: D sees its inputs plus Gaussian noise of the schedule's standard deviation;
// a schedule at 0 adds nothing, and another standard deviation changes what D sees.
func TestInstanceNoise(t *testing.T) {
	testBackend(t)
	cfg := smallConfig()
	// No dropout: D(x) then depends on D's weights and x alone, not on the random number stream.
	cfg.Discriminator = MaxoutDiscriminator{Layers: []Maxout{{Units: 6, Pieces: 3, InitRange: 0.5}}, InitRange: 0.5, KeepInput: 1, KeepHidden: 1}

	// The noise itself, on zero images.
	cfg.InstanceNoise = Constant(0.5)
	tr := newTestTrainer(t, cfg)
	const rows, std = 4000, 0.5
	zeros := tensors.FromFlatDataAndDimensions(make([]float32, rows*cfg.DataDim), rows, cfg.DataDim)
	noisy, err := context.ExecOnce(MustBackend(), tr.Context, func(ctx *context.Context, x *Node) *Node {
		return tr.addInstanceNoise(ctx, x, Scalar(x.Graph(), DType, std))
	}, zeros)
	if err != nil {
		t.Fatal(err)
	}
	var sum, sumSq float64
	values := tensors.MustCopyFlatData[float32](noisy)
	for _, v := range values {
		sum += float64(v)
		sumSq += float64(v) * float64(v)
	}
	mean := sum / float64(len(values))
	if got := math.Sqrt(sumSq/float64(len(values)) - mean*mean); math.Abs(mean) > 0.02 || math.Abs(got-std) > 0.02 {
		t.Errorf("instance noise of std %g on zeros: mean %.4f, std %.4f", std, mean, got)
	}

	// Through a D step: the schedule's value at the step is what is added.
	dReal := func(noise Schedule) float64 {
		cfg.InstanceNoise = noise
		s, err := newTestTrainer(t, cfg).DiscriminatorStep(realBatch(cfg, 0))
		if err != nil {
			t.Fatal(err)
		}
		return s.DReal
	}
	none, zero, large := dReal(nil), dReal(Constant(0)), dReal(func(int) float64 { return 3 })
	if zero != none {
		t.Errorf("D(x) with instance noise of std 0 is %v, without instance noise %v: want them equal", zero, none)
	}
	if large == none {
		t.Errorf("D(x) with instance noise of std 3 is %v, the same as without", large)
	}
}
