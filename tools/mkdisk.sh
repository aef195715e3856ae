#!/usr/bin/env bash
# Builds a raw disk image with an MBR partition table whose primary
# partitions each hold an ext2 file system made by mke2fs from a directory.
# Partitions start on 1 MiB boundaries; whatever is left after the last one
# stays unpartitioned (tests use it as scratch space).
set -eu

usage() {
	cat <<'EOF2'
usage: tools/mkdisk.sh OUT.img [--size MIB] PART...

  PART is SIZE_MIB:BLOCK_SIZE:DIR[:LABEL], e.g. 32:1024:userland/disk:kestrel.
  Up to four partitions, in order. --size sets the whole disk (default: the
  partitions plus 1 MiB in front and 1 MiB behind).
EOF2
}

(($# >= 2)) || { usage >&2; exit 2; }
out=$1
shift
total=
parts=()
while (($#)); do
	case $1 in
	--size) total=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) parts+=("$1"); shift ;;
	esac
done
((${#parts[@]} >= 1 && ${#parts[@]} <= 4)) || { echo "mkdisk.sh: one to four partitions" >&2; exit 2; }
command -v mke2fs >/dev/null || { echo "mkdisk.sh: mke2fs not found (apt-get install e2fsprogs)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kestrel-mkdisk.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

# Little-endian 32-bit value as printf escapes.
le32() {
	printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255))
}

start_mib=1
table=
for p in "${parts[@]}"; do
	IFS=: read -r size bs dir label <<<"$p"
	[[ $size =~ ^[0-9]+$ && $bs =~ ^(1024|2048|4096)$ && -d $dir ]] ||
		{ echo "mkdisk.sh: bad partition '$p'" >&2; exit 2; }
	img=$tmp/part$((${#table} / 64)).img
	rm -f "$img"
	mke2fs -q -F -t ext2 -b "$bs" -L "${label:-}" -E root_owner=0:0 -d "$dir" "$img" "$((size * 1024 / (bs / 1024)))" >/dev/null \
		|| { echo "mkdisk.sh: mke2fs failed for '$p'" >&2; exit 1; }
	start=$((start_mib * 2048))
	count=$((size * 2048))
	# status, CHS first (unused), type 0x83 (Linux), CHS last (unused), LBA, sectors
	table+="\\x00\\xfe\\xff\\xff\\x83\\xfe\\xff\\xff$(le32 $start)$(le32 $count)"
	printf '%s\n' "$start $img" >>"$tmp/layout"
	start_mib=$((start_mib + size))
done
total=${total:-$((start_mib + 1))}
((total > start_mib - 1)) || { echo "mkdisk.sh: --size $total is too small" >&2; exit 2; }

rm -f "$out.tmp"
truncate -s "$((total * 1024 * 1024))" "$out.tmp"
while read -r start img; do
	dd if="$img" of="$out.tmp" bs=512 seek="$start" conv=notrunc,sparse status=none
done <"$tmp/layout"
printf "$table" | dd of="$out.tmp" bs=1 seek=446 conv=notrunc status=none
printf '\x55\xaa' | dd of="$out.tmp" bs=1 seek=510 conv=notrunc status=none
mv "$out.tmp" "$out"
