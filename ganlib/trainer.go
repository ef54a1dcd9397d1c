package ganlib

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	"github.com/gomlx/gomlx/pkg/ml/context"
)

// DType is the floating point type of every model and tensor in ganlib.
const DType = dtypes.Float32

// Scopes of the two players' variables in the Trainer's context. Each update touches only its own.
const (
	GeneratorScope     = "generator"
	DiscriminatorScope = "discriminator"
	optimizerScope     = "optimizer"
)

// Config is everything that defines a GAN training run.
type Config struct {
	Generator     Network // z [batch, NoiseDim] -> x [batch, DataDim]
	Discriminator Network // x [batch, DataDim] -> logits [batch, 1]
	NoiseDim      int
	DataDim       int
	Noise         Noise // nil: U(-sqrt 3, sqrt 3), the paper's MNIST noise

	BatchSize     int
	K             int           // discriminator steps per generator step (Algorithm 1's k); 0 means 1
	GeneratorLoss GeneratorLoss // "" means NonSaturating

	DOptimizer, GOptimizer Optimizer
	Seed                   int64

	// GeneratorAverage, when not zero, is the decay (e.g. 0.999) of an exponential moving average
	// of G's variables over the iterations, and Generate (so Sample, every figure and the Parzen
	// estimate) draws from the averaged G (Yazıcı et al. 2019, "The unusual effectiveness of
	// averaging in GAN training"): G's last iterate jitters around the game's equilibrium, and
	// its average has less pixel noise. Training itself always uses G's own weights.
	GeneratorAverage float64

	// InstanceNoise, when set, gives (by iteration) the standard deviation of Gaussian noise added
	// to every image D sees while training, real and generated alike, in D's steps and in G's
	// (Sønderby et al. 2017, Arjovsky and Bottou 2017). Blurred by the same noise, p_data and p_g
	// overlap, so D can't win outright on details G hasn't learnt yet and its gradient keeps
	// pointing G towards the data; annealed to 0, the game ends as the paper's. nil: none, and no
	// noise is drawn.
	InstanceNoise Schedule
}

func (c *Config) validate() error {
	var errs []error
	if c.Generator == nil || c.Discriminator == nil {
		errs = append(errs, errors.New("Generator and Discriminator must be set"))
	}
	if c.NoiseDim < 1 || c.DataDim < 1 || c.BatchSize < 1 {
		errs = append(errs, fmt.Errorf("NoiseDim (%d), DataDim (%d) and BatchSize (%d) must be positive", c.NoiseDim, c.DataDim, c.BatchSize))
	}
	if c.K < 0 {
		errs = append(errs, fmt.Errorf("K (D steps per G step) must be >= 1, got %d", c.K))
	}
	if c.GeneratorAverage < 0 || c.GeneratorAverage >= 1 {
		errs = append(errs, fmt.Errorf("GeneratorAverage (the average's decay) must be in [0, 1), got %g", c.GeneratorAverage))
	}
	if c.DOptimizer == nil || c.GOptimizer == nil {
		errs = append(errs, errors.New("DOptimizer and GOptimizer must be set"))
	}
	errs = append(errs, c.GeneratorLoss.Validate())
	return errors.Join(errs...)
}

// Stats are the numbers of one training iteration, as the history records them.
type Stats struct {
	DLoss, GLoss float64
	DReal        float64 // mean D(x) over the real batch
	DFake        float64 // mean D(G(z)) over the fake batch
}

// History is the per-iteration record of a run, ready to plot.
type History struct {
	DLoss, GLoss, DReal, DFake []float64
}

func (h *History) append(s Stats) {
	h.DLoss = append(h.DLoss, s.DLoss)
	h.GLoss = append(h.GLoss, s.GLoss)
	h.DReal = append(h.DReal, s.DReal)
	h.DFake = append(h.DFake, s.DFake)
}

// Len is the number of iterations recorded.
func (h *History) Len() int { return len(h.DLoss) }

// Trainer plays the minimax game: each Iteration is K discriminator steps then one generator step
// (Algorithm 1 of the paper), all compiled into one graph execution.
type Trainer struct {
	Config
	Backend backends.Backend
	Context *context.Context
	History History
	Step    int // iterations done

	iterationExec, dStepExec, gStepExec, generateExec, generateAverageExec, noiseExec, discriminateExec *context.Exec
}

