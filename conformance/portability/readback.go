package portability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"time"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// snapshot is what the reader sees in a file another driver wrote.
type snapshot struct {
	JournalMode  any            // the file's journal mode: "wal"
	UserVersion  any            // set by the writer
	Integrity    any            // PRAGMA integrity_check after reading
	ForeignKeys  []adapter.Row  // PRAGMA foreign_key_check: none
	Schema       []adapter.Row  // sqlite_schema: type and name of every object
	Values       []adapter.Row  // every value kind, with typeof()
	NegZeroSign  bool           // math.Signbit of the -0.0 read back
	TimeScanned  string         // the "time" value scanned into time.Time
	Big          map[string]any // the 1 MB BLOB and TEXT: same bytes?
	Typed        adapter.Row    // declared types after affinity
	Strict       adapter.Row    // STRICT table row
	StrictRefuse string         // a wrong type into the STRICT table
	View         []adapter.Row  // the view's rows
	IndexedRows  int64          // a query forced through the index
	Trigger      []int64        // audit count as written, then after the reader's insert
	AfterWrite   any            // integrity_check after the reader wrote
	BackInWriter []any          // the writer reopens the file: integrity and the reader's row
	FTS5         string         // where FTS5 is checked, or why it is left out
}

// expected is the snapshot every reader must see.
func expected() snapshot {
	rows := make([]adapter.Row, len(values))
	for i, v := range values {
		rows[i] = adapter.Row{"id": int64(i + 1), "kind": v.kind, "v": v.want, "type": v.class}
	}
	return snapshot{
		JournalMode: "wal",
		UserVersion: int64(7),
		Integrity:   "ok",
		ForeignKeys: []adapter.Row{},
		Schema: []adapter.Row{
			{"type": "table", "name": "audit"},
			{"type": "table", "name": "big"},
			{"type": "table", "name": "child"},
			{"type": "view", "name": "kinds"},
			{"type": "index", "name": "sqlite_autoindex_vals_1"},
			{"type": "table", "name": "strict"},
			{"type": "table", "name": "typed"},
			{"type": "table", "name": "vals"},
			{"type": "trigger", "name": "vals_audit"},
			{"type": "index", "name": "vals_kind"},
		},
		Values:       rows,
		NegZeroSign:  true,
		TimeScanned:  "2023-07-14T09:08:07.654321098+05:30",
		Big:          map[string]any{"blob": true, "text": true, "types": []string{"blob", "text"}},
		Typed:        typedWant,
		Strict:       strictWant,
		StrictRefuse: "ErrConstraintDataType",
		View: []adapter.Row{
			{"type": "blob", "n": int64(2)},
			{"type": "integer", "n": int64(7)},
			{"type": "null", "n": int64(2)},
			{"type": "real", "n": int64(8)},
			{"type": "text", "n": int64(6)},
		},
		IndexedRows:  1,
		Trigger:      []int64{int64(len(values)), int64(len(values)) + 1},
		AfterWrite:   "ok",
		BackInWriter: []any{"ok", "written by the reader"},
	}
}

// write creates the file at path with the writer driver and closes it.
func write(ctx context.Context, writer, path string) (fts5 adapter.Support, err error) {
	db, err := adapter.Open(ctx, path, &adapter.Options{Driver: writer})
	if err != nil {
		return fts5, fmt.Errorf("writer %s: open: %w", writer, err)
	}
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("writer %s: close: %w", writer, cerr)
		}
	}()
	fts5 = db.Driver().Features[adapter.FeatureFTS5]
	if err := db.Exec(ctx, schema); err != nil {
		return fts5, fmt.Errorf("writer %s: schema: %w", writer, err)
	}
	if _, err := db.Pragma(ctx, "user_version = 7"); err != nil {
		return fts5, fmt.Errorf("writer %s: %w", writer, err)
	}
	err = db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
		for i, v := range values {
			if _, err := tx.Run(ctx, "INSERT INTO vals(id, kind, v) VALUES (?, ?, ?)", i+1, v.kind, v.in); err != nil {
				return fmt.Errorf("value %q: %w", v.kind, err)
			}
		}
		if _, err := tx.Run(ctx, "INSERT INTO big(id, v) VALUES (1, ?), (2, ?)", bigBlob(), bigText()); err != nil {
			return err
		}
		if _, err := tx.Run(ctx, "INSERT INTO typed(id, dt, da, b, dec, i, t, r, j) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)", typedArgs...); err != nil {
			return err
		}
		if _, err := tx.Run(ctx, "INSERT INTO strict(id, i, r, t, b, a) VALUES (1, ?, ?, ?, ?, ?)", strictArgs...); err != nil {
			return err
		}
		_, err := tx.Run(ctx, "INSERT INTO child(id, vid) VALUES (1, 1), (2, ?)", len(values))
		return err
	})
	if err != nil {
		return fts5, fmt.Errorf("writer %s: %w", writer, err)
	}
	return fts5, nil
}

// readBack returns the Action of a WrittenBy case: write the file with
// writer, then read it with the case's driver.
func readBack(writer string) func(context.Context, *spec.Env) (any, error) {
	return func(ctx context.Context, e *spec.Env) (any, error) {
		path := filepath.Join(e.Dir, "written-by-"+writer+".db")
		fts5, err := write(ctx, writer, path)
		if err != nil {
			return nil, err
		}
		db, err := e.Open(ctx, path, adapter.Options{})
		if err != nil {
			return nil, fmt.Errorf("reader: open: %w", err)
		}
		var s snapshot
		if fts5.OK {
			s.FTS5 = "checked by " + caseName(writer) + "FTS5"
		} else {
			s.FTS5 = leftOut(writer, fts5.Reason)
		}
		if err := read(ctx, db, &s); err != nil {
			return nil, err
		}
		// Back to the writer: the reader closes first.
		if err := db.Close(); err != nil {
			return nil, err
		}
		back, err := adapter.Open(ctx, path, &adapter.Options{Driver: writer})
		if err != nil {
			return nil, fmt.Errorf("writer %s: reopen: %w", writer, err)
		}
		defer back.Close()
		integrity, err := back.PragmaValue(ctx, "integrity_check")
		if err != nil {
			return nil, err
		}
		var kind string
		if err := back.Get(ctx, &kind, "SELECT kind FROM vals ORDER BY id DESC LIMIT 1"); err != nil {
			return nil, err
		}
		s.BackInWriter = []any{integrity, kind}
		return s, nil
	}
}

// read fills s from db, the file as the reader opened it, and writes one
// row.
func read(ctx context.Context, db *adapter.DB, s *snapshot) error {
	var err error
	pv := func(p string) any {
		var v any
		if err == nil {
			v, err = db.PragmaValue(ctx, p)
		}
		return v
	}
	all := func(dst any, q string, args ...any) {
		if err == nil {
			err = db.All(ctx, dst, q, args...)
		}
	}
	get := func(dst any, q string, args ...any) {
		if err == nil {
			err = db.Get(ctx, dst, q, args...)
		}
	}
	s.JournalMode = pv("journal_mode")
	s.UserVersion = pv("user_version")
	s.Integrity = pv("integrity_check")
	if err == nil {
		s.ForeignKeys, err = db.Pragma(ctx, "foreign_key_check")
	}
	all(&s.Schema, "SELECT type, name FROM sqlite_schema ORDER BY name")
	all(&s.Values, "SELECT id, kind, v, typeof(v) AS type FROM vals ORDER BY id")
	var negZero float64
	get(&negZero, "SELECT v FROM vals WHERE kind = 'negative zero'")
	s.NegZeroSign = math.Signbit(negZero)
	var t time.Time
	get(&t, "SELECT v FROM vals WHERE kind = 'time'")
	s.TimeScanned = t.Format(time.RFC3339Nano)
	var blob []byte
	var text string
	var types []string
	get(&blob, "SELECT v FROM big WHERE id = 1")
	get(&text, "SELECT v FROM big WHERE id = 2")
	all(&types, "SELECT typeof(v) FROM big ORDER BY id")
	s.Big = map[string]any{"blob": bytes.Equal(blob, bigBlob()), "text": text == bigText(), "types": types}
	get(&s.Typed, "SELECT dt, da, b, dec, i, t, r, j FROM typed")
	get(&s.Strict, "SELECT i, r, t, b, a FROM strict")
	all(&s.View, "SELECT type, n FROM kinds ORDER BY type")
	get(&s.IndexedRows, "SELECT count(*) FROM vals INDEXED BY vals_kind WHERE kind = 'real'")
	var before, after int64
	get(&before, "SELECT n FROM audit")
	if err != nil {
		return err
	}
	_, serr := db.Run(ctx, "INSERT INTO strict(i) VALUES ('abc')")
	switch {
	case serr == nil:
		s.StrictRefuse = "accepted"
	case errors.Is(serr, sqlite.CONSTRAINT_DATATYPE):
		s.StrictRefuse = "ErrConstraintDataType"
	default:
		s.StrictRefuse = serr.Error()
	}
	if _, err := db.Run(ctx, "INSERT INTO vals(kind, v) VALUES ('written by the reader', ?)", sampleTime); err != nil {
		return fmt.Errorf("reader: write: %w", err)
	}
	get(&after, "SELECT n FROM audit")
	s.Trigger = []int64{before, after}
	s.AfterWrite = pv("integrity_check")
	return err
}
