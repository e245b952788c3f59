package adversity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
)

// insertSQL writes one ledger row.
const insertSQL = "INSERT INTO ledger(unit, pad) VALUES (?, 'x')"

// The operations of the storms. Each records in the ledger every write it
// attempts (before the call, so a write is known even if the call never
// returns normally) and the outcome of every call.

// opRun is DB.Run of one INSERT.
var opRun = op{name: "Run", do: func(ctx context.Context, s *storm, w *worker) error {
	return s.insert(ctx, "Run", nil, func(id int64) error {
		_, err := s.db.Run(ctx, insertSQL, id)
		return err
	})
}}

// opStmt is Stmt.Run of a statement prepared once and shared.
var opStmt = op{name: "Stmt", do: func(ctx context.Context, s *storm, w *worker) error {
	return s.insert(ctx, "Stmt.Run", nil, func(id int64) error {
		_, err := s.stmt.Run(ctx, id)
		return err
	})
}}

// opSQLExec is an INSERT through database/sql (DB.SQL).
var opSQLExec = op{name: "SQL.Exec", do: func(ctx context.Context, s *storm, w *worker) error {
	return s.insertSQL(ctx, "SQL().ExecContext", nil, func(id int64) error {
		_, err := s.db.SQL().ExecContext(ctx, insertSQL, id)
		return err
	})
}}

// opSQLTx is a database/sql transaction of one or two INSERTs; now and
// then it ignores a failed INSERT and commits anyway, as careless code
// does: the failed write must still be absent.
var opSQLTx = op{"SQL.Tx", func(ctx context.Context, s *storm, w *worker) error {
	txo := &outcome{}
	tx, err := s.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return s.led.endSQL(ctx, txo, "SQL().BeginTx", err)
	}
	careless := w.rnd.IntN(4) == 0
	for range 1 + w.rnd.IntN(2) {
		err := s.insertSQL(ctx, "sql.Tx.ExecContext", []*outcome{txo}, func(id int64) error {
			_, err := tx.ExecContext(ctx, insertSQL, id)
			return err
		})
		if err != nil && !careless {
			tx.Rollback()
			return s.led.endSQL(ctx, txo, "sql.Tx", err)
		}
	}
	return s.led.endSQL(ctx, txo, "sql.Tx.Commit", tx.Commit())
}, adapter.FeatureTransactions}

// opTx is DB.Transaction or DB.ImmediateTransaction of one to three
// INSERTs, sometimes with a prepared statement, sometimes careless.
var opTx = op{"Transaction", func(ctx context.Context, s *storm, w *worker) error {
	txo := &outcome{}
	begin := s.db.Transaction
	if w.rnd.IntN(2) == 0 {
		begin = s.db.ImmediateTransaction
	}
	careless := w.rnd.IntN(4) == 0
	n := 1 + w.rnd.IntN(3)
	prepared := w.rnd.IntN(3) == 0
	err := begin(ctx, func(tx *adapter.Tx) error {
		var st *adapter.Stmt
		if prepared {
			var err error
			if st, err = tx.Prepare(ctx, insertSQL); err != nil {
				return err
			}
			defer st.Close()
		}
		for range n {
			err := s.insert(ctx, "Tx.Run", []*outcome{txo}, func(id int64) error {
				var err error
				if st != nil {
					_, err = st.Run(ctx, id)
				} else {
					_, err = tx.Run(ctx, insertSQL, id)
				}
				return err
			})
			if err != nil && !careless {
				return err
			}
		}
		return nil
	})
	return s.led.end(ctx, txo, "Transaction", err)
}, adapter.FeatureTransactions}

// savepointMode is what a nested savepoint of opNested does.
type savepointMode int

const (
	spCommit      savepointMode = iota // its function returns nil
	spFail                             // returns errPlanned
	spPanic                            // panics with errPlanned
	spInterrupted                      // its own short context ends during a slow query
	spModes
)

// opNested is a transaction that writes, runs one or two levels of
// savepoints that succeed, fail, panic or are interrupted, and writes
// again; sometimes it returns the savepoint's error, else it goes on.
var opNested = op{"Nested", func(ctx context.Context, s *storm, w *worker) error {
	txo := &outcome{}
	err := s.db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
		deps := []*outcome{txo}
		if err := s.insert(ctx, "outer Tx.Run", deps, func(id int64) error {
			_, err := tx.Run(ctx, insertSQL, id)
			return err
		}); err != nil {
			return err
		}
		if err := s.savepoint(ctx, w, tx, deps, 1+w.rnd.IntN(2)); err != nil && w.rnd.IntN(2) == 0 {
			return fmt.Errorf("%w: the savepoint failed: %w", errPlanned, err)
		}
		return s.insert(ctx, "outer Tx.Run after savepoint", deps, func(id int64) error {
			_, err := tx.Run(ctx, insertSQL, id)
			return err
		})
	})
	return s.led.end(ctx, txo, "Transaction (nested)", err)
}, adapter.FeatureTransactions}

