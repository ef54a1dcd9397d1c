// Package experiments runs the paper's image experiments end to end: a data set and a named
// configuration in; a trained generator, checkpoints, sample grids, the Parzen-window
// log-likelihood of Table 1 and a report out. The command line (`gan train`, `gan parzen`) and
// the notebooks call it, so both run exactly the same code.
package experiments
