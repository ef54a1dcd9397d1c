package eval

import "fmt"

// countRows returns how many rows of dim values a flat slice holds, or an error naming what
// (e.g. "samples") is malformed: empty, or a length that isn't a multiple of dim.
func countRows(what string, data []float32, dim int) (int, error) {
	switch {
	case dim <= 0:
		return 0, fmt.Errorf("%s: dimension must be positive, got %d", what, dim)
	case len(data) == 0:
		return 0, fmt.Errorf("%s: no rows", what)
	case len(data)%dim != 0:
		return 0, fmt.Errorf("%s: %d values are not whole rows of dimension %d", what, len(data), dim)
	}
	return len(data) / dim, nil
}

// chunks calls fn with the bounds [start, end) of consecutive runs of at most size rows out of
// rows, stopping at the first error.
func chunks(rows, size int, fn func(start, end int) error) error {
	for start := 0; start < rows; start += size {
		if err := fn(start, min(start+size, rows)); err != nil {
			return err
		}
	}
	return nil
}
