#!/usr/bin/env bash
# Builds the disk of deliberately damaged ext2 images that the kernel test
# ext2_corrupt mounts (tests/kernel/test_ext2_corrupt.c). One clean image is
# made with mke2fs, then copies of it are patched with dd, each in one way
# a hostile or broken disk could be. The disk holds a text table in its
# first 4 KiB, one line per image:
#     NAME START_SECTOR SECTORS EXPECT
# EXPECT is what the kernel must answer: mount:EINVAL or mount:EUCLEAN (the
# mount fails so), ro (mounts read-only only), walk:EUCLEAN (mounts, and a
# walk of the whole tree meets -EUCLEAN), or ok.
#   tools/mkcorrupt.sh OUT.img
set -eu
(($# == 1)) || { echo "usage: tools/mkcorrupt.sh OUT.img" >&2; exit 2; }
out=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kestrel-corrupt.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

mkdir -p "$tmp/root/a/loop" "$tmp/root/a/sub"
echo hello >"$tmp/root/file.txt"
head -c 300000 /dev/urandom >"$tmp/root/big.bin"
ln -s file.txt "$tmp/root/fastlink"
base=$tmp/base.img
SLOT=2048   # sectors per image: 1 MiB
E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -F -t ext2 -b 1024 -N 64 -d "$tmp/root" "$base" 1024 >/dev/null

itable=$(dumpe2fs "$base" 2>/dev/null | sed -n 's/^  Inode table at \([0-9]*\)-.*/\1/p' | head -n 1)
isize=$(dumpe2fs -h "$base" 2>/dev/null | sed -n 's/^Inode size:[[:space:]]*\([0-9]*\)/\1/p')
gdt=2048        # 1 KiB blocks: descriptors in block 2
sb=1024
ino() { debugfs -R "stat $1" "$base" 2>/dev/null | sed -n 's/^Inode: \([0-9]*\).*/\1/p'; }
ioff() { echo $((itable * 1024 + ($(ino "$1") - 1) * isize)); }
block() { debugfs -R "blocks $1" "$base" 2>/dev/null | awk '{ print $1 }'; }
u16() { od -A n -t u2 -j "$2" -N 2 "$1" | tr -d ' '; }
u8() { od -A n -t u1 -j "$2" -N 1 "$1" | tr -d ' '; }
# Byte offset of the entry called $2 in the first block of directory $1.
dirent() {
	local b off=0 len
	b=$(($(block "$1") * 1024))
	while ((off < 1024)); do
		len=$(u8 "$base" $((b + off + 6)))
		if [[ $(dd if="$base" bs=1 skip=$((b + off + 8)) count="$len" status=none) == "$2" ]]; then
			echo $((b + off))
			return
		fi
		off=$((off + $(u16 "$base" $((b + off + 4)))))
	done
	echo "mkcorrupt.sh: no entry $2 in $1" >&2
	exit 1
}
put() { # FILE OFFSET BYTES VALUE (little-endian)
	local i s=
	for ((i = 0; i < $3; i++)); do s+=$(printf '\\x%02x' $((($4 >> (8 * i)) & 255))); done
	printf "$s" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

big_ind=$(debugfs -R "stat /big.bin" "$base" 2>/dev/null | sed -n 's/.*(IND):\([0-9]*\).*/\1/p' | head -n 1)
table=
slot=1
add() { # NAME EXPECT SECTORS [PATCH...] where PATCH is OFFSET:BYTES:VALUE or fill:OFF:LEN:BYTE
	local name=$1 expect=$2 sectors=$3 img=$tmp/$1.img p
	shift 3
	cp "$base" "$img"
	for p in "$@"; do
		IFS=: read -r a b c d <<<"$p"
		if [[ $a == fill ]]; then
			head -c "$c" /dev/zero | tr '\0' "\\$(printf '%03o' "$d")" | dd of="$img" bs=1 seek="$b" conv=notrunc status=none
		else
			put "$img" "$a" "$b" "$c"
		fi
	done
	table+="$name $((slot * SLOT)) $sectors $expect"$'\n'
	printf '%s\n' "$((slot * SLOT)) $img" >>"$tmp/layout"
	slot=$((slot + 1))
}

add pristine ok $SLOT
add bad-magic mount:EINVAL $SLOT $((sb + 56)):2:0
add unknown-incompat mount:EINVAL $SLOT $((sb + 96)):4:$((0x10002))
add unknown-rocompat ro $SLOT $((sb + 100)):4:$((0x8003))
add huge-block-size mount:EINVAL $SLOT $((sb + 24)):4:20
add zero-blocks-per-group mount:EUCLEAN $SLOT $((sb + 32)):4:0
add zero-inodes-per-group mount:EUCLEAN $SLOT $((sb + 40)):4:0
add inode-count-mismatch mount:EUCLEAN $SLOT $((sb + 0)):4:1000
add larger-than-device mount:EUCLEAN 1024
add huge-block-count mount:EUCLEAN $SLOT $((sb + 4)):4:$((0x7FFFFFFF))
add inode-table-outside mount:EUCLEAN $SLOT $((gdt + 8)):4:$((0xFFFFFF))
add bitmap-on-superblock mount:EUCLEAN $SLOT $((gdt + 0)):4:1
add free-count-too-big mount:EUCLEAN $SLOT $((gdt + 12)):2:$((0xFFFF))
add root-not-a-directory mount:EUCLEAN $SLOT $(($(ioff /) + 0)):2:$((0x81A4))
add root-dir-reclen-zero walk:EUCLEAN $SLOT $(($(block /) * 1024 + 4)):2:0
add dirent-reclen-past-block walk:EUCLEAN $SLOT $(($(block /) * 1024 + 16)):2:2000
add dirent-name-longer-than-record walk:EUCLEAN $SLOT $(($(block /) * 1024 + 12 + 6)):1:250
add dirent-inode-out-of-range walk:EUCLEAN $SLOT $(($(dirent / file.txt))):4:$((0xFFFFFF))
add directory-loop walk:EUCLEAN $SLOT $(($(dirent /a loop))):4:2
add deleted-inode-named walk:EUCLEAN $SLOT $(($(ioff /file.txt) + 26)):2:0
add unknown-inode-type walk:EUCLEAN $SLOT $(($(ioff /file.txt) + 0)):2:$((0xF1A4))
add block-pointer-past-end walk:EUCLEAN $SLOT $(($(ioff /file.txt) + 40)):4:$((0x7FFFFFFF))
add block-pointer-into-inode-table walk:EUCLEAN $SLOT $(($(ioff /file.txt) + 40)):4:$((itable + 1))
add indirect-block-garbage walk:EUCLEAN $SLOT fill:$((big_ind * 1024)):1024:255
add fast-symlink-too-long walk:EUCLEAN $SLOT $(($(ioff /fastlink) + 4)):4:5000
add directory-size-not-blocks walk:EUCLEAN $SLOT $(($(ioff /a) + 4)):4:1000
add directory-hole walk:EUCLEAN $SLOT $(($(ioff /a) + 4)):4:3072

total=$(((slot + 1) * SLOT))
rm -f "$out.tmp"
truncate -s $((total * 512)) "$out.tmp"
printf '%s' "$table" | dd of="$out.tmp" conv=notrunc status=none
while read -r start img; do
	dd if="$img" of="$out.tmp" bs=512 seek="$start" conv=notrunc,sparse status=none
done <"$tmp/layout"
mv "$out.tmp" "$out"
