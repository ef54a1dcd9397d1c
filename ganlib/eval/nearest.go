package eval

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/backends"
	. "github.com/gomlx/gomlx/pkg/core/graph" //nolint:revive // GoMLX's own examples import graph this way.
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// Nearest returns, for each query row, the index of the data row closest to it by squared
// Euclidean distance, as the nearest training example in the paper's Figure 2. Both are
// [rows, dim] flattened row-major; ties go to the lowest index.
//
// Queries are processed in chunks so memory grows as chunk x len(data rows), never with dim.
func Nearest(backend backends.Backend, queries, data []float32, dim int) ([]int, error) {
	numQueries, err := countRows("nearest queries", queries, dim)
	if err != nil {
		return nil, err
	}
	numData, err := countRows("nearest data", data, dim)
	if err != nil {
		return nil, err
	}
	exec, err := NewExec(backend, func(queries, data *Node) *Node {
		return ArgMin(squaredDistances(queries, data), 1)
	})
	if err != nil {
		return nil, fmt.Errorf("nearest: building graph: %w", err)
	}
	defer exec.Finalize()
	references, err := newReferences(backend, data, numData, dim)
	if err != nil {
		return nil, fmt.Errorf("nearest data: %w", err)
	}
	nearest := make([]int, 0, numQueries)
	err = chunks(numQueries, chunkRowsFor(numData, numQueries), func(start, end int) error {
		chunk := tensors.FromFlatDataAndDimensions(queries[start*dim:end*dim], end-start, dim)
		indices, err := exec.Exec1(chunk, references)
		if err != nil {
			return fmt.Errorf("nearest: queries %d to %d: %w", start, end, err)
		}
		for _, index := range tensors.MustCopyFlatData[int32](indices) {
			nearest = append(nearest, int(index))
		}
		return errors.Join(chunk.FinalizeAll(), indices.FinalizeAll())
	})
	if err = errors.Join(err, references.FinalizeAll()); err != nil {
		return nil, err
	}
	return nearest, nil
}
