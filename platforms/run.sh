#!/usr/bin/env bash
# Runs the conformance suite (cmd/conform, the three embedded drivers where
# the platform has them, with the raw-driver probes; rqlite, a server reached
# over HTTP, is the same on every client platform and runs on linux/amd64) on another platform from a
# linux/amd64 machine, and writes its results to docs/platforms/TARGET.json;
# or, for the build-only targets, cross-compiles everything.
#
# Usage: platforms/run.sh TARGET...   (from anywhere; platforms/install.sh first)
#
#   linux-arm64       cgo on (mattn through CC=aarch64-linux-gnu-gcc), run under qemu-aarch64 (user mode)
#   windows-amd64     cgo on (mattn through CC=x86_64-w64-mingw32-gcc), run under Wine
#   linux-386-nocgo   CGO_ENABLED=0 (modernc, ncruces; mattn unavailable), run natively (32-bit on the amd64 kernel)
#   darwin-amd64 darwin-arm64 freebsd-amd64
#                     build only, CGO_ENABLED=0: go build and go vet (tests included) of every package,
#                     recorded as docs/platforms/TARGET.json with no results (conform built)
#
# Multi-process runs (-stress) are left out: their figures change from run to
# run and the committed results must not. linux/amd64 is `make matrix` itself.
# Exit status: 0 every case passed (or the build succeeded), 1 a case failed
# (the results are written all the same) or a build or run failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
GO=${GO:-go}
TAGS=${TAGS:-sqlite_fts5 sqlite_math_functions}
out=${PLATFORMS_OUT:-docs/platforms}
build=$(mktemp -d "${TMPDIR:-/tmp}/anysqlite-platforms.XXXXXX")
trap 'rm -rf "$build"' EXIT
mkdir -p "$out"

log() { echo "platforms: $*" >&2; }

# The embedded drivers: the ones whose SQLite runs on the platform itself.
local_drivers=mattn,modernc,ncruces

# conform_build GOOS GOARCH CGO [CC]: builds conform and the ncruces probe into $build.
conform_build() {
	local goos=$1 goarch=$2 cgo=$3 cc=${4:-} exe=
	[ "$goos" = windows ] && exe=.exe
	log "building conform for $goos/$goarch (cgo $cgo)"
	CGO_ENABLED=$cgo GOOS=$goos GOARCH=$goarch CC=$cc $GO build -tags "$TAGS" -o "$build/conform$exe" ./cmd/conform
	CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch $GO build -o "$build/ncrucesprobe$exe" ./conformance/raw/ncrucesprobe
}

# conform_run TARGET KNOWN CMD...: runs conform (CMD) with -o docs/platforms/TARGET.json
# and the other flags given, keeping its output stable from run to run. Exit
# status 0 when every failing case matches the extended regular expression
# KNOWN (driver/Category/Case; each a difference of the platform or emulator
# that the run's -note explains), 1 otherwise. The failures stay ❌ in the
# matrix either way.
conform_run() {
	local target=$1 known=$2 file=$out/$1.json status=0
	shift 2
	rm -f "$file"
	"$@" -o "$file" 2> >(tee "$build/$target.log" >&2) || status=$?
	wait
	if [ ! -s "$file" ]; then
		log "$target: no results written (exit status $status)"
		return 1
	fi
	# Failure details may hold a panic's stack, whose pointers change from run
	# to run: blank pointers of 9 or more hex digits (never a compile option).
	sed -E -i 's/0x[0-9a-f]{9,}/0x…/g' "$file"
	local failed unknown=
	failed=$(sed -n 's/^--- FAIL: \([^ ]*\).*/\1/p' "$build/$target.log" | sort -u)
	for f in $failed; do
		if [ -z "$known" ] || ! grep -Eqx "$known" <<<"$f"; then
			unknown="$unknown $f"
		fi
	done
	if [ -n "$unknown" ]; then
		log "$target: unexpected failures:$unknown"
		return 1
	fi
	if [ "$status" -gt 1 ]; then
		log "$target: conform exited with status $status"
		return 1
	fi
	log "$target: results in $file ($(wc -w <<<"$failed") known failures)"
}

