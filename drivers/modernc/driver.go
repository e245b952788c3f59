package modernc

import (
	"context"
	"database/sql/driver"
	"fmt"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	modernc "modernc.org/sqlite"
)

// Driver is the adapter's driver for modernc.org/sqlite. The package
// registers it from init; applications select it by name.
type Driver struct{}

var (
	_ contract.Driver     = Driver{}
	_ contract.Serializer = Driver{}
)

func init() { contract.Register(Driver{}) }

// moderncDriver opens the connections. It is modernc's driver.Driver used
// directly, never through sql.Open("sqlite"), the name modernc registers,
// and a private instance, so functions, collations, modules and hooks
// registered on modernc's default driver do not apply.
var moderncDriver = &modernc.Driver{}

// moderncConn is what this package uses of modernc's unexported conn type.
type moderncConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.SessionResetter
	driver.Validator
	Serialize() ([]byte, error)
	Deserialize([]byte) error
}

// OpenConn opens a connection to cfg.Path through modernc's driver.
func (Driver) OpenConn(ctx context.Context, cfg contract.ConnConfig) (contract.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkDBConfig(cfg.DBConfig); err != nil {
		return nil, err
	}
	// modernc passes a DSN starting with "file:" to sqlite3_open_v2
	// unchanged, with SQLITE_OPEN_URI; it acts on none of its own DSN
	// parameters, as none is given.
	dc, err := moderncDriver.Open(cfg.URI())
	if err != nil {
		return nil, err
	}
	mc, ok := dc.(moderncConn)
	if !ok {
		dc.Close()
		return nil, fmt.Errorf("anysqlite/modernc: modernc.org/sqlite internals changed: its connection %T lacks methods this package uses", dc)
	}
	db, err := connHandle(dc)
	if err == nil {
		err = errorFieldsErr
	}
	if err != nil {
		dc.Close()
		return nil, err
	}
	lib, err := newCLib(db)
	if err != nil {
		dc.Close()
		return nil, err
	}
	c := &conn{inner: mc, db: db, lib: lib}
	c.multiThread()
	c.gateCommits()
	if err := c.applyDBConfig(cfg.DBConfig); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}
