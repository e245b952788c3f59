package modernc

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
)

// Serialize returns a copy of the main database of conn, a connection
// returned by OpenConn (https://sqlite.org/c3ref/serialize.html). modernc
// serializes the main database only: for another schema the error wraps
// errors.ErrUnsupported.
func (Driver) Serialize(dc driver.Conn, schema string) ([]byte, error) {
	c, err := asConn(dc)
	if err != nil {
		return nil, err
	}
	if err := checkMain(schema); err != nil {
		return nil, err
	}
	data, err := c.inner.Serialize()
	if err != nil {
		return nil, err
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

// Deserialize replaces the main database of conn with a resizable
// in-memory copy of data that the connection owns
// (https://sqlite.org/c3ref/deserialize.html). modernc deserializes into
// the main database only and refuses an empty data: for another schema,
// or no data, the error wraps errors.ErrUnsupported.
func (Driver) Deserialize(dc driver.Conn, schema string, data []byte) error {
	c, err := asConn(dc)
	if err != nil {
		return err
	}
	if err := checkMain(schema); err != nil {
		return err
	}
	if len(data) == 0 {
		return fmt.Errorf("anysqlite/modernc: %w: modernc cannot deserialize an empty database", errors.ErrUnsupported)
	}
	return c.inner.Deserialize(data)
}

// checkMain fails for a schema other than main ("" means main).
func checkMain(schema string) error {
	if schema == "" || strings.EqualFold(schema, "main") {
		return nil
	}
	return fmt.Errorf("anysqlite/modernc: %w: modernc serializes the main database only, not %q", errors.ErrUnsupported, schema)
}
