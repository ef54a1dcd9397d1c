package ganlib

import "math"

// A Schedule gives a hyper-parameter's value at a training step (0-based). The Trainer evaluates it in
// Go and feeds the value to the compiled step as a scalar input, so changing it never recompiles.
type Schedule func(step int) float64

// Constant is a Schedule that never changes.
func Constant(v float64) Schedule { return func(int) float64 { return v } }

// ExponentialDecay multiplies initial by factor once every `every` steps, never going below floor.
// The paper's MNIST learning rate: ExponentialDecay(0.1, 1/1.000004, 1, 1e-6).
func ExponentialDecay(initial, factor float64, every int, floor float64) Schedule {
	if every < 1 {
		every = 1
	}
	return func(step int) float64 {
		return math.Max(floor, initial*math.Pow(factor, float64(step/every)))
	}
}

// LinearRamp goes linearly from `from` at step start to `to` at step end, constant outside. The
// paper's momentum: LinearRamp(0.5, 0.7, 1*stepsPerEpoch, 250*stepsPerEpoch).
func LinearRamp(from, to float64, start, end int) Schedule {
	return func(step int) float64 {
		switch {
		case step <= start:
			return from
		case step >= end:
			return to
		}
		return from + (to-from)*float64(step-start)/float64(end-start)
	}
}
