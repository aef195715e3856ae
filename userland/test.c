/* test: the same evaluator as the shell's built-in test and [. */
#include "sh/test.c"

int main(int argc, char **argv)
{
    return sh_test_main(argc, argv);
}
