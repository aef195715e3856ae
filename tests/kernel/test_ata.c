/* The ATA driver and the block layer against the disks make test attaches:
 * identification, partitions, multi-sector transfers in both directions
 * (across the driver's per-command limit), LBA48 beyond 128 GiB, errors
 * from the drive, and range checks of the block layer. */
#include "drivers/ata.h"
#include "kernel/errno.h"
#include "mm/heap.h"
#include "tests/kernel/disk_test.h"
#include <string.h>

KTEST(ata, identify_and_partitions)
{
    struct block_device *hda = block_find("hda");
    KT_ASSERT(t, hda != NULL);
    struct ata_info info;
    KT_ASSERT(t, ata_get_info(hda, &info) == 0);
    KT_CHECK(t, strstr(info.model, "QEMU") != NULL);
    KT_CHECK_EQ(t, info.sectors, hda->sector_count);
    KT_CHECK_EQ(t, info.channel, 0);
    KT_CHECK_EQ(t, info.position, 0);
    KT_CHECK(t, info.interrupts);
    KT_CHECK_EQ(t, hda->sector_size, 512);

    struct block_device *p1 = block_find("hda1"), *p2 = block_find("hda2");
    KT_ASSERT(t, p1 && p2);
    KT_CHECK(t, block_find("hda3") == NULL);
    KT_CHECK_EQ(t, p1->start_sector, 2048);      /* mkdisk.sh aligns to 1 MiB */
    KT_CHECK_EQ(t, p2->start_sector, p1->start_sector + p1->sector_count);
    KT_CHECK(t, p1->parent == hda && p2->parent == hda);
    KT_CHECK(t, ata_get_info(p1, &info) == -ENODEV);

    /* The partition reads the same bytes as the disk at its offset. */
    uint8_t *a = kmalloc(1024), *b = kmalloc(1024);
    KT_ASSERT(t, a && b);
    KT_CHECK(t, block_read(p1, 2, 2, a) == 0);              /* the ext2 superblock */
    KT_CHECK(t, block_read(hda, p1->start_sector + 2, 2, b) == 0);
    KT_CHECK(t, memcmp(a, b, 1024) == 0);
    KT_CHECK(t, a[56] == 0x53 && a[57] == 0xEF);            /* s_magic */
    kfree(a);
    kfree(b);
}

/* Writes `count` sectors of a pattern at `sector`, reads them back through a
 * differently sized request, and compares. */
static void ata_roundtrip(struct ktest_ctx *t, struct block_device *bd, uint64_t sector, uint32_t count,
                          uint32_t seed)
{
    size_t len = (size_t)count * 512;
    uint8_t *out = kmalloc(len), *in = kmalloc(len);
    KT_ASSERT(t, out && in);
    disk_test_fill(out, len, seed);
    memset(in, 0xCC, len);
    KT_CHECK_EQ(t, block_write(bd, sector, count, out), 0);
    /* Read back in two uneven pieces so request boundaries differ. */
    uint32_t first = count > 3 ? count / 3 + 1 : count;
    KT_CHECK_EQ(t, block_read(bd, sector, first, in), 0);
    if (first < count)
        KT_CHECK_EQ(t, block_read(bd, sector + first, count - first, in + (size_t)first * 512), 0);
    KT_CHECK(t, memcmp(out, in, len) == 0);
    kfree(out);
    kfree(in);
}

KTEST(ata, write_read_roundtrip)
{
    struct block_device *hda;
    uint64_t scratch = disk_test_scratch_start(t, &hda);
    KT_ASSERT(t, scratch != 0);
    uint32_t cmds0, irqs0, errs0, cmds1, irqs1, errs1;
    ata_get_counters(&cmds0, &irqs0, &errs0);
    ata_roundtrip(t, hda, scratch, 1, 1);
    ata_roundtrip(t, hda, scratch + 1, 7, 2);
    ata_roundtrip(t, hda, scratch + 16, 128, 3);    /* exactly one command */
    ata_roundtrip(t, hda, scratch + 200, 300, 4);   /* three commands */
    ata_roundtrip(t, hda, hda->sector_count - 5, 5, 5);     /* the very last sectors */
    /* Earlier writes are untouched by later ones. */
    uint8_t *want = kmalloc(7 * 512), *got = kmalloc(7 * 512);
    KT_ASSERT(t, want && got);
    disk_test_fill(want, 7 * 512, 2);
    KT_CHECK_EQ(t, block_read(hda, scratch + 1, 7, got), 0);
    KT_CHECK(t, memcmp(want, got, 7 * 512) == 0);
    kfree(want);
    kfree(got);
    KT_CHECK_EQ(t, block_flush(hda), 0);
    ata_get_counters(&cmds1, &irqs1, &errs1);
    KT_CHECK(t, cmds1 - cmds0 >= 10);
    /* Every sector of PIO data and each completion is an interrupt. */
    KT_CHECK(t, irqs1 - irqs0 >= 2 * (1 + 7 + 128 + 300 + 5));
    KT_CHECK_EQ(t, errs1, errs0);
}

