#!/usr/bin/env bash
# Boots a Kestrel test ISO headless and turns the TAP stream on COM1 plus
# QEMU's exit status into one verdict. Every way a run can go wrong (failed
# test, panic, hang, triple fault, early exit) must end in a non-zero exit and
# a reason a person can act on, so nothing is assumed from the exit status
# alone.
set -u

usage() {
	cat <<'EOF'
usage: tools/qemu-test.sh ISO [options] [-- EXTRA-QEMU-ARGS...]

Boots ISO in QEMU (TCG, headless), shows the serial console, and judges the
TAP 13 output. The last line printed is always "N passed, M failed".

options:
  --timeout SECS        give up after SECS seconds in total (default 600)
  --idle SECS           call it a hang after SECS seconds without serial
                        output (default 60)
  --log FILE            also write the serial output to FILE, and QEMU's
                        debug log (-d cpu_reset,guest_errors) to FILE.qemu
  --expect-fail REASON  the run is meant to fail: exit 0 only if it failed
                        with REASON as its main cause. REASON is one of
                        fail, panic, hang, triple, timeout, plan, exit
  --print-cmd           print the QEMU command line before booting
  -h, --help            show this help

environment: QEMU (emulator binary, default qemu-system-i386)
exit status: 0 verdict PASS (or the expected failure), 1 verdict FAIL,
             2 usage error, 130 interrupted
EOF
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=qemu-common.sh
. "$here/qemu-common.sh"

iso=
log=
expect=
print_cmd=0
KQ_TOTAL=600
KQ_IDLE=60
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--timeout) (($# >= 2)) || kq_die "--timeout needs a value"; kq_positive_int --timeout "$2"; KQ_TOTAL=$2; shift 2 ;;
	--timeout=*) kq_positive_int --timeout "${1#*=}"; KQ_TOTAL=${1#*=}; shift ;;
	--idle) (($# >= 2)) || kq_die "--idle needs a value"; kq_positive_int --idle "$2"; KQ_IDLE=$2; shift 2 ;;
	--idle=*) kq_positive_int --idle "${1#*=}"; KQ_IDLE=${1#*=}; shift ;;
	--log) (($# >= 2)) || kq_die "--log needs a file name"; log=$2; shift 2 ;;
	--log=*) log=${1#*=}; shift ;;
	--expect-fail) (($# >= 2)) || kq_die "--expect-fail needs a reason"; expect=$2; shift 2 ;;
	--expect-fail=*) expect=${1#*=}; shift ;;
	--print-cmd) print_cmd=1; shift ;;
	--) shift; KQ_EXTRA=("$@"); break ;;
	-*) kq_die "unknown option '$1' (see --help)" ;;
	*)
		[[ -z $iso ]] || kq_die "only one ISO may be given (extra QEMU arguments go after --)"
		iso=$1
		shift
		;;
	esac
done
[[ -n $iso ]] || { usage >&2; exit 2; }
[[ -f $iso && -r $iso ]] || kq_die "ISO '$iso' does not exist or is not readable (build it with make iso-test)"
case $expect in
'' | fail | panic | hang | triple | timeout | plan | exit) ;;
*) kq_die "--expect-fail takes fail, panic, hang, triple, timeout, plan or exit, not '$expect'" ;;
esac
kq_need_qemu

kq_setup
if [[ -n $log ]]; then
	: >"$log" || kq_die "cannot write log file '$log'"
	exec {KQ_LOG_FD}>>"$log"
	KQ_DEBUG_LOG=$log.qemu
	: >"$KQ_DEBUG_LOG" || kq_die "cannot write '$KQ_DEBUG_LOG'"
fi
KQ_MEDIA=(-cdrom "$iso" -boot d)

passed=0
failed=0
todo=0
ntests=0
plan=
plan_lines=0
order_error=
failed_names=()
panic_line=
bail_line=
finished=0
after_plan=0

RE_TEST='^(not )?ok([ ]+([0-9]+))?([ ]+-)?([ ]+(.*))?$'
RE_PLAN='^1\.\.([0-9]+)([ ]*#.*)?$'
RE_TODO='(^|[ ])#[ ]*[Tt][Oo][Dd][Oo]([^[:alnum:]]|$)'

