package sqlite

// Primary result codes (https://sqlite.org/rescode.html#primary_result_code_list).
const (
	ERROR      Code = 1  // SQLITE_ERROR: SQL logic error
	INTERNAL   Code = 2  // SQLITE_INTERNAL: internal error
	PERM       Code = 3  // SQLITE_PERM: access permission denied
	ABORT      Code = 4  // SQLITE_ABORT: query aborted
	BUSY       Code = 5  // SQLITE_BUSY: database is locked
	LOCKED     Code = 6  // SQLITE_LOCKED: database table is locked
	NOMEM      Code = 7  // SQLITE_NOMEM: out of memory
	READONLY   Code = 8  // SQLITE_READONLY: attempt to write a readonly database
	INTERRUPT  Code = 9  // SQLITE_INTERRUPT: interrupted
	IOERR      Code = 10 // SQLITE_IOERR: disk I/O error
	CORRUPT    Code = 11 // SQLITE_CORRUPT: database disk image is malformed
	NOTFOUND   Code = 12 // SQLITE_NOTFOUND: unknown operation
	FULL       Code = 13 // SQLITE_FULL: database or disk is full
	CANTOPEN   Code = 14 // SQLITE_CANTOPEN: unable to open database file
	PROTOCOL   Code = 15 // SQLITE_PROTOCOL: locking protocol
	EMPTY      Code = 16 // SQLITE_EMPTY: empty
	SCHEMA     Code = 17 // SQLITE_SCHEMA: database schema has changed
	TOOBIG     Code = 18 // SQLITE_TOOBIG: string or blob too big
	CONSTRAINT Code = 19 // SQLITE_CONSTRAINT: constraint failed
	MISMATCH   Code = 20 // SQLITE_MISMATCH: datatype mismatch
	MISUSE     Code = 21 // SQLITE_MISUSE: bad parameter or other API misuse
	NOLFS      Code = 22 // SQLITE_NOLFS: large file support is disabled
	AUTH       Code = 23 // SQLITE_AUTH: authorization denied
	FORMAT     Code = 24 // SQLITE_FORMAT: format error
	RANGE      Code = 25 // SQLITE_RANGE: column index out of range
	NOTADB     Code = 26 // SQLITE_NOTADB: file is not a database
)

