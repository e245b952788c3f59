package adapter

import (
	"fmt"
	"slices"
	"strconv"
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
	if why := checkValue(p.name, value); why != "" {
		return bad(why)
	}
	return p, nil
}

// Value kinds of pragmas whose settings SQLite would otherwise read
// loosely: an unknown word for a boolean pragma means false to SQLite
// (foreign_keys = NOPE turns foreign keys off), and an unknown journal
// mode is silently ignored.
var (
	boolPragmas = []string{"automatic_index", "case_sensitive_like", "cell_size_check", "checkpoint_fullfsync",
		"defer_foreign_keys", "foreign_keys", "fullfsync", "ignore_check_constraints", "legacy_alter_table",
		"query_only", "read_uncommitted", "recursive_triggers", "reverse_unordered_selects", "trusted_schema",
		"writable_schema"}
	intPragmas = []string{"analysis_limit", "application_id", "busy_timeout", "cache_size", "hard_heap_limit",
		"journal_size_limit", "max_page_count", "mmap_size", "page_size", "schema_version", "soft_heap_limit",
		"threads", "user_version", "wal_autocheckpoint", "incremental_vacuum"}
	enumPragmas = map[string][]string{
		"journal_mode":   {"DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF"},
		"synchronous":    {"OFF", "NORMAL", "FULL", "EXTRA", "0", "1", "2", "3"},
		"temp_store":     {"DEFAULT", "FILE", "MEMORY", "0", "1", "2"},
		"locking_mode":   {"NORMAL", "EXCLUSIVE"},
		"auto_vacuum":    {"NONE", "FULL", "INCREMENTAL", "0", "1", "2"},
		"secure_delete":  {"ON", "OFF", "TRUE", "FALSE", "YES", "NO", "FAST", "0", "1", "2"},
		"wal_checkpoint": {"PASSIVE", "FULL", "RESTART", "TRUNCATE"},
		"encoding":       {"UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE"},
	}
	boolWords = []string{"ON", "OFF", "TRUE", "FALSE", "YES", "NO", "0", "1"}
)

// checkValue says what is wrong with value for the pragma name, or "".
func checkValue(name, value string) string {
	word := strings.ToUpper(strings.Trim(value, `'"`))
	switch {
	case slices.Contains(boolPragmas, name):
		if !slices.Contains(boolWords, word) {
			return name + " takes ON or OFF (or TRUE/FALSE, YES/NO, 1/0)"
		}
	case slices.Contains(intPragmas, name):
		if _, err := strconv.ParseInt(value, 0, 64); err != nil {
			return name + " takes an integer"
		}
	case name == "cache_spill":
		if _, err := strconv.ParseInt(value, 0, 64); err != nil && !slices.Contains(boolWords, word) {
			return "cache_spill takes ON, OFF or a number of pages"
		}
	case enumPragmas[name] != nil:
		if !slices.Contains(enumPragmas[name], word) {
			return name + " takes one of " + strings.Join(enumPragmas[name], ", ")
		}
	}
	return ""
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
