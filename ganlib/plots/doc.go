// Package plots draws the figures of the GAN project with gonum/plot, from plain
// Go slices.
//
// Every function returns a value — a *plot.Plot, an image.Image, or encoded
// PNG/SVG bytes — and nothing is ever written to disk: notebooks display the
// bytes (gonbui.DisplayPng, gonbui.DisplaySvg) and the command line writes them
// to files.
//
// The figures:
//
//   - Curves: training curves (losses, log-likelihoods) against steps, with an
//     optional moving average and log-scaled Y axis.
//   - Density: the 1-D picture of the paper's Figure 1 — p_data (black, dotted),
//     the discriminator D(x) (blue, dashed), the generator's distribution p_g
//     (green histogram and/or curve) and, optionally, the mapping x = G(z)
//     drawn from a z line below the x axis.
//   - Panels / PanelsPNG: several plots side by side in one image.
//   - Grid: samples as a grid of images (grayscale or RGB, HWC layout).
//   - NearestColumn / Figure2: rows of samples with the nearest training
//     example in a highlighted rightmost column (the paper's Figure 2).
//   - Interpolation: rows of images, e.g. walks in z space (the paper's Figure 3).
//
// Options are struct fields with usable zero values, in the style of gonum/plot.
package plots
