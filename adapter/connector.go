package adapter

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
	"github.com/anysqlite/anysqlite/sqlite"
)

// connector opens pool connections for database/sql and applies every
// per-connection setting to each of them, the same way on every driver:
// it runs the settings as PRAGMA statements through the driver's own
// prepare/exec rather than through three DSN dialects.
type connector struct {
	drv       contract.Driver
	cfg       contract.ConnConfig
	stmtCache int
	busy      time.Duration // busy_timeout, for waits SQLite does not cover
	// remote is the driver's Info().Remote: its statements run on another
	// machine, and their rows arrive whole, after they ran.
	remote bool

	mu   sync.RWMutex
	base []pragma // from Options, run on every new connection
	// later holds per-connection settings changed through DB.Pragma after
	// Open, keyed by name in the order first set. Connections opened before
	// a change pick it up in ResetSession, before their next use.
	later []pragma
	gen   uint64 // bumped on each change to later

	// closing is set by DB.Close: steps of calls no longer start.
	closing atomic.Bool
	live    liveConns

	// file is the identity of the database file, checked for every new
	// connection and before writes (moved.go); nil outside a pool.
	file *fileIdentity
	// storage explains the errors of writes the storage refuses
	// (fsfault.go); nil outside a pool.
	storage *storageExplainer
}

// liveConns tracks the connections of a pool, open or being opened, so
// that DB.Close can interrupt their calls and keep the claim on the file
// until the last one has closed.
type liveConns struct {
	sync.Mutex
	conns   map[*conn]struct{}
	opening int
	release func() // set by shutdown: runs once the last connection closed
}

var _ driver.Connector = (*connector)(nil)

// Connect opens a connection and applies the settings.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	if !c.opening() {
		return nil, ErrClosed
	}
	// The file is checked before the open too, so that a connection is
	// not even tried (nor an empty file created) once it moved.
	if err := c.file.check(c.drv); err != nil {
		c.opened(nil)
		return nil, err
	}
	inner, err := c.drv.OpenConn(ctx, c.cfg)
	if err != nil {
		c.opened(nil)
		return nil, err
	}
	dc, ok := inner.(contract.Conn)
	if !ok {
		inner.Close()
		c.opened(nil)
		return nil, errNotConn(c.drv, inner)
	}
	if err := c.file.check(c.drv); err != nil {
		inner.Close()
		c.opened(nil)
		return nil, err
	}
	cn := &conn{c: c, inner: dc, cache: newStmtCache(c.stmtCache)}
	c.opened(cn)
	c.mu.RLock()
	settings := c.merged()
	cn.gen = c.gen
	c.mu.RUnlock()
	for _, p := range settings {
		if _, _, err := cn.applyPragma(ctx, p); err != nil {
			cn.Close()
			return nil, err
		}
	}
	return cn, nil
}

// openAlone opens a connection outside any pool, with no settings
// applied, for the adapter's own checks.
func openAlone(ctx context.Context, d contract.Driver, cfg contract.ConnConfig, busy time.Duration) (*conn, error) {
	c := &connector{drv: d, cfg: cfg, busy: busy}
	inner, err := d.OpenConn(ctx, cfg)
	if err != nil {
		return nil, err
	}
	dc, ok := inner.(contract.Conn)
	if !ok {
		inner.Close()
		return nil, errNotConn(d, inner)
	}
	return &conn{c: c, inner: dc, cache: newStmtCache(0)}, nil
}

// errNotConn reports a driver whose connections are not [Conn]s.
func errNotConn(d contract.Driver, inner driver.Conn) error {
	return fmt.Errorf("adapter: driver %s: connection %T does not implement adapter.Conn (Interrupt, InTransaction)", d.Info().Name, inner)
}

// opening counts a connection about to be opened; it reports false once
// the pool is closing.
func (c *connector) opening() bool {
	c.live.Lock()
	defer c.live.Unlock()
	if c.closing.Load() {
		return false
	}
	c.live.opening++
	return true
}

// opened records the end of an opening: cn is nil if it failed.
func (c *connector) opened(cn *conn) {
	c.live.Lock()
	c.live.opening--
	if cn != nil {
		if c.live.conns == nil {
			c.live.conns = map[*conn]struct{}{}
		}
		c.live.conns[cn] = struct{}{}
	}
	release := c.releasable()
	c.live.Unlock()
	if release != nil {
		release()
	}
}

// forget records that cn has closed.
func (c *connector) forget(cn *conn) {
	c.live.Lock()
	delete(c.live.conns, cn)
	release := c.releasable()
	c.live.Unlock()
	if release != nil {
		release()
	}
}

// releasable returns the release function once, when the pool is closing
// and no connection is left. Call with live locked.
func (c *connector) releasable() func() {
	if !c.closing.Load() || len(c.live.conns) > 0 || c.live.opening > 0 || c.live.release == nil {
		return nil
	}
	release := c.live.release
	c.live.release = nil
	return release
}

// shutdown stops new steps on every connection, interrupts those running,
// and calls release once the last connection has closed (at once if none
// is open).
func (c *connector) shutdown(release func()) {
	c.live.Lock()
	c.closing.Store(true)
	c.live.release = release
	conns := make([]*conn, 0, len(c.live.conns))
	for cn := range c.live.conns {
		conns = append(conns, cn)
	}
	now := c.releasable()
	c.live.Unlock()
	for _, cn := range conns {
		cn.interruptRunning(ErrClosed)
	}
	if now != nil {
		now()
	}
}

