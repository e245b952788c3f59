package stress

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	_ "github.com/anysqlite/anysqlite/drivers/all" // every worker may need any driver
)

// The database every scenario and crash loop works on. Every writer
// transaction inserts `parts` rows of one transaction id into txlog, moves
// an amount between two accounts and adds `parts` to meta.rows, so that at
// every commit: the balances sum to accounts × initialBalance, meta.rows is
// count(*) of txlog, and every tid has exactly `parts` rows. txlog has no
// unique key on tid, so a transaction applied twice would show. junk is
// the shrinker's.
const (
	accounts       = 64
	initialBalance = 1000
	padBytes       = 32
	schemaSQL      = `
CREATE TABLE IF NOT EXISTS accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS txlog(seq INTEGER PRIMARY KEY, tid INTEGER NOT NULL, part INTEGER NOT NULL,
  parts INTEGER NOT NULL, worker INTEGER NOT NULL, pad BLOB);
CREATE INDEX IF NOT EXISTS txlog_tid ON txlog(tid);
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS junk(id INTEGER PRIMARY KEY, pad BLOB);
`
)

// Worker protocol: one line per event on stdout.
//
//	ready MMAP          the database is open; MMAP is PRAGMA mmap_size as read back
//	C TID PARTS         a transaction committed: printed only after COMMIT returned
//	E CODE MESSAGE      an error (the first few of each code)
//	V MESSAGE           a reader invariant was broken (the first few)
//	S {JSON}            final statistics (workerStats), the last line
//
// The worker stops, closes the database and prints its statistics when its
// standard input reaches end of file (the parent closes it) or ctx ends.
const (
	lineReady     = "ready"
	lineCommit    = "C"
	lineError     = "E"
	lineViolation = "V"
	lineStats     = "S"
)

// workerStats is what a worker reports when it stops.
type workerStats struct {
	Role       string           `json:"role"`
	Driver     string           `json:"driver"`
	Ops        int64            `json:"ops"`                  // transactions committed, checks, checkpoints or shrink cycles done
	Busy       int64            `json:"busy"`                 // SQLITE_BUSY/LOCKED errors that escaped busy_timeout
	Errors     map[string]int64 `json:"errors,omitempty"`     // other errors, by extended code
	Violations int64            `json:"violations,omitempty"` // reader invariants broken
	CkptBusy   int64            `json:"ckpt_busy,omitempty"`  // checkpoints that could not finish (busy=1: not an error)
	CkptModes  map[string]int64 `json:"ckpt_modes,omitempty"` // checkpoints run, by mode
	Shrinks    int64            `json:"shrinks,omitempty"`    // times the shrinker saw the database file get smaller
	MaxSize    int64            `json:"max_size,omitempty"`   // largest database file size seen by the shrinker
	Reopens    int64            `json:"reopens,omitempty"`    // times a reader closed and reopened the database
	MaxMillis  int64            `json:"max_ms"`               // longest operation (transaction, check, checkpoint, shrink cycle), in ms
	Mmap       int64            `json:"mmap"`                 // PRAGMA mmap_size read back
	Seconds    float64          `json:"seconds"`              // time from ready to stop
}

