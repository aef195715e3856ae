/* Pledge promises (bit numbers), shared by the kernel and libc's pledge(). */
#ifndef KERNEL_API_PLEDGE_H
#define KERNEL_API_PLEDGE_H

#define KESTREL_PROMISES(P)  \
    P(stdio) P(rpath) P(wpath) P(cpath) P(dpath) P(inet) P(id) P(proc) P(ptrace) \
    P(exec) P(unix) P(recvfd) P(sendfd) P(fattr) P(tty) P(chown) P(chroot) P(thread) \
    P(video) P(accept) P(settime) P(sigaction) P(setkeymap) P(prot_exec) P(map_fixed) \
    P(getkeymap)

#define KESTREL_PROMISE_BIT(name) PLEDGE_BIT_##name,
enum { KESTREL_PROMISES(KESTREL_PROMISE_BIT) PLEDGE_BIT_COUNT };
#undef KESTREL_PROMISE_BIT

#define PLEDGE_ALWAYS   0u  /* no promise needed */
#define PLEDGE_STDIO    (1u << PLEDGE_BIT_stdio)
#define PLEDGE_RPATH    (1u << PLEDGE_BIT_rpath)
#define PLEDGE_WPATH    (1u << PLEDGE_BIT_wpath)
#define PLEDGE_CPATH    (1u << PLEDGE_BIT_cpath)
#define PLEDGE_ID       (1u << PLEDGE_BIT_id)
#define PLEDGE_PROC     (1u << PLEDGE_BIT_proc)
#define PLEDGE_EXEC     (1u << PLEDGE_BIT_exec)
#define PLEDGE_FATTR    (1u << PLEDGE_BIT_fattr)
#define PLEDGE_TTY      (1u << PLEDGE_BIT_tty)
#define PLEDGE_CHOWN    (1u << PLEDGE_BIT_chown)
#define PLEDGE_CHROOT   (1u << PLEDGE_BIT_chroot)
#define PLEDGE_THREAD   (1u << PLEDGE_BIT_thread)
#define PLEDGE_SIGACTION (1u << PLEDGE_BIT_sigaction)
#define PLEDGE_SETTIME  (1u << PLEDGE_BIT_settime)
#define PLEDGE_PROT_EXEC (1u << PLEDGE_BIT_prot_exec)
#define PLEDGE_MAP_FIXED (1u << PLEDGE_BIT_map_fixed)
#endif
