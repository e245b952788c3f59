//go:build cgo

// Declarations of the SQLite C API functions this package calls directly.
//
// The definitions come from the SQLite amalgamation that
// github.com/mattn/go-sqlite3 compiles into the same binary (or from the
// system libsqlite3 with mattn's libsqlite3 build tag), so this package
// neither bundles nor links a second copy of SQLite. The declarations are
// weak: cgo links each package's C code into a test executable (_cgo_.o)
// on its own, where mattn's objects are absent and strong references would
// be unresolved. In the final binary the references bind to mattn's
// definitions; a function the linked SQLite lacks stays NULL, which the
// helpers check before calling it.
//
// The sqlite3_vfs structure is copied from sqlite3.h (iVersion 3); its
// layout is part of SQLite's stable ABI.

#ifndef ANYSQLITE_MATTN_SQLITE3_API_H
#define ANYSQLITE_MATTN_SQLITE3_API_H

#include <stddef.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3_value sqlite3_value;
typedef struct sqlite3_file sqlite3_file;
typedef long long int sqlite3_int64;
typedef unsigned long long int sqlite3_uint64;
typedef void (*sqlite3_syscall_ptr)(void);

typedef struct sqlite3_vfs sqlite3_vfs;
struct sqlite3_vfs {
	int iVersion;
	int szOsFile;
	int mxPathname;
	sqlite3_vfs *pNext;
	const char *zName;
	void *pAppData;
	int (*xOpen)(sqlite3_vfs *, const char *zName, sqlite3_file *, int flags, int *pOutFlags);
	int (*xDelete)(sqlite3_vfs *, const char *zName, int syncDir);
	int (*xAccess)(sqlite3_vfs *, const char *zName, int flags, int *pResOut);
	int (*xFullPathname)(sqlite3_vfs *, const char *zName, int nOut, char *zOut);
	void *(*xDlOpen)(sqlite3_vfs *, const char *zFilename);
	void (*xDlError)(sqlite3_vfs *, int nByte, char *zErrMsg);
	void (*(*xDlSym)(sqlite3_vfs *, void *, const char *zSymbol))(void);
	void (*xDlClose)(sqlite3_vfs *, void *);
	int (*xRandomness)(sqlite3_vfs *, int nByte, char *zOut);
	int (*xSleep)(sqlite3_vfs *, int microseconds);
	int (*xCurrentTime)(sqlite3_vfs *, double *);
	int (*xGetLastError)(sqlite3_vfs *, int, char *);
	/* iVersion 2 */
	int (*xCurrentTimeInt64)(sqlite3_vfs *, sqlite3_int64 *);
	/* iVersion 3 */
	int (*xSetSystemCall)(sqlite3_vfs *, const char *zName, sqlite3_syscall_ptr);
	sqlite3_syscall_ptr (*xGetSystemCall)(sqlite3_vfs *, const char *zName);
	const char *(*xNextSystemCall)(sqlite3_vfs *, const char *zName);
};

#define ANYSQLITE_SQLITE_OK 0
#define ANYSQLITE_SQLITE_ERROR 1
#define ANYSQLITE_SQLITE_NOMEM 7
#define ANYSQLITE_SQLITE_INTERRUPT 9
#define ANYSQLITE_SQLITE_IOERR 10
#define ANYSQLITE_SQLITE_CANTOPEN 14
#define ANYSQLITE_SQLITE_MISUSE 21
#define ANYSQLITE_SQLITE_ROW 100
#define ANYSQLITE_SQLITE_DONE 101
#define ANYSQLITE_SQLITE_IOERR_NOMEM (ANYSQLITE_SQLITE_IOERR | (12 << 8))
#define ANYSQLITE_SQLITE_INTEGER 1
#define ANYSQLITE_SQLITE_FLOAT 2
#define ANYSQLITE_SQLITE_TEXT 3
#define ANYSQLITE_SQLITE_BLOB 4
#define ANYSQLITE_SQLITE_NULL 5
#define ANYSQLITE_SQLITE_UTF8 1
#define ANYSQLITE_SQLITE_STMTSTATUS_REPREPARE 5
#define ANYSQLITE_SQLITE_STATIC ((void (*)(void *))0)
#define ANYSQLITE_SQLITE_TRANSIENT ((void (*)(void *))-1)
#define ANYSQLITE_SQLITE_DESERIALIZE_FREEONCLOSE 1
#define ANYSQLITE_SQLITE_DESERIALIZE_RESIZEABLE 2

#define ANYSQLITE_WEAK __attribute__((weak))

