package ncruces

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/serdes"
)

// deserializeResized deserializes data into an in-memory schema whose page
// size is fixed and differs from data's. The backup API copies pages as
// they are and cannot write them into such a database; only VACUUM changes
// a page size, and not in memory. So data goes through a scratch file
// first, vacuumed to the schema's page size. Unlike sqlite3_deserialize,
// the result keeps the schema's page size.
func (c *conn) deserializeResized(schema string, data []byte) error {
	pageSize, err := c.pageSize(schema)
	if err != nil {
		return err
	}
	if imagePageSize(data) == pageSize {
		return fmt.Errorf("ncruces: Deserialize into %s: %w", schema, sqlite3.READONLY)
	}
	dir, err := os.MkdirTemp("", "anysqlite-ncruces-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	scratch, err := sqlite3.OpenFlags(filepath.Join(dir, "scratch.db"), sqlite3.OPEN_READWRITE|sqlite3.OPEN_CREATE)
	if err != nil {
		return err
	}
	defer scratch.Close()
	if err := serdes.Deserialize(scratch, "main", data); err != nil {
		return err
	}
	err = scratch.Exec(fmt.Sprintf("PRAGMA journal_mode=DELETE; PRAGMA page_size=%d; VACUUM", pageSize))
	if err != nil {
		return err
	}
	resized, err := serdes.Serialize(scratch, "main")
	if err != nil {
		return err
	}
	return serdes.Deserialize(c.raw, schema, resized)
}

// pageSize returns the page size of schema.
func (c *conn) pageSize(schema string) (int, error) {
	st, _, err := c.raw.Prepare("PRAGMA " + quoteIdent(schema) + ".page_size")
	if err != nil {
		return 0, err
	}
	defer st.Close()
	if !st.Step() {
		if err := st.Err(); err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("ncruces: no page_size for %s", schema)
	}
	return st.ColumnInt(0), nil
}

// imagePageSize reads the page size from a database header, or returns 0.
func imagePageSize(data []byte) int {
	if len(data) < 100 {
		return 0
	}
	switch n := binary.BigEndian.Uint16(data[16:18]); n {
	case 1:
		return 65536
	default:
		return int(n)
	}
}
