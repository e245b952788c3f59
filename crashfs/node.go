//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package crashfs

import (
	"context"
	"os"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// node is the go-fuse face of an object. The model holds all state; a
// node only translates requests. Nodes keep no file handles: reads and
// writes go to the object, and a handle only counts opens.
type node struct {
	fs.Inode
	m     *model
	obj   *object
	start time.Time // mount time: directories' times
}

var (
	_ fs.NodeLookuper   = (*node)(nil)
	_ fs.NodeReaddirer  = (*node)(nil)
	_ fs.NodeGetattrer  = (*node)(nil)
	_ fs.NodeSetattrer  = (*node)(nil)
	_ fs.NodeOpener     = (*node)(nil)
	_ fs.NodeReader     = (*node)(nil)
	_ fs.NodeWriter     = (*node)(nil)
	_ fs.NodeFsyncer    = (*node)(nil)
	_ fs.NodeFlusher    = (*node)(nil)
	_ fs.NodeAllocater  = (*node)(nil)
	_ fs.NodeCreater    = (*node)(nil)
	_ fs.NodeMknoder    = (*node)(nil)
	_ fs.NodeMkdirer    = (*node)(nil)
	_ fs.NodeUnlinker   = (*node)(nil)
	_ fs.NodeRmdirer    = (*node)(nil)
	_ fs.NodeRenamer    = (*node)(nil)
	_ fs.NodeLinker     = (*node)(nil)
	_ fs.NodeSymlinker  = (*node)(nil)
	_ fs.NodeStatfser   = (*node)(nil)
	_ fs.FileReleaser   = (*handle)(nil)
	_ fs.NodeGetxattrer = (*node)(nil)
)

// handle is an open file: it counts as an open of its object until the
// kernel releases it, so that an unlinked file stays readable while open.
type handle struct {
	n *node
}

func (h *handle) Release(ctx context.Context) syscall.Errno {
	h.n.m.closeHandle(h.n.obj)
	return 0
}

func (n *node) child(ctx context.Context, o *object, out *fuse.EntryOut) *fs.Inode {
	n.fill(o, &out.Attr)
	mode := uint32(syscall.S_IFREG)
	if o.dir {
		mode = syscall.S_IFDIR
	}
	return n.NewInode(ctx, &node{m: n.m, obj: o, start: n.start}, fs.StableAttr{Mode: mode, Ino: o.id})
}

// fill sets the attributes of o.
func (n *node) fill(o *object, a *fuse.Attr) {
	a.Ino = o.id
	a.Mode = o.perm
	a.Nlink = n.m.nlink(o)
	a.Owner = fuse.Owner{Uid: uint32(os.Getuid()), Gid: uint32(os.Getgid())}
	a.Blksize = 4096
	mtime := n.start
	if o.dir {
		a.Mode |= syscall.S_IFDIR
		a.Size = 4096
	} else {
		a.Mode |= syscall.S_IFREG
		if fi, _ := n.m.stat(o); fi != nil {
			a.Size = uint64(fi.Size())
			mtime = fi.ModTime()
		}
	}
	a.Blocks = (a.Size + 511) / 512
	a.SetTimes(&mtime, &mtime, &mtime)
}

func (n *node) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	o := n.m.lookup(n.obj, name)
	if o == nil {
		return nil, syscall.ENOENT
	}
	return n.child(ctx, o, out), 0
}

func (n *node) Readdir(ctx context.Context) (fs.DirStream, syscall.Errno) {
	var list []fuse.DirEntry
	for _, e := range n.m.list(n.obj) {
		mode := uint32(syscall.S_IFREG)
		if e.obj.dir {
			mode = syscall.S_IFDIR
		}
		list = append(list, fuse.DirEntry{Name: e.name, Mode: mode, Ino: e.obj.id})
	}
	return fs.NewListDirStream(list), 0
}

func (n *node) Getattr(ctx context.Context, f fs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	n.fill(n.obj, &out.Attr)
	return 0
}

// Setattr truncates (a pending operation) and sets permissions (taken as
// they are); owner and times are accepted and ignored.
func (n *node) Setattr(ctx context.Context, f fs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	if size, ok := in.GetSize(); ok {
		if errno := n.m.truncate(ctx, n.obj, int64(size)); errno != 0 {
			return errno
		}
	}
	if mode, ok := in.GetMode(); ok {
		n.m.chmod(n.obj, mode)
	}
	n.fill(n.obj, &out.Attr)
	return 0
}

