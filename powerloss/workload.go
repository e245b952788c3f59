package powerloss

import (
	"encoding/binary"
	"math/rand/v2"
)

// The workload: numbered transactions whose every row says which
// transaction wrote it, so that a checker can tell a database that some
// commit sequence produced from one that no sequence of whole
// transactions produces.
//
// Transaction 0 creates the schema. Transaction i (1..Txns) inserts
// rowsIn(i) rows (i, k, value(i, k, i)), rewrites the rows of
// transaction i-3 to version i (same sizes) and sets meta to (last = i,
// n = total rows). So after transactions 0..m the database holds exactly,
// for each j in 1..m, rowsIn(j) rows of version j+3 if j+3 <= m, else j;
// meta is (m, sum of rowsIn). One transaction in nine is large enough to
// spill SQLite's page cache (the worker sets cache_size to
// workerCacheKiB) and write database pages before COMMIT.
const (
	schemaSQL = `
CREATE TABLE rows(txn INTEGER NOT NULL, k INTEGER NOT NULL, v BLOB NOT NULL, PRIMARY KEY(txn, k));
CREATE INDEX rows_len ON rows(length(v), txn);
CREATE TABLE meta(id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL, n INTEGER NOT NULL);
INSERT INTO meta VALUES (1, 0, 0);`

	// rewriteLag is how far back each transaction rewrites rows.
	rewriteLag = 3

	// workerCacheKiB is the worker's page cache, small enough that a
	// large transaction spills it.
	workerCacheKiB = 128

	// headerSize is the part of a value that names its row and version.
	headerSize = 12
)

// DefaultTxns is the number of transactions a worker commits after the
// schema when Config.Txns is zero.
const DefaultTxns = 24

// large reports whether transaction i spills the page cache.
func large(i int) bool { return i%9 == 4 }

// rowsIn is the number of rows transaction i inserts.
func rowsIn(i int) int {
	if large(i) {
		return 60
	}
	return 1 + (i*7)%8
}

// rowSize is the length of the value of row (i, k).
func rowSize(i, k int) int {
	if large(i) {
		return 4000
	}
	return 24 + (i*131+k*17)%1500
}

// rowsThrough is the number of rows after transactions 0..m.
func rowsThrough(m int) int {
	n := 0
	for j := 1; j <= m; j++ {
		n += rowsIn(j)
	}
	return n
}

// versionAfter is the version of the rows of transaction j once
// transactions 0..m committed.
func versionAfter(j, m int) int {
	if j+rewriteLag <= m {
		return j + rewriteLag
	}
	return j
}

// value is the content of row (i, k) at version v: a header naming them,
// then bytes drawn from seed.
func value(seed uint64, i, k, v int) []byte {
	b := make([]byte, rowSize(i, k))
	binary.BigEndian.PutUint32(b[0:], uint32(i))
	binary.BigEndian.PutUint32(b[4:], uint32(k))
	binary.BigEndian.PutUint32(b[8:], uint32(v))
	rng := rand.New(rand.NewPCG(seed, uint64(i)<<40|uint64(k)<<20|uint64(v)))
	for j := headerSize; j < len(b); j += 8 {
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], rng.Uint64())
		copy(b[j:], w[:])
	}
	return b
}

// event is something the worker does before a commit, besides it.
type event string

// Events, each the phase the worker reports while it runs it.
const (
	eventCheckpoint  event = "checkpoint"   // WAL only, every 7th: FULL, RESTART, TRUNCATE, PASSIVE in turn
	eventJournalMode event = "journal-mode" // leave the journal mode for another and come back
	eventBackup      event = "backup"       // DB.Backup (VACUUM INTO) to backup-I.db
	eventVacuum      event = "vacuum"
)

// eventsBefore returns what the worker does before committing
// transaction i.
func eventsBefore(i int) []event {
	var es []event
	if i%7 == 0 {
		es = append(es, eventCheckpoint)
	}
	if i%11 == 5 {
		es = append(es, eventJournalMode)
	}
	if i%13 == 6 {
		es = append(es, eventBackup)
	}
	if i%17 == 8 {
		es = append(es, eventVacuum)
	}
	return es
}

// otherMode is the journal mode the journal-mode event switches to from
// mode: DELETE from WAL (leaving WAL), WAL from the rollback modes.
func otherMode(mode string) string {
	if mode == "WAL" {
		return "DELETE"
	}
	return "WAL"
}
