package rqlite

import (
	"context"
	"errors"
	"slices"
	"strings"
)

// The extended codes SQLite gives with "UNIQUE constraint failed: ..."
// (https://sqlite.org/rescode.html).
const (
	codeConstraintTrigger    = codeConstraint | 7<<8
	codeConstraintPrimaryKey = codeConstraint | 6<<8
	codeConstraintUnique     = codeConstraint | 8<<8
	codeConstraintRowID      = codeConstraint | 10<<8
)

// uniquePrefix starts the message of every uniqueness violation.
const uniquePrefix = "UNIQUE constraint failed: "

// refine completes err's code where the message alone does not tell it
// but the schema does: SQLite reports a duplicate key as "UNIQUE
// constraint failed: t.a, t.b" with SQLITE_CONSTRAINT_PRIMARYKEY when
// t.a, t.b is t's primary key, SQLITE_CONSTRAINT_ROWID for t.rowid of a
// table without an INTEGER PRIMARY KEY, and SQLITE_CONSTRAINT_UNIQUE
// otherwise. refine reads t's primary key (pragma_table_info) to tell
// which; when it cannot (the table is gone, the cluster does not answer),
// the code stays SQLITE_CONSTRAINT.
//
// A message the code table does not know was taken for SQLITE_ERROR
// (statementError). If a trigger of the schema holds it as a string
// literal, it is a trigger's RAISE(ABORT|FAIL|ROLLBACK, 'message'), which
// SQLite reports as SQLITE_CONSTRAINT_TRIGGER.
func (c *conn) refine(ctx context.Context, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	if e.guessed {
		if c.inTrigger(context.WithoutCancel(ctx), e.Message) {
			e.Code, e.guessed = codeConstraintTrigger, false
		}
		return err
	}
	if e.Code != codeConstraint || !strings.HasPrefix(e.Message, uniquePrefix) {
		return err
	}
	cols := strings.Split(strings.TrimPrefix(e.Message, uniquePrefix), ", ")
	if strings.HasPrefix(cols[0], "index '") {
		e.Code = codeConstraintUnique // an index on expressions, never a primary key
		return err
	}
	table := ""
	for i, col := range cols {
		t, name, ok := strings.Cut(col, ".")
		if !ok || i > 0 && t != table {
			return err
		}
		table, cols[i] = t, name
	}
	pk, perr := c.primaryKey(context.WithoutCancel(ctx), table)
	switch {
	case perr != nil:
	case slices.Equal(pk, cols):
		e.Code = codeConstraintPrimaryKey
	case len(cols) == 1 && len(pk) != 1 && isRowIDName(cols[0]):
		e.Code = codeConstraintRowID
	default:
		e.Code = codeConstraintUnique
	}
	return err
}

// primaryKey returns the columns of table's primary key, in key order.
func (c *conn) primaryKey(ctx context.Context, table string) ([]string, error) {
	rows, err := c.client.Query(ctx, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table)
	if err != nil {
		return nil, err
	}
	var cols []string
	for _, r := range rows.Values {
		name, ok := r[0].(string)
		if !ok {
			return nil, errors.New("rqlite: unexpected table_info row")
		}
		cols = append(cols, name)
	}
	if len(cols) == 0 {
		// No declared key: only the rowid is one, which SQLite names so.
		n, err := c.client.Query(ctx, "SELECT count(*) FROM pragma_table_info(?)", table)
		if err != nil || len(n.Values) == 0 || n.Values[0][0] == int64(0) {
			return nil, errors.New("rqlite: no such table")
		}
	}
	return cols, nil
}

// isRowIDName reports whether SQLite would name a table's rowid so.
func isRowIDName(name string) bool {
	switch strings.ToLower(name) {
	case "rowid", "_rowid_", "oid":
		return true
	}
	return false
}

// inTrigger reports whether a trigger's SQL holds msg as a string literal.
func (c *conn) inTrigger(ctx context.Context, msg string) bool {
	lit := "'" + strings.ReplaceAll(msg, "'", "''") + "'"
	rows, err := c.client.Query(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND instr(sql, ?) > 0", lit)
	return err == nil && len(rows.Values) == 1 && rows.Values[0][0] != int64(0)
}