// Extended result codes: the primary code in the low 8 bits plus detail
// (https://sqlite.org/rescode.html#extended_result_code_list). The list
// holds those an application is likely to test; any other value of
// [ExtendedCode] works the same way.
const (
	BUSY_RECOVERY         ExtendedCode = ExtendedCode(BUSY) | 1<<8
	BUSY_SNAPSHOT         ExtendedCode = ExtendedCode(BUSY) | 2<<8
	BUSY_TIMEOUT          ExtendedCode = ExtendedCode(BUSY) | 3<<8
	LOCKED_SHAREDCACHE    ExtendedCode = ExtendedCode(LOCKED) | 1<<8
	READONLY_RECOVERY     ExtendedCode = ExtendedCode(READONLY) | 1<<8
	READONLY_CANTLOCK     ExtendedCode = ExtendedCode(READONLY) | 2<<8
	READONLY_ROLLBACK     ExtendedCode = ExtendedCode(READONLY) | 3<<8
	READONLY_DBMOVED      ExtendedCode = ExtendedCode(READONLY) | 4<<8
	READONLY_CANTINIT     ExtendedCode = ExtendedCode(READONLY) | 5<<8
	READONLY_DIRECTORY    ExtendedCode = ExtendedCode(READONLY) | 6<<8
	IOERR_SHORT_READ      ExtendedCode = ExtendedCode(IOERR) | 2<<8
	IOERR_TRUNCATE        ExtendedCode = ExtendedCode(IOERR) | 6<<8
	IOERR_READ            ExtendedCode = ExtendedCode(IOERR) | 1<<8
	IOERR_WRITE           ExtendedCode = ExtendedCode(IOERR) | 3<<8
	IOERR_FSYNC           ExtendedCode = ExtendedCode(IOERR) | 4<<8
	IOERR_FSTAT           ExtendedCode = ExtendedCode(IOERR) | 7<<8
	IOERR_RDLOCK          ExtendedCode = ExtendedCode(IOERR) | 9<<8
	IOERR_DELETE_NOENT    ExtendedCode = ExtendedCode(IOERR) | 23<<8
	IOERR_IN_PAGE         ExtendedCode = ExtendedCode(IOERR) | 34<<8
	IOERR_LOCK            ExtendedCode = ExtendedCode(IOERR) | 15<<8
	IOERR_SHMOPEN         ExtendedCode = ExtendedCode(IOERR) | 18<<8
	IOERR_SHMSIZE         ExtendedCode = ExtendedCode(IOERR) | 19<<8
	IOERR_SHMMAP          ExtendedCode = ExtendedCode(IOERR) | 21<<8
	IOERR_MMAP            ExtendedCode = ExtendedCode(IOERR) | 24<<8
	IOERR_CORRUPTFS       ExtendedCode = ExtendedCode(IOERR) | 33<<8
	CANTOPEN_NOTEMPDIR    ExtendedCode = ExtendedCode(CANTOPEN) | 1<<8
	CORRUPT_VTAB          ExtendedCode = ExtendedCode(CORRUPT) | 1<<8
	CORRUPT_SEQUENCE      ExtendedCode = ExtendedCode(CORRUPT) | 2<<8
	CORRUPT_INDEX         ExtendedCode = ExtendedCode(CORRUPT) | 3<<8
	CANTOPEN_ISDIR        ExtendedCode = ExtendedCode(CANTOPEN) | 2<<8
	CANTOPEN_FULLPATH     ExtendedCode = ExtendedCode(CANTOPEN) | 3<<8
	CONSTRAINT_CHECK      ExtendedCode = ExtendedCode(CONSTRAINT) | 1<<8
	CONSTRAINT_COMMITHOOK ExtendedCode = ExtendedCode(CONSTRAINT) | 2<<8
	CONSTRAINT_FOREIGNKEY ExtendedCode = ExtendedCode(CONSTRAINT) | 3<<8
	CONSTRAINT_FUNCTION   ExtendedCode = ExtendedCode(CONSTRAINT) | 4<<8
	CONSTRAINT_NOTNULL    ExtendedCode = ExtendedCode(CONSTRAINT) | 5<<8
	CONSTRAINT_PRIMARYKEY ExtendedCode = ExtendedCode(CONSTRAINT) | 6<<8
	CONSTRAINT_TRIGGER    ExtendedCode = ExtendedCode(CONSTRAINT) | 7<<8
	CONSTRAINT_UNIQUE     ExtendedCode = ExtendedCode(CONSTRAINT) | 8<<8
	CONSTRAINT_VTAB       ExtendedCode = ExtendedCode(CONSTRAINT) | 9<<8
	CONSTRAINT_ROWID      ExtendedCode = ExtendedCode(CONSTRAINT) | 10<<8
	CONSTRAINT_DATATYPE   ExtendedCode = ExtendedCode(CONSTRAINT) | 12<<8
	AUTH_USER             ExtendedCode = ExtendedCode(AUTH) | 1<<8
	ERROR_MISSING_COLLSEQ ExtendedCode = ExtendedCode(ERROR) | 1<<8
	ERROR_RETRY           ExtendedCode = ExtendedCode(ERROR) | 2<<8
	ERROR_SNAPSHOT        ExtendedCode = ExtendedCode(ERROR) | 3<<8
	ABORT_ROLLBACK        ExtendedCode = ExtendedCode(ABORT) | 2<<8
)

var codeNames = map[Code][2]string{
	ERROR:      {"SQLITE_ERROR", "SQL logic error"},
	INTERNAL:   {"SQLITE_INTERNAL", "internal error"},
	PERM:       {"SQLITE_PERM", "access permission denied"},
	ABORT:      {"SQLITE_ABORT", "query aborted"},
	BUSY:       {"SQLITE_BUSY", "database is locked"},
	LOCKED:     {"SQLITE_LOCKED", "database table is locked"},
	NOMEM:      {"SQLITE_NOMEM", "out of memory"},
	READONLY:   {"SQLITE_READONLY", "attempt to write a readonly database"},
	INTERRUPT:  {"SQLITE_INTERRUPT", "interrupted"},
	IOERR:      {"SQLITE_IOERR", "disk I/O error"},
	CORRUPT:    {"SQLITE_CORRUPT", "database disk image is malformed"},
	NOTFOUND:   {"SQLITE_NOTFOUND", "unknown operation"},
	FULL:       {"SQLITE_FULL", "database or disk is full"},
	CANTOPEN:   {"SQLITE_CANTOPEN", "unable to open database file"},
	PROTOCOL:   {"SQLITE_PROTOCOL", "locking protocol"},
	EMPTY:      {"SQLITE_EMPTY", "empty"},
	SCHEMA:     {"SQLITE_SCHEMA", "database schema has changed"},
	TOOBIG:     {"SQLITE_TOOBIG", "string or blob too big"},
	CONSTRAINT: {"SQLITE_CONSTRAINT", "constraint failed"},
	MISMATCH:   {"SQLITE_MISMATCH", "datatype mismatch"},
	MISUSE:     {"SQLITE_MISUSE", "bad parameter or other API misuse"},
	NOLFS:      {"SQLITE_NOLFS", "large file support is disabled"},
	AUTH:       {"SQLITE_AUTH", "authorization denied"},
	FORMAT:     {"SQLITE_FORMAT", "format error"},
	RANGE:      {"SQLITE_RANGE", "column index out of range"},
	NOTADB:     {"SQLITE_NOTADB", "file is not a database"},
}

