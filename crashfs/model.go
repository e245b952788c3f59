//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package crashfs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
)

// object is an inode: a regular file or a directory. It has a current
// state, which programs see through the mount, and a durable state, which
// is what the disk holds.
type object struct {
	id   uint64
	dir  bool
	perm uint32 // permission bits; not modelled for durability

	// Current state.
	children map[string]*object // directories: entries
	links    int                // files: names in the current namespace
	opens    int                // files: open handles
	work     *os.File           // files: content; nil once dropped

	// Durable state.
	entries map[string]*object // directories: entries on disk
	disk    *os.File           // files: content on disk; nil means empty
}

// opKind is the kind of a pending operation.
type opKind uint8

const (
	opWrite    opKind = iota // data at off
	opTruncate               // set the size
	opExtend                 // fallocate: grow to size if smaller
	opLink                   // create, mknod, mkdir, link: dir/name -> obj
	opUnlink                 // unlink, rmdir: remove dir/name (if it is obj)
	opRename                 // dir/name -> dir2/name2 (obj)
)

// metadata reports whether the operation changes metadata rather than
// file content: the KeepRandom modes keep these as a prefix.
func (k opKind) metadata() bool { return k != opWrite }

// op is an operation that is not durable yet.
type op struct {
	seq   uint64
	kind  opKind
	obj   *object
	off   int64
	data  []byte
	size  int64
	dir   *object
	name  string
	dir2  *object
	name2 string
}

// syncedBy returns the object whose fsync makes the operation durable: the
// file for data operations, the directory for namespace operations, and
// for a rename the destination directory (the rename, source and
// destination entries together, is durable once the destination directory
// is synced; syncing only the source directory does not make it durable).
func (p *op) syncedBy() *object {
	switch p.kind {
	case opWrite, opTruncate, opExtend:
		return p.obj
	case opRename:
		return p.dir2
	}
	return p.dir
}

// unit is the part of an operation that a power cut keeps or loses as a
// whole: an operation, or an aligned piece of a write.
type unit struct {
	p    *op
	off  int64
	data []byte
}

// units splits p at multiples of size (0: not at all).
func (p *op) units(size int64) []unit {
	if p.kind != opWrite || size <= 0 {
		return []unit{{p: p, off: p.off, data: p.data}}
	}
	var us []unit
	for off, end := p.off, p.off+int64(len(p.data)); off < end; {
		next := min((off/size+1)*size, end)
		us = append(us, unit{p: p, off: off, data: p.data[off-p.off : next-p.off]})
		off = next
	}
	return us
}

// model is the state of a crash-simulating file system. Every method is
// safe for concurrent use. Mutating methods take the caller's context:
// once the file system is frozen they block until it is released or ctx
// is done.
type model struct {
	mu      sync.Mutex
	state   string // private directory holding work/ and disk/
	nextID  uint64
	root    *object
	objects []*object // every object ever made, to close their files
	pending []*op
	seq     uint64

	ops      int64 // mutating operations performed
	cutAt    int64 // freeze when operation number cutAt arrives; 0: never
	frozen   bool
	frozenCh chan struct{} // closed when frozen
	released chan struct{} // closed when blocked operations may fail
	ended    bool          // cut or unmounted

	trace io.Writer // if set, gets a line per operation performed
}

// errFrozen is returned by an operation that arrived after the freeze and
// was released (EIO, as a disk that lost power).
const errFrozen = syscall.EIO

func newModel(state string) *model {
	m := &model{state: state, frozenCh: make(chan struct{}), released: make(chan struct{})}
	m.root = m.newObject(true, 0o755)
	return m
}

func (m *model) newObject(dir bool, perm uint32) *object {
	m.nextID++
	o := &object{id: m.nextID, dir: dir, perm: perm & 0o7777}
	if dir {
		o.children = map[string]*object{}
		o.entries = map[string]*object{}
	}
	m.objects = append(m.objects, o)
	return o
}

func (m *model) workPath(o *object) string {
	return filepath.Join(m.state, "work", strconv.FormatUint(o.id, 10))
}

func (m *model) diskPath(o *object) string {
	return filepath.Join(m.state, "disk", strconv.FormatUint(o.id, 10))
}

