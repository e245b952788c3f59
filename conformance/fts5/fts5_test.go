package fts5

import (
	"math"
	"regexp"
	"slices"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// TestCatalogue checks the table itself: names, docs, requirements and
// the shape of every case.
func TestCatalogue(t *testing.T) {
	cats := Categories()
	if len(cats) != 1 || cats[0].Name != "FTS5" {
		t.Fatalf("Categories() = %d categories, want one named FTS5", len(cats))
	}
	camel := regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	seen := map[string]bool{}
	for _, c := range cats[0].Cases {
		if !camel.MatchString(c.Name) {
			t.Errorf("case name %q is not CamelCase", c.Name)
		}
		if seen[c.Name] {
			t.Errorf("case name %q used twice", c.Name)
		}
		seen[c.Name] = true
		if c.Doc == "" {
			t.Errorf("%s: no Doc", c.Name)
		}
		if !slices.Contains(c.Requires, adapter.FeatureFTS5) {
			t.Errorf("%s: Requires %v lacks %s", c.Name, c.Requires, adapter.FeatureFTS5)
		}
		if (c.Query == "") == (c.Action == nil) {
			t.Errorf("%s: set exactly one of Query and Action", c.Name)
		}
		if c.Query == "" && c.Args != nil {
			t.Errorf("%s: Args without Query", c.Name)
		}
	}
	if len(seen) < 40 {
		t.Errorf("%d cases, want at least 40", len(seen))
	}
}

// TestBM25 checks the bm25 formula against a value worked out by hand.
func TestBM25(t *testing.T) {
	c := corpus{{"a b"}, {"c"}, {"d"}}
	// N = 3, n(a) = 1: IDF = ln(2.5/1.5). |D| = 2, avgdl = 4/3, f = 1.
	want := -math.Log(2.5/1.5) * (1 * 2.2) / (1 + 1.2*(0.25+0.75*2/(4.0/3)))
	if got := c.bm25(0, []string{"a"}); math.Abs(got-want) > 1e-15 {
		t.Errorf("bm25 = %v, want %v", got, want)
	}
	// A term in 2 rows of 3: IDF = ln(1.5/2.5) < 0, replaced by 1e-6.
	c = corpus{{"a b"}, {"a"}, {"d"}}
	want = -1e-6 * (1 * 2.2) / (1 + 1.2*(0.25+0.75*2/(4.0/3)))
	if got := c.bm25(0, []string{"a"}); math.Abs(got-want) > 1e-21 {
		t.Errorf("bm25 with clamped IDF = %v, want %v", got, want)
	}
	// Weights: an occurrence in column 0 counts 2, in column 1 counts 0.5.
	c = corpus{{"a", "a a"}, {"b", "c"}, {"d", "e"}}
	idf := math.Log(2.5 / 1.5)
	avgdl := 7.0 / 3
	f := 2 + 2*0.5
	want = -idf * (f * 2.2) / (f + 1.2*(0.25+0.75*3/avgdl))
	if got := c.bm25(0, []string{"a"}, 2, 0.5); math.Abs(got-want) > 1e-15 {
		t.Errorf("weighted bm25 = %v, want %v", got, want)
	}
}

// TestRanked checks that the ranking cases' expectations are ordered by
// score without ties, so that the row order they assert is determined.
func TestRanked(t *testing.T) {
	for _, w := range [][]float64{nil, {2, 0.5}} {
		rows := fruit.ranked("score", []string{"banana", "kiwi", "apple"}, w...)
		if len(rows) != 4 {
			t.Errorf("weights %v: %d rows, want 4", w, len(rows))
		}
		for i := 1; i < len(rows); i++ {
			if rows[i-1]["score"].(float64) >= rows[i]["score"].(float64) {
				t.Errorf("weights %v: rows %v not strictly ordered", w, rows)
			}
		}
		t.Log(rows)
	}
}
