//go:build cgo

package mattn

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Driver is the adapter's driver for github.com/mattn/go-sqlite3. The
// package registers it from init; applications select it by name.
type Driver struct{}

var (
	_ contract.Driver        = Driver{}
	_ contract.Serializer    = Driver{}
	_ contract.RowIDResetter = Driver{}
)

func init() { contract.Register(Driver{}) }

// mattnDriver opens the connections. It is mattn's driver.Driver used
// directly, never through sql.Open("sqlite3"), the name mattn registers.
var mattnDriver = &sqlite3.SQLiteDriver{}

// Info describes the driver and the features known from how it was built;
// the adapter probes the rest on a live connection.
func (Driver) Info() contract.Info {
	info := baseInfo()
	info.Features = map[contract.Feature]contract.Support{
		contract.FeatureFTS5:   fts5Support,
		contract.FeatureMath:   mathSupport,
		contract.FeatureBackup: {OK: true},
	}
	if haveSerialize() {
		info.Features[contract.FeatureSerialize] = contract.Support{OK: true}
	} else {
		info.Features[contract.FeatureSerialize] = contract.Support{Reason: "the linked SQLite lacks sqlite3_serialize: with build tag libsqlite3 add sqlite_serialize"}
	}
	if haveDBConfig() {
		info.Features[contract.FeatureDefensive] = contract.Support{OK: true}
		info.Features[contract.FeatureDQSControl] = contract.Support{OK: true}
	}
	if err := errors.Join(internalsErr, stmtAPIErr); err != nil {
		info.Unavailable = err.Error()
	}
	return info
}

// OpenConn opens a connection to cfg.Path through mattn's driver.
func (Driver) OpenConn(ctx context.Context, cfg contract.ConnConfig) (contract.Conn, error) {
	if err := errors.Join(internalsErr, stmtAPIErr); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkDBConfig(cfg.DBConfig); err != nil {
		return nil, err
	}
	vfs, err := acquireVFS()
	if err != nil {
		return nil, err
	}
	// mattn's Open runs PRAGMA statements, which wait for a lock under
	// its busy_timeout of 5s if another connection holds one.
	done := onDone(ctx, func() { vfs.cancel(true) })
	dc, err := mattnDriver.Open(dsn(cfg, vfs.name()))
	done()
	vfs.cancel(false)
	if err != nil {
		vfs.release()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("anysqlite/mattn: open: %w: %w", ctx.Err(), err)
		}
		return nil, err
	}
	sc, ok := dc.(*sqlite3.SQLiteConn)
	if !ok {
		dc.Close()
		vfs.release()
		return nil, fmt.Errorf("anysqlite/mattn: mattn returned a %T, not a *sqlite3.SQLiteConn", dc)
	}
	c := &conn{inner: sc, db: connHandle(sc), vfs: vfs}
	vfs.attach(c.db)
	if err := errors.Join(gateCommits(c.db), applyDBConfig(c.db, cfg.DBConfig)); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// ResetLastInsertRowID sets the last insert rowid of conn, a connection
// returned by OpenConn, to 0: sqlite3_set_last_insert_rowid on its handle.
// The adapter calls it before each INSERT, so that an INSERT that inserts
// no rowid row reports 0. The reset is made by the next statement the
// connection runs, in the same call into C, before the statement starts
// (see stmt.call): nothing reads the rowid in between.
func (Driver) ResetLastInsertRowID(dc driver.Conn) error {
	c, err := asConn(dc)
	if err != nil {
		return err
	}
	c.cols.zeroRowID = true
	return nil
}
