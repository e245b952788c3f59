package api

import (
	"context"
	"database/sql"
	"errors"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
	"github.com/google/go-cmp/cmp"
)

// usersTable is the Setup of the destination cases.
const usersTable = `CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, age INTEGER);
	INSERT INTO users(name, email, age) VALUES ('ann', 'ann@example.com', 30), ('bob', NULL, NULL);`

// Destination types of the Get and All cases.
type (
	// user maps columns by db tag; nullable columns are pointers.
	user struct {
		ID    int64   `db:"id"`
		Name  string  `db:"name"`
		Email *string `db:"email"`
		Age   *int    `db:"age"`
	}

	// audit is embedded in account, whose columns it flattens.
	audit struct {
		Created string `db:"created"`
	}
	account struct {
		ID int64 `db:"id"`
		audit
		Note sql.NullString `db:"note"`
	}

	// Stamp is embedded by pointer in ticket, which the adapter allocates;
	// stamp, unexported, is embedded by pointer in draft, which
	// reflection cannot allocate.
	Stamp struct {
		Created string `db:"created"`
	}
	stamp struct {
		Created string `db:"created"`
	}
	ticket struct {
		ID int64 `db:"id"`
		*Stamp
	}
	draft struct {
		ID int64 `db:"id"`
		*stamp
	}

	// nullable has sql.Scanner fields.
	nullable struct {
		Email   sql.NullString `db:"email"`
		Age     sql.NullInt64  `db:"age"`
		NoEmail sql.NullString `db:"no_email"`
		NoAge   sql.NullInt64  `db:"no_age"`
	}

	// untagged is matched by field name, ignoring case.
	untagged struct {
		ID   int64
		Name string
	}
)

