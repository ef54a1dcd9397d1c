// Package toy is the 1-D Gaussian GAN of Eric Jang's tutorial and of the write-up this project
// started from: a generator learns to turn stratified noise into samples of p_data = N(mu, sigma),
// against a discriminator that can be pre-trained on the p_data density first.
//
// It is small enough to watch everything: p_data, D(x) over the line and the histogram of G's
// samples, at any moment of training.
package toy

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/adversarial-nets/gan/ganlib"
)

// Config of the toy. DefaultConfig returns the tutorial's settings.
type Config struct {
	Mu, Sigma float64 // p_data = N(Mu, Sigma)
	Range     float64 // D is pre-trained and plotted over [-Range, Range]
	// Noise is G's input, stratified over the batch: "uniform" spreads z evenly over [-Range, Range]
	// as the tutorial does; "normal" places z at the batch's quantiles of N(0, 1).
	Noise      string
	Iterations int // training iterations (one D step, one G step each)
	BatchSize  int
	Hidden     []int // hidden layers of G (tanh)
	DHidden    []int // hidden layers of D (tanh)
	// MinibatchStd gives D the standard deviation of its whole batch as a second input feature
	// (Karras et al. 2018). A small D alone sees one sample at a time and can hardly tell a
	// too-narrow p_g from p_data: G then collapses towards a point (mode collapse), as the
	// tutorials show. With it, D can, and G learns the width too.
	MinibatchStd bool
	K            int // D steps per G step
	InitRange    float64

	// Pretrain is the number of D pre-training steps (regressing D(x) onto the p_data density); 0
	// skips pre-training.
	Pretrain             int
	PretrainLearningRate float64

	// Optimizer of both players: "sgd" (with Momentum) or "adam" (with beta1 = Momentum). The
	// learning rate decays by DecayFactor every DecayEvery iterations.
	Optimizer                           string
	LearningRate, Momentum, DecayFactor float64
	GLearningRate                       float64 // G's initial learning rate; 0: LearningRate
	DecayEvery                          int
	GeneratorLoss                       ganlib.GeneratorLoss

	Seed int64
}

// DefaultConfig is the 1-D experiment of the write-up: p_data = N(-1, 1), 1-6-5-1 tanh MLPs, batch
// 200, 10,000 iterations, D pre-trained for 1,000 steps.
func DefaultConfig() Config {
	return Config{
		Mu: -1, Sigma: 1, Range: 5, Noise: "normal", MinibatchStd: true,
		Iterations: 10_000, BatchSize: 200, K: 1,
		Hidden: []int{6, 5}, DHidden: []int{6, 5}, InitRange: 1,
		Pretrain: 1000, PretrainLearningRate: 0.3,
		Optimizer: "sgd", LearningRate: 0.03, Momentum: 0.6, DecayFactor: 0.95, DecayEvery: 1000,
		GeneratorLoss: ganlib.NonSaturating,
		Seed:          1,
	}
}

// Validate returns an error naming every bad field.
func (c Config) Validate() error {
	switch {
	case c.Sigma <= 0:
		return fmt.Errorf("sigma must be positive, got %g", c.Sigma)
	case c.Range <= 0:
		return fmt.Errorf("range must be positive, got %g", c.Range)
	case c.Iterations < 0 || c.Pretrain < 0:
		return fmt.Errorf("iterations (%d) and pretrain steps (%d) can't be negative", c.Iterations, c.Pretrain)
	case c.BatchSize < 2:
		return fmt.Errorf("batch size must be at least 2, got %d", c.BatchSize)
	case c.LearningRate <= 0:
		return fmt.Errorf("learning rate must be positive, got %g", c.LearningRate)
	case c.Noise != "uniform" && c.Noise != "normal":
		return fmt.Errorf("noise must be \"uniform\" or \"normal\", got %q", c.Noise)
	case c.Optimizer != "sgd" && c.Optimizer != "adam":
		return fmt.Errorf("optimizer must be \"sgd\" or \"adam\", got %q", c.Optimizer)
	}
	return c.GeneratorLoss.Validate()
}

// Curve is D(x) and the p_data density on the plotting grid X.
type Curve struct {
	X, PData, D []float64
}

