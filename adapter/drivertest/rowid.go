package drivertest

import (
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// testResetLastInsertRowID checks [contract.RowIDResetter]: after
// ResetLastInsertRowID, an INSERT that inserts no rowid row (an upsert
// that updates, an INSERT OR IGNORE that ignores, an INSERT into a
// WITHOUT ROWID table) reports LastInsertId 0, and one that inserts a row
// reports its rowid.
//
// The interface is optional: a driver without it works with the adapter,
// whose LastInsertRowID then keeps SQLite's value, a rowid from an earlier
// statement, for such an INSERT. The check is skipped for such a driver,
// with that reason; the drivers of this module implement it.
func (k *kit) testResetLastInsertRowID(t *testing.T) {
	r, ok := k.d.(contract.RowIDResetter)
	if !ok {
		t.Skipf("%T does not implement contract.RowIDResetter, which is optional: without it, Result.LastInsertRowID of an INSERT that inserts no rowid row is the connection's earlier rowid, not 0", k.d)
	}
	c := k.mem(t)
	mustExec(t, c, "CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT UNIQUE, n INTEGER)")
	mustExec(t, c, "CREATE TABLE w(k TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID")
	reset := func() {
		t.Helper()
		if err := r.ResetLastInsertRowID(c); err != nil {
			t.Fatalf("ResetLastInsertRowID: %s", k.describe(err))
		}
	}
	insert := func(query string, wantID, wantChanges int64) {
		t.Helper()
		res, err := execResult(t.Context(), c, query)
		if err != nil {
			t.Fatalf("%s: %s", query, k.describe(err))
		}
		id, _ := res.LastInsertId()
		n, _ := res.RowsAffected()
		if id != wantID || n != wantChanges {
			t.Errorf("%s after ResetLastInsertRowID: LastInsertId %d, RowsAffected %d; want %d, %d", query, id, n, wantID, wantChanges)
		}
	}

	insert("INSERT INTO t(id, k, n) VALUES(100, 'a', 1)", 100, 1)
	reset()
	if got := mustQueryOne(t, c, "SELECT last_insert_rowid()"); got != int64(0) {
		t.Errorf("last_insert_rowid() = %v after ResetLastInsertRowID, want 0", got)
	}
	insert("INSERT INTO t(k, n) VALUES('a', 1) ON CONFLICT(k) DO UPDATE SET n = n + 1", 0, 1)
	reset()
	insert("INSERT INTO t(k, n) VALUES('b', 1)", 101, 1)
	reset()
	insert("INSERT OR IGNORE INTO t(id, k, n) VALUES(101, 'c', 1)", 0, 0)
	reset()
	insert("INSERT INTO w(k, n) VALUES('x', 1)", 0, 1)

	// Connections that are not the driver's open ones are refused.
	if err := r.ResetLastInsertRowID(nil); err == nil {
		t.Error("ResetLastInsertRowID(nil) succeeded")
	}
	closed, err := k.d.OpenConn(t.Context(), memory)
	if err != nil {
		t.Fatal(err)
	}
	if err := closed.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.ResetLastInsertRowID(closed); err == nil {
		t.Error("ResetLastInsertRowID of a closed connection succeeded")
	}
}
