package drivertest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
)

// TestDriver checks that d keeps the contract of [contract.Driver], each
// rule in a subtest of t named after the behaviour (see the package
// documentation for the list). It opens databases with d.OpenConn only,
// in t.TempDir directories and in memory, and closes all it opens.
//
// A driver whose Info reports it unavailable (built without what it
// needs) is checked to refuse to open with that reason; TestDriver then
// calls t.Skipf with the reason, so call it at the end of a test, or in a
// test of its own:
//
//	func TestContract(t *testing.T) {
//		drivertest.TestDriver(t, mydriver.Driver{})
//	}
func TestDriver(t *testing.T, d contract.Driver) {
	t.Helper()
	k := &kit{d: d, info: d.Info()}
	for _, c := range infoChecks {
		t.Run(c.name, func(t *testing.T) { c.run(k, t) })
	}
	if why := k.info.Unavailable; why != "" {
		t.Run("UnavailableRefusesToOpen", k.testUnavailable)
		t.Skipf("driver %s is unavailable in this build, so nothing else can be checked: %s", k.info.Name, why)
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { c.run(k, t) })
	}
}

// check is one rule of the contract.
type check struct {
	name string
	run  func(k *kit, t *testing.T)
}

// infoChecks hold for every driver, available in this build or not.
var infoChecks = []check{
	{"InfoDescribesDriver", (*kit).testInfo},
	{"RegisteredUnderName", (*kit).testRegistered},
}

// checks need a driver that can open databases; they run in this order.
var checks = []check{
	{"OpenCancelledContext", (*kit).testOpenCancelled},
	{"ConnImplementsContextInterfaces", (*kit).testInterfaces},
	{"MemoryIsPrivate", (*kit).testMemory},
	{"ReadOnlyRejectsWrites", (*kit).testReadOnly},
	{"NoCreateMissingFile", (*kit).testNoCreate},
	{"SpecialCharacterPath", (*kit).testSpecialPath},
	{"LongPathIsCantOpen", (*kit).testLongPath},
	{"ReadOnlyFileFallsBackToReadOnly", (*kit).testReadOnlyFile},

	{"StorageClassRoundTrip", (*kit).testRoundTrip},
	{"EmptyBlobIsNotNull", (*kit).testEmptyBlob},
	{"SeveralLargeArguments", (*kit).testSeveralLargeArguments},
	{"DeclaredTypesDoNotConvert", (*kit).testDeclaredTypes},
	{"ArgumentsByIndex", (*kit).testArgumentsByIndex},
	{"NumInputIsExact", (*kit).testNumInput},
	{"ExecResult", (*kit).testExecResult},
	{"ResetLastInsertRowID", (*kit).testResetLastInsertRowID},
	{"ColumnsAfterSchemaChange", (*kit).testColumnsAfterSchemaChange},
	{"ValueRowsMatchNext", (*kit).testValueRows},

	{"PrepareAcceptsOneStatement", (*kit).testPrepareOne},
	{"PrepareRejectsEmpty", (*kit).testPrepareEmpty},
	{"PrepareRejectsMultipleStatements", (*kit).testPrepareMultiple},
	{"PrepareCompiles", (*kit).testPrepareCompiles},

	{"DecodeErrorCodes", (*kit).testDecodeErrorCodes},
	{"DecodeErrorIgnoresOthers", (*kit).testDecodeErrorOthers},
	{"NoMemIsAnError", (*kit).testNoMem},

	{"InterruptLongQuery", (*kit).testInterruptLongQuery},
	{"InterruptLockWait", (*kit).testInterruptLockWait},
	{"InterruptRefusesCommit", (*kit).testInterruptRefusesCommit},
	{"InterruptPrepareLockWait", (*kit).testInterruptPrepareLockWait},
	{"LockWaitSucceeds", (*kit).testLockWaitSucceeds},
	{"CancelOpenLockWait", (*kit).testCancelOpenLockWait},

	{"DBConfigApplied", (*kit).testDBConfig},
	{"DBConfigRejectsUnknown", (*kit).testDBConfigUnknown},
	{"SerializeRoundTrip", (*kit).testSerialize},
	{"BackupWhenSupported", (*kit).testBackup},
	{"FTS5WhenSupported", (*kit).testFTS5},
	{"RTreeWhenSupported", (*kit).testRTree},
	{"MathWhenSupported", (*kit).testMath},
	{"JSONWhenSupported", (*kit).testJSON},
}

