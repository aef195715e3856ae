#!/usr/bin/env bash
# The root= stage: boots ROOTFS.iso (command line "test root=hda1
# ktest=rootfs nousertests", see tests/kernel/test_rootfs.c) twice.
#  1. On a root disk made like build/disk.img plus a marker with a fresh
#     token: the guest must find an ext2 root carrying that token, and what
#     the kernel and a user program wrote at "/" must be on the disk
#     afterwards (debugfs), with the file system clean (e2fsck -fn).
#  2. On a blank disk (no hda1): the kernel must say it falls back, and
#     boot on the initrd root.
#   tools/test-rootfs.sh ROOTFS.iso INITRD-STAGING-DIR WORKDIR
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(($# == 3)) || { echo "usage: tools/test-rootfs.sh ROOTFS.iso INITRD-STAGING-DIR WORKDIR" >&2; exit 2; }
iso=$1 staging=$2 dir=$3
passed=0
failed=0
check() {
	local what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		printf 'rootfs: ok - %s\n' "$what"
	else
		failed=$((failed + 1))
		printf 'rootfs: FAIL - %s\n' "$what"
	fi
}
finish() {
	printf '%d passed, %d failed\n' "$passed" "$failed"
	((failed == 0))
	exit
}
fsck_clean() { e2fsck -fn "$1" >"$dir/e2fsck.log" 2>&1 || { cat "$dir/e2fsck.log"; return 1; }; }
has_line() { grep -qF -- "$2" "$1"; }
debugfs_is() {
	local got
	got=$(debugfs -R "cat $2" "$1" 2>/dev/null)
	[[ $got == "$3" ]] || { printf 'rootfs: %s holds %q, want %q\n' "$2" "$got" "$3"; return 1; }
}
debugfs_has() {
	debugfs -R "cat $2" "$1" 2>/dev/null | grep -qF -- "$3" ||
		{ printf 'rootfs: %s lacks %q\n' "$2" "$3"; return 1; }
}

rm -rf "$dir"
mkdir -p "$dir/extra"
token="kestrel-root-$(date +%s)-$RANDOM$RANDOM"
echo "$token" >"$dir/extra/ROOTFS-MARKER"
"$here/mkrootdisk.sh" "$dir/root.img" 64 "$staging" userland/disk "$dir/extra" ||
	{ echo "rootfs: cannot build the root disk"; failed=1; finish; }

# A partition of its own: mkdisk.sh put hda1 at 1 MiB.
part=$dir/root-part.img
extract_part() { dd if="$dir/root.img" of="$part" bs=1M skip=1 count=64 status=none; }

log=$dir/serial-disk.log
check "boot with root=hda1 on a system disk passes" \
	"$here/qemu-test.sh" "$iso" --timeout 180 --idle 60 --log "$log" -- \
	-drive "file=$dir/root.img,format=raw,if=ide,index=0"
check "the kernel announced the ext2 root" has_line "$log" "vfs: root file system: ext2 on hda1"
check "the initrd was left packed" has_line "$log" "vfs: the initrd is not unpacked"
check "the guest found an ext2 root" has_line "$log" "# rootfs: root=hda1 gave an ext2 root"
check "the guest read the host's marker at /" has_line "$log" "# rootfs: marker $token"
extract_part
check "the disk is clean after power-off (e2fsck -fn)" fsck_clean "$part"
check "the kernel's file at / is on the disk" debugfs_is "$part" /from-kernel "written at / by the kernel"
check "the user program's file at / is on the disk" debugfs_has "$part" /from-user "ext2 / ext2 rw"
check "the user program read the marker at /" debugfs_has "$part" /from-user "$token"

log=$dir/serial-fallback.log
truncate -s 4M "$dir/blank.img"
check "boot with root=hda1 and no such partition passes" \
	"$here/qemu-test.sh" "$iso" --timeout 180 --idle 60 --log "$log" -- \
	-drive "file=$dir/blank.img,format=raw,if=ide,index=0"
check "the kernel said why root=hda1 was refused" \
	has_line "$log" "vfs: root=hda1 cannot be the root file system: no such device"
check "the kernel said it falls back" has_line "$log" "vfs: falling back to the initrd as the root file system"
check "the guest found the initrd root" has_line "$log" "# rootfs: root=hda1 gave the initrd root"
finish