KTEST(ata, lba48_beyond_128gib)
{
    struct block_device *hdd = block_find("hdd");
    KT_ASSERT(t, hdd != NULL);
    struct ata_info info;
    KT_ASSERT(t, ata_get_info(hdd, &info) == 0);
    KT_CHECK(t, info.lba48);
    KT_ASSERT(t, hdd->sector_count > DISK_LBA48_MIN_SECTORS + 1024);
    /* Straddling the last LBA28 sector, entirely above it, and at the end. */
    ata_roundtrip(t, hdd, DISK_LBA48_MIN_SECTORS - 3, 9, 11);
    ata_roundtrip(t, hdd, DISK_LBA48_MIN_SECTORS + 512, 130, 12);
    ata_roundtrip(t, hdd, hdd->sector_count - 2, 2, 13);
    /* A low sector still goes through LBA28 and must not alias a high one. */
    ata_roundtrip(t, hdd, 3, 2, 14);
    uint8_t *want = kmalloc(512), *got = kmalloc(512);
    KT_ASSERT(t, want && got);
    disk_test_fill(want, 512, 12);
    KT_CHECK_EQ(t, block_read(hdd, DISK_LBA48_MIN_SECTORS + 512, 1, got), 0);
    KT_CHECK(t, memcmp(want, got, 512) == 0);
    kfree(want);
    kfree(got);
}

KTEST(ata, drive_errors_are_eio)
{
    struct block_device *hda = block_find("hda");
    KT_ASSERT(t, hda != NULL);
    uint8_t *buf = kmalloc(4 * 512);
    KT_ASSERT(t, buf != NULL);
    uint32_t c0, i0, e0, c1, i1, e1;
    ata_get_counters(&c0, &i0, &e0);
    /* Past the end, bypassing the block layer's check: the drive refuses. */
    KT_CHECK_EQ(t, hda->ops->read(hda, hda->sector_count + 100, 2, buf), -EIO);
    KT_CHECK_EQ(t, hda->ops->write(hda, hda->sector_count + 100, 1, buf), -EIO);
    ata_get_counters(&c1, &i1, &e1);
    KT_CHECK_EQ(t, e1 - e0, 2);
    /* The channel still works afterwards. */
    KT_CHECK_EQ(t, block_read(hda, 0, 4, buf), 0);
    KT_CHECK(t, buf[510] == 0x55 && buf[511] == 0xAA);
    /* The block layer refuses the same before the driver sees it. */
    KT_CHECK_EQ(t, block_read(hda, hda->sector_count - 1, 2, buf), -EIO);
    KT_CHECK_EQ(t, block_read(hda, ~0ull, 1, buf), -EIO);
    KT_CHECK_EQ(t, block_read(hda, 0, 0, buf), -EIO);
    kfree(buf);
}

KTEST(block, slices_claims_and_names)
{
    struct block_device *hda;
    uint64_t scratch = disk_test_scratch_start(t, &hda);
    KT_ASSERT(t, scratch != 0);
    struct block_device *s;
    KT_ASSERT(t, block_create_slice(hda, "ktslice", scratch + 64, 16, 200, &s) == 0);
    KT_CHECK(t, block_find("ktslice") == s);
    KT_CHECK_EQ(t, s->sector_count, 16);
    KT_CHECK(t, block_create_slice(hda, "ktslice", scratch, 1, 201, &s) == -EEXIST);
    KT_CHECK(t, block_create_slice(hda, "toolong-name-123456", scratch, 1, 201, &s) == -EINVAL);
    KT_CHECK(t, block_create_slice(hda, "beyond", hda->sector_count - 1, 2, 201, &s) == -EINVAL);
    s = block_find("ktslice");
    KT_ASSERT(t, s != NULL);

    ata_roundtrip(t, s, 0, 16, 21);
    uint8_t *a = kmalloc(512), *b = kmalloc(512);
    KT_ASSERT(t, a && b);
    KT_CHECK_EQ(t, block_read(s, 3, 1, a), 0);
    KT_CHECK_EQ(t, block_read(hda, scratch + 64 + 3, 1, b), 0);
    KT_CHECK(t, memcmp(a, b, 512) == 0);
    KT_CHECK_EQ(t, block_read(s, 16, 1, a), -EIO);
    KT_CHECK_EQ(t, block_write(s, 15, 2, a), -EIO);
    kfree(a);
    kfree(b);

    KT_CHECK_EQ(t, block_claim(s), 0);
    KT_CHECK_EQ(t, block_claim(s), -EBUSY);
    KT_CHECK_EQ(t, block_destroy_slice(s), -EBUSY);
    KT_CHECK_EQ(t, block_unregister(hda), -EBUSY);          /* it has partitions */
    block_release(s);
    KT_CHECK_EQ(t, block_destroy_slice(s), 0);
    KT_CHECK(t, block_find("ktslice") == NULL);
}
