package drivertest

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"reflect"
	"slices"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// testColumnsAfterSchemaChange checks that a prepared statement run again
// after ALTER TABLE reports the columns of the new schema, from Columns
// before the first Next (database/sql reads them there), and returns
// values that match them: the adapter keeps prepared statements in a
// cache per connection, so the same driver.Stmt runs across schema
// changes, made on its own connection or on another.
//
// SQLite marks a statement expired when the schema changes and
// re-prepares it only inside the next sqlite3_step, so a driver that reads
// sqlite3_column_count and sqlite3_column_name before the first step of
// an execution reports the columns the statement had before.
func (k *kit) testColumnsAfterSchemaChange(t *testing.T) {
	path := tempPath(t)
	c1 := k.open(t, contract.ConnConfig{Path: path})
	c2 := k.open(t, contract.ConnConfig{Path: path})
	mustExec(t, c1, "CREATE TABLE t(a, b)")
	mustExec(t, c1, "INSERT INTO t VALUES(1, 2)")
	st, err := prepare(t.Context(), c1, "SELECT * FROM t WHERE rowid = ?")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	steps := []struct {
		name   string
		on     driver.Conn // the connection that changes the schema
		change string
		cols   []string
		row    []driver.Value
	}{
		{"before", nil, "", []string{"a", "b"}, []driver.Value{int64(1), int64(2)}},
		{"ADD COLUMN on the same connection", c1, "ALTER TABLE t ADD COLUMN c DEFAULT 'new'",
			[]string{"a", "b", "c"}, []driver.Value{int64(1), int64(2), "new"}},
		{"DROP COLUMN on the same connection", c1, "ALTER TABLE t DROP COLUMN a",
			[]string{"b", "c"}, []driver.Value{int64(2), "new"}},
		{"ADD COLUMN on another connection", c2, "ALTER TABLE t ADD COLUMN d DEFAULT 4.5",
			[]string{"b", "c", "d"}, []driver.Value{int64(2), "new", 4.5}},
		{"DROP COLUMN on another connection", c2, "ALTER TABLE t DROP COLUMN b",
			[]string{"c", "d"}, []driver.Value{"new", 4.5}},
		{"RENAME COLUMN on another connection", c2, "ALTER TABLE t RENAME COLUMN c TO e",
			[]string{"e", "d"}, []driver.Value{"new", 4.5}},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			if step.on != nil {
				mustExec(t, step.on, step.change)
			}
			cols, row, err := queryFirstRow(t.Context(), st, arg(1, int64(1)))
			if err != nil {
				t.Fatalf("running the prepared statement again: %s", k.describe(err))
			}
			if !slices.Equal(cols, step.cols) {
				t.Errorf("Columns before the first Next = %q, want %q: the statement reports the columns it had before the schema change (read them after the first sqlite3_step, which re-prepares an expired statement)", cols, step.cols)
			}
			if !reflect.DeepEqual(row, step.row) {
				t.Errorf("row = %#v, want %#v", row, step.row)
			}
		})
	}
}

// queryFirstRow runs a prepared statement that returns one row and
// returns Columns, read before the first Next, and the row, as long as
// Columns says; it checks that no second row follows.
func queryFirstRow(ctx context.Context, st driver.Stmt, args ...driver.NamedValue) ([]string, []driver.Value, error) {
	sq, ok := st.(driver.StmtQueryContext)
	if !ok {
		return nil, nil, errors.New("drivertest: the statement does not implement driver.StmtQueryContext")
	}
	rows, err := sq.QueryContext(ctx, args)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cols := slices.Clone(rows.Columns())
	row := make([]driver.Value, len(cols))
	if err := rows.Next(row); err != nil {
		return cols, nil, err
	}
	if err := rows.Next(make([]driver.Value, len(cols))); !errors.Is(err, io.EOF) {
		return cols, row, errors.New("drivertest: a second row, or an error, after the first: want io.EOF")
	}
	return cols, row, nil
}
