package rqliteconform

import (
	"context"

	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// ClusterArgs are the rqlited flags of the clusters the suite runs on:
// foreign keys enforced, as the adapter's default (Options.NoForeignKeys
// false) has them on every connection of a local database.
var ClusterArgs = []string{"-fk"}

// Start starts a 3-node cluster for the suite or the failover ledger,
// with rqlited at binary (empty: rqlitetest.Binary's, built and cached).
func Start(ctx context.Context, binary string) (*rqlitetest.Cluster, error) {
	return rqlitetest.Start(ctx, rqlitetest.Config{Args: ClusterArgs, Binary: binary})
}
