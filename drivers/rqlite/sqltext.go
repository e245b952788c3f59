package rqlite

import (
	"strconv"
	"strings"
)

// stmtText is what the client learns about SQL text without parsing SQL:
// enough to route a statement (read or write path) and to wrap a query.
type stmtText struct {
	// verb is the first keyword, upper-cased (SELECT, WITH, INSERT, ...).
	verb string
	// main is the keyword of the statement a WITH clause leads to (the
	// first of SELECT, VALUES, INSERT, UPDATE, DELETE, REPLACE outside
	// parentheses), or verb without a WITH.
	main string
	// end is the offset just past the first statement's last token:
	// text[:end] has no trailing semicolon, space or comment.
	end int
	// multiple is true when text holds more than one statement.
	multiple bool
	// assigns is true when the first statement has '=' outside
	// parentheses (PRAGMA name = value).
	assigns bool
	// empty is true when text holds no statement at all.
	empty bool
	// returning is true when the first statement has a RETURNING keyword
	// outside parentheses.
	returning bool
	// start is the offset of the first statement's first token: text[start:end]
	// is the statement without the comments, semicolons and white space
	// around it.
	start int
	// params is the number of parameters of the first statement as SQLite
	// counts them (sqlite3_bind_parameter_count): the largest index, where
	// ? takes the next index, ?NNN index NNN, and :name, @name and $name
	// the index of an earlier use of the same name or the next one.
	params int
}

// scanSQL tokenises text as SQLite does for comments, quoted strings and
// identifiers, semicolons and parentheses.
func scanSQL(text string) stmtText {
	var s stmtText
	depth, words := 0, 0
	ended := false // a ';' ended the first statement
	started := false
	// A CREATE TRIGGER statement holds statements between BEGIN and END,
	// each ended by ';': as in sqlite3_complete, its own ';' is the one
	// after an END that follows a ';' of the body.
	const (
		noTrigger = iota
		triggerHead
		triggerBody
		triggerEnd
	)
	trigger, afterSemi := noTrigger, false
	var names map[string]int // parameter names of the first statement, by index
	for i := 0; i < len(text); {
		c := text[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
				i += j + 1
			} else {
				i = len(text)
			}
			continue
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			if j := strings.Index(text[i+2:], "*/"); j >= 0 {
				i += j + 4
			} else {
				i = len(text)
			}
			continue
		case c == ';':
			if trigger == triggerBody {
				afterSemi = true
			} else {
				ended = started
			}
			i++
			continue
		}
		if ended {
			s.multiple = true
			break
		}
		if !started {
			started, s.start = true, i
		}
		switch {
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(text, i, c)
		case c == '[':
			if j := strings.IndexByte(text[i:], ']'); j >= 0 {
				i += j + 1
			} else {
				i = len(text)
			}
		case c == '(':
			depth++
			i++
		case c == ')':
			depth--
			i++
		case isIdentStart(c):
			for i < len(text) && isIdentPart(text[i]) {
				i++
			}
			w := strings.ToUpper(text[start:i])
			s.word(w, depth, words)
			switch {
			case trigger == noTrigger && s.verb == "CREATE" && w == "TRIGGER" && words <= 2:
				trigger = triggerHead
			case trigger == triggerHead && w == "BEGIN":
				trigger = triggerBody
			case trigger == triggerBody && afterSemi && w == "END":
				trigger = triggerEnd
			}
			afterSemi = false
			words++
		case c == '=' && depth == 0:
			s.assigns = true
			i++
		case c == '?':
			j := i + 1
			for j < len(text) && '0' <= text[j] && text[j] <= '9' {
				j++
			}
			if j == i+1 {
				s.params++
			} else if n, err := strconv.Atoi(text[i+1 : j]); err == nil {
				s.params = max(s.params, n)
			}
			i = j
		case (c == ':' || c == '@' || c == '$') && i+1 < len(text) && isIdentPart(text[i+1]):
			j := i + 1
			for j < len(text) && isIdentPart(text[j]) {
				j++
			}
			if names == nil {
				names = map[string]int{}
			}
			if _, seen := names[text[i:j]]; !seen {
				s.params++
				names[text[i:j]] = s.params
			}
			i = j
		default:
			i++
		}
		s.end = i
	}
	s.empty = s.end == 0 && s.verb == ""
	if s.main == "" {
		s.main = s.verb
	}
	return s
}

// word records keyword w found at paren depth after n earlier words.
func (s *stmtText) word(w string, depth, n int) {
	if n == 0 {
		s.verb = w
		return
	}
	if w == "RETURNING" && depth == 0 {
		s.returning = true
	}
	if s.verb == "WITH" && s.main == "" && depth == 0 {
		switch w {
		case "SELECT", "VALUES", "INSERT", "UPDATE", "DELETE", "REPLACE":
			s.main = w
		}
	}
}

// skipQuoted returns the offset after the quoted token starting at i
// (a doubled quote character is an escaped one).
func skipQuoted(text string, i int, q byte) int {
	for j := i + 1; j < len(text); j++ {
		if text[j] == q {
			if j+1 < len(text) && text[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(text)
}

func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || '0' <= c && c <= '9' || c == '$' }

// query reports whether the statement returns rows without writing, as
// far as its text tells: SELECT, VALUES or WITH ... SELECT, EXPLAIN, and
// PRAGMA without '='. Whether a statement writes is decided by SQLite; a
// statement taken for a read that writes is refused by rqlite's query
// endpoint and sent again as a write.
func (s stmtText) query() bool {
	switch s.main {
	case "SELECT", "VALUES", "EXPLAIN":
		return true
	case "PRAGMA":
		return !s.assigns
	}
	return false
}

// wrappable reports whether the text is one SELECT or VALUES statement
// that can be the body of a common table expression.
func (s stmtText) wrappable() bool {
	return !s.multiple && (s.main == "SELECT" || s.main == "VALUES")
}

// txControl reports whether the statement is BEGIN, COMMIT, END,
// ROLLBACK, SAVEPOINT or RELEASE.
func (s stmtText) txControl() bool {
	switch s.verb {
	case "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE":
		return true
	}
	return false
}

// outsideTx reports whether the statement must run outside a transaction
// (VACUUM fails in one, and a PRAGMA that sets foreign_keys or the like
// does nothing in one). Both are idempotent, so they are sent without
// bookkeeping and simply retried after an unknown outcome.
func (s stmtText) outsideTx() bool {
	return !s.multiple && (s.verb == "VACUUM" || s.verb == "PRAGMA")
}

// insertLike reports whether the statement can insert a row (and so set
// last_insert_rowid).
func (s stmtText) insertLike() bool { return s.main == "INSERT" || s.main == "REPLACE" }
