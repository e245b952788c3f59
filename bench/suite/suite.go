// Package suite holds the micro-benchmarks that compare the adapter with
// database/sql used directly and with a driver's own API, on each driver.
//
// The benchmarks live here, apart from any driver, because two of the
// drivers' own database/sql packages (mattn's and ncruces' driver package)
// both register the name "sqlite3" and cannot be linked into one test
// binary: package bench runs the suite for mattn, package bench/ncruces
// for ncruces, and package bench/modernc, a module of its own (it links a
// peer library the adapter does not need), for modernc. Every benchmark
// is named OPERATION/driver=NAME/impl=IMPL, so that benchstat and
// cmd/sqlbench can set the implementations side by side.
//
// Every implementation of a driver opens the same kind of database file,
// with the adapter's default settings (WAL, synchronous NORMAL,
// busy_timeout 5000, foreign_keys ON, cache_size -2000), which the raw
// implementations get through the driver's own DSN dialect; OpenRaw checks
// they took.
package suite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// Readers are the numbers of concurrent readers of the Concurrent
// benchmark, each run beside one writer.
var Readers = []int{2, 4, 8}

// Run runs every benchmark for every driver and implementation.
func Run(b *testing.B, drivers []Driver) {
	// each runs leaf for every driver and implementation, and floor (if
	// not nil) as the floor implementation of a driver that has one.
	each := func(b *testing.B, leaf func(b *testing.B, d Driver, impl string), floor floorBench) {
		for _, d := range drivers {
			b.Run("driver="+d.Name, func(b *testing.B) {
				for _, impl := range d.Impls() {
					switch {
					case impl != ImplFloor:
						b.Run("impl="+impl, func(b *testing.B) { leaf(b, d, impl) })
					case floor != nil:
						b.Run("impl="+impl, func(b *testing.B) { floor(b, d) })
					}
				}
			})
		}
	}
	b.Run("Get", func(b *testing.B) { each(b, benchGet, floorGet) })
	b.Run("Insert", func(b *testing.B) { each(b, benchInsert, floorInsert) })
	b.Run("InsertTx1000", func(b *testing.B) { each(b, benchInsertTx, floorInsertTx) })
	b.Run("AllStructs100", func(b *testing.B) { each(b, benchPage, floorPage) })
	b.Run("AllRows100", func(b *testing.B) { each(b, benchPageRows, nil) })
	b.Run("Search", func(b *testing.B) {
		corpora := map[string]string{}
		dir := b.TempDir()
		corpus := func(b *testing.B, d Driver) string {
			path, ok := corpora[d.Name]
			if !ok {
				src, err := Corpus(context.Background(), d.Name)
				if err != nil {
					b.Fatal(err)
				}
				path = filepath.Join(dir, d.Name+".db")
				if err := CopyFile(path, src); err != nil {
					b.Fatal(err)
				}
				corpora[d.Name] = path
			}
			return path
		}
		each(b, func(b *testing.B, d Driver, impl string) {
			benchSearch(b, d, impl, corpus(b, d))
		}, func(b *testing.B, d Driver) { floorSearch(b, d, corpus(b, d)) })
	})
	for _, n := range Readers {
		b.Run(fmt.Sprintf("Concurrent/readers=%d", n), func(b *testing.B) {
			each(b, func(b *testing.B, d Driver, impl string) { benchConcurrent(b, d, impl, n) }, nil)
		})
	}
}

// usersTarget opens impl of d on a new database holding SeedUsers users.
func usersTarget(b *testing.B, d Driver, impl string, maxConns int) Target {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "users.db")
	if err := CreateUsers(ctx, path, d.Name, SeedUsers); err != nil {
		b.Fatal(err)
	}
	t, err := d.open(ctx, impl, path, maxConns)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { t.Close() })
	return t
}

// GetStride is the step between the ids that successive Gets read.
const GetStride = 7919

