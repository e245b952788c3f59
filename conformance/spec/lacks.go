package spec

import (
	"strings"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/google/go-cmp/cmp"
)

// Some cases check one behaviour on several paths (DB.Get, Tx.Get,
// database/sql, ...) and compare a map from path to answer. A path that
// needs a feature the driver lacks (Tx.Get needs transactions, which a
// remote engine may not have) does not exist there: the case records the
// answer Lacks gives for it, and the Cmp option IgnoreLackedPaths leaves
// that path out of the comparison, so that the case checks every path the
// driver has. Which paths were left out is noted (Env.Note).

// lackedPrefix starts every answer of Lacks.
const lackedPrefix = "not on this driver: "

// Lacks returns "" if the driver has feature f, and otherwise the answer
// a case records for a path that needs f: "not on this driver: " with the
// feature and the driver's reason.
func (e *Env) Lacks(f adapter.Feature) string {
	s := e.Driver.Features[f]
	if s.OK {
		return ""
	}
	reason := s.Reason
	if reason == "" {
		reason = "not supported by the driver"
	}
	answer := lackedPrefix + string(f) + ": " + reason
	e.Note("%s", answer)
	return answer
}

// LackedPath is the error a case's attempt returns for a path that needs
// a feature the driver lacks, for case helpers that turn errors into
// answers: its answer is Lacks'.
type LackedPath struct{ Answer string }

func (l *LackedPath) Error() string { return l.Answer }

// LackedPath returns nil if the driver has f, and otherwise a
// *LackedPath whose Answer is Lacks(f).
func (e *Env) LackedPath(f adapter.Feature) error {
	if answer := e.Lacks(f); answer != "" {
		return &LackedPath{Answer: answer}
	}
	return nil
}

// IsLacked reports whether answer came from Lacks.
func IsLacked(answer string) bool { return strings.HasPrefix(answer, lackedPrefix) }

// IgnoreLackedPaths is a Cmp option for cases whose result is a
// map[string]string of answers by path: a path whose answer came from
// Lacks, on either side, is left out of the comparison.
var IgnoreLackedPaths = cmp.FilterValues(
	func(x, y map[string]string) bool { return hasLacked(x) || hasLacked(y) },
	cmp.Comparer(equalExceptLacked),
)

func hasLacked(m map[string]string) bool {
	for _, v := range m {
		if IsLacked(v) {
			return true
		}
	}
	return false
}

// equalExceptLacked compares two answer maps, leaving out the paths
// either side answered with Lacks.
func equalExceptLacked(x, y map[string]string) bool {
	for _, pair := range [2][2]map[string]string{{x, y}, {y, x}} {
		for k, v := range pair[0] {
			w, ok := pair[1][k]
			if IsLacked(v) || ok && IsLacked(w) {
				continue
			}
			if !ok || v != w {
				return false
			}
		}
	}
	return true
}
