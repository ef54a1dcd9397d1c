package ganlib

import (
	"fmt"

	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive
)

// The losses are written on D's logits l, with D = sigmoid(l):
//
//	-log D(x)     = softplus(-l)
//	-log(1 - D(x)) = softplus(l)
//
// which stays finite where log(sigmoid(l)) would round to log(0).

// DiscriminatorLoss is the paper's 0.5 * [BCE(1, D(x)) + BCE(0, D(G(z)))], averaged over the batch.
func DiscriminatorLoss(realLogits, fakeLogits *Node) *Node {
	real := ReduceAllMean(softplus(Neg(realLogits)))
	fake := ReduceAllMean(softplus(fakeLogits))
	return MulScalar(Add(real, fake), 0.5)
}

// GeneratorLoss selects the generator's objective.
type GeneratorLoss string

const (
	// Minimax is the paper's game: G minimises log(1 - D(G(z))). Early in training, when D rejects
	// G's samples with confidence, its gradient vanishes (it saturates).
	Minimax GeneratorLoss = "minimax"
	// NonSaturating is what the paper recommends and its code uses: G maximises log D(G(z)), i.e.
	// minimises -log D(G(z)). Same fixed point, strong gradients early on.
	NonSaturating GeneratorLoss = "non-saturating"
)

// Loss builds G's loss from D's logits on G's samples, averaged over the batch.
func (l GeneratorLoss) Loss(fakeLogits *Node) *Node {
	switch l {
	case Minimax:
		return Neg(ReduceAllMean(softplus(fakeLogits))) // mean log(1 - D(G(z)))
	case NonSaturating, "":
		return ReduceAllMean(softplus(Neg(fakeLogits))) // mean -log D(G(z))
	}
	panic(fmt.Sprintf("unknown generator loss %q (valid: %q, %q)", string(l), Minimax, NonSaturating))
}

// Validate returns an error for an unknown loss name.
func (l GeneratorLoss) Validate() error {
	switch l {
	case Minimax, NonSaturating, "":
		return nil
	}
	return fmt.Errorf("unknown generator loss %q (valid: %q, %q)", string(l), Minimax, NonSaturating)
}

// softplus(x) = log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)), exact for any x.
func softplus(x *Node) *Node {
	return Add(Max(x, ZerosLike(x)), Log1p(Exp(Neg(Abs(x)))))
}
