package experiments

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"sync"
	"testing"

	"github.com/adversarial-nets/gan/ganlib"
	"github.com/adversarial-nets/gan/ganlib/plots"
)

// A run trained for two steps: its samples are noise, but every figure's code path is the real one.
var (
	tinyOnce sync.Once
	tiny     *Run
	tinyErr  error
)

func tinyRun(t *testing.T) *Run {
	t.Helper()
	tinyOnce.Do(func() {
		var r *Run
		r, tinyErr = Open(ganlib.MustBackend(), Options{Dataset: "mnist", Config: "cpu", Seed: 5, Steps: 2, Out: t.TempDir(), ParzenSize: 500})
		if tinyErr == nil {
			tinyErr = r.Train()
		}
		tiny = r
	})
	if tinyErr != nil {
		t.Fatal(tinyErr)
	}
	return tiny
}

// Figure 2 at scale 2 and padding 2: five 56-pixel tiles and the nearest column (60 pixels wide
// with its padding), 4 pixels apart.
func figure2Size(rows int) image.Point { return image.Pt(5*56+6*2+4+60, rows*56+(rows+1)*2) }

func TestFigureSizes(t *testing.T) {
	r := tinyRun(t)
	fig2, err := r.Figure2(3)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fig2.Bounds().Size(), figure2Size(3); got != want {
		t.Errorf("figure 2 with 3 rows is %v, want %v", got, want)
	}
	fig3, err := r.Figure3(2, 7)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fig3.Bounds().Size(), image.Pt(7*56+8*2, 2*56+3*2); got != want {
		t.Errorf("figure 3 with 2 rows of 7 is %v, want %v", got, want)
	}
}

// TestFigure2NearestIsTheClosestTrainingImage reads the drawn PNG back: the image in each row's
// nearest column must be the training image closest to that row's fifth sample, as found by brute
// force over all 50,000 training images.
func TestFigure2NearestIsTheClosestTrainingImage(t *testing.T) {
	r := tinyRun(t)
	const rows = 2
	fig, err := r.Figure2(rows)
	if err != nil {
		t.Fatal(err)
	}
	data, err := plots.ImagePNG(fig)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	train := r.Data.Train
	for row := range rows {
		y0 := 2 + row*58
		fifth := readTile(decoded, 2+4*58, y0)
		shown := readTile(decoded, 5*56+6*2+4+2, y0)
		best := math.Inf(1)
		for i := range train.N {
			best = math.Min(best, squaredDistance(fifth, train.Row(i)))
		}
		// The tiles are quantized to 1/255: each moves by at most sqrt(784)/510 = 0.055 in
		// Euclidean norm, so a distance d by at most about 2 * 2 * 0.055 * sqrt(d).
		if got := squaredDistance(fifth, shown); got > best+0.4*math.Sqrt(best)+0.1 {
			t.Errorf("row %d: the nearest column is at distance² %.2f from the fifth sample, the closest training image at %.2f", row, got, best)
		}
		if d := minDistanceToTrain(shown, train.Data, train.Dim()); d > 784*math.Pow(1.0/255, 2) {
			t.Errorf("row %d: the nearest column is not a training image (distance² %.4f to the closest)", row, d)
		}
	}
}

// readTile decodes the 28x28 grayscale image drawn at scale 2 with its top-left corner at (x0, y0).
func readTile(img image.Image, x0, y0 int) []float32 {
	values := make([]float32, 28*28)
	for y := range 28 {
		for x := range 28 {
			r, _, _, _ := img.At(x0+2*x, y0+2*y).RGBA()
			values[y*28+x] = float32(r>>8) / 255
		}
	}
	return values
}

func squaredDistance(a, b []float32) float64 {
	var sum float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		sum += d * d
	}
	return sum
}

func minDistanceToTrain(x, data []float32, dim int) float64 {
	best := math.Inf(1)
	for i := 0; i+dim <= len(data); i += dim {
		best = math.Min(best, squaredDistance(x, data[i:i+dim]))
	}
	return best
}

func TestFigure2PicksTheFifthSampleOfEachRow(t *testing.T) {
	r := tinyRun(t)
	samples, nearest, err := r.figure2Images(3)
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 15 || len(nearest) != 3 {
		t.Fatalf("got %d samples and %d nearest images, want 15 and 3", len(samples), len(nearest))
	}
	for row := range 3 {
		fifth := samples[row*5+4]
		want := minDistanceToTrain(fifth, r.Data.Train.Data, r.Data.Train.Dim())
		if got := squaredDistance(fifth, nearest[row]); got > want*(1+1e-5)+1e-4 {
			t.Errorf("row %d: nearest image at distance² %.5f, the closest training image at %.5f", row, got, want)
		}
	}
}

func TestInterpolateWalksFromOneEndToTheOther(t *testing.T) {
	ends := []float32{0, 10, 4, -2, 1, 1, 3, 3} // two rows of 2-D ends
	z := interpolate(ends, 2, 3, 2)
	want := []float32{0, 10, 2, 4, 4, -2, 1, 1, 2, 2, 3, 3}
	if len(z) != len(want) {
		t.Fatalf("got %d values, want %d", len(z), len(want))
	}
	for i := range want {
		if math.Abs(float64(z[i]-want[i])) > 1e-6 {
			t.Errorf("z = %v, want %v", z, want)
			break
		}
	}
}

func TestFigureBadArgumentsAreErrors(t *testing.T) {
	r := tinyRun(t)
	if _, err := r.Figure2(0); err == nil {
		t.Error("Figure2(0): want an error")
	}
	for _, args := range [][2]int{{0, 5}, {2, 1}, {-1, 10}} {
		if _, err := r.Figure3(args[0], args[1]); err == nil {
			t.Errorf("Figure3(%d, %d): want an error", args[0], args[1])
		}
	}
}
