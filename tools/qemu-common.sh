# shellcheck shell=bash
# Sourced by the host tools that boot Kestrel under QEMU. The machine
# definition and the serial-reading loop live here so that the test harness
# and the USB boot check cannot drift apart.
#
# Callers set KQ_TOTAL and KQ_IDLE (seconds), fill KQ_MEDIA with the boot
# media arguments and KQ_EXTRA with anything else, then call kq_run with the
# name of a function that receives every cleaned serial line.

KQ_QEMU=${QEMU:-qemu-system-i386}
KQ_TOTAL=${KQ_TOTAL:-600}
KQ_IDLE=${KQ_IDLE:-60}
KQ_MEDIA=()
KQ_EXTRA=()
KQ_TMP=
KQ_PID=
KQ_FD=
KQ_STATUS=
KQ_KILLED=0
KQ_STOP=
KQ_INTERRUPTED=0
KQ_LAST_LINE=
KQ_IDLE_FOR=0
KQ_LOG_FD=

kq_die() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
	exit 2
}

kq_need_qemu() {
	command -v "$KQ_QEMU" >/dev/null 2>&1 ||
		kq_die "$KQ_QEMU not found (run tools/install-deps.sh, or set QEMU=)"
	command -v timeout >/dev/null 2>&1 || kq_die "timeout (coreutils) not found"
}

kq_positive_int() {
	[[ $2 =~ ^[0-9]+$ && $2 -gt 0 ]] || kq_die "$1 needs a positive number of seconds, got '$2'"
}

# Temporary state is kept in one directory so that every exit path, including
# Ctrl-C, can remove it and stop QEMU.
kq_setup() {
	KQ_TMP=$(mktemp -d "${TMPDIR:-/tmp}/kestrel-qemu.XXXXXX") || kq_die "cannot create a temporary directory"
	trap kq_cleanup EXIT
	# PIPE too: a reader that goes away (| head) must not leave QEMU behind.
	trap 'KQ_INTERRUPTED=1' INT TERM HUP PIPE
}

kq_cleanup() {
	kq_stop_qemu
	[[ -n $KQ_TMP ]] && rm -rf -- "$KQ_TMP"
	KQ_TMP=
}

# Where QEMU's own diagnostics (-d) go; a triple fault is only visible there.
kq_debug_log() {
	printf '%s\n' "${KQ_DEBUG_LOG:-$KQ_TMP/qemu-debug.log}"
}

# TCG is forced explicitly: the host may expose a KVM that cannot run 32-bit
# guests, and nothing should get the chance to pick it. -no-reboot turns a
# guest reset (e.g. a triple fault) into a QEMU exit instead of a silent
# reboot loop, and isa-debug-exit lets the guest report its verdict through
# QEMU's exit status.
kq_machine_args() {
	KQ_ARGS=(
		-accel tcg -cpu max -m 256M
		-display none -monitor none -serial stdio
		-no-reboot
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
		-d cpu_reset,guest_errors -D "$(kq_debug_log)"
		"${KQ_MEDIA[@]}" "${KQ_EXTRA[@]}"
	)
}

kq_print_cmd() {
	local a out=$KQ_QEMU
	for a in "${KQ_ARGS[@]}"; do
		if [[ $a =~ ^[[:alnum:]_.,=:/+@%-]+$ ]]; then out+=" $a"; else out+=" '${a//\'/\'\\\'\'}'"; fi
	done
	printf '%s\n' "$out"
}

kq_triple_faulted() {
	grep -q 'Triple fault' "$(kq_debug_log)" 2>/dev/null
}