// kit is the driver under test.
type kit struct {
	d    contract.Driver
	info adapter.DriverInfo
	// remote is set by TestRemoteDriver: d opens the engine's database
	// whatever path it is given.
	remote bool
	// unsupported are the checks and subtests (by name below the
	// top-level test) the engine cannot pass, with the reason
	// (Remote.Unsupported).
	unsupported map[string]string
	// heapLimit is the process-wide hard_heap_limit before testNoMem, for
	// a driver that implements contract.HeapLimiter.
	heapLimit int64
}

// skipUnsupported skips t, a check or one of its subtests named name
// ("StorageClassRoundTrip/float +inf"), if the engine is listed as
// unable to pass it.
func (k *kit) skipUnsupported(t *testing.T, name string) {
	t.Helper()
	if why, ok := k.unsupported[name]; ok {
		t.Skip("unsupported by the engine: " + why)
	}
}

// open opens a connection with the driver under test and closes it when
// the test ends.
func (k *kit) open(t testing.TB, cfg contract.ConnConfig) driver.Conn {
	t.Helper()
	c, err := k.d.OpenConn(context.Background(), cfg)
	if err != nil {
		t.Fatalf("OpenConn(%+v): %v", cfg, err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return c
}

// memory is a private in-memory database.
var memory = contract.ConnConfig{Path: ":memory:"}

// mem opens a private in-memory database.
func (k *kit) mem(t testing.TB) driver.Conn {
	t.Helper()
	return k.open(t, memory)
}

// db returns a database/sql pool over the driver, see OpenDB.
func (k *kit) db(t testing.TB, cfg contract.ConnConfig) *sql.DB {
	t.Helper()
	return OpenDB(t, k.d, cfg)
}

// decode is DecodeError of the driver under test.
func (k *kit) decode(err error) (sqlite.ExtendedCode, string, bool) {
	return k.d.DecodeError(err)
}

// isCode reports whether err is an error of the driver with one of the
// primary codes.
func (k *kit) isCode(err error, codes ...sqlite.Code) bool {
	code, _, ok := k.decode(err)
	if !ok {
		return false
	}
	for _, c := range codes {
		if code.Code() == c {
			return true
		}
	}
	return false
}

// describe formats err with what DecodeError makes of it.
func (k *kit) describe(err error) string {
	if code, msg, ok := k.decode(err); ok {
		return fmt.Sprintf("%v [%T; DecodeError: %v, %q]", err, err, code, msg)
	}
	return fmt.Sprintf("%v [%T; DecodeError: not the driver's]", err, err)
}

// OpenDB returns a database/sql pool whose connections d.OpenConn opens
// with cfg, with no adapter in between, closed when the test ends. A
// private in-memory database (":memory:") gets a single connection, so
// that the pool stays one database. It is for the tests of a driver's own
// behaviour next to [TestDriver]; db.Conn and sql.Conn.Raw reach the
// driver's connection.
func OpenDB(t testing.TB, d contract.Driver, cfg contract.ConnConfig) *sql.DB {
	t.Helper()
	db := sql.OpenDB(connector{d, cfg})
	if cfg.Path == ":memory:" {
		db.SetMaxOpenConns(1)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("sql.DB.Close: %v", err)
		}
	})
	return db
}

// connector opens connections with Driver.OpenConn.
type connector struct {
	d   contract.Driver
	cfg contract.ConnConfig
}