// Worker runs one worker of a multi-process scenario in this process, as
// a child started by Run (through `conform worker ...` or a test binary's
// TestMain): args are the one flag Run passes (-spec, the worker's settings
// as JSON), stdin is watched for end of
// file (the parent's signal to stop), events go to stdout (see the
// protocol above) and diagnostics to stderr. It returns the exit status:
// 0 after a clean stop, 1 if the database could not be opened or set up, 2
// for bad arguments.
func Worker(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a, err := parseWorkerArgs(args, stderr)
	if err != nil {
		if !errors.Is(err, errFlags) { // the flag package has said what is wrong
			fmt.Fprintln(stderr, "worker:", err)
		}
		return 2
	}
	if fn := selfTests[a.Role]; fn != nil {
		return fn(a, stdout, stderr)
	}
	w := &worker{a: a, out: bufio.NewWriter(stdout), errCount: map[string]int{},
		rng:   rand.New(rand.NewPCG(a.Seed, uint64(a.ID))),
		stats: workerStats{Role: a.Role, Driver: a.Driver, Errors: map[string]int64{}}}
	var run func(context.Context, *adapter.DB) error
	switch a.Role {
	case "writer", "crasher":
		run = w.write
	case "reader":
		run = w.read
	case "checkpointer":
		run = w.checkpoint
	case "shrinker":
		run = w.shrink
	default:
		fmt.Fprintf(stderr, "worker: unknown role %q\n", a.Role)
		return 2
	}
	go func() {
		io.Copy(io.Discard, stdin)
		w.stop.Store(true)
	}()
	go func() {
		<-ctx.Done()
		w.stop.Store(true)
	}()
	if a.Touch > 0 {
		go touch(a.Path, a.TouchFiles, a.Touch, &w.stop)
	}
	// Every database call uses a context that is never cancelled: a
	// transaction cut short by cancellation could leave its outcome
	// unknown. The worker stops between operations.
	bg := context.Background()
	db, err := w.open(bg)
	if err != nil {
		fmt.Fprintln(stderr, "worker: open:", err)
		w.emit(lineError, codeOf(err), oneLine(err.Error()))
		return 1
	}
	w.emit(lineReady, fmt.Sprint(w.stats.Mmap))
	start := time.Now()
	err = run(bg, db)
	if db := w.db; db != nil {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	w.stats.Seconds = time.Since(start).Seconds()
	code := 0
	if err != nil {
		fmt.Fprintln(stderr, "worker:", err)
		w.record(err)
		code = 1
	}
	b, _ := json.Marshal(w.stats)
	w.emit(lineStats, string(b))
	return code
}

type worker struct {
	a        workerSpec
	db       *adapter.DB
	stop     atomic.Bool
	rng      *rand.Rand
	mu       sync.Mutex
	out      *bufio.Writer
	stats    workerStats
	errCount map[string]int
}

// emit writes one protocol line and flushes it: a commit line must reach
// the parent before the process can be killed.
func (w *worker) emit(kind string, fields ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.out.WriteString(kind)
	for _, f := range fields {
		w.out.WriteByte(' ')
		w.out.WriteString(f)
	}
	w.out.WriteByte('\n')
	w.out.Flush()
}

func (w *worker) open(ctx context.Context) (*adapter.DB, error) {
	mmap := w.a.MmapSize
	if mmap <= 0 {
		mmap = -1 // off, whatever $ANYSQLITE_MMAP_SIZE says
	}
	db, err := adapter.Open(ctx, w.a.Path, &adapter.Options{Driver: w.a.Driver, MmapSize: mmap,
		JournalMode: w.a.JournalMode, Synchronous: w.a.Synchronous, BusyTimeout: w.a.BusyTimeout})
	if err != nil {
		return nil, err
	}
	var got int64
	if v, err := db.PragmaValue(ctx, "mmap_size"); err == nil {
		got, _ = v.(int64)
	}
	w.stats.Mmap = got
	w.db = db
	return db, nil
}

// record counts an error: BUSY and LOCKED are the ones busy_timeout should
// have absorbed; the rest are counted by extended code. The first few of
// each code are printed.
func (w *worker) record(err error) {
	code := codeOf(err)
	if errors.Is(err, sqlite.BUSY) || errors.Is(err, sqlite.LOCKED) {
		w.stats.Busy++
	} else {
		w.stats.Errors[code]++
	}
	if w.errCount[code]++; w.errCount[code] <= 3 {
		w.emit(lineError, code, oneLine(err.Error()))
	}
}

func (w *worker) violation(format string, args ...any) {
	w.stats.Violations++
	if w.stats.Violations <= 5 {
		w.emit(lineViolation, fmt.Sprintf(format, args...))
	}
}

// codeOf names an error by SQLite extended code, or "go" for an error that
// is not SQLite's.
func codeOf(err error) string {
	var se *adapter.Error
	if errors.As(err, &se) {
		return se.ExtendedCode().String()
	}
	return "go"
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// took records how long an operation started at t0 took.
func (w *worker) took(t0 time.Time) {
	w.stats.MaxMillis = max(w.stats.MaxMillis, time.Since(t0).Milliseconds())
}

// sleep waits d, or less if the worker is told to stop.
func (w *worker) sleep(d time.Duration) {
	for end := time.Now().Add(d); !w.stop.Load() && time.Now().Before(end); {
		time.Sleep(min(10*time.Millisecond, time.Until(end)))
	}
}

// write is the writer (and crasher): IMMEDIATE transactions of one row or
// a batch, each preserving the invariants, reported after COMMIT returned.
func (w *worker) write(ctx context.Context, db *adapter.DB) error {
	batch := max(2, w.a.Batch)
	for seq := int64(1); !w.stop.Load(); seq++ {
		tid := w.a.TIDBase + seq
		parts := 1
		if w.rng.IntN(2) == 0 {
			parts = 2 + w.rng.IntN(batch-1)
		}
		from, to := 1+w.rng.IntN(accounts), 1+w.rng.IntN(accounts)
		amount := 1 + w.rng.IntN(100)
		t0 := time.Now()
		err := db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
			for i := range parts {
				if _, err := tx.Run(ctx, "INSERT INTO txlog(tid, part, parts, worker, pad) VALUES (?, ?, ?, ?, randomblob(?))",
					tid, i, parts, w.a.ID, padBytes); err != nil {
					return err
				}
			}
			if _, err := tx.Run(ctx, "UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from); err != nil {
				return err
			}
			if _, err := tx.Run(ctx, "UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to); err != nil {
				return err
			}
			_, err := tx.Run(ctx, "UPDATE meta SET v = v + ? WHERE k = 'rows'", parts)
			return err
		})
		w.took(t0)
		if err != nil {
			w.record(err)
			continue
		}
		w.stats.Ops++
		w.emit(lineCommit, fmt.Sprint(tid), fmt.Sprint(parts))
		if w.a.Pause > 0 {
			w.sleep(time.Duration(w.rng.Int64N(int64(w.a.Pause))))
		}
	}
	return nil
}

