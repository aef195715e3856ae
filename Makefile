# Kestrel: build the kernel, the ISO images, and run them.
#
#   make            the kernel ELF (build/kernel.elf)
#   make iso        the bootable hybrid ISO (build/kestrel.iso)
#   make run        install missing tools, build, boot in QEMU on this terminal
#   make test       install missing tools, build, run host unit tests and the
#                   in-guest test suite headless; non-zero on any failure
#   make debug      boot QEMU paused, waiting for gdb (see tools/gdbinit)

CROSS    ?= i686-linux-gnu-
CC       := $(CROSS)gcc
LD       := $(CROSS)ld -z noexecstack
NM       := $(CROSS)nm
QEMU     ?= qemu-system-i386
BUILD    := build
KCMDLINE ?=
TEST_KCMDLINE ?= test
TEST_ISO ?= $(BUILD)/kestrel-test.iso
ISO      := $(BUILD)/kestrel.iso

# Everything below needs the cross compiler; make sure it (and the rest of
# the tool chain) is present first, unless we are only cleaning.
ifeq ($(filter clean deps help,$(MAKECMDGOALS)),)
  ifneq ($(MAKECMDGOALS),host-tests)
    DEPS_OK := $(shell CROSS=$(CROSS) tools/install-deps.sh -q >&2 && echo ok)
    ifneq ($(DEPS_OK),ok)
      $(error tools/install-deps.sh failed; see above)
    endif
  endif
endif

GCC_INCLUDE := $(shell $(CC) -print-file-name=include 2>/dev/null)
# 64-bit division and friends on i686.
LIBGCC := $(shell $(CC) -print-libgcc-file-name 2>/dev/null)

KERNEL_CFLAGS := -std=gnu11 -ffreestanding -fno-pie -fno-pic -fno-stack-protector \
    -fno-omit-frame-pointer -fno-strict-aliasing -fno-builtin -fno-asynchronous-unwind-tables \
    -march=i686 -mno-sse -mno-mmx -mno-80387 -O2 -g \
    -Wall -Wextra -Werror -Wno-unused-parameter \
    -nostdinc -isystem $(GCC_INCLUDE) -I. -Ilibc/include -DFORMAT_NO_FLOAT -DKERNEL -MMD -MP
KERNEL_ASFLAGS := -nostdinc -I. -D__ASSEMBLER__ -MMD -MP

