//go:build linux

package ncruces

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/ncruces/go-sqlite3"
	"golang.org/x/sys/unix"
)

// TestDiskFullIsSQLITE_FULL fills a 1 MiB tmpfs with rows, through this
// driver (the VFS of vfs.go) and through ncruces' own VFS, and checks the
// error of the write that does not fit: SQLITE_FULL through this driver,
// as C SQLite's unix VFS reports it (mattn, modernc); SQLITE_IOERR_WRITE
// through ncruces' VFS, which misses the ENOSPC inside the *os.PathError. When the upstream part fails, ncruces
// has fixed osWriteAt, and full() in vfs.go can go.
func TestDiskFullIsSQLITE_FULL(t *testing.T) {
	for _, via := range []string{"driver", "upstream"} {
		t.Run(via, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "mnt")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size=1m"); err != nil {
				t.Skipf("unsupported here: mounting a tmpfs needs root (CAP_SYS_ADMIN): %v", err)
			}
			t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
			path := filepath.Join(dir, "full.db")
			var open func(string, sqlite3.OpenFlag) (*sqlite3.Conn, error) = sqlite3.OpenFlags
			if via == "driver" {
				open = func(path string, flags sqlite3.OpenFlag) (*sqlite3.Conn, error) {
					return sqlite3.OpenFlags(openName(path, flags))
				}
			}
			db, err := open(path, sqlite3.OPEN_READWRITE|sqlite3.OPEN_CREATE)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Exec("CREATE TABLE t(b BLOB)"); err != nil {
				t.Fatal(err)
			}
			var werr error
			for range 1000 {
				if werr = db.Exec("INSERT INTO t VALUES (randomblob(8000))"); werr != nil {
					break
				}
			}
			code, _, _ := Driver{}.DecodeError(werr)
			switch {
			case via == "driver" && code != sqlite.ExtendedCode(sqlite.FULL):
				t.Errorf("through the driver the full disk is %v (%v), want SQLITE_FULL", werr, code)
			case via == "upstream" && code != sqlite.IOERR_WRITE:
				t.Errorf("through ncruces' own VFS the full disk is %v (%v), want SQLITE_IOERR_WRITE: ncruces now reports SQLITE_FULL itself; full() in vfs.go may no longer be needed", werr, code)
			}
		})
	}
}
