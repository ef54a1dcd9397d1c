package eval

import (
	"fmt"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX's own examples import graph this way.
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// All squared Euclidean distances between query rows x_i and reference rows y_j come from one
// matrix product, using ||x - y||² = |x|² + |y|² - 2 x·y with the norms folded in as two extra
// columns:
//
//	[-2x, |x|², 1] · [y, 1, |y|²]ᵀ
//
// On the pure-Go backend a broadcasting add of a [m, 1] column or a [1, n] row to an [m, n]
// matrix takes a slow per-element path, while the product is the fast one. Both operands keep
// the contracting axis last, the layout SimpleGo's DotGeneral needs no transpose for. The
// references (the Parzen samples, the training set) are augmented once, not once per chunk.

// augmentQueries returns [-2x, |x|², 1] for rows x [m, dim], as [m, dim+2].
func augmentQueries(x *Node) *Node {
	norms := rowNormsSquared(x)
	return Concatenate([]*Node{MulScalar(x, -2), norms, OnesLike(norms)}, 1)
}

// augmentReferences returns [y, 1, |y|²] for rows y [n, dim], as [n, dim+2].
func augmentReferences(y *Node) *Node {
	norms := rowNormsSquared(y)
	return Concatenate([]*Node{y, OnesLike(norms), norms}, 1)
}

// rowNormsSquared returns |x_i|² for the rows of x [m, dim], as a column [m, 1].
func rowNormsSquared(x *Node) *Node {
	return ReduceAndKeep(Mul(x, x), ReduceSum, 1)
}

// squaredDistances returns ||x_i - y_j||² as [m, n], for queries x [m, dim] and references
// already augmented, yAug [n, dim+2].
//
// The subtraction cancels when x and y are close, and in float32 it can leave a tiny negative
// number where the true distance is 0: the result is clamped at 0.
func squaredDistances(x, yAug *Node) *Node {
	if x.Rank() != 2 || yAug.Rank() != 2 || x.Shape().Dim(1)+2 != yAug.Shape().Dim(1) {
		panic(fmt.Sprintf("squaredDistances wants x [m, dim] and augmented references [n, dim+2], got %s and %s", x.Shape(), yAug.Shape()))
	}
	d2 := DotGeneral(augmentQueries(x), []int{1}, nil, yAug, []int{1}, nil)
	return MaxScalar(d2, 0)
}

// newReferences puts rows [n, dim] of reference data on the backend, augmented for
// squaredDistances.
func newReferences(backend backends.Backend, data []float32, n, dim int) (*tensors.Tensor, error) {
	rows := tensors.FromFlatDataAndDimensions(data, n, dim)
	augmented, err := ExecOnce(backend, augmentReferences, rows)
	if err != nil {
		return nil, fmt.Errorf("augmenting %d reference rows: %w", n, err)
	}
	return augmented, rows.FinalizeAll()
}

// chunkRowsFor returns how many query rows to process per graph execution against n reference
// rows, for a distance matrix of about defaultChunkElements values.
func chunkRowsFor(n, queries int) int {
	return max(1, min(defaultChunkElements/n, queries))
}

// defaultChunkElements bounds one chunk's distance matrix: 8M float32 values, 32 MB. Larger
// chunks run faster on SimpleGo (fewer executions, better blocked matmuls), up to a point.
const defaultChunkElements = 1 << 23
