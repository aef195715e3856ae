/* Job control on a terminal with tiny user processes: signal characters
 * reach the foreground group, SIGWINCH, background reads and writes
 * (SIGTTIN, SIGTTOU, EIO), foreground and controlling-terminal rules, and
 * hangups when the session leader or the pty master goes away. */
#include "tests/kernel/tty_job_test.h"

KTEST(tty_job, signal_characters_reach_the_foreground_group)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    struct process *self = process_current();
    /* Leader L; A and B its children in group A; C alone in group C. */
    int l = job_spawn_spinner(self);
    KT_ASSERT(t, l > 0);
    job_set_ids(l, l, l);
    struct process *lp = process_from_pid(l);
    KT_ASSERT(t, lp);
    int a = job_spawn_spinner(lp), b = job_spawn_spinner(lp), c = job_spawn_spinner(lp);
    KT_ASSERT(t, a > 0 && b > 0 && c > 0);
    job_set_ids(a, a, l);
    job_set_ids(b, a, l);
    job_set_ids(c, c, l);
    KT_ASSERT(t, tty_attach_session(p.tty, l, a) == 0);

    tty_type(&p, "\x1a");       /* ^Z */
    KT_CHECK_EQ(t, job_wait_event(lp, a, WSTOPPED), SIGTSTP);
    KT_CHECK_EQ(t, job_wait_event(lp, b, WSTOPPED), SIGTSTP);
    struct wait_result r;
    KT_CHECK_EQ(t, process_wait(lp, P_PID, c, WSTOPPED | WNOHANG, &r), 0);
    tty_signal_group(a, SIGCONT);
    tty_type(&p, "\x03");       /* ^C */
    KT_CHECK_EQ(t, job_wait_exit(lp, a), WAIT_STATUS_SIGNALED(SIGINT));
    KT_CHECK_EQ(t, job_wait_exit(lp, b), WAIT_STATUS_SIGNALED(SIGINT));
    KT_CHECK_EQ(t, process_waitpid(lp, c, NULL, true), 0);     /* C never heard of it */

    KT_ASSERT(t, tty_attach_session(p.tty, l, c) == 0);
    tty_type(&p, "\x1c");       /* ^\ */
    KT_CHECK_EQ(t, job_wait_exit(lp, c), WAIT_STATUS_SIGNALED(SIGQUIT));
    char screen[32];
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "^Z^C^\\");
    process_put(lp);
    job_kill(self, l);
    tty_pair_close(&p);
}

KTEST(tty_job, window_size_change_sends_sigwinch)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    struct process *self = process_current();
    /* sigaction(SIGWINCH, exit(128)); stop; spin. */
    struct tiny_code c = { .len = 0 };
    size_t patch = job_emit_sigaction(&c, SIGWINCH, 0);
    job_emit_stop_self(&c);
    job_emit_spin(&c);
    job_patch_imm32(&c, patch, tiny_here(&c));
    tiny_mov_ebx(&c, 100 + SIGWINCH);
    tiny_exit_ebx(&c);
    int w = job_spawn(&c, self);
    KT_ASSERT(t, w > 0);
    KT_ASSERT(t, job_wait_event(self, w, WSTOPPED) == SIGSTOP);
    job_set_ids(w, w, w);
    KT_ASSERT(t, tty_attach_session(p.tty, w, w) == 0);

    /* Setting the size it already has changes nothing. */
    struct winsize ws;
    KT_ASSERT(t, tty_ioctl_kernel(p.master, TIOCGWINSZ, &ws) == 0);
    KT_CHECK_EQ(t, tty_ioctl_kernel(p.master, TIOCSWINSZ, &ws), 0);
    job_send(w, SIGCONT);
    thread_sleep_ns(30 * TTY_TEST_MS);
    KT_CHECK_EQ(t, process_waitpid(self, w, NULL, true), 0);
    /* A new size is news for the foreground group. */
    ws.ws_row = 50;
    ws.ws_col = 132;
    KT_CHECK_EQ(t, tty_ioctl_kernel(p.slave, TIOCSWINSZ, &ws), 0);
    KT_CHECK_EQ(t, job_wait_exit(self, w), WAIT_STATUS_EXITED(100 + SIGWINCH));
    struct winsize got;
    KT_CHECK_EQ(t, tty_ioctl_kernel(p.master, TIOCGWINSZ, &got), 0);
    KT_CHECK_EQ(t, got.ws_row, 50);
    KT_CHECK_EQ(t, got.ws_col, 132);
    tty_pair_close(&p);
}

