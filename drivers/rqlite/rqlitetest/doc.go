// Package rqlitetest builds rqlited and runs rqlite clusters on loopback
// ports for tests, benchmarks and the conformance run, the way
// net/http/httptest runs HTTP servers.
//
// [Binary] builds rqlited from the separate tools module in tools/rqlited
// of this repository (which pins github.com/rqlite/rqlite/v8 v8.36.0, MIT
// licence; the main go.mod never requires it) and caches the executable
// under the user cache directory, keyed by the tools module's go.mod and
// go.sum and the Go toolchain, so only the first run pays for the build
// (minutes: rqlited links SQLite through cgo). $ANYSQLITE_RQLITED names a
// prebuilt rqlited to use instead.
//
// [Start] (or [New] in a test) starts N nodes, each with its own data
// directory and two loopback ports (HTTP API and Raft), waits until they
// agree on a leader, and returns a [Cluster] whose nodes can be killed
// (SIGKILL), stopped, paused (SIGSTOP: the node keeps its sockets but
// answers nothing, like a network partition) and restarted. [Cluster.Close]
// kills every node; on Linux each node also gets SIGKILL when the process
// that started it dies (prctl PR_SET_PDEATHSIG), so a test binary that
// panics or times out leaves no rqlited behind.
//
// Clusters need Unix signals: on other systems Binary and Start return an
// error wrapping [errors.ErrUnsupported].
package rqlitetest
