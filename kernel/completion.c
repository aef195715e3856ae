#include "kernel/completion.h"

struct completion_target {
    struct completion *c;
    unsigned n;
};

void completion_init(struct completion *c)
{
    c->done = 0;
    wait_queue_init(&c->wq, "completion");
}

void completion_signal(struct completion *c)
{
    irqflags_t fl = spin_lock_irqsave(&c->wq.lock);
    c->done++;
    spin_unlock_irqrestore(&c->wq.lock, fl);
    wait_queue_wake_all(&c->wq);
}

static int completion_reached(void *arg)
{
    struct completion_target *t = arg;
    return t->c->done >= t->n;
}

int completion_wait(struct completion *c, unsigned n, uint64_t timeout_ns)
{
    struct completion_target t = { c, n };
    return wait_queue_wait(&c->wq, completion_reached, &t, timeout_ns, 0);
}
