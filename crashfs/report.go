package crashfs

// Report describes what a power cut (or a clean unmount) did.
type Report struct {
	Mode Mode `json:"mode"`
	// Ops is the number of mutating operations the file system performed
	// (writes, truncates, fsyncs, creates, renames, ...), not counting the
	// one that found it frozen.
	Ops int64 `json:"ops"`
	// Pending is the number of operations that were not durable at the
	// cut, PendingBytes the bytes they wrote.
	Pending      int   `json:"pending"`
	PendingBytes int64 `json:"pending_bytes"`
	// Units is the number of parts the mode split the pending operations
	// into (writes split at its unit size), Kept how many reached the disk.
	Units int `json:"units"`
	Kept  int `json:"kept"`
	// Clean is set for a clean unmount, which keeps everything.
	Clean bool `json:"clean,omitempty"`
}
