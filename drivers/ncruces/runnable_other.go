//go:build !windows

package ncruces

// probe reports nothing: ncruces runs wherever it builds, except as
// runnable_windows.go explains.
func probe() string { return "" }