func (c connector) Connect(ctx context.Context) (driver.Conn, error) { return c.d.OpenConn(ctx, c.cfg) }

func (connector) Driver() driver.Driver { return noDSN{} }

// noDSN is the driver.Driver database/sql asks a connector for; opening
// by name is not supported.
type noDSN struct{}

func (noDSN) Open(string) (driver.Conn, error) {
	return nil, errors.New("drivertest: open connections through the connector")
}

// tempPath returns the path of a database file in a fresh directory.
func tempPath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "test.db")
}

// prepare compiles query on c.
func prepare(ctx context.Context, c driver.Conn, query string) (driver.Stmt, error) {
	pc, ok := c.(driver.ConnPrepareContext)
	if !ok {
		return nil, fmt.Errorf("drivertest: %T does not implement driver.ConnPrepareContext", c)
	}
	return pc.PrepareContext(ctx, query)
}

// execErr runs one statement with args.
func execErr(ctx context.Context, c driver.Conn, query string, args ...driver.NamedValue) error {
	_, err := execResult(ctx, c, query, args...)
	return err
}

// execResult runs one statement with args and returns its result.
func execResult(ctx context.Context, c driver.Conn, query string, args ...driver.NamedValue) (driver.Result, error) {
	st, err := prepare(ctx, c, query)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	se, ok := st.(driver.StmtExecContext)
	if !ok {
		return nil, fmt.Errorf("drivertest: %T does not implement driver.StmtExecContext", st)
	}
	return se.ExecContext(ctx, args)
}

// queryErr runs one query and returns all its rows as Next gave them.
func queryErr(ctx context.Context, c driver.Conn, query string, args ...driver.NamedValue) ([][]driver.Value, error) {
	st, err := prepare(ctx, c, query)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return queryStmt(ctx, st, args...)
}

// queryStmt runs a prepared statement and returns all its rows.
func queryStmt(ctx context.Context, st driver.Stmt, args ...driver.NamedValue) ([][]driver.Value, error) {
	sq, ok := st.(driver.StmtQueryContext)
	if !ok {
		return nil, fmt.Errorf("drivertest: %T does not implement driver.StmtQueryContext", st)
	}
	rows, err := sq.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all [][]driver.Value
	for {
		row := make([]driver.Value, len(rows.Columns()))
		err := rows.Next(row)
		if errors.Is(err, io.EOF) {
			return all, nil
		}
		if err != nil {
			return all, err
		}
		all = append(all, row)
	}
}

// mustExec runs one statement and fails the test on error.
func mustExec(t testing.TB, c driver.Conn, query string, args ...driver.NamedValue) {
	t.Helper()
	if err := execErr(context.Background(), c, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// mustQuery runs one query and fails the test on error.
func mustQuery(t testing.TB, c driver.Conn, query string, args ...driver.NamedValue) [][]driver.Value {
	t.Helper()
	rows, err := queryErr(context.Background(), c, query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return rows
}

// mustQueryOne runs a query that returns one value.
func mustQueryOne(t testing.TB, c driver.Conn, query string, args ...driver.NamedValue) driver.Value {
	t.Helper()
	rows := mustQuery(t, c, query, args...)
	if len(rows) != 1 || len(rows[0]) != 1 {
		t.Fatalf("%s: got %v, want one row of one column", query, rows)
	}
	return rows[0][0]
}

// arg is a positional argument.
func arg(i int, v driver.Value) driver.NamedValue { return driver.NamedValue{Ordinal: i, Value: v} }

// short formats a value for a failure message without megabytes of bytes.
func short(v any) string {
	if b, ok := v.([]byte); ok && len(b) > 32 {
		return fmt.Sprintf("[]byte(len %d, % x...)", len(b), b[:16])
	}
	if s, ok := v.(string); ok && len(s) > 64 {
		return fmt.Sprintf("string(len %d, %q...)", len(s), s[:32])
	}
	return fmt.Sprintf("%#v", v)
}
