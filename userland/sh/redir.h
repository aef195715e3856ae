/* Applying and undoing redirections (redir.c). */
#ifndef SH_REDIR_H
#define SH_REDIR_H
#include "sh.h"

#define SH_REDIR_SAVE_MAX 16

struct sh_redir_save {
    struct {
        int fd;
        int saved;
    } fds[SH_REDIR_SAVE_MAX];
    int n;
};

/* Applies the list; with save, remembers what to restore. -1 after
 * reporting an error (what was applied so far stays applied). */
int sh_redir_apply(struct sh_redir *r, struct sh_redir_save *save);
void sh_redir_restore(struct sh_redir_save *save);

#endif
