package drivertest_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/adapter/drivertest"
	"github.com/anysqlite/anysqlite/drivers/modernc"
)

// faultEnv selects the fault of brokenDriver in a child process.
const faultEnv = "DRIVERTEST_FAULT"

// brokenDriver is modernc's driver with one rule of the contract broken.
type brokenDriver struct {
	modernc.Driver
	fault string
}

func (d brokenDriver) Info() adapter.DriverInfo {
	info := d.Driver.Info()
	switch d.fault {
	case "math-claimed-unsupported":
		info.Features[contract.FeatureMath] = contract.Support{Reason: "pretends to lack it"}
	case "unsupported-without-reason":
		info.Features[contract.FeatureRTree] = contract.Support{}
	case "serialize-claimed-unsupported":
		info.Features[contract.FeatureSerialize] = contract.Support{Reason: "pretends to lack it"}
	}
	return info
}

func (d brokenDriver) OpenConn(ctx context.Context, cfg contract.ConnConfig) (contract.Conn, error) {
	switch d.fault {
	case "read-only-ignored":
		cfg.ReadOnly = false
	case "no-create-ignored":
		cfg.NoCreate = false
	case "db-config-ignored":
		cfg.DBConfig = nil
	case "cancelled-context-ignored":
		ctx = context.Background()
	case "long-path-panics":
		if len(cfg.Path) > 1024 {
			panic("missing NUL terminator")
		}
	case "read-only-file-refused":
		// Like ncruces' VFS: no read-only retry when open(O_RDWR) is
		// refused; opening the directory gives modernc's SQLITE_CANTOPEN.
		if f, err := os.OpenFile(cfg.Path, os.O_RDWR, 0); errors.Is(err, fs.ErrPermission) && !cfg.ReadOnly {
			cfg.Path = filepath.Dir(cfg.Path)
		} else if err == nil {
			f.Close()
		}
	}
	return d.Driver.OpenConn(ctx, cfg)
}

func (d brokenDriver) DecodeError(err error) (sqlite.ExtendedCode, string, bool) {
	code, msg, ok := d.Driver.DecodeError(err)
	if d.fault == "message-decorated" && ok {
		msg = "sqlite: " + msg
	}
	return code, msg, ok
}

func (d brokenDriver) ResetLastInsertRowID(c driver.Conn) error {
	if d.fault == "rowid-not-reset" {
		return nil
	}
	return d.Driver.ResetLastInsertRowID(c)
}

// TestBrokenDriver runs the kit on brokenDriver; TestKitCatchesBrokenDrivers
// runs it in a child process, with one check selected.
func TestBrokenDriver(t *testing.T) {
	fault, ok := os.LookupEnv(faultEnv)
	if !ok {
		t.Skip("run by TestKitCatchesBrokenDrivers in a child process, with " + faultEnv + " set")
	}
	drivertest.TestDriver(t, brokenDriver{fault: fault})
}

// TestKitCatchesBrokenDrivers checks that each check of the kit fails for
// a driver that breaks its rule, and passes for the same driver unbroken.
func TestKitCatchesBrokenDrivers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary again twice per fault; skipped in -short mode")
	}
	tests := []struct {
		fault, check string
		want         string // in the failure message
	}{
		{"math-claimed-unsupported", "MathWhenSupported", "math unsupported (\"pretends to lack it\"), but it works"},
		{"unsupported-without-reason", "InfoDescribesDriver", "Features[rtree] is unsupported without a Reason"},
		{"serialize-claimed-unsupported", "SerializeRoundTrip", "not an error wrapping errors.ErrUnsupported"},
		{"read-only-ignored", "ReadOnlyRejectsWrites", "on a read-only connection succeeded"},
		{"no-create-ignored", "NoCreateMissingFile", "NoCreate:true DBConfig:map[]}) opened a missing file"},
		{"db-config-ignored", "DBConfigApplied", "may not be modified"},
		{"cancelled-context-ignored", "OpenCancelledContext", "OpenConn with a cancelled context succeeded"},
		{"message-decorated", "DecodeErrorCodes", "is decorated"},
		{"rowid-not-reset", "ResetLastInsertRowID", "last_insert_rowid() = 100 after ResetLastInsertRowID, want 0"},
		{"long-path-panics", "LongPathIsCantOpen", "OpenConn(1025-byte path, read-write) panicked"},
		{"read-only-file-refused", "ReadOnlyFileFallsBackToReadOnly", "want it opened read-only, as SQLite's unix VFS does"},
	}
	for _, tt := range tests {
		t.Run(tt.fault, func(t *testing.T) {
			t.Parallel()
			run := func(fault string) (string, error) {
				cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenDriver$/^"+tt.check+"$", "-test.v", "-test.count=1")
				// Without the race detector's default 1s pause at exit.
				gorace := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
				cmd.Env = append(os.Environ(), faultEnv+"="+fault, "GORACE="+gorace)
				out, err := cmd.CombinedOutput()
				return string(out), err
			}
			out, err := run("")
			if err == nil && strings.Contains(out, "--- SKIP: TestBrokenDriver/"+tt.check+" (") {
				t.Skipf("%s is skipped here:\n%s", tt.check, out)
			}
			if err != nil || !strings.Contains(out, "--- PASS: TestBrokenDriver/"+tt.check) {
				t.Fatalf("%s fails for the unbroken driver: %v\n%s", tt.check, err, out)
			}
			out, err = run(tt.fault)
			if err == nil || !strings.Contains(out, "--- FAIL: TestBrokenDriver/"+tt.check) {
				t.Fatalf("%s passes for a driver with fault %s: %v\n%s", tt.check, tt.fault, err, out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("the failure does not say %q:\n%s", tt.want, out)
			}
		})
	}
}
