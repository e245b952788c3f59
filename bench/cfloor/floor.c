#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "floor.h"

// The arena holds the TEXT values of one operation's rows: a C program
// copies what it keeps out of SQLite's memory before the next step, as the
// Go implementations copy into strings.
#define FLOOR_ARENA (64 << 10)

// FLOOR_ERROR is the result of a failure that is not SQLite's: its
// message is in msg.
#define FLOOR_ERROR (-1)

struct floor_db {
	sqlite3 *db;
	sqlite3_stmt *st[FLOOR_NSTMT];
	int used;
	char msg[256];
	char arena[FLOOR_ARENA];
};

int floor_have_api(void) {
	return sqlite3_open_v2 && sqlite3_close_v2 && sqlite3_exec && sqlite3_prepare_v2 && sqlite3_finalize &&
		sqlite3_step && sqlite3_reset && sqlite3_bind_int64 && sqlite3_bind_double && sqlite3_bind_text &&
		sqlite3_column_int64 && sqlite3_column_double && sqlite3_column_text && sqlite3_column_bytes &&
		sqlite3_errmsg && sqlite3_errstr && sqlite3_free;
}

static int fail(floor_db *f, const char *msg) {
	snprintf(f->msg, sizeof f->msg, "%s", msg);
	return FLOOR_ERROR;
}

// sqlerr records SQLite's message for the failed result rc.
static int sqlerr(floor_db *f, int rc) {
	snprintf(f->msg, sizeof f->msg, "%s (%s)", sqlite3_errmsg(f->db), sqlite3_errstr(rc));
	return rc == SQLITE_OK ? FLOOR_ERROR : rc;
}

int floor_open(const char *path, int flags, const char *settings, floor_db **out) {
	floor_db *f = calloc(1, sizeof *f);
	*out = f;
	if (f == NULL) {
		return FLOOR_ERROR;
	}
	int rc = sqlite3_open_v2(path, &f->db, flags, NULL);
	if (rc != SQLITE_OK) {
		return f->db == NULL ? fail(f, "sqlite3_open_v2 failed") : sqlerr(f, rc);
	}
	char *msg = NULL;
	rc = sqlite3_exec(f->db, settings, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		fail(f, msg != NULL ? msg : "settings failed");
		sqlite3_free(msg);
		return rc;
	}
	return SQLITE_OK;
}

int floor_prepare(floor_db *f, int which, const char *sql) {
	sqlite3_finalize(f->st[which]);
	f->st[which] = NULL;
	int rc = sqlite3_prepare_v2(f->db, sql, -1, &f->st[which], NULL);
	return rc == SQLITE_OK ? rc : sqlerr(f, rc);
}

const char *floor_errmsg(floor_db *f) { return f->msg; }

void floor_close(floor_db *f) {
	if (f == NULL) {
		return;
	}
	for (int i = 0; i < FLOOR_NSTMT; i++) {
		sqlite3_finalize(f->st[i]);
	}
	sqlite3_close_v2(f->db);
	free(f);
}

// text copies column i of s into the arena.
static int text(floor_db *f, sqlite3_stmt *s, int i, floor_text *out) {
	const unsigned char *p = sqlite3_column_text(s, i);
	int n = sqlite3_column_bytes(s, i);
	if (p == NULL && n > 0) {
		return fail(f, "out of memory reading a TEXT value");
	}
	if (n > FLOOR_ARENA - f->used) {
		return fail(f, "arena full");
	}
	char *dst = f->arena + f->used;
	memcpy(dst, p, n);
	f->used += n;
	out->p = dst;
	out->n = n;
	return SQLITE_OK;
}

// user reads the current row of s, a QueryGet or QueryPage, into u.
static int user(floor_db *f, sqlite3_stmt *s, floor_user *u) {
	u->id = sqlite3_column_int64(s, 0);
	int rc = text(f, s, 1, &u->name);
	if (rc == SQLITE_OK) {
		rc = text(f, s, 2, &u->email);
	}
	u->age = sqlite3_column_int64(s, 3);
	u->score = sqlite3_column_double(s, 4);
	u->created = sqlite3_column_int64(s, 5);
	return rc;
}

// finish resets s after its last step returned rc, and returns the error
// of the execution, if any.
static int finish(floor_db *f, sqlite3_stmt *s, int rc) {
	int reset = sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		return sqlerr(f, reset);
	}
	return SQLITE_OK;
}

