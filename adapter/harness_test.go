package adapter_test

import (
	"context"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
	_ "github.com/anysqlite/anysqlite/drivers/all"
)

// eachDriver runs fn as a subtest per registered driver. A driver that is
// linked but cannot work in this build (mattn without cgo) is skipped with
// its reason.
func eachDriver(t *testing.T, fn func(t *testing.T, driver string)) {
	t.Helper()
	names := adapter.Drivers()
	if len(names) != 3 {
		t.Errorf("drivers linked: %v, want mattn, modernc and ncruces", names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			d, err := adapter.Lookup(name)
			if err != nil {
				t.Fatal(err)
			}
			if why := d.Info().Unavailable; why != "" {
				t.Skipf("driver %s is linked but unavailable: %s", name, why)
			}
			fn(t, name)
		})
	}
}

// openPath opens the database at path with driver and opts, closed at the
// end of the test.
func openPath(t *testing.T, path, driver string, opts *adapter.Options) *adapter.DB {
	t.Helper()
	o := adapter.Options{}
	if opts != nil {
		o = *opts
	}
	o.Driver = driver
	db, err := adapter.Open(context.Background(), path, &o)
	if err != nil {
		t.Fatalf("Open(%s, %s): %v", path, driver, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// must fails the test on error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// exec runs a script or fails the test.
func exec(t *testing.T, db adapter.Querier, script string) {
	t.Helper()
	must(t, db.Exec(context.Background(), script))
}

// count returns the number of rows of table t, or fails the test.
func count(t *testing.T, q adapter.Querier) int {
	t.Helper()
	var n int
	must(t, q.Get(context.Background(), &n, "SELECT count(*) FROM t"))
	return n
}
