package driver

import (
	"runtime"
	"testing"
)

// TestConnConfigURI checks the URI filenames of paths on Unix and on
// Windows, whatever the system the test runs on.
func TestConnConfigURI(t *testing.T) {
	tests := []struct {
		name    string
		cfg     ConnConfig
		windows bool
		want    string
	}{
		{"plain", ConnConfig{Path: "/tmp/x.db"}, false, "file:/tmp/x.db?mode=rwc"},
		{"read-only", ConnConfig{Path: "/tmp/x.db", ReadOnly: true}, false, "file:/tmp/x.db?mode=ro"},
		{"no create", ConnConfig{Path: "/tmp/x.db", NoCreate: true}, false, "file:/tmp/x.db?mode=rw"},
		{"read-only wins over no create", ConnConfig{Path: "/tmp/x.db", ReadOnly: true, NoCreate: true}, false, "file:/tmp/x.db?mode=ro"},
		{"memory", ConnConfig{Path: ":memory:"}, false, "file::memory:?mode=rwc"},
		{"memory on Windows", ConnConfig{Path: ":memory:"}, true, "file::memory:?mode=rwc"},
		{"escapes", ConnConfig{Path: "/a?b#c%25d e&f=g/x?mode=ro#frag%41%.db"}, false,
			"file:/a%3Fb%23c%2525d e&f=g/x%3Fmode=ro%23frag%2541%25.db?mode=rwc"},
		{"unicode", ConnConfig{Path: "/tmp/sp ace é.db"}, false, "file:/tmp/sp ace é.db?mode=rwc"},
		{"backslash is a file name character on Unix", ConnConfig{Path: `/tmp/a\b.db`}, false, `file:/tmp/a\b.db?mode=rwc`},
		{"drive letter", ConnConfig{Path: `C:\x\y.db`}, true, "file:/C:/x/y.db?mode=rwc"},
		{"lower-case drive letter", ConnConfig{Path: `d:\x\y.db`, ReadOnly: true}, true, "file:/d:/x/y.db?mode=ro"},
		{"drive letter with escapes", ConnConfig{Path: `C:\Program Files\a#b%.db`}, true, "file:/C:/Program Files/a%23b%25.db?mode=rwc"},
		{"UNC path", ConnConfig{Path: `\\server\share\y.db`}, true, "file:////server/share/y.db?mode=rwc"},
		{"double slash on Unix", ConnConfig{Path: "//tmp/x.db"}, false, "file:////tmp/x.db?mode=rwc"},
		{"colon after one letter on Unix", ConnConfig{Path: "C:/x.db"}, false, "file:C:/x.db?mode=rwc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := uriFilename(tt.cfg, tt.windows); got != tt.want {
				t.Errorf("uriFilename(%+v, windows=%t) = %q, want %q", tt.cfg, tt.windows, got, tt.want)
			}
			if tt.windows == (runtime.GOOS == "windows") {
				if got := tt.cfg.URI(); got != tt.want {
					t.Errorf("URI() = %q, want %q", got, tt.want)
				}
			}
		})
	}
}
