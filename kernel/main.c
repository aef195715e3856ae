/* kernel_main: bring the machine up in dependency order, then either run the
 * self-tests (command line "test") or start the system. */
#include "arch/x86/cpu.h"
#include "arch/x86/double_fault.h"
#include "arch/x86/gdt.h"
#include "arch/x86/interrupts.h"
#include "arch/x86/page_fault.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pic.h"
#include "drivers/ata.h"
#include "drivers/qemu_exit.h"
#include "fs/ext2/ext2.h"
#include "fs/vfs.h"
#include "kernel/boot_info.h"
#include "drivers/acpi.h"
#include "drivers/rtc.h"
#include "kernel/clock.h"
#include "kernel/random.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "arch/x86/context.h"
#include "kernel/printk.h"
#include "kernel/selftest.h"
#include "kernel/tap_device.h"
#include "kernel/userland_start.h"
#include "kernel/signal.h"
#include "kernel/user_fault.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/version.h"
#include "mm/heap.h"
#include "mm/pmm.h"

static void print_banner(void)
{
    printk("%s %s booting (%s)\n", KERNEL_NAME, KERNEL_VERSION, KERNEL_ARCH);
    printk("boot loader: %s\n", boot_info.loader_name[0] ? boot_info.loader_name : "(unknown)");
    printk("cmdline: %s\n", boot_info.cmdline);
    uint64_t usable = 0;
    for (unsigned i = 0; i < boot_info.range_count; i++) {
        const struct boot_memory_range *r = &boot_info.ranges[i];
        printk("memory: %016llx-%016llx %s\n", (unsigned long long)r->base,
               (unsigned long long)(r->base + r->length - 1), r->usable ? "usable" : "reserved");
        if (r->usable)
            usable += r->length;
    }
    printk("memory: %llu KiB usable\n", (unsigned long long)(usable / 1024));
    for (unsigned i = 0; i < boot_info.module_count; i++)
        printk("module: %s at %08x-%08x\n", boot_info.modules[i].name, boot_info.modules[i].phys_start,
               boot_info.modules[i].phys_end);
    printk("cpu: %s %s nx=%d smep=%d smap=%d\n", cpu_features.vendor, cpu_features.brand,
           cpu_features.nx, cpu_features.smep, cpu_features.smap);
}

void kernel_main(uint32_t magic, uint32_t info_phys);
void kernel_main(uint32_t magic, uint32_t info_phys)
{
    console_init();
    int rc = boot_info_parse(magic, info_phys);
    cpu_detect_features();
    gdt_init();
    idt_init();
    page_fault_init();
    user_fault_init();
    pic_init();
    print_banner();
    if (rc < 0)
        panic("unusable boot information (error %d); was the kernel loaded by a Multiboot loader?", rc);

    cpu_enable_protections();
    pmm_init();
    paging_init();
    double_fault_init();
    heap_init();
    fpu_init();
    process_init();
    syscall_init();
    futex_init();
    signal_init();
    printk("memory: %zu frames free of %zu\n", pmm_free_frames(), pmm_total_frames());
    pit_init(CLOCK_HZ);
    clock_set_boot_epoch(rtc_read_epoch());
    random_init();
    irq_enable();
    /* The disks first: root= may put "/" on one of them. */
    ata_init();
    acpi_power_info();
    vfs_init_root();
    ext2_init();

    if (boot_info.test_mode) {
        tap_device_register();
        tap_begin();
        selftest_run_all();
        userland_run_tests();
        bool ok = tap_finish();
        qemu_exit(ok ? QEMU_EXIT_TESTS_PASSED : QEMU_EXIT_TESTS_FAILED);
        panic("test run finished but QEMU's isa-debug-exit device is missing");
    }
    userland_start_init();
}
