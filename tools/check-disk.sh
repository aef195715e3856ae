#!/usr/bin/env bash
# Checks a test disk on the host after the guest wrote to it: every ext2
# partition must pass e2fsck -fn without a single problem, and every
# manifest the guest announced on the serial console ("# ext2-manifest: DEV
# PATH CKSUM SIZE") must read back, through e2fsprogs' own reader (debugfs),
# exactly as the guest described it: file checksums and sizes, directories,
# symlink targets, hard links, and names that must be gone.
set -u

usage() {
	cat <<'EOF2'
usage: tools/check-disk.sh DISK.img SERIAL.log [--min-manifests N] [--repair] [--keep DIR]

  DISK.img    an MBR disk image (tools/mkdisk.sh); partitions are named
              like the guest names them: the disk's name is taken from the
              manifests (hda1 -> partition 1)
  SERIAL.log  the guest's console output
  --min-manifests N  fail unless at least N manifests were announced
  --repair    first let e2fsck -fy repair each partition (after a power
              cut); it must leave nothing uncorrected, and the rest of
              the checks then run on the repaired file system
  --keep DIR  keep the extracted partitions and trees in DIR
exit status: 0 all good, 1 a check failed, 2 usage error
EOF2
}

(($# >= 2)) || { usage >&2; exit 2; }
disk=$1
log=$2
shift 2
min=0
keep=
repair=0
while (($#)); do
	case $1 in
	--min-manifests) min=$2; shift 2 ;;
	--keep) keep=$2; shift 2 ;;
	--repair) repair=1; shift ;;
	*) usage >&2; exit 2 ;;
	esac
done
[[ -r $disk && -r $log ]] || { echo "check-disk.sh: cannot read $disk or $log" >&2; exit 2; }
for tool in e2fsck debugfs cksum od; do
	command -v "$tool" >/dev/null || { echo "check-disk.sh: $tool not found (e2fsprogs, coreutils)" >&2; exit 2; }
done

if [[ -n $keep ]]; then
	rm -rf "$keep"
	mkdir -p "$keep"
	work=$keep
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/kestrel-check-disk.XXXXXX")
	trap 'rm -rf -- "$work"' EXIT
fi

failures=0
checks=0
fail() {
	printf 'check-disk: FAIL: %s\n' "$*"
	failures=$((failures + 1))
}
ok() { checks=$((checks + 1)); }

# The partition table: start and size (sectors) of entry $1 (1-4).
part_field() {
	od -A n -t u4 -j $((446 + ($1 - 1) * 16 + $2)) -N 4 "$disk" | tr -d ' '
}

# Extracts partition N (once) and runs e2fsck -fn on it.
declare -A extracted=()
extract() {
	local n=$1 img=$work/part$1.img start count
	[[ -n ${extracted[$n]:-} ]] && return 0
	extracted[$n]=1
	start=$(part_field "$n" 8)
	count=$(part_field "$n" 12)
	if [[ -z $count || $count == 0 ]]; then
		fail "partition $n does not exist"
		return 1
	fi
	dd if="$disk" of="$img" bs=512 skip="$start" count="$count" conv=sparse status=none
	if ((repair)); then
		# 0: nothing to do, 1: errors corrected; anything else is not good.
		e2fsck -fy "$img" >"$work/part$n.repair" 2>&1
		local rc=$?
		if ((rc > 1)); then
			fail "partition $n: e2fsck -fy could not repair it (exit status $rc):"
			sed 's/^/    /' "$work/part$n.repair"
		else
			ok
			printf 'check-disk: partition %s: e2fsck -fy exit status %d; what it did:\n' "$n" "$rc"
			grep -vE '^(Pass [0-9]|e2fsck [0-9]|$)' "$work/part$n.repair" | sed 's/^/    /'
		fi
	fi
	if e2fsck -fn "$img" >"$work/part$n.fsck" 2>&1; then
		ok
		printf 'check-disk: partition %s: e2fsck -fn found no problems (%s)\n' "$n" \
			"$(grep -E 'files .*blocks' "$work/part$n.fsck" | head -n 1)"
	else
		fail "partition $n: e2fsck -fn reports problems:"
		sed 's/^/    /' "$work/part$n.fsck"
	fi
	mkdir -p "$work/part$n.root"
	debugfs -R "rdump / $work/part$n.root" "$img" >/dev/null 2>&1 ||
		fail "partition $n: debugfs rdump failed"
}

