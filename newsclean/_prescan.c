/*
 * newsclean._prescan: the first pass of parse._Scan, in C.
 *
 * parse.py guards Lexbor against markup that makes its tree builder super-linear with a
 * linear pre-scan, parse._Scan: one tokenizer pass driving a small model of the tree
 * builder. On almost every page that pass finds nothing, and in Python it costs ~15-20 %
 * of a whole extraction. This module runs the same pass, the first one parse.py runs
 * (``_Scan(text, strip_formatting=False, emit=False).run()``), about 30 times faster
 * (0.1 ms instead of 3.3 ms on an average corpus page), and answers only whether it comes
 * back empty.
 *
 * parse._Scan is the reference: every decision here mirrors one there, under the same
 * names, and tests/test_prescan.py holds the two to each other. ``is_clean(text)`` is True
 * only where the reference trips no cap. False means a cap is tripped, or (BAIL) something
 * this port leaves to the reference: a character reference in the encoding of a MathML
 * <annotation-xml> (the reference decodes it), or a limit no input below the caps reaches;
 * parse.py then runs the reference, so a False costs time, never correctness. Like the HTML
 * tokenizer, both lowercase ASCII letters only and know only its five space characters, so
 * a non-ASCII tag name is just another name. No state outlives a call except the read-only
 * table of known tag names.
 *
 * Like the reference, the scan is linear in the text whatever the markup: the tokenizer
 * reads each character a bounded number of times, and every scope question is answered
 * from per-name and per-boundary position stacks in O(1) (a few walks, such as </form>
 * taking the form out of the middle of the stack, are bounded by DEPTH_CAP instead). While no cap is tripped the
 * stack of open elements holds at most DEPTH_CAP entries and each formatting segment at
 * most FORMATTING_CAP, so most state is fixed-size; the scan stops at the first cap
 * tripped. No recursion; the GIL is released while it runs (the str is immutable and the
 * caller holds it).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* The caps of parse.py; parse.py compares them with its own (exported as CAPS) before it
 * trusts a verdict, so a test that lowers a cap there gets the reference. */
#define DEPTH_CAP 256
#define FORMATTING_CAP 64
#define ATTRIBUTE_CAP 256
#define ELEMENT_CAP 250000
#define RECONSTRUCTION_SLACK 10000

/* -- known tag names ----------------------------------------------------------------------
 * Each frozenset of parse.py is a bit; B_* are the scope boundary sets of _BOUNDARY_SETS, in
 * their order (a boundary's positions live in Scan.bound[bit]). test_prescan checks these
 * against parse.py through _tables(). */
enum {
    B_DEFAULT = 1u << 0,
    B_BUTTON = 1u << 1,
    B_LIST = 1u << 2,
    B_TABLE = 1u << 3,
    B_SPECIAL = 1u << 4, /* also _SPECIAL itself */
    B_LIST_ITEM = 1u << 5,
    B_INTEGRATION = 1u << 6,
    FORMATTING = 1u << 7,
    SELF_LIMITING = 1u << 8,
    FOREIGN_SPECIAL = 1u << 9,
    HEADING = 1u << 10,
    CLOSES_P = 1u << 11,
    MARKER = 1u << 12,
    VOID = 1u << 13,
    RAW_TEXT = 1u << 14,
    TABLE_SECTION = 1u << 15,
    TABLE_PART = 1u << 16,
    TABLE_END_SCOPED = 1u << 17,
    RECONSTRUCTING = 1u << 18,
    IGNORED_START = 1u << 19,
    IGNORED_END = 1u << 20,
    FOREIGN_ROOT = 1u << 21,
    BREAKOUT = 1u << 22,
    NOT_PLAIN = 1u << 23,
    MODELLED_START = 1u << 24,
    PLAIN_VOID = 1u << 25,
    PLAIN_BLOCK = 1u << 26,
    MARKED = 1u << 27, /* the SVG/MathML twin of a name (parse._FOREIGN_MARK + name) */
    SVG_SPECIAL = 1u << 28,
    TEXT_INTEGRATION = 1u << 29, /* marked twins of MathML's text integration points */
    MATHML_GLYPH = 1u << 30,
};
#define PLAIN_TWIN (UINT32_C(1) << 31) /* parse._PLAIN_TWINS: "\x01" + name (no int enum holds it) */
#define N_BOUNDS 7
#define BOUNDS ((1u << N_BOUNDS) - 1)
#define SCOPE_DEFAULT B_DEFAULT
#define SCOPE_BUTTON (B_DEFAULT | B_BUTTON)
#define SCOPE_LIST (B_DEFAULT | B_LIST)
#define SCOPE_TABLE B_TABLE
#define SCOPE_SPECIAL B_SPECIAL
#define SCOPE_LIST_ITEM B_LIST_ITEM
#define INTEGRATION 6 /* index of B_INTEGRATION */

static const char *const SET_NAMES[] = {
    "B_DEFAULT", "B_BUTTON", "B_LIST", "B_TABLE", "B_SPECIAL", "B_LIST_ITEM", "B_INTEGRATION",
    "FORMATTING", "SELF_LIMITING", "FOREIGN_SPECIAL", "HEADING", "CLOSES_P", "MARKER", "VOID",
    "RAW_TEXT", "TABLE_SECTION", "TABLE_PART", "TABLE_END_SCOPED", "RECONSTRUCTING",
    "IGNORED_START", "IGNORED_END", "FOREIGN_ROOT", "BREAKOUT", "NOT_PLAIN", "MODELLED_START",
    "PLAIN_VOID", "PLAIN_BLOCK", "MARKED", "SVG_SPECIAL", "TEXT_INTEGRATION", "MATHML_GLYPH", "PLAIN_TWIN",
};
#define N_SETS ((int)(sizeof SET_NAMES / sizeof SET_NAMES[0]))

typedef struct {
    const char *name;
    uint32_t flags;
} Known;

/* Id 0 is parse's "" (an element the adoption agency took out of the middle of the stack).
 * Every name in any set of parse.py is here; any other name has no flags. */