# The kernel's sources are found, not listed: a new file in a kernel folder
# is built without editing this file. libc's pure parts are shared with it.
KERNEL_DIRS := boot arch/x86 kernel mm fs drivers tests/kernel
KERNEL_SRCS := $(shell find $(KERNEL_DIRS) -name '*.c' -o -name '*.S' 2>/dev/null | sort) \
               $(wildcard libc/string/*.c libc/ctype/*.c libc/format/*.c)
KERNEL_OBJS := $(patsubst %,$(BUILD)/kernel-obj/%.o,$(KERNEL_SRCS))

# libc, the user programs and the initrd. Included before the rules below so
# that their variables ($(INITRD), ...) are set where those rules use them.
.DEFAULT_GOAL := all
include libc/libc.mk
include userland/userland.mk

.PHONY: bench all iso iso-test run run-gui test test-usb flash host-tests debug deps clean check-harness help disk disk-clean
all: $(BUILD)/kernel.elf sysroot userland

$(BUILD)/kernel-obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KERNEL_ASFLAGS) -c $< -o $@

# The list of sources is itself a prerequisite, so deleting a source file
# relinks the kernel without it.
$(BUILD)/kernel-sources.txt: FORCE
	@mkdir -p $(BUILD)
	@echo "$(KERNEL_SRCS)" | cmp -s - $@ || echo "$(KERNEL_SRCS)" > $@

# Two link passes: the first fixes every code address, the second adds the
# symbol table (placed after code and data, so nothing moves). The check
# makes sure that stays true.
$(BUILD)/kernel.elf: $(KERNEL_OBJS) linker.ld tools/gen-ksyms.sh $(BUILD)/kernel-sources.txt
	tools/gen-ksyms.sh > $(BUILD)/ksyms-empty.S
	$(CC) $(KERNEL_ASFLAGS) -c $(BUILD)/ksyms-empty.S -o $(BUILD)/ksyms-empty.o
	$(LD) -T linker.ld -o $(BUILD)/kernel.pass1.elf $(KERNEL_OBJS) $(BUILD)/ksyms-empty.o $(LIBGCC)
	$(NM) $(BUILD)/kernel.pass1.elf > $(BUILD)/kernel.pass1.nm
	tools/gen-ksyms.sh $(BUILD)/kernel.pass1.nm > $(BUILD)/ksyms.S
	$(CC) $(KERNEL_ASFLAGS) -c $(BUILD)/ksyms.S -o $(BUILD)/ksyms.o
	$(LD) -T linker.ld -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms.o $(LIBGCC)
	$(NM) $@ | awk '$$2 ~ /^[tT]$$/' | sort > $(BUILD)/kernel.text.nm
	awk '$$2 ~ /^[tT]$$/' $(BUILD)/kernel.pass1.nm | sort | cmp -s - $(BUILD)/kernel.text.nm \
	    || { echo "kernel: code moved between link passes" >&2; exit 1; }
	grub-file --is-x86-multiboot $@

# The ISO's GRUB configuration is generated from boot/grub.cfg.in so that
# the test image can carry its own kernel command line.
define make_iso
	rm -rf $(2).dir
	mkdir -p $(2).dir/boot/grub
	cp $(BUILD)/kernel.elf $(2).dir/boot/kernel.elf
	cp $(INITRD) $(2).dir/boot/initrd.tar
	sed -e 's|@CMDLINE@|$(3)|g' -e 's|@TIMEOUT@|$(4)|g' boot/grub.cfg.in > $(2).dir/boot/grub/grub.cfg
	grub-mkrescue -o $(2) $(2).dir 2> $(2).log || { cat $(2).log >&2; exit 1; }
	rm -rf $(2).dir
endef

# The command line is recorded, so that make run KCMDLINE=... rebuilds the
# ISO when it changes (and the next plain make run rebuilds it back).
$(BUILD)/kcmdline.txt: FORCE
	@mkdir -p $(BUILD)
	@echo "$(KCMDLINE)" | cmp -s - $@ || echo "$(KCMDLINE)" > $@

iso: $(ISO)
$(ISO): $(BUILD)/kernel.elf $(INITRD) boot/grub.cfg.in $(BUILD)/kcmdline.txt
	$(call make_iso,$(BUILD)/kernel.elf,$@,$(KCMDLINE),3)

# Rebuilt every time: its command line comes from the make command line.
iso-test: $(BUILD)/kernel.elf $(INITRD) boot/grub.cfg.in
	$(call make_iso,$(BUILD)/kernel.elf,$(TEST_ISO),$(TEST_KCMDLINE),0)

# The persistent disk make run attaches as hda: ext2 on hda1 holding the
# system (the initrd's bin/ and etc/) plus userland/disk/, so that
# KCMDLINE="root=hda1" boots from it. It is made once and then kept, so what
# the guest writes stays: rebuilt programs do not reach it until
# make disk-clean (which starts over).
DISK_IMG := $(BUILD)/disk.img
DISK_SRC := $(shell find userland/disk 2>/dev/null)
$(DISK_IMG): $(DISK_SRC) tools/mkdisk.sh tools/mkrootdisk.sh | $(INITRD)
	@mkdir -p $(BUILD)
	tools/mkrootdisk.sh $@ 64 $(INITRD_ROOT) userland/disk

# The root= stage of make test boots this: only the root check, on a disk
# (or, to see the fallback, without one).
ROOTFS_ISO := $(BUILD)/kestrel-rootfs.iso
$(ROOTFS_ISO): $(BUILD)/kernel.elf $(INITRD) boot/grub.cfg.in
	$(call make_iso,$(BUILD)/kernel.elf,$@,test root=hda1 ktest=rootfs nousertests,0)

QEMU_RUN := $(QEMU) -accel tcg -cpu max -m 256M -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -cdrom $(ISO) -boot d \
    -drive file=$(DISK_IMG),format=raw,if=ide,index=0

run: $(ISO) $(DISK_IMG)
	@echo "Serial console on this terminal; quit QEMU with Ctrl-A then X."
	$(QEMU_RUN) -display none -serial mon:stdio

run-gui: $(ISO) $(DISK_IMG)
	$(QEMU_RUN) -serial mon:stdio

debug: $(ISO) $(DISK_IMG)
	@echo "QEMU is waiting for gdb on :1234. In another terminal: gdb -x tools/gdbinit"
	$(QEMU_RUN) -display none -serial mon:stdio -s -S

host-tests:
	@$(MAKE) -s -C tests/host run

# Every stage runs and reports; tools/run-tests.sh adds the counts up and
# prints the grand total as the last line.
test: iso-test $(ISO) $(ROOTFS_ISO)
	tools/mktestdisks.sh $(BUILD)/test-disks > $(BUILD)/test-disks.args
	tools/run-tests.sh \
	    "host unit tests" "$(MAKE) -s -C tests/host run" \
	    "USB stick boot" "tools/test-usb-boot.sh $(ISO)" \
	    "interactive session" "tools/test-interactive.sh $(ISO)" \
	    "guest suite" "tools/qemu-test.sh $(TEST_ISO) --timeout 600 --idle 60 --log $(BUILD)/test-serial.log -- $$(cat $(BUILD)/test-disks.args)" \
	    "disk check" "tools/check-disk.sh $(BUILD)/test-disks/hda.img $(BUILD)/test-serial.log --min-manifests 5" \
	    "root= boot" "tools/test-rootfs.sh $(ROOTFS_ISO) $(INITRD_ROOT) $(BUILD)/test-rootfs" \
	    "power cut" "tools/test-powerloss.sh $(TEST_ISO) $(BUILD)/test-powerloss"

# Micro-benchmarks under an instruction-counting clock: repeatable figures
# in build/bench.txt (see userland/bench/bench.c).
BENCH_ISO := $(BUILD)/kestrel-bench.iso
bench: $(BUILD)/kernel.elf $(INITRD) boot/grub.cfg.in
	$(call make_iso,$(BUILD)/kernel.elf,$(BENCH_ISO),init=/bin/bench disk=none,0)
	tools/bench.sh $(BENCH_ISO) $(BUILD)/bench.txt

check-harness: $(BUILD)/kernel.elf
	MAKE="$(MAKE)" tools/check-harness.sh

# Proves the image still boots once written to a USB stick: flashed to a
# file, booted as usb-storage on an xHCI controller.
test-usb: $(ISO)
	tools/test-usb-boot.sh $(ISO)

# make flash DEV=/dev/sdX   (refuses anything but an unmounted removable disk)
flash: $(ISO)
	tools/flash-usb.sh $(ISO) $(DEV)

disk: $(DISK_IMG)
disk-clean:
	rm -f $(DISK_IMG)

deps:
	CROSS=$(CROSS) tools/install-deps.sh

clean:
	rm -rf $(BUILD)

help:
	@sed -n '2,10p' Makefile | sed 's/^# \{0,1\}//'

-include $(shell find $(BUILD)/kernel-obj -name '*.d' 2>/dev/null)

FORCE:

