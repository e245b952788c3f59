package sqlite_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/anysqlite/anysqlite/sqlite"
)

func TestNames(t *testing.T) {
	for _, tt := range []struct {
		code fmt.Stringer
		want string
	}{
		{sqlite.BUSY, "SQLITE_BUSY"},
		{sqlite.CONSTRAINT_UNIQUE, "SQLITE_CONSTRAINT_UNIQUE"},
		{sqlite.ExtendedCode(sqlite.IOERR) | 99<<8, "SQLITE_IOERR_99"},
		{sqlite.ExtendedCode(sqlite.FULL), "SQLITE_FULL"},
		{sqlite.Code(1234), "SQLITE_1234"},
	} {
		if got := tt.code.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	if got := sqlite.CONSTRAINT_UNIQUE.Error(); got != "sqlite: constraint failed (SQLITE_CONSTRAINT_UNIQUE)" {
		t.Errorf("Error() = %q", got)
	}
	if got := fmt.Sprint(sqlite.BUSY); got != "sqlite: database is locked (SQLITE_BUSY)" {
		t.Errorf("Sprint = %q: the printed form should name the code", got)
	}
}

func TestIs(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", sqlite.CONSTRAINT_UNIQUE)
	if !errors.Is(err, sqlite.CONSTRAINT) || !errors.Is(err, sqlite.CONSTRAINT_UNIQUE) {
		t.Error("an extended code is its primary code and itself")
	}
	if errors.Is(err, sqlite.CONSTRAINT_NOTNULL) || errors.Is(err, sqlite.BUSY) {
		t.Error("an extended code is no other code")
	}
}

// Example shows how an application tests an error of package adapter.
func Example() {
	var err error = sqlite.CONSTRAINT_UNIQUE // as adapter's *Error reports it
	fmt.Println(errors.Is(err, sqlite.CONSTRAINT), errors.Is(err, sqlite.BUSY))
	// Output: true false
}
