//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package crashfs

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests drive the model directly, without FUSE: it is the part that
// decides what a power cut keeps.

// disk is a model over a backing directory, for a test.
type disk struct {
	t       *testing.T
	backing string
	m       *model
}

func newDisk(t *testing.T, files map[string]string) *disk {
	t.Helper()
	backing := t.TempDir()
	for name, content := range files {
		p := filepath.Join(backing, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := load(backing)
	if err != nil {
		t.Fatal(err)
	}
	return &disk{t: t, backing: backing, m: m}
}

var bg = context.Background()

func (d *disk) ok(errno syscall.Errno) {
	d.t.Helper()
	if errno != 0 {
		d.t.Fatal(errno)
	}
}

func (d *disk) file(dir *object, name string) *object {
	d.t.Helper()
	o, errno := d.m.create(bg, dir, name, 0o644, false)
	d.ok(errno)
	return o
}

func (d *disk) write(o *object, off int64, s string) {
	d.t.Helper()
	_, errno := d.m.write(bg, o, off, []byte(s))
	d.ok(errno)
}

func (d *disk) get(name string) *object {
	d.t.Helper()
	o := d.m.lookup(d.m.root, name)
	if o == nil {
		d.t.Fatalf("no %s", name)
	}
	return o
}

// cut cuts the power and returns the files of the disk afterwards.
func (d *disk) cut(mode Mode, rng *rand.Rand) map[string]string {
	d.t.Helper()
	if rng == nil {
		rng = rand.New(rand.NewPCG(1, 1))
	}
	if _, err := d.m.cut(mode, rng); err != nil {
		d.t.Fatal(err)
	}
	return d.files()
}

func (d *disk) clean() map[string]string {
	d.t.Helper()
	if _, err := d.m.flushAll(); err != nil {
		d.t.Fatal(err)
	}
	return d.files()
}

func (d *disk) files() map[string]string {
	d.t.Helper()
	if err := d.m.materialize(d.backing); err != nil {
		d.t.Fatal(err)
	}
	got := map[string]string{}
	err := filepath.WalkDir(d.backing, func(p string, e os.DirEntry, err error) error {
		if err != nil || p == d.backing {
			return err
		}
		rel, _ := filepath.Rel(d.backing, p)
		if e.IsDir() {
			got[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		got[rel] = string(b)
		return err
	})
	if err != nil {
		d.t.Fatal(err)
	}
	return got
}

func same(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("disk has %q, want %q", got, want)
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Fatalf("disk has %q, want %q", got, want)
		}
	}
}

func TestDropAllKeepsOnlyWhatWasSynced(t *testing.T) {
	d := newDisk(t, map[string]string{"a": "durable", "dir/c": "c"})
	d.write(d.get("a"), 0, "CHANGED")
	b := d.file(d.m.root, "b")
	d.write(b, 0, "synced")
	d.ok(d.m.fsync(bg, b)) // content durable, name not
	same(t, d.cut(DropAll, nil), map[string]string{"a": "durable", "dir/": "", "dir/c": "c"})
}

func TestDirectorySyncMakesNamesDurable(t *testing.T) {
	d := newDisk(t, nil)
	b := d.file(d.m.root, "b")
	d.write(b, 0, "synced")
	d.ok(d.m.fsync(bg, b))
	d.write(b, 6, "+pending")
	e := d.file(d.m.root, "empty")
	d.write(e, 0, "never synced")
	d.ok(d.m.fsync(bg, d.m.root))
	same(t, d.cut(DropAll, nil), map[string]string{"b": "synced", "empty": ""})
}

func TestUnlinkAndRenameArePendingUntilDirectorySync(t *testing.T) {
	d := newDisk(t, map[string]string{"a": "A", "b": "B", "j": "journal"})
	d.ok(d.m.unlink(bg, d.m.root, "j", false))
	d.ok(d.m.rename(bg, d.m.root, "a", d.m.root, "b", 0))
	if d.m.lookup(d.m.root, "a") != nil || d.m.lookup(d.m.root, "j") != nil {
		t.Fatal("the current namespace still has a or j")
	}
	same(t, d.cut(DropAll, nil), map[string]string{"a": "A", "b": "B", "j": "journal"})

	d = newDisk(t, map[string]string{"a": "A", "b": "B", "j": "journal"})
	d.ok(d.m.unlink(bg, d.m.root, "j", false))
	d.ok(d.m.rename(bg, d.m.root, "a", d.m.root, "b", 0))
	d.ok(d.m.fsync(bg, d.m.root))
	same(t, d.cut(DropAll, nil), map[string]string{"b": "A"})
}

func TestRenameIsDurableWithItsDestinationDirectory(t *testing.T) {
	d := newDisk(t, map[string]string{"x/a": "A", "y/keep": "k"})
	x, y := d.get("x"), d.get("y")
	d.ok(d.m.rename(bg, x, "a", y, "a2", 0))
	d.ok(d.m.fsync(bg, x)) // the source alone: not durable
	same(t, d.cut(DropAll, nil), map[string]string{"x/": "", "x/a": "A", "y/": "", "y/keep": "k"})

	d = newDisk(t, map[string]string{"x/a": "A", "y/keep": "k"})
	x, y = d.get("x"), d.get("y")
	d.ok(d.m.rename(bg, x, "a", y, "a2", 0))
	d.ok(d.m.fsync(bg, y))
	same(t, d.cut(DropAll, nil), map[string]string{"x/": "", "y/": "", "y/keep": "k", "y/a2": "A"})
}

func TestTruncateAndAllocateArePending(t *testing.T) {
	d := newDisk(t, map[string]string{"a": "0123456789", "b": "xy"})
	a, b := d.get("a"), d.get("b")
	d.ok(d.m.truncate(bg, a, 3))
	d.ok(d.m.allocate(bg, b, 0, 5, 0))
	if fi, _ := d.m.stat(b); fi.Size() != 5 {
		t.Fatalf("allocate: size %d, want 5", fi.Size())
	}
	same(t, d.cut(DropAll, nil), map[string]string{"a": "0123456789", "b": "xy"})

	d = newDisk(t, map[string]string{"a": "0123456789", "b": "xy"})
	a, b = d.get("a"), d.get("b")
	d.ok(d.m.truncate(bg, a, 3))
	d.ok(d.m.allocate(bg, b, 0, 5, 0))
	d.ok(d.m.fsync(bg, a))
	d.ok(d.m.fsync(bg, b))
	same(t, d.cut(DropAll, nil), map[string]string{"a": "012", "b": "xy\x00\x00\x00"})
}

func TestUnlinkedOpenFileStaysReadable(t *testing.T) {
	d := newDisk(t, map[string]string{"a": "content"})
	a := d.get("a")
	d.m.open(a)
	d.ok(d.m.unlink(bg, d.m.root, "a", false))
	buf := make([]byte, 7)
	if n, errno := d.m.read(a, buf, 0); errno != 0 || string(buf[:n]) != "content" {
		t.Fatalf("read of an unlinked open file: %q, %v", buf[:n], errno)
	}
	d.m.closeHandle(a)
	if a.work != nil {
		t.Fatal("the content of an unlinked closed file is kept")
	}
}

func TestCleanUnmountKeepsEverything(t *testing.T) {
	d := newDisk(t, map[string]string{"a": "A"})
	sub, errno := d.m.mkdir(bg, d.m.root, "sub", 0o755)
	d.ok(errno)
	d.write(d.file(sub, "f"), 2, "xy")
	d.write(d.get("a"), 1, "BC")
	same(t, d.clean(), map[string]string{"a": "ABC", "sub/": "", "sub/f": "\x00\x00xy"})
}

func TestNamespaceErrors(t *testing.T) {
	d := newDisk(t, map[string]string{"dir/f": "f", "g": "g"})
	checks := []struct {
		name string
		got  syscall.Errno
		want syscall.Errno
	}{
		{"rmdir non-empty", d.m.unlink(bg, d.m.root, "dir", true), syscall.ENOTEMPTY},
		{"unlink a directory", d.m.unlink(bg, d.m.root, "dir", false), syscall.EISDIR},
		{"rmdir a file", d.m.unlink(bg, d.m.root, "g", true), syscall.ENOTDIR},
		{"unlink missing", d.m.unlink(bg, d.m.root, "nope", false), syscall.ENOENT},
		{"rename noreplace", d.m.rename(bg, d.get("dir"), "f", d.m.root, "g", renameNoReplace), syscall.EEXIST},
		{"rename exchange", d.m.rename(bg, d.get("dir"), "f", d.m.root, "g", renameExchange), syscall.EINVAL},
		{"rename into itself", d.m.rename(bg, d.m.root, "dir", d.get("dir"), "x", 0), syscall.EINVAL},
		{"fallocate collapse", d.m.allocate(bg, d.get("g"), 0, 1, 0x08), syscall.EOPNOTSUPP},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if _, errno := d.m.create(bg, d.m.root, "g", 0o644, true); errno != syscall.EEXIST {
		t.Errorf("create O_EXCL of an existing file: %v", errno)
	}
}

// writes512 makes n pending 512-byte writes of distinct bytes over a
// durable file of zeros, and returns the disk and each write's byte.
func writes512(t *testing.T, n int) *disk {
	d := newDisk(t, map[string]string{"f": string(make([]byte, 512*n))})
	f := d.get("f")
	for i := range n {
		d.write(f, int64(512*i), string(bytes.Repeat([]byte{byte('a' + i)}, 512)))
	}
	return d
}

func TestKeepPrefixKeepsWritesInIssueOrder(t *testing.T) {
	const n = 6
	seen := map[int]bool{}
	for seed := range uint64(40) {
		d := writes512(t, n)
		got := []byte(d.cut(KeepPrefix, rand.New(rand.NewPCG(seed, 0)))["f"])
		k := 0
		for k < n && got[512*k] == byte('a'+k) {
			k++
		}
		for i := k; i < n; i++ {
			if got[512*i] != 0 {
				t.Fatalf("seed %d: write %d kept after write %d was lost", seed, i, k)
			}
		}
		seen[k] = true
	}
	if len(seen) < 4 {
		t.Fatalf("prefix lengths seen: %v; the prefix is not random", seen)
	}
}

func TestKeepRandomTearsWritesAtItsUnit(t *testing.T) {
	for _, c := range []struct {
		mode Mode
		unit int
	}{{KeepRandom512, 512}, {KeepRandom4096, 4096}} {
		torn, counts := false, map[int]bool{}
		for seed := range uint64(40) {
			d := newDisk(t, map[string]string{"f": string(make([]byte, 8192))})
			d.write(d.get("f"), 0, string(bytes.Repeat([]byte{'x'}, 8192)))
			got := []byte(d.cut(c.mode, rand.New(rand.NewPCG(seed, 0)))["f"])
			kept := 0
			for u := 0; u < len(got); u += c.unit {
				chunk := got[u : u+c.unit]
				switch {
				case bytes.Equal(chunk, bytes.Repeat([]byte{'x'}, c.unit)):
					kept++
				case bytes.Equal(chunk, make([]byte, c.unit)):
				default:
					t.Fatalf("%v: unit at %d is partly written", c.mode, u)
				}
			}
			torn = torn || (kept > 0 && kept < len(got)/c.unit)
			counts[kept] = true
		}
		if !torn || len(counts) < 3 {
			t.Errorf("%v: torn %v, units kept %v over 40 cuts; want torn writes and varied counts", c.mode, torn, counts)
		}
	}
}

func TestKeepRandomKeepsMetadataInOrder(t *testing.T) {
	for seed := range uint64(30) {
		d := newDisk(t, nil)
		for _, name := range []string{"a", "b", "c", "d"} {
			d.file(d.m.root, name)
		}
		got := d.cut(KeepRandom512, rand.New(rand.NewPCG(seed, 0)))
		prefix := ""
		for _, name := range []string{"a", "b", "c", "d"} {
			if _, ok := got[name]; ok {
				prefix += name
			}
		}
		if prefix != "abcd"[:len(prefix)] {
			t.Fatalf("seed %d: names kept %q: not a prefix of the creates", seed, prefix)
		}
	}
}

func TestCutAfterFreezesAtTheOperation(t *testing.T) {
	d := newDisk(t, map[string]string{"f": ""})
	f := d.get("f")
	d.m.mu.Lock()
	d.m.cutAt = 3 // CutAfter(2)
	d.m.mu.Unlock()
	d.write(f, 0, "1")
	d.write(f, 1, "2")
	select {
	case <-d.m.frozenCh:
		t.Fatal("frozen before the armed operation")
	default:
	}
	res := make(chan syscall.Errno)
	go func() {
		_, errno := d.m.write(bg, f, 2, []byte("3"))
		res <- errno
	}()
	<-d.m.frozenCh
	select {
	case errno := <-res:
		t.Fatalf("the operation at the freeze returned %v instead of blocking", errno)
	case <-time.After(50 * time.Millisecond):
	}
	d.m.release()
	if errno := <-res; errno != syscall.EIO {
		t.Fatalf("released operation: %v, want EIO", errno)
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if errno := d.m.fsync(ctx, f); errno != syscall.EIO && errno != syscall.EINTR {
		t.Fatalf("operation after the release: %v", errno)
	}
	if d.m.ops != 2 {
		t.Fatalf("%d operations performed, want 2", d.m.ops)
	}
	got := d.cut(KeepPrefix, rand.New(rand.NewPCG(7, 7)))["f"]
	if got != "" && got != "1" && got != "12" {
		t.Fatalf("after a cut at the third write the file holds %q", got)
	}
}

// A write issued after a truncate that the cut loses does not reach the
// disk either: it cannot overwrite what the file held before the truncate.
func TestKeepRandomWriteAfterLostTruncateIsLost(t *testing.T) {
	old := string(bytes.Repeat([]byte{'o'}, 4096))
	lost, kept := false, false
	for seed := range uint64(60) {
		d := newDisk(t, map[string]string{"j": old})
		j := d.get("j")
		d.ok(d.m.truncate(bg, j, 0))
		d.write(j, 0, string(bytes.Repeat([]byte{'n'}, 4096)))
		got := d.cut(KeepRandom512, rand.New(rand.NewPCG(seed, 0)))["j"]
		switch {
		case got == old:
			lost = true
		case strings.Contains(got, "o"):
			t.Fatalf("seed %d: the old content mixed with a write after the truncate: %q", seed, got)
		default:
			kept = true
		}
	}
	if !lost || !kept {
		t.Fatalf("over 60 cuts, truncate lost %t, kept %t; want both", lost, kept)
	}
}
