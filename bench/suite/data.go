package suite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/anysqlite/anysqlite/adapter"
)

// User is one row of the users table.
type User struct {
	ID      int64   `db:"id"`
	Name    string  `db:"name"`
	Email   string  `db:"email"`
	Age     int64   `db:"age"`
	Score   float64 `db:"score"`
	Created int64   `db:"created"`
}

// Hit is one row of a full-text search result.
type Hit struct {
	ID    int64   `db:"id"`
	Title string  `db:"title"`
	Score float64 `db:"score"`
}

// The schema and the statements every implementation runs, word for word.
const (
	// UsersSchema creates the users table. created is an INTEGER (Unix
	// seconds), not a DATETIME, so that no driver's declared-type
	// conversion takes part in the comparison.
	UsersSchema = `CREATE TABLE users (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL,
	email   TEXT NOT NULL,
	age     INTEGER NOT NULL,
	score   REAL NOT NULL,
	created INTEGER NOT NULL
)`
	// DocsSchema creates the FTS5 table of the search corpus.
	DocsSchema = `CREATE VIRTUAL TABLE docs USING fts5(title, body)`

	QueryGet    = `SELECT id, name, email, age, score, created FROM users WHERE id = ?`
	QueryInsert = `INSERT INTO users (name, email, age, score, created) VALUES (?, ?, ?, ?, ?)`
	QueryPage   = `SELECT id, name, email, age, score, created FROM users ORDER BY id LIMIT 100`
	QuerySearch = `SELECT rowid AS id, title, bm25(docs) AS score FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10`
)

// SeedUsers is the number of rows the users table starts with.
const SeedUsers = 10_000

// CorpusDocs is the number of documents in the search corpus.
const CorpusDocs = 100_000

// SearchTerms are the MATCH expressions the search benchmark cycles
// through: words of decreasing frequency and a two-word query, so that
// between a few hundred and several thousand documents match each.
var SearchTerms = func() []string {
	v := vocabulary()
	return []string{v[20], v[60], v[150], v[400], v[30] + " " + v[90]}
}()

// Users returns n generated users, the same on every call.
func Users(n int) []User {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	us := make([]User, n)
	for i := range us {
		first := firstNames[r.IntN(len(firstNames))]
		last := lastNames[r.IntN(len(lastNames))]
		us[i] = User{
			ID:      int64(i + 1),
			Name:    first + " " + last,
			Email:   strings.ToLower(first) + "." + strings.ToLower(last) + strconv.Itoa(i) + "@example.com",
			Age:     int64(18 + r.IntN(70)),
			Score:   float64(r.IntN(1_000_000)) / 100,
			Created: 1_600_000_000 + int64(r.IntN(100_000_000)),
		}
	}
	return us
}

var (
	firstNames = []string{"Ada", "Alan", "Barbara", "Brian", "Claude", "Dennis", "Donald", "Edsger", "Frances", "Grace",
		"Guido", "Hedy", "Ivan", "John", "Ken", "Leslie", "Linus", "Margaret", "Niklaus", "Radia", "Rob", "Tony"}
	lastNames = []string{"Hopper", "Knuth", "Lovelace", "Turing", "Liskov", "Ritchie", "Thompson", "Kernighan",
		"Dijkstra", "Hamilton", "Lamport", "Wirth", "Perlman", "Pike", "Hoare", "Allen", "Lamarr", "Sutherland"}
)

// vocabulary returns the corpus's words, most frequent first: distinct
// pronounceable words of two to four syllables.
var vocabulary = sync.OnceValue(func() []string {
	syl := []string{"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qui", "do", "fe", "gu", "ha", "jo",
		"be", "ci", "ly", "mo", "nu", "po", "ra", "se", "to", "wa", "xi", "yo"}
	r := rand.New(rand.NewPCG(2, 2))
	seen := map[string]bool{}
	words := make([]string, 0, 5000)
	for len(words) < cap(words) {
		n := 2 + r.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
})

// Doc returns document i (0-based) of the corpus: a title of three to eight
// words and a body of 30 to 80, drawn from the vocabulary with a Zipf
// distribution, as in natural text.
func Doc(r *rand.Rand, z *rand.Zipf) (title, body string) {
	v := vocabulary()
	words := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(v[z.Uint64()])
		}
		return b.String()
	}
	return words(3 + r.IntN(6)), words(30 + r.IntN(51))
}

// CacheDir is where generated databases are kept between runs:
// $ANYSQLITE_BENCH_CACHE, else anysqlite-bench in the user's cache
// directory, else in the temporary directory.
func CacheDir() string {
	if d := os.Getenv("ANYSQLITE_BENCH_CACHE"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "anysqlite-bench")
	}
	return filepath.Join(os.TempDir(), "anysqlite-bench")
}

// corpusVersion changes whenever the corpus's content would.
const corpusVersion = "v1"

var corpusMu sync.Mutex

// Corpus returns the path of the search corpus database in CacheDir,
// generating it with driver (through the adapter) if it is not there yet.
// The content is the same whichever driver generates it. Benchmarks copy
// it (CopyFile) rather than use it in place.
func Corpus(ctx context.Context, driver string) (string, error) {
	corpusMu.Lock()
	defer corpusMu.Unlock()
	dir := CacheDir()
	path := filepath.Join(dir, fmt.Sprintf("corpus-%s-%d.db", corpusVersion, CorpusDocs))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	os.Remove(tmp)
	if err := generateCorpus(ctx, tmp, driver); err != nil {
		removeDB(tmp)
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		removeDB(tmp)
		return "", err
	}
	return path, nil
}

func generateCorpus(ctx context.Context, path, driver string) error {
	db, err := adapter.Open(ctx, path, &adapter.Options{Driver: driver, JournalMode: "DELETE"})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Exec(ctx, DocsSchema); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(3, 3))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(vocabulary())-1))
	const batch = 10_000
	for start := 0; start < CorpusDocs; start += batch {
		err := db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
			st, err := tx.Prepare(ctx, "INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)")
			if err != nil {
				return err
			}
			defer st.Close()
			for i := start; i < min(start+batch, CorpusDocs); i++ {
				title, body := Doc(r, z)
				if _, err := st.Run(ctx, i+1, title, body); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return db.Exec(ctx, "INSERT INTO docs(docs) VALUES ('optimize')")
}

// CopyFile copies the database file src to dst, which must not exist.
func CopyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// removeDB removes a database file and its companions.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// CreateUsers creates a database at path holding the users table with n
// generated rows, through the adapter with driver, and closes it.
func CreateUsers(ctx context.Context, path, driver string, n int) error {
	db, err := adapter.Open(ctx, path, &adapter.Options{Driver: driver})
	if err != nil {
		return err
	}
	err = db.Exec(ctx, UsersSchema)
	if err == nil && n > 0 {
		err = db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
			for _, u := range Users(n) {
				if _, err := tx.Run(ctx, QueryInsert, u.Name, u.Email, u.Age, u.Score, u.Created); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return errors.Join(err, db.Close())
}
