#!/usr/bin/env bash
# Fills a directory with the files the kernel's ext2 tests expect to find on
# the test disk, and writes /MANIFEST describing them: checksums computed
# here, on the host, so that the guest can prove it reads exactly what was
# put on the disk. The data is random; only the shape is fixed.
#
# MANIFEST lines ("cksum" is POSIX cksum's CRC):
#   d PATH                 a directory
#   f CKSUM SIZE PATH      a regular file with these contents
#   l PATH TARGET          a symbolic link
#   h PATH OTHER           PATH is a hard link to the regular file OTHER
#   p CKSUM LEN OFF SIZE PATH  a SIZE-byte file whose LEN bytes at OFF have
#                          this checksum (for files too big to read whole)
set -eu
(($# == 1)) || { echo "usage: tools/mkdisk-fixtures.sh OUTDIR" >&2; exit 2; }
out=$1
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$out"

rnd() { head -c "$2" /dev/urandom >"$1"; }

printf 'Hello from the Kestrel test disk.\n' >hello.txt
: >empty
mkdir -p empty-dir small big deep links many
for i in $(seq 1 40); do rnd "small/s$i" $(((i * 997) % 5000)); done
rnd big/direct.bin 11000               # direct blocks only
rnd big/indirect.bin 200000            # single indirect (1 KiB blocks)
rnd big/double.bin 3000000             # double indirect (1 KiB blocks)
rnd big/odd-size.bin 12289             # ends one byte into a block
# A sparse file: holes before, between and after data.
truncate -s 1500000 big/sparse.bin
printf 'middle' | dd of=big/sparse.bin bs=1 seek=300000 conv=notrunc status=none
printf 'late' | dd of=big/sparse.bin bs=1 seek=1400000 conv=notrunc status=none
# Mostly hole, with data where 1 KiB blocks need the triple indirect block.
truncate -s $((66 * 1024 * 1024 + 5000)) big/triple.bin
head -c 8192 /dev/urandom | dd of=big/triple.bin bs=1024 seek=$((65 * 1024)) conv=notrunc status=none
d=deep
for i in $(seq 1 24); do d=$d/level$i; done
mkdir -p "$d"
printf 'bottom\n' >"$d/bottom.txt"
# Enough entries that the directory spans several blocks.
for i in $(seq 1 300); do printf '%d\n' "$i" >"many/entry-with-a-longish-name-$i"; done
ln -s ../hello.txt links/fast
ln -s "../deep/level1/level2/level3/level4/level5/level6/level7/level8/level9/level10/bottom-does-not-exist" links/slow
ln -s /no/such/target links/dangling
ln hello.txt links/hard-hello

{
	echo "# kestrel disk manifest v1"
	find . -mindepth 1 -type d | LC_ALL=C sort | sed 's|^\.||; s|^|d |'
	find . -type f -links 1 ! -name triple.bin | LC_ALL=C sort | while read -r f; do
		set -- $(cksum <"$f")
		echo "f $1 $2 ${f#.}"
	done
	echo "f $(cksum <hello.txt | cut -d' ' -f1,2) /hello.txt"
	find . -type l | LC_ALL=C sort | while read -r f; do echo "l ${f#.} $(readlink "$f")"; done
	echo "h /links/hard-hello /hello.txt"
	piece=$(dd if=big/triple.bin bs=1024 skip=$((65 * 1024)) count=8 status=none | cksum | cut -d' ' -f1)
	echo "p $piece 8192 $((65 * 1024 * 1024)) $(stat -c %s big/triple.bin) /big/triple.bin"
} >"$out.MANIFEST.tmp"
mv "$out.MANIFEST.tmp" MANIFEST
