package workload

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/anysqlite/anysqlite/adapter"
)

// user is a row of the users table every workload but large uses.
type user struct {
	ID      int64  `db:"id"`
	Created int64  `db:"created"`
	Email   string `db:"email"`
	Active  bool   `db:"active"`
}

const (
	usersSchema = `CREATE TABLE users (
	id      INTEGER PRIMARY KEY,
	created INTEGER NOT NULL,
	email   TEXT NOT NULL,
	active  INTEGER NOT NULL
)`
	insertUser  = `INSERT INTO users (id, created, email, active) VALUES (?, ?, ?, ?)`
	selectUsers = `SELECT id, created, email, active FROM users`
)

// makeUser returns user id (1-based), the same on every call.
func makeUser(id int64) user {
	return user{
		ID:      id,
		Created: 1_600_000_000 + id*7919%100_000_000,
		Email:   "user" + strconv.FormatInt(id, 10) + "@example.com",
		Active:  id%3 != 0,
	}
}

// insertUsers inserts users 1..n in one transaction.
func insertUsers(ctx context.Context, db *adapter.DB, n int) error {
	return db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
		for id := int64(1); id <= int64(n); id++ {
			u := makeUser(id)
			if _, err := tx.Run(ctx, insertUser, u.ID, u.Created, u.Email, u.Active); err != nil {
				return err
			}
		}
		return nil
	})
}

// loadUsers creates the users table and inserts users 1..n in one
// transaction, as the phase "insert".
func loadUsers(ctx context.Context, db *adapter.DB, t *timer, n int) error {
	if err := db.Exec(ctx, usersSchema); err != nil {
		return err
	}
	return t.phase("insert", func() error { return insertUsers(ctx, db, n) })
}

// checkUsers checks that us are users first, first+1, ...
func checkUsers(us []user, first int64) error {
	for i, u := range us {
		if want := makeUser(first + int64(i)); u != want {
			return fmt.Errorf("row %d = %+v, want %+v", i, u, want)
		}
	}
	return nil
}

// pick returns the i-th pseudo-random id in 1..n: every id in turn, out of
// order (7919 is prime).
func pick(i, n int) int64 { return int64(i*7919%n + 1) }

// simpleJob inserts users in one transaction and reads them all back.
var simpleJob = Workload{
	Name:        "simple",
	Description: "insert N users in one transaction (tx.Run), then read all of them into structs (db.All)",
	run: func(ctx context.Context, db *adapter.DB, p Params, t *timer) error {
		if err := loadUsers(ctx, db, t, p.SimpleUsers); err != nil {
			return err
		}
		var us []user
		if err := t.phase("query", func() error { return db.All(ctx, &us, selectUsers+" ORDER BY id") }); err != nil {
			return err
		}
		t.rows += int64(len(us))
		return errors.Join(check("rows", len(us), p.SimpleUsers), checkUsers(us, 1))
	},
	rows: func(p Params) int64 { return int64(p.SimpleUsers) },
}

const realSchema = usersSchema + `;
CREATE TABLE articles (
	id      INTEGER PRIMARY KEY,
	created INTEGER NOT NULL,
	user_id INTEGER NOT NULL REFERENCES users (id),
	text    TEXT NOT NULL
);
CREATE INDEX articles_user ON articles (user_id);
CREATE TABLE comments (
	id         INTEGER PRIMARY KEY,
	created    INTEGER NOT NULL,
	article_id INTEGER NOT NULL REFERENCES articles (id),
	text       TEXT NOT NULL
);
CREATE INDEX comments_article ON comments (article_id)`

// sentence returns generated text of about n bytes, different for each
// seed.
func sentence(seed int64, n int) string {
	words := []string{"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do",
		"eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua"}
	var b strings.Builder
	b.Grow(n + 16)
	for i := seed; b.Len() < n; i = i*31 + 7 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[(i%int64(len(words))+int64(len(words)))%int64(len(words))])
	}
	return b.String()
}

// joined is one row of the real workload's three-table join.
type joined struct {
	UserID    int64  `db:"user_id"`
	Email     string `db:"email"`
	ArticleID int64  `db:"article_id"`
	CommentID int64  `db:"comment_id"`
	Text      string `db:"text"`
}

// articleCount is one row of the real workload's per-user query.
type articleCount struct {
	ID       int64  `db:"id"`
	Text     string `db:"text"`
	Comments int    `db:"comments"`
}

