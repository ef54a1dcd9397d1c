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
var Datasets = []string{"mnist", "cifar10", "tfd"}

// Data is a data set split as the paper does: train, validation, test.
type Data struct {
	Name               string
	Train, Valid, Test datasets.Images
	// Source says where the images came from when it matters (CIFAR-10: the official release or
	// lossy JPEG copies; TFD: the user's file); Preprocessing, what was done to them after loading
	// ("" for nothing).
	Source, Preprocessing string

	// TFD is the whole Toronto Face Database when Name is "tfd", nil otherwise. Train is then its
	// unlabelled images, and Valid and Test are fold 0's splits, for the code that wants one split
	// of each; the paper measures G on all five folds, which Run.ParzenFolds reads from here.
	TFD *datasets.TFD
}

// LoadData loads a data set by name, caching downloads under dataDir ("" for the default). TFD
// is not downloaded: it is read from the user's TFD_48x48.mat at datasets.TFDPath(dataDir)
// ($GAN_TFD, else dataDir/tfd/TFD_48x48.mat), and a missing file is an error that says so.
func LoadData(name, dataDir string) (Data, error) {
	switch name {
	case "mnist":
		m, err := datasets.LoadMNIST(dataDir)
		if err != nil {
			return Data{}, err
		}
		return Data{Name: name, Train: m.Train, Valid: m.Valid, Test: m.Test}, nil
	case "cifar10":
		c, err := datasets.LoadCIFAR10(dataDir)
		if err != nil {
			return Data{}, err
		}
		return Data{Name: name, Train: c.Train, Valid: c.Valid, Test: c.Test, Source: c.Source}, nil
	case "tfd":
		return loadTFD(datasets.TFDPath(dataDir))
	}
	return Data{}, fmt.Errorf("unknown data set %q (valid: %v)", name, Datasets)
}

// loadTFD reads TFD_48x48.mat at path as the paper uses it: G trains on the unlabelled images,
// with pixels scaled to [0, 1] (pylearn2's TFD with scale: True).
func loadTFD(path string) (Data, error) {
	tfd, err := datasets.LoadTFD(path)
	if err != nil {
		return Data{}, fmt.Errorf("loading TFD: %w", err)
	}
	valid, err := tfd.Split(0, datasets.TFDValid)
	if err != nil {
		return Data{}, fmt.Errorf("loading TFD: %w", err)
	}
	test, err := tfd.Split(0, datasets.TFDTest)
	if err != nil {
		return Data{}, fmt.Errorf("loading TFD: %w", err)
	}
	train := tfd.Unlabeled()
	if train.N == 0 || valid.N == 0 || test.N == 0 {
		return Data{}, fmt.Errorf("loading TFD from %s: %d unlabelled images and, in fold 0, %d valid and %d test ones; want some of each",
			path, train.N, valid.N, test.N)
	}
	return Data{
		Name: "tfd", Train: train, Valid: valid, Test: test, TFD: &tfd,
		Source: fmt.Sprintf("%s: %d unlabelled %dx%d images to train on, of %d", path, train.N, tfd.Height, tfd.Width, tfd.N),
	}, nil
}

// GlobalContrastNormalized returns the data with every image of every split normalised by
// datasets.GlobalContrastNormalize with the given scale.
func (d Data) GlobalContrastNormalized(scale float64) Data {
	d.Train = datasets.GlobalContrastNormalize(d.Train, scale)
	d.Valid = datasets.GlobalContrastNormalize(d.Valid, scale)
	d.Test = datasets.GlobalContrastNormalize(d.Test, scale)
	d.Preprocessing = fmt.Sprintf("global contrast normalisation with scale %g (pylearn2's gcn), per image: mean 0, Euclidean norm %g", scale, scale)
	return d
}

// Describe says where the images came from and what was done to them ("" when neither matters).
func (d Data) Describe() string {
	switch {
	case d.Source != "" && d.Preprocessing != "":
		return d.Source + "; then " + d.Preprocessing
	case d.Source != "":
		return d.Source
	}
	return d.Preprocessing
}

// Displayable returns images (rows of this data's kind, or G's samples) as values in [0, 1] to
// draw. Pixels already are; after global contrast normalisation each image x is shown as
// 0.5 + 0.5 x / max|x|, the rescaling of pylearn2's sample viewer, so a grid shows each image's
// contrast, not its norm. The rows are copied only when changed.
func (d Data) Displayable(images [][]float32) [][]float32 {
	if d.Preprocessing == "" {
		return images
	}
	out := make([][]float32, len(images))
	for i, row := range images {
		var peak float32
		for _, v := range row {
			peak = max(peak, v, -v)
		}
		if peak == 0 {
			peak = 1
		}
		out[i] = make([]float32, len(row))
		for j, v := range row {
			out[i][j] = 0.5 + 0.5*v/peak
		}
	}
	return out
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