extern sqlite3_vfs *sqlite3_vfs_find(const char *zVfsName) ANYSQLITE_WEAK;
extern int sqlite3_vfs_register(sqlite3_vfs *, int makeDflt) ANYSQLITE_WEAK;
extern int sqlite3_is_interrupted(sqlite3 *) ANYSQLITE_WEAK;
extern void sqlite3_interrupt(sqlite3 *) ANYSQLITE_WEAK;
extern int sqlite3_get_autocommit(sqlite3 *) ANYSQLITE_WEAK;
extern void *sqlite3_commit_hook(sqlite3 *, int (*)(void *), void *) ANYSQLITE_WEAK;
extern int sqlite3_db_config(sqlite3 *, int op, ...) ANYSQLITE_WEAK;
extern unsigned char *sqlite3_serialize(sqlite3 *db, const char *zSchema, sqlite3_int64 *piSize, unsigned int mFlags) ANYSQLITE_WEAK;
extern int sqlite3_deserialize(sqlite3 *db, const char *zSchema, unsigned char *pData, sqlite3_int64 szDb, sqlite3_int64 szBuf, unsigned mFlags) ANYSQLITE_WEAK;
extern void *sqlite3_malloc64(sqlite3_uint64) ANYSQLITE_WEAK;
extern void sqlite3_free(void *) ANYSQLITE_WEAK;
extern int sqlite3_extended_errcode(sqlite3 *db) ANYSQLITE_WEAK;
extern const char *sqlite3_errmsg(sqlite3 *) ANYSQLITE_WEAK;
extern int sqlite3_errcode(sqlite3 *db) ANYSQLITE_WEAK;
extern int sqlite3_system_errno(sqlite3 *) ANYSQLITE_WEAK;
extern sqlite3_int64 sqlite3_last_insert_rowid(sqlite3 *) ANYSQLITE_WEAK;
extern void sqlite3_set_last_insert_rowid(sqlite3 *, sqlite3_int64) ANYSQLITE_WEAK;
extern sqlite3_int64 sqlite3_changes64(sqlite3 *) ANYSQLITE_WEAK;

// Statements, see step.go.
extern sqlite3 *sqlite3_db_handle(sqlite3_stmt *) ANYSQLITE_WEAK;
extern int sqlite3_step(sqlite3_stmt *) ANYSQLITE_WEAK;
extern int sqlite3_reset(sqlite3_stmt *) ANYSQLITE_WEAK;
extern int sqlite3_clear_bindings(sqlite3_stmt *) ANYSQLITE_WEAK;
extern int sqlite3_stmt_status(sqlite3_stmt *, int op, int resetFlg) ANYSQLITE_WEAK;
extern int sqlite3_bind_parameter_index(sqlite3_stmt *, const char *zName) ANYSQLITE_WEAK;
extern int sqlite3_bind_null(sqlite3_stmt *, int) ANYSQLITE_WEAK;
extern int sqlite3_bind_int64(sqlite3_stmt *, int, sqlite3_int64) ANYSQLITE_WEAK;
extern int sqlite3_bind_double(sqlite3_stmt *, int, double) ANYSQLITE_WEAK;
extern int sqlite3_bind_text64(sqlite3_stmt *, int, const char *, sqlite3_uint64, void (*)(void *), unsigned char encoding) ANYSQLITE_WEAK;
extern int sqlite3_bind_blob64(sqlite3_stmt *, int, const void *, sqlite3_uint64, void (*)(void *)) ANYSQLITE_WEAK;
extern int sqlite3_column_count(sqlite3_stmt *) ANYSQLITE_WEAK;
extern const char *sqlite3_column_name(sqlite3_stmt *, int N) ANYSQLITE_WEAK;
extern const char *sqlite3_column_decltype(sqlite3_stmt *, int N) ANYSQLITE_WEAK;
extern int sqlite3_column_type(sqlite3_stmt *, int iCol) ANYSQLITE_WEAK;
extern sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *, int iCol) ANYSQLITE_WEAK;
extern double sqlite3_column_double(sqlite3_stmt *, int iCol) ANYSQLITE_WEAK;
extern const unsigned char *sqlite3_column_text(sqlite3_stmt *, int iCol) ANYSQLITE_WEAK;
extern const void *sqlite3_column_blob(sqlite3_stmt *, int iCol) ANYSQLITE_WEAK;
extern int sqlite3_column_bytes(sqlite3_stmt *, int iCol) ANYSQLITE_WEAK;
extern sqlite3_value *sqlite3_column_value(sqlite3_stmt *, int iCol) ANYSQLITE_WEAK;
extern int sqlite3_value_type(sqlite3_value *) ANYSQLITE_WEAK;
extern sqlite3_int64 sqlite3_value_int64(sqlite3_value *) ANYSQLITE_WEAK;
extern double sqlite3_value_double(sqlite3_value *) ANYSQLITE_WEAK;
extern const unsigned char *sqlite3_value_text(sqlite3_value *) ANYSQLITE_WEAK;
extern const void *sqlite3_value_blob(sqlite3_value *) ANYSQLITE_WEAK;
extern int sqlite3_value_bytes(sqlite3_value *) ANYSQLITE_WEAK;
extern sqlite3_int64 sqlite3_hard_heap_limit64(sqlite3_int64) ANYSQLITE_WEAK;

#endif