static const Known KNOWN[] = {
    {"", 0},
    {"a", FORMATTING | SELF_LIMITING | NOT_PLAIN | MODELLED_START},
    {"address", B_SPECIAL | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"annotation-xml", FOREIGN_SPECIAL},
    {"applet", B_DEFAULT | B_SPECIAL | B_LIST_ITEM | MARKER | RECONSTRUCTING | NOT_PLAIN | MODELLED_START},
    {"area", B_SPECIAL | B_LIST_ITEM | VOID | RECONSTRUCTING | MODELLED_START | PLAIN_VOID},
    {"article", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"aside", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"b", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"base", B_SPECIAL | B_LIST_ITEM | VOID | MODELLED_START | PLAIN_VOID},
    {"basefont", B_SPECIAL | B_LIST_ITEM | VOID | MODELLED_START | PLAIN_VOID},
    {"bgsound", B_SPECIAL | B_LIST_ITEM | VOID | MODELLED_START | PLAIN_VOID},
    {"big", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"blockquote", B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START | PLAIN_BLOCK},
    {"body", B_SPECIAL | B_LIST_ITEM | IGNORED_START | IGNORED_END | BREAKOUT | MODELLED_START},
    {"br", B_SPECIAL | B_LIST_ITEM | VOID | RECONSTRUCTING | BREAKOUT | MODELLED_START | PLAIN_VOID},
    {"button", B_BUTTON | B_SPECIAL | B_LIST_ITEM | RECONSTRUCTING | MODELLED_START},
    {"caption", B_DEFAULT | B_SPECIAL | B_LIST_ITEM | MARKER | TABLE_PART | TABLE_END_SCOPED | NOT_PLAIN
                    | MODELLED_START},
    {"center", B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START | PLAIN_BLOCK},
    {"code", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"col", B_SPECIAL | B_LIST_ITEM | VOID | MODELLED_START | PLAIN_VOID},
    {"colgroup", B_SPECIAL | B_LIST_ITEM | TABLE_PART | TABLE_END_SCOPED | MODELLED_START},
    {"dd", B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START},
    {"desc", FOREIGN_SPECIAL | SVG_SPECIAL},
    {"details", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"dialog", CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"dir", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"div", B_SPECIAL | CLOSES_P | BREAKOUT | MODELLED_START | PLAIN_BLOCK},
    {"dl", B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START | PLAIN_BLOCK},
    {"dt", B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START},
    {"em", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"embed", B_SPECIAL | B_LIST_ITEM | VOID | RECONSTRUCTING | BREAKOUT | MODELLED_START | PLAIN_VOID},
    {"fieldset", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"figcaption", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"figure", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"font", FORMATTING | NOT_PLAIN | MODELLED_START},
    {"footer", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"foreignobject", FOREIGN_SPECIAL | SVG_SPECIAL},
    {"form", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"frame", B_SPECIAL | B_LIST_ITEM | VOID | MODELLED_START | PLAIN_VOID},
    {"frameset", B_SPECIAL | B_LIST_ITEM | IGNORED_START | MODELLED_START},
    {"h1", B_SPECIAL | B_LIST_ITEM | HEADING | CLOSES_P | BREAKOUT | MODELLED_START},
    {"h2", B_SPECIAL | B_LIST_ITEM | HEADING | CLOSES_P | BREAKOUT | MODELLED_START},
    {"h3", B_SPECIAL | B_LIST_ITEM | HEADING | CLOSES_P | BREAKOUT | MODELLED_START},
    {"h4", B_SPECIAL | B_LIST_ITEM | HEADING | CLOSES_P | BREAKOUT | MODELLED_START},
    {"h5", B_SPECIAL | B_LIST_ITEM | HEADING | CLOSES_P | BREAKOUT | MODELLED_START},
    {"h6", B_SPECIAL | B_LIST_ITEM | HEADING | CLOSES_P | BREAKOUT | MODELLED_START},
    {"head", B_SPECIAL | B_LIST_ITEM | IGNORED_START | IGNORED_END | BREAKOUT | MODELLED_START},
    {"header", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"hgroup", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"hr", B_SPECIAL | B_LIST_ITEM | CLOSES_P | VOID | BREAKOUT | MODELLED_START},
    {"html", B_DEFAULT | B_TABLE | B_SPECIAL | B_LIST_ITEM | IGNORED_START | IGNORED_END | MODELLED_START},
    {"i", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"iframe", B_SPECIAL | B_LIST_ITEM | RAW_TEXT | MODELLED_START},
    {"image", VOID | RECONSTRUCTING | MODELLED_START | PLAIN_VOID},
    {"img", B_SPECIAL | B_LIST_ITEM | VOID | RECONSTRUCTING | BREAKOUT | MODELLED_START | PLAIN_VOID},
    {"input", B_SPECIAL | B_LIST_ITEM | VOID | RECONSTRUCTING | MODELLED_START | PLAIN_VOID},
    {"keygen", B_SPECIAL | B_LIST_ITEM | VOID | RECONSTRUCTING | MODELLED_START | PLAIN_VOID},
    {"li", B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START},
    {"link", B_SPECIAL | B_LIST_ITEM | VOID | MODELLED_START | PLAIN_VOID},
    {"listing", B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START | PLAIN_BLOCK},
    {"main", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"marquee", B_DEFAULT | B_SPECIAL | B_LIST_ITEM | MARKER | RECONSTRUCTING | NOT_PLAIN | MODELLED_START},
    {"math", FOREIGN_ROOT | NOT_PLAIN | MODELLED_START},
    {"menu", B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START | PLAIN_BLOCK},
    {"malignmark", MATHML_GLYPH},
    {"meta", B_SPECIAL | B_LIST_ITEM | VOID | BREAKOUT | MODELLED_START | PLAIN_VOID},
    {"mglyph", MATHML_GLYPH},
    {"mi", FOREIGN_SPECIAL},
    {"mn", FOREIGN_SPECIAL},
    {"mo", FOREIGN_SPECIAL},
    {"ms", FOREIGN_SPECIAL},
    {"mtext", FOREIGN_SPECIAL},
    {"nav", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"nobr", FORMATTING | SELF_LIMITING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"noembed", B_SPECIAL | B_LIST_ITEM | RAW_TEXT | MODELLED_START},
    {"noframes", B_SPECIAL | B_LIST_ITEM | RAW_TEXT | MODELLED_START},
    {"noscript", B_SPECIAL | B_LIST_ITEM | RECONSTRUCTING | MODELLED_START},
    {"object", B_DEFAULT | B_SPECIAL | B_LIST_ITEM | MARKER | RECONSTRUCTING | NOT_PLAIN | MODELLED_START},
    {"ol", B_LIST | B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START | PLAIN_BLOCK},
    {"optgroup", MODELLED_START},
    {"option", MODELLED_START},
    {"p", B_SPECIAL | CLOSES_P | BREAKOUT | MODELLED_START | PLAIN_BLOCK},
    {"param", B_SPECIAL | B_LIST_ITEM | VOID | MODELLED_START | PLAIN_VOID},
    {"plaintext", B_SPECIAL | B_LIST_ITEM | CLOSES_P | RAW_TEXT | MODELLED_START},
    {"pre", B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START | PLAIN_BLOCK},
    {"ruby", BREAKOUT},
    {"s", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"script", B_SPECIAL | B_LIST_ITEM | RAW_TEXT | MODELLED_START},
    {"search", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"section", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"select", B_SPECIAL | B_LIST_ITEM | RECONSTRUCTING | MODELLED_START},
    {"small", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"source", B_SPECIAL | B_LIST_ITEM | VOID | MODELLED_START | PLAIN_VOID},
    {"span", BREAKOUT},
    {"strike", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"strong", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"style", B_SPECIAL | B_LIST_ITEM | RAW_TEXT | MODELLED_START},
    {"sub", BREAKOUT},
    {"summary", B_SPECIAL | B_LIST_ITEM | CLOSES_P | MODELLED_START | PLAIN_BLOCK},
    {"sup", BREAKOUT},
    {"svg", FOREIGN_ROOT | NOT_PLAIN | MODELLED_START},
    {"table", B_DEFAULT | B_TABLE | B_SPECIAL | B_LIST_ITEM | CLOSES_P | TABLE_END_SCOPED | BREAKOUT
                  | MODELLED_START | PLAIN_BLOCK},
    {"tbody", B_SPECIAL | B_LIST_ITEM | TABLE_SECTION | TABLE_PART | TABLE_END_SCOPED | MODELLED_START},
    {"td", B_DEFAULT | B_SPECIAL | B_LIST_ITEM | MARKER | TABLE_PART | TABLE_END_SCOPED | NOT_PLAIN
               | MODELLED_START},
    {"template", B_DEFAULT | B_TABLE | B_SPECIAL | B_LIST_ITEM | MARKER | NOT_PLAIN | MODELLED_START},
    {"textarea", B_SPECIAL | B_LIST_ITEM | RAW_TEXT | MODELLED_START},
    {"tfoot", B_SPECIAL | B_LIST_ITEM | TABLE_SECTION | TABLE_PART | TABLE_END_SCOPED | MODELLED_START},
    {"th", B_DEFAULT | B_SPECIAL | B_LIST_ITEM | MARKER | TABLE_PART | TABLE_END_SCOPED | NOT_PLAIN
               | MODELLED_START},
    {"thead", B_SPECIAL | B_LIST_ITEM | TABLE_SECTION | TABLE_PART | TABLE_END_SCOPED | MODELLED_START},
    {"title", B_SPECIAL | B_LIST_ITEM | FOREIGN_SPECIAL | SVG_SPECIAL | RAW_TEXT | MODELLED_START},
    {"tr", B_SPECIAL | B_LIST_ITEM | TABLE_PART | TABLE_END_SCOPED | MODELLED_START},
    {"track", B_SPECIAL | B_LIST_ITEM | VOID | MODELLED_START | PLAIN_VOID},
    {"tt", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"u", FORMATTING | BREAKOUT | NOT_PLAIN | MODELLED_START},
    {"ul", B_LIST | B_SPECIAL | B_LIST_ITEM | CLOSES_P | BREAKOUT | MODELLED_START | PLAIN_BLOCK},
    {"var", BREAKOUT},
    {"wbr", B_SPECIAL | B_LIST_ITEM | VOID | RECONSTRUCTING | MODELLED_START | PLAIN_VOID},
    {"xmp", B_SPECIAL | B_LIST_ITEM | CLOSES_P | RAW_TEXT | RECONSTRUCTING | MODELLED_START},
    /* The SVG/MathML elements pushed as parse._FOREIGN_MARK + name: integration points. */
    {"annotation-xml", MARKED | B_DEFAULT | B_SPECIAL | B_LIST_ITEM | B_INTEGRATION | MODELLED_START},
    /* a MathML <annotation-xml> without an HTML encoding: special, but no integration point */
    {"annotation-xml", PLAIN_TWIN | B_DEFAULT | B_SPECIAL | B_LIST_ITEM | MODELLED_START},
    /* <svg> in MathML content, <math> in SVG content: elements there, no roots */
    {"svg", PLAIN_TWIN},
    {"math", PLAIN_TWIN},
    /* a glyph in a MathML text integration point: the root of MathML content again */
    {"mglyph", PLAIN_TWIN | FOREIGN_ROOT | NOT_PLAIN | MODELLED_START},
    {"malignmark", PLAIN_TWIN | FOREIGN_ROOT | NOT_PLAIN | MODELLED_START},
    {"desc", MARKED | B_DEFAULT | B_SPECIAL | B_LIST_ITEM | B_INTEGRATION | MODELLED_START},
    {"foreignobject", MARKED | B_DEFAULT | B_SPECIAL | B_LIST_ITEM | B_INTEGRATION | MODELLED_START},
    {"mi", MARKED | B_DEFAULT | B_SPECIAL | B_LIST_ITEM | B_INTEGRATION | TEXT_INTEGRATION | MODELLED_START},
    {"mn", MARKED | B_DEFAULT | B_SPECIAL | B_LIST_ITEM | B_INTEGRATION | TEXT_INTEGRATION | MODELLED_START},
    {"mo", MARKED | B_DEFAULT | B_SPECIAL | B_LIST_ITEM | B_INTEGRATION | TEXT_INTEGRATION | MODELLED_START},
    {"ms", MARKED | B_DEFAULT | B_SPECIAL | B_LIST_ITEM | B_INTEGRATION | TEXT_INTEGRATION | MODELLED_START},
    {"mtext", MARKED | B_DEFAULT | B_SPECIAL | B_LIST_ITEM | B_INTEGRATION | TEXT_INTEGRATION | MODELLED_START},
    {"title", MARKED | B_DEFAULT | B_SPECIAL | B_LIST_ITEM | B_INTEGRATION | MODELLED_START},
};
#define N_KNOWN ((int32_t)(sizeof KNOWN / sizeof KNOWN[0]))
#define MAX_KNOWN_LEN 16 /* longer names are never known: skips the table probe */
#define KNOWN_SLOTS 512  /* power of two, over 3x N_KNOWN */

/* Filled once at module init, read-only afterwards. */
static int16_t known_slot[KNOWN_SLOTS]; /* 0 = empty, else an id of KNOWN */
static uint32_t known_hash[N_KNOWN];
static uint8_t known_len[N_KNOWN];
static int32_t marked_of[N_KNOWN]; /* FOREIGN_SPECIAL id -> its MARKED twin */
static int32_t twin_of[N_KNOWN]; /* id -> its PLAIN_TWIN entry, -1 if none */
static int32_t ID_PLAIN_ANNOTATION, ID_GLYPH_ROOTS[2]; /* the twins of annotation-xml, mglyph, malignmark */
/* parse._END_IN_SCOPE, one more set than the flags hold: filled from this list at init. */
static const char END_IN_SCOPE_NAMES[] =
    "address article aside blockquote button center details dialog dir div dl fieldset figcaption figure "
    "footer header hgroup listing main menu nav ol pre search section summary ul applet marquee object dd dt "
    "template select";
