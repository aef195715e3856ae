/* Diagnostics (C11 7.2). Deliberately without an include guard: the meaning
 * of assert() follows NDEBUG at each inclusion. */
#undef assert

#ifdef NDEBUG
#define assert(ignore) ((void)0)
#else

#ifdef __cplusplus
extern "C" {
#endif
/* Prints "prog: file:line: func: Assertion `expr' failed." and aborts. */
__attribute__((__noreturn__)) void __assert_fail(const char *expr, const char *file,
                                                unsigned line, const char *func);
#ifdef __cplusplus
}
#endif

#define assert(expr) \
    ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif
