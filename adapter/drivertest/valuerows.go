package drivertest

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// valueRowsData is the table testValueRows reads: every storage class,
// empty and NULL values, and TEXT and BLOB values larger than a driver's
// read-ahead buffer is likely to be, in runs, over enough rows for many
// read-ahead batches.
const valueRowsData = `
CREATE TABLE v(i INTEGER PRIMARY KEY, n, f, t, b, z);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 300)
INSERT INTO v SELECT i,
  CASE WHEN i % 7 = 0 THEN NULL ELSE i * 1000003 - 150000000 END,
  i / 3.0,
  CASE WHEN i % 11 = 0 THEN '' WHEN i IN (100, 101, 102, 250) THEN printf('%.*c', 50000 + i, 'x') ELSE 'héllo ' || i END,
  CASE WHEN i % 13 = 0 THEN x'' WHEN i % 17 = 0 THEN NULL WHEN i IN (101, 199) THEN zeroblob(70000 + i) ELSE randomblob(i % 40 + 1) END,
  NULL
FROM c`

// valueRowsQuery reads valueRowsData in a fixed order.
const valueRowsQuery = "SELECT i, n, f, t, b, z FROM v ORDER BY i"

// testValueRows checks a driver whose result sets implement
// contract.ValueRows: NextValues reads the same rows as Next, value for
// value and storage class for storage class, mixed with Next on one result
// set, with two result sets open on one connection, after a result set
// closed early, and up to an error in the middle of the rows.
func (k *kit) testValueRows(t *testing.T) {
	c := k.mem(t)
	for _, q := range strings.Split(strings.TrimSpace(valueRowsData), ";\n") {
		mustExec(t, c, q)
	}
	st, err := prepare(context.Background(), c, valueRowsQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, ok := rows.(contract.ValueRows)
	rows.Close()
	if !ok {
		t.Skipf("the result sets of %s do not implement contract.ValueRows (optional): the adapter reads them with Next", k.info.Name)
	}
	want := mustQuery(t, c, valueRowsQuery)
	if len(want) != 300 {
		t.Fatalf("Next read %d rows, want 300", len(want))
	}
	read := func(t *testing.T, st driver.Stmt, how func(i int) bool, stop int) [][]driver.Value {
		t.Helper()
		got, err := readValueRows(st, how, stop)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	t.Run("SameAsNext", func(t *testing.T) {
		compareRows(t, read(t, st, func(int) bool { return true }, -1), want)
	})
	t.Run("MixedWithNext", func(t *testing.T) {
		compareRows(t, read(t, st, func(i int) bool { return i%3 != 1 }, -1), want)
	})
	t.Run("ClosedEarlyThenAgain", func(t *testing.T) {
		compareRows(t, read(t, st, func(int) bool { return true }, 70), want[:70])
		compareRows(t, read(t, st, func(int) bool { return true }, -1), want)
	})
	t.Run("TwoResultSetsOnOneConnection", func(t *testing.T) { k.valueRowsInterleaved(t, c, want) })
	t.Run("ErrorAfterRows", func(t *testing.T) { k.valueRowsError(t, c) })
}

// readValueRows runs st and reads its rows, row i with NextValues if
// how(i), else with Next, and stops after stop rows (-1: all). Values read
// with NextValues are converted at once, as the contract requires.
func readValueRows(st driver.Stmt, how func(i int) bool, stop int) ([][]driver.Value, error) {
	rows, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all [][]driver.Value
	for i := 0; i != stop; i++ {
		row, err := nextRow(rows, how(i))
		if err == io.EOF {
			break
		}
		if err != nil {
			return all, err
		}
		all = append(all, row)
	}
	return all, nil
}

// nextRow reads the next row of rows with NextValues if typed, else with
// Next.
func nextRow(rows driver.Rows, typed bool) ([]driver.Value, error) {
	row := make([]driver.Value, len(rows.Columns()))
	if !typed {
		return row, rows.Next(row)
	}
	vals := make([]contract.Value, len(row))
	if err := rows.(contract.ValueRows).NextValues(vals); err != nil {
		return nil, err
	}
	for i := range vals {
		if err := checkKind(&vals[i]); err != nil {
			return nil, fmt.Errorf("column %d: %w", i, err)
		}
		row[i] = vals[i].Any()
	}
	return row, nil
}

// checkKind reports a Value whose fields contradict its Kind.
func checkKind(v *contract.Value) error {
	switch {
	case v.Kind > contract.Blob:
		return fmt.Errorf("Kind %d is no storage class", v.Kind)
	case v.Kind != contract.Integer && v.Int != 0, v.Kind != contract.Float && v.Float != 0,
		v.Kind != contract.Text && v.Kind != contract.Blob && v.Bytes != nil:
		return fmt.Errorf("a Value of Kind %d has fields of another kind set: %+v", v.Kind, *v)
	}
	return nil
}

// compareRows fails t where got and want differ.
func compareRows(t *testing.T, got, want [][]driver.Value) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("read %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		for j := range want[i] {
			if g, w := got[i][j], want[i][j]; reflect.TypeOf(g) != reflect.TypeOf(w) || !reflect.DeepEqual(g, w) {
				t.Fatalf("row %d, column %d: got %s, want %s (Next)", i, j, short(g), short(w))
			}
		}
	}
}

// valueRowsInterleaved reads the rows of two statements on one connection
// in turns, with NextValues.
func (k *kit) valueRowsInterleaved(t *testing.T, c driver.Conn, want [][]driver.Value) {
	var sets [2]driver.Rows
	for i := range sets {
		st, err := prepare(context.Background(), c, valueRowsQuery)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if sets[i], err = st.(driver.StmtQueryContext).QueryContext(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		defer sets[i].Close()
	}
	var got [2][][]driver.Value
	for i := range 2 * len(want) {
		row, err := nextRow(sets[i%2], true)
		if err != nil {
			t.Fatalf("result set %d, row %d: %v", i%2, i/2, err)
		}
		got[i%2] = append(got[i%2], row)
	}
	compareRows(t, got[0], want)
	compareRows(t, got[1], want)
}

// valueRowsError checks that a query failing at its 150th row reads 149
// rows with NextValues, then the error Next reports.
func (k *kit) valueRowsError(t *testing.T, c driver.Conn) {
	const q = "SELECT i, t, CASE WHEN i = 150 THEN abs(-9223372036854775807 - 1) ELSE i END FROM v ORDER BY i"
	st, err := prepare(context.Background(), c, q)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	wantRows, wantErr := readValueRows(st, func(int) bool { return false }, -1)
	gotRows, gotErr := readValueRows(st, func(int) bool { return true }, -1)
	if wantErr == nil || len(wantRows) != 149 {
		t.Fatalf("Next read %d rows and %v, want 149 and integer overflow", len(wantRows), wantErr)
	}
	compareRows(t, gotRows, wantRows)
	wantCode, _, _ := k.decode(wantErr)
	if gotCode, _, ok := k.decode(gotErr); !ok || gotCode != wantCode || errors.Is(gotErr, io.EOF) {
		t.Fatalf("NextValues: %v (%v), want %v (%v) as Next", gotErr, gotCode, wantErr, wantCode)
	}
}
