package badinput

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// workers and rounds size the concurrent cases: enough goroutines to
// share the pool's connections and the statements' cached copies.
const workers, rounds = 12, 40

// concurrentCases: one Stmt used from many goroutines at once gives every
// caller its own correct result, and a Close racing with the users gives
// them ErrClosed or a correct result, never a wrong row or a panic.
var concurrentCases = []spec.Case{
	{
		Name:  "StmtSharedByGoroutines",
		Doc:   "one read Stmt and one write Stmt shared by 12 goroutines: every Get returns its own row, every Iterate all rows, every Run lands exactly once",
		Setup: keep + "CREATE TABLE log(g INTEGER, i INTEGER, PRIMARY KEY (g, i));",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			get, err := e.DB.Prepare(ctx, "SELECT v FROM keep WHERE id = ?")
			if err != nil {
				return nil, err
			}
			defer get.Close()
			list, err := e.DB.Prepare(ctx, "SELECT id, v FROM keep WHERE id >= ? ORDER BY id")
			if err != nil {
				return nil, err
			}
			defer list.Close()
			ins, err := e.DB.Prepare(ctx, "INSERT INTO log(g, i) VALUES (?, ?)")
			if err != nil {
				return nil, err
			}
			defer ins.Close()
			names := map[int]string{1: "one", 2: "two", 3: "three"}
			errs := make(chan error, workers)
			var wg sync.WaitGroup
			for g := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs <- safely(func() error {
						for i := range rounds {
							id := 1 + (g+i)%3
							var v string
							if err := get.Get(ctx, &v, id); err != nil {
								return err
							}
							if v != names[id] {
								return fmt.Errorf("goroutine %d: Get(%d) = %q, want %q", g, id, v, names[id])
							}
							n := 0
							for row, err := range list.Iterate(ctx, 1) {
								if err != nil {
									return err
								}
								n++
								if row["id"] != int64(n) {
									return fmt.Errorf("goroutine %d: Iterate row %d = %v", g, n, row)
								}
							}
							if n != 3 {
								return fmt.Errorf("goroutine %d: Iterate gave %d rows, want 3", g, n)
							}
							res, err := ins.Run(ctx, g, i)
							if err != nil {
								return err
							}
							if res.Changes != 1 {
								return fmt.Errorf("goroutine %d: Run changed %d rows", g, res.Changes)
							}
						}
						return nil
					})
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					if typed(err) != nil {
						return nil, typed(err)
					}
					return nil, spec.Failf("%v", err)
				}
			}
			var counts struct {
				Rows     int64 `db:"rows"`
				Distinct int64 `db:"distinct_g"`
			}
			if err := e.DB.Get(ctx, &counts, "SELECT count(*) AS rows, count(DISTINCT g) AS distinct_g FROM log"); err != nil {
				return nil, err
			}
			return []int64{counts.Rows, counts.Distinct}, intact(ctx, e, nil)
		},
		Want: []int64{workers * rounds, workers},
	},
	{
		Name:  "StmtClosedWhileInUse",
		Doc:   "closing a Stmt while goroutines use it gives each call a correct result or ErrClosed, never a wrong row, a panic or a hang",
		Setup: keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			s, err := e.DB.Prepare(ctx, "SELECT v FROM keep WHERE id = ?")
			if err != nil {
				return nil, err
			}
			started := make(chan struct{}, workers)
			errs := make(chan error, workers)
			var wg sync.WaitGroup
			for g := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs <- safely(func() error {
						for i := 0; ; i++ {
							if i == 1 {
								started <- struct{}{}
							}
							var v string
							err := s.Get(ctx, &v, 2)
							if errors.Is(err, adapter.ErrClosed) {
								return nil
							}
							if err != nil {
								return fmt.Errorf("goroutine %d: %w", g, err)
							}
							if v != "two" {
								return fmt.Errorf("goroutine %d: got %q", g, v)
							}
						}
					})
				}()
			}
			for range workers {
				<-started
			}
			if err := s.Close(); err != nil {
				return nil, err
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					return nil, spec.Failf("%v (%s)", err, kind(err))
				}
			}
			return nil, intact(ctx, e, nil)
		},
		Want: nil,
	},
}

// safely calls f and turns a panic into an error, for goroutines: the
// runner recovers panics only on the case's own goroutine.
func safely(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return f()
}