# Serial output passes through GRUB's terminal code, which emits cursor
# movement and screen clears; those would wreck the user's terminal and
# defeat line matching, so only the visible text of each line is kept.
KQ_RE_CSI=$'\e\\[[0-?]*[ -/]*[@-~]'
KQ_RE_ESC=$'\e[()*+][0-9A-Za-z]'
KQ_RE_ESC2=$'\e[^[]'
kq_clean() {
	local s=$1
	while [[ $s == *$'\r' ]]; do s=${s%$'\r'}; done
	s=${s##*$'\r'}
	if [[ $s == *$'\e'* ]]; then
		while [[ $s =~ $KQ_RE_CSI ]]; do s=${s/"${BASH_REMATCH[0]}"/}; done
		while [[ $s =~ $KQ_RE_ESC ]]; do s=${s/"${BASH_REMATCH[0]}"/}; done
		while [[ $s =~ $KQ_RE_ESC2 ]]; do s=${s/"${BASH_REMATCH[0]}"/}; done
		s=${s//$'\e'/}
	fi
	s=${s//[$'\x01'-$'\x08'$'\x0b'-$'\x1f'$'\x7f']/}
	KQ_LINE=$s
}

# A child that has exited but not been reaped still answers kill -0, so the
# process state is read as well.
kq_alive() {
	local st
	[[ -n $KQ_PID ]] && kill -0 "$KQ_PID" 2>/dev/null || return 1
	{ st=$(<"/proc/$KQ_PID/stat"); } 2>/dev/null || return 1
	st=${st##*) }
	[[ ${st:0:1} != Z ]]
}

# Asks QEMU to quit, then insists; always reaps it so nothing is left behind.
# After the serial stream hit end-of-file QEMU is already on its way out, so
# it gets a moment to finish before being counted as killed.
kq_stop_qemu() {
	local i
	if [[ -n $KQ_FD ]]; then
		exec {KQ_FD}<&-
		KQ_FD=
	fi
	[[ -n $KQ_PID ]] || return 0
	if [[ $KQ_STOP == exited ]]; then
		for ((i = 0; i < 50; i++)); do
			kq_alive || break
			sleep 0.1
		done
	fi
	if kq_alive; then
		KQ_KILLED=1
		kill -TERM "$KQ_PID" 2>/dev/null
		for ((i = 0; i < 50; i++)); do
			kq_alive || break
			sleep 0.1
		done
		# timeout leads its own process group, so this reaches QEMU too.
		if kq_alive; then
			kill -KILL -- "-$KQ_PID" 2>/dev/null || kill -KILL "$KQ_PID" 2>/dev/null
		fi
	fi
	wait "$KQ_PID" 2>/dev/null
	KQ_STATUS=$?
	KQ_PID=
}

# Microseconds since the epoch, without forking; the decimal separator
# depends on the locale, so every non-digit is dropped.
kq_now() {
	KQ_NOW=${EPOCHREALTIME//[!0-9]/}
}

# Boots QEMU and feeds each serial line to the handler named in $1 until QEMU
# exits, the handler returns non-zero, a limit is reached or the user
# interrupts. The handler may change KQ_IDLE while running (e.g. to stop
# waiting soon after a panic). Afterwards KQ_STOP says why it ended
# (exited|handler|idle|total|interrupted) and KQ_STATUS holds QEMU's exit
# status, which is only meaningful when KQ_KILLED is 0.
kq_run() {
	local handler=$1 buf= chunk rc start last now got
	kq_machine_args
	mkfifo "$KQ_TMP/serial" || kq_die "cannot create a FIFO in $KQ_TMP"
	# timeout is only a backstop for when this script itself gets killed
	# without a chance to clean up; the limits proper are enforced below.
	timeout -k 5 $((KQ_TOTAL + 60)) "$KQ_QEMU" "${KQ_ARGS[@]}" \
		<"/dev/null" >"$KQ_TMP/serial" 2>"$KQ_TMP/qemu.err" &
	KQ_PID=$!
	exec {KQ_FD}<"$KQ_TMP/serial"
	kq_now
	start=$KQ_NOW
	last=$KQ_NOW
	KQ_STOP=
	while :; do
		got=0
		if IFS= read -r -t 1 -u "$KQ_FD" chunk; then
			got=1
			buf+=$chunk
			kq_now
			last=$KQ_NOW
			kq_clean "$buf"
			buf=
			[[ -n $KQ_LINE ]] && KQ_LAST_LINE=$KQ_LINE
			"$handler" "$KQ_LINE" || KQ_STOP=handler
		else
			rc=$?
			if ((rc > 128)); then
				# A timed-out read still hands over what it got so far.
				if [[ -n $chunk ]]; then
					buf+=$chunk
					kq_now
					last=$KQ_NOW
				fi
			else
				if [[ -n $buf$chunk ]]; then
					kq_clean "$buf$chunk"
					buf=
					[[ -n $KQ_LINE ]] && KQ_LAST_LINE=$KQ_LINE
					"$handler" "$KQ_LINE"
				fi
				KQ_STOP=exited
			fi
		fi
		[[ -n $KQ_STOP ]] && break
		if ((KQ_INTERRUPTED)); then
			KQ_STOP=interrupted
			break
		fi
		kq_now
		now=$KQ_NOW
		if ((now - start >= KQ_TOTAL * 1000000)); then
			KQ_STOP=total
			break
		fi
		if ((got == 0 && now - last >= KQ_IDLE * 1000000)); then
			KQ_STOP=idle
			KQ_IDLE_FOR=$(((now - last) / 1000000))
			break
		fi
	done
	# A line the guest never finished still matters when it hangs mid-line.
	if [[ -n $buf ]]; then
		kq_clean "$buf"
		if [[ -n $KQ_LINE ]]; then
			KQ_LAST_LINE=$KQ_LINE
			"$handler" "$KQ_LINE"
		fi
	fi
	KQ_KILLED=0
	kq_stop_qemu
}

# QEMU's stderr, minus the note it prints when we stop it ourselves.
kq_print_qemu_stderr() {
	local l
	[[ -s $KQ_TMP/qemu.err ]] || return 0
	while IFS= read -r l; do
		[[ $l == *"terminating on signal"* ]] && continue
		printf 'qemu: %s\n' "$l"
	done <"$KQ_TMP/qemu.err"
}