static uint8_t end_in_scope[N_KNOWN];
static int32_t ID_A, ID_ANNOTATION_XML, ID_BR, ID_BUTTON, ID_CAPTION, ID_COLGROUP, ID_DD, ID_DT, ID_FONT, ID_FORM, ID_LI,
    ID_MATH, ID_TEMPLATE,
    ID_OPTGROUP, ID_OPTION, ID_P, ID_PLAINTEXT, ID_SCRIPT, ID_SELECT, ID_SVG, ID_TABLE, ID_TBODY, ID_TD, ID_TFOOT,
    ID_TH, ID_THEAD, ID_TR;
static int32_t ID_HEADINGS[6];

#define ID_REMOVED 0
#define ID_UNSEEN (-1) /* an end tag's name that no start tag has had: not open, no flags */

/* -- scan state -------------------------------------------------------------------------- */

typedef struct {
    int32_t id;            /* -1: a marker */
    int hashed;            /* hash is computed only when two keys could be equal */
    Py_ssize_t start, len; /* the key's attributes (stripped) in the text */
    uint64_t hash;         /* of those attributes: Noah's ark compares keys */
} Entry;

typedef struct {
    uint32_t hash;
    Py_ssize_t start, len; /* first occurrence of the name in the text */
} Name;

enum { GOING = 0, CLEAN, HIT, BAIL, NO_MEMORY };

typedef struct {
    const void *data;
    int kind;
    Py_ssize_t n;
    int stop; /* GOING until the verdict is known */

    /* Stack of open elements; "below" links each entry to the next lower one of its name,
     * so the innermost open element of a name is top[id] (parse's where[name][-1]). */
    int depth;
    int32_t stack[DEPTH_CAP];
    int32_t below[DEPTH_CAP];
    int nbound[N_BOUNDS];
    int16_t bound[N_BOUNDS][DEPTH_CAP]; /* positions of the open boundary elements, per set */
    int32_t *top;                       /* per id: innermost open position, -1 if none */
    Py_ssize_t top_cap;

    /* Names outside KNOWN, interned per call (ids N_KNOWN + index). Only start tags add
     * one, and each start tag of an unknown name counts as an element, so the element cap
     * bounds this table too. */
    Name *names;
    Py_ssize_t nnames, names_cap;
    int32_t *slots; /* 0 = empty, else index + 1 */
    Py_ssize_t nslots;

    /* Active formatting elements, markers included; seg[k] is where segment k starts. */
    Entry *active;
    Py_ssize_t nactive, active_cap;
    int nseg;
    Py_ssize_t seg[DEPTH_CAP + 1];
    Py_ssize_t saved_off[DEPTH_CAP + 1];
    Py_ssize_t off, foreign, elements, clones;
    /* per stack position of an <svg>/<math> root: where its run of SVG/MathML elements
     * starts (parse._Scan.chain) */
    int chain[DEPTH_CAP];
} Scan;

static inline Py_UCS4 rd(const Scan *sc, Py_ssize_t i) { return PyUnicode_READ(sc->kind, sc->data, i); }

/* One loop body for each of the three str representations: the hot searches then run on a
 * typed pointer instead of switching on the kind at every character. */
#define BY_KIND(sc, s, ...)                                                                    \
    switch ((sc)->kind) {                                                                      \
    case PyUnicode_1BYTE_KIND: {                                                               \
        const Py_UCS1 *s = (const Py_UCS1 *)(sc)->data;                                        \
        __VA_ARGS__                                                                            \
    } break;                                                                                   \
    case PyUnicode_2BYTE_KIND: {                                                               \
        const Py_UCS2 *s = (const Py_UCS2 *)(sc)->data;                                        \
        __VA_ARGS__                                                                            \
    } break;                                                                                   \
    default: {                                                                                 \
        const Py_UCS4 *s = (const Py_UCS4 *)(sc)->data;                                       \
        __VA_ARGS__                                                                            \
    } break;                                                                                   \
    }

/* First i in [from, end) with text[i] == c, else -1. Most pages are 2-byte strs, so memchr
 * runs on every kind: it looks for c's low byte, and a unit holding that byte in its other
 * half (U+013C for "<") is only a false candidate, checked and skipped. */
static Py_ssize_t find_char(const Scan *sc, Py_UCS4 c, Py_ssize_t from, Py_ssize_t end) {
    const int kind = sc->kind;
    const unsigned char *base = (const unsigned char *)sc->data;
    const unsigned char *p = base + from * kind, *stop = base + end * kind;
    while (p < stop) {
        p = memchr(p, (int)(c & 0xff), (size_t)(stop - p));
        if (p == NULL) return -1;
        Py_ssize_t i = (p - base) / kind;
        if (rd(sc, i) == c) return i;
        p = base + (i + 1) * kind;
    }
    return -1;
}

