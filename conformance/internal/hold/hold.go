// Package hold keeps a transaction open in a goroutine while a conformance
// case does something else: a read transaction that pins a WAL snapshot,
// or an IMMEDIATE one that holds the write lock, until the case releases
// it. The catalogues of transactions (txn) and WAL behaviour (wal) both
// need such a transaction.
package hold

import (
	"context"
	"errors"
	"sync"

	"github.com/anysqlite/anysqlite/adapter"
)

// Begin starts a transaction: db.Transaction, db.ImmediateTransaction,
// db.ExclusiveTransaction or tx.Transaction.
type Begin func(context.Context, func(*adapter.Tx) error) error

// Tx is a transaction kept open in a goroutine until Release.
type Tx struct {
	release chan struct{}
	done    chan error
	once    sync.Once
	err     error
}

// Open starts a transaction with begin in a goroutine, runs fn (if not
// nil) in it and returns once fn has returned, leaving the transaction
// open (its snapshot or locks held) until Release. An error from fn or
// begin is returned and nothing stays open.
func Open(ctx context.Context, begin Begin, fn func(*adapter.Tx) error) (*Tx, error) {
	h := &Tx{release: make(chan struct{}), done: make(chan error, 1)}
	ready := make(chan error, 1)
	go func() {
		h.done <- begin(ctx, func(tx *adapter.Tx) error {
			if fn != nil {
				if err := fn(tx); err != nil {
					ready <- err
					return err
				}
			}
			ready <- nil
			<-h.release
			return nil
		})
	}()
	select {
	case err := <-ready:
		if err != nil {
			<-h.done
			return nil, err
		}
		return h, nil
	case err := <-h.done:
		if err == nil {
			err = errors.New("transaction ended before it was held")
		}
		return nil, err
	}
}

// Release lets fn's transaction end (it commits) and returns its error.
// It is idempotent: later calls return the same error.
func (h *Tx) Release() error {
	h.once.Do(func() {
		close(h.release)
		h.err = <-h.done
	})
	return h.err
}
