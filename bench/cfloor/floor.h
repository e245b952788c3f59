// The floor loops: the suite's operations as a C program would run them on
// statements prepared once, n times in a row, without returning to Go.

#ifndef ANYSQLITE_CFLOOR_FLOOR_H
#define ANYSQLITE_CFLOOR_FLOOR_H

#include "sqlite3_api.h"

// floor_text is a TEXT value copied out of SQLite, into the floor's arena.
typedef struct floor_text {
	const char *p;
	int n;
} floor_text;

// floor_user is one row of the users table (suite.User).
typedef struct floor_user {
	sqlite3_int64 id;
	floor_text name, email;
	sqlite3_int64 age;
	double score;
	sqlite3_int64 created;
} floor_user;

// floor_hit is one row of a full-text search (suite.Hit).
typedef struct floor_hit {
	sqlite3_int64 id;
	floor_text title;
	double score;
} floor_hit;

// The statements a floor prepares, by index.
enum {
	FLOOR_GET,
	FLOOR_INSERT,
	FLOOR_PAGE,
	FLOOR_SEARCH,
	FLOOR_BEGIN,
	FLOOR_COMMIT,
	FLOOR_NSTMT
};

typedef struct floor_db floor_db;

int floor_have_api(void);
int floor_open(const char *path, int flags, const char *settings, floor_db **out);
int floor_prepare(floor_db *f, int which, const char *sql);
const char *floor_errmsg(floor_db *f);
void floor_close(floor_db *f);

int floor_get(floor_db *f, long long n, long long rows, long long stride, floor_user *last);
int floor_insert(floor_db *f, const floor_user *us, int nus, long long n);
int floor_insert_tx(floor_db *f, const floor_user *us, int nus, long long n);
int floor_page(floor_db *f, long long n, floor_user *rows, int cap, int *nrows);
int floor_search(floor_db *f, const floor_text *terms, int nterms, long long n, floor_hit *hits, int cap, int *nhits);

#endif
