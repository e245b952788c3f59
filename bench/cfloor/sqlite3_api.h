// Declarations of the SQLite C API functions the floor loops call.
//
// The definitions come from the SQLite amalgamation that
// github.com/mattn/go-sqlite3 compiles into the same binary, with mattn's
// compile options and build tags, so the loops run on exactly the SQLite
// the mattn driver runs on, and no second copy is compiled. The
// declarations are weak, as in drivers/mattn/sqlite3_api.h: cgo links each
// package's C code into a test executable (_cgo_.o) on its own, where
// mattn's objects are absent. In the final binary the references bind to
// mattn's definitions; floor_have_api checks that they did.

#ifndef ANYSQLITE_CFLOOR_SQLITE3_API_H
#define ANYSQLITE_CFLOOR_SQLITE3_API_H

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef long long int sqlite3_int64;

#define SQLITE_OK 0
#define SQLITE_ROW 100
#define SQLITE_DONE 101
#define SQLITE_OPEN_READWRITE 0x00000002
#define SQLITE_OPEN_CREATE 0x00000004
#define SQLITE_OPEN_URI 0x00000040
#define SQLITE_OPEN_NOMUTEX 0x00008000
#define SQLITE_STATIC ((void (*)(void *))0)

#define FLOOR_WEAK __attribute__((weak))

extern int sqlite3_open_v2(const char *filename, sqlite3 **ppDb, int flags, const char *zVfs) FLOOR_WEAK;
extern int sqlite3_close_v2(sqlite3 *) FLOOR_WEAK;
extern int sqlite3_exec(sqlite3 *, const char *sql, int (*callback)(void *, int, char **, char **), void *, char **errmsg) FLOOR_WEAK;
extern int sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nByte, sqlite3_stmt **ppStmt, const char **pzTail) FLOOR_WEAK;
extern int sqlite3_finalize(sqlite3_stmt *pStmt) FLOOR_WEAK;
extern int sqlite3_step(sqlite3_stmt *) FLOOR_WEAK;
extern int sqlite3_reset(sqlite3_stmt *pStmt) FLOOR_WEAK;
extern int sqlite3_bind_int64(sqlite3_stmt *, int, sqlite3_int64) FLOOR_WEAK;
extern int sqlite3_bind_double(sqlite3_stmt *, int, double) FLOOR_WEAK;
extern int sqlite3_bind_text(sqlite3_stmt *, int, const char *, int, void (*)(void *)) FLOOR_WEAK;
extern sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *, int iCol) FLOOR_WEAK;
extern double sqlite3_column_double(sqlite3_stmt *, int iCol) FLOOR_WEAK;
extern const unsigned char *sqlite3_column_text(sqlite3_stmt *, int iCol) FLOOR_WEAK;
extern int sqlite3_column_bytes(sqlite3_stmt *, int iCol) FLOOR_WEAK;
extern const char *sqlite3_errmsg(sqlite3 *) FLOOR_WEAK;
extern const char *sqlite3_errstr(int) FLOOR_WEAK;
extern void sqlite3_free(void *) FLOOR_WEAK;

#endif