// Driver is required by driver.Connector; opening by DSN is not supported.
func (c *connector) Driver() driver.Driver { return dsnless{} }

type dsnless struct{}

func (dsnless) Open(string) (driver.Conn, error) {
	return nil, errors.New("adapter: open databases with adapter.Open, not by DSN")
}

// setLater records a per-connection setting made after Open.
func (c *connector) setLater(p pragma) {
	c.mu.Lock()
	defer c.mu.Unlock()
	replaced := false
	for i, q := range c.later {
		if q.name == p.name && q.schema == p.schema {
			c.later[i], replaced = p, true
		}
	}
	if !replaced {
		c.later = append(c.later, p)
	}
	c.gen++
}

// merged returns the settings for a new connection: those from Options,
// each replaced by a later change to the same pragma, then the other later
// changes. A new connection must not first switch back to the journal mode
// Open chose (which needs a lock) and then to the one set since.
func (c *connector) merged() []pragma {
	out := append([]pragma(nil), c.base...)
	for _, p := range c.later {
		i := slices.IndexFunc(out, func(q pragma) bool { return q.name == p.name && q.schema == p.schema })
		if i >= 0 {
			out[i] = p
		} else {
			out = append(out, p)
		}
	}
	return out
}

// pending returns the settings a connection of generation gen has missed.
func (c *connector) pending(gen uint64) ([]pragma, uint64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if gen == c.gen {
		return nil, gen
	}
	return append([]pragma(nil), c.later...), c.gen
}

// applyPragma runs a pragma on a raw connection and returns its result
// rows. For journal_mode it checks that the mode took: SQLite answers with
// the old mode, without an error, when it cannot switch, which would leave
// connections configured differently. Leaving WAL mode needs an exclusive
// lock that SQLite takes without its busy handler, and that no other
// connection may hold the database open (in WAL mode even an idle
// connection keeps a shared lock), so it fails at once; a journal_mode
// change that finds the database busy is therefore retried here until
// busy_timeout has passed.
func (cn *conn) applyPragma(ctx context.Context, p pragma) (cols []string, rows [][]any, err error) {
	if p.name != "journal_mode" || p.value == "" {
		return cn.runPragma(ctx, p)
	}
	deadline := time.Now().Add(cn.c.busy)
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		cols, rows, err = cn.runPragma(ctx, p)
		if err == nil || !cn.isBusy(err) || time.Now().After(deadline) {
			return cols, rows, err
		}
		select {
		case <-ctx.Done():
			return nil, nil, errors.Join(ctx.Err(), err)
		case <-time.After(wait):
		}
	}
}

// isBusy reports a SQLITE_BUSY from the driver or from runPragma's check.
func (cn *conn) isBusy(err error) bool {
	if errors.Is(err, sqlite.BUSY) {
		return true
	}
	code, _, ok := cn.c.drv.DecodeError(err)
	return ok && code.Code() == sqlite.BUSY
}

// runPragma runs p once.
func (cn *conn) runPragma(ctx context.Context, p pragma) (cols []string, rows [][]any, err error) {
	cols, rows, err = cn.queryRows(ctx, p.SQL())
	if err != nil {
		return cols, rows, fmt.Errorf("adapter: %s: %w", p.SQL(), err)
	}
	if p.name == "journal_mode" && p.value != "" {
		var mode any
		if len(rows) > 0 && len(rows[0]) > 0 {
			mode = rows[0][0]
		}
		if s, _ := mode.(string); !strings.EqualFold(s, strings.Trim(p.value, `'"`)) {
			// A lock conflict is an SQLITE_BUSY error; an unchanged mode
			// without an error means SQLite will not use that mode here.
			return nil, nil, fmt.Errorf("adapter: %s: %w: SQLite kept journal_mode %v: %s is not possible for this database (in memory or temporary)",
				p.SQL(), ErrPragma, mode, p.value)
		}
	}
	return cols, rows, nil
}

// queryRows runs the adapter's own query text, without arguments, on cn
// outside its statement cache and returns its rows; on an error, the rows
// read before it.
func (cn *conn) queryRows(ctx context.Context, text string) (cols []string, rows [][]any, err error) {
	st, err := cn.prepare(ctx, text)
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	c := &cn.own
	cn.watch(c, ctx)
	defer cn.unwatch(c)
	var rs driver.Rows
	err, _ = cn.run(c, func() (err error) {
		rs, err = st.(driver.StmtQueryContext).QueryContext(driverContext(c), nil)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	defer rs.Close()
	cols = rs.Columns()
	for {
		vals := make([]driver.Value, len(cols))
		err, _ := cn.run(c, func() error { return rs.Next(vals) })
		if err == io.EOF {
			break
		}
		if err != nil {
			return cols, rows, err // the rows read so far, for quick_check
		}
		row := make([]any, len(vals))
		for i, v := range vals {
			row[i] = cloneValue(v)
		}
		rows = append(rows, row)
	}
	return cols, rows, nil
}
