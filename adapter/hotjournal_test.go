package adapter_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/anysqlite/anysqlite/adapter"
)

// writeTornNewDatabase leaves in dir what a power cut during the first
// transaction of a new database in DELETE mode can leave (found by package
// powerloss): the journal, synced, saying the database was empty; of the
// database's new pages, page 2 written and page 1 (with the header) not.
// SQLite rolls the journal back, truncating the file to nothing.
func writeTornNewDatabase(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "app.db")
	journal := make([]byte, 512)
	copy(journal, []byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7})
	binary.BigEndian.PutUint32(journal[8:], 0)           // no page records
	binary.BigEndian.PutUint32(journal[12:], 0x9366ec79) // checksum nonce
	binary.BigEndian.PutUint32(journal[16:], 0)          // the database had 0 pages
	binary.BigEndian.PutUint32(journal[20:], 512)        // sector size
	binary.BigEndian.PutUint32(journal[24:], 4096)       // page size
	must(t, os.WriteFile(path+"-journal", journal, 0o644))
	db := make([]byte, 8192)
	copy(db[4096:], []byte{0x0d, 0, 0, 0, 0, 0x10, 0}) // an empty leaf page
	must(t, os.WriteFile(path, db, 0o644))
	return path
}

// A database whose first transaction was cut short by a power loss opens
// (rolled back to empty), with and without CheckOnOpen, instead of being
// taken for a file that is not a database, or failing the read-only check
// on its hot journal.
func TestOpenRollsBackHotJournalOfNewDatabase(t *testing.T) {
	eachDriver(t, func(t *testing.T, driver string) {
		for _, check := range []bool{false, true} {
			path := writeTornNewDatabase(t, t.TempDir())
			db := openPath(t, path, driver, &adapter.Options{CheckOnOpen: check, JournalMode: "DELETE"})
			exec(t, db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)")
			if n := count(t, db); n != 1 {
				t.Fatalf("CheckOnOpen %t: %d rows", check, n)
			}
			if q := db.Storage().Quarantined; q != nil {
				t.Fatalf("CheckOnOpen %t: quarantined %+v", check, q)
			}
		}
	})
}