// enter starts a mutating operation. It counts the operation and freezes
// the file system first if the operation is the one armed by cutAt (which
// is then not performed). On success it returns 0 with m.mu held; the
// caller performs the operation and unlocks.
func (m *model) enter(ctx context.Context) syscall.Errno {
	m.mu.Lock()
	if !m.frozen && m.cutAt > 0 && m.ops+1 >= m.cutAt {
		m.freezeLocked()
	}
	if m.frozen || m.ended {
		released := m.released
		m.mu.Unlock()
		select {
		case <-released:
			return errFrozen
		case <-ctx.Done():
			return syscall.EINTR
		}
	}
	m.ops++
	return 0
}

func (m *model) freezeLocked() {
	if !m.frozen {
		m.frozen = true
		close(m.frozenCh)
	}
}

// freeze stops all further mutating operations: they block until release.
func (m *model) freeze() {
	m.mu.Lock()
	m.freezeLocked()
	m.mu.Unlock()
}

// release makes blocked and later mutating operations fail with EIO.
func (m *model) release() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.freezeLocked()
	select {
	case <-m.released:
	default:
		close(m.released)
	}
}

func (m *model) record(p *op) {
	m.seq++
	p.seq = m.seq
	m.pending = append(m.pending, p)
	if m.trace != nil {
		m.traceOp(p)
	}
}

// traceOp writes the trace line of p.
func (m *model) traceOp(p *op) {
	var s string
	switch p.kind {
	case opWrite:
		s = fmt.Sprintf("write #%d [%d, +%d)", p.obj.id, p.off, len(p.data))
	case opTruncate:
		s = fmt.Sprintf("truncate #%d %d", p.obj.id, p.size)
	case opExtend:
		s = fmt.Sprintf("allocate #%d %d", p.obj.id, p.size)
	case opLink:
		s = fmt.Sprintf("link #%d/%s -> #%d", p.dir.id, p.name, p.obj.id)
	case opUnlink:
		s = fmt.Sprintf("unlink #%d/%s (#%d)", p.dir.id, p.name, p.obj.id)
	case opRename:
		s = fmt.Sprintf("rename #%d/%s -> #%d/%s (#%d)", p.dir.id, p.name, p.dir2.id, p.name2, p.obj.id)
	}
	fmt.Fprintf(m.trace, "%d %s\n", m.ops, s)
}

// lookup returns the current entry name of dir, or nil.
func (m *model) lookup(dir *object, name string) *object {
	m.mu.Lock()
	defer m.mu.Unlock()
	return dir.children[name]
}

// dirEntry is a current directory entry.
type dirEntry struct {
	name string
	obj  *object
}

// list returns the current entries of dir, sorted by name.
func (m *model) list(dir *object) []dirEntry {
	m.mu.Lock()
	defer m.mu.Unlock()
	es := make([]dirEntry, 0, len(dir.children))
	for name, o := range dir.children {
		es = append(es, dirEntry{name, o})
	}
	slices.SortFunc(es, func(a, b dirEntry) int { return cmpString(a.name, b.name) })
	return es
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// stat returns the current size and modification time source of o.
func (m *model) stat(o *object) (os.FileInfo, syscall.Errno) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if o.dir || o.work == nil {
		return nil, 0
	}
	fi, err := o.work.Stat()
	if err != nil {
		return nil, errnoOf(err)
	}
	return fi, 0
}

// nlink returns the current link count of o.
func (m *model) nlink(o *object) uint32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !o.dir {
		return uint32(o.links)
	}
	n := uint32(2)
	for _, c := range o.children {
		if c.dir {
			n++
		}
	}
	return n
}

// read reads the current content of o at off.
func (m *model) read(o *object, buf []byte, off int64) (int, syscall.Errno) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if o.dir {
		return 0, syscall.EISDIR
	}
	if o.work == nil {
		return 0, syscall.EIO
	}
	n, err := o.work.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return n, errnoOf(err)
	}
	return n, 0
}

// write writes data at off: at once to the current content, and as a
// pending operation to the disk.
func (m *model) write(ctx context.Context, o *object, off int64, data []byte) (int, syscall.Errno) {
	if errno := m.enter(ctx); errno != 0 {
		return 0, errno
	}
	defer m.mu.Unlock()
	if o.dir || o.work == nil {
		return 0, syscall.EBADF
	}
	n, err := o.work.WriteAt(data, off)
	if n > 0 {
		m.record(&op{kind: opWrite, obj: o, off: off, data: bytes.Clone(data[:n])})
	}
	if err != nil {
		return n, errnoOf(err)
	}
	return n, 0
}

