#!/bin/sh
# check-elf.sh PROGRAM: fails unless PROGRAM is what Kestrel's loader takes
# and what our rules promise: a static ELF32 i386 executable (no
# interpreter, no dynamic section), no segment both writable and executable,
# a non-executable stack, and an entry point inside an executable segment.
set -eu
prog=$1
readelf=${CROSS:-i686-linux-gnu-}readelf
fail() { echo "check-elf: $prog: $*" >&2; exit 1; }

header=$($readelf -h "$prog") || fail "not an ELF file"
echo "$header" | grep -q 'Class:[[:space:]]*ELF32' || fail "not ELF32"
echo "$header" | grep -q 'Type:[[:space:]]*EXEC' || fail "not a static executable (ET_EXEC)"
echo "$header" | grep -q 'Machine:[[:space:]]*Intel 80386' || fail "not i386"
entry=$(echo "$header" | sed -n 's/.*Entry point address:[[:space:]]*//p')

# One line per program header: type, vaddr, memsz, flags.
phdrs=$($readelf -lW "$prog" | awk '$1 ~ /^(LOAD|INTERP|DYNAMIC|GNU_STACK|TLS)$/ {
    flags = ""; for (i = 7; i <= NF; i++) if ($i ~ /^[RWE]+$/) flags = flags $i
    print $1, $3, $6, flags }')
echo "$phdrs" | grep -q '^INTERP' && fail "has an interpreter (dynamically linked)"
echo "$phdrs" | grep -q '^DYNAMIC' && fail "has a dynamic section"
echo "$phdrs" | grep -q '^GNU_STACK' || fail "no PT_GNU_STACK: the stack would be executable"
echo "$phdrs" | awk '$1 == "GNU_STACK" && $4 ~ /E/ { exit 1 }' || fail "executable stack"
echo "$phdrs" | awk '$1 == "LOAD" && $4 ~ /W/ && $4 ~ /E/ { exit 1 }' \
    || fail "a segment is both writable and executable"
in_code=no
while read -r type vaddr memsz flags; do
    case $type:$flags in
        LOAD:*E*)
            if [ $((entry)) -ge $((vaddr)) ] && [ $((entry)) -lt $((vaddr + memsz)) ]; then
                in_code=yes
            fi ;;
    esac
done <<PHDRS
$phdrs
PHDRS
[ $in_code = yes ] || fail "entry point $entry is not in an executable segment"
exit 0
