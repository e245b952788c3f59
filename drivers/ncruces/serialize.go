package ncruces

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/serdes"
)

// The wasm build of SQLite has no sqlite3_serialize or sqlite3_deserialize;
// ext/serdes emulates them with the backup API and a VFS over a []byte.

// Serialize returns a copy of the schema's database ("main" if empty)
// as it would be stored in a file.
func (Driver) Serialize(dc driver.Conn, schema string) (_ []byte, err error) {
	c, err := ownConn(dc)
	if err != nil {
		return nil, err
	}
	defer c.catch(&err)
	c.intr.start() // a new operation: an earlier statement's interrupt is not its own
	if schema == "" {
		schema = "main"
	}
	if _, err := c.schemaFile(schema); err != nil {
		return nil, err
	}
	return serdes.Serialize(c.raw, schema)
}

// Deserialize replaces the schema's database ("main" if empty) with a copy
// of data, held in memory by the connection. An attached file database is
// detached and replaced by an in-memory one first, as sqlite3_deserialize
// does; main can only be replaced when it is in memory already, because
// ncruces cannot reopen it, and restoring into it would overwrite the file.
func (Driver) Deserialize(dc driver.Conn, schema string, data []byte) (err error) {
	c, err := ownConn(dc)
	if err != nil {
		return err
	}
	defer c.catch(&err)
	c.intr.start() // as in Serialize
	if schema == "" {
		schema = "main"
	}
	file, err := c.schemaFile(schema)
	if err != nil {
		return err
	}
	if file != "" {
		if strings.EqualFold(schema, "main") {
			return fmt.Errorf("ncruces: Deserialize into the main database of a file connection: %w", errors.ErrUnsupported)
		}
		name := quoteIdent(schema)
		if err := c.exec(context.Background(), "DETACH "+name+"; ATTACH ':memory:' AS "+name); err != nil {
			return err
		}
	}
	err = serdes.Deserialize(c.raw, schema, data)
	if errors.Is(err, sqlite3.READONLY) && file == "" {
		// The backup API cannot change the page size of an in-memory
		// database that has been written to.
		return c.deserializeResized(schema, data)
	}
	return err
}

// ownConn returns dc as a connection of this driver.
func ownConn(dc driver.Conn) (*conn, error) {
	c, ok := dc.(*conn)
	if !ok {
		return nil, fmt.Errorf("ncruces: %T is not a connection of this driver", dc)
	}
	if !c.usable() {
		return nil, driver.ErrBadConn
	}
	return c, nil
}

// schemaFile returns the file behind schema, "" for an in-memory database,
// or an error if the connection has no such schema.
func (c *conn) schemaFile(schema string) (string, error) {
	if strings.EqualFold(schema, "temp") {
		return "", nil // listed only once used; always anonymous
	}
	st, _, err := c.raw.Prepare("SELECT file FROM pragma_database_list WHERE name = ?1 COLLATE NOCASE")
	if err != nil {
		return "", err
	}
	defer st.Close()
	if err := st.BindText(1, schema); err != nil {
		return "", err
	}
	if !st.Step() {
		if err := st.Err(); err != nil {
			return "", err
		}
		return "", fmt.Errorf("ncruces: no such database: %s", schema)
	}
	return st.ColumnText(0), nil
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
