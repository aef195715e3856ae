/* /dev/random and /dev/urandom: windows onto the kernel's generator
 * (kernel/random.c: ChaCha20 with key erasure after every request, seeded
 * from timing jitter and RDRAND). Both never block. Bytes written to them
 * are stirred into the generator's entropy pool; they can only add to its
 * unpredictability, never replace it. */
#include "fs/device.h"
#include "kernel/file.h"
#include "kernel/random.h"
#include <string.h>

static ssize_t dev_random_read(struct file *f, struct io_buffer *buf, size_t len, off_t *pos)
{
    uint8_t chunk[256];
    size_t done = 0;
    while (done < len) {
        size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        random_bytes(chunk, n);
        int rc = io_buffer_put(buf, done, chunk, n);
        if (rc < 0) {
            memset(chunk, 0, sizeof(chunk));
            return done ? (ssize_t)done : rc;
        }
        done += n;
    }
    memset(chunk, 0, sizeof(chunk));
    return (ssize_t)done;
}

static ssize_t dev_random_write(struct file *f, const struct io_buffer *buf, size_t len, off_t *pos)
{
    size_t done = 0;
    while (done < len) {
        uint64_t sample = 0;
        size_t n = len - done < sizeof(sample) ? len - done : sizeof(sample);
        int rc = io_buffer_get(buf, done, &sample, n);
        if (rc < 0)
            return done ? (ssize_t)done : rc;
        random_add_entropy(sample);
        done += n;
    }
    return (ssize_t)done;
}

static const struct file_ops dev_random_ops = { .read = dev_random_read, .write = dev_random_write };

static struct char_device random_devices[] = {
    { .name = "random", .dev = DEV_MAKE(1, 8), .ops = &dev_random_ops },
    { .name = "urandom", .dev = DEV_MAKE(1, 9), .ops = &dev_random_ops },
};

void dev_random_register(void)
{
    for (unsigned i = 0; i < sizeof(random_devices) / sizeof(random_devices[0]); i++)
        device_register_char(&random_devices[i]);
}
