/* Exception reports: a fault must name the function it happened in and,
 * for a page fault, say what kind of access failed. The dump of a made-up
 * frame is checked in the kernel log. */
#include "arch/x86/gdt.h"
#include "arch/x86/interrupts.h"
#include "arch/x86/paging.h"
#include "kernel/ksyms.h"
#include "kernel/printk.h"
#include "kernel/selftest.h"
#include <format.h>
#include <string.h>

static char dump_log[65536 + 1];

/* Runs trap_dump on f and returns the text it printed. A numbered marker
 * goes first so the dump is found in the log however full the ring is. */
static const char *dump_text(const struct trap_frame *f)
{
    static unsigned serial;
    char marker[48];
    snprintf(marker, sizeof(marker), "# trap: made-up frame %u, sample dump:\n", ++serial);
    printk("%s", marker);
    trap_dump(f);
    size_t n = klog_read(dump_log, sizeof(dump_log) - 1);
    dump_log[n] = 0;
    const char *found = NULL;
    for (const char *p = dump_log; (p = strstr(p, marker)) != NULL; p++)
        found = p;
    return found ? found + strlen(marker) : "";
}

KTEST(trap, dump_names_kernel_symbol_and_page_fault_kind)
{
    uintptr_t fn = ksyms_address_of("paging_map");
    KT_ASSERT(t, fn == (uintptr_t)&paging_map);
    uintptr_t off = 0;
    const char *name = ksyms_lookup(fn + 0x10, &off);
    KT_ASSERT(t, name != NULL);
    KT_CHECK_EQ(t, strcmp(name, "paging_map"), 0);
    KT_CHECK_EQ(t, off, 0x10);

    struct trap_frame f;
    memset(&f, 0, sizeof(f));
    f.cs = SEL_KERNEL_CODE;
    f.ds = f.es = f.fs = f.gs = SEL_KERNEL_DATA;
    f.eip = fn + 0x10;
    f.vector = EXC_PAGE_FAULT;
    f.error = 0x3;  /* present | write, from the kernel */
    const char *text = dump_text(&f);
    KT_CHECK(t, strstr(text, "paging_map+0x10") != NULL);
    KT_CHECK(t, strstr(text, "protection violation, write, kernel mode") != NULL);

    f.error = 0x0;  /* read of a page that is not there */
    text = dump_text(&f);
    KT_CHECK(t, strstr(text, "page not present, read, kernel mode") != NULL);
    KT_CHECK(t, strstr(text, "reserved") == NULL);
}

KTEST(trap, dump_of_user_fault_and_other_vectors)
{
    struct trap_frame f;
    memset(&f, 0, sizeof(f));
    f.cs = SEL_USER_CODE;
    f.ds = f.es = f.fs = f.gs = f.user_ss = SEL_USER_DATA;
    f.eip = 0x08048000;
    f.user_esp = 0xBFFFF000;
    f.vector = EXC_PAGE_FAULT;
    f.error = 0x1D; /* present | user | reserved | instruction fetch */
    const char *text = dump_text(&f);
    KT_CHECK(t, strstr(text, "esp=bffff000") != NULL);
    KT_CHECK(t, strstr(text, "in user space") != NULL);
    KT_CHECK(t, strstr(text, "protection violation, instruction fetch, user mode, reserved bit set") != NULL);

    /* Not a page fault: no page-fault line, but still the symbol. */
    f.cs = SEL_KERNEL_CODE;
    f.vector = EXC_GP;
    f.error = 0;
    f.eip = (uintptr_t)&trap_dump;
    text = dump_text(&f);
    KT_CHECK(t, strstr(text, "trap_dump+0x0") != NULL);
    KT_CHECK(t, strstr(text, "page fault") == NULL);
}
