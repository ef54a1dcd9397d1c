package ganlib

import (
	"math"
	"strings"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
	"github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// averageScope holds the running average of the generator's variables (Config.GeneratorAverage),
// laid out as GeneratorScope, so that the Generator applied in it reads the averages.
const averageScope = "generator_average"

// averageWeight is the weight of G's new values in the average after iteration step (0-based):
// (1-decay)/(1-decay^(step+1)). It is the exponential moving average with Adam's bias
// correction folded in, so the average is exactly G's values after the first iteration (weight
// 1) and the usual EMA, without its bias towards the initial zeros, after that.
func averageWeight(decay float64, step int) float64 {
	return (1 - decay) / (1 - math.Pow(decay, float64(step+1)))
}

// updateGeneratorAverage moves every variable under averageScope towards its twin under
// GeneratorScope (weights, biases and any normalisation statistics): avg += weight*(v - avg).
func updateGeneratorAverage(ctx *context.Context, weight *Node) {
	g := weight.Graph()
	genPath := ctx.In(GeneratorScope).Scope()
	for v := range ctx.In(GeneratorScope).IterVariablesInScope() {
		if !v.InUseByGraph(g) {
			continue
		}
		avgCtx := ctx.InAbsPath(ctx.In(averageScope).Scope() + strings.TrimPrefix(v.Scope(), genPath))
		avg := avgCtx.WithInitializer(initializers.Zero).VariableWithShape(v.Name(), v.Shape())
		avg.Trainable = false
		value, current := v.ValueGraph(g), avg.ValueGraph(g)
		avg.SetValueGraph(Add(current, Mul(weight, Sub(value, current))))
	}
}
