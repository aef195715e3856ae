/* Machine-wide facts and settings: uname, host name, randomness, power. */
#include "arch/x86/io.h"
#include "fs/vfs.h"
#include "drivers/acpi.h"
#include "drivers/qemu_exit.h"
#include "kernel/api/power.h"
#include "kernel/api/utsname.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/random.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"
#include "kernel/uaccess.h"
#include "kernel/version.h"
#include <string.h>

#define HOSTNAME_MAX 64
#define GETRANDOM_MAX (1u << 20)

/* Protects hostname. */
static struct spinlock hostname_lock = SPINLOCK_INIT("hostname");
static char hostname[HOSTNAME_MAX + 1] = "kestrel";

long sys_uname(user_ptr_t out)
{
    struct utsname u;
    memset(&u, 0, sizeof(u));
    strlcpy(u.sysname, KERNEL_NAME, sizeof(u.sysname));
    irqflags_t fl = spin_lock_irqsave(&hostname_lock);
    strlcpy(u.nodename, hostname, sizeof(u.nodename));
    spin_unlock_irqrestore(&hostname_lock, fl);
    strlcpy(u.release, KERNEL_VERSION, sizeof(u.release));
    strlcpy(u.version, KERNEL_NAME " " KERNEL_VERSION " " __DATE__, sizeof(u.version));
    strlcpy(u.machine, KERNEL_ARCH, sizeof(u.machine));
    return copy_to_user(out, &u, sizeof(u));
}

/* POSIX: a buffer too small for the name and its NUL gives ENAMETOOLONG. */
long sys_gethostname(user_ptr_t buf, size_t len)
{
    char copy[HOSTNAME_MAX + 1];
    irqflags_t fl = spin_lock_irqsave(&hostname_lock);
    memcpy(copy, hostname, sizeof(copy));
    spin_unlock_irqrestore(&hostname_lock, fl);
    size_t need = strlen(copy) + 1;
    if (len < need)
        return -ENAMETOOLONG;
    return copy_to_user(buf, copy, need);
}

long sys_sethostname(user_ptr_t buf, size_t len)
{
    if (process_current()->prot->euid != 0)
        return -EPERM;
    if (len > HOSTNAME_MAX)
        return -EINVAL;
    char copy[HOSTNAME_MAX + 1];
    if (copy_from_user(copy, buf, len) < 0)
        return -EFAULT;
    copy[len] = 0;
    irqflags_t fl = spin_lock_irqsave(&hostname_lock);
    memcpy(hostname, copy, sizeof(hostname));
    spin_unlock_irqrestore(&hostname_lock, fl);
    return 0;
}

long sys_getrandom(user_ptr_t buf, size_t len, unsigned flags)
{
    if (flags & ~3u)    /* GRND_NONBLOCK, GRND_RANDOM: both always satisfiable */
        return -EINVAL;
    if (len > GETRANDOM_MAX)
        len = GETRANDOM_MAX;
    if (!user_range_ok(buf, len))
        return -EFAULT;
    unsigned char chunk[256];
    for (size_t done = 0; done < len;) {
        size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        random_bytes(chunk, n);
        if (copy_to_user(user_ptr_add(buf, done), chunk, n) < 0)
            return -EFAULT;
        done += n;
    }
    memset(chunk, 0, sizeof(chunk));
    return (long)len;
}

long sys_set_process_name(user_ptr_t name, size_t len)
{
    char copy[PROCESS_NAME_MAX];
    if (len >= sizeof(copy))
        len = sizeof(copy) - 1;
    if (copy_from_user(copy, name, len) < 0)
        return -EFAULT;
    copy[len] = 0;
    struct process *p = process_current();
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    strlcpy(p->name, copy, sizeof(p->name));
    spin_unlock_irqrestore(&p->lock, fl);
    return 0;
}

/* ACPI soft-off from the firmware's tables; if that is not there or did
 * not work, QEMU's PM1a control ports for the pc and q35 machines and the
 * old Bochs one (SLP_EN with their S5 type). Elsewhere those writes do
 * nothing and the halt loop below holds the CPU. */
static void power_off_machine(void)
{
    acpi_power_off();
    outw(0x604, 0x2000);
    outw(0xB004, 0x2000);
    outw(0x4004, 0x3400);
}

/* Pulse the reset line through the keyboard controller. */
static void reboot_machine(void)
{
    for (int i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
        ;
    outb(0x64, 0xFE);
}

long sys_power(int cmd)
{
    if (cmd != POWER_OFF && cmd != POWER_REBOOT)
        return -EINVAL;
    if (process_current()->prot->euid != 0)
        return -EPERM;
    printk("power: %s requested by pid %d\n", cmd == POWER_OFF ? "power-off" : "reboot",
           process_pid(process_current()));
    /* Whatever file systems still cache goes to the disks first. */
    int rc = vfs_sync();
    if (rc < 0)
        printk("power: syncing file systems failed: error %d\n", rc);
    if (cmd == POWER_OFF)
        power_off_machine();
    else
        reboot_machine();
    for (;;) {
        irq_disable();
        cpu_halt();
    }
}
