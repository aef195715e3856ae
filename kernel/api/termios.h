/* Terminal attributes and terminal ioctls of the kernel ABI. The flag
 * values, control-character indices and ioctl numbers are the Linux ones;
 * the structure is Linux's kernel termios with the two speed fields of its
 * termios2 appended, so one structure serves every call. */
#ifndef KERNEL_API_TERMIOS_H
#define KERNEL_API_TERMIOS_H

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

#define NCCS 19

struct termios {
    tcflag_t c_iflag;  /* input modes */
    tcflag_t c_oflag;  /* output modes */
    tcflag_t c_cflag;  /* control modes */
    tcflag_t c_lflag;  /* local modes */
    cc_t c_line;       /* line discipline: always 0 */
    cc_t c_cc[NCCS];   /* control characters */
    speed_t c_ispeed;  /* input baud rate, as a B* value */
    speed_t c_ospeed;  /* output baud rate, as a B* value */
};

/* Indices into c_cc. */
#define VINTR    0
#define VQUIT    1
#define VERASE   2
#define VKILL    3
#define VEOF     4
#define VTIME    5
#define VMIN     6
#define VSWTC    7
#define VSTART   8
#define VSTOP    9
#define VSUSP    10
#define VEOL     11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE  14
#define VLNEXT   15
#define VEOL2    16

/* c_iflag */
#define IGNBRK  0000001
#define BRKINT  0000002
#define IGNPAR  0000004
#define PARMRK  0000010
#define INPCK   0000020
#define ISTRIP  0000040
#define INLCR   0000100
#define IGNCR   0000200
#define ICRNL   0000400
#define IUCLC   0001000
#define IXON    0002000
#define IXANY   0004000
#define IXOFF   0010000
#define IMAXBEL 0020000
#define IUTF8   0040000

/* c_oflag */
#define OPOST  0000001
#define OLCUC  0000002
#define ONLCR  0000004
#define OCRNL  0000010
#define ONOCR  0000020
#define ONLRET 0000040
#define OFILL  0000100
#define OFDEL  0000200

/* c_cflag */
#define CBAUD   0010017
#define CSIZE   0000060
#define CS5     0000000
#define CS6     0000020
#define CS7     0000040
#define CS8     0000060
#define CSTOPB  0000100
#define CREAD   0000200
#define PARENB  0000400
#define PARODD  0001000
#define HUPCL   0002000
#define CLOCAL  0004000

/* Baud rates (the CBAUD field of c_cflag, and c_ispeed/c_ospeed). */
#define B0       0000000
#define B50      0000001
#define B75      0000002
#define B110     0000003
#define B134     0000004
#define B150     0000005
#define B200     0000006
#define B300     0000007
#define B600     0000010
#define B1200    0000011
#define B1800    0000012
#define B2400    0000013
#define B4800    0000014
#define B9600    0000015
#define B19200   0000016
#define B38400   0000017
#define B57600   0010001
#define B115200  0010002
#define B230400  0010003
#define B460800  0010004

/* c_lflag */
#define ISIG    0000001
#define ICANON  0000002
#define XCASE   0000004
#define ECHO    0000010
#define ECHOE   0000020
#define ECHOK   0000040
#define ECHONL  0000100
#define NOFLSH  0000200
#define TOSTOP  0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE  0004000
#define FLUSHO  0010000
#define PENDIN  0040000
#define IEXTEN  0100000

/* tcsetattr() `when` */
#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2

/* tcflush() queues, also the argument of TCFLSH */
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

/* tcflow() actions, also the argument of TCXONC */
#define TCOOFF 0
#define TCOON  1
#define TCIOFF 2
#define TCION  3

/* The window size (TIOCGWINSZ/TIOCSWINSZ). */
struct winsize {
    unsigned short ws_row;
    unsigned short ws_col;
    unsigned short ws_xpixel;
    unsigned short ws_ypixel;
};

/* ioctl(fd, request, arg) requests for terminals. */
#define TCGETS     0x5401  /* arg: struct termios * (out) */
#define TCSETS     0x5402  /* arg: const struct termios *: now */
#define TCSETSW    0x5403  /* ... after output drains */
#define TCSETSF    0x5404  /* ... after output drains, discarding input */
#define TCSBRK     0x5409  /* arg: int; non-zero: just wait for output to drain */
#define TCXONC     0x540A  /* arg: int TCOOFF.. */
#define TCFLSH     0x540B  /* arg: int TCIFLUSH.. */
#define TIOCEXCL   0x540C
#define TIOCNXCL   0x540D
#define TIOCSCTTY  0x540E  /* arg: int; make this the controlling terminal */
#define TIOCGPGRP  0x540F  /* arg: pid_t * (out): foreground process group */
#define TIOCSPGRP  0x5410  /* arg: const pid_t * */
#define TIOCOUTQ   0x5411  /* arg: int * (out): bytes in the output queue */
#define TIOCSTI    0x5412
#define TIOCGWINSZ 0x5413  /* arg: struct winsize * (out) */
#define TIOCSWINSZ 0x5414  /* arg: const struct winsize * */
#define FIONREAD   0x541B  /* arg: int * (out): bytes ready to read */
#define TIOCINQ    FIONREAD
#define FIONBIO    0x5421  /* arg: const int *: non-blocking on/off */
#define TIOCNOTTY  0x5422  /* give up the controlling terminal */
#define TIOCGSID   0x5429  /* arg: pid_t * (out): the terminal's session */
/* Pseudo-terminal masters (Linux's _IOR('T', 0x30, unsigned int) and
 * _IOW('T', 0x31, int)): posix_openpt/grantpt/unlockpt/ptsname. */
#define TIOCGPTN   0x80045430  /* arg: unsigned int * (out): the number N of /dev/pts/N */
#define TIOCSPTLCK 0x40045431  /* arg: const int *: non-zero locks the slave, 0 unlocks it */

#endif