# Every ext2 partition gets e2fsck, manifests or not.
for n in 1 2 3 4; do
	type=$(od -A n -t x1 -j $((446 + (n - 1) * 16 + 4)) -N 1 "$disk" | tr -d ' ')
	[[ $type == 83 ]] && extract "$n"
done

# Guest paths are absolute inside the file system.
verify_line() {
	local n=$1 root=$2 kind=$3
	shift 3
	local crc size path got
	case $kind in
	d)
		[[ -d $root$1 && ! -L $root$1 ]] && ok || fail "part $n: $1 is not a directory"
		;;
	f)
		crc=$1 size=$2 path=$3
		if [[ -f $root$path && ! -L $root$path ]]; then
			got=$(cksum <"$root$path")
			[[ $got == "$crc $size" ]] && ok || fail "part $n: $path: cksum '$got', guest wrote '$crc $size'"
		else
			fail "part $n: $path is missing"
		fi
		;;
	p)
		crc=$1 size=$2
		local off=$3 total=$4
		path=$5
		got=$(tail -c +$((off + 1)) "$root$path" 2>/dev/null | head -c "$size" | cksum)
		[[ $got == "$crc $size" && $(stat -c %s "$root$path" 2>/dev/null) == "$total" ]] && ok ||
			fail "part $n: $path: piece at $off is '$got', want '$crc $size' in $total bytes"
		;;
	l)
		got=$(readlink "$root$1" 2>/dev/null)
		[[ -L $root$1 && $got == "$2" ]] && ok || fail "part $n: $1: symlink to '$got', want '$2'"
		;;
	h)
		local i1 i2
		i1=$(debugfs -R "stat $1" "$work/part$n.img" 2>/dev/null | sed -n 's/^Inode: \([0-9]*\).*/\1/p')
		i2=$(debugfs -R "stat $2" "$work/part$n.img" 2>/dev/null | sed -n 's/^Inode: \([0-9]*\).*/\1/p')
		[[ -n $i1 && $i1 == "$i2" ]] && ok || fail "part $n: $1 ($i1) and $2 ($i2) are not one inode"
		;;
	a)
		[[ ! -e $root$1 && ! -L $root$1 ]] && ok || fail "part $n: $1 should not exist"
		;;
	*)
		fail "part $n: unknown manifest line '$kind $*'"
		;;
	esac
}

manifests=0
while read -r dev path crc size; do
	n=${dev: -1}
	[[ $n =~ ^[1-4]$ ]] || { fail "manifest on '$dev': not a partition"; continue; }
	extract "$n" || continue
	root=$work/part$n.root
	manifests=$((manifests + 1))
	got=$(cksum <"$root$path" 2>/dev/null)
	if [[ $got != "$crc $size" ]]; then
		fail "$dev:$path: manifest cksum '$got', guest announced '$crc $size'"
		continue
	fi
	before=$checks
	while read -r kind rest; do
		[[ -z $kind || $kind == \#* ]] && continue
		# shellcheck disable=SC2086
		verify_line "$n" "$root" "$kind" $rest
	done <"$root$path"
	printf 'check-disk: %s:%s: %d entries checked\n' "$dev" "$path" $((checks - before))
done < <(tr -d '\r' <"$log" | sed -n 's/^# ext2-manifest: //p')

if ((manifests < min)); then
	fail "only $manifests manifest(s) announced on the console, expected at least $min"
fi
if ((failures)); then
	printf 'check-disk: FAIL: %d problem(s), %d check(s) good\n' "$failures" "$checks"
	exit 1
fi
printf 'check-disk: PASS: %d check(s), %d manifest(s)\n' "$checks" "$manifests"