// floor_get reads the users (i*stride % rows) + 1 for i in [0, n), each
// with one step of QueryGet, and leaves the last in *last.
int floor_get(floor_db *f, long long n, long long rows, long long stride, floor_user *last) {
	sqlite3_stmt *s = f->st[FLOOR_GET];
	for (long long i = 0; i < n; i++) {
		f->used = 0;
		int rc = sqlite3_bind_int64(s, 1, (i * stride) % rows + 1);
		if (rc != SQLITE_OK) {
			return sqlerr(f, rc);
		}
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW) {
			if (rc == SQLITE_DONE) {
				sqlite3_reset(s);
				return fail(f, "no such user");
			}
			return finish(f, s, rc);
		}
		if ((rc = user(f, s, last)) != SQLITE_OK) {
			sqlite3_reset(s);
			return rc;
		}
		if ((rc = finish(f, s, SQLITE_ROW)) != SQLITE_OK) {
			return rc;
		}
	}
	return SQLITE_OK;
}

// insert binds u to QueryInsert and runs it. The TEXT values are bound
// without a copy (SQLITE_STATIC): they outlive the step.
static int insert(floor_db *f, const floor_user *u) {
	sqlite3_stmt *s = f->st[FLOOR_INSERT];
	int rc = sqlite3_bind_text(s, 1, u->name.p, u->name.n, SQLITE_STATIC) |
		sqlite3_bind_text(s, 2, u->email.p, u->email.n, SQLITE_STATIC) |
		sqlite3_bind_int64(s, 3, u->age) |
		sqlite3_bind_double(s, 4, u->score) |
		sqlite3_bind_int64(s, 5, u->created);
	if (rc != SQLITE_OK) {
		return sqlerr(f, rc);
	}
	return finish(f, s, sqlite3_step(s));
}

// run runs a statement without parameters or rows: BEGIN, COMMIT.
static int run(floor_db *f, int which) {
	sqlite3_stmt *s = f->st[which];
	return finish(f, s, sqlite3_step(s));
}

// floor_insert inserts us[i % nus] for i in [0, n), each in its own
// transaction (autocommit).
int floor_insert(floor_db *f, const floor_user *us, int nus, long long n) {
	for (long long i = 0; i < n; i++) {
		int rc = insert(f, &us[i % nus]);
		if (rc != SQLITE_OK) {
			return rc;
		}
	}
	return SQLITE_OK;
}

// floor_insert_tx runs n transactions that each insert us[0:nus].
int floor_insert_tx(floor_db *f, const floor_user *us, int nus, long long n) {
	for (long long i = 0; i < n; i++) {
		int rc = run(f, FLOOR_BEGIN);
		for (int j = 0; j < nus && rc == SQLITE_OK; j++) {
			rc = insert(f, &us[j]);
		}
		if (rc != SQLITE_OK) {
			sqlite3_exec(f->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		if ((rc = run(f, FLOOR_COMMIT)) != SQLITE_OK) {
			return rc;
		}
	}
	return SQLITE_OK;
}

// floor_page runs QueryPage n times, reading its rows into rows[0:cap];
// *nrows is the number of rows of the last run.
int floor_page(floor_db *f, long long n, floor_user *rows, int cap, int *nrows) {
	sqlite3_stmt *s = f->st[FLOOR_PAGE];
	for (long long i = 0; i < n; i++) {
		f->used = 0;
		int k = 0, rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (k == cap) {
				sqlite3_reset(s);
				return fail(f, "more rows than room");
			}
			if ((rc = user(f, s, &rows[k++])) != SQLITE_OK) {
				sqlite3_reset(s);
				return rc;
			}
		}
		if ((rc = finish(f, s, rc)) != SQLITE_OK) {
			return rc;
		}
		*nrows = k;
	}
	return SQLITE_OK;
}

// floor_search runs QuerySearch n times with terms[i % nterms], reading
// its rows into hits[0:cap]; *nhits is the number of rows of the last run.
int floor_search(floor_db *f, const floor_text *terms, int nterms, long long n, floor_hit *hits, int cap, int *nhits) {
	sqlite3_stmt *s = f->st[FLOOR_SEARCH];
	for (long long i = 0; i < n; i++) {
		f->used = 0;
		const floor_text *t = &terms[i % nterms];
		int k = 0, rc = sqlite3_bind_text(s, 1, t->p, t->n, SQLITE_STATIC);
		if (rc != SQLITE_OK) {
			return sqlerr(f, rc);
		}
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (k == cap) {
				sqlite3_reset(s);
				return fail(f, "more rows than room");
			}
			floor_hit *h = &hits[k++];
			h->id = sqlite3_column_int64(s, 0);
			if ((rc = text(f, s, 1, &h->title)) != SQLITE_OK) {
				sqlite3_reset(s);
				return rc;
			}
			h->score = sqlite3_column_double(s, 2);
		}
		if ((rc = finish(f, s, rc)) != SQLITE_OK) {
			return rc;
		}
		*nhits = k;
	}
	return SQLITE_OK;
}
