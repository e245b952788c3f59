package ncruces

import "strings"

// onlyCommentsAndSpace reports whether the SQL left over after the first
// statement holds no further statement: only whitespace, -- and /* */
// comments, and empty statements (semicolons).
func onlyCommentsAndSpace(tail string) bool {
	for len(tail) > 0 {
		switch {
		case strings.HasPrefix(tail, "--"):
			end := strings.IndexByte(tail, '\n')
			if end < 0 {
				return true
			}
			tail = tail[end+1:]
		case strings.HasPrefix(tail, "/*"):
			end := strings.Index(tail[2:], "*/")
			if end < 0 {
				return true // SQLite ends an unterminated comment at the end of input
			}
			tail = tail[2+end+2:]
		case isSpaceOrSemicolon(tail[0]):
			tail = tail[1:]
		default:
			return false
		}
	}
	return true
}

// isSpaceOrSemicolon reports whether SQLite's tokenizer skips b between
// statements.
func isSpaceOrSemicolon(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\f', '\r', ';':
		return true
	}
	return false
}
