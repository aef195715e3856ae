#!/usr/bin/env bash
# A test harness that never fails proves nothing. This boots kernels that
# break on purpose (a failing test, a panic, a hang with interrupts off, a
# triple fault) and checks that qemu-test.sh rejects each of them for the
# right reason, that it accepts a clean run, and that its judgement of odd
# TAP streams (wrong plan, early exit, silent reset...) holds, using a
# stand-in for QEMU that replays canned serial output.
set -u

usage() {
	cat <<'EOF'
usage: tools/check-harness.sh [--no-pass-check] [--no-inject] [--no-replay]

Checks that tools/qemu-test.sh catches breakage:
  inject  builds ISOs with "make iso-test KCMDLINE='test inject=K'" for K in
          fail, panic, hang, triple and checks that qemu-test.sh exits
          non-zero and names the right reason
  pass    builds the normal test ISO (make iso-test) and checks that it passes,
          so a harness that rejects everything is caught too
  replay  feeds canned serial transcripts through a fake QEMU to check the
          verdict logic (plan mismatch, early exit, reset, ...)
Logs go to build/check-harness/. Prints ok / not ok lines and finally
"N passed, M failed"; exits non-zero if any check did not behave.

environment: MAKE (default make), QEMU (default qemu-system-i386)
EOF
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
make_cmd=${MAKE:-make}
do_pass=1
do_inject=1
do_replay=1
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--no-pass-check) do_pass=0 ;;
	--no-inject) do_inject=0 ;;
	--no-replay) do_replay=0 ;;
	*) printf 'check-harness.sh: unknown option %s (see --help)\n' "$1" >&2; exit 2 ;;
	esac
	shift
done

logdir=$top/build/check-harness
mkdir -p "$logdir" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kestrel-check.XXXXXX") || exit 2
trap 'rm -rf -- "$tmp"' EXIT
# qemu-test.sh cleans up after itself on INT/TERM; this script only has to
# stop starting new checks.
interrupted=0
trap 'interrupted=1' INT TERM HUP PIPE

n=0
passed=0
failed=0
ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	printf 'ok %d - %s\n' "$n" "$1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	printf 'not ok %d - %s\n' "$n" "$1"
	shift
	local l
	for l in "$@"; do printf '# %s\n' "$l"; done
}

# The harness's own summary lines from a run, indented as TAP diagnostics.
show_verdict() {
	grep -E '^(harness: |qemu: |[0-9]+ passed, [0-9]+ failed$)' "$1" | sed 's/^/  /'
}

