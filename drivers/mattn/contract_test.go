//go:build cgo

package mattn

import (
	"testing"

	"github.com/anysqlite/anysqlite/adapter/drivertest"
)

// TestContract checks the contract.Driver contract with the shared kit.
func TestContract(t *testing.T) {
	drivertest.TestDriver(t, Driver{})
}
