#!/usr/bin/env bash
# Coverage-guided fuzzing of the ext2 core with libFuzzer (clang), on top of
# the deterministic mutation loop that make test runs (tests/host/test_ext2.c
# holds both). Crashes land in build/fuzz-ext2/; turn each into a
# regression entry of test_ext2.c (or fix it and keep the input).
#   tools/fuzz-ext2.sh [SECONDS]     default 300
set -eu
cd "$(dirname "$0")/.."
secs=${1:-300}
command -v clang >/dev/null || { echo "fuzz-ext2.sh: clang not found (apt-get install clang)" >&2; exit 2; }
out=build/fuzz-ext2
mkdir -p "$out/corpus"
clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DEXT2_LIBFUZZER \
	-Itests/host -I. tests/host/test_ext2.c -o "$out/fuzz_ext2"
cd "$out"
./fuzz_ext2 -max_total_time="$secs" -max_len=256 -timeout=10 -artifact_prefix=./crash- corpus
