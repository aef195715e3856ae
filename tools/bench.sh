#!/usr/bin/env bash
# Boots ISO (whose kernel runs /bin/bench as init) under QEMU with
# -icount shift=0, so that guest time counts instructions and the figures
# are the same on every run, and prints the "bench:" lines. With OUT, also
# writes them there (make bench keeps build/bench.txt for comparisons).
set -eu
iso=${1:?usage: tools/bench.sh ISO [OUT]}
out=${2:-}
log=$(mktemp "${TMPDIR:-/tmp}/kestrel-bench.XXXXXX")
trap 'rm -f "$log"' EXIT
# TCG only; the instruction-counting clock makes timings repeatable.
timeout 900 qemu-system-i386 -accel tcg -icount shift=0 -cpu max -m 256M -no-reboot \
    -display none -serial file:"$log" -cdrom "$iso" -boot d || true
grep -a '^bench:' "$log" | tr -d '\r' | tee ${out:+"$out"}
grep -aq '^bench: done' "$log" || { echo "bench: did not finish (see the serial log above)" >&2; exit 1; }
