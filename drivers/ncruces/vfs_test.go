package ncruces

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/crashfs"
)

// Environment of the child process of TestJournalDirectoryIsDurable.
const (
	envSyncDirChild   = "ANYSQLITE_SYNCDIR_CHILD" // "upstream" or "driver"
	envSyncDirPath    = "ANYSQLITE_SYNCDIR_PATH"
	envSyncDirJournal = "ANYSQLITE_SYNCDIR_JOURNAL"
)

// TestJournalDirectoryIsDurable commits three transactions at
// synchronous=FULL into a new database on a crash-simulating file system
// (crashfs), in a child process, cuts the power once they are
// acknowledged, and counts what survives. Through this driver (the VFS of
// vfs.go) all three do in WAL mode, and the first two in DELETE mode,
// whose last commit FULL does not make durable (the directory is not
// synced after the journal is deleted, so it comes back and rolls the
// commit back: https://sqlite.org/pragma.html#pragma_synchronous, EXTRA),
// as with mattn and modernc. Through ncruces' own VFS none does: it never
// syncs the directory after creating the journal or WAL, so the names of
// the new database and its journal are lost. When that part fails,
// ncruces has fixed vfsFile.Sync, and vfs.go can go.
func TestJournalDirectoryIsDurable(t *testing.T) {
	if err := crashfs.Supported(t.TempDir()); err != nil {
		t.Skipf("unsupported here: no crash-simulating file system: %v", err)
	}
	for _, journal := range []string{"WAL", "DELETE"} {
		for _, via := range []string{"driver", "upstream"} {
			t.Run(journal+"/"+via, func(t *testing.T) {
				got := syncDirCut(t, via, journal)
				want := 3
				if journal == "DELETE" {
					want = 2
				}
				switch {
				case via == "driver" && got != want:
					t.Errorf("through the driver %d of 3 acknowledged transactions survived the power cut, want %d", got, want)
				case via == "upstream" && got != 0:
					t.Errorf("through ncruces' own VFS %d acknowledged transactions survived, want 0: ncruces now syncs the journal's directory; drivers/ncruces/vfs.go may no longer be needed", got)
				}
			})
		}
	}
}

// syncDirCut runs the child on a fresh crashfs mount, cuts the power after
// its three commits and returns how many rows the database holds after the
// reboot.
func syncDirCut(t *testing.T, via, journal string) int {
	dir := t.TempDir()
	backing, mnt := filepath.Join(dir, "disk"), filepath.Join(dir, "mnt")
	for _, d := range []string{backing, mnt} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f, err := crashfs.Mount(backing, mnt, nil)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSyncDirChild$")
	cmd.Env = append(os.Environ(), envSyncDirChild+"="+via, envSyncDirPath+"="+filepath.Join(mnt, "app.db"), envSyncDirJournal+"="+journal)
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		f.Cut(crashfs.DropAll, nil)
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(60 * time.Second):
	}
	f.Freeze() // the power cut
	cmd.Process.Kill()
	_, err = f.Cut(crashfs.DropAll, nil) // before Wait: the dying child may need it to close its files
	stdin.Close()
	cmd.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if line != "acked 3\n" {
		t.Fatalf("child: %q", line)
	}
	return countRows(t, filepath.Join(backing, "app.db"))
}

// countRows opens the database after the reboot (recovering it) and counts
// the rows of t; a missing database or table counts 0.
func countRows(t *testing.T, path string) int {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return 0
	}
	db, err := sqlite3.OpenFlags(path, sqlite3.OPEN_READWRITE)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, _, err := db.Prepare("SELECT count(*) FROM t")
	if err != nil {
		return 0 // no table: the schema did not survive either
	}
	defer st.Close()
	if !st.Step() {
		t.Fatal(st.Err())
	}
	return st.ColumnInt(0)
}

// TestSyncDirChild is the child process of TestJournalDirectoryIsDurable;
// run without its environment it does nothing.
func TestSyncDirChild(t *testing.T) {
	via := os.Getenv(envSyncDirChild)
	if via == "" {
		return
	}
	path, journal := os.Getenv(envSyncDirPath), os.Getenv(envSyncDirJournal)
	stmts := []string{"PRAGMA journal_mode=" + journal, "PRAGMA synchronous=FULL", "CREATE TABLE t(x)"}
	for i := range 3 {
		stmts = append(stmts, fmt.Sprintf("INSERT INTO t VALUES (%d)", i))
	}
	var err error
	if via == "upstream" {
		err = runUpstream(path, stmts)
	} else {
		err = runDriver(path, journal, stmts)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("acked 3")
	bufio.NewReader(os.Stdin).ReadString('\n') // until the power cut
	os.Exit(0)
}

// runUpstream runs stmts through ncruces' own default VFS.
func runUpstream(path string, stmts []string) error {
	db, err := sqlite3.OpenFlags(path, sqlite3.OPEN_READWRITE|sqlite3.OPEN_CREATE)
	if err != nil {
		return err
	}
	for _, s := range stmts {
		if err := db.Exec(s); err != nil {
			return err
		}
	}
	return nil
}

// runDriver runs stmts through the adapter and this driver.
func runDriver(path, journal string, stmts []string) error {
	ctx := context.Background()
	db, err := adapter.Open(ctx, path, &adapter.Options{Driver: "ncruces", JournalMode: journal, Synchronous: "FULL", MaxOpenConns: 1})
	if err != nil {
		return err
	}
	for _, s := range stmts[2:] {
		if _, err := db.Run(ctx, s); err != nil {
			return err
		}
	}
	return nil
}
