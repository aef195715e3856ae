#!/usr/bin/env bash
# Writes a Kestrel ISO to a USB stick (or to an image file). Overwriting the
# wrong disk is the one mistake that cannot be undone, so a device is only
# accepted when every sign says it is a removable, unused, whole disk that
# does not hold the running system, and a person confirms it by name.
set -u

prog=${0##*/}

usage() {
	cat <<'EOF'
usage: tools/flash-usb.sh [--yes] ISO TARGET

Writes ISO byte for byte to TARGET.

TARGET is either
  a block device (/dev/sdX): it must be a whole disk (not a partition),
    removable or attached over USB, with nothing on it mounted or used as
    swap, and not the disk holding /. Its model and size are shown and you
    must type "yes" before anything is written (dd bs=4M conv=fsync).
  a plain file path: the file is created or overwritten with a copy of ISO
    (handy for testing the image in QEMU, see tools/test-usb-boot.sh).

options:
  -y, --yes   don't ask for confirmation (the safety checks still apply)
  -h, --help  show this help
EOF
}

die() {
	printf '%s: %s\n' "$prog" "$*" >&2
	exit 1
}

yes=0
args=()
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	-y | --yes) yes=1; shift ;;
	--) shift; args+=("$@"); break ;;
	-*) printf '%s: unknown option %s (see --help)\n' "$prog" "$1" >&2; exit 2 ;;
	*) args+=("$1"); shift ;;
	esac
