/* The smallest proof that the tool chain works: start-up, stdio, exit. */
#include <stdio.h>

int main(void)
{
    printf("Hello from Kestrel user space!\n");
    return 0;
}
