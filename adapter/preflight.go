package adapter

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// sqliteHeader starts every SQLite database file
// (https://sqlite.org/fileformat2.html#the_database_header).
var sqliteHeader = []byte("SQLite format 3\x00")

// preflight looks at an existing file before the pool opens it. Setting up
// a pool connection writes (the journal mode change rewrites the header),
// closing one checkpoints the WAL into the file, and SQLite deletes the
// -journal, -wal and -shm beside a file it then finds is not a database:
// so a foreign file, and with CheckOnOpen a damaged database, must be
// recognised before any of that, to be reported or quarantined with its
// bytes and companions intact.
func preflight(ctx context.Context, d contract.Driver, s settings, check bool) error {
	path := s.connConfig.Path
	f, err := os.Open(path)
	if err != nil {
		return nil // missing (it will be created) or unreadable: SQLite reports it
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.IsDir() || fi.Size() == 0 {
		return nil // SQLite reports a directory; an empty file is an empty database
	}
	hot := hotJournal(path)
	head := make([]byte, 100)
	if n, _ := io.ReadFull(f, head); (n < len(head) || !bytes.Equal(head[:16], sqliteHeader)) && !hot {
		return newError(sqlite.ExtendedCode(sqlite.NOTADB), "file is not a database: it does not start with the SQLite header", d.Info().Name, "", nil)
	}
	if !check {
		return nil
	}
	return quickCheck(ctx, d, s, hot)
}

// journalMagic starts the header of a rollback journal that holds a
// transaction (https://sqlite.org/fileformat2.html#the_rollback_journal).
var journalMagic = []byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7}

// hotJournal reports whether a rollback journal beside path may be hot
// (https://sqlite.org/atomiccommit.html#_hot_rollback_journals): it
// exists and starts with the journal magic. SQLite then rolls it back
// when it first reads the database, and only what is left is the
// database. A power cut in the first transaction of a new database leaves
// exactly that: pages written past the start of the file, page 1 (and
// the header) not yet, and the journal that truncates the file back to
// empty.
func hotJournal(path string) bool {
	j, err := os.Open(path + "-journal")
	if err != nil {
		return false
	}
	defer j.Close()
	magic := make([]byte, len(journalMagic))
	_, err = io.ReadFull(j, magic)
	return err == nil && bytes.Equal(magic, journalMagic)
}

// quickCheck runs PRAGMA quick_check on a read-only connection opened for
// the purpose, with no settings applied, so nothing is written; but with a
// hot journal beside the database, on a read-write one, which rolls it
// back first (a read-only connection cannot, and fails with
// SQLITE_READONLY_ROLLBACK), so that what is checked is the database as
// every later connection will find it.
func quickCheck(ctx context.Context, d contract.Driver, s settings, hot bool) error {
	cfg := contract.ConnConfig{Path: s.connConfig.Path, ReadOnly: !hot, NoCreate: true}
	cn, err := openAlone(ctx, d, cfg, time.Duration(s.busyMS)*time.Millisecond)
	if err != nil {
		return err
	}
	defer cn.Close()
	if _, _, err := cn.runPragma(ctx, pragma{name: "busy_timeout", value: strconv.FormatInt(s.busyMS, 10)}); err != nil {
		return err
	}
	_, rows, err := cn.runPragma(ctx, pragma{name: "quick_check"})
	var msgs []string
	for _, r := range rows {
		if len(r) > 0 {
			msgs = append(msgs, fmt.Sprint(r[0]))
		}
	}
	if err == nil && len(msgs) == 1 && msgs[0] == "ok" {
		return nil
	}
	if err != nil {
		if code, msg, ok := d.DecodeError(err); ok && code.Code() != sqlite.CORRUPT && code.Code() != sqlite.NOTADB {
			return newError(code, msg, d.Info().Name, "PRAGMA quick_check", err)
		}
		msgs = append(msgs, err.Error())
	}
	return newError(sqlite.ExtendedCode(sqlite.CORRUPT), "quick_check: "+strings.Join(msgs, "; "), d.Info().Name, "PRAGMA quick_check", err)
}
