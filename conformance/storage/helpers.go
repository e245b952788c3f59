package storage

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// rows is the number of rows sample databases hold: enough for the table
// t and its index t_s to span several pages each.
const rows = 200

// sample is the schema and content of the sample databases. t's root is
// page 2 and t_s's root page 3, as created in this order.
var sample = "CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT NOT NULL);" +
	"CREATE INDEX t_s ON t(s);" +
	fmt.Sprintf("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %d)", rows) +
	" INSERT INTO t(id, s) SELECT x, printf('%0100d', x) FROM c;"

// companions are the files SQLite keeps beside a database.
var companions = []string{"", "-wal", "-shm", "-journal"}

// makeDB writes a sample database at path with the case's driver, in
// rollback-journal mode so that it is one self-contained file, and closes
// it.
func makeDB(ctx context.Context, e *spec.Env, path string) error {
	db, err := e.Open(ctx, path, adapter.Options{JournalMode: "DELETE"})
	if err != nil {
		return err
	}
	if err := db.Exec(ctx, sample); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}

// makeDBIn is makeDB, then switchTo WAL when mode is "WAL" (DELETE, the
// sample's mode, otherwise).
func makeDBIn(ctx context.Context, e *spec.Env, path, mode string) error {
	if err := makeDB(ctx, e, path); err != nil {
		return err
	}
	if mode == "WAL" {
		return switchTo(ctx, e, path, "WAL")
	}
	return nil
}

// count reads how many rows t holds through the index and through the
// table, and fails unless both give n.
func count(ctx context.Context, db *adapter.DB, n int64) error {
	var viaIndex, viaTable int64
	if err := db.Get(ctx, &viaIndex, "SELECT count(*) FROM t INDEXED BY t_s WHERE s > ''"); err != nil {
		return err
	}
	if err := db.Get(ctx, &viaTable, "SELECT count(*) FROM t NOT INDEXED WHERE s > ''"); err != nil {
		return err
	}
	if viaIndex != n || viaTable != n {
		return spec.Failf("t holds %d rows by its index and %d by the table, want %d", viaIndex, viaTable, n)
	}
	return nil
}

// pageSize reads the page size from a database file's header.
func pageSize(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var hdr [18]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil {
		return 0, err
	}
	n := int(binary.BigEndian.Uint16(hdr[16:]))
	if n == 1 {
		n = 65536
	}
	return n, nil
}

// overwritePage replaces page n (1-based) of the database at path with
// bytes from a fixed pseudo-random sequence.
func overwritePage(path string, n int) error {
	size, err := pageSize(path)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if len(b) < n*size {
		return fmt.Errorf("%s has %d bytes, no page %d", path, len(b), n)
	}
	r := rand.New(rand.NewPCG(2024, uint64(n)))
	for i := (n - 1) * size; i < n*size; i++ {
		b[i] = byte(r.Uint32())
	}
	return os.WriteFile(path, b, 0o644)
}

// sums returns the SHA-256 of path and of each companion that exists, by
// suffix.
func sums(path string) (map[string]string, error) {
	out := map[string]string{}
	for _, suffix := range companions {
		fi, err := os.Stat(path + suffix)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if fi.IsDir() {
			out[suffix] = "directory"
			continue
		}
		f, err := os.Open(path + suffix)
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		out[suffix] = hex.EncodeToString(h.Sum(nil))
	}
	return out, nil
}

// unchanged fails unless path and its companions are exactly as before.
func unchanged(path string, before map[string]string) error {
	after, err := sums(path)
	if err != nil {
		return err
	}
	for _, suffix := range slices.Sorted(maps.Keys(before)) {
		switch {
		case after[suffix] == "":
			return spec.Failf("%s%s was deleted", filepath.Base(path), suffix)
		case after[suffix] != before[suffix]:
			return spec.Failf("%s%s was modified", filepath.Base(path), suffix)
		}
	}
	return nil
}

// quarantineOutcome is what checkQuarantine reports when everything
// holds.
const quarantineOutcome = "moved aside intact, logged, fresh database works"