/* The tokenizer's [\t\n\f\r ] (no \v: HTML's whitespace, as in parse's patterns). */
static inline int is_html_space(Py_UCS4 c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
static inline int is_ascii_letter(Py_UCS4 c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
/* What ends a run inside a tag (letters, the usual characters of names and values, are
 * all above ">", so one comparison passes them). */
#define IS_SPACE_C(c) ((c) == ' ' || ((c) <= '\r' && (c) >= '\t' && (c) != '\v'))
#define ENDS_NAME(c) ((c) <= '>' && ((c) == '>' || (c) == '=' || (c) == '/' || IS_SPACE_C(c)))
#define ENDS_VALUE(c) ((c) <= '>' && ((c) == '>' || IS_SPACE_C(c)))
#define ENDS_TAG_NAME(c) ((c) <= '>' && ((c) == '>' || (c) == '/' || IS_SPACE_C(c)))

/* The tokenizer lowercases ASCII letters only (parse._ASCII_LOWER; re.I | re.A). */
static inline Py_UCS4 ascii_lower(Py_UCS4 c) { return c >= 'A' && c <= 'Z' ? c | 0x20 : c; }

/* -- tokenizer: parse._TOKEN -------------------------------------------------------------- */

typedef struct {
    Py_ssize_t start, end;
    int tag;                  /* else a comment, doctype, "<?...", "</..." without a name */
    int slash;                /* group 1 */
    Py_ssize_t name, name_end; /* group 2 */
    Py_ssize_t attrs, attrs_end; /* group 3 */
    int solidus, closed;      /* groups 4 (the self-closing "/") and 5 */
} Token;

/* _TAG_REST from k, just after a tag's name: the attributes as the tokenizer's states read
 * them, then the self-closing "/" and ">" if there; sets t's groups 3-5 and its end. An
 * attribute's name starts with anything but space, "/" or ">" ("=" and quotes too) and runs
 * to space, "/", "=" or ">"; then an optional "=" and value, quoted or up to space or ">".
 * A "/" anywhere else is a separator, self-closing only right before ">". */
static void tag_rest(const Scan *sc, Py_ssize_t k, Token *t) {
    const Py_ssize_t n = sc->n;
    t->attrs = k;
    BY_KIND(sc, s,
        for (;;) {
            while (k < n && IS_SPACE_C(s[k])) k++;
            if (k >= n || s[k] == '>') break;
            if (s[k] == '/') {
                if (k + 1 < n && s[k + 1] == '>') break;
                k++;
                continue;
            }
            k++; /* the name's first character */
            while (k < n && !ENDS_NAME(s[k])) k++;
            while (k < n && IS_SPACE_C(s[k])) k++;
            if (k < n && s[k] == '=') {
                k++;
                while (k < n && IS_SPACE_C(s[k])) k++;
                if (k < n && (s[k] == '"' || s[k] == '\'')) {
                    Py_ssize_t close = find_char(sc, s[k], k + 1, n);
                    k = close < 0 ? n : close + 1; /* no closing quote: the tag runs to the end */
                } else {
                    while (k < n && !ENDS_VALUE(s[k])) k++;
                }
            }
        }
    )
    t->attrs_end = k;
    t->solidus = k < n && rd(sc, k) == '/';
    if (t->solidus) k++;
    t->closed = k < n;
    t->end = k < n ? k + 1 : n;
}

/* The next match of _TOKEN at or after pos, as finditer finds it; 0 if there is none. */
static int next_token(const Scan *sc, Py_ssize_t pos, Token *t) {
    const Py_ssize_t n = sc->n;
    for (;;) {
        Py_ssize_t i = find_char(sc, '<', pos, n);
        if (i < 0 || i + 1 >= n) return 0; /* a final "<" starts nothing */
        Py_UCS4 c = rd(sc, i + 1);
        int slash = 0;
        t->start = i;
        if (c == '/' && i + 2 < n && is_ascii_letter(rd(sc, i + 2))) {
            slash = 1;
        } else if (!is_ascii_letter(c)) {
            if (c == '!' && i + 3 < n && rd(sc, i + 2) == '-' && rd(sc, i + 3) == '-') {
                /* !--(?:-?>|.*?--!?>|.*) */
                Py_ssize_t k = i + 4;
                t->tag = 0;
                if (k < n && rd(sc, k) == '>') {
                    t->end = k + 1;
                    return 1;
                }
                if (k + 1 < n && rd(sc, k) == '-' && rd(sc, k + 1) == '>') {
                    t->end = k + 2;
                    return 1;
                }
                for (Py_ssize_t p = find_char(sc, '-', k, n); p >= 0; p = find_char(sc, '-', p + 1, n)) {
                    if (p + 2 < n && rd(sc, p + 1) == '-') {
                        Py_UCS4 d = rd(sc, p + 2);
                        if (d == '>') {
                            t->end = p + 3;
                            return 1;
                        }
                        if (d == '!' && p + 3 < n && rd(sc, p + 3) == '>') {
                            t->end = p + 4;
                            return 1;
                        }
                    }
                }
                t->end = n;
                return 1;
            }
            if (c == '!' || c == '?' || c == '/') { /* [!?/][^>]*+>? */
                Py_ssize_t k = find_char(sc, '>', i + 2, n);
                t->tag = 0;
                t->end = k < 0 ? n : k + 1;
                return 1;
            }
            pos = i + 1;
            continue;
        }
        /* (/?)([A-Za-z][^\t\n\f\r />]*+), then _TAG_REST */
        t->tag = 1;
        t->slash = slash;
        t->name = i + 1 + slash;
        Py_ssize_t k = t->name + 1;
        BY_KIND(sc, s, while (k < n && !ENDS_TAG_NAME(s[k])) k++;)
        t->name_end = k;
        tag_rest(sc, k, t);
        return 1;
    }
}

/* Whether text[p:] is "<" ("</" with end) + name in any ASCII case + one of [\t\n\f\r />]. */
static int tag_at(const Scan *sc, Py_ssize_t p, int end, const char *name, Py_ssize_t len) {
    const Py_ssize_t q = p + 1 + end;
    if (q + len >= sc->n) return 0; /* the lookahead needs a character after the name */
    if (end && rd(sc, p + 1) != '/') return 0;
    for (Py_ssize_t j = 0; j < len; j++)
        if (ascii_lower(rd(sc, q + j)) != (Py_UCS4)name[j]) return 0;
    Py_UCS4 d = rd(sc, q + len);
    return is_html_space(d) || d == '/' || d == '>';
}

/* Where "</script" ends in the script data from `from`, with the escapes of
 * parse._raw_text_end: after "<!--", a "<script" opens a section that "</script" only closes;
 * "-->" ends both. -1 if the script runs to the end of the text. */
static Py_ssize_t script_end(const Scan *sc, Py_ssize_t from) {
    const Py_ssize_t n = sc->n;
    Py_ssize_t p = from;
    int state = 0; /* 0: _SCRIPT_DATA, 1: _SCRIPT_ESCAPED, 2: _SCRIPT_DOUBLE_ESCAPED */
    for (;;) {
        if (state == 0) { /* <!--|</script(?=[\t\n\f\r />]) */
            Py_ssize_t lt = find_char(sc, '<', p, n);
            if (lt < 0) return -1;
            if (tag_at(sc, lt, 1, "script", 6)) return lt + 8;
            if (lt + 3 < n && rd(sc, lt + 1) == '!' && rd(sc, lt + 2) == '-' && rd(sc, lt + 3) == '-') {
                state = 1;
                p = lt + 2; /* its "--" can be the start of "-->" */
            } else {
                p = lt + 1;
            }
            continue;
        }
        /* -->|</script(?=...), and in state 1 also <script(?=...): the first at or after p */
        Py_ssize_t k = p, event = -1;
        BY_KIND(sc, s,
            for (; k < n; k++) {
                if (s[k] == '-' && k + 2 < n && s[k + 1] == '-' && s[k + 2] == '>') {
                    event = 0;
                    break;
                }
                if (s[k] == '<') {
                    if (tag_at(sc, k, 1, "script", 6)) {
                        event = 1;
                        break;
                    }
                    if (state == 1 && tag_at(sc, k, 0, "script", 6)) {
                        event = 2;
                        break;
                    }
                }
            }
        )
        if (event < 0) return -1;
        if (event == 0) {
            state = 0;
            p = k + 3;
        } else if (event == 2) {
            state = 2; /* "<script" in an escape */
            p = k + 7;
        } else if (state == 2) {
            state = 1; /* "</script" closing that "<script" */
            p = k + 8;
        } else {
            return k + 8;
        }
    }
}

/* parse._raw_text_end: where tokenizing resumes after the content of a raw-text element
 * that starts at `from`: after its end tag (read like any tag), or at the end of the text. */
static Py_ssize_t raw_text_end(const Scan *sc, int32_t id, Py_ssize_t from) {
    const Py_ssize_t n = sc->n;
    if (id == ID_PLAINTEXT) return n;
    Py_ssize_t found = -1;
    if (id == ID_SCRIPT) {
        found = script_end(sc, from);
    } else {
        const char *name = KNOWN[id].name;
        const Py_ssize_t len = (Py_ssize_t)strlen(name);
        for (Py_ssize_t p = find_char(sc, '<', from, n); p >= 0; p = find_char(sc, '<', p + 1, n)) {
            if (tag_at(sc, p, 1, name, len)) {
                found = p + 2 + len;
                break;
            }
        }
    }
    if (found < 0) return n;
    Token rest;
    tag_rest(sc, found, &rest);
    return rest.end;
}

/* One match of _ATTRIBUTE in text[k:b], k at its first character (not space, "/" or ">"):
 * returns its end; its name ends at *name_end. */
static Py_ssize_t attribute_end(const Scan *sc, Py_ssize_t k, Py_ssize_t b, Py_ssize_t *name_end) {
    Py_UCS4 c;
    /* [^\t\n\f\r />][^\t\n\f\r /=>]*+[\t\n\f\r ]*+ */
    k++;
    while (k < b && !is_html_space(c = rd(sc, k)) && c != '/' && c != '=' && c != '>') k++;
    *name_end = k;
    while (k < b && is_html_space(rd(sc, k))) k++;
    /* (?:=[\t\n\f\r ]*+(?:"[^"]*+"?|'[^']*+'?|[^\t\n\f\r >]*+))? */
    if (k < b && rd(sc, k) == '=') {
        k++;
        while (k < b && is_html_space(rd(sc, k))) k++;
        Py_UCS4 q = k < b ? rd(sc, k) : 0;
        if (q == '"' || q == '\'') {
            Py_ssize_t close = find_char(sc, q, k + 1, b);
            k = close < 0 ? b : close + 1;
        } else {
            while (k < b && !is_html_space(c = rd(sc, k)) && c != '>') k++;
        }
    }
    return k;
}

/* Where _ATTRIBUTE.finditer(text[a:b]) tries next from k: the next character that can
 * start an attribute, or b. */
static Py_ssize_t next_attribute(const Scan *sc, Py_ssize_t k, Py_ssize_t b) {
    Py_UCS4 c;
    while (k < b && (is_html_space(c = rd(sc, k)) || c == '/' || c == '>')) k++;
    return k;
}

/* Whether _ATTRIBUTE finds more than ATTRIBUTE_CAP matches in text[a:b] (_attribute_cut). */
static int too_many_attributes(const Scan *sc, Py_ssize_t a, Py_ssize_t b) {
    int count = 0;
    Py_ssize_t name_end;
    for (Py_ssize_t k = next_attribute(sc, a, b); k < b; k = next_attribute(sc, k, b)) {
        k = attribute_end(sc, k, b, &name_end);
        if (++count > ATTRIBUTE_CAP) return 1;
    }
    return 0;
}

/* parse._font_breaks_out(text[a:b]): an attribute named color, face or size, in any ASCII case. */
static int font_breakout(const Scan *sc, Py_ssize_t a, Py_ssize_t b) {
    static const char *const words[] = {"color", "face", "size"};
    Py_ssize_t name_end;
    for (Py_ssize_t k = next_attribute(sc, a, b); k < b; k = next_attribute(sc, k, b)) {
        Py_ssize_t name = k;
        k = attribute_end(sc, k, b, &name_end);
        for (int w = 0; w < 3; w++) {
            const Py_ssize_t len = (Py_ssize_t)strlen(words[w]);
            Py_ssize_t j = 0;
            if (name_end - name != len) continue;
            while (j < len && ascii_lower(rd(sc, name + j)) == (Py_UCS4)words[w][j]) j++;
            if (j == len) return 1;
        }
    }
    return 0;
}

/* parse._html_encoding(text[a:b]): 1 if the first attribute named encoding (ASCII case) has
 * the value text/html or application/xhtml+xml (ASCII case), 0 if not, -1 (not modelled:
 * BAIL) if that value holds a character reference. */
static int html_encoding(const Scan *sc, Py_ssize_t a, Py_ssize_t b) {
    static const char *const encodings[] = {"text/html", "application/xhtml+xml"};
    Py_ssize_t name_end;
    for (Py_ssize_t k = next_attribute(sc, a, b); k < b; k = next_attribute(sc, k, b)) {
        Py_ssize_t name = k, end = attribute_end(sc, k, b, &name_end);
        k = end;
        if (name_end - name != 8) continue;
        Py_ssize_t j = 0;
        while (j < 8 && ascii_lower(rd(sc, name + j)) == (Py_UCS4) "encoding"[j]) j++;
        if (j < 8) continue;
        /* its value: after "=" and space, without its quotes (the tag is closed, so is the quote) */
        Py_ssize_t v = name_end;
        while (v < end && is_html_space(rd(sc, v))) v++;
        if (v == end) return 0; /* no value */
        v++; /* "=" */
        while (v < end && is_html_space(rd(sc, v))) v++;
        Py_ssize_t w = end;
        if (v < w && (rd(sc, v) == '"' || rd(sc, v) == '\'')) {
            v++;
            w--;
        }
        for (Py_ssize_t i = v; i < w; i++)
            if (rd(sc, i) == '&') return -1;
        for (int e = 0; e < 2; e++) {
            const Py_ssize_t len = (Py_ssize_t)strlen(encodings[e]);
            if (w - v != len) continue;
            j = 0;
            while (j < len && ascii_lower(rd(sc, v + j)) == (Py_UCS4)encodings[e][j]) j++;
            if (j == len) return 1;
        }
        return 0; /* a repeated encoding attribute is dropped */
    }
    return 0;
}

/* -- names ------------------------------------------------------------------------------- */

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

static uint32_t hash_c_name(const char *name) {
    uint32_t h = FNV_OFFSET;
    for (; *name; name++) h = (h ^ (uint8_t)*name) * FNV_PRIME;
    return h;
}

static inline uint32_t flags_of(int32_t id) { return id > 0 && id < N_KNOWN ? KNOWN[id].flags : 0; }

/* array with room for need items (capacity doubling), or NULL with array untouched. */
static void *grow(void *array, Py_ssize_t *cap, Py_ssize_t need, size_t size) {
    if (need <= *cap) return array;
    Py_ssize_t cap2 = *cap ? *cap : 16;
    while (cap2 < need) {
        if (cap2 > PY_SSIZE_T_MAX / 2 / (Py_ssize_t)size) return NULL;
        cap2 *= 2;
    }
    void *p = PyMem_RawRealloc(array, (size_t)cap2 * size);
    if (p != NULL) *cap = cap2;
    return p;
}

static void add_slot(int32_t *slots, Py_ssize_t nslots, uint32_t hash, int32_t value) {
    Py_ssize_t mask = nslots - 1, i = (Py_ssize_t)hash & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = value;
}

/* The id of the tag name text[s:e] with its ASCII letters lowercased (an ASCII letter, then
 * no space, "/" or ">"; other characters stay as they are, as in the tokenizer). A name not
 * seen before gets a new id when insert is set, else ID_UNSEEN. */
static int32_t name_id(Scan *sc, Py_ssize_t s, Py_ssize_t e, int insert) {
    const Py_ssize_t len = e - s;
    char lower[MAX_KNOWN_LEN];
    uint32_t h = FNV_OFFSET;
    int ascii = 1; /* only an ASCII name can be in KNOWN */
    BY_KIND(sc, t, for (Py_ssize_t i = s; i < e; i++) {
        Py_UCS4 c = ascii_lower(t[i]);
        if (c >= 128) ascii = 0;
        if (i - s < MAX_KNOWN_LEN) lower[i - s] = (char)c;
        h = (h ^ c) * FNV_PRIME;
    })
    if (ascii && len <= MAX_KNOWN_LEN) {
        for (uint32_t i = h & (KNOWN_SLOTS - 1); known_slot[i]; i = (i + 1) & (KNOWN_SLOTS - 1)) {
            int32_t id = known_slot[i];
            if (known_hash[id] == h && known_len[id] == len && !memcmp(KNOWN[id].name, lower, (size_t)len))
                return id;
        }
    }
    if (sc->nslots) {
        Py_ssize_t mask = sc->nslots - 1;
        for (Py_ssize_t i = (Py_ssize_t)h & mask; sc->slots[i]; i = (i + 1) & mask) {
            const Name *nm = &sc->names[sc->slots[i] - 1];
            if (nm->hash != h || nm->len != len) continue;
            Py_ssize_t j = 0;
            while (j < len && ascii_lower(rd(sc, s + j)) == ascii_lower(rd(sc, nm->start + j))) j++;
            if (j == len) return N_KNOWN + sc->slots[i] - 1;
        }
    }
    if (!insert) return ID_UNSEEN;
    /* a new name: room for it and its top first, the table kept at most half full */
    Py_ssize_t index = sc->nnames;
    Name *names = grow(sc->names, &sc->names_cap, index + 1, sizeof(Name));
    if (names == NULL) goto no_memory;
    sc->names = names;
    int32_t *top = grow(sc->top, &sc->top_cap, N_KNOWN + index + 1, sizeof(int32_t));
    if (top == NULL) goto no_memory;
    sc->top = top;
    if (2 * (index + 1) > sc->nslots) {
        Py_ssize_t nslots = sc->nslots ? 2 * sc->nslots : 64;
        int32_t *slots = PyMem_RawCalloc((size_t)nslots, sizeof(int32_t));
        if (slots == NULL) goto no_memory;
        for (Py_ssize_t i = 0; i < index; i++) add_slot(slots, nslots, sc->names[i].hash, (int32_t)(i + 1));
        PyMem_RawFree(sc->slots);
        sc->slots = slots;
        sc->nslots = nslots;
    }
    if (index >= INT32_MAX - N_KNOWN - 1) { /* cannot happen below the element cap */
        sc->stop = BAIL;
        return ID_UNSEEN;
    }
    sc->names[index] = (Name){h, s, len};
    add_slot(sc->slots, sc->nslots, h, (int32_t)(index + 1));
    sc->nnames = index + 1;
    sc->top[N_KNOWN + index] = -1;
    return N_KNOWN + (int32_t)index;
no_memory:
    sc->stop = NO_MEMORY;
    return ID_UNSEEN;
}

/* -- the tree-builder model: parse._Scan's methods of the same names ---------------------- */

static inline Py_ssize_t seg_start(const Scan *sc) { return sc->seg[sc->nseg - 1]; }

static int scope_top(const Scan *sc, uint32_t scope) {
    int top = -1;
    for (int k = 0; k < N_BOUNDS; k++)
        if ((scope >> k & 1) && sc->nbound[k] && sc->bound[k][sc->nbound[k] - 1] > top)
            top = sc->bound[k][sc->nbound[k] - 1];
    return top;
}

/* _in_scope: the innermost open element among ids, if no boundary of scope is above it. */
static int in_scope(const Scan *sc, const int32_t *ids, int nids, uint32_t scope) {
    int found = -1;
    for (int i = 0; i < nids; i++)
        if (sc->top[ids[i]] > found) found = sc->top[ids[i]];
    return found >= 0 && found >= scope_top(sc, scope) ? found : -1;
}

static inline int in_scope1(const Scan *sc, int32_t id, uint32_t scope) {
    return in_scope(sc, &id, 1, scope);
}

static void open_element(Scan *sc, int32_t id) {
    if (sc->depth >= DEPTH_CAP) { /* unreachable: every caller checks the cap first */
        sc->stop = BAIL;
        return;
    }
    int i = sc->depth++;
    sc->stack[i] = id;
    sc->below[i] = sc->top[id];
    sc->top[id] = i;
    uint32_t b = flags_of(id) & BOUNDS;
    for (int k = 0; b; k++, b >>= 1)
        if (b & 1) sc->bound[k][sc->nbound[k]++] = (int16_t)i;
}

static void clear_to_marker(Scan *sc) {
    if (sc->nseg > 1) {
        sc->nseg--;
        sc->nactive = sc->seg[sc->nseg] - 1;
        sc->off = sc->saved_off[sc->nseg];
    }
}

static void pop_to(Scan *sc, int index) {
    while (sc->depth > index) {
        int i = --sc->depth;
        int32_t id = sc->stack[i];
        if (id == ID_REMOVED) continue;
        sc->top[id] = sc->below[i];
        uint32_t f = flags_of(id), b = f & BOUNDS;
        for (int k = 0; b; k++, b >>= 1)
            if (b & 1) sc->nbound[k]--;
        if (f & FORMATTING)
            sc->off++; /* still in the active list: reconstructed before next text */
        else if (f & MARKER)
            clear_to_marker(sc);
        else if (f & FOREIGN_ROOT)
            sc->foreign--;
    }
    Py_ssize_t room = sc->nactive - seg_start(sc);
    if (sc->off > room) sc->off = room;
}

static int foreign_root(const Scan *sc) {
    const int32_t roots[] = {ID_SVG, ID_MATH, ID_GLYPH_ROOTS[0], ID_GLYPH_ROOTS[1]};
    int root = -1;
    for (int r = 0; r < 4; r++)
        if (sc->top[roots[r]] > root) root = sc->top[roots[r]];
    int points = sc->nbound[INTEGRATION];
    return root >= 0 && (!points || sc->bound[INTEGRATION][points - 1] < root) ? root : -1;
}

/* _region_start: the outermost root above the last integration point, -1 if none. Within
 * one such region a root list holds at most one entry, so each walk takes a step or two. */
static int region_start_above(const Scan *sc, int floor) {
    const int32_t roots[] = {ID_SVG, ID_MATH, ID_GLYPH_ROOTS[0], ID_GLYPH_ROOTS[1]};
    int start = -1;
    for (int r = 0; r < 4; r++) {
        int lowest = -1;
        for (int i = sc->top[roots[r]]; i > floor; i = sc->below[i]) lowest = i;
        if (lowest >= 0 && (start < 0 || lowest < start)) start = lowest;
    }
    return start;
}

static int region_start(const Scan *sc) {
    int points = sc->nbound[INTEGRATION];
    return region_start_above(sc, points ? sc->bound[INTEGRATION][points - 1] : -1);
}

/* _current_position: the stack position of the current node, -1 if none. */
static int current_position(const Scan *sc) {
    int top = sc->depth - 1;
    while (top >= 0 && sc->stack[top] == ID_REMOVED) top--;
    return top;
}

/* _current_node: its id, -1 if none. */
static int32_t current_node(const Scan *sc) {
    int top = current_position(sc);
    return top >= 0 ? sc->stack[top] : -1;
}

/* _foreign_end: the innermost element named like id in the run of SVG/MathML elements that
 * ends at the current node, -1 if none. */
static int foreign_end(const Scan *sc, int32_t id) {
    int points = sc->nbound[INTEGRATION];
    if (points && sc->bound[INTEGRATION][points - 1] == current_position(sc)) points--;
    int start = region_start_above(sc, points ? sc->bound[INTEGRATION][points - 1] : -1);
    if (start < 0) return -1;
    start = sc->chain[start];
    int found = sc->top[id];
    if (id < N_KNOWN) {
        if (marked_of[id] >= 0 && sc->top[marked_of[id]] > found) found = sc->top[marked_of[id]];
        if (twin_of[id] >= 0 && sc->top[twin_of[id]] > found) found = sc->top[twin_of[id]];
    }
    return found >= start ? found : -1;
}

/* _glyph: <mglyph> or <malignmark> in a MathML text integration point. */
static int glyph(const Scan *sc, int32_t id) {
    return (flags_of(id) & MATHML_GLYPH) && (flags_of(current_node(sc)) & TEXT_INTEGRATION);
}

/* _in_foreign_node: the current node is an SVG/MathML element. */
static int in_foreign_node(const Scan *sc) {
    return foreign_root(sc) >= 0 || (flags_of(current_node(sc)) & (MARKED | PLAIN_TWIN));
}

/* _foreign_name: the id an SVG/MathML element is pushed under in the content of the root at
 * stack position root; -1 (and BAIL) where its encoding is not modelled. */
static int32_t foreign_id(Scan *sc, int32_t id, const Token *t, int root) {
    uint32_t f = flags_of(id);
    if (id == ID_SVG || id == ID_MATH) return twin_of[id];
    if (!(f & FOREIGN_SPECIAL)) return id;
    if (sc->stack[root] == ID_SVG) return (f & SVG_SPECIAL) ? marked_of[id] : id;
    if (f & SVG_SPECIAL) return id;
    if (id == ID_ANNOTATION_XML) {
        int html = html_encoding(sc, t->attrs, t->attrs_end);
        if (html < 0) {
            sc->stop = BAIL;
            return -1;
        }
        if (!html) return ID_PLAIN_ANNOTATION;
    }
    return marked_of[id];
}

static int append_entry(Scan *sc, Entry e) {
    Entry *active = grow(sc->active, &sc->active_cap, sc->nactive + 1, sizeof(Entry));
    if (active == NULL) {
        sc->stop = NO_MEMORY;
        return -1;
    }
    sc->active = active;
    sc->active[sc->nactive++] = e;
    return 0;
}

static void push(Scan *sc, int32_t id) {
    if (sc->depth >= DEPTH_CAP) {
        sc->stop = HIT; /* DEGRADED_DEPTH */
        return;
    }
    open_element(sc, id);
    sc->elements++;
    uint32_t f = flags_of(id);
    if (f & MARKER) {
        if (sc->nseg > DEPTH_CAP) { /* unreachable: one segment per open marker element */
            sc->stop = BAIL;
            return;
        }
        if (append_entry(sc, (Entry){-1, 0, 0, 0, 0}) < 0) return;
        sc->seg[sc->nseg] = sc->nactive;
        sc->saved_off[sc->nseg] = sc->off;
        sc->nseg++;
        sc->off = 0;
    } else if (f & FOREIGN_ROOT) {
        sc->foreign++;
        int index = sc->depth - 1, below = index - 1, run = index;
        while (below >= 0 && sc->stack[below] == ID_REMOVED) below--;
        if (below >= 0 && (flags_of(sc->stack[below]) & MARKED)) {
            /* right on an integration point, the run of SVG/MathML elements goes on below it */
            int points = sc->nbound[INTEGRATION]; /* bound[INTEGRATION][points - 1] == below */
            int start = region_start_above(sc, points > 1 ? sc->bound[INTEGRATION][points - 2] : -1);
            run = start >= 0 ? sc->chain[start] : index;
        }
        sc->chain[index] = run;
    }
}

static void reconstruct(Scan *sc) {
    Py_ssize_t room = sc->nactive - seg_start(sc);
    Py_ssize_t off = sc->off < room ? sc->off : room;
    sc->off = 0;
    if (off <= 0) return;
    sc->clones += off;
    if (sc->depth + off > DEPTH_CAP || sc->clones > sc->elements + RECONSTRUCTION_SLACK) {
        sc->stop = HIT; /* DEGRADED_FORMATTING */
        return;
    }
    for (Py_ssize_t i = sc->nactive - off; i < sc->nactive; i++) open_element(sc, sc->active[i].id);
}

static Py_ssize_t find_active(const Scan *sc, int32_t id) {
    for (Py_ssize_t i = sc->nactive - 1; i >= seg_start(sc); i--)
        if (sc->active[i].id == id) return i;
    return -1;
}

/* Removing an entry also takes it out of Noah's ark: the ark is counted from the list. */
static void remove_entry(Scan *sc, Py_ssize_t i) {
    memmove(&sc->active[i], &sc->active[i + 1], (size_t)(sc->nactive - i - 1) * sizeof(Entry));
    sc->nactive--;
}

/* _remove: the innermost open element of its name, at index, leaves the stack; the entries
 * above it stay. Its boundary positions go too (a walk of at most DEPTH_CAP entries). */
static void remove_element(Scan *sc, int index) {
    int32_t id = sc->stack[index];
    sc->stack[index] = ID_REMOVED;
    sc->top[id] = sc->below[index];
    uint32_t b = flags_of(id) & BOUNDS;
    for (int k = 0; b; k++, b >>= 1) {
        if (!(b & 1)) continue;
        int j = sc->nbound[k] - 1;
        while (j >= 0 && sc->bound[k][j] != index) j--;
        if (j < 0) continue; /* unreachable: an open boundary is listed */
        memmove(&sc->bound[k][j], &sc->bound[k][j + 1], (size_t)(sc->nbound[k] - j - 1) * sizeof sc->bound[k][0]);
        sc->nbound[k]--;
    }
}

static void adoption(Scan *sc, int32_t id, Py_ssize_t entry) {
    remove_entry(sc, entry);
    int index = in_scope1(sc, id, SCOPE_DEFAULT);
    if (index < 0) {
        if (sc->top[id] < 0 && sc->off > 0) sc->off--; /* it was waiting for reconstruction */
        return;
    }
    if (scope_top(sc, SCOPE_SPECIAL) > index) {
        /* a "furthest block" above it stays open; the element itself leaves the stack */
        sc->stack[index] = ID_REMOVED;
        sc->top[id] = sc->below[index];
    } else {
        pop_to(sc, index + 1);
        pop_to(sc, index);
        if (sc->off > 0) sc->off--;
    }
}

static int close_current_formatting(Scan *sc, int32_t id) {
    if (sc->nactive == seg_start(sc) || sc->active[sc->nactive - 1].id != id) return 0;
    sc->depth--;
    sc->top[id] = sc->below[sc->depth];
    sc->nactive--;
    return 1;
}

static void hash_key(const Scan *sc, Entry *e) {
    uint64_t h = 14695981039346656037u;
    BY_KIND(sc, s, for (Py_ssize_t i = e->start; i < e->start + e->len; i++) h = (h ^ s[i]) * 1099511628211u;)
    e->hash = h;
    e->hashed = 1;
}

/* Each key is hashed at most once, so telling keys apart stays linear in their length. */
static int same_key(const Scan *sc, Entry *a, Entry *b) {
    if (a->id != b->id || a->len != b->len) return 0;
    if (!a->hashed) hash_key(sc, a);
    if (!b->hashed) hash_key(sc, b);
    if (a->hash != b->hash) return 0;
    return memcmp((const char *)sc->data + a->start * sc->kind, (const char *)sc->data + b->start * sc->kind,
                  (size_t)(a->len * sc->kind)) == 0;
}

static void add_active(Scan *sc, int32_t id, Py_ssize_t a, Py_ssize_t b) {
    /* the key is (name, attrs.strip(_SPACE)): the tokenizer's space only */
    while (a < b && is_html_space(rd(sc, a))) a++;
    while (b > a && is_html_space(rd(sc, b - 1))) b--;
    Entry key = {id, 0, a, b - a, 0};
    int count = 0;
    for (Py_ssize_t i = seg_start(sc); i < sc->nactive; i++) count += same_key(sc, &sc->active[i], &key);
    if (count >= 3) return; /* Noah's ark */
    if (append_entry(sc, key) < 0) return;
    if (sc->nactive - seg_start(sc) > FORMATTING_CAP) sc->stop = HIT; /* DEGRADED_FORMATTING */
}

static void end_tag(Scan *sc, int32_t id) {
    uint32_t f = flags_of(id);
    if (sc->foreign && in_foreign_node(sc)) {
        if (id == ID_BR || id == ID_P) {
            if (foreign_root(sc) >= 0) pop_to(sc, region_start(sc)); /* like a start tag */
        } else {
            /* an SVG/MathML current node: the innermost element of that name in the run of
             * SVG/MathML elements that ends the stack, else the HTML rules below */
            int index = foreign_end(sc, id);
            if (index >= 0) {
                pop_to(sc, index);
                return;
            }
        }
    }
    int index;
    if (f & FORMATTING) {
        Py_ssize_t entry = find_active(sc, id);
        if (entry >= 0) {
            adoption(sc, id, entry);
            return;
        }
        index = in_scope1(sc, id, SCOPE_SPECIAL);
    } else if (id == ID_P) {
        index = in_scope1(sc, ID_P, SCOPE_BUTTON);
        if (index < 0) sc->elements++; /* a stray </p> creates an empty <p> */
    } else if (id == ID_BR) {
        sc->elements++;
        return;
    } else if (f & IGNORED_END) {
        return;
    } else if (f & HEADING) {
        index = in_scope(sc, ID_HEADINGS, 6, SCOPE_DEFAULT);
    } else if (id == ID_LI) {
        index = in_scope1(sc, ID_LI, SCOPE_LIST);
    } else if (f & TABLE_END_SCOPED) {
        index = in_scope1(sc, id, SCOPE_TABLE);
    } else if (id < N_KNOWN && end_in_scope[id]) {
        index = in_scope1(sc, id, SCOPE_DEFAULT);
    } else if (id == ID_FORM) {
        index = in_scope1(sc, ID_FORM, SCOPE_DEFAULT);
        if (index >= 0 && index < sc->depth - 1 && sc->top[ID_TEMPLATE] < 0) {
            remove_element(sc, index); /* the form leaves the stack; what it holds stays open */
            return;
        }
    } else {
        /* "any other end tag" (</noscript>, </title>, the SVG/MathML ones...) */
        index = in_scope1(sc, id, SCOPE_SPECIAL);
    }
    if (index >= 0) pop_to(sc, index);
}

static void open_table_part(Scan *sc, int32_t id) {
    int index;
    if (id == ID_TD || id == ID_TH) {
        const int32_t cells[] = {ID_TD, ID_TH};
        index = in_scope(sc, cells, 2, SCOPE_TABLE);
    } else if (id == ID_TR) {
        index = in_scope1(sc, ID_TR, SCOPE_TABLE);
    } else {
        const int32_t sections[] = {ID_TBODY, ID_THEAD, ID_TFOOT};
        index = in_scope(sc, sections, 3, SCOPE_TABLE);
    }
    if (index >= 0) pop_to(sc, index);
    /* the tree builder inserts the <tbody> and <tr> a table cell needs */
    if (!(flags_of(id) & TABLE_SECTION) && sc->depth && sc->stack[sc->depth - 1] == ID_TABLE) {
        push(sc, ID_TBODY);
        if (sc->stop) return;
    }
    if ((id == ID_TD || id == ID_TH) && sc->depth && (flags_of(sc->stack[sc->depth - 1]) & TABLE_SECTION))
        push(sc, ID_TR);
}

/* Returns where tokenizing resumes after a raw-text element, else -1. */
static Py_ssize_t start_tag(Scan *sc, int32_t id, const Token *t) {
    uint32_t f = flags_of(id);
    if (sc->foreign) {
        int root = foreign_root(sc);
        int glyphed = root < 0 && glyph(sc, id);
        /* <svg> right in a MathML <annotation-xml> is read as in HTML: a new root */
        if ((root >= 0 || glyphed) && !(id == ID_SVG && current_node(sc) == ID_PLAIN_ANNOTATION)) {
            if (glyphed || (!(f & BREAKOUT) && !(id == ID_FONT && font_breakout(sc, t->attrs, t->attrs_end)))) {
                /* an SVG/MathML element: no implied ends, no raw text, "/>" closes it */
                sc->elements++;
                if (t->solidus) return -1;
                if (sc->depth < DEPTH_CAP) {
                    /* a glyph in a text integration point makes what follows MathML again */
                    int32_t pushed = glyphed ? twin_of[id] : foreign_id(sc, id, t, root);
                    if (pushed < 0) return -1;
                    push(sc, pushed);
                } else {
                    sc->stop = HIT; /* DEGRADED_DEPTH */
                }
                return -1;
            }
            pop_to(sc, region_start(sc)); /* an HTML tag ends the foreign content */
        }
    }
    if (f & FORMATTING) {
        reconstruct(sc);
        if (sc->stop) return -1;
        if (f & SELF_LIMITING) {
            Py_ssize_t entry = find_active(sc, id);
            if (entry >= 0) adoption(sc, id, entry);
        }
        push(sc, id);
        if (sc->stop) return -1;
        add_active(sc, id, t->attrs, t->attrs_end);
        return -1;
    }
    if (f & IGNORED_START) return -1;
    if (f & CLOSES_P) {
        int index = in_scope1(sc, ID_P, SCOPE_BUTTON);
        if (index >= 0) pop_to(sc, index);
        if ((f & HEADING) && sc->depth && (flags_of(sc->stack[sc->depth - 1]) & HEADING)) {
            pop_to(sc, sc->depth - 1);
        } else if (id == ID_LI || id == ID_DD || id == ID_DT) {
            const int32_t items[] = {ID_DD, ID_DT};
            index = id == ID_LI ? in_scope1(sc, ID_LI, SCOPE_LIST_ITEM)
                                : in_scope(sc, items, 2, SCOPE_LIST_ITEM);
            if (index >= 0) pop_to(sc, index);
        }
    } else if (f & TABLE_PART) {
        if (sc->top[ID_TABLE] < 0) return -1; /* outside a table the tree builder ignores these */
        if (id != ID_CAPTION && id != ID_COLGROUP) {
            open_table_part(sc, id);
            if (sc->stop) return -1;
        }
    } else if (id == ID_OPTION || id == ID_OPTGROUP) {
        if (sc->depth && sc->stack[sc->depth - 1] == ID_OPTION) pop_to(sc, sc->depth - 1);
        if (id == ID_OPTGROUP && sc->depth && sc->stack[sc->depth - 1] == ID_OPTGROUP)
            pop_to(sc, sc->depth - 1);
    } else if (id == ID_BUTTON || id == ID_SELECT) {
        int index = in_scope1(sc, id, SCOPE_DEFAULT);
        if (index >= 0) {
            pop_to(sc, index);
            if (id == ID_SELECT) return -1; /* <select> inside <select> only closes the open one */
        }
    }
    /* "any other start tag" reconstructs; of the special ones and <dialog>, only these */
    if (!(f & (B_SPECIAL | CLOSES_P)) || (f & RECONSTRUCTING)) {
        reconstruct(sc);
        if (sc->stop) return -1;
    }
    if ((f & VOID) || (t->solidus && (f & FOREIGN_ROOT))) { /* <svg/> is closed at once */
        sc->elements++;
        return -1;
    }
    if (f & RAW_TEXT) {
        sc->elements++; /* a leaf: its content is text, not tags */
        return id == ID_PLAINTEXT ? sc->n : raw_text_end(sc, id, t->end);
    }
    push(sc, id);
    return -1;
}

/* Whether "<![CDATA[" starts at i (case-sensitive). */
static int is_cdata(const Scan *sc, Py_ssize_t i) {
    static const char cdata[] = "<![CDATA[";
    if (i + 9 > sc->n) return 0;
    for (int j = 0; j < 9; j++)
        if (rd(sc, i + j) != (Py_UCS4)cdata[j]) return 0;
    return 1;
}

/* text.find("]]>", from) + 3, or the end of the text. */
static Py_ssize_t cdata_end(const Scan *sc, Py_ssize_t from) {
    for (Py_ssize_t gt = find_char(sc, '>', from + 2, sc->n); gt >= 0; gt = find_char(sc, '>', gt + 1, sc->n))
        if (rd(sc, gt - 1) == ']' && rd(sc, gt - 2) == ']') return gt + 1;
    return sc->n;
}

/* _Scan.run without emit: sets sc->stop to CLEAN, HIT, BAIL or NO_MEMORY. */
static void run(Scan *sc) {
    Py_ssize_t pos = 0, text_from = 0; /* text_from: where text since the last token starts */
    Token tok;
    while (!sc->stop && next_token(sc, pos, &tok)) {
        if (sc->off && tok.start > text_from && !(sc->foreign && foreign_root(sc) >= 0)) {
            reconstruct(sc); /* text since the last token (not SVG/MathML text) reopens formatting */
            if (sc->stop) return;
        }
        text_from = pos = tok.end;
        if (sc->elements >= ELEMENT_CAP) {
            sc->stop = HIT; /* DEGRADED_ELEMENTS */
            return;
        }
        if (!tok.tag) { /* comment, doctype, processing instruction, bogus comment */
            sc->elements++;
            if (sc->foreign && is_cdata(sc, tok.start) && in_foreign_node(sc))
                text_from = pos = cdata_end(sc, tok.start + 9); /* SVG/MathML CDATA: text to "]]>" */
            continue;
        }
        if (!tok.closed) break; /* a tag cut off by the end of input is dropped */
        int32_t id = name_id(sc, tok.name, tok.name_end, !tok.slash);
        if (sc->stop) return;
        /* fewer characters cannot hold more attributes */
        if (tok.attrs_end - tok.attrs > 2 * ATTRIBUTE_CAP
            && too_many_attributes(sc, tok.attrs, tok.attrs_end)) {
            sc->stop = HIT; /* DEGRADED_ATTRIBUTES */
            return;
        }
        if (id == ID_UNSEEN) continue; /* the end tag of a name never opened: nothing to close */
        uint32_t f = flags_of(id);
        Py_ssize_t skip = -1;
        if (tok.slash) {
            if (sc->foreign && in_foreign_node(sc)) {
                end_tag(sc, id);
            } else if (sc->depth && sc->stack[sc->depth - 1] == id) {
                if (!(f & NOT_PLAIN)) {
                    /* the common well-formed case: an end tag closing the current node */
                    int i = --sc->depth;
                    sc->top[id] = sc->below[i];
                    uint32_t b = f & BOUNDS;
                    for (int k = 0; b; k++, b >>= 1)
                        if (b & 1) sc->nbound[k]--;
                } else if (!(f & FORMATTING) || !close_current_formatting(sc, id)) {
                    end_tag(sc, id);
                }
            } else {
                end_tag(sc, id);
            }
        } else if (sc->depth >= DEPTH_CAP) {
            skip = start_tag(sc, id, &tok);
        } else if (!(f & MODELLED_START)) {
            /* an ordinary element (span, custom elements): no implied ends, no boundary */
            if (sc->foreign && (foreign_root(sc) >= 0 || glyph(sc, id))) {
                skip = start_tag(sc, id, &tok);
            } else {
                if (sc->off) {
                    reconstruct(sc);
                    if (sc->stop) return;
                }
                sc->elements++;
                open_element(sc, id);
            }
        } else if ((f & PLAIN_VOID) && !sc->foreign) {
            if (sc->off && (f & RECONSTRUCTING)) reconstruct(sc);
            sc->elements++;
        } else if ((f & PLAIN_BLOCK) && sc->top[ID_P] < 0 && !sc->foreign) {
            sc->elements++;
            open_element(sc, id);
        } else if (id == ID_A && !sc->off && !sc->foreign && sc->nactive == seg_start(sc)) {
            sc->elements++;
            open_element(sc, id);
            add_active(sc, id, tok.attrs, tok.attrs_end);
        } else {
            skip = start_tag(sc, id, &tok);
        }
        if (sc->stop) return;
        if (skip >= 0) text_from = pos = skip; /* past a raw-text element's content and end tag */
    }
    if (!sc->stop) sc->stop = CLEAN;
}

/* -- module ------------------------------------------------------------------------------ */

static void free_scan(Scan *sc) {
    PyMem_RawFree(sc->top);
    PyMem_RawFree(sc->names);
    PyMem_RawFree(sc->slots);
    PyMem_RawFree(sc->active);
    PyMem_RawFree(sc);
}

/* The verdict on text: CLEAN, HIT or BAIL; -1 with an exception set. */
static int verdict(PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "expected str, not %.200s", Py_TYPE(text)->tp_name);
        return -1;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) return -1;
#endif
    Scan *sc = PyMem_RawCalloc(1, sizeof(Scan));
    if (sc == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    sc->data = PyUnicode_DATA(text);
    sc->kind = PyUnicode_KIND(text);
    sc->n = PyUnicode_GET_LENGTH(text);
    sc->nseg = 1; /* seg[0] = 0: the segment before any marker */
    sc->top = grow(NULL, &sc->top_cap, N_KNOWN, sizeof(int32_t));
    if (sc->top == NULL) {
        free_scan(sc);
        PyErr_NoMemory();
        return -1;
    }
    for (int32_t i = 0; i < N_KNOWN; i++) sc->top[i] = -1;
    Py_BEGIN_ALLOW_THREADS
    run(sc);
    Py_END_ALLOW_THREADS
    int stop = sc->stop;
    free_scan(sc);
    if (stop == NO_MEMORY) {
        PyErr_NoMemory();
        return -1;
    }
    return stop;
}

PyDoc_STRVAR(is_clean_doc,
             "is_clean(text, /)\n--\n\n"
             "True if parse._Scan(text, strip_formatting=False, emit=False).run() would trip no cap.\n\n"
             "False when a cap is tripped (or, in theory, where this port reaches a limit of its own):\n"
             "then ask the Python model.");

static PyObject *is_clean(PyObject *module, PyObject *text) {
    (void)module;
    int stop = verdict(text);
    return stop < 0 ? NULL : PyBool_FromLong(stop == CLEAN);
}

PyDoc_STRVAR(verdict_doc, "_verdict(text, /)\n--\n\n"
                          "is_clean's answer in full: 'clean', 'hit' (a cap is tripped) or 'bail' (not "
                          "modelled). For the tests.");

static PyObject *verdict_name(PyObject *module, PyObject *text) {
    (void)module;
    int stop = verdict(text);
    return stop < 0 ? NULL : PyUnicode_FromString(stop == CLEAN ? "clean" : stop == HIT ? "hit" : "bail");
}

PyDoc_STRVAR(tables_doc, "_tables()\n--\n\nThe name sets compiled in, as {set name: frozenset of names}; "
                         "SVG/MathML twins carry parse._FOREIGN_MARK in front. For the tests.");

/* The names of the known tags in set `bit` (-1: the END_IN_SCOPE names),
 * as a frozenset under `key` in `result`; -1 with an exception on failure. */
static int add_name_set(PyObject *result, const char *key, int bit) {
    PyObject *names = PySet_New(NULL);
    if (names == NULL) return -1;
    for (int32_t id = 1; id < N_KNOWN; id++) {
        uint32_t f = KNOWN[id].flags;
        if (bit < 0 ? !end_in_scope[id] : !(f >> bit & 1)) continue;
        PyObject *name = bit >= 0 && f & (MARKED | PLAIN_TWIN)
                             ? PyUnicode_FromFormat("%c%s", f & MARKED ? 0 : 1, KNOWN[id].name)
                             : PyUnicode_FromString(KNOWN[id].name);
        if (name == NULL || PySet_Add(names, name) < 0) {
            Py_XDECREF(name);
            Py_DECREF(names);
            return -1;
        }
        Py_DECREF(name);
    }
    PyObject *frozen = PyFrozenSet_New(names);
    Py_DECREF(names);
    if (frozen == NULL || PyDict_SetItemString(result, key, frozen) < 0) {
        Py_XDECREF(frozen);
        return -1;
    }
    Py_DECREF(frozen);
    return 0;
}

static PyObject *tables(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    PyObject *result = PyDict_New();
    if (result == NULL) return NULL;
    for (int bit = 0; bit < N_SETS; bit++)
        if (add_name_set(result, SET_NAMES[bit], bit) < 0) goto error;
    if (add_name_set(result, "END_IN_SCOPE", -1) < 0) goto error;
    return result;
error:
    Py_DECREF(result);
    return NULL;
}

static int32_t lookup_known(const char *name) {
    uint32_t h = hash_c_name(name);
    for (uint32_t i = h & (KNOWN_SLOTS - 1); known_slot[i]; i = (i + 1) & (KNOWN_SLOTS - 1))
        if (strcmp(KNOWN[known_slot[i]].name, name) == 0) return known_slot[i];
    return -1;
}

static int init_tables(void) {
    memset(known_slot, 0, sizeof known_slot);
    for (int32_t id = 1; id < N_KNOWN; id++) {
        size_t len = strlen(KNOWN[id].name);
        if (len > MAX_KNOWN_LEN) return -1;
        known_hash[id] = hash_c_name(KNOWN[id].name);
        known_len[id] = (uint8_t)len;
        marked_of[id] = twin_of[id] = -1;
        if (KNOWN[id].flags & (MARKED | PLAIN_TWIN)) continue;
        if (lookup_known(KNOWN[id].name) >= 0) return -1; /* listed twice */
        uint32_t i = known_hash[id] & (KNOWN_SLOTS - 1);
        while (known_slot[i]) i = (i + 1) & (KNOWN_SLOTS - 1);
        known_slot[i] = (int16_t)id;
    }
    for (int32_t id = 1; id < N_KNOWN; id++) {
        if (!(KNOWN[id].flags & MARKED)) continue;
        int32_t plain = lookup_known(KNOWN[id].name);
        if (plain < 0 || !(KNOWN[plain].flags & FOREIGN_SPECIAL)) return -1;
        marked_of[plain] = id;
    }
    for (int32_t id = 1; id < N_KNOWN; id++)
        if ((KNOWN[id].flags & FOREIGN_SPECIAL) && marked_of[id] < 0) return -1;
    for (int32_t id = 1; id < N_KNOWN; id++) {
        if (!(KNOWN[id].flags & PLAIN_TWIN)) continue;
        int32_t plain = lookup_known(KNOWN[id].name);
        if (plain < 0 || twin_of[plain] >= 0) return -1;
        twin_of[plain] = id;
    }
    struct {
        int32_t *id;
        const char *name;
    } named[] = {
        {&ID_A, "a"}, {&ID_ANNOTATION_XML, "annotation-xml"}, {&ID_BR, "br"}, {&ID_BUTTON, "button"},
        {&ID_CAPTION, "caption"}, {&ID_COLGROUP, "colgroup"}, {&ID_DD, "dd"}, {&ID_DT, "dt"}, {&ID_FONT, "font"},
        {&ID_FORM, "form"}, {&ID_LI, "li"}, {&ID_TEMPLATE, "template"},
        {&ID_MATH, "math"}, {&ID_OPTGROUP, "optgroup"}, {&ID_OPTION, "option"}, {&ID_P, "p"},
        {&ID_PLAINTEXT, "plaintext"}, {&ID_SCRIPT, "script"}, {&ID_SELECT, "select"}, {&ID_SVG, "svg"},
        {&ID_TABLE, "table"}, {&ID_TBODY, "tbody"}, {&ID_TD, "td"}, {&ID_TFOOT, "tfoot"}, {&ID_TH, "th"}, {&ID_THEAD, "thead"},
        {&ID_TR, "tr"}, {&ID_HEADINGS[0], "h1"}, {&ID_HEADINGS[1], "h2"}, {&ID_HEADINGS[2], "h3"},
        {&ID_HEADINGS[3], "h4"}, {&ID_HEADINGS[4], "h5"}, {&ID_HEADINGS[5], "h6"},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if ((*named[i].id = lookup_known(named[i].name)) < 0) return -1;
    for (const char *p = END_IN_SCOPE_NAMES; *p;) {
        char name[MAX_KNOWN_LEN + 1];
        size_t len = strcspn(p, " ");
        if (len == 0 || len > MAX_KNOWN_LEN) return -1;
        memcpy(name, p, len);
        name[len] = 0;
        int32_t id = lookup_known(name);
        if (id < 0) return -1;
        end_in_scope[id] = 1;
        p += len + (p[len] == ' ');
    }
    int32_t mglyph = lookup_known("mglyph"), malignmark = lookup_known("malignmark");
    if (mglyph < 0 || malignmark < 0) return -1;
    ID_PLAIN_ANNOTATION = twin_of[ID_ANNOTATION_XML];
    ID_GLYPH_ROOTS[0] = twin_of[mglyph];
    ID_GLYPH_ROOTS[1] = twin_of[malignmark];
    if (ID_PLAIN_ANNOTATION < 0 || twin_of[ID_SVG] < 0 || twin_of[ID_MATH] < 0 || ID_GLYPH_ROOTS[0] < 0
        || ID_GLYPH_ROOTS[1] < 0)
        return -1;
    return 0;
}

static PyMethodDef methods[] = {
    {"is_clean", is_clean, METH_O, is_clean_doc},
    {"_verdict", verdict_name, METH_O, verdict_doc},
    {"_tables", tables, METH_NOARGS, tables_doc},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(module_doc,
             "The first pass of parse._Scan in C: is_clean(text) says whether the pre-scan trips no cap.\n\n"
             "parse._Scan is the reference; see the top of newsclean/_prescan.c.");

static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "_prescan", module_doc, -1, methods,
                                       NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__prescan(void) {
    if (init_tables() < 0) {
        PyErr_SetString(PyExc_SystemError, "newsclean._prescan: inconsistent name table");
        return NULL;
    }
    PyObject *m = PyModule_Create(&moduledef);
    if (m == NULL) return NULL;
    PyObject *caps = Py_BuildValue("(iiiii)", DEPTH_CAP, FORMATTING_CAP, ATTRIBUTE_CAP, ELEMENT_CAP,
                                   RECONSTRUCTION_SLACK);
    if (caps == NULL || PyModule_AddObject(m, "CAPS", caps) < 0) {
        Py_XDECREF(caps);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
