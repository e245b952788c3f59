package adapter

import (
	"fmt"
	"strings"
)

// pragmaScope says what a pragma's setting applies to.
type pragmaScope uint8

const (
	scopeDatabase   pragmaScope = iota // stored in the file, or a query/command
	scopeConnection                    // per connection: must be applied to every pool connection
	scopeTx                            // per transaction (defer_foreign_keys)
)

// knownPragmas lists every pragma SQLite documents
// (https://sqlite.org/pragma.html) with the scope of its setting.
// Deprecated and debug-only pragmas are left out on purpose.
var knownPragmas = map[string]pragmaScope{
	"analysis_limit": scopeConnection, "application_id": scopeDatabase, "auto_vacuum": scopeDatabase,
	"automatic_index": scopeConnection, "busy_timeout": scopeConnection, "cache_size": scopeConnection,
	"cache_spill": scopeConnection, "case_sensitive_like": scopeConnection, "cell_size_check": scopeConnection,
	"checkpoint_fullfsync": scopeConnection, "collation_list": scopeDatabase, "compile_options": scopeDatabase,
	"data_version": scopeDatabase, "database_list": scopeDatabase, "defer_foreign_keys": scopeTx,
	"encoding": scopeDatabase, "foreign_key_check": scopeDatabase, "foreign_key_list": scopeDatabase,
	"foreign_keys": scopeConnection, "freelist_count": scopeDatabase, "fullfsync": scopeConnection,
	"function_list": scopeDatabase, "hard_heap_limit": scopeConnection, "ignore_check_constraints": scopeConnection,
	"incremental_vacuum": scopeDatabase, "index_info": scopeDatabase, "index_list": scopeDatabase,
	"index_xinfo": scopeDatabase, "integrity_check": scopeDatabase, "journal_mode": scopeConnection,
	"journal_size_limit": scopeConnection, "legacy_alter_table": scopeConnection, "locking_mode": scopeConnection,
	"max_page_count": scopeConnection, "mmap_size": scopeConnection, "module_list": scopeDatabase,
	"optimize": scopeDatabase, "page_count": scopeDatabase, "page_size": scopeDatabase,
	"pragma_list": scopeDatabase, "query_only": scopeConnection, "quick_check": scopeDatabase,
	"read_uncommitted": scopeConnection, "recursive_triggers": scopeConnection,
	"reverse_unordered_selects": scopeConnection, "schema_version": scopeDatabase, "secure_delete": scopeConnection,
	"shrink_memory": scopeDatabase, "soft_heap_limit": scopeConnection, "stats": scopeDatabase,
	"synchronous": scopeConnection, "table_info": scopeDatabase, "table_list": scopeDatabase,
	"table_xinfo": scopeDatabase, "temp_store": scopeConnection, "threads": scopeConnection,
	"trusted_schema": scopeConnection, "user_version": scopeDatabase, "wal_autocheckpoint": scopeConnection,
	"wal_checkpoint": scopeDatabase, "writable_schema": scopeConnection,
}

// pragma is a validated pragma statement.
type pragma struct {
	schema string // "" or a schema name, as written
	name   string // lower case, from knownPragmas
	value  string // "" or one literal token, as written
	call   bool   // written name(value) rather than name = value
}

// setsConnection reports whether p changes per-connection state (the
// forms name = value and name(value) are the same to SQLite).
func (p pragma) setsConnection() bool {
	return p.value != "" && knownPragmas[p.name] == scopeConnection
}

// SQL returns the statement to run.
func (p pragma) SQL() string {
	var b strings.Builder
	b.WriteString("PRAGMA ")
	if p.schema != "" {
		b.WriteString(p.schema)
		b.WriteByte('.')
	}
	b.WriteString(p.name)
	switch {
	case p.call:
		b.WriteString("(" + p.value + ")")
	case p.value != "":
		b.WriteString(" = " + p.value)
	}
	return b.String()
}

// parsePragma validates text of the forms "name", "schema.name",
// "name = value", "name(value)", with or without a leading PRAGMA keyword
// and a trailing semicolon. The name must be a documented pragma and the
// value a single literal (number, keyword or quoted string), so nothing
// else can be smuggled into the statement.
func parsePragma(text string) (pragma, error) {
	var toks []token
	for i := 0; i < len(text); {
		t := nextToken(text, i)
		i = t.end
		if t.kind != tokSpace {
			toks = append(toks, t)
		}
	}
	bad := func(why string) (pragma, error) {
		return pragma{}, fmt.Errorf("%w %q: %s", ErrPragma, text, why)
	}
	if len(toks) > 0 && toks[0].is(text, "PRAGMA") {
		toks = toks[1:]
	}
	if n := len(toks); n > 0 && toks[n-1].kind == tokSemi {
		toks = toks[:n-1]
	}
	lit := func(t token) string { return text[t.start:t.end] }
	var p pragma
	if len(toks) >= 3 && lit(toks[1]) == "." {
		if toks[0].kind != tokWord && !terminatedQuote(lit(toks[0])) {
			return bad("invalid schema name")
		}
		p.schema = lit(toks[0])
		toks = toks[2:]
	}
	if len(toks) == 0 || toks[0].kind != tokWord {
		return bad("missing pragma name")
	}
	p.name = strings.ToLower(lit(toks[0]))
	if _, ok := knownPragmas[p.name]; !ok {
		return bad("unknown pragma (see https://sqlite.org/pragma.html)")
	}
	rest := toks[1:]
	switch {
	case len(rest) == 0:
		return p, nil
	case lit(rest[0]) == "=":
		rest = rest[1:]
	case rest[0].kind == tokOpen && rest[len(rest)-1].kind == tokClose:
		p.call = true
		rest = rest[1 : len(rest)-1]
	default:
		return bad("expected = value or (value) after the name")
	}
	value, ok := pragmaValue(text, rest)
	if !ok {
		return bad("the value must be one number, keyword or quoted string")
	}
	p.value = value
	return p, nil
}

// pragmaValue accepts one literal token, optionally a signed number.
func pragmaValue(text string, toks []token) (string, bool) {
	sign := ""
	if len(toks) == 2 {
		if s := text[toks[0].start:toks[0].end]; s == "-" || s == "+" {
			sign = s
			toks = toks[1:]
		}
	}
	if len(toks) != 1 {
		return "", false
	}
	t := toks[0]
	v := text[t.start:t.end]
	switch t.kind {
	case tokWord:
		return sign + v, sign == ""
	case tokQuoted:
		return v, sign == "" && terminatedQuote(v)
	case tokOther:
		for i := 0; i < len(v); i++ {
			if c := v[i]; !isDigit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' &&
				!(i == 1 && (c == 'x' || c == 'X')) && !(c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return "", false
			}
		}
		return sign + v, isDigit(v[0]) || v[0] == '.'
	}
	return "", false
}

// terminatedQuote reports whether a quoted token is closed.
func terminatedQuote(v string) bool {
	if len(v) < 2 {
		return false
	}
	open, close := v[0], v[len(v)-1]
	switch open {
	case '[':
		return close == ']'
	case 'x', 'X':
		return len(v) >= 3 && close == '\''
	}
	return open == close
}
