# User programs and the initial ramdisk. Included by the top-level Makefile
# after libc/libc.mk, whose sysroot and kestrel-cc it builds with.
#
# Programs are found, not listed:
#   userland/<name>/*.c     one program <name> from all the .c files there
#                           (except userland/etc and userland/disk, which are data)
#   userland/<name>.c       one program <name>
#                           (userland/include/: header-only helpers they share)
#   userland/extra/*.c      one program per file: drop your own programs here
#   EXTRA_PROGRAMS="a.c b/c.c" on the make command line: one program per file
# Each becomes build/userland/bin/<name>, a static ELF32 i386 executable,
# checked by userland/check-elf.sh (static, W^X, entry point in code).
#
# build/initrd.tar (ustar) holds bin/ with every program (stripped) and etc/
# copied from userland/etc/; GRUB loads it as a module.

USERLAND_OUT   := $(BUILD)/userland
USERLAND_BIN   := $(USERLAND_OUT)/bin
INITRD         := $(BUILD)/initrd.tar
INITRD_ROOT    := $(BUILD)/initrd-root

# Our own programs must be warning-free; dropped-in ones need only compile.
USER_CFLAGS    := -std=gnu11 -O2 -g -Wall -Wextra -Werror
EXTRA_CFLAGS   := -O2 -g -Wall

USERLAND_DIRS   := $(sort $(patsubst %/,%,$(dir $(wildcard userland/*/*.c))))
USERLAND_DIRS   := $(filter-out userland/extra userland/etc userland/disk,$(USERLAND_DIRS))
USERLAND_SINGLE := $(wildcard userland/*.c)
USERLAND_EXTRA  := $(wildcard userland/extra/*.c) $(EXTRA_PROGRAMS)

USERLAND_NAMES := $(notdir $(USERLAND_DIRS)) \
                  $(basename $(notdir $(USERLAND_SINGLE) $(USERLAND_EXTRA)))
ifneq ($(words $(USERLAND_NAMES)),$(words $(sort $(USERLAND_NAMES))))
  $(error userland: two programs share a name: $(sort $(USERLAND_NAMES)))
endif
USERLAND_PROGRAMS := $(addprefix $(USERLAND_BIN)/,$(USERLAND_NAMES))
USERLAND_ETC      := $(shell find userland/etc -type f 2>/dev/null | sort)

.PHONY: userland initrd
userland: $(USERLAND_PROGRAMS) $(INITRD)
initrd: $(INITRD)

# $(1): program name, $(2): its sources, $(3): flags, $(4): extra prerequisites
define userland_program
$(USERLAND_BIN)/$(1): $(2) $(4) $(SYSROOT_FILES) userland/check-elf.sh
	@mkdir -p $$(dir $$@)
	@echo "  PROG    $$@"
	@$(KESTREL_CC) $(3) -o $$@.tmp $(2)
	@CROSS=$(CROSS) userland/check-elf.sh $$@.tmp
	@mv $$@.tmp $$@
endef

$(foreach d,$(USERLAND_DIRS),$(eval $(call userland_program,$(notdir $(d)),\
    $(wildcard $(d)/*.c),$(USER_CFLAGS),$(wildcard $(d)/*.h))))
$(foreach f,$(USERLAND_SINGLE),$(eval $(call userland_program,$(basename $(notdir $(f))),\
    $(f),$(USER_CFLAGS),$(wildcard userland/include/*.h))))
$(foreach f,$(USERLAND_EXTRA),$(eval $(call userland_program,$(basename $(notdir $(f))),\
    $(f),$(EXTRA_CFLAGS),)))

# The staging tree is rebuilt from scratch so that removed programs and
# files do not linger in the archive.
$(INITRD): $(USERLAND_PROGRAMS) $(USERLAND_ETC)
	@echo "  TAR     $@"
	@rm -rf $(INITRD_ROOT)
	@mkdir -p $(INITRD_ROOT)/bin $(INITRD_ROOT)/etc
	@for p in $(USERLAND_PROGRAMS); do \
	    $(CROSS)strip -o $(INITRD_ROOT)/bin/$$(basename $$p) $$p || exit 1; \
	done
	@if [ -d userland/etc ]; then cp -R userland/etc/. $(INITRD_ROOT)/etc/; fi
	@tar --format=ustar --owner=0 --group=0 --numeric-owner --sort=name \
	    --mode='u+rwX,go+rX,go-w' -cf $@.tmp -C $(INITRD_ROOT) bin etc
	@mv $@.tmp $@