// Open opens a file. The kernel turns O_TRUNC into a Setattr, unless the
// file system asks for atomic O_TRUNC, which crashfs does not; a
// truncating Open is handled all the same.
func (n *node) Open(ctx context.Context, flags uint32) (fs.FileHandle, uint32, syscall.Errno) {
	if n.obj.dir {
		return nil, 0, syscall.EISDIR
	}
	if flags&syscall.O_TRUNC != 0 && flags&syscall.O_ACCMODE != syscall.O_RDONLY {
		if errno := n.m.truncate(ctx, n.obj, 0); errno != 0 {
			return nil, 0, errno
		}
	}
	n.m.open(n.obj)
	return &handle{n: n}, 0, 0
}

func (n *node) Read(ctx context.Context, f fs.FileHandle, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	k, errno := n.m.read(n.obj, dest, off)
	if errno != 0 {
		return nil, errno
	}
	return fuse.ReadResultData(dest[:k]), 0
}

func (n *node) Write(ctx context.Context, f fs.FileHandle, data []byte, off int64) (uint32, syscall.Errno) {
	k, errno := n.m.write(ctx, n.obj, off, data)
	return uint32(k), errno
}

// Fsync serves fsync and fdatasync on files and directories alike.
func (n *node) Fsync(ctx context.Context, f fs.FileHandle, flags uint32) syscall.Errno {
	return n.m.fsync(ctx, n.obj)
}

// Flush (close of a file descriptor) makes nothing durable.
func (n *node) Flush(ctx context.Context, f fs.FileHandle) syscall.Errno { return 0 }

func (n *node) Allocate(ctx context.Context, f fs.FileHandle, off, size uint64, mode uint32) syscall.Errno {
	return n.m.allocate(ctx, n.obj, int64(off), int64(size), mode)
}

func (n *node) Create(ctx context.Context, name string, flags, mode uint32, out *fuse.EntryOut) (*fs.Inode, fs.FileHandle, uint32, syscall.Errno) {
	o, errno := n.m.create(ctx, n.obj, name, mode, flags&syscall.O_EXCL != 0)
	if errno != 0 {
		return nil, nil, 0, errno
	}
	ch := n.child(ctx, o, out)
	cn := ch.Operations().(*node)
	n.m.open(o)
	return ch, &handle{n: cn}, 0, 0
}

// Mknod makes regular files only.
func (n *node) Mknod(ctx context.Context, name string, mode, dev uint32, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	if mode&syscall.S_IFMT != syscall.S_IFREG && mode&syscall.S_IFMT != 0 {
		return nil, syscall.EPERM
	}
	o, errno := n.m.create(ctx, n.obj, name, mode, true)
	if errno != 0 {
		return nil, errno
	}
	return n.child(ctx, o, out), 0
}

func (n *node) Mkdir(ctx context.Context, name string, mode uint32, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	o, errno := n.m.mkdir(ctx, n.obj, name, mode)
	if errno != 0 {
		return nil, errno
	}
	return n.child(ctx, o, out), 0
}

func (n *node) Unlink(ctx context.Context, name string) syscall.Errno {
	return n.m.unlink(ctx, n.obj, name, false)
}

func (n *node) Rmdir(ctx context.Context, name string) syscall.Errno {
	return n.m.unlink(ctx, n.obj, name, true)
}

func (n *node) Rename(ctx context.Context, name string, newParent fs.InodeEmbedder, newName string, flags uint32) syscall.Errno {
	p2, ok := newParent.(*node)
	if !ok {
		return syscall.EXDEV
	}
	return n.m.rename(ctx, n.obj, name, p2.obj, newName, flags)
}

func (n *node) Link(ctx context.Context, target fs.InodeEmbedder, name string, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	t, ok := target.(*node)
	if !ok {
		return nil, syscall.EXDEV
	}
	if errno := n.m.link(ctx, n.obj, name, t.obj); errno != 0 {
		return nil, errno
	}
	return n.child(ctx, t.obj, out), 0
}

// Symlink is not supported: the model has regular files and directories
// only.
func (n *node) Symlink(ctx context.Context, target, name string, out *fuse.EntryOut) (*fs.Inode, syscall.Errno) {
	return nil, syscall.EPERM
}

// Getxattr: no extended attributes.
func (n *node) Getxattr(ctx context.Context, attr string, dest []byte) (uint32, syscall.Errno) {
	return 0, syscall.ENODATA
}

func (n *node) Statfs(ctx context.Context, out *fuse.StatfsOut) syscall.Errno {
	var st syscall.Statfs_t
	if err := syscall.Statfs(n.m.state, &st); err != nil {
		return errnoOf(err)
	}
	out.FromStatfsT(&st)
	return 0
}
