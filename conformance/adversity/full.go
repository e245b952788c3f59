package adversity

import (
	"context"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// opBigTx is a transaction that writes a ledger row and a blob of random
// size to big, which may fill the database (SQLITE_FULL).
var opBigTx = op{"BigTx", func(ctx context.Context, s *storm, w *worker) error {
	txo := &outcome{}
	size := 1000 + w.rnd.IntN(60000)
	err := s.db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
		if err := s.insert(ctx, "BigTx.Run", []*outcome{txo}, func(id int64) error {
			_, err := tx.Run(ctx, insertSQL, id)
			return err
		}); err != nil {
			return err
		}
		_, err := tx.Run(ctx, "INSERT INTO big VALUES (zeroblob(?))", size)
		return err
	})
	return s.led.end(ctx, txo, "ImmediateTransaction (big)", err)
}, adapter.FeatureTransactions}

// opTrim frees space: it deletes some blobs.
var opTrim = op{name: "Trim", do: func(ctx context.Context, s *storm, w *worker) error {
	_, err := s.db.Run(ctx, "DELETE FROM big WHERE rowid IN (SELECT rowid FROM big ORDER BY random() LIMIT 3)")
	return s.led.end(ctx, &outcome{}, "Run (trim)", err)
}}

// fullStorm runs transactions on a database of at most 64 pages.
func fullStorm(ctx context.Context, e *spec.Env) (any, error) {
	if err := e.DB.Exec(ctx, "CREATE TABLE big(b)"); err != nil {
		return nil, err
	}
	if _, err := e.DB.Pragma(ctx, "max_page_count = 64"); err != nil {
		return nil, err
	}
	return runStorm(ctx, e, e.DB, config{workers: 6, deadline: 10, ops: []op{opBigTx, opBigTx, opTrim, opRun, opTx}})
}
