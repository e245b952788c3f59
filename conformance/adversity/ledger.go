package adversity

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
)

// ledgerSchema is the table every write of a storm goes to: one row per
// write, tagged with the write's unique id. There is deliberately no
// unique constraint, so a write applied twice shows as two rows.
const ledgerSchema = "CREATE TABLE ledger(unit INTEGER NOT NULL, pad TEXT)"

// ledger records the outcome of every call of a storm, to be checked
// against the database afterwards: a write is expected exactly once if the
// call that made it returned nil and so did every transaction and
// savepoint around it, and expected absent otherwise, except that a call
// whose error wraps adapter.ErrOutcomeUnknown (a remote engine that could
// not learn whether the write was applied) may have applied it once.
type ledger struct {
	next atomic.Int64

	mu     sync.Mutex
	units  []unit
	counts counts
	shape  []string // calls whose error does not have the documented shape
}

// counts are the figures of a storm.
type counts struct {
	Calls, Nil, Errors, Interrupted int
}

// unit is one write: a row with id.
type unit struct {
	id   int64
	op   string
	own  *outcome   // the call that made the write
	deps []*outcome // the transactions and savepoints around it, innermost first
}

// outcome is what one call returned, filled in when it returns.
type outcome struct {
	done bool
	err  error
}

// ok reports whether the call returned nil.
func (o *outcome) ok() bool { return o.done && o.err == nil }

// newID returns a fresh write id.
func (l *ledger) newID() int64 { return l.next.Add(1) }

// write registers a write of id by call own inside deps.
func (l *ledger) write(id int64, op string, own *outcome, deps []*outcome) {
	l.mu.Lock()
	l.units = append(l.units, unit{id: id, op: op, own: own, deps: slices.Clone(deps)})
	l.mu.Unlock()
}

// end records the result of a call made under ctx into o, and checks the
// shape of its error.
func (l *ledger) end(ctx context.Context, o *outcome, what string, err error) error {
	return l.record(ctx, o, what, err, badShape)
}

// endSQL is end for a call through database/sql (DB.SQL), whose own checks
// of the context return ctx.Err() itself: the error need not satisfy
// errors.Is(err, sqlite.INTERRUPT).
func (l *ledger) endSQL(ctx context.Context, o *outcome, what string, err error) error {
	return l.record(ctx, o, what, err, badSQLShape)
}

// record records the result of a call, checking its error with shapeOK.
func (l *ledger) record(ctx context.Context, o *outcome, what string, err error, bad func(context.Context, error) string) error {
	o.done, o.err = true, err
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts.Calls++
	if err == nil {
		l.counts.Nil++
		return nil
	}
	l.counts.Errors++
	if errors.Is(err, sqlite.INTERRUPT) {
		l.counts.Interrupted++
	}
	if why := bad(ctx, err); why != "" && len(l.shape) < 10 {
		l.shape = append(l.shape, fmt.Sprintf("%s: %s: %v", what, why, err))
	}
	return err
}

// badShape checks an error against the adapter's rule for ended contexts:
// an error its context caused satisfies errors.Is(err, ctx.Err()) and
// errors.Is(err, sqlite.INTERRUPT), never errors.Is(err,
// sqlite.BUSY); a call whose context did not end is never reported
// interrupted. Errors of a transaction that an earlier interrupt or Close
// rolled back carry that earlier cause and are not checked here.
func badShape(ctx context.Context, err error) string {
	if errors.Is(err, adapter.ErrTxRolledBack) || errors.Is(err, adapter.ErrClosed) || errors.Is(err, errPlanned) {
		return ""
	}
	ctxErr := error(nil)
	if ctx != nil {
		ctxErr = ctx.Err()
	}
	claims := errors.Is(err, sqlite.INTERRUPT) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
	switch {
	case !claims:
		return ""
	case ctxErr == nil:
		return "reported interrupted, but its context had not ended"
	case !errors.Is(err, ctxErr):
		return "does not satisfy errors.Is(err, ctx.Err())"
	case !errors.Is(err, sqlite.INTERRUPT):
		return "does not satisfy errors.Is(err, sqlite.INTERRUPT)"
	case errors.Is(err, sqlite.BUSY):
		return "satisfies errors.Is(err, sqlite.BUSY) too"
	}
	return ""
}

