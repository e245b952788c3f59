package powerloss

// Expectation is what sqlite.org documents for a journal mode and
// synchronous setting after a power loss.
type Expectation struct {
	// Corruption is true if the documentation allows a power loss to
	// corrupt the database.
	Corruption bool `json:"corruption"`
	// MaxLost is the number of acknowledged transactions the
	// documentation allows a power loss to roll back: -1 for any number.
	MaxLost int `json:"max_lost"`
	// Says is the documentation's word, short; Refs the pages.
	Says string   `json:"says"`
	Refs []string `json:"refs"`
}

// Pages of sqlite.org that the expectations cite.
const (
	refSynchronous = "https://sqlite.org/pragma.html#pragma_synchronous"
	refJournalMode = "https://sqlite.org/pragma.html#pragma_journal_mode"
	refWALPerf     = "https://sqlite.org/wal.html#performance_considerations"
	refAtomic      = "https://sqlite.org/atomiccommit.html"
)

// Documented returns what sqlite.org says about a power loss in journal
// mode journal with synchronous sync:
//
//   - OFF: "the database might become corrupted if the operating system
//     crashes or the computer loses power" (pragma synchronous).
//   - NORMAL: "WAL mode is always consistent with synchronous=NORMAL, but
//     WAL mode does lose durability. A transaction committed in WAL mode
//     with synchronous=NORMAL might roll back following a power loss";
//     in the rollback modes NORMAL syncs "less often than in FULL mode",
//     with "a very small (though non-zero) chance that a power failure at
//     just the wrong time could corrupt the database in journal_mode=DELETE
//     on an older filesystem". No durability is promised.
//   - FULL: "ensures that an operating system crash or power failure will
//     not corrupt the database"; in WAL mode writers "sync the WAL on every
//     transaction commit if PRAGMA synchronous is set to FULL" (wal.html),
//     so every acknowledged commit survives. In DELETE mode the
//     description of EXTRA says what FULL lacks: the directory is not synced
//     after the journal is unlinked, so the last commit may roll back if
//     the power goes right after it (at most one transaction).
//   - EXTRA: FULL plus that directory sync: nothing acknowledged is lost.
func Documented(journal, sync string) Expectation {
	switch sync {
	case "OFF":
		return Expectation{Corruption: true, MaxLost: -1, Refs: []string{refSynchronous},
			Says: "may corrupt; nothing is durable"}
	case "NORMAL":
		switch journal {
		case "WAL":
			return Expectation{MaxLost: -1, Refs: []string{refSynchronous, refWALPerf},
				Says: "consistent; recent commits may roll back"}
		case "DELETE":
			return Expectation{Corruption: true, MaxLost: -1, Refs: []string{refSynchronous},
				Says: "a very small chance of corruption (older file systems); commits may roll back"}
		}
		return Expectation{MaxLost: -1, Refs: []string{refSynchronous, refJournalMode},
			Says: "syncs less often than FULL: commits may roll back"}
	case "FULL":
		if journal == "DELETE" {
			return Expectation{MaxLost: 1, Refs: []string{refSynchronous, refAtomic},
				Says: "no corruption; the last commit may roll back (see EXTRA)"}
		}
		if journal == "WAL" {
			return Expectation{MaxLost: 0, Refs: []string{refSynchronous, refWALPerf},
				Says: "no corruption; the WAL is synced at every commit"}
		}
		return Expectation{MaxLost: 0, Refs: []string{refSynchronous, refJournalMode},
			Says: "no corruption; content is on disk before the commit returns"}
	}
	switch journal {
	case "DELETE":
		return Expectation{MaxLost: 0, Refs: []string{refSynchronous},
			Says: "no corruption; durable (FULL plus a directory sync after the journal is deleted)"}
	case "WAL":
		return Expectation{MaxLost: 0, Refs: []string{refSynchronous, refWALPerf},
			Says: "no corruption; durable (as FULL: the WAL is synced at every commit)"}
	}
	return Expectation{MaxLost: 0, Refs: []string{refSynchronous},
		Says: "no corruption; durable (as FULL: this mode deletes no journal)"}
}

// Explanation is the traced cause of a finding: a row that corrupts more
// than sqlite.org documents for it, where the cause is known to lie in
// SQLite itself (so in every driver) rather than in a driver or the
// adapter. A row whose every finding is explained is reported as such
// and does not fail a run.
type Explanation struct {
	Cause string `json:"cause"`
	// Evidence says where it was traced.
	Evidence string `json:"evidence"`
}

// explained returns the explanation of corruption in journal mode
// journal at synchronous sync, if there is one.
func explained(journal, sync string) (Explanation, bool) {
	if journal == "PERSIST" && sync == "NORMAL" {
		return Explanation{
			Cause: "SQLite's pager at synchronous=NORMAL writes the journal header's magic number and record count " +
				"before syncing the records (FULL syncs the records first: syncJournal in pager.c), and PERSIST reuses the " +
				"journal in place, so the records of an earlier transaction are still there. If the power goes between that " +
				"write and the sync, and the header reaches the disk while part of a record does not, the record mixes this " +
				"transaction's page with the stale one; its checksum samples one byte in 200 and can still match, and the " +
				"rollback writes the stale bytes into the database. sqlite.org documents this chance for DELETE mode only " +
				"(\"on an older filesystem\").",
			Evidence: "a cut in keep-random-4096 mode during a commit (mattn; the state reproduces under Python's sqlite3): " +
				"the header and the record's tail and checksum reached the disk, the record's first 3580 bytes did not; " +
				"page 5 differed from the database in 193 bytes, none of them sampled by the checksum. A page cache that " +
				"writes the journal's first page back torn at a 512-byte sector (the header sector new, the next seven old) " +
				"leaves the same state.",
		}, true
	}
	return Explanation{}, false
}
