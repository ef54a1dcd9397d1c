package ganlib

import (
	"fmt"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// An Optimizer updates the variables of one network from their gradients.
//
// GoMLX's stock optimizers update every trainable variable the graph uses, so a generator step
// built with them would also move the discriminator; and v0.26.0 has no momentum SGD. These update
// exactly the variables they are given.
type Optimizer interface {
	// Hyperparameters returns the learning rate and momentum (Adam: beta1) for a step; the Trainer
	// feeds them to Update as scalar inputs.
	Hyperparameters(step int) (learningRate, momentum float64)
	// Update builds one step on vars, given their gradients. State variables (velocities,
	// moments) live in ctx's current scope.
	Update(ctx *context.Context, vars []*context.Variable, grads []*Node, learningRate, momentum *Node)
}

// SGD is stochastic gradient descent with (classical) momentum, as pylearn2's: v = m*v - lr*grad;
// w = w + v.
type SGD struct {
	LearningRate Schedule
	Momentum     Schedule // nil: no momentum
	// MaxColNorm, when not zero, is pylearn2's max_col_norm, which the paper's TFD models set on
	// every layer: after each update, every column of a layer's weights [in, out] (the weights into
	// one unit, or into one piece of a maxout unit) whose Euclidean norm exceeds it is scaled back
	// to it. Biases and the velocity are left alone, as in pylearn2; only rank-2 weights (Dense
	// and Maxout layers) are constrained.
	MaxColNorm float64
}

// Hyperparameters implements Optimizer.
func (o SGD) Hyperparameters(step int) (float64, float64) {
	momentum := 0.0
	if o.Momentum != nil {
		momentum = o.Momentum(step)
	}
	return o.LearningRate(step), momentum
}

// Update implements Optimizer.
func (o SGD) Update(ctx *context.Context, vars []*context.Variable, grads []*Node, lr, momentum *Node) {
	for i, v := range vars {
		velocity := stateVariable(ctx, v, "velocity")
		vel := Sub(Mul(momentum, velocity.ValueGraph(lr.Graph())), Mul(lr, grads[i]))
		velocity.SetValueGraph(vel)
		w := Add(v.ValueGraph(lr.Graph()), vel)
		if o.MaxColNorm > 0 && v.Name() == "weights" && w.Rank() == 2 {
			w = clipColumnNorms(w, o.MaxColNorm)
		}
		v.SetValueGraph(w)
	}
}

// clipColumnNorms scales the columns of w [in, out] whose norm exceeds maxNorm back to it, as
// pylearn2's _modify_updates does: w * min(norm, maxNorm) / (1e-7 + norm), column by column.
func clipColumnNorms(w *Node, maxNorm float64) *Node {
	norms := Sqrt(ReduceAndKeep(Square(w), ReduceSum, 0)) // [1, out]
	scale := Div(MinScalar(norms, maxNorm), AddScalar(norms, 1e-7))
	// Broadcast explicitly: the pure-Go backend's Mul is fast only for operands of one shape.
	return Mul(w, BroadcastToShape(scale, w.Shape()))
}

// Adam is Kingma and Ba's optimizer (2014, the same year as the paper), the usual choice for GANs
// since DCGAN (lr 2e-4, beta1 0.5).
type Adam struct {
	LearningRate Schedule
	Beta1, Beta2 float64 // zero: 0.9 and 0.999
	Epsilon      float64 // zero: 1e-8
}

// Hyperparameters implements Optimizer: the momentum is beta1.
func (o Adam) Hyperparameters(step int) (float64, float64) {
	return o.LearningRate(step), orDefault(o.Beta1, 0.9)
}

// Update implements Optimizer.
func (o Adam) Update(ctx *context.Context, vars []*context.Variable, grads []*Node, lr, beta1 *Node) {
	g := lr.Graph()
	beta2 := Scalar(g, lr.DType(), orDefault(o.Beta2, 0.999))
	epsilon := Scalar(g, lr.DType(), orDefault(o.Epsilon, 1e-8))
	one := ScalarOne(g, lr.DType())

	// Bias correction needs the step count and the running products beta^t (beta1 may change per step).
	beta1Power := scalarState(ctx, "adam_beta1_power", 1)
	beta2Power := scalarState(ctx, "adam_beta2_power", 1)
	b1t := Mul(beta1Power.ValueGraph(g), beta1)
	b2t := Mul(beta2Power.ValueGraph(g), beta2)
	beta1Power.SetValueGraph(b1t)
	beta2Power.SetValueGraph(b2t)
	stepSize := Div(Mul(lr, Sqrt(Sub(one, b2t))), Sub(one, b1t))

	for i, v := range vars {
		m := stateVariable(ctx, v, "adam_m")
		s := stateVariable(ctx, v, "adam_v")
		mt := Add(Mul(beta1, m.ValueGraph(g)), Mul(Sub(one, beta1), grads[i]))
		st := Add(Mul(beta2, s.ValueGraph(g)), Mul(Sub(one, beta2), Square(grads[i])))
		m.SetValueGraph(mt)
		s.SetValueGraph(st)
		v.SetValueGraph(Sub(v.ValueGraph(g), Mul(stepSize, Div(mt, Add(Sqrt(st), epsilon)))))
	}
}

// stateVariable returns (creating it at zero) an optimizer state variable shaped like v, in ctx's
// scope followed by v's own scope, so that checkpoints carry it and it never collides.
func stateVariable(ctx *context.Context, v *context.Variable, name string) *context.Variable {
	stateCtx := ctx.InAbsPath(ctx.Scope() + v.Scope()).WithInitializer(initializers.Zero)
	state := stateCtx.VariableWithShape(v.Name()+"_"+name, v.Shape())
	state.Trainable = false
	return state
}

func scalarState(ctx *context.Context, name string, initial float32) *context.Variable {
	state := ctx.VariableWithValue(name, initial)
	state.Trainable = false
	return state
}

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

func (o SGD) String() string {
	s := fmt.Sprintf("SGD lr %.3g momentum %.3g (at step 0)", o.LearningRate(0), firstOr(o.Momentum, 0))
	if o.MaxColNorm > 0 {
		s += fmt.Sprintf(", max col norm %g", o.MaxColNorm)
	}
	return s
}

func (o Adam) String() string {
	return fmt.Sprintf("Adam lr %.3g beta1 %.3g beta2 %.3g", o.LearningRate(0), orDefault(o.Beta1, 0.9), orDefault(o.Beta2, 0.999))
}

func firstOr(s Schedule, def float64) float64 {
	if s == nil {
		return def
	}
	return s(0)
}
