#!/usr/bin/env bash
# Runs the stages of `make test` one after another and adds up their
# results. Arguments come in pairs: a stage name and the command that runs
# it. A stage that ends with an "N passed, M failed" line contributes those
# numbers; one that does not counts as one test, passed if it exited 0.
# Every stage runs even after a failure, so one report shows everything.
# The last line printed is the grand total, alone on its line.
set -u

if (($# == 0 || $# % 2)); then
	echo "usage: tools/run-tests.sh NAME COMMAND [NAME COMMAND...]" >&2
	exit 2
fi

total_passed=0
total_failed=0
summary=()
log=$(mktemp "${TMPDIR:-/tmp}/kestrel-stage.XXXXXX")
trap 'rm -f "$log"' EXIT

while (($#)); do
	name=$1 cmd=$2
	shift 2
	printf '\n=== %s: %s\n' "$name" "$cmd"
	bash -c "$cmd" 2>&1 | tee "$log"
	status=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [[ -n $line ]]; then
		p=${line%% passed*}
		f=${line#*passed, }
		f=${f%% failed*}
		# A stage that failed without counting a failure still failed.
		if ((status != 0 && f == 0)); then f=1; fi
	elif ((status == 0)); then
		p=1 f=0
	else
		p=0 f=1
	fi
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	summary+=("$(printf '%-20s %5d passed, %d failed%s' "$name:" "$p" "$f" "$( ((status)) && echo " (exit status $status)")")")
done

printf '\n=== summary\n'
printf '%s\n' "${summary[@]}"
printf '%d passed, %d failed\n' "$total_passed" "$total_failed"
((total_failed == 0))
