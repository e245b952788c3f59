package adapter

import (
	"slices"
	"strconv"
)

// stmtKind classifies a statement by its leading keyword (after any WITH
// clause), which decides how the adapter treats it.
type stmtKind uint8

const (
	kindOther     stmtKind = iota // CREATE, DROP, ALTER, VACUUM, ANALYZE, ...
	kindQuery                     // SELECT, VALUES, EXPLAIN
	kindInsert                    // INSERT, REPLACE
	kindUpdate                    // UPDATE
	kindDelete                    // DELETE
	kindPragma                    // PRAGMA
	kindTxControl                 // BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE
)

// isDML reports whether a statement of kind k counts changes.
func (k stmtKind) isDML() bool { return k == kindInsert || k == kindUpdate || k == kindDelete }

// returnsNoRows reports whether st is a write without a RETURNING clause:
// it has no result columns, and by the time they could be found missing
// it has been done.
func (st *statement) returnsNoRows() bool { return st.kind.isDML() && !st.returning }

// statement is one SQL statement of a script.
type statement struct {
	sql  string // the statement's text, without the trailing semicolon
	kind stmtKind
	// explain is set for EXPLAIN and EXPLAIN QUERY PLAN (see
	// connStmt.recompile).
	explain bool
	// returning is set when the statement has a RETURNING clause.
	returning bool
	params    int // what sqlite3_bind_parameter_count will report
	// names holds the name of each parameter by index (names[i] is
	// parameter i+1) with its prefix, ":a", "@a" or "$a", and "" for ?,
	// ?NNN and indexes no parameter uses; nil if no parameter has a name.
	names []string
	// ownSQL is sql as the adapter sends it through database/sql
	// (ownText), set for the statements classify caches.
	ownSQL string
}

// Token classes of sqlite3_complete's state machine.
const (
	ctSemi = iota
	ctSpace
	ctOther
	ctExplain
	ctCreate
	ctTemp
	ctTrigger
	ctEnd
)

// completeTrans is the transition table of sqlite3_complete
// (https://sqlite.org/src/file/src/complete.c): states are INVALID, START,
// NORMAL, EXPLAIN, CREATE, TRIGGER, SEMI, END. A semicolon that leads to
// START ends a statement; the states in between keep "CREATE TRIGGER ...
// BEGIN ...; ...; END;" in one piece.
var completeTrans = [8][8]uint8{
	{1, 0, 2, 3, 4, 2, 2, 2},
	{1, 1, 2, 3, 4, 2, 2, 2},
	{1, 2, 2, 2, 2, 2, 2, 2},
	{1, 3, 3, 2, 4, 2, 2, 2},
	{1, 4, 2, 2, 2, 4, 5, 2},
	{6, 5, 5, 5, 5, 5, 5, 5},
	{6, 6, 5, 5, 5, 5, 5, 7},
	{1, 7, 5, 5, 5, 5, 5, 5},
}

// splitSQL splits a script into its statements, exactly where SQLite would
// (empty statements are dropped).
func splitSQL(sql string) []statement {
	var out []statement
	state := uint8(0)
	start, last := -1, -1
	for i := 0; i < len(sql); {
		t := nextToken(sql, i)
		i = t.end
		class := ctOther
		switch t.kind {
		case tokSpace:
			class = ctSpace
		case tokSemi:
			class = ctSemi
		case tokWord:
			switch {
			case t.is(sql, "EXPLAIN"):
				class = ctExplain
			case t.is(sql, "CREATE"):
				class = ctCreate
			case t.is(sql, "TEMP"), t.is(sql, "TEMPORARY"):
				class = ctTemp
			case t.is(sql, "TRIGGER"):
				class = ctTrigger
			case t.is(sql, "END"):
				class = ctEnd
			}
		}
		state = completeTrans[state][class]
		if class == ctSemi && state == 1 {
			if start >= 0 {
				out = append(out, newStatement(sql[start:last]))
			}
			start = -1
			continue
		}
		if class != ctSpace {
			if start < 0 {
				start = t.start
			}
			last = t.end
		}
	}
	if start >= 0 {
		out = append(out, newStatement(sql[start:last]))
	}
	return out
}

// newStatement classifies one statement and counts its parameters.
func newStatement(sql string) statement {
	st := statement{sql: sql, kind: kindOther}
	first := true
	with := false
	depth := 0

	for i := 0; i < len(sql); {
		t := nextToken(sql, i)
		i = t.end
		switch t.kind {
		case tokOpen:
			depth++
		case tokClose:
			depth--
		case tokParam:
			st.params = countParam(sql[t.start:t.end], st.params, &st.names)
		case tokWord:
			if first {
				first = false
				st.kind = leadingKind(sql, t)
				with = t.is(sql, "WITH")
				st.explain = t.is(sql, "EXPLAIN")
			} else if with && depth == 0 {
				if k := leadingKind(sql, t); k != kindOther && k != kindTxControl && k != kindPragma {
					st.kind = k
					with = false
				}
			} else if depth == 0 && t.is(sql, "RETURNING") {
				st.returning = true
			}
		}
	}
	return st
}

// leadingKind classifies the keyword t.
func leadingKind(s string, t token) stmtKind {
	switch {
	case t.is(s, "SELECT"), t.is(s, "VALUES"), t.is(s, "EXPLAIN"):
		return kindQuery
	case t.is(s, "INSERT"), t.is(s, "REPLACE"):
		return kindInsert
	case t.is(s, "UPDATE"):
		return kindUpdate
	case t.is(s, "DELETE"):
		return kindDelete
	case t.is(s, "PRAGMA"):
		return kindPragma
	case t.is(s, "BEGIN"), t.is(s, "COMMIT"), t.is(s, "END"), t.is(s, "ROLLBACK"),
		t.is(s, "SAVEPOINT"), t.is(s, "RELEASE"):
		return kindTxControl
	}
	return kindOther
}

// countParam applies SQLite's numbering rule (sqlite3ExprAssignVarNumber)
// to parameter p given n parameters so far, and returns the new count: ?
// takes the next index, ?NNN index NNN, and a name the index it had the
// first time, else the next one. It records names by index in *names.
func countParam(p string, n int, names *[]string) int {
	if p[0] == '?' {
		if len(p) == 1 {
			return n + 1
		}
		if k, err := strconv.Atoi(p[1:]); err == nil && k > n {
			return k
		}
		return n
	}
	if slices.Contains(*names, p) {
		return n
	}
	for len(*names) < n {
		*names = append(*names, "")
	}
	*names = append(*names, p)
	return n + 1
}