// NewTrainer builds the models' graphs (lazily compiled on first use) with variables initialised
// from cfg.Seed.
func NewTrainer(backend backends.Backend, cfg Config) (*Trainer, error) {
	if cfg.K == 0 {
		cfg.K = 1
	}
	if cfg.Noise == nil {
		cfg.Noise = UniformNoise(-math.Sqrt(3), math.Sqrt(3))
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("invalid GAN config: %w", err)
	}
	// Unchecked: D is applied twice per graph (real and fake) and its variables are shared by all execs.
	ctx := context.New().Checked(false)
	if err := ctx.SetRNGStateFromSeed(cfg.Seed); err != nil {
		return nil, fmt.Errorf("seeding the random number generator: %w", err)
	}
	t := &Trainer{Config: cfg, Backend: backend, Context: ctx}
	var err error
	build := func(fn any) *context.Exec {
		if err != nil {
			return nil
		}
		var e *context.Exec
		e, err = context.NewExecAny(backend, ctx, fn)
		return e
	}
	t.iterationExec = build(t.iterationGraph)
	t.dStepExec = build(func(ctx *context.Context, in []*Node) []*Node {
		return t.discriminatorStep(ctx, in[0], hyperparameters{lr: in[1], momentum: in[2], instanceNoise: in[3]})
	})
	t.gStepExec = build(func(ctx *context.Context, in []*Node) []*Node {
		return t.generatorStep(ctx, hyperparameters{lr: in[0], momentum: in[1], instanceNoise: in[2]})
	})
	t.generateExec = build(func(ctx *context.Context, z *Node) *Node {
		return t.Generator.Apply(ctx.In(GeneratorScope), z)
	})
	t.generateAverageExec = build(func(ctx *context.Context, z *Node) *Node {
		return t.Generator.Apply(ctx.In(averageScope), z)
	})
	t.noiseExec = build(func(ctx *context.Context, n *Node) *Node {
		return t.Noise(ctx, n.Graph(), n.Shape().Dim(0), t.NoiseDim)
	})
	t.discriminateExec = build(func(ctx *context.Context, x *Node) *Node {
		return Logistic(t.Discriminator.Apply(ctx.In(DiscriminatorScope), x))
	})
	if err != nil {
		return nil, fmt.Errorf("building the GAN graphs: %w", err)
	}
	return t, nil
}

// hyperparameters are the scalar inputs of one training step, values of the configuration's
// schedules at the current iteration.
type hyperparameters struct {
	lr, momentum  *Node
	instanceNoise *Node // the standard deviation of Config.InstanceNoise (0 when it is nil)
}

// discriminatorStep builds one update of D on a real batch and a fresh fake batch.
// Outputs: D loss, mean D(x), mean D(G(z)).
func (t *Trainer) discriminatorStep(ctx *context.Context, real *Node, h hyperparameters) []*Node {
	g := real.Graph()
	ctx.SetTraining(g, true)
	z := t.Noise(ctx, g, t.BatchSize, t.NoiseDim)
	fake := StopGradient(t.Generator.Apply(ctx.In(GeneratorScope), z))
	dCtx := ctx.In(DiscriminatorScope)
	// D is applied twice rather than to a concatenated batch: slicing the logits apart would need
	// the gradient of Slice, which the pure-Go backend can't build (no Pad).
	realLogits := t.Discriminator.Apply(dCtx, t.addInstanceNoise(ctx, real, h.instanceNoise))
	fakeLogits := t.Discriminator.Apply(dCtx, t.addInstanceNoise(ctx, fake, h.instanceNoise))
	loss := DiscriminatorLoss(realLogits, fakeLogits)
	MinimizeInScope(ctx, DiscriminatorScope, t.DOptimizer, loss, h.lr, h.momentum)
	return []*Node{loss, ReduceAllMean(Logistic(realLogits)), ReduceAllMean(Logistic(fakeLogits))}
}

// generatorStep builds one update of G through D (D's variables are read, never written).
// Outputs: G loss, mean D(G(z)).
func (t *Trainer) generatorStep(ctx *context.Context, h hyperparameters) []*Node {
	g := h.lr.Graph()
	ctx.SetTraining(g, true)
	z := t.Noise(ctx, g, t.BatchSize, t.NoiseDim)
	fake := t.Generator.Apply(ctx.In(GeneratorScope), z)
	fakeLogits := t.Discriminator.Apply(ctx.In(DiscriminatorScope), t.addInstanceNoise(ctx, fake, h.instanceNoise))
	loss := t.GeneratorLoss.Loss(fakeLogits)
	MinimizeInScope(ctx, GeneratorScope, t.GOptimizer, loss, h.lr, h.momentum)
	return []*Node{loss, ReduceAllMean(Logistic(fakeLogits))}
}

// addInstanceNoise returns x plus Gaussian noise of standard deviation std (see
// Config.InstanceNoise), or x itself when the configuration has none.
func (t *Trainer) addInstanceNoise(ctx *context.Context, x, std *Node) *Node {
	if t.InstanceNoise == nil {
		return x
	}
	return Add(x, Mul(ctx.RandomNormal(x.Graph(), x.Shape()), std))
}

