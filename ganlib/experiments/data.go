package experiments

import (
	"fmt"
	"math/rand/v2"

	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/datasets"
)

// Datasets are the names LoadData knows.
var Datasets = []string{"mnist"}

// Data is a data set split as the paper does: train, validation, test.
type Data struct {
	Name               string
	Train, Valid, Test datasets.Images
}

// LoadData loads a data set by name, caching downloads under dataDir ("" for the default).
func LoadData(name, dataDir string) (Data, error) {
	switch name {
	case "mnist":
		m, err := datasets.LoadMNIST(dataDir)
		if err != nil {
			return Data{}, err
		}
		return Data{Name: name, Train: m.Train, Valid: m.Valid, Test: m.Test}, nil
	}
	return Data{}, fmt.Errorf("unknown data set %q (valid: %v)", name, Datasets)
}

// batches serves minibatches in an order fixed by the seed: batch b of the run is batch
// b%perEpoch of epoch b/perEpoch's shuffle. Being a function of (seed, b) only, a resumed run
// sees exactly the batches the uninterrupted run would have.
type batches struct {
	images   datasets.Images
	size     int
	seed     uint64
	epoch    int
	order    []int
	perEpoch int
}

func newBatches(images datasets.Images, size int, seed int64) (*batches, error) {
	if images.N < size {
		return nil, fmt.Errorf("%d training examples can't fill a batch of %d", images.N, size)
	}
	return &batches{images: images, size: size, seed: uint64(seed), epoch: -1, perEpoch: images.N / size}, nil
}

// batch returns batch number b as a [size, dim] tensor.
func (s *batches) batch(b int) *tensors.Tensor {
	if epoch := b / s.perEpoch; epoch != s.epoch {
		s.epoch = epoch
		s.order = rand.New(rand.NewPCG(s.seed, uint64(epoch))).Perm(s.images.N)
	}
	dim := s.images.Dim()
	t := tensors.FromShape(shapes.Make(ganlib.DType, s.size, dim))
	first := (b % s.perEpoch) * s.size
	tensors.MustMutableFlatData(t, func(flat []float32) {
		for i := range s.size {
			copy(flat[i*dim:(i+1)*dim], s.images.Row(s.order[first+i]))
		}
	})
	return t
}
