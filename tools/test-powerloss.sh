#!/usr/bin/env bash
# The power-cut test: boots the test ISO on a test disk armed with
# /POWERLOSS (tools/mktestdisks.sh --powerloss). The guest writes and syncs
# a set of files, announces their manifest, then keeps writing; when it
# says "cut here" the whole QEMU process group gets SIGKILL, mid-write.
# Afterwards e2fsck -fy must be able to repair the disk, e2fsck -fn must
# then find it clean, and every synced file must read back intact
# (tools/check-disk.sh --repair).
#   tools/test-powerloss.sh TEST.iso WORKDIR
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=qemu-common.sh
. "$here/qemu-common.sh"
(($# == 2)) || { echo "usage: tools/test-powerloss.sh TEST.iso WORKDIR" >&2; exit 2; }
iso=$1
dir=$2
kq_need_qemu
read -r -a KQ_EXTRA < <("$here/mktestdisks.sh" --powerloss "$dir") || kq_die "cannot build the disks"
KQ_MEDIA=(-cdrom "$iso" -boot d)
KQ_TOTAL=300
KQ_IDLE=60
log=$dir/serial.log
: >"$log"
cut=0
synced=0
on_line() {
	printf '%s\n' "$1" >>"$log"
	case $1 in
	*"KERNEL PANIC"*) printf 'powerloss: guest: %s\n' "$1" ;;
	"# ext2-powerloss: synced"*) synced=1; printf 'powerloss: guest: %s\n' "$1" ;;
	"# ext2-powerloss: cut here"*)
		cut=1
		# The whole group: timeout and QEMU under it, with no chance to flush.
		kill -KILL -- "-$KQ_PID" 2>/dev/null || kill -KILL "$KQ_PID"
		printf 'powerloss: power cut (SIGKILL) while the guest was writing\n'
		return 1
		;;
	esac
	return 0
}
kq_setup
kq_run on_line
if ((!synced || !cut)); then
	printf 'powerloss: FAIL: the guest never got to the cut (synced=%d cut=%d, stopped: %s); last line: %s\n' \
		"$synced" "$cut" "$KQ_STOP" "$KQ_LAST_LINE"
	exit 1
fi
"$here/check-disk.sh" "$dir/hda.img" "$log" --repair --min-manifests 1 || exit 1
printf 'powerloss: PASS\n'