/* A child of session leader l in a background group of its own, stopped
 * and holding the pair's slave as fd 0; returns its pid. The program: an
 * optional sigaction(sig, SIG_IGN), stop, then io on fd 0 and exit. */
static int spawn_background(struct tty_pair *p, struct process *parent, int l, uint32_t io_nr, int ignore_sig)
{
    struct tiny_code c = { .len = 0 };
    if (ignore_sig)
        job_emit_sigaction(&c, ignore_sig, (uint32_t)(uintptr_t)SIG_IGN);
    job_emit_stop_self(&c);
    job_emit_io_fd0_and_exit(&c, io_nr, io_nr == SYS_read ? 16 : 1);
    int pid = job_spawn(&c, parent);
    if (pid <= 0)
        return pid;
    if (job_wait_event(parent, pid, WSTOPPED) != SIGSTOP)
        return -ETIMEDOUT;
    job_set_ids(pid, pid, l);
    if (job_give_fd0(pid, p->slave) != 0)
        return -EBADF;
    return pid;
}

KTEST(tty_job, background_read_stops_with_sigttin)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    struct process *self = process_current();
    int l = job_spawn_spinner(self);
    KT_ASSERT(t, l > 0);
    job_set_ids(l, l, l);
    struct process *lp = process_from_pid(l);
    KT_ASSERT(t, lp);
    KT_ASSERT(t, tty_attach_session(p.tty, l, l) == 0);

    int bg = spawn_background(&p, lp, l, SYS_read, 0);
    KT_ASSERT(t, bg > 0);
    job_send(bg, SIGCONT);
    KT_CHECK_EQ(t, job_wait_event(lp, bg, WSTOPPED), SIGTTIN);
    /* Brought to the foreground and continued, its read goes through. */
    KT_ASSERT(t, tty_attach_session(p.tty, l, bg) == 0);
    tty_type(&p, "fg\n");
    job_send(bg, SIGCONT);
    KT_CHECK_EQ(t, job_wait_exit(lp, bg), WAIT_STATUS_EXITED(3));

    /* A reader waiting in the foreground that is moved to the background
     * stops then too. */
    int waiter = spawn_background(&p, lp, l, SYS_read, 0);
    KT_ASSERT(t, waiter > 0);
    KT_ASSERT(t, tty_attach_session(p.tty, l, waiter) == 0);
    job_send(waiter, SIGCONT);
    thread_sleep_ns(30 * TTY_TEST_MS);
    struct wait_result r;
    KT_CHECK_EQ(t, process_wait(lp, P_PID, waiter, WSTOPPED | WEXITED | WNOHANG, &r), 0);
    KT_ASSERT(t, tty_attach_session(p.tty, l, l) == 0);
    KT_CHECK_EQ(t, job_wait_event(lp, waiter, WSTOPPED), SIGTTIN);
    job_kill(lp, waiter);

    /* Ignoring SIGTTIN makes a background read fail with EIO instead. */
    KT_ASSERT(t, tty_attach_session(p.tty, l, l) == 0);
    int ign = spawn_background(&p, lp, l, SYS_read, SIGTTIN);
    KT_ASSERT(t, ign > 0);
    job_send(ign, SIGCONT);
    KT_CHECK_EQ(t, job_wait_exit(lp, ign), WAIT_STATUS_EXITED(-EIO));

    /* So does a read from an orphaned group: its parent (the kernel) is
     * outside the session, so nobody could continue it. */
    int orphan = spawn_background(&p, self, l, SYS_read, 0);
    KT_ASSERT(t, orphan > 0);
    job_send(orphan, SIGCONT);
    KT_CHECK_EQ(t, job_wait_exit(self, orphan), WAIT_STATUS_EXITED(-EIO));
    process_put(lp);
    job_kill(self, l);
    tty_pair_close(&p);
}

