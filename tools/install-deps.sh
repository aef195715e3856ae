#!/usr/bin/env bash
# Installs the Debian packages needed to build Kestrel and run it under QEMU.
# Machines are often fresh, so the build calls this every time: it has to be
# quick and silent about work it doesn't need to do, and it must never pull in
# gcc-multilib (it conflicts with the i686 cross compiler on Debian).
set -eu

usage() {
	cat <<'EOF'
usage: tools/install-deps.sh [-q|--quiet] [EXTRA-PACKAGE...]

Installs whatever is missing among the Debian packages Kestrel needs to build,
make ISOs and run them under QEMU, plus any EXTRA-PACKAGEs (e.g. gdb).
Uses sudo when not run as root. Does nothing (quickly) when all is present.

options:
  -q, --quiet  don't list the packages that are already installed
  -h, --help   show this help

environment:
  CROSS   toolchain prefix; when it is not i686-linux-gnu- and ${CROSS}gcc
          exists, the Debian i686 cross packages are not required
EOF
}

quiet=0
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	-q | --quiet) quiet=1; shift ;;
	-*) printf 'install-deps.sh: unknown option %s\n' "$1" >&2; exit 2 ;;
	*) break ;;
	esac
done

pkgs=()
if [[ -n ${CROSS:-} && $CROSS != i686-linux-gnu- ]] && command -v "${CROSS}gcc" >/dev/null 2>&1; then
	((quiet)) || printf 'have %sgcc (CROSS), not requiring the Debian i686 cross packages\n' "$CROSS"
else
	pkgs+=(gcc-i686-linux-gnu binutils-i686-linux-gnu)
fi
# The host tests need the native compiler and C library headers as well,
# and the interactive test drives the console through tmux.
pkgs+=(gcc libc6-dev grub-pc-bin grub-common xorriso mtools qemu-system-x86 e2fsprogs tmux)
pkgs+=("$@")

for p in "${pkgs[@]}"; do
	if [[ $p == gcc-multilib* ]]; then
		printf 'install-deps.sh: refusing to install %s: it conflicts with the i686 cross compiler\n' "$p" >&2
		exit 2
	fi
done

if ! command -v dpkg-query >/dev/null 2>&1; then
	printf 'install-deps.sh: dpkg-query not found: this script only knows Debian/Ubuntu.\n' >&2
	printf 'install-deps.sh: install by hand: %s\n' "${pkgs[*]}" >&2
	exit 1
fi

# One dpkg-query for all packages keeps the everything-present case fast.
declare -A state=()
while IFS=$'\t' read -r name status; do
	state[$name]=$status
done < <(dpkg-query -W -f='${Package}\t${Status}\n' "${pkgs[@]}" 2>/dev/null || true)

missing=()
for p in "${pkgs[@]}"; do
	if [[ ${state[$p]:-} == "install ok installed" ]]; then
		((quiet)) || printf 'have %s\n' "$p"
	else
		missing+=("$p")
	fi
done
((${#missing[@]})) || exit 0

printf 'installing %s\n' "${missing[*]}"
if ((EUID == 0)); then
	as_root=()
elif command -v sudo >/dev/null 2>&1; then
	as_root=(sudo)
else
	printf 'install-deps.sh: not root and sudo is not available; as root run:\n' >&2
	printf '  apt-get update && apt-get install -y --no-install-recommends %s\n' "${missing[*]}" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
	{ printf 'install-deps.sh: apt-get update failed\n' >&2; exit 1; }
# Recommends would drag in os-prober, OVMF and QEMU's GUI, none of which the
# build or the tests use.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
	{ printf 'install-deps.sh: apt-get install %s failed\n' "${missing[*]}" >&2; exit 1; }