var extendedNames = map[ExtendedCode]string{
	BUSY_RECOVERY:         "SQLITE_BUSY_RECOVERY",
	BUSY_SNAPSHOT:         "SQLITE_BUSY_SNAPSHOT",
	BUSY_TIMEOUT:          "SQLITE_BUSY_TIMEOUT",
	LOCKED_SHAREDCACHE:    "SQLITE_LOCKED_SHAREDCACHE",
	READONLY_RECOVERY:     "SQLITE_READONLY_RECOVERY",
	READONLY_CANTLOCK:     "SQLITE_READONLY_CANTLOCK",
	READONLY_ROLLBACK:     "SQLITE_READONLY_ROLLBACK",
	READONLY_DBMOVED:      "SQLITE_READONLY_DBMOVED",
	READONLY_CANTINIT:     "SQLITE_READONLY_CANTINIT",
	READONLY_DIRECTORY:    "SQLITE_READONLY_DIRECTORY",
	IOERR_SHORT_READ:      "SQLITE_IOERR_SHORT_READ",
	IOERR_TRUNCATE:        "SQLITE_IOERR_TRUNCATE",
	IOERR_READ:            "SQLITE_IOERR_READ",
	IOERR_WRITE:           "SQLITE_IOERR_WRITE",
	IOERR_FSYNC:           "SQLITE_IOERR_FSYNC",
	IOERR_FSTAT:           "SQLITE_IOERR_FSTAT",
	IOERR_RDLOCK:          "SQLITE_IOERR_RDLOCK",
	IOERR_DELETE_NOENT:    "SQLITE_IOERR_DELETE_NOENT",
	IOERR_IN_PAGE:         "SQLITE_IOERR_IN_PAGE",
	IOERR_LOCK:            "SQLITE_IOERR_LOCK",
	IOERR_SHMOPEN:         "SQLITE_IOERR_SHMOPEN",
	IOERR_SHMSIZE:         "SQLITE_IOERR_SHMSIZE",
	IOERR_SHMMAP:          "SQLITE_IOERR_SHMMAP",
	IOERR_MMAP:            "SQLITE_IOERR_MMAP",
	IOERR_CORRUPTFS:       "SQLITE_IOERR_CORRUPTFS",
	CANTOPEN_NOTEMPDIR:    "SQLITE_CANTOPEN_NOTEMPDIR",
	CORRUPT_VTAB:          "SQLITE_CORRUPT_VTAB",
	CORRUPT_SEQUENCE:      "SQLITE_CORRUPT_SEQUENCE",
	CORRUPT_INDEX:         "SQLITE_CORRUPT_INDEX",
	CANTOPEN_ISDIR:        "SQLITE_CANTOPEN_ISDIR",
	CANTOPEN_FULLPATH:     "SQLITE_CANTOPEN_FULLPATH",
	CONSTRAINT_CHECK:      "SQLITE_CONSTRAINT_CHECK",
	CONSTRAINT_COMMITHOOK: "SQLITE_CONSTRAINT_COMMITHOOK",
	CONSTRAINT_FOREIGNKEY: "SQLITE_CONSTRAINT_FOREIGNKEY",
	CONSTRAINT_FUNCTION:   "SQLITE_CONSTRAINT_FUNCTION",
	CONSTRAINT_NOTNULL:    "SQLITE_CONSTRAINT_NOTNULL",
	CONSTRAINT_PRIMARYKEY: "SQLITE_CONSTRAINT_PRIMARYKEY",
	CONSTRAINT_TRIGGER:    "SQLITE_CONSTRAINT_TRIGGER",
	CONSTRAINT_UNIQUE:     "SQLITE_CONSTRAINT_UNIQUE",
	CONSTRAINT_VTAB:       "SQLITE_CONSTRAINT_VTAB",
	CONSTRAINT_ROWID:      "SQLITE_CONSTRAINT_ROWID",
	CONSTRAINT_DATATYPE:   "SQLITE_CONSTRAINT_DATATYPE",
	AUTH_USER:             "SQLITE_AUTH_USER",
	ERROR_MISSING_COLLSEQ: "SQLITE_ERROR_MISSING_COLLSEQ",
	ERROR_RETRY:           "SQLITE_ERROR_RETRY",
	ERROR_SNAPSHOT:        "SQLITE_ERROR_SNAPSHOT",
	ABORT_ROLLBACK:        "SQLITE_ABORT_ROLLBACK",
}