// read is the reader: read transactions that check the invariants, and
// every few checks a full scan of txlog and junk, the pages a shrinking
// file loses. With -reopen it closes and reopens the database now and
// then, as short-lived processes (a CLI beside a server) do.
func (w *worker) read(ctx context.Context, db *adapter.DB) error {
	opened := time.Now()
	for n := 0; !w.stop.Load(); n++ {
		if w.a.Reopen > 0 && time.Since(opened) > w.a.Reopen {
			if err := db.Close(); err != nil {
				w.record(err)
			}
			w.db = nil
			var err error
			if db, err = w.open(ctx); err != nil {
				return fmt.Errorf("reopen: %w", err)
			}
			w.stats.Reopens++
			opened = time.Now()
		}
		full := n%8 == 0
		t0 := time.Now()
		err := db.Transaction(ctx, func(tx *adapter.Tx) error {
			var sum, count int64
			if err := tx.Get(ctx, &sum, "SELECT coalesce(sum(balance), 0) FROM accounts"); err != nil {
				return err
			}
			if err := tx.Get(ctx, &count, "SELECT count(*) FROM accounts"); err != nil {
				return err
			}
			if sum != accounts*initialBalance || count != accounts {
				w.violation("balances: %d accounts sum to %d, want %d accounts summing to %d", count, sum, accounts, accounts*initialBalance)
			}
			var rows, logged int64
			if err := tx.Get(ctx, &rows, "SELECT v FROM meta WHERE k = 'rows'"); err != nil {
				return err
			}
			if err := tx.Get(ctx, &logged, "SELECT count(*) FROM txlog"); err != nil {
				return err
			}
			if rows != logged {
				w.violation("meta.rows is %d but txlog has %d rows", rows, logged)
			}
			if !full {
				return nil
			}
			var partial int64
			if err := tx.Get(ctx, &partial, `SELECT count(*) FROM (SELECT tid FROM txlog GROUP BY tid
				HAVING count(*) <> max(parts) OR min(parts) <> max(parts) OR count(DISTINCT part) <> count(*))`); err != nil {
				return err
			}
			if partial != 0 {
				w.violation("%d transactions visible partially or twice", partial)
			}
			var pads, junk int64
			if err := tx.Get(ctx, &pads, "SELECT coalesce(sum(length(pad)), 0) FROM txlog"); err != nil {
				return err
			}
			if pads != logged*padBytes {
				w.violation("txlog pads total %d bytes, want %d", pads, logged*padBytes)
			}
			return tx.Get(ctx, &junk, "SELECT coalesce(sum(length(pad)), 0) FROM junk")
		})
		w.took(t0)
		if err != nil {
			w.record(err)
		} else {
			w.stats.Ops++
		}
		w.sleep(w.a.Pause)
	}
	return nil
}