// Result is what a run produced: the curves of the four figures and the numbers a test checks.
type Result struct {
	Config  Config
	Backend string

	Initial    Curve     // before anything: p_data and the initial decision boundary
	Pretrained Curve     // after D's pre-training (equal to Initial when Pretrain is 0)
	Final      Curve     // after training
	Samples    []float64 // G's samples after training
	History    ganlib.History

	SampleMean, SampleStd float64 // of Samples
	MeanDReal             float64 // mean D(x) over fresh samples of p_data after training
	WallTime              time.Duration
}

// Progress is called after every iteration with its number (from 1) and stats.
type Progress func(iteration int, s ganlib.Stats)

// Toy is a 1-D GAN being trained.
type Toy struct {
	Config  Config
	Trainer *ganlib.Trainer
	rng     *rand.Rand
	reals   []*tensors.Tensor // reused buffers for the K real batches
	grid    *tensors.Tensor   // plotting grid, [points, 1]
	gridX   []float64
	curve   *context.Exec // D(x) on the grid (see Curve)
}

// New builds the toy's models and trainer.
func New(backend backends.Backend, cfg Config) (*Toy, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("toy config: %w", err)
	}
	generator := ganlib.MLP{Hidden: cfg.Hidden, Activation: ganlib.ActTanh, Outputs: 1, InitRange: cfg.InitRange}
	var discriminator ganlib.Network = ganlib.MLP{Hidden: cfg.DHidden, Activation: ganlib.ActTanh, Outputs: 1, InitRange: cfg.InitRange, InputScale: 1 / cfg.Range}
	if cfg.MinibatchStd {
		discriminator = ganlib.MinibatchStd{Network: discriminator}
	}
	gLearningRate := cfg.GLearningRate
	if gLearningRate == 0 {
		gLearningRate = cfg.LearningRate
	}
	trainer, err := ganlib.NewTrainer(backend, ganlib.Config{
		Generator: generator, Discriminator: discriminator,
		NoiseDim: 1, DataDim: 1, Noise: cfg.noise(),
		BatchSize: cfg.BatchSize, K: cfg.K, GeneratorLoss: cfg.GeneratorLoss,
		DOptimizer: cfg.optimizer(cfg.LearningRate), GOptimizer: cfg.optimizer(gLearningRate),
		Seed: cfg.Seed,
	})
	if err != nil {
		return nil, err
	}
	t := &Toy{
		Config: cfg, Trainer: trainer,
		rng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x70e)),
	}
	for range trainer.K {
		t.reals = append(t.reals, tensors.FromShape(shapes.Make(ganlib.DType, cfg.BatchSize, 1)))
	}
	t.gridX = linspace(-cfg.Range, cfg.Range, 201)
	t.grid = column(t.gridX)
	return t, nil
}

// StratifiedNoise spreads a batch evenly over [-r, r] with a little jitter, as the tutorial does:
// z_i = -r + 2r·i/(n-1) + U(0, 0.01). G then learns a smooth monotone map from z to x.
func StratifiedNoise(r float64) ganlib.Noise {
	return func(ctx *context.Context, g *Graph, batch, dim int) *Node {
		positions := Iota(g, shapes.Make(ganlib.DType, batch, dim), 0)
		even := AddScalar(MulScalar(positions, 2*r/float64(batch-1)), -r)
		return Add(even, MulScalar(ctx.RandomUniform(g, shapes.Make(ganlib.DType, batch, dim)), 0.01))
	}
}

func (c Config) optimizer(learningRate float64) ganlib.Optimizer {
	schedule := ganlib.Constant(learningRate)
	if c.DecayFactor != 0 {
		schedule = ganlib.ExponentialDecay(learningRate, c.DecayFactor, c.DecayEvery, 0)
	}
	if c.Optimizer == "adam" {
		return ganlib.Adam{LearningRate: schedule, Beta1: c.Momentum}
	}
	return ganlib.SGD{LearningRate: schedule, Momentum: ganlib.Constant(c.Momentum)}
}

func (c Config) noise() ganlib.Noise {
	if c.Noise == "uniform" {
		return StratifiedNoise(c.Range)
	}
	return StratifiedNormalNoise()
}

