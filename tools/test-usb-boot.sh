#!/usr/bin/env bash
# Proves that an ISO written by flash-usb.sh boots when it is the only thing
# the machine has: a USB stick on an xHCI controller, no CD-ROM. This is the
# path real hardware takes, and it depends on the hybrid MBR that
# grub-mkrescue puts into the ISO, which booting with -cdrom never exercises.
set -u

usage() {
	cat <<'EOF'
usage: tools/test-usb-boot.sh ISO [--timeout SECS] [-- EXTRA-QEMU-ARGS...]

Writes ISO to a temporary image file with tools/flash-usb.sh, boots that
image in QEMU as a USB mass storage stick on an xHCI controller (no CD-ROM)
and waits for the kernel banner "Kestrel ... booting". Prints TAP-style
ok / not ok lines and finally "N passed, M failed".

options:
  --timeout SECS  how long to wait for the banner (default 120)
  -h, --help      show this help
EOF
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=qemu-common.sh
. "$here/qemu-common.sh"

iso=
KQ_TOTAL=120
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--timeout) (($# >= 2)) || kq_die "--timeout needs a value"; kq_positive_int --timeout "$2"; KQ_TOTAL=$2; shift 2 ;;
	--timeout=*) kq_positive_int --timeout "${1#*=}"; KQ_TOTAL=${1#*=}; shift ;;
	--) shift; KQ_EXTRA=("$@"); break ;;
	-*) kq_die "unknown option '$1' (see --help)" ;;
	*)
		[[ -z $iso ]] || kq_die "only one ISO may be given"
		iso=$1
		shift
		;;
	esac
done
[[ -n $iso ]] || { usage >&2; exit 2; }
[[ -f $iso && -r $iso ]] || kq_die "ISO '$iso' does not exist or is not readable (build it with make iso)"
kq_need_qemu
# The firmware is silent on the serial port while it enumerates USB, so only
# the overall limit applies.
KQ_IDLE=$KQ_TOTAL

kq_setup
passed=0
failed=0
n=0
result() {
	n=$((n + 1))
	if (($1)); then
		printf 'ok %d - %s\n' "$n" "$2"
		passed=$((passed + 1))
	else
		printf 'not ok %d - %s\n' "$n" "$2"
		failed=$((failed + 1))
	fi
}
finish() {
	printf '%d passed, %d failed\n' "$passed" "$failed"
	((failed == 0))
	exit $?
}

img=$KQ_TMP/stick.img
if "$here/flash-usb.sh" "$iso" "$img"; then
	result 1 "flash-usb.sh wrote the ISO to an image file"
else
	result 0 "flash-usb.sh wrote the ISO to an image file"
	finish
fi
iso_size=$(stat -Lc %s -- "$iso")
if cmp -s -n "$iso_size" -- "$iso" "$img"; then
	result 1 "the image is a byte-for-byte copy of the ISO"
else
	result 0 "the image is a byte-for-byte copy of the ISO"
fi
# A real stick is larger than the image; booting must not depend on the disk
# ending where the ISO does.
truncate -s $((iso_size + 64 * 1024 * 1024)) "$img"

banner=
on_line() {
	printf '%s\n' "$1"
	if [[ $1 =~ Kestrel\ .*booting ]]; then
		banner=$1
		return 1
	fi
	return 0
}
KQ_MEDIA=(
	-device qemu-xhci,id=xhci
	-drive "if=none,id=stick,format=raw,file=$img"
	-device usb-storage,bus=xhci.0,drive=stick,bootindex=0
)
kq_run on_line

if [[ -n $banner ]]; then
	result 1 "boots from a USB stick on xHCI (saw \"$banner\")"
else
	case $KQ_STOP in
	idle | total) why="no banner within ${KQ_TOTAL}s (last output: \"$KQ_LAST_LINE\")" ;;
	interrupted) why="interrupted" ;;
	*)
		why="QEMU exited with status $KQ_STATUS"
		((KQ_STATUS == 0)) && why+=" (the guest reset or shut down)"
		why+=" before the banner (last output: \"$KQ_LAST_LINE\")"
		;;
	esac
	kq_print_qemu_stderr
	kq_triple_faulted && why+="; QEMU logged a triple fault"
	result 0 "boots from a USB stick on xHCI: $why"
fi
((KQ_INTERRUPTED)) && { printf '%d passed, %d failed\n' "$passed" "$failed"; exit 130; }
finish