// checkpoint is the checkpointer: the modes in turn, with a pause.
func (w *worker) checkpoint(ctx context.Context, db *adapter.DB) error {
	var modes []adapter.CheckpointMode
	for _, name := range w.a.Checkpoints {
		m, ok := checkpointMode(name)
		if !ok {
			return fmt.Errorf("unknown checkpoint mode %q", name)
		}
		modes = append(modes, m)
	}
	if len(modes) == 0 {
		return errors.New("no checkpoint modes")
	}
	w.stats.CkptModes = map[string]int64{}
	for i := 0; !w.stop.Load(); i++ {
		m := modes[i%len(modes)]
		t0 := time.Now()
		r, err := db.Checkpoint(ctx, m)
		w.took(t0)
		if err != nil {
			w.record(err)
		} else {
			w.stats.Ops++
			w.stats.CkptModes[m.String()]++
			if r.Busy {
				w.stats.CkptBusy++
			}
		}
		w.sleep(w.a.Pause)
	}
	return nil
}

func checkpointMode(name string) (adapter.CheckpointMode, bool) {
	for _, m := range AllCheckpoints {
		if m.String() == name {
			return m, true
		}
	}
	return 0, false
}

// shrink is the shrinker: add junk, DELETE it, VACUUM, so the database
// file grows and shrinks (in WAL mode when a checkpoint copies the
// VACUUM back; in rollback mode at once) while other processes read it.
func (w *worker) shrink(ctx context.Context, db *adapter.DB) error {
	const rowBytes = 4096
	rows := max(1, w.a.JunkBytes/rowBytes)
	last := fileSize(w.a.Path)
	observe := func() {
		size := fileSize(w.a.Path)
		if size < last {
			w.stats.Shrinks++
		}
		last = size
		w.stats.MaxSize = max(w.stats.MaxSize, size)
	}
	for !w.stop.Load() {
		t0 := time.Now()
		err := db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
			for range rows {
				if _, err := tx.Run(ctx, "INSERT INTO junk(pad) VALUES (randomblob(?))", rowBytes); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			w.record(err)
			w.sleep(w.a.Pause)
			continue
		}
		observe()
		w.sleep(w.a.Pause)
		if _, err := db.Run(ctx, "DELETE FROM junk"); err != nil {
			w.record(err)
			continue
		}
		t1 := time.Now()
		if err := db.Exec(ctx, "VACUUM"); err != nil {
			w.record(err)
			continue
		}
		w.took(t1)
		w.took(t0.Add(w.a.Pause)) // the cycle without its pause
		w.stats.Ops++
		observe()
		w.sleep(w.a.Pause)
		observe()
	}
	return nil
}

// touch opens, reads and closes the database's files every interval until
// stop: what code that copies, hashes or inspects the files does. Closing
// a descriptor drops every POSIX lock the process holds on the file
// (https://sqlite.org/howtocorrupt.html#_posix_advisory_locks_canceled_by_a_separate_thread_doing_close_),
// including those SQLite holds through its own descriptors; OFD locks
// belong to the descriptor and stay.
func touch(path, which string, interval time.Duration, stop *atomic.Bool) {
	var files []string
	for _, f := range strings.Split(which, ",") {
		switch f {
		case "db":
			files = append(files, path)
		case "wal", "shm", "journal":
			files = append(files, path+"-"+f)
		}
	}
	buf := make([]byte, 512)
	for !stop.Load() {
		for _, p := range files {
			if f, err := os.Open(p); err == nil {
				f.Read(buf)
				f.Close()
			}
		}
		time.Sleep(interval)
	}
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// setup creates the schema and the accounts in a new database.
func setup(ctx context.Context, path, driver, journal string) error {
	db, err := adapter.Open(ctx, path, &adapter.Options{Driver: driver, JournalMode: journal, MmapSize: -1})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Exec(ctx, schemaSQL); err != nil {
		return err
	}
	return db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
		for id := 1; id <= accounts; id++ {
			if _, err := tx.Run(ctx, "INSERT INTO accounts(id, balance) VALUES (?, ?)", id, initialBalance); err != nil {
				return err
			}
		}
		_, err := tx.Run(ctx, "INSERT INTO meta(k, v) VALUES ('rows', 0)")
		return err
	})
}