build_iso() { # ISO-PATH (relative to top) [KCMDLINE]; on failure sets build_diag
	local iso=$1 log=$logdir/build-${1##*/}.log cmd
	local args=(-C "$top" iso-test "TEST_ISO=$iso")
	# Both names, so this works whichever variable iso-test reads its
	# command line from.
	[[ $# -ge 2 ]] && args+=("KCMDLINE=$2" "TEST_KCMDLINE=$2")
	cmd=$(printf '%q ' "$make_cmd" "${args[@]}")
	build_diag=()
	if ! "$make_cmd" "${args[@]}" >"$log" 2>&1; then
		build_diag=("build failed: ${cmd% } (log: $log)")
		mapfile -t -O 1 build_diag < <(tail -n 15 "$log" | sed 's/^/  /')
		return 1
	fi
	if [[ ! -f $top/$iso ]]; then
		build_diag=("${cmd% } did not produce $iso")
		return 1
	fi
}

# Runs qemu-test.sh; leaves its exit status in $rc and its output in $out.
run_harness() { # NAME ISO ARGS...
	out=$logdir/$1.log
	shift
	"$here/qemu-test.sh" "$@" >"$out" 2>&1
	rc=$?
}

# The first FAIL line is the harness's main cause; checking that one (and not
# just any line) also catches a wrong order of priorities.
first_fail() {
	grep -m1 '^harness: FAIL: ' "$out"
}

last_line_ok() { # EXPECT-FAILURES(yes|no)
	local last
	last=$(tail -n 1 "$out")
	[[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]] || return 1
	if [[ $1 == yes ]]; then ((BASH_REMATCH[2] > 0)); else ((BASH_REMATCH[2] == 0)); fi
}

expect_failure() { # NAME PATTERN DESCRIPTION ISO QEMU-TEST-ARGS...
	local name=$1 pat=$2 what=$3 first
	shift 3
	run_harness "$name" "$@"
	first=$(first_fail)
	if ((rc == 0)); then
		mapfile -t verdict < <(show_verdict "$out")
		not_ok "$what" "qemu-test.sh exited 0 (log: $out)" "${verdict[@]}"
	elif ((rc == 130)); then
		not_ok "$what" "interrupted"
	elif [[ ! $first =~ $pat ]]; then
		mapfile -t verdict < <(show_verdict "$out")
		not_ok "$what" "expected a first FAIL line matching /$pat/, got: ${first:-none} (log: $out)" "${verdict[@]}"
	elif ! last_line_ok yes; then
		not_ok "$what" "last line is not \"N passed, M failed\" with M > 0: $(tail -n 1 "$out")"
	else
		ok "$what: ${first#harness: FAIL: }"
	fi
}

# The guest suite expects its test disks (the ATA and ext2 tests fail
# without them), so every run here gets fresh ones, as make test does: the
# guest writes to them.
disk_args=()
fresh_disks() {
	read -r -a disk_args < <("$here/mktestdisks.sh" "$logdir/disks")
}

if ((do_inject)); then
	for k in fail panic hang triple overflow; do
		((interrupted)) && break
		case $k in
		fail) pat='^harness: FAIL: [0-9]+ test\(s\) failed: ' idle=60 ;;
		panic) pat='^harness: FAIL: kernel panic: ' idle=60 ;;
		hang) pat='^harness: FAIL: hang: no output for ' idle=20 ;;
		triple) pat='^harness: FAIL: triple fault / unexpected reset' idle=60 ;;
		overflow) pat='^harness: FAIL: kernel panic: double fault: kernel stack overflow' idle=60 ;;
		esac
		iso=build/inject-$k.iso
		if ! build_iso "$iso" "test inject=$k"; then
			not_ok "inject=$k is caught (could not build $iso)" "${build_diag[@]}"
			continue
		fi
		fresh_disks
		expect_failure "inject-$k" "$pat" "inject=$k is caught" "$top/$iso" --idle "$idle" --timeout 300 \
			-- "${disk_args[@]}"
	done
fi

if ((do_pass)) && ((!interrupted)); then
	iso=build/kestrel-test.iso
	if ! build_iso "$iso"; then
		not_ok "a clean test ISO passes (could not build $iso)" "${build_diag[@]}"
	else
		fresh_disks
		run_harness clean "$top/$iso" -- "${disk_args[@]}"
		if ((rc == 0)) && grep -q '^harness: PASS' "$out" && last_line_ok no; then
			ok "a clean test ISO passes: $(grep -m1 '^harness: PASS' "$out" | sed 's/^harness: PASS: //')"
		else
			mapfile -t verdict < <(show_verdict "$out")
			not_ok "a clean test ISO passes" "qemu-test.sh exited $rc (log: $out)" "${verdict[@]}"
		fi
	fi
fi

if ((do_replay)) && ((!interrupted)); then
	# Stands in for QEMU: prints a transcript, optionally stays silent for a
	# while, and exits with the status the real QEMU would have.
	fake=$tmp/fake-qemu
	cat >"$fake" <<'EOF'
#!/usr/bin/env bash
printf '%b' "$FAKE_SERIAL"
[[ -n ${FAKE_SLEEP:-} ]] && sleep "$FAKE_SLEEP"
exit "${FAKE_STATUS:-1}"
EOF
	chmod +x "$fake"
	dummy_iso=$tmp/dummy.iso
	: >"$dummy_iso"
	fin='# kestrel: tests finished\n'
	replay() { # NAME STATUS SERIAL EXPECT(PASS|pattern) DESCRIPTION
		local name=$1 status=$2 serial=$3 expect=$4 what=$5 first
		((interrupted)) && return
		out=$logdir/replay-$name.log
		FAKE_SERIAL=$serial FAKE_STATUS=$status QEMU=$fake \
			"$here/qemu-test.sh" "$dummy_iso" --idle 3 --timeout 30 >"$out" 2>&1
		rc=$?
		if [[ $expect == PASS ]]; then
			if ((rc == 0)) && grep -q '^harness: PASS' "$out" && last_line_ok no; then
				ok "replay: $what"
			else
				mapfile -t verdict < <(show_verdict "$out")
				not_ok "replay: $what" "expected PASS, exit $rc (log: $out)" "${verdict[@]}"
			fi
			return
		fi
		first=$(first_fail)
		if ((rc != 0)) && [[ $first =~ $expect ]] && last_line_ok yes; then
			ok "replay: $what"
		else
			mapfile -t verdict < <(show_verdict "$out")
			not_ok "replay: $what" "expected a failure matching /$expect/, exit $rc (log: $out)" "${verdict[@]}"
		fi
	}
	replay pass 1 "TAP version 13\nok 1 - a\nok 2 - b\n1..2\n$fin" PASS \
		"all ok, plan matches, finished, status 1 passes"
	replay crlf 1 '\e[2J\e[HKestrel x booting (i686)\r\nTAP version 13\r\nok 1 - a\r\n1..1\r\n# kestrel: tests finished\r\n' PASS \
		"CR/LF line ends and terminal escapes are tolerated"
	replay todo 1 "ok 1 - a\nnot ok 2 - b # TODO not yet\n1..2\n$fin" PASS \
		"a failing TODO test does not fail the run"
	replay plan-short 1 "ok 1 - a\nok 2 - b\n1..3\n$fin" '^harness: FAIL: plan mismatch' \
		"fewer tests than planned is a plan mismatch"
	replay no-plan 1 "ok 1 - a\n$fin" '^harness: FAIL: plan mismatch' \
		"a missing plan line is a plan mismatch"
	replay numbering 1 "ok 1 - a\nok 3 - b\n1..2\n$fin" '^harness: FAIL: plan mismatch' \
		"a skipped test number is a plan mismatch"
	replay early-exit 1 "ok 1 - a\n1..1\n" '^harness: FAIL: QEMU exited with status 1 before the tests finished' \
		"exit status 1 without the finish marker fails"
	replay not-ok 3 "ok 1 - a\nnot ok 2 - broken thing\n1..2\n$fin" '^harness: FAIL: 1 test\(s\) failed: broken thing' \
		"a not ok line fails and is named"
	replay status3 3 "ok 1 - a\n1..1\n$fin" '^harness: FAIL: QEMU exited with status 3' \
		"guest-reported failure without a not ok line fails"
	replay status5 5 "ok 1 - a\n" '^harness: FAIL: kernel panic' \
		"panic exit code without a panic line still counts as a panic"
	replay reset 0 "ok 1 - a\n" '^harness: FAIL: triple fault / unexpected reset' \
		"QEMU exiting with 0 (guest reset) fails"
	replay bail 1 "ok 1 - a\nBail out! no disk\n" '^harness: FAIL: Bail out! no disk' \
		"Bail out! fails"
	FAKE_SLEEP=10 replay no-exit 1 "ok 1 - a\n1..1\n$fin" '^harness: FAIL: QEMU did not exit' \
		"QEMU that keeps running after the finish marker fails"
	FAKE_SLEEP=10 replay mid-line-hang 1 "ok 1 - a\nrunning b..." '^harness: FAIL: hang: no output for [0-9]+s after "running b..."' \
		"a hang in the middle of a line is reported with that line"
fi

printf '1..%d\n' "$n"
((interrupted)) && printf '# interrupted\n'
printf '%d passed, %d failed\n' "$passed" "$failed"
((failed == 0 && !interrupted))