// GetID is the id the i-th Get reads: every row in turn, not in order.
func GetID(i int) int64 { return int64(i)*GetStride%SeedUsers + 1 }

func benchGet(b *testing.B, d Driver, impl string) {
	ctx := context.Background()
	t := usersTarget(b, d, impl, 0)
	want := Users(SeedUsers)
	var u User
	if err := t.Get(ctx, GetID(5), &u); err != nil || u != want[GetID(5)-1] {
		b.Fatalf("Get(%d) = %+v, %v; want %+v", GetID(5), u, err, want[GetID(5)-1])
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := t.Get(ctx, GetID(i), &u); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func benchInsert(b *testing.B, d Driver, impl string) {
	ctx := context.Background()
	t := usersTarget(b, d, impl, 0)
	us := Users(1024)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := t.Insert(ctx, &us[i%len(us)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func benchInsertTx(b *testing.B, d Driver, impl string) {
	ctx := context.Background()
	t := usersTarget(b, d, impl, 0)
	us := Users(1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := t.InsertTx(ctx, us); err != nil {
			b.Fatal(err)
		}
	}
}

func benchPage(b *testing.B, d Driver, impl string) {
	ctx := context.Background()
	t := usersTarget(b, d, impl, 0)
	var us []User
	if err := t.Page(ctx, &us); err != nil || len(us) != 100 || us[99] != Users(SeedUsers)[99] {
		b.Fatalf("Page: %d users, %v", len(us), err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := t.Page(ctx, &us); err != nil {
			b.Fatal(err)
		}
	}
}

func benchPageRows(b *testing.B, d Driver, impl string) {
	ctx := context.Background()
	t := usersTarget(b, d, impl, 0)
	var rows []map[string]any
	if err := t.PageRows(ctx, &rows); err != nil || len(rows) != 100 || rows[99]["email"] != Users(SeedUsers)[99].Email {
		b.Fatalf("PageRows: %d rows, %v", len(rows), err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := t.PageRows(ctx, &rows); err != nil {
			b.Fatal(err)
		}
	}
}

func benchSearch(b *testing.B, d Driver, impl, path string) {
	ctx := context.Background()
	t, err := d.open(ctx, impl, path, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer t.Close()
	var hits []Hit
	for _, term := range SearchTerms {
		if err := t.Search(ctx, term, &hits); err != nil || len(hits) != 10 {
			b.Fatalf("Search(%q): %d hits, %v", term, len(hits), err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := t.Search(ctx, SearchTerms[i%len(SearchTerms)], &hits); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// benchConcurrent measures point reads by n concurrent readers while one
// writer inserts rows one transaction at a time. ns/op is the time per
// read; writes/op the writer's inserts per read. Both implementations get
// a pool of n+1 connections, so neither opens and closes connections
// during the run.
func benchConcurrent(b *testing.B, d Driver, impl string, n int) {
	ctx := context.Background()
	t := usersTarget(b, d, impl, n+1)
	us := Users(1024)
	b.ReportAllocs()
	b.ResetTimer()
	var stop atomic.Bool
	var writes atomic.Int64
	var writeErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; !stop.Load(); i++ {
			if err := t.Insert(ctx, &us[i%len(us)]); err != nil {
				writeErr = err
				return
			}
			writes.Add(1)
		}
	})
	var next atomic.Int64
	var readErr atomic.Value
	var readers sync.WaitGroup
	for range n {
		readers.Go(func() {
			var u User
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				if err := t.Get(ctx, GetID(int(i)), &u); err != nil {
					readErr.Store(err)
					return
				}
			}
		})
	}
	readers.Wait()
	b.StopTimer()
	stop.Store(true)
	wg.Wait()
	if err, _ := readErr.Load().(error); err != nil {
		b.Fatal(err)
	}
	if writeErr != nil {
		b.Fatal(writeErr)
	}
	b.ReportMetric(float64(writes.Load())/float64(b.N), "writes/op")
}
