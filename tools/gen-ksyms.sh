#!/usr/bin/env bash
# Turns `nm` output of the first kernel link into an assembly file holding
# the symbol table that backtraces use (kernel/ksyms.c reads it). With no
# input file it emits an empty table for the first link pass.
set -euo pipefail
nm_output=${1:-}
{
    echo '    .section .ksyms, "a"'
    echo '    .align 4'
    echo '    .globl ksyms_table, ksyms_count, ksyms_names'
    if [ -z "$nm_output" ]; then
        echo 'ksyms_count: .long 0'
        echo 'ksyms_table:'
        echo 'ksyms_names: .byte 0'
        exit 0
    fi
    # Keep text symbols only; sort by address; drop duplicates at one address.
    awk '$2 ~ /^[tTwW]$/ { print $1, $3 }' "$nm_output" | sort -u -k1,1 > "$nm_output.sorted"
    echo "ksyms_count: .long $(wc -l < "$nm_output.sorted")"
    echo 'ksyms_table:'
    awk 'BEGIN { off = 0 } { printf "    .long 0x%s, %d\n", $1, off; off += length($2) + 1 }' "$nm_output.sorted"
    echo 'ksyms_names:'
    awk '{ printf "    .asciz \"%s\"\n", $2 }' "$nm_output.sorted"
} 
