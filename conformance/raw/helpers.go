package raw

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// querier is *sql.DB, *sql.Conn or *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// withDB opens the database test.db in dir with params, checks that it
// connects, and calls fn with it.
func withDB(ctx context.Context, d Driver, dir, params string, fn func(db *sql.DB) (string, error)) (string, error) {
	db, err := d.Open(filepath.Join(dir, "test.db"), params)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return "", err
	}
	return fn(db)
}

// execAll runs statements, stopping at the first error.
func execAll(ctx context.Context, q querier, stmts ...string) error {
	for _, s := range stmts {
		if _, err := q.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// value runs a query and scans the first column of its first row into an
// any.
func value(ctx context.Context, q querier, query string, args ...any) (any, error) {
	var v any
	err := q.QueryRowContext(ctx, query, args...).Scan(&v)
	return v, err
}

// text is value formatted with %v (for pragmas and counts).
func text(ctx context.Context, q querier, query string, args ...any) (string, error) {
	v, err := value(ctx, q, query, args...)
	if err != nil {
		return "", err
	}
	if b, ok := v.([]byte); ok {
		return string(b), nil
	}
	return fmt.Sprint(v), nil
}

// conns takes n distinct connections from the pool at once.
func conns(ctx context.Context, db *sql.DB, n int) ([]*sql.Conn, func(), error) {
	var cs []*sql.Conn
	release := func() {
		for _, c := range cs {
			c.Close()
		}
	}
	for range n {
		c, err := db.Conn(ctx)
		if err != nil {
			release()
			return nil, nil, err
		}
		cs = append(cs, c)
	}
	return cs, release, nil
}

// describe renders a value read into an any with its Go type.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case []byte:
		if x == nil {
			return "[]byte(nil)"
		}
		if len(x) == 0 {
			return "[]byte{}"
		}
		return fmt.Sprintf("[]byte(%q)", x)
	case string:
		return fmt.Sprintf("string %q", x)
	case time.Time:
		return fmt.Sprintf("time.Time %s (location %q)", x.Format(time.RFC3339Nano), x.Location().String())
	default:
		return fmt.Sprintf("%T %v", v, v)
	}
}

// msg is a short, stable form of an error's text.
func msg(err error) string {
	s := clean(err.Error(), "")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160]) + "…"
	}
	return s
}

// refused reports an error that is the behaviour being probed.
func refused(err error) string {
	if errors.Is(err, errPanic) {
		return "panics: " + strings.TrimPrefix(msg(err), "panic: ")
	}
	return "refused: " + msg(err)
}

// refusedTyped is refused with the error's Go type, for probes where the
// type tells whether errors.As finds the driver's error (and its code).
func refusedTyped(err error) string {
	if errors.Is(err, errPanic) {
		return refused(err)
	}
	return fmt.Sprintf("refused (%T): %s", err, msg(err))
}

// errKind classifies an error that ended a wait or a query.
func errKind(err error) string {
	lower := strings.ToLower(err.Error())
	kind := "other error"
	switch {
	case strings.Contains(lower, "interrupt"):
		kind = "SQLITE_INTERRUPT"
	case strings.Contains(lower, "locked") || strings.Contains(lower, "busy"):
		kind = "SQLITE_BUSY"
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		kind = "context error"
	}
	return fmt.Sprintf("%s %q, errors.Is(err, context.DeadlineExceeded) %v",
		kind, msg(err), errors.Is(err, context.DeadlineExceeded))
}

// Thresholds that classify how long a context-bound call took, generous
// enough for a loaded machine.
const (
	atDeadline  = 1500 * time.Millisecond
	fullTimeout = 2500 * time.Millisecond
)

// resultSets reads every result set of rows as [[v v] [v]].
func resultSets(rows *sql.Rows) (string, error) {
	defer rows.Close()
	var sets []string
	for {
		var vals []string
		for rows.Next() {
			var v any
			if err := rows.Scan(&v); err != nil {
				return "", err
			}
			vals = append(vals, fmt.Sprint(v))
		}
		if err := rows.Err(); err != nil {
			return "", err
		}
		sets = append(sets, "["+strings.Join(vals, " ")+"]")
		if !rows.NextResultSet() {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return "[" + strings.Join(sets, " ") + "]", nil
}

// lockHeld reports what lock the connection holding a transaction took, as
// seen from another connection that does not wait: "exclusive" if it
// cannot even read, "immediate" if it cannot start a write transaction,
// else "deferred". The database must be in a rollback journal mode.
func lockHeld(ctx context.Context, other *sql.Conn) (string, error) {
	if err := execAll(ctx, other, "PRAGMA busy_timeout = 0"); err != nil {
		return "", err
	}
	if _, err := value(ctx, other, "SELECT count(*) FROM sqlite_schema"); err != nil {
		if isBusy(err) {
			return "exclusive", nil
		}
		return "", err
	}
	if _, err := other.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		if isBusy(err) {
			return "immediate", nil
		}
		return "", err
	}
	if err := execAll(ctx, other, "ROLLBACK"); err != nil {
		return "", err
	}
	return "deferred", nil
}

func isBusy(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "locked") || strings.Contains(s, "busy")
}

// syncName names a PRAGMA synchronous value.
func syncName(v string) string {
	names := map[string]string{"0": "OFF", "1": "NORMAL", "2": "FULL", "3": "EXTRA"}
	if n, ok := names[v]; ok {
		return v + " (" + n + ")"
	}
	return v
}

// spread says which value each of several connections reported: "all 4:
// v", or "v on 1; w on 3" sorted by value.
func spread(vals []string) string {
	counts := map[string]int{}
	for _, v := range vals {
		counts[v]++
	}
	if len(counts) == 1 {
		return fmt.Sprintf("all %d: %s", len(vals), vals[0])
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+" on "+strconv.Itoa(counts[k]))
	}
	return strings.Join(parts, "; ")
}

// errPanic marks a panic turned into an error by catch.
var errPanic = errors.New("panic")

// catch calls fn and turns a panic into an error, for calls where a driver
// is known to panic.
func catch(fn func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%w: %v", errPanic, v)
		}
	}()
	return fn()
}
