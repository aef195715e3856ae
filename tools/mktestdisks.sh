#!/usr/bin/env bash
# Builds the disks make test attaches, fresh for every run, into DIR, and
# prints the QEMU arguments that attach them (see tests/kernel/disk_test.h
# for what each holds):
#   DIR/hda.img   fixtures on hda1 (ext2, 1 KiB blocks) and hda2 (4 KiB)
#   DIR/hdb.img   damaged ext2 images (tools/mkcorrupt.sh)
#   DIR/hdd.img   sparse, 130 GiB, for LBA48
# With --powerloss the fixture file systems also carry /POWERLOSS, which
# makes the guest run the power-cut workload (tools/test-powerloss.sh).
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
powerloss=0
if [[ ${1:-} == --powerloss ]]; then
	powerloss=1
	shift
fi
(($# == 1)) || { echo "usage: tools/mktestdisks.sh [--powerloss] DIR" >&2; exit 2; }
dir=$1
mkdir -p "$dir"
"$here/mkdisk-fixtures.sh" "$dir/fixtures"
((powerloss)) && echo "power-cut run" >"$dir/fixtures/POWERLOSS"
"$here/mkdisk.sh" "$dir/hda.img" --size 56 32:1024:"$dir/fixtures":kestrel1k 16:4096:"$dir/fixtures":kestrel4k
"$here/mkcorrupt.sh" "$dir/hdb.img"
rm -f "$dir/hdd.img"
truncate -s 130G "$dir/hdd.img"
for d in hda:0 hdb:1 hdd:3; do
	printf -- '-drive file=%s/%s.img,format=raw,if=ide,index=%s ' "$dir" "${d%:*}" "${d#*:}"
done
echo
