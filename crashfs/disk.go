//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package crashfs

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"syscall"
)

// stateName is the private directory crashfs keeps inside the backing
// directory while it is mounted: work/ holds the current content of every
// file, disk/ the durable content. The names of the durable state live in
// memory only.
const stateName = ".crashfs-state"

// load takes the content of backing as the state of the disk at power on:
// durable and current alike. It moves each file into the private
// directory (disk/) and copies it to work/; backing is left holding only
// the private directory until materialize.
func load(backing string) (*model, error) {
	state := filepath.Join(backing, stateName)
	if _, err := os.Lstat(state); err == nil {
		return nil, fmt.Errorf("crashfs: %s exists: an earlier mount of %s did not end; its durable file content is in %s (named by inode number)",
			state, backing, filepath.Join(state, "disk"))
	}
	fi, err := os.Stat(backing)
	if err != nil {
		return nil, fmt.Errorf("crashfs: backing directory: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("crashfs: backing %s is not a directory", backing)
	}
	if err := checkTree(backing, true); err != nil {
		return nil, err
	}
	for _, d := range []string{state, filepath.Join(state, "work"), filepath.Join(state, "disk")} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return nil, fmt.Errorf("crashfs: %w", err)
		}
	}
	m := newModel(state)
	m.root.perm = uint32(fi.Mode().Perm())
	if err := m.loadDir(backing, m.root, map[[2]uint64]*object{}, true); err != nil {
		return nil, fmt.Errorf("crashfs: loading %s (its files are in %s): %w", backing, state, err)
	}
	entries, err := os.ReadDir(backing)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.Name() != stateName {
			if err := os.RemoveAll(filepath.Join(backing, e.Name())); err != nil {
				return nil, fmt.Errorf("crashfs: %w", err)
			}
		}
	}
	return m, nil
}

// checkTree fails if the tree at dir holds anything but regular files and
// directories: the model has no symbolic links or special files.
func checkTree(dir string, top bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("crashfs: %w", err)
	}
	for _, e := range entries {
		if top && e.Name() == stateName {
			continue
		}
		p := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir():
			if err := checkTree(p, false); err != nil {
				return err
			}
		case !e.Type().IsRegular():
			return fmt.Errorf("crashfs: %s is a %s; only regular files and directories are supported", p, e.Type())
		}
	}
	return nil
}

// loadDir loads the entries of the directory at path into dir.
func (m *model) loadDir(path string, dir *object, seen map[[2]uint64]*object, top bool) error {
	entries, err := os.ReadDir(path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if top && name == stateName {
			continue
		}
		p := filepath.Join(path, name)
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		var o *object
		if fi.IsDir() {
			o = m.newObject(true, uint32(fi.Mode().Perm()))
			if err := m.loadDir(p, o, seen, false); err != nil {
				return err
			}
		} else {
			st := fi.Sys().(*syscall.Stat_t)
			key := [2]uint64{uint64(st.Dev), st.Ino}
			if o = seen[key]; o == nil {
				if o, err = m.loadFile(p, uint32(fi.Mode().Perm())); err != nil {
					return err
				}
				seen[key] = o
			}
			o.links++
		}
		dir.children[name] = o
		dir.entries[name] = o
	}
	return nil
}

// loadFile moves the file at p to the disk store and copies it to work.
func (m *model) loadFile(p string, perm uint32) (*object, error) {
	o := m.newObject(false, perm)
	if err := os.Rename(p, m.diskPath(o)); err != nil {
		return nil, err
	}
	disk, err := os.OpenFile(m.diskPath(o), os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	o.disk = disk
	work, err := os.OpenFile(m.workPath(o), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	o.work = work
	if _, err := io.Copy(work, io.NewSectionReader(disk, 0, 1<<62)); err != nil {
		return nil, err
	}
	return o, nil
}

// materialize lays the durable state out in backing as a disk would show
// it after a reboot: every durable directory entry, with the durable
// content of its file, and nothing else. A file whose content was never
// made durable is empty. Files and directories that lost their last
// durable name are gone. It closes every file of the model and removes
// the private directory.
func (m *model) materialize(backing string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	err := m.writeDir(m.root, backing, map[*object]string{}, map[*object]bool{m.root: true})
	for _, o := range m.objects {
		if o.work != nil {
			o.work.Close()
			o.work = nil
		}
		if o.disk != nil {
			o.disk.Close()
			o.disk = nil
		}
	}
	if rerr := os.RemoveAll(m.state); err == nil {
		err = rerr
	}
	return err
}

// writeDir writes the durable entries of d into the directory at path.
// placed maps the files written so far to their first path (a second name
// becomes a hard link); visited guards against a directory reached twice.
func (m *model) writeDir(d *object, path string, placed map[*object]string, visited map[*object]bool) error {
	names := make([]string, 0, len(d.entries))
	for name := range d.entries {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		o, p := d.entries[name], filepath.Join(path, name)
		switch {
		case o.dir:
			if visited[o] {
				continue
			}
			visited[o] = true
			if err := os.Mkdir(p, 0o700); err != nil {
				return err
			}
			if err := m.writeDir(o, p, placed, visited); err != nil {
				return err
			}
			if err := os.Chmod(p, os.FileMode(o.perm)); err != nil {
				return err
			}
		case placed[o] != "":
			if err := os.Link(placed[o], p); err != nil {
				return err
			}
		default:
			if err := m.writeFile(o, p); err != nil {
				return err
			}
			placed[o] = p
		}
	}
	return nil
}

// writeFile puts the durable content of o at p.
func (m *model) writeFile(o *object, p string) error {
	if o.disk == nil {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			return err
		}
	} else {
		o.disk.Close()
		o.disk = nil
		if err := os.Rename(m.diskPath(o), p); err != nil {
			return err
		}
	}
	return os.Chmod(p, os.FileMode(o.perm))
}