// truncate sets the size of o.
func (m *model) truncate(ctx context.Context, o *object, size int64) syscall.Errno {
	if errno := m.enter(ctx); errno != 0 {
		return errno
	}
	defer m.mu.Unlock()
	if o.dir || o.work == nil {
		return syscall.EISDIR
	}
	if err := o.work.Truncate(size); err != nil {
		return errnoOf(err)
	}
	m.record(&op{kind: opTruncate, obj: o, size: size})
	return 0
}

// fallocate modes (linux/falloc.h).
const (
	fallocKeepSize  = 0x01
	fallocPunchHole = 0x02
)

// allocate is fallocate(2): mode 0 grows the file to off+length if it is
// smaller; FALLOC_FL_KEEP_SIZE alone only reserves space, which the model
// ignores; FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE writes zeros. Other
// modes are not supported (EOPNOTSUPP).
func (m *model) allocate(ctx context.Context, o *object, off, length int64, mode uint32) syscall.Errno {
	switch mode {
	case 0, fallocKeepSize, fallocPunchHole | fallocKeepSize:
	default:
		return syscall.EOPNOTSUPP
	}
	if errno := m.enter(ctx); errno != 0 {
		return errno
	}
	defer m.mu.Unlock()
	if o.dir || o.work == nil {
		return syscall.EISDIR
	}
	fi, err := o.work.Stat()
	if err != nil {
		return errnoOf(err)
	}
	switch mode {
	case 0:
		if end := off + length; end > fi.Size() {
			if err := o.work.Truncate(end); err != nil {
				return errnoOf(err)
			}
			m.record(&op{kind: opExtend, obj: o, size: end})
		}
	case fallocPunchHole | fallocKeepSize:
		end := min(off+length, fi.Size())
		if end > off {
			zeros := make([]byte, end-off)
			if _, err := o.work.WriteAt(zeros, off); err != nil {
				return errnoOf(err)
			}
			m.record(&op{kind: opWrite, obj: o, off: off, data: zeros})
		}
	}
	return 0
}

// fsync makes the pending operations of o durable: for a file its data and
// size (fsync and fdatasync alike), for a directory the entries created,
// renamed into it or removed from it.
func (m *model) fsync(ctx context.Context, o *object) syscall.Errno {
	if errno := m.enter(ctx); errno != 0 {
		return errno
	}
	defer m.mu.Unlock()
	if m.trace != nil {
		fmt.Fprintf(m.trace, "%d fsync #%d\n", m.ops, o.id)
	}
	kept := m.pending[:0]
	var err error
	for _, p := range m.pending {
		if p.syncedBy() != o {
			kept = append(kept, p)
			continue
		}
		if err == nil {
			err = m.apply(unit{p: p, off: p.off, data: p.data})
		}
	}
	clear(m.pending[len(kept):])
	m.pending = kept
	if err != nil {
		return errnoOf(err)
	}
	return 0
}

// create makes a new regular file name in dir. If name exists and excl is
// false, it returns the existing file.
func (m *model) create(ctx context.Context, dir *object, name string, perm uint32, excl bool) (*object, syscall.Errno) {
	if errno := m.enter(ctx); errno != 0 {
		return nil, errno
	}
	defer m.mu.Unlock()
	if old := dir.children[name]; old != nil {
		switch {
		case excl:
			return nil, syscall.EEXIST
		case old.dir:
			return nil, syscall.EISDIR
		}
		return old, 0
	}
	o := m.newObject(false, perm)
	f, err := os.OpenFile(m.workPath(o), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, errnoOf(err)
	}
	o.work = f
	m.linkLocked(dir, name, o)
	return o, 0
}

func (m *model) linkLocked(dir *object, name string, o *object) {
	dir.children[name] = o
	if !o.dir {
		o.links++
	}
	m.record(&op{kind: opLink, dir: dir, name: name, obj: o})
}