// getCases: Get and All into structs, scalars, slices and Rows.
var getCases = []spec.Case{
	{
		Name: "GetNoRows",
		Doc:  "Get of a query without rows is ErrNoRows, which is also sql.ErrNoRows",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var n int64
			err := e.DB.Get(ctx, &n, "SELECT 1 WHERE 0")
			if !errors.Is(err, sql.ErrNoRows) {
				return nil, spec.Failf("error %v is not sql.ErrNoRows", err)
			}
			return nil, err
		},
		WantErr: adapter.ErrNoRows,
	},
	{
		Name:  "AllNoRows",
		Doc:   "All of a query without rows gives an empty, non-nil slice (replacing what the slice held) and no error",
		Setup: usersTable,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			users := []user{{Name: "stale"}}
			if err := e.DB.All(ctx, &users, "SELECT * FROM users WHERE 0"); err != nil {
				return nil, err
			}
			var rows []adapter.Row
			if err := e.DB.All(ctx, &rows, "SELECT * FROM users WHERE 0"); err != nil {
				return nil, err
			}
			return []any{users != nil, len(users), rows != nil, len(rows)}, nil
		},
		Want: []any{true, 0, true, 0},
	},
	{
		Name:   "GetStruct",
		Doc:    "Get fills a struct by db tags; NULL columns leave pointer fields nil",
		Setup:  usersTable,
		Action: get[user]("SELECT * FROM users WHERE name = ?", "bob"),
		Want:   user{ID: 2, Name: "bob"},
	},
	{
		Name:   "GetStructPointerFields",
		Doc:    "non-NULL columns fill pointer fields",
		Setup:  usersTable,
		Action: get[user]("SELECT * FROM users WHERE id = 1"),
		Want:   user{ID: 1, Name: "ann", Email: ptr("ann@example.com"), Age: ptr(30)},
	},
	{
		Name:   "GetStructEmbedded",
		Doc:    "columns fill the fields of an embedded struct, and sql.NullString fields",
		Setup:  "CREATE TABLE acc(id INTEGER PRIMARY KEY, created TEXT, note TEXT); INSERT INTO acc VALUES (7, '2024-01-01', NULL)",
		Action: get[account]("SELECT id, created, note FROM acc"),
		Want:   account{ID: 7, audit: audit{Created: "2024-01-01"}},
		Cmp:    []cmp.Option{cmp.AllowUnexported(account{})},
	},
	{
		Name:  "GetStructEmbeddedPointer",
		Doc:   "columns fill the fields of a struct embedded by pointer, allocated for them, in Get and in each element of All",
		Setup: "CREATE TABLE acc(id INTEGER PRIMARY KEY, created TEXT); INSERT INTO acc VALUES (7, '2024-01-01'), (8, '2024-02-02')",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var one ticket
			if err := e.DB.Get(ctx, &one, "SELECT id, created FROM acc WHERE id = 8"); err != nil {
				return nil, err
			}
			var every []ticket
			err := e.DB.All(ctx, &every, "SELECT id, created FROM acc ORDER BY id")
			return append(every, one), err
		},
		Want: []ticket{{ID: 7, Stamp: &Stamp{Created: "2024-01-01"}}, {ID: 8, Stamp: &Stamp{Created: "2024-02-02"}},
			{ID: 8, Stamp: &Stamp{Created: "2024-02-02"}}},
	},
	{
		Name:    "GetStructUnexportedEmbeddedPointer",
		Doc:     "a column that maps into a struct embedded by a pointer to an unexported type (which reflection cannot allocate) is ErrDestination, not a panic",
		Setup:   "CREATE TABLE acc(id INTEGER PRIMARY KEY, created TEXT); INSERT INTO acc VALUES (7, '2024-01-01')",
		Action:  get[draft]("SELECT id, created FROM acc"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:   "GetStructScannerFields",
		Doc:    "sql.Scanner fields (sql.NullString, sql.NullInt64) are valid with the value of a non-NULL column and invalid for NULL",
		Setup:  usersTable,
		Action: get[nullable]("SELECT a.email AS email, a.age AS age, b.email AS no_email, b.age AS no_age FROM users a, users b WHERE a.id = 1 AND b.id = 2"),
		Want: nullable{
			Email: sql.NullString{String: "ann@example.com", Valid: true}, Age: sql.NullInt64{Int64: 30, Valid: true},
		},
	},
	{
		Name:   "GetStructByFieldName",
		Doc:    "untagged fields match columns by name, ignoring case",
		Setup:  usersTable,
		Action: get[untagged]("SELECT id AS ID, name AS NAME FROM users WHERE id = 1"),
		Want:   untagged{ID: 1, Name: "ann"},
	},
	{
		Name:   "GetStructFewerColumns",
		Doc:    "a query with fewer columns than fields leaves the other fields zero",
		Setup:  usersTable,
		Action: get[user]("SELECT name FROM users WHERE id = 1"),
		Want:   user{Name: "ann"},
	},
	{
		Name:    "GetStructUnknownColumn",
		Doc:     "a column without a matching field is ErrDestination, not silently dropped",
		Setup:   usersTable,
		Action:  get[user]("SELECT id, name, 1 AS surprise FROM users"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:    "AllStructUnknownColumn",
		Doc:     "All into structs with a column without a field is ErrDestination",
		Setup:   usersTable,
		Action:  all[user]("SELECT id, name AS nom FROM users"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:   "AllStructs",
		Doc:    "All fills a slice of structs in row order",
		Setup:  usersTable,
		Action: all[user]("SELECT * FROM users ORDER BY id"),
		Want:   []user{{ID: 1, Name: "ann", Email: ptr("ann@example.com"), Age: ptr(30)}, {ID: 2, Name: "bob"}},
	},
	{
		Name:   "AllPointersToStructs",
		Doc:    "All fills a []*T with one new struct per row",
		Setup:  usersTable,
		Action: all[*user]("SELECT id, name FROM users ORDER BY id DESC"),
		Want:   []*user{{ID: 2, Name: "bob"}, {ID: 1, Name: "ann"}},
	},
	{
		Name:   "GetScalar",
		Doc:    "Get reads a one-column row into a scalar",
		Setup:  usersTable,
		Action: get[string]("SELECT name FROM users WHERE id = ?", 2),
		Want:   "bob",
	},
	{
		Name:   "GetFirstRow",
		Doc:    "Get of a query with several rows reads the first",
		Setup:  usersTable,
		Action: get[int64]("SELECT id FROM users ORDER BY id DESC"),
		Want:   int64(2),
	},
	{
		Name:   "AllScalars",
		Doc:    "All reads a one-column result into a slice of scalars",
		Setup:  usersTable,
		Action: all[string]("SELECT name FROM users ORDER BY name DESC"),
		Want:   []string{"bob", "ann"},
	},
	{
		Name:   "AllNullableScalars",
		Doc:    "All reads NULL into a slice of pointers as nil",
		Setup:  usersTable,
		Action: all[*int64]("SELECT age FROM users ORDER BY id"),
		Want:   []*int64{ptr(int64(30)), nil},
	},
	{
		Name:    "GetScalarTwoColumns",
		Doc:     "Get of a two-column result into a scalar is ErrDestination",
		Action:  get[int64]("SELECT 1, 2"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:   "GetAny",
		Doc:    "Get into *any holds the storage-class value",
		Action: get[any]("SELECT 'x' || 1"),
		Want:   "x1",
	},
	{
		Name:   "GetRow",
		Doc:    "Get reads a Row keyed by column name",
		Setup:  usersTable,
		Action: get[adapter.Row]("SELECT id, name, email, age FROM users WHERE id = 2"),
		Want:   adapter.Row{"id": int64(2), "name": "bob", "email": nil, "age": nil},
	},
	{
		Name:  "AllRows",
		Doc:   "All reads Rows, one map per row",
		Setup: usersTable,
		Query: "SELECT id, age FROM users ORDER BY id",
		Want:  []adapter.Row{{"id": int64(1), "age": int64(30)}, {"id": int64(2), "age": nil}},
	},
	{
		Name:  "ColumnNames",
		Doc:   "Row keys are SQLite's column names: the column for t.x, the alias, and the expression text as written",
		Setup: "CREATE TABLE t(x); INSERT INTO t VALUES (5)",
		Query: "SELECT t.x, t.x AS y, 1+1, count(*), upper('a')  FROM t",
		Want:  []adapter.Row{{"x": int64(5), "y": int64(5), "1+1": int64(2), "count(*)": int64(1), "upper('a')": "A"}},
	},
	{
		Name:    "GetRowDuplicateColumns",
		Doc:     "a result with two columns of the same name into a Row is ErrDestination, not one value silently lost",
		Setup:   usersTable,
		Action:  get[adapter.Row]("SELECT u.id, v.id FROM users u JOIN users v ON v.id = u.id"),
		WantErr: adapter.ErrDestination,
	},
	{
		Name:    "AllRowsDuplicateColumns",
		Doc:     "All into Rows with duplicate column names is ErrDestination",
		Query:   "SELECT 1 AS a, 2 AS a",
		WantErr: adapter.ErrDestination,
	},
	{
		Name: "GetNotAPointer",
		Doc:  "Get into a non-pointer is ErrDestination",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var n int64
			return nil, e.DB.Get(ctx, n, "SELECT 1")
		},
		WantErr: adapter.ErrDestination,
	},
	{
		Name: "AllNotASlice",
		Doc:  "All into a pointer to a non-slice is ErrDestination",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			var u user
			return nil, e.DB.All(ctx, &u, "SELECT 1 AS id")
		},
		WantErr: adapter.ErrDestination,
	},
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }
