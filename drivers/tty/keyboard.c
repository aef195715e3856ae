/* The PS/2 keyboard: scancode set 1 (what the i8042 hands over with its
 * translation on, as firmware leaves it), US layout, with shift, ctrl, alt
 * (sending ESC before the key, as a meta key) and caps lock. Keys repeat
 * by themselves (typematic), so there is no repeat logic here. Cursor and
 * editing keys send VT100/xterm sequences. */
#include "arch/x86/interrupts.h"
#include "arch/x86/io.h"
#include "drivers/tty/tty_drivers.h"
#include "kernel/printk.h"

#define I8042_DATA      0x60
#define I8042_STATUS    0x64
#define STATUS_OUTPUT   0x01    /* a byte waits in the data port */
#define STATUS_AUX      0x20    /* ... and it is from the mouse port */
#define KEYBOARD_IRQ    1
#define DRAIN_MAX       32

#define SC_RELEASE      0x80
#define SC_EXTENDED     0xE0
#define SC_PAUSE        0xE1
#define SC_LCTRL        0x1D
#define SC_LSHIFT       0x2A
#define SC_RSHIFT       0x36
#define SC_LALT         0x38
#define SC_CAPS         0x3A
#define SC_F1           0x3B
#define SC_F4           0x3E
#define SC_KEYPAD_FIRST 0x47
#define SC_KEYPAD_LAST  0x53
#define ESC             "\x1b"

static const char keymap_plain[0x3A] = {
    0, 033, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 0177, '\t',
    'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r', 0, 'a', 's',
    'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
    'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};

static const char keymap_shift[0x3A] = {
    0, 033, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 0177, '\t',
    'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0, 'A', 'S',
    'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
    'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

/* The numeric keypad, as with num lock on. */
static const char keypad[SC_KEYPAD_LAST - SC_KEYPAD_FIRST + 1] = "789-456+1230.";

static void send(struct keyboard_state *k, const char *s, size_t n)
{
    if (k->input)
        k->input(s, n);
}

static void send_str(struct keyboard_state *k, const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    send(k, s, n);
}

/* What ctrl makes of a key whose plain character is c; -1 if nothing. */
static int ctrl_char(char c)
{
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 1;
    switch (c) {
    case '2': case ' ': return 0;
    case '[': return 033;
    case '\\': return 034;
    case ']': return 035;
    case '6': return 036;
    case '-': case '/': return 037;
    case '8': return 0177;
    default: return -1;
    }
}

/* Keys behind the 0xE0 prefix: the cursor block, keypad enter and slash. */
static void extended_key(struct keyboard_state *k, unsigned char code)
{
    switch (code) {
    case 0x48: send_str(k, ESC "[A"); break;
    case 0x50: send_str(k, ESC "[B"); break;
    case 0x4D: send_str(k, ESC "[C"); break;
    case 0x4B: send_str(k, ESC "[D"); break;
    case 0x47: send_str(k, ESC "[H"); break;
    case 0x4F: send_str(k, ESC "[F"); break;
    case 0x52: send_str(k, ESC "[2~"); break;
    case 0x53: send_str(k, ESC "[3~"); break;
    case 0x49: send_str(k, ESC "[5~"); break;
    case 0x51: send_str(k, ESC "[6~"); break;
    case 0x1C: send_str(k, "\r"); break;
    case 0x35: send_str(k, "/"); break;
    default: break;
    }
}

static void function_key(struct keyboard_state *k, unsigned char code)
{
    unsigned n = code - SC_F1;      /* 0 = F1 */
    if (k->alt) {
        if (k->switch_console)
            k->switch_console(n);
        return;
    }
    static const char *const seq[] = { ESC "OP", ESC "OQ", ESC "OR", ESC "OS" };
    send_str(k, seq[n]);
}

static void plain_key(struct keyboard_state *k, unsigned char code)
{
    char c;
    if (code >= SC_KEYPAD_FIRST && code <= SC_KEYPAD_LAST)
        c = keypad[code - SC_KEYPAD_FIRST];
    else if (code < sizeof(keymap_plain))
        c = (k->shift_left || k->shift_right) ? keymap_shift[code] : keymap_plain[code];
    else
        return;
    if (c == 0)
        return;
    if (k->caps_lock && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        c ^= 0x20;
    if (k->ctrl && code < sizeof(keymap_plain)) {
        int cc = ctrl_char(keymap_plain[code]);
        if (cc >= 0)
            c = (char)cc;
    }
    if (k->alt)
        send(k, ESC, 1);
    send(k, &c, 1);
}

void keyboard_decode(struct keyboard_state *k, unsigned char sc)
{
    if (k->skip) {
        k->skip--;
        return;
    }
    if (sc == SC_PAUSE) {
        k->skip = 5;        /* Pause: E1 1D 45 E1 9D C5, no release */
        return;
    }
    if (sc == SC_EXTENDED) {
        k->extended = true;
        return;
    }
    bool extended = k->extended;
    k->extended = false;
    bool released = (sc & SC_RELEASE) != 0;
    unsigned char code = sc & (unsigned char)~SC_RELEASE;
    switch (code) {
    case SC_LSHIFT:
        if (!extended)      /* E0 2A is a fake shift around some keys */
            k->shift_left = !released;
        return;
    case SC_RSHIFT:
        if (!extended)
            k->shift_right = !released;
        return;
    case SC_LCTRL:
        k->ctrl = !released;
        return;
    case SC_LALT:
        k->alt = !released;
        return;
    default:
        break;
    }
    if (released)
        return;
    if (extended)
        extended_key(k, code);
    else if (code == SC_CAPS)
        k->caps_lock = !k->caps_lock;
    else if (code >= SC_F1 && code <= SC_F4)
        function_key(k, code);
    else
        plain_key(k, code);
}

/* Touched only by the keyboard interrupt handler. */
static struct keyboard_state keyboard = { .input = vt_keyboard_input, .switch_console = vt_switch };

static void keyboard_irq(struct trap_frame *frame, void *ctx)
{
    (void)frame;
    (void)ctx;
    for (int i = 0; i < DRAIN_MAX; i++) {
        uint8_t status = inb(I8042_STATUS);
        if (!(status & STATUS_OUTPUT))
            break;
        uint8_t byte = inb(I8042_DATA);
        if (!(status & STATUS_AUX))
            keyboard_decode(&keyboard, byte);
    }
}

void keyboard_init(void)
{
    /* Whatever the firmware left in the controller is stale. */
    for (int i = 0; i < DRAIN_MAX && (inb(I8042_STATUS) & STATUS_OUTPUT); i++)
        (void)inb(I8042_DATA);
    if (irq_register(KEYBOARD_IRQ, keyboard_irq, NULL) < 0)
        printk("keyboard: IRQ %d is taken\n", KEYBOARD_IRQ);
}