// savepoint runs a savepoint of tx, levels deep, in one of the modes, and
// returns its error (a panic of its function is recovered here).
func (s *storm) savepoint(ctx context.Context, w *worker, tx *adapter.Tx, deps []*outcome, levels int) (err error) {
	spo := &outcome{}
	mode := savepointMode(w.rnd.IntN(int(spModes)))
	sctx := ctx
	if mode == spInterrupted {
		var cancel context.CancelFunc
		sctx, cancel = context.WithTimeout(ctx, time.Duration(w.rnd.Int64N(int64(4*s.txTime)+1)))
		defer cancel()
	}
	inner := append([]*outcome{spo}, deps...)
	defer func() {
		if p := recover(); p != nil {
			if p != errPlanned {
				panic(p)
			}
			err = errPlanned
		}
		s.led.end(sctx, spo, "Tx.Transaction", err)
	}()
	return tx.Transaction(sctx, func(sp *adapter.Tx) error {
		if err := s.insert(sctx, "savepoint Tx.Run", inner, func(id int64) error {
			_, err := sp.Run(sctx, insertSQL, id)
			return err
		}); err != nil {
			return err
		}
		if levels > 1 {
			s.savepoint(sctx, w, sp, inner, levels-1)
		}
		switch mode {
		case spFail:
			return errPlanned
		case spPanic:
			panic(errPlanned)
		case spInterrupted:
			var n int
			if err := sp.Get(sctx, &n, slowQuery, s.slowArg); err != nil {
				return err
			}
		}
		return s.insert(sctx, "savepoint Tx.Run (last)", inner, func(id int64) error {
			_, err := sp.Run(sctx, insertSQL, id)
			return err
		})
	})
}

// opBatch is DB.Batch of one to three INSERTs: all of them or none.
var opBatch = op{name: "Batch", do: func(ctx context.Context, s *storm, w *worker) error {
	bo := &outcome{}
	stmts := make([]adapter.Statement, 1+w.rnd.IntN(3))
	for i := range stmts {
		id := s.led.newID()
		s.led.write(id, "Batch", bo, nil)
		stmts[i] = adapter.Statement{SQL: insertSQL, Args: []any{id}}
	}
	_, err := s.db.Batch(ctx, stmts...)
	err = s.led.end(ctx, bo, "Batch", err)
	if errors.Is(err, adapter.ErrClosed) {
		return errStop
	}
	return err
}}

// opGet reads, through the adapter's direct path.
var opGet = op{name: "Get", do: func(ctx context.Context, s *storm, w *worker) error {
	var n int
	return s.led.end(ctx, &outcome{}, "Get", s.db.Get(ctx, &n, "SELECT count(*) FROM ledger"))
}}

// opSlow runs a query that computes for several transactions' time, for
// deadlines to interrupt.
var opSlow = op{name: "Slow", do: func(ctx context.Context, s *storm, w *worker) error {
	var n int
	return s.led.end(ctx, &outcome{}, "Get (slow)", s.db.Get(ctx, &n, slowQuery, s.slowArg))
}}

// opIterate reads a few rows and breaks out of the loop.
var opIterate = op{name: "Iterate", do: func(ctx context.Context, s *storm, w *worker) error {
	stop := w.rnd.IntN(5)
	var err error
	i := 0
	for _, e := range s.db.Iterate(ctx, "SELECT unit FROM ledger") {
		if e != nil {
			err = e
			break
		}
		if i++; i > stop {
			break
		}
	}
	return s.led.end(ctx, &outcome{}, "Iterate", err)
}}

// opExec is DB.Exec of a script of one INSERT, which runs as a query.
var opExec = op{name: "Exec", do: func(ctx context.Context, s *storm, w *worker) error {
	return s.insert(ctx, "Exec", nil, func(id int64) error {
		return s.db.Exec(ctx, fmt.Sprintf("INSERT INTO ledger(unit, pad) VALUES (%d, 'x')", id))
	})
}}

// opGetReturning is DB.Get of the RETURNING row of an INSERT.
var opGetReturning = op{name: "Get RETURNING", do: func(ctx context.Context, s *storm, w *worker) error {
	return s.insert(ctx, "Get RETURNING", nil, func(id int64) error {
		var unit int64
		return s.db.Get(ctx, &unit, insertSQL+" RETURNING unit", id)
	})
}}

// opIterateReturning is DB.Iterate of the RETURNING row of an INSERT,
// breaking out after it.
var opIterateReturning = op{name: "Iterate RETURNING", do: func(ctx context.Context, s *storm, w *worker) error {
	return s.insert(ctx, "Iterate RETURNING", nil, func(id int64) error {
		for _, err := range s.db.Iterate(ctx, insertSQL+" RETURNING unit", id) {
			return err
		}
		return nil
	})
}}

// insert records a write with a new id inside deps, makes it with do, and
// records the call's outcome. Its error is do's.
func (s *storm) insert(ctx context.Context, what string, deps []*outcome, do func(id int64) error) error {
	return s.insertWith(s.led.end, ctx, what, deps, do)
}

// insertSQL is insert for a call through database/sql.
func (s *storm) insertSQL(ctx context.Context, what string, deps []*outcome, do func(id int64) error) error {
	return s.insertWith(s.led.endSQL, ctx, what, deps, do)
}

func (s *storm) insertWith(end func(context.Context, *outcome, string, error) error,
	ctx context.Context, what string, deps []*outcome, do func(id int64) error) error {
	id := s.led.newID()
	o := &outcome{}
	s.led.write(id, what, o, deps)
	err := end(ctx, o, what, do(id))
	if errors.Is(err, adapter.ErrClosed) {
		return errStop
	}
	return err
}