// badSQLShape is badShape for calls through database/sql.
func badSQLShape(ctx context.Context, err error) string {
	why := badShape(ctx, err)
	if why == "does not satisfy errors.Is(err, sqlite.INTERRUPT)" {
		return ""
	}
	return why
}

// verdict is the comparison of a ledger with the database.
type verdict struct {
	counts
	Writes, Lost, Phantom, Duplicated int
	// Unknown counts the writes whose call returned ErrOutcomeUnknown,
	// UnknownApplied those of them found in the database; a call's
	// writes must be all present or all absent (Partial counts the calls
	// that broke that).
	Unknown, UnknownApplied, Partial int
	examples                         []string
}

// check compares the ledger with the rows of the ledger table, read by q.
func (l *ledger) check(ctx context.Context, q adapter.Querier) (verdict, error) {
	var rows []struct {
		Unit int64 `db:"unit"`
		N    int   `db:"n"`
	}
	if err := q.All(ctx, &rows, "SELECT unit, count(*) AS n FROM ledger GROUP BY unit"); err != nil {
		return verdict{}, fmt.Errorf("reading the ledger: %w", err)
	}
	present := make(map[int64]int, len(rows))
	for _, r := range rows {
		present[r.Unit] = r.N
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	v := verdict{counts: l.counts, Writes: len(l.units)}
	type tally struct{ writes, present int }
	unknownCalls := map[*outcome]*tally{} // the writes of each call whose outcome was unknown
	for _, u := range l.units {
		want := u.own.ok()
		for _, d := range u.deps {
			want = want && d.ok()
		}
		got := present[u.id]
		unknown := u.own.done && errors.Is(u.own.err, adapter.ErrOutcomeUnknown)
		if unknown {
			v.Unknown++
			t := unknownCalls[u.own]
			if t == nil {
				t = &tally{}
				unknownCalls[u.own] = t
			}
			t.writes++
			if got > 0 {
				v.UnknownApplied++
				t.present++
			}
		}
		switch {
		case want && got == 0:
			v.Lost++
			v.note(fmt.Sprintf("write %d (%s) lost: its call returned nil%s", u.id, u.op, depsText(u)))
		case !want && got > 0 && !unknown:
			v.Phantom++
			v.note(fmt.Sprintf("write %d (%s) present although %s", u.id, u.op, whyAbsent(u)))
		case got > 1:
			v.Duplicated++
			v.note(fmt.Sprintf("write %d (%s) present %d times", u.id, u.op, got))
		}
		delete(present, u.id)
	}
	for _, t := range unknownCalls {
		if t.present > 0 && t.present < t.writes {
			v.Partial++
			v.note(fmt.Sprintf("a call with an unknown outcome applied %d of its %d writes", t.present, t.writes))
		}
	}
	for id, n := range present {
		v.Phantom += n
		v.note(fmt.Sprintf("row for unknown write %d", id))
	}
	return v, nil
}

func (v *verdict) note(s string) {
	if len(v.examples) < 5 {
		v.examples = append(v.examples, s)
	}
}

// depsText describes the enclosing calls of u.
func depsText(u unit) string {
	if len(u.deps) == 0 {
		return ""
	}
	return fmt.Sprintf(" inside %d transaction level(s) that returned nil", len(u.deps))
}

// whyAbsent says which call's error makes u expected absent.
func whyAbsent(u unit) string {
	if !u.own.ok() {
		return fmt.Sprintf("its call returned %v", errOrUnfinished(u.own))
	}
	for i, d := range u.deps {
		if !d.ok() {
			return fmt.Sprintf("enclosing level %d returned %v", i+1, errOrUnfinished(d))
		}
	}
	return "?"
}

func errOrUnfinished(o *outcome) any {
	if !o.done {
		return "nothing (it never returned)"
	}
	return o.err
}

// problems lists what is wrong with the verdict and the error shapes.
func (l *ledger) problems(v verdict) []string {
	var out []string
	if v.Lost+v.Phantom+v.Duplicated+v.Partial > 0 {
		out = append(out, fmt.Sprintf("ledger: %d writes, %d lost, %d phantom, %d duplicated, %d calls with an unknown outcome applied in part: %s",
			v.Writes, v.Lost, v.Phantom, v.Duplicated, v.Partial, strings.Join(v.examples, "; ")))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.shape) > 0 {
		out = append(out, "error shapes: "+strings.Join(l.shape, "; "))
	}
	return out
}
