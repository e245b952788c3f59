#!/usr/bin/env bash
# Prepares a Wine prefix that runs Go windows/amd64 binaries.
# Usage: [WINEPREFIX=DIR] platforms/wine-setup.sh   (default prefix: $HOME/.wine-go)
# Needs: wine wine64 gcc-mingw-w64-x86-64 (platforms/install.sh installs them).
#
# Go >= 1.24 loads bcryptprimitives.dll (ProcessPrng) from system32 at
# start-up; Wine 8 lacks it, so a small stand-in (wine/bcryptprimitives.c,
# on RtlGenRandom) is built into the prefix. Wine 9 and later ship it; the
# stand-in is then left out.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${WINEPREFIX:=$HOME/.wine-go}"
export WINEPREFIX WINEDEBUG=-all
sys32=$WINEPREFIX/drive_c/windows/system32
[ -d "$sys32" ] || wineboot -i >/dev/null 2>&1 || true
[ -d "$sys32" ] || { echo "wine-setup: wineboot did not create $sys32" >&2; exit 1; }
if [ -f "$sys32/bcryptprimitives.dll" ] && ! [ -f "$sys32/bcryptprimitives.dll.anysqlite" ]; then
	: # the prefix's own (Wine >= 9) or one installed earlier by hand: keep it
else
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
	x86_64-w64-mingw32-gcc -shared -O2 -o "$out/bcryptprimitives.dll" \
		"$here/wine/bcryptprimitives.c" "$here/wine/bcryptprimitives.def" -ladvapi32
	cp "$out/bcryptprimitives.dll" "$sys32/"
	touch "$sys32/bcryptprimitives.dll.anysqlite"
fi
echo "wine prefix ready: $WINEPREFIX" >&2