// MinimizeInScope builds one step of opt on the trainable variables under scope (relative to ctx)
// that the graph uses, from the gradient of loss, and on nothing else. The optimizer's state lives
// under ctx's "optimizer/<scope>".
func MinimizeInScope(ctx *context.Context, scope string, opt Optimizer, loss, lr, momentum *Node) {
	g := loss.Graph()
	var vars []*context.Variable
	var values []*Node
	for v := range ctx.In(scope).IterVariablesInScope() {
		if v.Trainable && v.InUseByGraph(g) {
			vars = append(vars, v)
			values = append(values, v.ValueGraph(g))
		}
	}
	grads := Gradient(loss, values...)
	opt.Update(ctx.In(optimizerScope).In(scope), vars, grads, lr, momentum)
}

// iterationGraph is Algorithm 1's inner loop: K D-steps (each on its own real batch) then one G-step
// (and, with GeneratorAverage, the update of G's average). Inputs: lrD, momentumD, lrG, momentumG,
// the instance noise's standard deviation, the average's weight, then K real batches. Outputs: D
// loss, D(x), D(G(z)) of the last D-step, and G's loss.
func (t *Trainer) iterationGraph(ctx *context.Context, in []*Node) []*Node {
	dHyper := hyperparameters{lr: in[0], momentum: in[1], instanceNoise: in[4]}
	gHyper := hyperparameters{lr: in[2], momentum: in[3], instanceNoise: in[4]}
	avgWeight, reals := in[5], in[6:]
	var dOut []*Node
	for _, real := range reals {
		dOut = t.discriminatorStep(ctx, real, dHyper)
	}
	// G's step reads D's variables as the D steps left them: expressions of D's gradients. GoMLX's
	// Gradient builds the adjoint of every node downstream of G's variables, StopGradient or not
	// (here through the fake batches of the D steps), so G's step would also differentiate D's
	// update: wasted nodes, and a failure on the pure-Go backend wherever that update holds a Slice
	// (whose gradient needs Pad), as a convolutional D's does. For G's step D is a constant.
	stopGradientInScope(ctx, DiscriminatorScope, avgWeight.Graph())
	gOut := t.generatorStep(ctx, gHyper)
	if t.GeneratorAverage > 0 {
		updateGeneratorAverage(ctx, avgWeight)
	}
	return append(dOut, gOut[0])
}

// stopGradientInScope makes the values of the variables under scope that g uses constants for
// the gradients built after it.
func stopGradientInScope(ctx *context.Context, scope string, g *Graph) {
	for v := range ctx.In(scope).IterVariablesInScope() {
		if v.InUseByGraph(g) {
			v.SetValueGraph(StopGradient(v.ValueGraph(g)))
		}
	}
}

// Iteration runs K discriminator steps, one on each real batch ([BatchSize, DataDim] each), then
// one generator step, and records the stats in History. A NaN or Inf loss returns an error and
// the step is not counted (the variables have moved, so reload a checkpoint to go on).
func (t *Trainer) Iteration(realBatches ...*tensors.Tensor) (Stats, error) {
	if len(realBatches) != t.K {
		return Stats{}, fmt.Errorf("iteration needs K=%d real batches, got %d", t.K, len(realBatches))
	}
	for i, b := range realBatches {
		if err := t.checkBatch(b); err != nil {
			return Stats{}, fmt.Errorf("real batch %d: %w", i, err)
		}
	}
	lrD, momD := t.DOptimizer.Hyperparameters(t.Step)
	lrG, momG := t.GOptimizer.Hyperparameters(t.Step)
	args := []any{float32(lrD), float32(momD), float32(lrG), float32(momG), t.instanceNoiseStd(), float32(averageWeight(t.GeneratorAverage, t.Step))}
	for _, b := range realBatches {
		args = append(args, b)
	}
	out, err := t.iterationExec.Exec(args...)
	if err != nil {
		return Stats{}, fmt.Errorf("training iteration %d: %w", t.Step, err)
	}
	s := Stats{DLoss: scalar(out[0]), DReal: scalar(out[1]), DFake: scalar(out[2]), GLoss: scalar(out[3])}
	if err := s.check(); err != nil {
		return s, fmt.Errorf("training iteration %d: %w", t.Step, err)
	}
	t.History.append(s)
	t.Step++
	return s, nil
}

