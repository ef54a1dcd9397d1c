package toy

import (
	"gonum.org/v1/plot"

	"github.com/adversarial-nets/gan/ganlib/plots"
)

// The four figures of the write-up, as plots a notebook displays and the CLI saves.

// InitialFigure is p_data and the initial decision boundary D(x).
func (r *Result) InitialFigure() (*plot.Plot, error) {
	return plots.Density{Title: "p_data and the initial decision boundary", X: r.Initial.X, PData: r.Initial.PData, D: r.Initial.D}.Plot()
}

// PretrainedFigure is the decision surface after D's pre-training on the p_data density.
func (r *Result) PretrainedFigure() (*plot.Plot, error) {
	return plots.Density{Title: "decision surface after pre-training D", X: r.Pretrained.X, PData: r.Pretrained.PData, D: r.Pretrained.D}.Plot()
}

// LossFigure is the training losses of both players.
func (r *Result) LossFigure() (*plot.Plot, error) {
	return plots.Curves{
		Title: "training losses", XLabel: "iteration", YLabel: "loss", Smooth: 50,
		Series: []plots.Series{{Name: "D loss", Y: r.History.DLoss}, {Name: "G loss", Y: r.History.GLoss}},
	}.Plot()
}

// FinalFigure is p_data, D(x) and the histogram of G's samples after training.
func (r *Result) FinalFigure() (*plot.Plot, error) {
	return plots.Density{Title: "after training: p_data, D(x) and G's samples", X: r.Final.X, PData: r.Final.PData, D: r.Final.D, Samples: r.Samples}.Plot()
}

// Figures returns the four figures by file name stem, in the write-up's order.
func (r *Result) Figures() ([]NamedFigure, error) {
	builders := []struct {
		name  string
		build func() (*plot.Plot, error)
	}{
		{"1_initial", r.InitialFigure},
		{"2_pretrained", r.PretrainedFigure},
		{"3_losses", r.LossFigure},
		{"4_final", r.FinalFigure},
	}
	figs := make([]NamedFigure, 0, len(builders))
	for _, b := range builders {
		p, err := b.build()
		if err != nil {
			return nil, err
		}
		figs = append(figs, NamedFigure{Name: b.name, Plot: p})
	}
	return figs, nil
}

// NamedFigure is a figure with the stem of its file name.
type NamedFigure struct {
	Name string
	Plot *plot.Plot
}