// mkdir makes a new directory name in dir.
func (m *model) mkdir(ctx context.Context, dir *object, name string, perm uint32) (*object, syscall.Errno) {
	if errno := m.enter(ctx); errno != 0 {
		return nil, errno
	}
	defer m.mu.Unlock()
	if dir.children[name] != nil {
		return nil, syscall.EEXIST
	}
	o := m.newObject(true, perm)
	m.linkLocked(dir, name, o)
	return o, 0
}

// link gives the file target a new name in dir.
func (m *model) link(ctx context.Context, dir *object, name string, target *object) syscall.Errno {
	if errno := m.enter(ctx); errno != 0 {
		return errno
	}
	defer m.mu.Unlock()
	switch {
	case target.dir:
		return syscall.EPERM
	case dir.children[name] != nil:
		return syscall.EEXIST
	case target.links == 0:
		return syscall.ENOENT
	}
	m.linkLocked(dir, name, target)
	return 0
}

// unlink removes the file name from dir (wantDir false) or the empty
// directory name (wantDir true).
func (m *model) unlink(ctx context.Context, dir *object, name string, wantDir bool) syscall.Errno {
	if errno := m.enter(ctx); errno != 0 {
		return errno
	}
	defer m.mu.Unlock()
	o := dir.children[name]
	switch {
	case o == nil:
		return syscall.ENOENT
	case wantDir && !o.dir:
		return syscall.ENOTDIR
	case !wantDir && o.dir:
		return syscall.EISDIR
	case o.dir && len(o.children) > 0:
		return syscall.ENOTEMPTY
	}
	m.unlinkLocked(dir, name, o)
	return 0
}

func (m *model) unlinkLocked(dir *object, name string, o *object) {
	delete(dir.children, name)
	if !o.dir {
		o.links--
		m.dropWork(o)
	}
	m.record(&op{kind: opUnlink, dir: dir, name: name, obj: o})
}

// dropWork releases the current content of a file that has no name and
// no open handle left: nobody can read it any more.
func (m *model) dropWork(o *object) {
	if o.links > 0 || o.opens > 0 || o.work == nil {
		return
	}
	o.work.Close()
	os.Remove(m.workPath(o))
	o.work = nil
}

// rename flags (linux/fs.h).
const (
	renameNoReplace = 1 << 0
	renameExchange  = 1 << 1
)

// rename moves dir/name to dir2/name2, replacing what is there, as
// rename(2) (RENAME_NOREPLACE supported, RENAME_EXCHANGE not).
func (m *model) rename(ctx context.Context, dir *object, name string, dir2 *object, name2 string, flags uint32) syscall.Errno {
	if flags&^renameNoReplace != 0 {
		return syscall.EINVAL
	}
	if errno := m.enter(ctx); errno != 0 {
		return errno
	}
	defer m.mu.Unlock()
	o := dir.children[name]
	if o == nil {
		return syscall.ENOENT
	}
	old := dir2.children[name2]
	switch {
	case old == o:
		return 0
	case old != nil && flags&renameNoReplace != 0:
		return syscall.EEXIST
	case old != nil && old.dir && !o.dir:
		return syscall.EISDIR
	case old != nil && !old.dir && o.dir:
		return syscall.ENOTDIR
	case old != nil && old.dir && len(old.children) > 0:
		return syscall.ENOTEMPTY
	case o.dir && m.isAncestor(o, dir2):
		return syscall.EINVAL
	}
	delete(dir.children, name)
	dir2.children[name2] = o
	if old != nil && !old.dir {
		old.links--
		m.dropWork(old)
	}
	m.record(&op{kind: opRename, dir: dir, name: name, dir2: dir2, name2: name2, obj: o})
	return 0
}

// isAncestor reports whether a is d or one of its ancestors in the current
// namespace.
func (m *model) isAncestor(a, d *object) bool {
	var walk func(p *object) bool
	walk = func(p *object) bool {
		if p == d {
			return true
		}
		for _, c := range p.children {
			if c.dir && walk(c) {
				return true
			}
		}
		return false
	}
	return walk(a)
}

// open and closeHandle count the open handles of a file.
func (m *model) open(o *object) {
	m.mu.Lock()
	o.opens++
	m.mu.Unlock()
}

func (m *model) closeHandle(o *object) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o.opens--
	m.dropWork(o)
}

// chmod sets the permission bits of o (not modelled for durability: the
// disk gets the last ones).
func (m *model) chmod(o *object, perm uint32) {
	m.mu.Lock()
	o.perm = perm & 0o7777
	m.mu.Unlock()
}

