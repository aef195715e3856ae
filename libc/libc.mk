# The user-space C library and the sysroot programs are built against.
# Included by the top-level Makefile (which defines CC, BUILD and
# GCC_INCLUDE); everything it makes lives under $(BUILD).
#
#   build/sysroot/include/       libc headers, kernel ABI in include/kernel/api/
#   build/sysroot/lib/libc.a     the library
#   build/sysroot/lib/crt0.o     _start
#   build/sysroot/lib/kestrel.ld the program linker script
#   build/sysroot/bin/kestrel-cc the compiler wrapper: kestrel-cc foo.c -o foo
#
# Sources are found, not listed: every .c and .S under libc/ except the
# headers and crt0.S goes into libc.a.

SYSROOT      := $(BUILD)/sysroot
LIBC_OBJDIR  := $(BUILD)/libc-obj
LIBC_CRT0    := libc/arch/i386/crt0.S
LIBC_SRCS    := $(filter-out $(LIBC_CRT0),$(shell find libc -path libc/include -prune -o \
                    \( -name '*.c' -o -name '*.S' \) -print | sort))
LIBC_OBJS    := $(patsubst %,$(LIBC_OBJDIR)/%.o,$(LIBC_SRCS))
LIBC_HEADERS := $(shell find libc/include -name '*.h') $(wildcard kernel/api/*.h)

LIBC_CFLAGS := -std=gnu11 -ffreestanding -fno-builtin -fno-pie -fno-pic \
    -fno-stack-protector -fcf-protection=none -fno-omit-frame-pointer \
    -march=i686 -O2 -g -Wall -Wextra -Werror \
    -nostdinc -isystem $(GCC_INCLUDE) -Ilibc/include -I. -MMD -MP
LIBC_ASFLAGS := -nostdinc -I. -D__ASSEMBLER__ -MMD -MP

SYSROOT_FILES := $(SYSROOT)/lib/libc.a $(SYSROOT)/lib/crt0.o \
    $(SYSROOT)/lib/kestrel.ld $(SYSROOT)/bin/kestrel-cc $(SYSROOT)/.headers
KESTREL_CC := $(SYSROOT)/bin/kestrel-cc

.PHONY: sysroot libc
sysroot libc: $(SYSROOT_FILES)

$(LIBC_OBJDIR)/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(LIBC_CFLAGS) -c $< -o $@

$(LIBC_OBJDIR)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(LIBC_ASFLAGS) -c $< -o $@

$(SYSROOT)/lib/libc.a: $(LIBC_OBJS)
	@mkdir -p $(dir $@)
	@echo "  AR      $@"
	@rm -f $@
	@$(CROSS)ar rcs $@ $(LIBC_OBJS)

$(SYSROOT)/lib/crt0.o: $(LIBC_OBJDIR)/$(LIBC_CRT0).o
	@mkdir -p $(dir $@)
	cp $< $@

$(SYSROOT)/lib/kestrel.ld: libc/arch/i386/kestrel.ld
	@mkdir -p $(dir $@)
	cp $< $@

$(SYSROOT)/bin/kestrel-cc: libc/kestrel-cc.in
	@mkdir -p $(dir $@)
	sed 's|@CC@|$(CC)|g' $< > $@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@

# The header tree is copied whole, so that a deleted header disappears too.
$(SYSROOT)/.headers: $(LIBC_HEADERS)
	@echo "  HEADERS $(SYSROOT)/include"
	@rm -rf $(SYSROOT)/include
	@mkdir -p $(SYSROOT)/include/kernel/api
	@cp -R libc/include/. $(SYSROOT)/include/
	@cp kernel/api/*.h $(SYSROOT)/include/kernel/api/
	@touch $@

-include $(shell find $(LIBC_OBJDIR) -name '*.d' 2>/dev/null)