on_line() {
	local l=$1 desc num
	printf '%s\n' "$l"
	[[ -n $KQ_LOG_FD ]] && printf '%s\n' "$l" >&"$KQ_LOG_FD"
	# Cheap prefix tests first: the regexes are recompiled on every use.
	if [[ ($l == ok* || $l == "not ok"*) && $l =~ $RE_TEST ]]; then
		num=${BASH_REMATCH[3]}
		desc=${BASH_REMATCH[6]}
		ntests=$((ntests + 1))
		if [[ -n $num && $num -ne $ntests && -z $order_error ]]; then
			order_error="test number $num where $ntests was expected"
		fi
		((plan_lines)) && after_plan=$((after_plan + 1))
		if [[ -z ${BASH_REMATCH[1]} ]]; then
			passed=$((passed + 1))
		elif [[ $desc =~ $RE_TODO ]]; then
			# TAP: a failing TODO test is an expected failure, not a failure.
			passed=$((passed + 1))
			todo=$((todo + 1))
		else
			failed=$((failed + 1))
			failed_names+=("${desc:-#${num:-$ntests}}")
		fi
	elif [[ $l == 1..* && $l =~ $RE_PLAN ]]; then
		plan_lines=$((plan_lines + 1))
		plan=${BASH_REMATCH[1]}
	elif [[ $l == *"KERNEL PANIC:"* ]]; then
		if [[ -z $panic_line ]]; then
			panic_line=${l#*KERNEL PANIC:}
			panic_line=${panic_line# }
			# Give the register dump a moment; the guest should exit by itself.
			((KQ_IDLE > 5)) && KQ_IDLE=5
		fi
	elif [[ $l == "Bail out!"* ]]; then
		[[ -n $bail_line ]] || bail_line=$l
	elif [[ $l == "# kestrel: tests finished" ]]; then
		finished=1
		# Only QEMU's exit is still to come; don't wait a full idle period.
		((KQ_IDLE > 10)) && KQ_IDLE=10
	fi
	return 0
}

if ((print_cmd)); then
	kq_machine_args
	printf 'harness: '
	kq_print_cmd
fi
kq_run on_line

status=$KQ_STATUS
killed=$KQ_KILLED
last=$KQ_LAST_LINE
if ((${#last} > 160)); then last="${last:0:160}..."; fi

# Each reason has a kind (for --expect-fail) and a text. The first is the main
# cause; later ones are only consequences and are shown just for context.
kinds=()
texts=()
add() { kinds+=("$1"); texts+=("$2"); }

if [[ -n $panic_line ]]; then
	add panic "kernel panic: $panic_line"
elif ((!killed && status == 5)); then
	add panic "kernel panic: guest exited with code 2 but printed no KERNEL PANIC line"
fi
if kq_triple_faulted; then
	add triple "triple fault / unexpected reset (QEMU logged a triple fault after \"$last\")"
elif ((!killed && status == 0)); then
	add triple "triple fault / unexpected reset (the guest reset or powered off after \"$last\")"
fi
case $KQ_STOP in
idle)
	if [[ -z $panic_line ]]; then
		if ((finished)); then
			add exit "QEMU did not exit within ${KQ_IDLE_FOR}s after the tests finished (is isa-debug-exit present?)"
		else
			add hang "hang: no output for ${KQ_IDLE_FOR}s after \"$last\""
		fi
	fi
	;;
total) add timeout "timeout: the run took longer than ${KQ_TOTAL}s (last output: \"$last\")" ;;
interrupted) add exit "interrupted" ;;
esac
[[ -n $bail_line ]] && add fail "$bail_line"
fatal=${#kinds[@]}

if ((failed)); then
	names=$(printf '%s, ' "${failed_names[@]}")
	add fail "$failed test(s) failed: ${names%, }"
fi
if ((fatal == 0 && !finished)); then
	if ((killed)); then
		add exit "QEMU was stopped before the tests finished"
	else
		add exit "QEMU exited with status $status before the tests finished"
	fi
elif ((fatal == 0)); then
	if ((plan_lines == 0)); then
		add plan "plan mismatch: no TAP plan line (1..N) seen, $ntests test(s) ran"
	elif ((plan_lines > 1)); then
		add plan "plan mismatch: $plan_lines plan lines seen"
	elif ((plan != ntests)); then
		add plan "plan mismatch: planned $plan, ran $ntests"
	elif ((after_plan)); then
		add plan "plan mismatch: $after_plan test(s) after the plan line 1..$plan"
	elif [[ -n $order_error ]]; then
		add plan "plan mismatch: $order_error"
	fi
	if ((killed)); then
		add exit "QEMU had to be stopped after the tests finished"
	elif ((status == 3 && failed == 0)); then
		add exit "QEMU exited with status 3 (guest reported failure) although no TAP test failed"
	elif ((status != 1 && status != 3)); then
		add exit "QEMU exited with status $status after the tests finished (expected 1)"
	fi
fi

if ((${#kinds[@]})); then
	if ((!killed)) || [[ $KQ_STOP != interrupted ]]; then
		kq_print_qemu_stderr
	fi
	for t in "${texts[@]}"; do
		printf 'harness: FAIL: %s\n' "$t"
	done
	[[ -n $log ]] && printf 'harness: serial log in %s, QEMU log in %s\n' "$log" "$KQ_DEBUG_LOG"
	# A run that broke down must never read as "0 failed".
	case ${kinds[0]} in
	panic | triple | hang | timeout) failed=$((failed + 1)) ;;
	*) ((failed == 0)) && failed=1 ;;
	esac
	rc=1
	if [[ -n $expect ]]; then
		if [[ ${kinds[0]} == "$expect" ]]; then
			printf 'harness: the expected %s failure happened\n' "$expect"
			rc=0
		else
			printf 'harness: UNEXPECTED: wanted a %s failure, got %s\n' "$expect" "${kinds[0]}"
		fi
	fi
	[[ $KQ_STOP == interrupted ]] && rc=130
else
	extra=
	((todo)) && extra=" ($todo expected TODO failure(s))"
	printf 'harness: PASS: %d test(s)%s\n' "$ntests" "$extra"
	rc=0
	if [[ -n $expect ]]; then
		printf 'harness: UNEXPECTED: wanted a %s failure, but the run passed\n' "$expect"
		rc=1
	fi
fi
printf '%d passed, %d failed\n' "$passed" "$failed"
exit "$rc"
