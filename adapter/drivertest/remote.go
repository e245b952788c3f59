package drivertest

import (
	"context"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// Remote says where [TestRemoteDriver] finds the database of a remote
// driver (one whose Info reports Remote: a server, a cluster).
type Remote struct {
	// Path is what opens the engine's database: the ConnConfig.Path every
	// connection the checks open is given, in place of the files and
	// in-memory databases of a local driver.
	Path string
	// Reset empties the database. TestRemoteDriver calls it before each
	// check, as a local driver's checks each start from a new file.
	Reset func(ctx context.Context) error
	// Unsupported lists the checks, or subtests of a check by their name
	// below it ("StorageClassRoundTrip/float +inf"), that the engine
	// cannot pass, each with the reason (a value its wire format cannot
	// carry): they are skipped with it.
	Unsupported map[string]string
}

// localOnly are the checks a remote driver cannot pass by nature, with
// the reason TestRemoteDriver skips them.
var localOnly = map[string]string{
	"MemoryIsPrivate":                 "every connection opens the engine's one database: there is no private in-memory database",
	"NoCreateMissingFile":             "the engine's database always exists: NoCreate has nothing to refuse",
	"SpecialCharacterPath":            "the path is the engine's address, not a file name",
	"LongPathIsCantOpen":              "the path is the engine's address, not a file name",
	"ReadOnlyFileFallsBackToReadOnly": "the database is not a file of this machine",
	"NoMemIsAnError":                  "PRAGMA hard_heap_limit would limit the engine's memory for every client",
	"BackupWhenSupported":             "VACUUM INTO writes its file on the engine's machines, not this one",
	"InterruptLockWait":               "a remote engine holds no lock for a connection between its requests, so no statement waits for one",
	"InterruptPrepareLockWait":        "a remote engine holds no lock for a connection between its requests, so no statement waits for one",
	"LockWaitSucceeds":                "a remote engine holds no lock for a connection between its requests, so no statement waits for one",
	"CancelOpenLockWait":              "a remote engine holds no lock for a connection between its requests, so no statement waits for one",
	"InterruptRefusesCommit":          "a remote engine applies a write when it receives it, before any row reaches the client, and has no BEGIN",
}

// TestRemoteDriver is [TestDriver] for a remote driver (Info.Remote):
// every connection the checks open is to r.Path, whatever database or
// mode a check asks for (ReadOnly is kept), and r.Reset empties the
// database before each check and before each connection a check opens
// to ":memory:" (which is a new, empty database for a local driver). The checks a remote engine cannot pass by
// nature (private in-memory databases, file names and modes, locks held
// between statements, the engine's memory limit, VACUUM INTO a local
// file) are skipped with the reason; so are Serialize and
// ResetLastInsertRowID, whose interfaces the driver under test is not
// asked for (a remote driver has no sqlite3 handle).
func TestRemoteDriver(t *testing.T, d contract.Driver, r Remote) {
	t.Helper()
	info := d.Info()
	if !info.Remote {
		t.Fatalf("driver %s is not remote (Info.Remote is false): use TestDriver", info.Name)
	}
	k := &kit{d: d, info: info}
	for _, c := range infoChecks {
		t.Run(c.name, func(t *testing.T) { c.run(k, t) })
	}
	if why := info.Unavailable; why != "" {
		t.Run("UnavailableRefusesToOpen", k.testUnavailable)
		t.Skipf("driver %s is unavailable in this build, so nothing else can be checked: %s", info.Name, why)
	}
	rk := &kit{d: remoteDriver{d, r}, info: info, remote: true, unsupported: r.Unsupported}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if why, ok := localOnly[c.name]; ok {
				t.Skip("remote driver: " + why)
			}
			rk.skipUnsupported(t, c.name)
			if err := r.Reset(t.Context()); err != nil {
				t.Fatalf("Reset: %v", err)
			}
			c.run(rk, t)
		})
	}
}

// remoteDriver opens every connection at r.Path, whatever path it is
// given, emptying the database first for ":memory:".
type remoteDriver struct {
	contract.Driver
	r Remote
}

func (d remoteDriver) OpenConn(ctx context.Context, cfg contract.ConnConfig) (contract.Conn, error) {
	if cfg.Path == ":memory:" && ctx.Err() == nil {
		if err := d.r.Reset(ctx); err != nil {
			return nil, err
		}
	}
	cfg.Path, cfg.NoCreate = d.r.Path, false
	return d.Driver.OpenConn(ctx, cfg)
}

// skipRemote skips the rest of a check on a remote driver, with why.
func (k *kit) skipRemote(t *testing.T, why string) {
	t.Helper()
	if k.remote {
		t.Skip("remote driver: " + why)
	}
}