done
if ((${#args[@]} != 2)); then
	usage >&2
	exit 2
fi
iso=${args[0]}
target=${args[1]}

[[ -e $iso ]] || die "ISO '$iso' does not exist"
[[ -f $iso ]] || die "ISO '$iso' is not a regular file"
[[ -r $iso ]] || die "ISO '$iso' is not readable"
iso_size=$(stat -Lc %s -- "$iso") || die "cannot stat '$iso'"
((iso_size > 0)) || die "ISO '$iso' is empty"

# BIOSes only boot a stick that has an MBR; grub-mkrescue images have one.
sig=$(od -An -tx1 -j510 -N2 -- "$iso" | tr -d ' \n')
if [[ $sig != 55aa ]]; then
	printf '%s: warning: %s has no MBR boot signature; it may not boot from a USB stick\n' "$prog" "$iso" >&2
fi

human() {
	numfmt --to=iec-i --suffix=B --format=%.1f "$1" 2>/dev/null || printf '%s bytes' "$1"
}

flash_file() {
	[[ -d $target ]] && die "'$target' is a directory; give a file name for the image"
	if [[ -e $target && ! -f $target ]]; then
		die "'$target' is neither a block device nor a regular file"
	fi
	# A missing /dev/sdX is far more likely a typo than a wish to create a
	# regular file inside /dev.
	case $target in
	/dev/*) die "'$target' does not exist as a block device" ;;
	esac
	[[ -e $target && $target -ef $iso ]] && die "'$target' is the ISO itself"
	local dir
	dir=$(dirname -- "$target")
	[[ -d $dir ]] || die "directory '$dir' does not exist"
	cp -- "$iso" "$target" || die "copying to '$target' failed"
	sync -- "$target" 2>/dev/null || sync
	printf 'wrote %s (%s) to %s\n' "$iso" "$(human "$iso_size")" "$target"
}

# Prints a block device's name followed by every device it is built on:
# the disk a partition belongs to, and what a device-mapper or md device
# sits on. That way a mount of /dev/mapper/x or /dev/md0 is traced back to
# the stick it lives on.
underlying() {
	local n=$1 s sl
	s=/sys/class/block/$n
	printf '%s\n' "$n"
	[[ -e $s ]] || return 0
	if [[ -e $s/partition ]]; then
		underlying "$(basename "$(dirname "$(readlink -f "$s")")")"
	fi
	for sl in "$s"/slaves/*; do
		[[ -e $sl ]] && underlying "${sl##*/}"
	done
	return 0
}

# Block device name behind a major:minor pair, if there is one (virtual file
# systems like tmpfs have none).
name_of_devno() {
	local p
	[[ -e /sys/dev/block/$1 ]] || return 1
	p=$(readlink -f "/sys/dev/block/$1") || return 1
	printf '%s\n' "${p##*/}"
}

# Block device name behind a path like /dev/sdb1 or /dev/disk/by-uuid/...
name_of_path() {
	local p
	[[ -b $1 ]] || return 1
	p=$(readlink -f -- "$1") || return 1
	p=${p##*/}
	[[ -e /sys/class/block/$p ]] || return 1
	printf '%s\n' "$p"
}

in_family() {
	local n
	for n in "${family[@]}"; do [[ $n == "$1" ]] && return 0; done
	return 1
}

# True when the device named $1, or anything it is built on, is part of the
# target disk.
touches_target() {
	local u
	while IFS= read -r u; do
		in_family "$u" && return 0
	done < <(underlying "$1")
	return 1
}

flash_device() {
	local real name sys parent removable tran model vendor size mounted=() line src mm mp fields n p sw h root_names rootdev
	real=$(readlink -f -- "$target")
	name=${real##*/}
	sys=/sys/class/block/$name
	[[ -e $sys ]] || die "$real: no entry in /sys/class/block; is this a disk?"
	if [[ -e $sys/partition ]]; then
		parent=$(basename "$(dirname "$(readlink -f "$sys")")")
		die "$real is a partition; give the whole disk (/dev/$parent) instead"
	fi
	[[ -d /sys/block/$name ]] || die "$real is not a whole disk"

	removable=$(cat "/sys/block/$name/removable" 2>/dev/null || echo 0)
	tran=$(lsblk -dno TRAN -- "$real" 2>/dev/null | tr -d ' ')
	if [[ $removable != 1 && $tran != usb ]]; then
		die "$real is neither removable nor attached over USB (removable=$removable, transport=${tran:-unknown}); refusing to overwrite what looks like a fixed disk"
	fi

	# The disk and all its partitions.
	family=("$name")
	for p in "/sys/block/$name/$name"*; do
		[[ -e $p/partition ]] && family+=("${p##*/}")
	done

	# Mounts are matched by device number first (catches /dev/root and
	# by-uuid names), then by source path for file systems that report an
	# anonymous device number (btrfs).
	while IFS= read -r line; do
		read -ra fields <<<"$line"
		mm=${fields[2]}
		mp=${fields[4]}
		src=${line#* - }
		read -r _ src _ <<<"$src"
		for n in "$(name_of_devno "$mm")" "$(name_of_path "$src")"; do
			if [[ -n $n ]] && touches_target "$n"; then
				mounted+=("/dev/$n on ${mp//\\040/ }")
				break
			fi
		done
	done </proc/self/mountinfo
	while read -r sw _; do
		[[ $sw == /dev/* ]] || continue
		n=$(name_of_path "$sw") || continue
		touches_target "$n" && mounted+=("$sw as swap")
	done </proc/swaps
	if ((${#mounted[@]})); then
		printf '%s: %s is in use:\n' "$prog" "$real" >&2
		printf '  %s\n' "${mounted[@]}" >&2
		die "unmount it (and swapoff) first"
	fi
	for n in "${family[@]}"; do
		for h in "/sys/class/block/$n/holders"/*; do
			[[ -e $h ]] && die "$real is in use: /dev/$n is held by ${h##*/} (LVM, RAID or encryption); deactivate it first"
		done
	done

	# Redundant with the mount check when / shows up in mountinfo, but this
	# is the disk that must never be touched, so it is checked on its own.
	rootdev=$(awk '$5 == "/" { d = $3 } END { print d }' /proc/self/mountinfo 2>/dev/null)
	if [[ -n $rootdev ]] && root_names=$(name_of_devno "$rootdev"); then
		touches_target "$root_names" && die "$real holds the running system's root file system"
	fi

	size=$(($(cat "/sys/block/$name/size") * 512))
	((size > 0)) || die "$real has no medium (size 0)"
	((iso_size <= size)) || die "$iso ($(human "$iso_size")) does not fit on $real ($(human "$size"))"
	vendor=$(sed 's/ *$//' "/sys/block/$name/device/vendor" 2>/dev/null)
	model=$(sed 's/ *$//' "/sys/block/$name/device/model" 2>/dev/null)
	[[ -w $real ]] || die "no permission to write $real; run this as root (e.g. with sudo)"

	printf 'target:    %s\n' "$real"
	printf 'model:     %s\n' "$(echo "$vendor $model" | sed 's/^ *//' | grep . || echo unknown)"
	printf 'size:      %s\n' "$(human "$size")"
	printf 'transport: %s\n' "${tran:-unknown}"
	lsblk -no NAME,SIZE,FSTYPE,LABEL -- "$real" 2>/dev/null | sed 's/^/  /'
	printf 'image:     %s (%s)\n' "$iso" "$(human "$iso_size")"
	if ((!yes)); then
		local answer=
		printf 'Everything on %s will be destroyed. Type "yes" to continue: ' "$real"
		IFS= read -r answer || true
		[[ $answer == yes ]] || die "not confirmed; nothing was written"
	fi
	dd if="$iso" of="$real" bs=4M conv=fsync status=progress || die "dd to $real failed"
	sync
	printf 'wrote %s to %s; it is safe to remove the stick\n' "$iso" "$real"
}

if [[ -b $target ]]; then
	flash_device
else
	flash_file
fi
