//go:build !cgo

package mattn

import (
	"context"
	"errors"
	"fmt"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
)

// Driver stands in for github.com/mattn/go-sqlite3 in a binary built with
// CGO_ENABLED=0, where mattn cannot work: it is registered so that the
// adapter can say why the driver is unavailable, and it opens nothing.
type Driver struct{}

var _ contract.Driver = Driver{}

func init() { contract.Register(Driver{}) }

// unavailable says why the driver cannot open databases in this build.
const unavailable = "mattn requires cgo (this binary was built with CGO_ENABLED=0)"

// Info describes the driver and reports it unavailable.
func (Driver) Info() contract.Info {
	info := baseInfo()
	info.Unavailable = unavailable
	return info
}

// OpenConn fails with an error wrapping adapter.ErrDriverUnavailable and
// errors.ErrUnsupported.
func (Driver) OpenConn(context.Context, contract.ConnConfig) (contract.Conn, error) {
	return nil, fmt.Errorf("%w: %w: %s", adapter.ErrDriverUnavailable, errors.ErrUnsupported, unavailable)
}

// DecodeError reports ok=false: no mattn error exists in this build.
func (Driver) DecodeError(error) (sqlite.ExtendedCode, string, bool) {
	return 0, "", false
}
