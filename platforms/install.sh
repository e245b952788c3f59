#!/usr/bin/env bash
# Installs what `make platforms` needs on a Debian/Ubuntu linux/amd64 machine:
# qemu-user and an aarch64 cross toolchain (linux/arm64, mattn through cgo),
# Wine and a mingw-w64 toolchain (windows/amd64), and prepares the Wine prefix
# (platforms/wine-setup.sh). Idempotent: installs only what is missing.
#
# Usage: platforms/install.sh   (as root, or with sudo available)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

pkgs=(qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross wine wine64 gcc-mingw-w64-x86-64)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "platforms: installing ${missing[*]}" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
"$here/wine-setup.sh"