KTEST(tty_job, background_write_with_tostop_stops_with_sigttou)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    struct process *self = process_current();
    int l = job_spawn_spinner(self);
    KT_ASSERT(t, l > 0);
    job_set_ids(l, l, l);
    struct process *lp = process_from_pid(l);
    KT_ASSERT(t, lp);
    KT_ASSERT(t, tty_attach_session(p.tty, l, l) == 0);

    /* Without TOSTOP background output just appears. */
    int w = spawn_background(&p, lp, l, SYS_write, 0);
    KT_ASSERT(t, w > 0);
    job_send(w, SIGCONT);
    KT_CHECK_EQ(t, job_wait_exit(lp, w), WAIT_STATUS_EXITED(1));
    char screen[16];
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "W");

    KT_ASSERT(t, tty_lflags(&p, 0, TOSTOP) == 0);
    int s = spawn_background(&p, lp, l, SYS_write, 0);
    KT_ASSERT(t, s > 0);
    job_send(s, SIGCONT);
    KT_CHECK_EQ(t, job_wait_event(lp, s, WSTOPPED), SIGTTOU);
    KT_CHECK_EQ(t, tty_screen(&p, screen, sizeof(screen)), -EAGAIN);
    /* A writer that ignores SIGTTOU writes anyway. */
    int ign = spawn_background(&p, lp, l, SYS_write, SIGTTOU);
    KT_ASSERT(t, ign > 0);
    job_send(ign, SIGCONT);
    KT_CHECK_EQ(t, job_wait_exit(lp, ign), WAIT_STATUS_EXITED(1));
    job_kill(lp, s);
    process_put(lp);
    job_kill(self, l);
    tty_pair_close(&p);
}

KTEST(tty_job, foreground_and_controlling_terminal_rules)
{
    struct tty_pair p, q;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    KT_ASSERT(t, tty_pair_open(&q) == 0);
    struct process *self = process_current();
    int l = job_spawn_spinner(self), x = job_spawn_spinner(self);
    KT_ASSERT(t, l > 0 && x > 0);
    job_set_ids(l, l, l);
    job_set_ids(x, x, x);
    struct process *lp = process_from_pid(l), *xp = process_from_pid(x);
    KT_ASSERT(t, lp && xp);
    int m = job_spawn_spinner(lp);
    KT_ASSERT(t, m > 0);
    job_set_ids(m, m, l);
    struct process *mp = process_from_pid(m);
    KT_ASSERT(t, mp);

    /* Only a session leader takes a terminal, only a free one, only one. */
    KT_CHECK_EQ(t, tty_set_controlling(p.tty, mp, false), -EPERM);
    KT_CHECK_EQ(t, tty_set_controlling(p.tty, lp, false), 0);
    KT_CHECK_EQ(t, tty_set_controlling(p.tty, lp, false), 0);
    KT_CHECK_EQ(t, tty_set_controlling(q.tty, lp, false), -EPERM);
    KT_CHECK_EQ(t, tty_set_controlling(p.tty, xp, false), -EPERM);
    KT_CHECK(t, tty_is_controlling(p.tty, mp));
    KT_CHECK(t, !tty_is_controlling(p.tty, xp));
    struct tty *ctty = tty_controlling(mp);
    KT_CHECK(t, ctty == p.tty);
    if (ctty)
        tty_put(ctty);
    KT_CHECK_EQ(t, p.tty->fg_pgrp, l);

    /* The foreground group must be a group of the session. */
    KT_CHECK_EQ(t, tty_set_foreground(p.tty, lp, m), 0);
    KT_CHECK_EQ(t, p.tty->fg_pgrp, m);
    KT_CHECK_EQ(t, tty_set_foreground(p.tty, lp, x), -EPERM);
    KT_CHECK_EQ(t, tty_set_foreground(p.tty, lp, 31999), -EPERM);
    KT_CHECK_EQ(t, tty_set_foreground(p.tty, lp, -1), -EINVAL);
    KT_CHECK_EQ(t, tty_set_foreground(p.tty, xp, x), -ENOTTY);
    KT_CHECK_EQ(t, p.tty->fg_pgrp, m);

    /* The leader giving the terminal up hangs up the foreground group. */
    KT_CHECK_EQ(t, tty_give_up_controlling(p.tty, xp), -ENOTTY);
    KT_CHECK_EQ(t, tty_give_up_controlling(p.tty, lp), 0);
    KT_CHECK_EQ(t, job_wait_exit(lp, m), WAIT_STATUS_SIGNALED(SIGHUP));
    KT_CHECK(t, !tty_is_controlling(p.tty, lp));
    /* Now it is free for another session. */
    KT_CHECK_EQ(t, tty_set_controlling(p.tty, xp, false), 0);
    KT_CHECK(t, tty_is_controlling(p.tty, xp));
    process_put(mp);
    process_put(lp);
    process_put(xp);
    job_kill(self, l);
    job_kill(self, x);
    tty_pair_close(&p);
    tty_pair_close(&q);
}

