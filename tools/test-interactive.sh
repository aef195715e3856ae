#!/usr/bin/env bash
# Uses Kestrel the way a person does: boots the normal ISO (as `make run`
# does) inside a real terminal (tmux), waits for the shell prompt on the
# serial console, types a pipeline, reads the answer off the screen, checks
# the VGA text screen through QEMU's monitor (the text buffer and a
# screendump), then powers off from the shell and expects QEMU to exit.
# Prints ok/not ok lines and the closing "N passed, M failed".
set -u

iso=${1:-build/kestrel.iso}
limit=${KESTREL_INTERACTIVE_TIMEOUT:-120}
session="kestrel-interactive-$$"
port=$((20000 + $$ % 20000))
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kestrel-interactive.XXXXXX")
passed=0 failed=0

cleanup() {
	tmux kill-session -t "$session" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

result() { # ok(0|1) description
	if (($1)); then passed=$((passed + 1)); echo "ok - $2"; else failed=$((failed + 1)); echo "not ok - $2"; fi
}

finish() {
	echo "$passed passed, $failed failed"
	((failed == 0))
	exit
}

command -v tmux >/dev/null || { echo "not ok - tmux is not installed"; failed=1; finish; }
[[ -f $iso ]] || { echo "not ok - $iso does not exist (make iso)"; failed=1; finish; }

# The same machine as make run, plus a monitor on a loopback port for the
# screen checks. TCG only.
qemu=(qemu-system-i386 -accel tcg -cpu max -m 256M -no-reboot
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -cdrom "$iso" -boot d
	-display none -serial stdio -monitor "tcp:127.0.0.1:$port,server,nowait")
tmux new-session -d -s "$session" -x 160 -y 50 "${qemu[*]}; echo QEMU-EXITED-\$?; sleep 30"

screen() { tmux capture-pane -p -t "$session" -S -200 2>/dev/null; }

# Waits until the screen matches the pattern (extended regex); 0 or 1.
wait_for() { # pattern seconds
	local deadline=$((SECONDS + $2))
	while ((SECONDS < deadline)); do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.5
	done
	return 1
}

monitor() { # command -> prints the reply
	local reply
	exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
	printf '%s\n' "$1" >&3
	sleep 1
	reply=$(timeout 2 cat <&3)
	exec 3<&-
	printf '%s\n' "$reply"
}

if wait_for '[$#] ?$' "$limit"; then
	result 1 "the shell prompt appears on the serial console"
else
	result 0 "the shell prompt appears on the serial console (screen: $(screen | tail -n 3 | tr '\n' '|'))"
	finish
fi

tmux send-keys -t "$session" 'echo kestrel is here | wc -c' Enter
if wait_for '^ *16 *$' 30; then
	result 1 "a pipeline typed at the prompt answers (echo | wc -c gives 16)"
else
	result 0 "a pipeline typed at the prompt answers (screen: $(screen | tail -n 4 | tr '\n' '|'))"
fi

# The VGA text buffer at 0xB8000: every other byte is a character.
# Blank cells hold NUL characters; they become spaces here.
vga=$(monitor "xp /2000xh 0xb8000" | grep -Eo '0x[0-9a-f]{4}' | while read -r cell; do
	c=$((cell & 0xff))
	((c < 32)) && c=32
	printf "\\x$(printf %02x "$c")"
done)
# init starts a shell on the VGA console (tty1) too: its greeting and
# prompt must be on the screen.
if [[ $vga == *"Welcome to Kestrel"* && $vga == *" # "* ]]; then
	result 1 "the VGA text console shows the shell's greeting and prompt"
else
	result 0 "the VGA text console shows the shell's greeting and prompt (read: $(tr -s ' ' <<<"$vga" | cut -c1-200))"
fi

monitor "screendump $tmp/screen.ppm" >/dev/null
if [[ -s $tmp/screen.ppm ]] && (($(tail -c +16 "$tmp/screen.ppm" | od -An -tu1 | tr -s ' ' '\n' | sort -u | wc -l) > 2)); then
	result 1 "QEMU's screendump of the VGA screen has content"
else
	result 0 "QEMU's screendump of the VGA screen has content"
fi

tmux send-keys -t "$session" 'poweroff' Enter
if wait_for 'QEMU-EXITED-' 60; then
	result 1 "poweroff at the prompt turns the machine off"
else
	result 0 "poweroff at the prompt turns the machine off (screen: $(screen | tail -n 3 | tr '\n' '|'))"
fi
finish
