package rqliteconform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// Heading is the heading of the matrix's section on the failover ledger.
const Heading = "rqlite: failover"

// ReadResults reads the figures conform failover wrote to file.
func ReadResults(file string) (*Results, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var res Results
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(res.Runs) == 0 {
		return nil, fmt.Errorf("%s: no failover runs", file)
	}
	return &res, nil
}

// Markdown is the body of the matrix's section [Heading]: the figures of
// the failover ledger through the adapter, a column per way of reaching
// the leader. They come from the measurement committed beside the matrix
// (conform failover, at file, which the section links), not from the
// conformance run, so that regenerating the matrix does not change them.
func (res *Results) Markdown(file string) []byte {
	var b bytes.Buffer
	renderResults(&b, res, file)
	return b.Bytes()
}

func renderResults(b *bytes.Buffer, res *Results, file string) {
	cfg := res.Config
	fmt.Fprintf(b, "Measured by `%s` on %s: a 3-node cluster on loopback ports; %d writers, each its own `adapter.DB` "+
		"with every node in its DSN, append rows with `DB.Run` and %d readers read them back with `DB.Get` at levels strong and "+
		"linearizable, while the leader is killed (SIGKILL) and restarted %d times and then a follower is paused (SIGSTOP, as if "+
		"partitioned) and resumed, %g s apart. The ledger then checks that every acknowledged write is present exactly once, "+
		"that no write that failed (and did not say `ErrOutcomeUnknown`) is present, and that no read returned data older than "+
		"a write acknowledged before it began (figures: [%s](%s)). *redirect*: the driver follows a follower's redirect to the leader (the default); "+
		"*forward*: followers forward requests to the leader (DSN `forward=true`). See [distributed.md](distributed.md) for "+
		"how a write whose response was lost is resolved.\n\n",
		res.Command, res.Server, cfg.Writers, cfg.Readers, cfg.LeaderKills, cfg.PhaseSeconds, path.Base(file), file)
	b.WriteString("| |")
	for _, run := range res.Runs {
		b.WriteString(" " + run.Mode + " |")
	}
	b.WriteString("\n|---|")
	for range res.Runs {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	row := func(name string, cell func(f rqlitetest.Figures) string) {
		b.WriteString("| " + name + " |")
		for _, run := range res.Runs {
			b.WriteString(" " + cell(run.Figures) + " |")
		}
		b.WriteString("\n")
	}
	row("run time", func(f rqlitetest.Figures) string { return fmt.Sprintf("%.0f s", f.Seconds) })
	row("writes acknowledged", func(f rqlitetest.Figures) string { return count(f.Acknowledged) })
	row("writes that failed (not applied)", func(f rqlitetest.Figures) string { return count(f.FailedClean) })
	row("writes with unknown outcome (`ErrOutcomeUnknown`), of them applied", func(f rqlitetest.Figures) string {
		return count(f.OutcomeUnknown) + ", " + count(f.UnknownApplied)
	})
	row("leader kills", func(f rqlitetest.Figures) string { return count(int64(f.LeaderKills)) })
	row("first acknowledged write after each kill", func(f rqlitetest.Figures) string { return seconds(f.FirstWriteAfterKill) })
	row("first acknowledged write after pausing a follower", func(f rqlitetest.Figures) string { return seconds(f.FirstWriteAfterPause) })
	row("strong / linearizable reads", func(f rqlitetest.Figures) string {
		return count(f.Reads["strong"]) + " / " + count(f.Reads["linearizable"])
	})
	row("acknowledged writes missing or applied twice", func(f rqlitetest.Figures) string { return count(f.Missing + f.Duplicated) })
	row("failed writes present", func(f rqlitetest.Figures) string { return count(f.FailedPresent) })
	row("reads older than an acknowledged write", func(f rqlitetest.Figures) string { return count(f.StaleReads) })
	b.WriteString("\n")
	for _, run := range res.Runs {
		if len(run.Violations) > 0 {
			fmt.Fprintf(b, "**%s: the ledger broke:** %s.\n\n", run.Mode, strings.Join(run.Violations, "; "))
		}
	}
}

func count(n int64) string {
	s := fmt.Sprint(n)
	if n < 10000 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func seconds(xs []float64) string {
	if len(xs) == 0 {
		return "—"
	}
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(parts, ", ") + " s"
}
