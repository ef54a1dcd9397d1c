package eval

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestNearestMatchesBruteForce(t *testing.T) {
	t.Run("one chunk", func(t *testing.T) { testNearestMatchesBruteForce(t, 50, 300, 11) })
	t.Run("several chunks", func(t *testing.T) {
		// Enough data rows that the queries are split in chunks of defaultChunkElements/numData.
		const numQueries, numData = 50, 400_000
		if rows := chunkRowsFor(numData, numQueries); rows >= numQueries {
			t.Fatalf("%d data rows leave the %d queries in one chunk of %d", numData, numQueries, rows)
		}
		testNearestMatchesBruteForce(t, numQueries, numData, 2)
	})
}

func testNearestMatchesBruteForce(t *testing.T, numQueries, numData, dim int) {
	rng := rand.New(rand.NewPCG(7, 8))
	queries := uniformRows(rng, numQueries, dim)
	data := uniformRows(rng, numData, dim)
	copy(queries[5*dim:6*dim], data[123*dim:124*dim]) // An exact match must find itself.
	copy(queries[45*dim:46*dim], data[7*dim:8*dim])   // Also in the last chunk.

	got, err := Nearest(testBackend(t), queries, data, dim)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != numQueries {
		t.Fatalf("got %d indices, want one per query (%d)", len(got), numQueries)
	}
	for q := range numQueries {
		query := queries[q*dim : (q+1)*dim]
		want, wantDistance := 0, squaredDistance64(query, data[:dim])
		for i := 1; i < numData; i++ {
			if d := squaredDistance64(query, data[i*dim:(i+1)*dim]); d < wantDistance {
				want, wantDistance = i, d
			}
		}
		// float32 distances can't order two rows whose distances differ by less than their rounding
		// (|q|² ε), so a near-tie may go either way; anything farther is a wrong answer.
		gotDistance := squaredDistance64(query, data[got[q]*dim:(got[q]+1)*dim])
		if slack := 1e-5 * (1 + squaredDistance64(query, make([]float32, dim))); gotDistance > wantDistance+slack {
			t.Errorf("query %d: nearest %d (distance² %.8f), brute force finds %d (%.8f)", q, got[q], gotDistance, want, wantDistance)
		}
	}
	for q, row := range map[int]int{5: 123, 45: 7} {
		if d := squaredDistance64(queries[q*dim:(q+1)*dim], data[got[q]*dim:(got[q]+1)*dim]); d > 1e-5 {
			t.Errorf("query %d, a copy of data row %d, found row %d at distance² %g", q, row, got[q], d)
		}
	}
}

func TestNearestRejectsBadInput(t *testing.T) {
	backend := testBackend(t)
	if _, err := Nearest(backend, make([]float32, 7), make([]float32, 9), 3); err == nil || !strings.Contains(err.Error(), "nearest queries") {
		t.Errorf("queries not whole rows: got error %v", err)
	}
	if _, err := Nearest(backend, make([]float32, 6), nil, 3); err == nil || !strings.Contains(err.Error(), "nearest data") {
		t.Errorf("no data: got error %v", err)
	}
}
