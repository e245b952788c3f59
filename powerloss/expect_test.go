package powerloss

import (
	"strings"
	"testing"
)

// Rows are judged against the documentation: corruption where it is not
// documented is a finding, explained only where its cause was traced.
func TestJudge(t *testing.T) {
	res := &Result{Drivers: []string{"mattn"}, Rows: []Row{
		{Combination: Combination{"mattn", "DELETE", "OFF"}, Cuts: 10, Corrupt: 5, LostMax: 9},
		{Combination: Combination{"mattn", "DELETE", "FULL"}, Cuts: 10, LostMax: 1},
		{Combination: Combination{"mattn", "DELETE", "FULL"}, Cuts: 10, Corrupt: 1},
		{Combination: Combination{"mattn", "WAL", "FULL"}, Cuts: 10, LostMax: 1},
		{Combination: Combination{"mattn", "WAL", "NORMAL"}, Cuts: 10, LostMax: 6},
		{Combination: Combination{"mattn", "PERSIST", "NORMAL"}, Cuts: 10, Corrupt: 1},
		{Combination: Combination{"mattn", "PERSIST", "FULL"}, Cuts: 10, BackupsLost: 1},
	}}
	res.Rejudge()
	for i, want := range []struct {
		worse     bool
		explained bool
	}{{false, false}, {false, false}, {true, false}, {true, false}, {false, false}, {false, true}, {true, false}} {
		row := res.Rows[i]
		if (len(row.Worse) > 0) != want.worse || (row.Explained != nil) != want.explained {
			t.Errorf("%s: worse %v, explained %v; want worse %t, explained %t", row.Combination, row.Worse, row.Explained != nil, want.worse, want.explained)
		}
	}
	if n := len(res.Worse()); n != 3 {
		t.Errorf("%d rows worse than documented, want 3", n)
	}
	if md := string(res.Markdown()); !strings.Contains(md, "### Explained findings") || !strings.Contains(md, "PERSIST NORMAL") {
		t.Error("the Markdown does not explain the PERSIST NORMAL finding")
	}
}
