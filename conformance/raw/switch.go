package raw

import "strings"

// Consequence is what a project meets when it moves from one driver to
// another through database/sql and a probe's answer differs: the matrix's
// "What changes if I switch from X to Y?" tags each difference with one.
type Consequence string

// The consequences, worst first.
const (
	// SilentDataChange: the program goes on without an error, but stores
	// or reads different data, loses settings or durability, or runs
	// statements it did not before.
	SilentDataChange Consequence = "silent data change"
	// DifferentError: something that worked now fails (or fails
	// differently, with another error type or code, or after another
	// wait), so error handling or retries change.
	DifferentError Consequence = "different error"
	// DifferentText: the same outcome, with other words in an error or a
	// value's text.
	DifferentText Consequence = "different text only"
)

// Switching says what a difference in a probe's answer means when a
// project moves from the driver that answered from to the one that
// answered to (the answers differ).
type Switching func(from, to string) Consequence

// always is a Switching with the same consequence either way.
func always(c Consequence) Switching {
	return func(string, string) Consequence { return c }
}

// stricter is a Switching for probes where one answer enforces or refuses
// what the other lets through (strict): moving to the strict driver gives
// errors where there were none (DifferentError); moving away from it lets
// through silently what used to fail (lax); when both refuse, only the
// words differ; when neither does, the difference is lax.
func stricter(strict func(answer string) bool, lax Consequence) Switching {
	return func(from, to string) Consequence {
		switch f, t := strict(from), strict(to); {
		case t && !f:
			return DifferentError
		case f && t:
			return DifferentText
		}
		return lax
	}
}

// typedRefusal is stricter(refuses, SilentDataChange) for probes whose
// refusals name the error's type or class: two refusals that differ are
// matched differently by errors.Is and errors.As, so error handling
// changes (DifferentError), not only the words.
func typedRefusal(from, to string) Consequence {
	if refuses(from) && refuses(to) {
		return DifferentError
	}
	return stricter(refuses, SilentDataChange)(from, to)
}

// refuses reports an answer in which some step failed or panicked.
func refuses(answer string) bool {
	return strings.Contains(answer, "refused") || strings.Contains(answer, "panics")
}

// enabled reports a pragma answer of 1: the setting is on.
func enabled(answer string) bool { return answer == "1" }
