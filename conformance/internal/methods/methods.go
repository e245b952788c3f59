// Package methods calls every method of a DB, Tx or Stmt once and collects
// the error each returns, by method name: what the cases of several
// catalogues (api, badinput, txn) need to check that a closed handle, or a
// transaction that ended, refuses them all.
//
// Every statement tried would change the case's table if it ran (delete
// its rows, drop it, set user_version), so a method that wrongly runs
// shows in the data as well as in its error.
package methods

import (
	"context"
	"iter"

	"github.com/anysqlite/anysqlite/adapter"
)

// DB calls each method of db once: those of Querier on table (see
// Querier), the other two transactions, Checkpoint, Backup to backup and
// Serialize.
func DB(ctx context.Context, db *adapter.DB, table, backup string) map[string]error {
	out := Querier(ctx, db, table)
	out["ImmediateTransaction"] = db.ImmediateTransaction(ctx, deleteFrom(ctx, table))
	out["ExclusiveTransaction"] = db.ExclusiveTransaction(ctx, deleteFrom(ctx, table))
	_, out["Checkpoint"] = db.Checkpoint(ctx, adapter.CheckpointTruncate)
	out["Backup"] = db.Backup(ctx, backup)
	_, out["Serialize"] = db.Serialize(ctx)
	return out
}

// Querier calls each method of the Querier interface once, on table: Run,
// Get, All, Iterate, Exec, Prepare, Pragma, PragmaValue and Transaction (a
// savepoint for a Tx). Iterate's error is the first it yields.
func Querier(ctx context.Context, q adapter.Querier, table string) map[string]error {
	out := map[string]error{}
	returning := "DELETE FROM " + table + " RETURNING *"
	_, out["Run"] = q.Run(ctx, "DELETE FROM "+table)
	var row adapter.Row
	out["Get"] = q.Get(ctx, &row, returning)
	var rows []adapter.Row
	out["All"] = q.All(ctx, &rows, returning)
	out["Iterate"] = first(q.Iterate(ctx, returning))
	out["Exec"] = q.Exec(ctx, "DROP TABLE "+table)
	s, err := q.Prepare(ctx, "DELETE FROM "+table)
	if err == nil {
		s.Close()
	}
	out["Prepare"] = err
	_, out["Pragma"] = q.Pragma(ctx, "user_version = 7")
	_, out["PragmaValue"] = q.PragmaValue(ctx, "user_version")
	out["Transaction"] = q.Transaction(ctx, deleteFrom(ctx, table))
	return out
}

// Stmt calls each query method of s once with args: Run, Get, All and
// Iterate (its first error).
func Stmt(ctx context.Context, s *adapter.Stmt, args ...any) map[string]error {
	out := map[string]error{}
	_, out["Run"] = s.Run(ctx, args...)
	var row adapter.Row
	out["Get"] = s.Get(ctx, &row, args...)
	var rows []adapter.Row
	out["All"] = s.All(ctx, &rows, args...)
	out["Iterate"] = first(s.Iterate(ctx, args...))
	return out
}

// The method names each function's result holds.
var (
	OfQuerier = []string{"Run", "Get", "All", "Iterate", "Exec", "Prepare", "Pragma", "PragmaValue", "Transaction"}
	OfDB      = append(OfQuerier[:len(OfQuerier):len(OfQuerier)], "ImmediateTransaction", "ExclusiveTransaction", "Checkpoint", "Backup", "Serialize")
	OfStmt    = []string{"Run", "Get", "All", "Iterate"}
)

// Expect is the Want of a case in which each method of names returns an
// error named want, plus the entries of pairs, given as key, value, key,
// value... (e.g. "Close again", "nil").
func Expect(names []string, want string, pairs ...string) map[string]string {
	out := make(map[string]string, len(names)+len(pairs)/2)
	for _, n := range names {
		out[n] = want
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		out[pairs[i]] = pairs[i+1]
	}
	return out
}

// Names names each error with name, for a case's Want.
func Names(errs map[string]error, name func(error) string) map[string]string {
	out := make(map[string]string, len(errs))
	for method, err := range errs {
		out[method] = name(err)
	}
	return out
}

// deleteFrom returns a transaction function that deletes table's rows.
func deleteFrom(ctx context.Context, table string) func(*adapter.Tx) error {
	return func(tx *adapter.Tx) error {
		_, err := tx.Run(ctx, "DELETE FROM "+table)
		return err
	}
}

// first returns the first error seq yields, or nil.
func first(seq iter.Seq2[adapter.Row, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}
