package rqlite_test

import (
	"testing"

	"github.com/anysqlite/anysqlite/conformance"
	"github.com/anysqlite/anysqlite/drivers/rqlite/rqliteconform"
	"github.com/anysqlite/anysqlite/drivers/rqlite/rqlitetest"
)

// TestConformance runs the whole conformance suite on a 3-node cluster.
func TestConformance(t *testing.T) {
	c := rqlitetest.New(t, rqlitetest.Config{Args: rqliteconform.ClusterArgs})
	conformance.RunOpener(t, rqliteconform.Opener(c))
}
