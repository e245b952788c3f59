package mount

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestExt4Fail makes an ext4 file system, writes to it, makes it fail and
// checks that a write is then refused with EROFS.
func TestExt4Fail(t *testing.T) {
	dir := t.TempDir()
	mnt := filepath.Join(dir, "mnt")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	m, err := Ext4(filepath.Join(dir, "img"), mnt, 16<<20)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("unsupported here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := os.WriteFile(filepath.Join(mnt, "before"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := m.Fail(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mnt, "after"), []byte("x"), 0o644); !errors.Is(err, syscall.EROFS) {
		t.Fatalf("write after Fail: %v, want EROFS", err)
	}
}

// TestTmpfsFills checks that a Tmpfs refuses a write beyond its size with
// ENOSPC.
func TestTmpfsFills(t *testing.T) {
	dir := t.TempDir()
	m, err := Tmpfs(dir, 1<<20)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("unsupported here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := os.WriteFile(filepath.Join(dir, "big"), make([]byte, 2<<20), 0o644); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("writing 2 MiB to a 1 MiB tmpfs: %v, want ENOSPC", err)
	}
}

// TestBindReadOnly checks that a BindReadOnly mount shows the source's
// files and refuses writes with EROFS, while the source stays writable.
func TestBindReadOnly(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "f"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := BindReadOnly(src, dst)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("unsupported here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if b, err := os.ReadFile(filepath.Join(dst, "f")); err != nil || string(b) != "x" {
		t.Fatalf("reading through the mount: %q, %v", b, err)
	}
	if err := os.WriteFile(filepath.Join(dst, "g"), nil, 0o644); !errors.Is(err, syscall.EROFS) {
		t.Fatalf("writing through the mount: %v, want EROFS", err)
	}
	if err := os.WriteFile(filepath.Join(src, "g"), nil, 0o644); err != nil {
		t.Fatalf("writing the source: %v", err)
	}
}
