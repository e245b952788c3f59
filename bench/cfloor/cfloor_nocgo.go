//go:build !cgo

package cfloor

import (
	"context"
	"errors"

	"github.com/anysqlite/anysqlite/bench/suite"
)

// Open fails: the floor is C code, built only with cgo.
func Open(ctx context.Context, path string) (suite.Floor, error) {
	return nil, errors.New("cfloor: built without cgo")
}
