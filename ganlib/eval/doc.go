// Package eval measures generative models the way Goodfellow et al. (2014) did.
//
//   - Parzen-window log-likelihood (the paper's Table 1), exactly as the authors' parzen_ll.py:
//     an isotropic Gaussian kernel on N samples from G, its width sigma chosen from
//     [PaperSigmas] by the mean log-likelihood of validation points, then the mean and standard
//     error of the test points' log-likelihoods. See [EvaluateParzen] and [Parzen]. For TFD the
//     paper does this per fold, each fold with its own sigma, and reports the mean over the folds
//     and the standard error across them: see [EvaluateParzenFolds].
//   - Nearest neighbours for the paper's Figure 2: the training example closest to a sample by
//     squared Euclidean distance, to show the model did not memorise it. See [Nearest].
//
// Data are plain row-major float32 slices, [rows, dim] flattened, as package datasets returns
// them. The heavy part, all squared distances between two sets of rows, runs as a GoMLX graph:
// one matrix product per chunk of rows (see distances.go), so memory stays O(chunk x N) and never
// O(rows x N x dim). The sums that are reported are accumulated in float64 in Go.
package eval