// checkQuarantine opens path with OnCorrupt: CorruptQuarantine (and
// opts), and checks that Open succeeds with a fresh, empty, working
// database; that DB.Storage().Quarantined lists each file of before
// renamed to path.corrupt-STAMP plus its suffix; that the renamed files
// hold the bytes before says; and that the Logger got an error record
// naming the file.
func checkQuarantine(ctx context.Context, e *spec.Env, path string, before map[string]string, opts adapter.Options) (any, error) {
	var logs strings.Builder
	opts.Logger = jsonLogger(&logs)
	opts.OnCorrupt = adapter.CorruptQuarantine
	db, err := e.Open(ctx, path, opts)
	if err != nil {
		return nil, spec.Failf("Open with CorruptQuarantine: %v", err)
	}
	q := db.Storage().Quarantined
	if q == nil {
		return nil, spec.Failf("Open succeeded without quarantining the damaged file")
	}
	if q.Reason == "" || q.Time.IsZero() {
		return nil, spec.Failf("Quarantined = %+v: no reason or time", q)
	}
	var base string
	for _, m := range q.Moved {
		from, to, ok := strings.Cut(m, " -> ")
		if !ok {
			return nil, spec.Failf("Moved entry %q is not \"old -> new\"", m)
		}
		if from == path {
			base = to
		}
	}
	if base == "" || !strings.HasPrefix(base, path+".corrupt-") {
		return nil, spec.Failf("Moved = %q: %s not renamed to %s.corrupt-TIMESTAMP", q.Moved, path, path)
	}
	for _, suffix := range slices.Sorted(maps.Keys(before)) {
		if want := path + suffix + " -> " + base + suffix; !slices.Contains(q.Moved, want) {
			return nil, spec.Failf("Moved = %q, without %q", q.Moved, want)
		}
	}
	for _, m := range q.Moved {
		from, _, _ := strings.Cut(m, " -> ")
		if _, ok := before[strings.TrimPrefix(from, path)]; !ok && from != path+"-shm" {
			return nil, spec.Failf("Moved = %q: %s was not there before Open", q.Moved, from)
		}
	}
	moved, err := sums(base)
	if err != nil {
		return nil, err
	}
	for _, suffix := range slices.Sorted(maps.Keys(before)) {
		if moved[suffix] != before[suffix] {
			return nil, spec.Failf("%s%s does not hold the original bytes of %s%s", filepath.Base(base), suffix, filepath.Base(path), suffix)
		}
	}
	var n int64
	if err := db.Get(ctx, &n, "SELECT count(*) FROM sqlite_schema"); err != nil || n != 0 {
		return nil, spec.Failf("the new database is not empty: %d schema entries (%v)", n, err)
	}
	if err := db.Exec(ctx, "CREATE TABLE fresh(x); INSERT INTO fresh VALUES (1)"); err != nil {
		return nil, spec.Failf("the new database does not work: %v", err)
	}
	if err := db.Get(ctx, &n, "SELECT count(*) FROM fresh"); err != nil || n != 1 {
		return nil, spec.Failf("the new database does not read back: %d (%v)", n, err)
	}
	if !strings.Contains(logs.String(), `"level":"ERROR"`) || !strings.Contains(logs.String(), filepath.Base(path)) {
		return nil, spec.Failf("no error record naming the file was logged: %s", logs.String())
	}
	return quarantineOutcome, nil
}

// nothingMoved fails if a file was quarantined (renamed to a name with
// ".corrupt-" in it) in dir.
func nothingMoved(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, ent := range ents {
		if strings.Contains(ent.Name(), ".corrupt-") {
			return spec.Failf("%s appeared: a file was moved aside", ent.Name())
		}
	}
	return nil
}

// jsonLogger returns a logger that writes JSON records of every level to w.
func jsonLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// openOutcome opens path with opts and names the outcome: "opened" or the
// error's kind. A database that opened is closed again.
func openOutcome(ctx context.Context, e *spec.Env, path string, opts adapter.Options) (string, error) {
	db, err := e.Open(ctx, path, opts)
	if err != nil {
		return kind(err), err
	}
	return "opened", db.Close()
}

// kind names err: "nil", the C name of its SQLite primary code, the
// adapter sentinel it matches, or "untyped: ..." (always a failure).
func kind(err error) string {
	var se *adapter.Error
	switch {
	case err == nil:
		return "nil"
	case errors.As(err, &se):
		return se.Code().String()
	case errors.Is(err, adapter.ErrUnsafeStorage):
		return "ErrUnsafeStorage"
	case errors.Is(err, adapter.ErrOptions):
		return "ErrOptions"
	}
	var c sqlite.Code
	if errors.As(err, &c) {
		return c.String()
	}
	return fmt.Sprintf("untyped %T: %v", err, err)
}