// realJob is a small blog: users, their articles, the articles' comments.
var realJob = Workload{
	Name: "real",
	Description: "users with articles with comments: insert one transaction per user; " +
		"read all comments with their article and user (3-table join), then per user its articles with comment counts (join, GROUP BY)",
	run: func(ctx context.Context, db *adapter.DB, p Params, t *timer) error {
		if err := db.Exec(ctx, realSchema); err != nil {
			return err
		}
		err := t.phase("insert", func() error {
			for uid := int64(1); uid <= int64(p.RealUsers); uid++ {
				err := db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
					u := makeUser(uid)
					if _, err := tx.Run(ctx, insertUser, u.ID, u.Created, u.Email, u.Active); err != nil {
						return err
					}
					for range p.RealArticles {
						res, err := tx.Run(ctx, `INSERT INTO articles (created, user_id, text) VALUES (?, ?, ?)`,
							u.Created+1, uid, sentence(uid, 200))
						if err != nil {
							return err
						}
						aid := res.LastInsertRowID
						for k := range p.RealComments {
							if _, err := tx.Run(ctx, `INSERT INTO comments (created, article_id, text) VALUES (?, ?, ?)`,
								u.Created+2, aid, sentence(aid+int64(k), 100)); err != nil {
								return err
							}
						}
					}
					return nil
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		var rows []joined
		err = t.phase("join", func() error {
			return db.All(ctx, &rows, `SELECT u.id AS user_id, u.email, a.id AS article_id, c.id AS comment_id, c.text
FROM users u JOIN articles a ON a.user_id = u.id JOIN comments c ON c.article_id = a.id
ORDER BY u.id, a.id, c.id`)
		})
		if err != nil {
			return err
		}
		t.rows += int64(len(rows))
		if err := check("joined rows", len(rows), p.RealUsers*p.RealArticles*p.RealComments); err != nil {
			return err
		}
		for i, r := range rows {
			// ids are assigned in insertion order.
			aid := int64(i/p.RealComments + 1)
			uid := (aid-1)/int64(p.RealArticles) + 1
			if r.CommentID != int64(i+1) || r.ArticleID != aid || r.UserID != uid || r.Email != makeUser(uid).Email {
				return fmt.Errorf("joined row %d = %+v: want comment %d of article %d of user %d", i, r, i+1, aid, uid)
			}
		}
		return t.phase("per-user", func() error {
			for uid := int64(1); uid <= int64(p.RealUsers); uid++ {
				var u user
				if err := db.Get(ctx, &u, selectUsers+" WHERE id = ?", uid); err != nil {
					return err
				}
				var as []articleCount
				if err := db.All(ctx, &as, `SELECT a.id, a.text, count(c.id) AS comments
FROM articles a LEFT JOIN comments c ON c.article_id = a.id
WHERE a.user_id = ? GROUP BY a.id ORDER BY a.id`, uid); err != nil {
					return err
				}
				t.rows += 1 + int64(len(as))
				if err := errors.Join(check("user", u, makeUser(uid)), check("articles", len(as), p.RealArticles)); err != nil {
					return err
				}
				for _, a := range as {
					if a.Comments != p.RealComments || a.Text != sentence(uid, 200) {
						return fmt.Errorf("user %d: article %+v: want %d comments", uid, a, p.RealComments)
					}
				}
			}
			return nil
		})
	},
	rows: func(p Params) int64 {
		return int64(p.RealUsers*p.RealArticles*p.RealComments + p.RealUsers*(1+p.RealArticles))
	},
}

// ManyRanges is the number of 10-row range queries of the many workload.
func (p Params) ManyRanges() int { return max(1, p.ManyQueries/10) }

// manyJob runs many small queries on a small table.
var manyJob = Workload{
	Name:        "many",
	Description: "many small queries on a small table: point reads by id (db.Get), then 10-row ranges (db.All)",
	run: func(ctx context.Context, db *adapter.DB, p Params, t *timer) error {
		if err := loadUsers(ctx, db, t, p.ManyUsers); err != nil {
			return err
		}
		err := t.phase("get", func() error {
			var u user
			for i := range p.ManyQueries {
				id := pick(i, p.ManyUsers)
				if err := db.Get(ctx, &u, selectUsers+" WHERE id = ?", id); err != nil {
					return err
				}
				if err := check("user", u, makeUser(id)); err != nil {
					return err
				}
				t.rows++
			}
			return nil
		})
		if err != nil {
			return err
		}
		return t.phase("list", func() error {
			var us []user
			for i := range p.ManyRanges() {
				first := pick(i, p.ManyUsers-9)
				if err := db.All(ctx, &us, selectUsers+" WHERE id >= ? ORDER BY id LIMIT 10", first); err != nil {
					return err
				}
				if err := errors.Join(check("rows", len(us), 10), checkUsers(us, first)); err != nil {
					return err
				}
				t.rows += int64(len(us))
			}
			return nil
		})
	},
	rows: func(p Params) int64 { return int64(p.ManyQueries + 10*p.ManyRanges()) },
}

// largeJob writes and reads rows of big text.
var largeJob = Workload{
	Name:        "large",
	Description: "big text rows: insert N rows of 64 KiB in one transaction, then read them back one at a time (db.Iterate)",
	run: func(ctx context.Context, db *adapter.DB, p Params, t *timer) error {
		if err := db.Exec(ctx, `CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`); err != nil {
			return err
		}
		// Row i's body is a window of one long generated text.
		const shift = 997
		text := sentence(1, p.LargeBytes+shift)
		body := func(id int64) string { s := int(id % shift); return text[s : s+p.LargeBytes] }
		err := t.phase("insert", func() error {
			return db.ImmediateTransaction(ctx, func(tx *adapter.Tx) error {
				for id := int64(1); id <= int64(p.LargeRows); id++ {
					if _, err := tx.Run(ctx, `INSERT INTO docs (id, body) VALUES (?, ?)`, id, body(id)); err != nil {
						return err
					}
				}
				return nil
			})
		})
		if err != nil {
			return err
		}
		return t.phase("query", func() error {
			want := int64(1)
			for row, err := range db.Iterate(ctx, `SELECT id, body FROM docs ORDER BY id`) {
				if err != nil {
					return err
				}
				if row["id"] != want || row["body"] != body(want) {
					return fmt.Errorf("row %d: id %v, body of %d bytes: not what was written", want, row["id"], len(fmt.Sprint(row["body"])))
				}
				want++
				t.rows++
			}
			return check("rows", want-1, int64(p.LargeRows))
		})
	},
	rows: func(p Params) int64 { return int64(p.LargeRows) },
}

// concurrentJob runs readers beside a writer, in WAL mode.
var concurrentJob = Workload{
	Name: "concurrent",
	Description: "WAL: several goroutines read users by id (db.Get) while one inserts users one transaction at a time (db.Run); " +
		"time until all are done",
	run: func(ctx context.Context, db *adapter.DB, p Params, t *timer) error {
		if err := loadUsers(ctx, db, t, p.ConcUsers); err != nil {
			return err
		}
		err := t.phase("mixed", func() error {
			var wg sync.WaitGroup
			errs := make([]error, p.ConcReaders+1)
			wg.Go(func() {
				for i := range p.ConcWrites {
					u := makeUser(int64(p.ConcUsers + 1 + i))
					if _, err := db.Run(ctx, insertUser, u.ID, u.Created, u.Email, u.Active); err != nil {
						errs[0] = fmt.Errorf("writer: %w", err)
						return
					}
				}
			})
			for r := range p.ConcReaders {
				wg.Go(func() {
					var u user
					for i := range p.ConcQueries {
						id := pick(i+r*p.ConcQueries, p.ConcUsers)
						err := db.Get(ctx, &u, selectUsers+" WHERE id = ?", id)
						if err == nil {
							err = check("user", u, makeUser(id))
						}
						if err != nil {
							errs[r+1] = fmt.Errorf("reader %d: %w", r, err)
							return
						}
					}
				})
			}
			wg.Wait()
			return errors.Join(errs...)
		})
		if err != nil {
			return err
		}
		t.rows += int64(p.ConcReaders * p.ConcQueries)
		var n int
		if err := db.Get(ctx, &n, `SELECT count(*) FROM users`); err != nil {
			return err
		}
		return check("users after the run", n, p.ConcUsers+p.ConcWrites)
	},
	rows: func(p Params) int64 { return int64(p.ConcReaders * p.ConcQueries) },
}
