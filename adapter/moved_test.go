package adapter

import (
	"os"
	"path/filepath"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// BenchmarkFileIdentityCheck is the cost the moved-file check (moved.go)
// adds to each write outside a transaction and to each BEGIN: one
// stat(2). Compare with BenchmarkSQL/Insert in ./bench.
func BenchmarkFileIdentityCheck(b *testing.B) {
	path := filepath.Join(b.TempDir(), "x.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	f := newFileIdentity(contract.ConnConfig{Path: path})
	if err := f.check(nil); err != nil || !f.recorded {
		b.Fatalf("first check: %v, recorded %t", err, f.recorded)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := f.check(nil); err != nil {
			b.Fatal(err)
		}
	}
}
