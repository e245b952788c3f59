// Package driver is the contract between package adapter and the SQLite
// drivers under it, as database/sql/driver is to database/sql: what a
// driver implements, and nothing an application needs.
//
// A driver is a value of type [Driver]: it describes itself ([Info]),
// opens connections ([Driver.OpenConn]) and decodes its errors into
// SQLite's result codes ([Driver.DecodeError]). A connection is a
// database/sql/driver connection with two more methods ([Conn]): Interrupt
// and InTransaction. The adapter does the rest the same way for every
// driver: settings, statement cache, argument binding, value conversion,
// statement splitting, transactions, interruption, error mapping.
//
// Optional interfaces, found by type assertion: [Serializer],
// [RowIDResetter] and [HeapLimiter] on the Driver; database/sql/driver's
// SessionResetter, Validator and Pinger on connections; and
// RowsColumnTypeDatabaseTypeName and [ValueRows] on result sets.
//
// A driver package registers its driver from init ([Register]) so that
// applications can name it (adapter.Options.Driver, $ANYSQLITE_DRIVER), and
// checks itself with adapter/drivertest.TestDriver and the conformance
// suite (conformance.Run). docs/drivers.md walks through writing one.
package driver
