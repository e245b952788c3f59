package adapter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// Backup writes a consistent copy of the database to a new file at
// destPath with VACUUM INTO (https://sqlite.org/lang_vacuum.html#vacuuminto),
// while other connections go on reading and writing. The copy is compacted
// and in rollback-journal mode. destPath must not exist or be empty.
//
// When Backup returns nil the copy is durable: it syncs the file and its
// directory. VACUUM INTO alone syncs the file only as the database's
// synchronous setting says (not at all at OFF) and never the directory, so
// a power cut right after it could lose the copy, or bring back the
// rollback journal VACUUM INTO wrote beside it, whose rollback empties the
// copy (found with package crashfs: docs/durability.md).
func (db *DB) Backup(ctx context.Context, destPath string) error {
	if db.closed.Load() {
		return ErrClosed
	}
	abs, err := filepath.Abs(destPath)
	if err != nil {
		return fmt.Errorf("%w: backup destination %q: %w", ErrArgument, destPath, err)
	}
	if canonicalPath(abs) == canonicalPath(db.path) {
		return fmt.Errorf("%w: backup destination is the database itself", ErrArgument)
	}
	const query = "VACUUM INTO ?"
	if _, err = db.sqldb.ExecContext(ctx, query, abs); err != nil {
		return db.wrapErr(ctx, err, query)
	}
	if err := syncFile(abs); err != nil {
		return newError(sqlite.IOERR_FSYNC, "backup written but not made durable: "+err.Error(), "", "", err)
	}
	return nil
}

// Serialize returns the bytes of the database file, as a consistent
// snapshot that includes committed WAL content
// (https://sqlite.org/c3ref/serialize.html).
func (db *DB) Serialize(ctx context.Context) ([]byte, error) {
	var out []byte
	err := db.rawSerializer(ctx, func(s contract.Serializer, cn *conn) error {
		var err error
		out, err = s.Serialize(cn.inner, "main")
		return err
	})
	return out, db.wrapErr(ctx, err, "")
}

// Deserialize opens an in-memory database holding a copy of data, the
// bytes of an SQLite database file (from Serialize, or read from a file).
// opts choose the driver and settings as for Open; the journal mode is
// left alone. The database lives as long as the returned DB.
func Deserialize(ctx context.Context, data []byte, opts *Options) (*DB, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	o.JournalMode = ""
	db, err := Open(ctx, ":memory:", &o)
	if err != nil {
		return nil, err
	}
	err = db.rawSerializer(ctx, func(s contract.Serializer, cn *conn) error {
		for _, st := range cn.cache.drain() { // statements of the old database
			st.closed = true
			st.inner.Close()
		}
		return s.Deserialize(cn.inner, "main", rollbackHeader(data))
	})
	if err == nil {
		var n int64
		err = db.sqldb.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n)
	}
	if err != nil {
		db.Close()
		return nil, db.wrapErr(ctx, err, "")
	}
	return db, nil
}

// rawSerializer runs fn on a driver connection of db.
func (db *DB) rawSerializer(ctx context.Context, fn func(contract.Serializer, *conn) error) error {
	if db.closed.Load() {
		return ErrClosed
	}
	s, ok := db.drv.(contract.Serializer)
	if !ok {
		return fmt.Errorf("%w: driver %s cannot serialize", errors.ErrUnsupported, db.info.Name)
	}
	c, err := db.sqldb.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Raw(func(dc any) error { return fn(s, dc.(*conn)) })
}

// rollbackHeader returns data with the file format bytes of the header set
// to rollback-journal mode if they say WAL: an in-memory database cannot be
// in WAL mode, and SQLite answers SQLITE_CANTOPEN for a WAL image
// (https://sqlite.org/c3ref/deserialize.html,
// https://sqlite.org/fileformat2.html#file_format_version_numbers).
func rollbackHeader(data []byte) []byte {
	if len(data) >= 20 && data[18] == 2 && data[19] == 2 {
		data = bytes.Clone(data)
		data[18], data[19] = 1, 1
	}
	return data
}
