//go:build tools

// Package tools pins the rqlited server the rqlite tests build and start.
// Without this import `go mod tidy` drops the requirement.
package tools

import _ "github.com/rqlite/rqlite/v8/cmd/rqlited"
