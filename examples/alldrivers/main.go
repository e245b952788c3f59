// Command alldrivers shows that every driver links into one binary and
// starts: for each registered driver it prints the name, why the driver is
// unavailable if it is, and otherwise the SQLite version a connection to a
// temporary database reports through database/sql.
//
//	go run -tags sqlite_fts5 ./examples/alldrivers
//	CGO_ENABLED=0 go run ./examples/alldrivers
//
// It exits with status 1 if an available driver fails.
package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	contract "github.com/anysqlite/anysqlite/adapter/driver"

	"github.com/anysqlite/anysqlite/adapter"
	_ "github.com/anysqlite/anysqlite/drivers/all"
)

func main() {
	dir, err := os.MkdirTemp("", "alldrivers-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)

	failed := false
	for _, name := range adapter.Drivers() {
		d, err := adapter.Lookup(name)
		if err != nil {
			fmt.Printf("%s: %v\n", name, err)
			failed = true
			continue
		}
		info := d.Info()
		if info.Unavailable != "" {
			fmt.Printf("%s: %s %s: unavailable: %s\n", name, info.Module, info.ModuleVersion, info.Unavailable)
			continue
		}
		version, err := sqliteVersion(d, filepath.Join(dir, name+".db"))
		if err != nil {
			fmt.Printf("%s: %s %s: error: %v\n", name, info.Module, info.ModuleVersion, err)
			failed = true
			continue
		}
		fmt.Printf("%s: %s %s (cgo %t): sqlite_version() = %s\n", name, info.Module, info.ModuleVersion, info.Cgo, version)
	}
	if failed {
		os.Exit(1)
	}
}

// sqliteVersion opens path with d through database/sql and asks SQLite for
// its version.
func sqliteVersion(d contract.Driver, path string) (string, error) {
	db := sql.OpenDB(connector{d: d, cfg: contract.ConnConfig{Path: path}})
	defer db.Close()
	var version string
	err := db.QueryRow("SELECT sqlite_version()").Scan(&version)
	return version, err
}

// connector opens connections with an adapter driver for sql.OpenDB.
type connector struct {
	d   contract.Driver
	cfg contract.ConnConfig
}

// Connect opens a connection.
func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	return c.d.OpenConn(ctx, c.cfg)
}

// Driver is required by driver.Connector; opening by DSN is not supported.
func (connector) Driver() driver.Driver { return noDSN{} }

// noDSN is the driver.Driver of connector.
type noDSN struct{}

// Open fails: connections come from connector.Connect.
func (noDSN) Open(string) (driver.Conn, error) {
	return nil, errors.New("alldrivers: open with the connector")
}
