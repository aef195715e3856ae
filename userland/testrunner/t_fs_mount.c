/* Mounting: tmpfs on a scratch directory, statvfs, EBUSY, ENOSPC when a
 * size-limited file system fills up, EROFS on the read-only /proc. */
#include "rawsys.h"
#include "testlib.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

TEST(mount, tmpfs_mount_and_umount)
{
    CHECK_OK(mkdir("mnt", 0755));
    tl_make_file("mnt/hidden", "under", 0644);
    struct stat below, st;
    CHECK_OK(stat("mnt", &below));
    REQUIRE_OK(mount(NULL, "mnt", "tmpfs", 0, NULL));
    CHECK_OK(stat("mnt", &st));
    CHECK_NE(st.st_dev, below.st_dev);
    CHECK_ERRNO(access("mnt/hidden", F_OK), ENOENT);   /* covered */
    tl_make_file("mnt/new", "on top", 0644);
    /* Busy while something is open or a working directory inside. */
    int fd = CHECK_OK(open("mnt/new", O_RDONLY));
    CHECK_ERRNO(umount("mnt"), EBUSY);
    close(fd);
    CHECK_OK(chdir("mnt"));
    CHECK_ERRNO(umount("../mnt"), EBUSY);
    CHECK_OK(chdir(".."));
    /* A mount below makes it busy too. */
    CHECK_OK(mkdir("mnt/inner", 0755));
    REQUIRE_OK(mount(NULL, "mnt/inner", "tmpfs", 0, NULL));
    CHECK_ERRNO(umount("mnt"), EBUSY);
    CHECK_OK(umount("mnt/inner"));
    CHECK_OK(umount("mnt"));
    CHECK_OK(access("mnt/hidden", F_OK));             /* uncovered */
    CHECK_ERRNO(access("mnt/new", F_OK), ENOENT);
    CHECK_ERRNO(umount("mnt"), EINVAL);               /* not a mount point */
}

TEST(mount, refusals)
{
    CHECK_OK(mkdir("mnt", 0755));
    tl_make_file("file", "", 0644);
    CHECK_ERRNO(mount(NULL, "mnt", "no-such-fs", 0, NULL), ENODEV);
    CHECK_ERRNO(mount(NULL, "missing", "tmpfs", 0, NULL), ENOENT);
    CHECK_ERRNO(mount(NULL, "file", "tmpfs", 0, NULL), ENOTDIR);
    CHECK_ERRNO(umount("missing"), ENOENT);
    CHECK_EQ(RAW5(SYS_mount, 0, "mnt", 0xC0000000, 0, 0), -EFAULT);
    CHECK_EQ(RAW5(SYS_mount, 0, 0xC0000000, "tmpfs", 0, 0), -EFAULT);
    CHECK_EQ(RAW1(SYS_umount, 0x10), -EFAULT);
}

TEST(mount, statvfs_tracks_usage)
{
    CHECK_OK(mkdir("mnt", 0755));
    REQUIRE_OK(mount(NULL, "mnt", "tmpfs", 0, NULL));
    struct statvfs before, after;
    CHECK_OK(statvfs("mnt", &before));
    CHECK_CMP(before.f_frsize, >, 0);
    CHECK_CMP(before.f_blocks, >, 0);
    CHECK_CMP(before.f_bfree, <=, before.f_blocks);
    CHECK_CMP(before.f_namemax, >=, 255);
    int fd = CHECK_OK(open("mnt/data", O_CREAT | O_WRONLY, 0644));
    static char buf[256 * 1024];
    memset(buf, 1, sizeof(buf));
    CHECK_EQ(tl_write_all(fd, buf, sizeof(buf)), sizeof(buf));
    close(fd);
    CHECK_OK(statvfs("mnt", &after));
    CHECK_CMP((before.f_bfree - after.f_bfree) * after.f_frsize, >=, sizeof(buf));
    CHECK_OK(unlink("mnt/data"));
    CHECK_OK(statvfs("mnt", &after));
    CHECK_EQ(after.f_bfree, before.f_bfree);
    CHECK_OK(umount("mnt"));
    CHECK_ERRNO(statvfs("missing", &after), ENOENT);
    CHECK_EQ(RAW2(SYS_statvfs, ".", 0xC0000000), -EFAULT);
}

TEST_TIMEOUT(mount, full_file_system_gives_enospc, 60)
{
    CHECK_OK(mkdir("mnt", 0755));
    REQUIRE_OK(mount(NULL, "mnt", "tmpfs", 0, NULL));
    struct statvfs sv;
    REQUIRE_OK(statvfs("mnt", &sv));
    unsigned long long room = (unsigned long long)sv.f_bavail * sv.f_frsize;
    CHECK_CMP(room, <=, 64ull << 20);   /* a mounted tmpfs is size-limited */
    int fd = REQUIRE_OK(open("mnt/fill", O_CREAT | O_WRONLY, 0644));
    static char buf[64 * 1024];
    memset(buf, 0xAB, sizeof(buf));
    unsigned long long written = 0;
    ssize_t n;
    while ((n = write(fd, buf, sizeof(buf))) > 0) {
        written += n;
        if (written > room + (1 << 20))
            break;
    }
    CHECK_EQ(n, -1);
    CHECK_EQ(errno, ENOSPC);
    CHECK_CMP(written, <=, room);
    CHECK_CMP(written + sizeof(buf) * 2, >=, room / 2);
    /* Full means full for new files too, and freeing space helps. */
    int fd2 = open("mnt/more", O_CREAT | O_WRONLY, 0644);
    if (fd2 >= 0) {
        CHECK_ERRNO(write(fd2, buf, sizeof(buf)), ENOSPC);
        close(fd2);
    }
    CHECK_OK(ftruncate(fd, 0));
    CHECK_EQ(write(fd, buf, sizeof(buf)), sizeof(buf));
    close(fd);
    CHECK_OK(unlink("mnt/fill"));
    unlink("mnt/more");
    CHECK_OK(umount("mnt"));
}

TEST(mount, proc_is_read_only)
{
    /* The kernel mounts procfs on /proc at boot. */
    struct statvfs sv;
    if (!CHECK_OK(statvfs("/proc", &sv)))
        return;
    CHECK(sv.f_flag & ST_RDONLY);
    CHECK_ERRNO(open("/proc/new-file", O_CREAT | O_WRONLY, 0644), EROFS);
    CHECK_ERRNO(mkdir("/proc/dir", 0755), EROFS);
    CHECK_ERRNO(open("/proc/meminfo", O_WRONLY), EROFS);
    CHECK_ERRNO(chmod("/proc/meminfo", 0666), EROFS);
    CHECK_ERRNO(unlink("/proc/meminfo"), EROFS);
    CHECK_ERRNO(access("/proc/meminfo", W_OK), EROFS);
    /* /proc/self names the caller. */
    char buf[32], want[32];
    ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);
    if (CHECK_CMP(n, >, 0)) {
        buf[n] = 0;
        snprintf(want, sizeof(want), "%d", getpid());
        CHECK_STREQ(buf, want);
    }
}