// StratifiedNormalNoise is a stratified sample of N(0, 1): z_i falls in the i-th of n
// equal-probability strata, [Φ⁻¹(i/n), Φ⁻¹((i+1)/n)], uniformly within it (the outermost strata are
// cut at the 1e-4 and 1-1e-4 quantiles). G then only has to learn an affine map to reach p_data,
// where from uniform noise it must bend z into a Gaussian's inverse CDF.
func StratifiedNormalNoise() ganlib.Noise {
	return func(ctx *context.Context, g *Graph, batch, dim int) *Node {
		lows, widths := make([]float32, batch*dim), make([]float32, batch*dim)
		standard := distuv.UnitNormal
		for i := range batch {
			lo := standard.Quantile(max(float64(i)/float64(batch), 1e-4))
			hi := standard.Quantile(min(float64(i+1)/float64(batch), 1-1e-4))
			for j := range dim {
				lows[i*dim+j], widths[i*dim+j] = float32(lo), float32(hi-lo)
			}
		}
		u := ctx.RandomUniform(g, shapes.Make(ganlib.DType, batch, dim))
		return Add(Reshape(Const(g, lows), batch, dim), Mul(u, Reshape(Const(g, widths), batch, dim)))
	}
}

// Run does the whole experiment: initial curve, optional pre-training, training, final statistics.
func Run(backend backends.Backend, cfg Config, progress Progress) (*Result, error) {
	start := time.Now()
	t, err := New(backend, cfg)
	if err != nil {
		return nil, err
	}
	res := &Result{Config: cfg, Backend: backend.Name()}
	if res.Initial, err = t.Curve(); err != nil {
		return nil, err
	}
	if err = t.PretrainDiscriminator(); err != nil {
		return nil, err
	}
	if res.Pretrained, err = t.Curve(); err != nil {
		return nil, err
	}
	if err = t.Train(cfg.Iterations, progress); err != nil {
		return nil, err
	}
	if res.Final, err = t.Curve(); err != nil {
		return nil, err
	}
	if res.Samples, err = t.Samples(); err != nil {
		return nil, err
	}
	res.SampleMean, res.SampleStd = stat.MeanStdDev(res.Samples, nil)
	if res.MeanDReal, err = t.MeanDReal(10); err != nil {
		return nil, err
	}
	res.History = t.Trainer.History
	res.WallTime = time.Since(start)
	return res, nil
}

// Train runs n iterations, each on a fresh batch from p_data.
func (t *Toy) Train(n int, progress Progress) error {
	for i := 0; i < n; i++ {
		for _, real := range t.reals {
			t.sampleData(real)
		}
		s, err := t.Trainer.Iteration(t.reals...)
		if err != nil {
			return err
		}
		if progress != nil {
			progress(t.Trainer.Step, s)
		}
	}
	return nil
}

// PretrainDiscriminator regresses D(x) onto the p_data density at points spread uniformly over
// [-Range, Range], for Config.Pretrain steps. In the tutorial's words: "if the decider is
// reasonably accurate to start, we get much faster convergence".
func (t *Toy) PretrainDiscriminator() error {
	if t.Config.Pretrain == 0 {
		return nil
	}
	sgd := ganlib.SGD{LearningRate: ganlib.Constant(t.Config.PretrainLearningRate), Momentum: ganlib.Constant(t.Config.Momentum)}
	exec, err := context.NewExec(t.Trainer.Backend, t.Trainer.Context.In("pretrain"),
		func(ctx *context.Context, x, target, lr, momentum *Node) *Node {
			root := ctx.InAbsPath("/")
			d := Logistic(t.discriminator(root.In(ganlib.DiscriminatorScope), x))
			loss := ReduceAllMean(Square(Sub(d, target)))
			ganlib.MinimizeInScope(root, ganlib.DiscriminatorScope, sgd, loss, lr, momentum)
			return loss
		})
	if err != nil {
		return fmt.Errorf("building D pre-training: %w", err)
	}
	n := t.Config.BatchSize
	x, target := make([]float32, n), make([]float32, n)
	pdata := t.pdata()
	for step := 0; step < t.Config.Pretrain; step++ {
		for i := range x {
			x[i] = float32((t.rng.Float64()*2 - 1) * t.Config.Range)
			target[i] = float32(pdata.Prob(float64(x[i])))
		}
		lr, mom := sgd.Hyperparameters(step)
		if _, err := exec.Exec(tensors.FromFlatDataAndDimensions(x, n, 1), tensors.FromFlatDataAndDimensions(target, n, 1), float32(lr), float32(mom)); err != nil {
			return fmt.Errorf("D pre-training step %d: %w", step, err)
		}
	}
	return nil
}

