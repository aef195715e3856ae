#!/usr/bin/env bash
# Builds a disk that can be the root file system (root=hda1): one ext2
# partition holding the union of the given trees, later ones winning, e.g.
# the initrd staging tree (bin/, etc/) and userland/disk. The mount points
# for the pseudo file systems are made here too, so the kernel need not
# write them at the first boot.
#   tools/mkrootdisk.sh OUT.img SIZE_MIB DIR...
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(($# >= 3)) || { echo "usage: tools/mkrootdisk.sh OUT.img SIZE_MIB DIR..." >&2; exit 2; }
out=$1 size=$2
shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kestrel-rootdisk.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
for d in "$@"; do
	[[ -d $d ]] || { echo "mkrootdisk.sh: '$d' is not a directory" >&2; exit 2; }
	cp -R "$d/." "$tmp/"
done
mkdir -p "$tmp/dev" "$tmp/proc" "$tmp/tmp" "$tmp/mnt"
chmod 1777 "$tmp/tmp"
chmod 0555 "$tmp/proc"
"$here/mkdisk.sh" "$out" "$size:1024:$tmp:kestrel"