// diskFile returns the durable content of o, creating it empty.
func (m *model) diskFile(o *object) (*os.File, error) {
	if o.disk != nil {
		return o.disk, nil
	}
	f, err := os.OpenFile(m.diskPath(o), os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	o.disk = f
	return f, nil
}

// apply makes u durable.
func (m *model) apply(u unit) error {
	p := u.p
	switch p.kind {
	case opWrite:
		f, err := m.diskFile(p.obj)
		if err != nil {
			return err
		}
		_, err = f.WriteAt(u.data, u.off)
		return err
	case opTruncate, opExtend:
		f, err := m.diskFile(p.obj)
		if err != nil {
			return err
		}
		if p.kind == opExtend {
			fi, err := f.Stat()
			if err != nil || fi.Size() >= p.size {
				return err
			}
		}
		return f.Truncate(p.size)
	case opLink:
		p.dir.entries[p.name] = p.obj
	case opUnlink:
		if p.dir.entries[p.name] == p.obj {
			delete(p.dir.entries, p.name)
		}
	case opRename:
		if p.dir.entries[p.name] == p.obj {
			delete(p.dir.entries, p.name)
		}
		p.dir2.entries[p.name2] = p.obj
	}
	return nil
}

// cut decides what of the pending state reaches the disk, applies it, and
// ends the model. rng decides for the random modes.
func (m *model) cut(mode Mode, rng *rand.Rand) (Report, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ended = true
	m.freezeLocked()
	r := Report{Mode: mode, Ops: m.ops, Pending: len(m.pending)}
	for _, p := range m.pending {
		r.PendingBytes += int64(len(p.data))
	}
	var all []unit
	for _, p := range m.pending {
		all = append(all, p.units(mode.unitSize())...)
	}
	r.Units = len(all)
	var kept []unit
	switch mode {
	case DropAll:
	case KeepPrefix:
		kept = all[:rng.IntN(len(all)+1)]
	case KeepRandom512, KeepRandom4096:
		kept = keepRandom(all, rng)
	default:
		return r, errors.New("crashfs: unknown mode " + mode.String())
	}
	r.Kept = len(kept)
	for _, u := range kept {
		if err := m.apply(u); err != nil {
			return r, err
		}
	}
	m.pending = nil
	return r, nil
}

// keepRandom keeps a random prefix of the metadata units and each data
// unit with probability 1/2, in their order; but a write issued after a
// truncate or allocate of its file that is lost is lost too. On a
// journaling file system such a write lands in blocks allocated after the
// size change, which no durable inode reaches while the change is not
// durable; it cannot overwrite what the file held before. (On a file
// system without a journal it can: SQLite documents "a very small chance"
// of corruption for that case at synchronous=NORMAL, and this model leaves
// it out.)
func keepRandom(all []unit, rng *rand.Rand) []unit {
	nmeta := 0
	for _, u := range all {
		if u.p.kind.metadata() {
			nmeta++
		}
	}
	keepMeta := rng.IntN(nmeta + 1)
	var kept []unit
	meta := 0
	sizeLost := map[*object]bool{} // files with a lost truncate or allocate
	for _, u := range all {
		if u.p.kind.metadata() {
			if meta < keepMeta {
				kept = append(kept, u)
			} else if u.p.kind == opTruncate || u.p.kind == opExtend {
				sizeLost[u.p.obj] = true
			}
			meta++
			continue
		}
		if rng.IntN(2) == 0 && !sizeLost[u.p.obj] {
			kept = append(kept, u)
		}
	}
	return kept
}

// flushAll makes every pending operation durable, as a clean shutdown
// does, and ends the model.
func (m *model) flushAll() (Report, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ended = true
	m.freezeLocked()
	r := Report{Clean: true, Ops: m.ops, Pending: len(m.pending), Units: len(m.pending), Kept: len(m.pending)}
	for _, p := range m.pending {
		r.PendingBytes += int64(len(p.data))
		if err := m.apply(unit{p: p, off: p.off, data: p.data}); err != nil {
			return r, err
		}
	}
	m.pending = nil
	return r, nil
}

// errnoOf converts an error of the os package to an errno.
func errnoOf(err error) syscall.Errno {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return syscall.EIO
}