// Curve evaluates p_data and D on the plotting grid.
//
// With the minibatch-std feature, D judges each grid point as if it came in a batch with
// p_data's spread (sigma): the grid itself, spread evenly over [-Range, Range], is no such batch.
// Pre-training fits D the same way.
func (t *Toy) Curve() (Curve, error) {
	d, err := t.discriminateGrid()
	if err != nil {
		return Curve{}, err
	}
	pdata := t.pdata()
	c := Curve{X: t.gridX, PData: make([]float64, len(t.gridX)), D: floats(d)}
	for i, x := range t.gridX {
		c.PData[i] = pdata.Prob(x)
	}
	return c, nil
}

// discriminator applies D's network to points x that are not a batch of samples (a plotting
// grid, pre-training points spread over the line): the minibatch-std feature is then p_data's sigma.
func (t *Toy) discriminator(ctx *context.Context, x *Node) *Node {
	if ms, ok := t.Trainer.Discriminator.(ganlib.MinibatchStd); ok {
		return ms.ApplyWithStd(ctx, x, Scalar(x.Graph(), ganlib.DType, t.Config.Sigma))
	}
	return t.Trainer.Discriminator.Apply(ctx, x)
}

func (t *Toy) discriminateGrid() (*tensors.Tensor, error) {
	if t.curve == nil {
		var err error
		t.curve, err = context.NewExec(t.Trainer.Backend, t.Trainer.Context, func(ctx *context.Context, x *Node) *Node {
			return Logistic(t.discriminator(ctx.In(ganlib.DiscriminatorScope), x))
		})
		if err != nil {
			return nil, err
		}
	}
	out, err := t.curve.Exec(t.grid)
	if err != nil {
		return nil, fmt.Errorf("evaluating D on the grid: %w", err)
	}
	return out[0], nil
}

// Samples draws 10 batches' worth of G's samples, from the noise G was trained on.
func (t *Toy) Samples() ([]float64, error) {
	x, err := t.Trainer.Sample(10 * t.Config.BatchSize)
	if err != nil {
		return nil, err
	}
	return floats(x), nil
}

// MeanDReal is the mean of D(x) over n batches of fresh p_data samples: 1/2 at the game's
// equilibrium, where D can no longer tell real from fake.
func (t *Toy) MeanDReal(n int) (float64, error) {
	buf := tensors.FromShape(shapes.Make(ganlib.DType, n*t.Config.BatchSize, 1))
	t.sampleData(buf)
	d, err := t.Trainer.Discriminate(buf)
	if err != nil {
		return 0, err
	}
	return stat.Mean(floats(d), nil), nil
}

func (t *Toy) pdata() distuv.Normal { return distuv.Normal{Mu: t.Config.Mu, Sigma: t.Config.Sigma} }

func (t *Toy) sampleData(buf *tensors.Tensor) {
	tensors.MustMutableFlatData(buf, func(flat []float32) {
		for i := range flat {
			flat[i] = float32(t.Config.Mu + t.Config.Sigma*t.rng.NormFloat64())
		}
	})
}

func linspace(lo, hi float64, n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	return xs
}

func column(xs []float64) *tensors.Tensor {
	flat := make([]float32, len(xs))
	for i, x := range xs {
		flat[i] = float32(x)
	}
	return tensors.FromFlatDataAndDimensions(flat, len(xs), 1)
}

func floats(t *tensors.Tensor) []float64 {
	flat := tensors.MustCopyFlatData[float32](t)
	out := make([]float64, len(flat))
	for i, v := range flat {
		out[i] = float64(v)
	}
	return out
}

// Summary is a one-paragraph account of a run, for the CLI and notebooks.
func (r *Result) Summary() string {
	return fmt.Sprintf("p_data N(%g, %g); G's samples: mean %.3f, std %.3f; mean D(x) %.3f; %d iterations (pre-training %d) in %s on %s",
		r.Config.Mu, r.Config.Sigma, r.SampleMean, r.SampleStd, r.MeanDReal, r.Config.Iterations, r.Config.Pretrain,
		r.WallTime.Round(time.Millisecond), r.Backend)
}
