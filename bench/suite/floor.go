package suite

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// Floor is the lowest level at which a driver's SQLite can be measured: a
// loop below Go that runs one of the suite's operations n times in a row
// on statements prepared once, as a C program would (package bench/cfloor
// runs it on the SQLite that mattn links). It is the floor the adapter's
// time is measured against on a driver whose own API is not a
// lower level of its own (mattn's is database/sql).
//
// Each method runs the statement of the same name in this package n
// times and returns what the last run read, for the suite to check. A
// Floor has no reading into maps and no concurrent benchmark, and is used
// by one goroutine at a time.
type Floor interface {
	// Get reads the users GetID(0), ..., GetID(n-1) (QueryGet) and
	// returns the last.
	Get(n int) (User, error)
	// Insert inserts us[i%len(us)] for i < n (QueryInsert), each in its
	// own transaction.
	Insert(us []User, n int) error
	// InsertTx runs n transactions that each insert all of us.
	InsertTx(us []User, n int) error
	// Page reads the first 100 users (QueryPage) n times and returns the
	// last page.
	Page(n int) ([]User, error)
	// Search runs QuerySearch n times with SearchTerms[i%len(SearchTerms)]
	// and returns the hits of the last run.
	Search(n int) ([]Hit, error)
	Close() error
}

// floorBench is the benchmark of an operation on a Floor.
type floorBench func(b *testing.B, d Driver)

// openFloor opens d's floor on the database at path.
func openFloor(b *testing.B, d Driver, path string) Floor {
	b.Helper()
	f, err := d.Floor(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

// usersFloor opens d's floor on a new database holding SeedUsers users.
func usersFloor(b *testing.B, d Driver) Floor {
	b.Helper()
	path := filepath.Join(b.TempDir(), "users.db")
	if err := CreateUsers(context.Background(), path, d.Name, SeedUsers); err != nil {
		b.Fatal(err)
	}
	return openFloor(b, d, path)
}

// timeFloor checks one run of the operation (check is given 6 as n), then
// times b.N runs.
func timeFloor(b *testing.B, run func(n int) error) {
	b.Helper()
	if err := run(6); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if err := run(b.N); err != nil {
		b.Fatal(err)
	}
}

func floorGet(b *testing.B, d Driver) {
	f := usersFloor(b, d)
	want := Users(SeedUsers)
	checked := false
	timeFloor(b, func(n int) error {
		u, err := f.Get(n)
		if err == nil && !checked && u != want[GetID(n-1)-1] {
			b.Fatalf("floor Get: last of %d = %+v; want %+v", n, u, want[GetID(n-1)-1])
		}
		checked = true
		return err
	})
}

func floorInsert(b *testing.B, d Driver) {
	f := usersFloor(b, d)
	us := Users(1024)
	timeFloor(b, func(n int) error { return f.Insert(us, n) })
}

func floorInsertTx(b *testing.B, d Driver) {
	f := usersFloor(b, d)
	us := Users(1000)
	timeFloor(b, func(n int) error { return f.InsertTx(us, n) })
}

func floorPage(b *testing.B, d Driver) {
	f := usersFloor(b, d)
	want := Users(SeedUsers)[:100]
	checked := false
	timeFloor(b, func(n int) error {
		us, err := f.Page(n)
		if err == nil && !checked && !slices.Equal(us, want) {
			b.Fatalf("floor Page: %d users, want the first 100", len(us))
		}
		checked = true
		return err
	})
}

// floorSearch runs Search on a floor over the corpus copy at path.
func floorSearch(b *testing.B, d Driver, path string) {
	f := openFloor(b, d, path)
	timeFloor(b, func(n int) error {
		hits, err := f.Search(n)
		if err == nil && len(hits) != 10 {
			b.Fatalf("floor Search: %d hits, want 10", len(hits))
		}
		return err
	})
}
