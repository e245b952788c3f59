// Package sqlite names SQLite's result codes
// (https://sqlite.org/rescode.html) for the errors of anysqlite, the same
// on every driver.
//
// The codes are errors: test an error returned by package adapter with
// errors.Is(err, sqlite.BUSY) or errors.Is(err, sqlite.CONSTRAINT_UNIQUE),
// and read both codes of an *adapter.Error with errors.As. Primary codes
// ([Code]) match every extended code of their class; an extended code
// ([ExtendedCode]) matches only itself. The names are SQLite's own without
// the SQLITE_ prefix, as in github.com/ncruces/go-sqlite3.
package sqlite
