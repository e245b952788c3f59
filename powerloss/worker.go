package powerloss

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"github.com/anysqlite/anysqlite/adapter"
)

// Worker protocol: the worker writes one line per event on its standard
// output, each with one write, and each only after what it reports
// happened:
//
//	phase NAME [I]     it starts NAME: open, commit I, checkpoint, journal-mode, backup, vacuum, close
//	opened Q VERSION   adapter.Open returned nil; Q is true if it quarantined a corrupt file
//	ack I              the commit of transaction I returned nil
//	backup FILE UPTO   Backup to FILE returned nil; it holds transactions 0..UPTO at least
//	done               Close returned
//	E MESSAGE          an error; the worker exits with status 1
const (
	linePhase  = "phase"
	lineOpened = "opened"
	lineAck    = "ack"
	lineBackup = "backup"
	lineDone   = "done"
	lineError  = "E"
)

// workerArgs are the flags of a worker.
type workerArgs struct {
	db         string
	driver     string
	journal    string
	sync       string
	seed       uint64
	txns       int
	quarantine bool
}

func (a workerArgs) list() []string {
	return []string{
		"-db", a.db, "-driver", a.driver, "-journal", a.journal, "-sync", a.sync,
		"-seed", strconv.FormatUint(a.seed, 10), "-txns", strconv.Itoa(a.txns),
		"-quarantine=" + strconv.FormatBool(a.quarantine),
	}
}

func parseWorkerArgs(args []string, stderr io.Writer) (workerArgs, error) {
	var a workerArgs
	fs := flag.NewFlagSet("powerloss worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&a.db, "db", "", "database path")
	fs.StringVar(&a.driver, "driver", "", "driver")
	fs.StringVar(&a.journal, "journal", "", "journal mode")
	fs.StringVar(&a.sync, "sync", "", "synchronous")
	fs.Uint64Var(&a.seed, "seed", 1, "seed of the row contents")
	fs.IntVar(&a.txns, "txns", DefaultTxns, "transactions after the schema")
	fs.BoolVar(&a.quarantine, "quarantine", false, "open with CheckOnOpen and CorruptQuarantine")
	err := fs.Parse(args)
	return a, err
}

// runWorker is the workload process: it opens the database through the
// adapter and commits the transactions of the workload, with the events
// between them, reporting each step (see the worker protocol).
func runWorker(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, err := parseWorkerArgs(args, stderr)
	if err != nil {
		return 2
	}
	w := &worker{args: a, out: stdout}
	if err := w.run(ctx); err != nil {
		w.say("%s %v", lineError, err)
		return 1
	}
	return 0
}

type worker struct {
	args workerArgs
	out  io.Writer
	db   *adapter.DB
}

// say writes one line with one write.
func (w *worker) say(format string, args ...any) {
	fmt.Fprintf(w.out, format+"\n", args...)
}

func (w *worker) run(ctx context.Context) error {
	a := w.args
	w.say("%s open", linePhase)
	opts := &adapter.Options{Driver: a.driver, JournalMode: a.journal, Synchronous: a.sync,
		MaxOpenConns: 1, CacheSize: -workerCacheKiB}
	if a.quarantine {
		opts.CheckOnOpen = true
		opts.OnCorrupt = adapter.CorruptQuarantine
	}
	db, err := adapter.Open(ctx, a.db, opts)
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	w.db = db
	w.say("%s %t %s", lineOpened, db.Storage().Quarantined != nil, db.Driver().SQLiteVersion)
	w.say("%s commit 0", linePhase)
	if err := db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error { return tx.Exec(ctx, schemaSQL) }); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	w.say("%s 0", lineAck)
	for i := 1; i <= a.txns; i++ {
		for _, e := range eventsBefore(i) {
			if err := w.event(ctx, e, i); err != nil {
				return fmt.Errorf("%s before %d: %w", e, i, err)
			}
		}
		w.say("%s commit %d", linePhase, i)
		if err := w.commit(ctx, i); err != nil {
			return fmt.Errorf("commit %d: %w", i, err)
		}
		w.say("%s %d", lineAck, i)
	}
	w.say("%s close", linePhase)
	if err := db.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	w.say("%s", lineDone)
	return nil
}

var checkpointModes = []adapter.CheckpointMode{adapter.CheckpointPassive, adapter.CheckpointFull, adapter.CheckpointRestart, adapter.CheckpointTruncate}

func (w *worker) event(ctx context.Context, e event, i int) error {
	db := w.db
	switch e {
	case eventCheckpoint:
		if w.args.journal != "WAL" {
			return nil
		}
		mode := checkpointModes[(i/7)%len(checkpointModes)]
		w.say("%s %s-%s %d", linePhase, e, mode, i)
		_, err := db.Checkpoint(ctx, mode)
		return err
	case eventJournalMode:
		w.say("%s %s %d", linePhase, e, i)
		if _, err := db.Pragma(ctx, "journal_mode = "+otherMode(w.args.journal)); err != nil {
			return err
		}
		_, err := db.Pragma(ctx, "journal_mode = "+w.args.journal)
		return err
	case eventBackup:
		w.say("%s %s %d", linePhase, e, i)
		name := fmt.Sprintf("backup-%d.db", i)
		if err := db.Backup(ctx, filepath.Join(filepath.Dir(w.args.db), name)); err != nil {
			return err
		}
		w.say("%s %s %d", lineBackup, name, i-1)
	case eventVacuum:
		w.say("%s %s %d", linePhase, e, i)
		return db.Exec(ctx, "VACUUM")
	}
	return nil
}

// commit commits transaction i of the workload.
func (w *worker) commit(ctx context.Context, i int) error {
	seed := w.args.seed
	return w.db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
		n := rowsIn(i)
		for k := range n {
			if _, err := tx.Run(ctx, "INSERT INTO rows(txn, k, v) VALUES (?, ?, ?)", i, k, value(seed, i, k, i)); err != nil {
				return err
			}
		}
		if j := i - rewriteLag; j >= 1 {
			for k := range rowsIn(j) {
				if _, err := tx.Run(ctx, "UPDATE rows SET v = ? WHERE txn = ? AND k = ?", value(seed, j, k, i), j, k); err != nil {
					return err
				}
			}
		}
		_, err := tx.Run(ctx, "UPDATE meta SET last = ?, n = n + ?", i, n)
		return err
	})
}