KTEST(tty_job, session_leader_opening_a_terminal_acquires_it)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    struct process *self = process_current();
    char path[32];
    snprintf(path, sizeof(path), "/dev/pts/%u", p.index);
    for (int noctty = 1; noctty >= 0; noctty--) {
        /* stop; open the slave; stop; spin. */
        struct tiny_code c = { .len = 0 };
        job_emit_stop_self(&c);
        job_emit_open(&c, path, O_RDWR | (noctty ? O_NOCTTY : 0));
        job_emit_stop_self(&c);
        job_emit_spin(&c);
        int s = job_spawn(&c, self);
        KT_ASSERT(t, s > 0);
        KT_ASSERT(t, job_wait_event(self, s, WSTOPPED) == SIGSTOP);
        job_set_ids(s, s, s);
        job_send(s, SIGCONT);
        KT_ASSERT(t, job_wait_event(self, s, WSTOPPED) == SIGSTOP);
        struct process *sp = process_from_pid(s);
        KT_ASSERT(t, sp);
        KT_CHECK_EQ(t, tty_is_controlling(p.tty, sp), !noctty);
        if (!noctty) {
            KT_CHECK_EQ(t, p.tty->fg_pgrp, s);
            /* Its session leader's end hangs the terminal up. */
            job_kill(self, s);
            KT_CHECK_EQ(t, p.tty->session, 0);
            char buf[8];
            struct io_buffer io = io_buffer_kernel(buf);
            KT_CHECK_EQ(t, file_read(p.slave, &io, sizeof(buf)), 0);
            KT_CHECK_EQ(t, file_write(p.slave, &io, 1), -EIO);
            KT_CHECK(t, file_poll(p.slave, NULL) & POLLHUP);
        } else {
            job_kill(self, s);
        }
        process_put(sp);
    }
    /* A fresh open after the hangup is a working file again. */
    struct file *again;
    KT_ASSERT(t, tty_test_open(path, O_RDWR | O_NOCTTY, &again) == 0);
    struct io_buffer io = io_buffer_kernel("ok");
    KT_CHECK_EQ(t, file_write(again, &io, 2), 2);
    file_put(again);
    tty_pair_close(&p);
}

KTEST(tty_job, hangups_signal_the_foreground_group)
{
    struct process *self = process_current();
    /* The session leader exits: its foreground group gets SIGHUP. */
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    int l = job_spawn_spinner(self), m = job_spawn_spinner(self);
    KT_ASSERT(t, l > 0 && m > 0);
    job_set_ids(l, l, l);
    job_set_ids(m, m, l);
    KT_ASSERT(t, tty_attach_session(p.tty, l, m) == 0);
    job_kill(self, l);
    KT_CHECK_EQ(t, job_wait_exit(self, m), WAIT_STATUS_SIGNALED(SIGHUP));
    tty_pair_close(&p);

    /* The pty master closes: the slave's foreground group gets SIGHUP. */
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    int f = job_spawn_spinner(self);
    KT_ASSERT(t, f > 0);
    job_set_ids(f, f, f);
    KT_ASSERT(t, tty_attach_session(p.tty, f, f) == 0);
    file_put(p.master);
    p.master = NULL;
    KT_CHECK_EQ(t, job_wait_exit(self, f), WAIT_STATUS_SIGNALED(SIGHUP));
    tty_pair_close(&p);
}
