package adapter

import "strings"

// This file is a small SQL tokenizer, enough to split scripts into
// statements, classify them and count their parameters the way SQLite does.
// It follows SQLite's tokenize.c for quoting, comments and parameters.

type tokenKind uint8

const (
	tokSpace  tokenKind = iota // white space and comments
	tokSemi                    // ;
	tokWord                    // identifier or keyword (unquoted)
	tokQuoted                  // 'string', "id", `id`, [id], x'blob'
	tokParam                   // ?, ?NNN, :name, @name, $name
	tokOpen                    // (
	tokClose                   // )
	tokOther                   // numbers, operators, anything else
)

type token struct {
	kind       tokenKind
	start, end int // byte offsets in the text
}

// nextToken returns the token starting at s[i:]; i < len(s).
func nextToken(s string, i int) token {
	c := s[i]
	j := i + 1
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r':
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		return token{tokSpace, i, j}
	case c == '-' && j < len(s) && s[j] == '-':
		for j < len(s) && s[j] != '\n' {
			j++
		}
		return token{tokSpace, i, j}
	case c == '/' && j < len(s) && s[j] == '*':
		j++
		for j < len(s) && !(s[j] == '*' && j+1 < len(s) && s[j+1] == '/') {
			j++
		}
		if j < len(s) {
			j += 2
		}
		return token{tokSpace, i, min(j, len(s))}
	case c == ';':
		return token{tokSemi, i, j}
	case c == '(':
		return token{tokOpen, i, j}
	case c == ')':
		return token{tokClose, i, j}
	case c == '\'' || c == '"' || c == '`':
		return token{tokQuoted, i, skipQuoted(s, j, c)}
	case c == '[':
		for j < len(s) && s[j] != ']' {
			j++
		}
		return token{tokQuoted, i, min(j+1, len(s))}
	case (c == 'x' || c == 'X') && j < len(s) && s[j] == '\'':
		return token{tokQuoted, i, skipQuoted(s, j+1, '\'')}
	case c == '?':
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		return token{tokParam, i, j}
	case c == ':' || c == '@' || c == '$' || c == '#':
		n := j
		for j < len(s) {
			switch {
			case isIDChar(s[j]):
				j++
			case c == '$' && s[j] == ':' && j+1 < len(s) && s[j+1] == ':':
				j += 2
			default:
				goto done
			}
		}
	done:
		if j == n {
			return token{tokOther, i, j}
		}
		return token{tokParam, i, j}
	case isIDChar(c) && !isDigit(c):
		for j < len(s) && isIDChar(s[j]) {
			j++
		}
		return token{tokWord, i, j}
	case isDigit(c) || c == '.' && j < len(s) && isDigit(s[j]):
		for j < len(s) && (isIDChar(s[j]) || s[j] == '.' ||
			((s[j] == '+' || s[j] == '-') && (s[j-1] == 'e' || s[j-1] == 'E'))) {
			j++
		}
		return token{tokOther, i, j}
	}
	return token{tokOther, i, j}
}

func skipQuoted(s string, j int, q byte) int {
	for j < len(s) {
		if s[j] == q {
			if j+1 < len(s) && s[j+1] == q {
				j += 2
				continue
			}
			return j + 1
		}
		j++
	}
	return j
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isIDChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '$' || c >= 0x80
}

// keywordIs reports whether the word s[t.start:t.end] equals the upper-case
// keyword kw, ignoring ASCII case.
func (t token) is(s, kw string) bool {
	if t.kind != tokWord || t.end-t.start != len(kw) {
		return false
	}
	for i := 0; i < len(kw); i++ {
		c := s[t.start+i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != kw[i] {
			return false
		}
	}
	return true
}

// identName returns the name a word or quoted token's text lit stands
// for: the text inside its quotes ("x", `x`, [x] or 'x', which SQLite
// takes as an identifier where one is expected), with doubled quotes
// undoubled; other text as it is.
func identName(lit string) string {
	if !terminatedQuote(lit) || !strings.ContainsRune(`"'`+"`[", rune(lit[0])) {
		return lit
	}
	inner := lit[1 : len(lit)-1]
	if lit[0] == '[' {
		return inner
	}
	q := lit[:1]
	return strings.ReplaceAll(inner, q+q, q)
}