// DiscriminatorStep runs a single D update, outside the Iteration loop (for tests and teaching).
func (t *Trainer) DiscriminatorStep(real *tensors.Tensor) (Stats, error) {
	if err := t.checkBatch(real); err != nil {
		return Stats{}, err
	}
	lr, mom := t.DOptimizer.Hyperparameters(t.Step)
	out, err := t.dStepExec.Exec(real, float32(lr), float32(mom), t.instanceNoiseStd())
	if err != nil {
		return Stats{}, fmt.Errorf("discriminator step: %w", err)
	}
	return Stats{DLoss: scalar(out[0]), DReal: scalar(out[1]), DFake: scalar(out[2])}, nil
}

// GeneratorStep runs a single G update, outside the Iteration loop (for tests and teaching).
func (t *Trainer) GeneratorStep() (Stats, error) {
	lr, mom := t.GOptimizer.Hyperparameters(t.Step)
	out, err := t.gStepExec.Exec(float32(lr), float32(mom), t.instanceNoiseStd())
	if err != nil {
		return Stats{}, fmt.Errorf("generator step: %w", err)
	}
	return Stats{GLoss: scalar(out[0]), DFake: scalar(out[1])}, nil
}

// Generate maps noise z [n, NoiseDim] to samples [n, DataDim] (in inference mode: no dropout,
// normalisation by its running statistics), through G's average when Config.GeneratorAverage is
// set and an iteration has run, else through G itself.
func (t *Trainer) Generate(z *tensors.Tensor) (*tensors.Tensor, error) {
	exec := t.generateExec
	if t.GeneratorAverage > 0 && t.Step > 0 {
		exec = t.generateAverageExec
	}
	out, err := exec.Exec(z)
	if err != nil {
		return nil, fmt.Errorf("generating samples: %w", err)
	}
	return out[0], nil
}

// SampleChunk is the most samples Sample has G generate in one execution. A convolutional G's
// intermediate tensors grow with the batch: 10,000 CIFAR-10 samples of the cpu configuration at
// once took 8.7 GB.
var SampleChunk = 1000

// Sample draws n samples of G, from fresh noise of the configured kind. The noise is drawn at once
// and G applied to it in chunks of at most SampleChunk rows, which gives the same samples.
func (t *Trainer) Sample(n int) (*tensors.Tensor, error) {
	if n < 1 {
		return nil, fmt.Errorf("can't draw %d samples", n)
	}
	// The graph takes its batch size from the shape of this (otherwise unused) input.
	out, err := t.noiseExec.Exec(tensors.FromShape(shapes.Make(DType, n)))
	if err != nil {
		return nil, fmt.Errorf("sampling the generator's noise: %w", err)
	}
	z := out[0]
	if n <= SampleChunk {
		return t.Generate(z)
	}
	zFlat := tensors.MustCopyFlatData[float32](z)
	samples := make([]float32, 0, n*t.DataDim)
	for start := 0; start < n; start += SampleChunk {
		end := min(n, start+SampleChunk)
		x, err := t.Generate(tensors.FromFlatDataAndDimensions(zFlat[start*t.NoiseDim:end*t.NoiseDim], end-start, t.NoiseDim))
		if err != nil {
			return nil, err
		}
		samples = append(samples, tensors.MustCopyFlatData[float32](x)...)
		x.MustFinalizeAll()
	}
	return tensors.FromFlatDataAndDimensions(samples, n, t.DataDim), nil
}

// Discriminate returns D(x) in (0, 1) for x [n, DataDim], without dropout.
func (t *Trainer) Discriminate(x *tensors.Tensor) (*tensors.Tensor, error) {
	out, err := t.discriminateExec.Exec(x)
	if err != nil {
		return nil, fmt.Errorf("evaluating the discriminator: %w", err)
	}
	return out[0], nil
}

// instanceNoiseStd is the standard deviation of the instance noise at the current step.
func (t *Trainer) instanceNoiseStd() float32 {
	if t.InstanceNoise == nil {
		return 0
	}
	return float32(t.InstanceNoise(t.Step))
}

func (t *Trainer) checkBatch(b *tensors.Tensor) error {
	if b == nil {
		return errors.New("nil batch")
	}
	if s := b.Shape(); s.DType != DType || s.Rank() != 2 || s.Dim(0) != t.BatchSize || s.Dim(1) != t.DataDim {
		return fmt.Errorf("want a batch of shape (Float32)[%d %d], got %s", t.BatchSize, t.DataDim, s)
	}
	return nil
}

func (s Stats) check() error {
	for _, v := range []float64{s.DLoss, s.GLoss, s.DReal, s.DFake} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("loss diverged: D loss %g, G loss %g, D(x) %g, D(G(z)) %g", s.DLoss, s.GLoss, s.DReal, s.DFake)
		}
	}
	return nil
}

func scalar(t *tensors.Tensor) float64 { return float64(tensors.ToScalar[float32](t)) }