run_linux_arm64() {
	command -v qemu-aarch64 >/dev/null || { log "qemu-aarch64 missing: run platforms/install.sh"; return 1; }
	conform_build linux arm64 1 aarch64-linux-gnu-gcc
	local qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
	# conform runs the ncruces probe as a child process; qemu-user does not
	# follow execve into another aarch64 binary, but the kernel runs a script.
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${qemu[*]}" "$build/ncrucesprobe" >"$build/ncrucesprobe.sh"
	chmod +x "$build/ncrucesprobe.sh"
	local version
	version=$(qemu-aarch64 --version | sed -n '1s/^qemu-aarch64 version \([0-9.]*\).*/\1/p')
	log "running linux/arm64 under qemu-aarch64 $version"
	conform_run linux-arm64 '' "${qemu[@]}" "$build/conform" -driver="$local_drivers" -raw-ncruces "$build/ncrucesprobe.sh" \
		-runner "qemu-aarch64 $version (user mode) on linux/amd64" \
		-note "Emulated: qemu-user runs the arm64 binaries (mattn's C SQLite built with aarch64-linux-gnu-gcc, modernc's and ncruces' arm64 Go code) on the host's linux/amd64 kernel, so file locking, mmap and shared memory are the host kernel's; hosted CI runs ubuntu-24.04-arm natively."
}

run_windows_amd64() {
	command -v wine >/dev/null || { log "wine missing: run platforms/install.sh"; return 1; }
	export WINEPREFIX=${WINEPREFIX:-$HOME/.wine-go} WINEDEBUG=${WINEDEBUG:--all}
	"$root/platforms/wine-setup.sh"
	conform_build windows amd64 1 x86_64-w64-mingw32-gcc
	local version
	version=$(wine --version | sed -n 's/^wine-\([0-9.]*\).*/\1/p')
	log "running windows/amd64 under Wine $version"
	conform_run windows-amd64 '' \
		wine "$build/conform.exe" -driver="$local_drivers" -raw-ncruces "$(winepath -w "$build/ncrucesprobe.exe")" \
		-runner "Wine $version on linux/amd64" \
		-note "Emulated: Wine, not Windows. Files, paths, byte-range locks and shared memory are Wine's emulation on Linux (wineserver), so a result here is Wine's until hosted CI (windows-latest) shows Windows'." \
		-note "ncruces does not run under Wine $version (Wine's limit, not Windows'): ncruces reserves its Wasm memory with VirtualAlloc2(MEM_RESERVE | MEM_RESERVE_PLACEHOLDER), which Windows has had since 10 1803 and Wine $version exports but refuses with ERROR_INVALID_PARAMETER. drivers/ncruces detects this once and reports the driver unavailable with that reason (adapter.ErrDriverUnavailable), so its column is empty here and no case writes a file with it." \
		-note "Windows file names cannot contain ?, \" or :, so Errors/PathTakenLiterally cannot exist there (Windows', reported unsupported); Errors/PathTakenLiterallyWindowsNames checks the names Windows allows."
	wineserver -w || true
}

run_linux_386_nocgo() {
	conform_build linux 386 0
	log "running linux/386 natively (no cgo)"
	conform_run linux-386-nocgo '' "$build/conform" -driver="$local_drivers" -raw-ncruces "$build/ncrucesprobe" \
		-runner "native, on a linux/amd64 kernel" \
		-note "32-bit: built with GOARCH=386 and CGO_ENABLED=0 (mattn needs cgo, so it is unavailable) and run natively on the linux/amd64 kernel's 32-bit support."
}

build_only() {
	local goos=$1 goarch=$2
	log "building $goos/$goarch (CGO_ENABLED=0, build only)"
	CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch $GO build ./...
	CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch $GO build -o "$build/conform-$goos-$goarch" ./cmd/conform
	CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch $GO vet ./...
	# Record it for the matrix ("build only"), with this machine's conform.
	$GO run ./cmd/conform built -platform "$goos/$goarch" \
		-command "CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch go build ./... && go vet ./..." -o "$out/$goos-$goarch.json"
	log "$goos/$goarch: builds and vets; recorded in $out/$goos-$goarch.json"
}

[ $# -gt 0 ] || { sed -n '2,/^set /p' "$0" | sed '$d' >&2; exit 2; }
failed=()
for target in "$@"; do
	case $target in
	linux-arm64) run_linux_arm64 || failed+=("$target") ;;
	windows-amd64) run_windows_amd64 || failed+=("$target") ;;
	linux-386-nocgo) run_linux_386_nocgo || failed+=("$target") ;;
	darwin-amd64 | darwin-arm64 | freebsd-amd64) build_only "${target%-*}" "${target#*-}" || failed+=("$target") ;;
	*) log "unknown target $target"; exit 2 ;;
	esac
done
if [ ${#failed[@]} -gt 0 ]; then
	log "failed: ${failed[*]}"
	exit 1
fi
