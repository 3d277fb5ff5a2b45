/* The segment walk in C: Lexbor tree -> Container and RawBlock values.
 *
 * segment._Walker is the reference; this is a line-for-line port of its walk, held to it by
 * tests/test_accel.py on every fixture and corpus page and on generated markup. It exists for
 * speed: the Python walk reads each of a page's ~1500 nodes through selectolax's Python API
 * and spends a fifth of newsclean's time there; this reads the same nodes in C.
 *
 * Lexbor is not linked: selectolax's extension exports Lexbor's accessor functions, and
 * newsclean/_accel.py hands their addresses to init() (found with ctypes in that library).
 * Only two things are read from Lexbor's structs directly, because no exported function
 * gives them without copying: a node's type and next-sibling are read through functions too,
 * and a text node's character data (lxb_dom_character_data_t.data, right after the node
 * header, lexbor/dom/interfaces/character_data.h). _accel.py checks that layout on a probe
 * page (probe_text) before the walk is used, and falls back to Python if it does not hold.
 *
 * Everything that decides something about text (white space, case, Unicode normalisation)
 * uses CPython's own predicates (Py_UNICODE_ISSPACE, _ISUPPER, _ISLOWER) or calls back into
 * the Python helpers segment.py uses, so the two walks agree character for character.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include "_lexbor.h"
#include "_slotted.h"

/* ---- Lexbor, as far as the walk needs it (lexbor 3.x, the version selectolax 1.0 bundles) */

typedef struct lxb_node lxb_node;
typedef struct {
    unsigned char *data;
    size_t length;
} lexbor_str;
struct lxb_node {  /* lxb_dom_node_t: only its size matters here (see probe_text) */
    void *events;
    uintptr_t local_name, prefix, ns;
    void *owner_document;
    lxb_node *next, *prev, *parent, *first_child, *last_child;
    void *user;
    int type;
};
typedef struct {
    lxb_node node;
    lexbor_str data;
} lxb_chardata;

enum { LXB_ELEMENT = 1, LXB_TEXT = 3, LXB_COMMENT = 8 };

typedef lxb_node *(*node_fn)(lxb_node *);
typedef int (*type_fn)(lxb_node *);
typedef const unsigned char *(*name_fn)(void *, size_t *);
typedef void *(*attr_first_fn)(void *);
typedef void *(*attr_next_fn)(void *);

static struct {
    node_fn first_child, last_child, next, prev, parent;
    type_fn type;
    name_fn element_name, attr_name, attr_value;
    attr_first_fn first_attr;
    attr_next_fn next_attr;
    int ready;
} lxb;

/* ---- Python objects the walk builds and the helpers it calls back (set by init) */

enum { K_PARAGRAPH, K_HEADING, K_LIST_ITEM, K_QUOTE, K_PREFORMATTED, K_TABLE_ROW, K_CAPTION, K_COUNT };

static slotted container_cls, block_cls, link_cls;

static struct {
    PyObject *kinds[K_COUNT];
    PyObject *tag_flags;      /* dict: tag name -> int flags (TF_*) */
    PyObject *hidden_style;   /* str -> bool, for non-ASCII style values */
    PyObject *button_class;   /* str -> bool, for non-ASCII class values */
    PyObject *renormalise;    /* (str, links) -> (str, links): segment._renormalised */
    PyObject *is_nfc;         /* str -> bool */
    PyObject *clean_cell;     /* str -> str: white space collapsed, stripped, NFC */
    PyObject *s_body, *s_tr, *s_empty, *s_space, *s_sep;
    PyObject *empty_tuple;
} py;

/* Tag flags, computed in _accel.py from segment.py's tables. */
enum {
    TF_BLOCK = 1 << 0,       /* BLOCK_TAGS */
    TF_SKIP = 1 << 1,        /* SKIP_TAGS */
    TF_LIST = 1 << 2,        /* LIST_TAGS */
    TF_ITEM = 1 << 3,        /* ITEM_TAGS */
    TF_QUOTE = 1 << 4,       /* blockquote */
    TF_PRE = 1 << 5,
    TF_FIGCAPTION = 1 << 6,
    TF_P = 1 << 7,
    TF_TABLE = 1 << 8,
    TF_A = 1 << 9,
    TF_BR = 1 << 10,
    TF_OL = 1 << 11,
    TF_CELL = 1 << 12,       /* td, th: LAYOUT_TABLE_MARKERS' outer part */
    TF_LAYOUT_INNER = 1 << 13, /* LAYOUT_TABLE_MARKERS' inner part */
    TF_TR = 1 << 14,
    TF_TD = 1 << 15,
    TF_DASH = 1 << 16,       /* "-" in the name: a custom element, a block of its own */
    /* what parse.strip_non_content removes (with <noscript>): the walk reads an unstripped
     * tree as if they and the comments were gone, tables included */
    TF_NONCONTENT = 1 << 17,
    TF_HEADING_SHIFT = 20,   /* bits 20-22: heading level 1-6 */
};

/* ---- small growable arrays */

typedef struct {
    Py_UCS4 *data;
    Py_ssize_t len, cap;
} ucs4buf;

static int ucs4_reserve(ucs4buf *b, Py_ssize_t extra) {
    if (b->len + extra <= b->cap) return 0;
    Py_ssize_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra) {
        if (cap > PY_SSIZE_T_MAX / 2 / (Py_ssize_t)sizeof(Py_UCS4)) { PyErr_NoMemory(); return -1; }
        cap *= 2;
    }
    Py_UCS4 *data = PyMem_Realloc(b->data, (size_t)cap * sizeof(Py_UCS4));
    if (!data) { PyErr_NoMemory(); return -1; }
    b->data = data;
    b->cap = cap;
    return 0;
}

typedef struct {
    Py_ssize_t start, end;
    PyObject *href; /* strong reference */
} link_span;

typedef struct {
    link_span *data;
    Py_ssize_t len, cap;
} linkbuf;

static int links_push(linkbuf *l, Py_ssize_t start, Py_ssize_t end, PyObject *href) {
    if (l->len == l->cap) {
        Py_ssize_t cap = l->cap ? l->cap * 2 : 16;
        link_span *data = PyMem_Realloc(l->data, (size_t)cap * sizeof(link_span));
        if (!data) { PyErr_NoMemory(); return -1; }
        l->data = data;
        l->cap = cap;
    }
    Py_INCREF(href);
    l->data[l->len++] = (link_span){start, end, href};
    return 0;
}

static void links_clear(linkbuf *l) {
    for (Py_ssize_t i = 0; i < l->len; i++) Py_DECREF(l->data[i].href);
    l->len = 0;
}

/* _Context: immutable once made, so frames share them by index. */
typedef struct {
    int kind;
    PyObject *tag;      /* borrowed from the tag-name cache or py.s_body */
    Py_ssize_t container, depth, level, group; /* group -1: None */
    int ordered, in_quote, button;
    Py_ssize_t list_depth;
    PyObject *href;     /* strong, NULL: not inside a link */
} context;

typedef struct {
    lxb_node *node; /* NULL: leaving a block element, restore ctx */
    Py_ssize_t ctx;
} frame;

typedef struct {
    /* the text buffer of the block being gathered (_TextBuffer) */
    ucs4buf text;
    int ends_space;
    linkbuf links;
    Py_ssize_t link_chars, button_chars;
    /* the walk */
    context *ctxs;
    Py_ssize_t nctx, capctx;
    frame *frames;
    Py_ssize_t nframes, capframes;
    PyObject *blocks, *containers; /* lists */
    PyObject *chains;              /* list of chain tuples, by container id */
    PyObject *forced;              /* dict or NULL */
    PyObject *names;               /* dict: name bytes -> (str, flags), per walk */
    /* element_tag's memo by the address Lexbor returns a name at (its tag table entry):
     * the same address is the same name for the whole walk */
    struct { const unsigned char *raw; PyObject *name; long flags; } memo[256];
    Py_ssize_t group_counter;
} walker;

static Py_ssize_t ctx_new(walker *w, const context *from) {
    if (w->nctx == w->capctx) {
        Py_ssize_t cap = w->capctx ? w->capctx * 2 : 256;
        context *data = PyMem_Realloc(w->ctxs, (size_t)cap * sizeof(context));
        if (!data) { PyErr_NoMemory(); return -1; }
        w->ctxs = data;
        w->capctx = cap;
    }
    context *c = &w->ctxs[w->nctx];
    *c = *from;
    Py_XINCREF(c->href);
    return w->nctx++;
}

static int frame_push(walker *w, lxb_node *node, Py_ssize_t ctx) {
    if (w->nframes == w->capframes) {
        Py_ssize_t cap = w->capframes ? w->capframes * 2 : 256;
        frame *data = PyMem_Realloc(w->frames, (size_t)cap * sizeof(frame));
        if (!data) { PyErr_NoMemory(); return -1; }
        w->frames = data;
        w->capframes = cap;
    }
    w->frames[w->nframes++] = (frame){node, ctx};
    return 0;
}

/* ---- attributes */

typedef struct {
    const unsigned char *v;
    size_t n;
    int present;
} attr_val;

typedef struct {
    attr_val cls, id, role, itemprop, hidden, aria_hidden, style, href;
} attrs;

#define NAME_IS(p, n, lit) ((n) == sizeof(lit) - 1 && memcmp((p), (lit), sizeof(lit) - 1) == 0)

/* node.attributes is a dict by qualified name: a repeated name keeps its last value. */
static void read_attrs(lxb_node *el, attrs *a) {
    memset(a, 0, sizeof(*a));
    for (void *at = lxb.first_attr(el); at; at = lxb.next_attr(at)) {
        size_t n = 0, vn = 0;
        const unsigned char *name = lxb.attr_name(at, &n);
        if (!name) continue;
        attr_val *slot = NULL;
        switch (n) {
        case 2: if (NAME_IS(name, n, "id")) slot = &a->id; break;
        case 4: if (NAME_IS(name, n, "role")) slot = &a->role; else if (NAME_IS(name, n, "href")) slot = &a->href; break;
        case 5: if (NAME_IS(name, n, "class")) slot = &a->cls; else if (NAME_IS(name, n, "style")) slot = &a->style; break;
        case 6: if (NAME_IS(name, n, "hidden")) slot = &a->hidden; break;
        case 8: if (NAME_IS(name, n, "itemprop")) slot = &a->itemprop; break;
        case 11: if (NAME_IS(name, n, "aria-hidden")) slot = &a->aria_hidden; break;
        default: break;
        }
        if (!slot) continue;
        const unsigned char *v = lxb.attr_value(at, &vn);
        slot->present = 1;
        slot->v = v;
        slot->n = v ? vn : 0;
    }
}

/* the value as node.attributes gives it: None without a value, else the decoded text */
static PyObject *attr_str(const attr_val *a) {
    if (!a->present || !a->v) return NULL;
    return PyUnicode_DecodeUTF8((const char *)a->v, (Py_ssize_t)a->n, "replace");
}

static int all_ascii(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i] & 0x80) return 0;
    return 1;
}

/* `regex` \s on ASCII: \t \n \v \f \r and space (not \x1c-\x1f, which str.isspace takes) */
static int re_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int ci_at(const unsigned char *p, size_t n, size_t i, const char *lit) {
    size_t k = strlen(lit);
    if (i + k > n) return 0;
    for (size_t j = 0; j < k; j++) {
        unsigned char c = p[i + j];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        if (c != (unsigned char)lit[j]) return 0;
    }
    return 1;
}

static Py_ssize_t skip_re_space(const unsigned char *p, size_t n, size_t i) {
    while (i < n && re_space(p[i])) i++;
    return (Py_ssize_t)i;
}

/* segment._HIDDEN_STYLE on an ASCII value: display\s*:\s*none|visibility\s*:\s*hidden, any case */
static int hidden_style_ascii(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const char *word = NULL, *value = NULL;
        if (ci_at(p, n, i, "display")) { word = "display"; value = "none"; }
        else if (ci_at(p, n, i, "visibility")) { word = "visibility"; value = "hidden"; }
        else continue;
        size_t j = (size_t)skip_re_space(p, n, i + strlen(word));
        if (j >= n || p[j] != ':') continue;
        j = (size_t)skip_re_space(p, n, j + 1);
        if (ci_at(p, n, j, value)) return 1;
    }
    return 0;
}

static int button_edge(unsigned char c) { return re_space(c) || c == '_' || c == '-'; }

/* segment._BUTTON_CLASS on an ASCII value: btn, button or cta as a whole part of a class */
static int button_class_ascii(const unsigned char *p, size_t n) {
    static const char *const words[] = {"btn", "button", "cta"};
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && !button_edge(p[i - 1])) continue;
        for (int w = 0; w < 3; w++) {
            size_t k = strlen(words[w]);
            if (ci_at(p, n, i, words[w]) && (i + k == n || button_edge(p[i + k]))) return 1;
        }
    }
    return 0;
}

/* Python callback on a decoded attribute value; -1 on error */
static int call_predicate(PyObject *fn, const attr_val *a) {
    PyObject *s = attr_str(a);
    if (!s) return PyErr_Occurred() ? -1 : 0;
    PyObject *r = PyObject_CallOneArg(fn, s);
    Py_DECREF(s);
    if (!r) return -1;
    int truth = PyObject_IsTrue(r);
    Py_DECREF(r);
    return truth;
}

/* ---- tag names */

/* (name, flags) of an element; name borrowed from w->names. Returns 0 with *name NULL for a
 * node that is no element with a name. */
static int element_tag(walker *w, lxb_node *node, PyObject **name, long *flags) {
    size_t n = 0;
    const unsigned char *raw = lxb.element_name(node, &n);
    *name = NULL;
    *flags = 0;
    if (!raw) return 0;
    size_t slot = ((uintptr_t)raw >> 4) & 255;
    if (w->memo[slot].raw == raw) {
        *name = w->memo[slot].name;
        *flags = w->memo[slot].flags;
        return 0;
    }
    PyObject *key = PyBytes_FromStringAndSize((const char *)raw, (Py_ssize_t)n);
    if (!key) return -1;
    PyObject *hit = PyDict_GetItemWithError(w->names, key);
    if (hit) {
        Py_DECREF(key);
        *name = PyTuple_GET_ITEM(hit, 0);
        *flags = PyLong_AsLong(PyTuple_GET_ITEM(hit, 1));
        w->memo[slot].raw = raw;
        w->memo[slot].name = *name;
        w->memo[slot].flags = *flags;
        return 0;
    }
    if (PyErr_Occurred()) { Py_DECREF(key); return -1; }
    PyObject *s = PyUnicode_DecodeUTF8((const char *)raw, (Py_ssize_t)n, "replace");
    if (!s) { Py_DECREF(key); return -1; }
    long f = 0;
    PyObject *known = PyDict_GetItemWithError(py.tag_flags, s);
    if (known) f = PyLong_AsLong(known);
    else if (PyErr_Occurred()) { Py_DECREF(key); Py_DECREF(s); return -1; }
    if (memchr(raw, '-', n)) f |= TF_DASH;
    PyObject *entry = Py_BuildValue("(Nl)", s, f);
    if (!entry) { Py_DECREF(key); return -1; }
    int rc = PyDict_SetItem(w->names, key, entry);
    Py_DECREF(key);
    Py_DECREF(entry);
    if (rc < 0) return -1;
    *name = PyTuple_GET_ITEM(entry, 0); /* entry is kept alive by w->names */
    *flags = f;
    w->memo[slot].raw = raw;
    w->memo[slot].name = *name;
    w->memo[slot].flags = f;
    return 0;
}

/* ---- text */

static int is_text(lxb_node *node) { return lxb.type(node) == LXB_TEXT; }

/* A text node's data as node.text_content gives it (None for no data). */
static PyObject *text_of(lxb_node *node) {
    lexbor_str *s = &((lxb_chardata *)node)->data;
    if (!s->data) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8((const char *)s->data, (Py_ssize_t)s->length, "replace");
}

/* str.strip() of the text is empty (also for None) */
static int blank_text(lxb_node *node) {
    lexbor_str *s = &((lxb_chardata *)node)->data;
    if (!s->data) return 1;
    const unsigned char *p = s->data;
    size_t n = s->length;
    int ascii = 1;
    for (size_t i = 0; i < n; i++) {
        if (p[i] & 0x80) { ascii = 0; break; }
        if (!Py_UNICODE_ISSPACE(p[i])) return 0;
    }
    if (ascii) return 1;
    PyObject *t = text_of(node);
    if (!t) { PyErr_Clear(); return 0; }
    Py_ssize_t len = PyUnicode_GET_LENGTH(t);
    int kind = PyUnicode_KIND(t);
    const void *data = PyUnicode_DATA(t);
    int blank = 1;
    for (Py_ssize_t i = 0; i < len && blank; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) blank = 0;
    Py_DECREF(t);
    return blank;
}

static int buf_space(walker *w) {
    if (w->ends_space) return 0;
    if (ucs4_reserve(&w->text, 1) < 0) return -1;
    w->text.data[w->text.len++] = ' ';
    w->ends_space = 1;
    return 0;
}

/* _TextBuffer.add: the words of raw joined by single spaces, with a space before them when
 * raw starts with one or two text nodes read as two words (segment._glued), and after them
 * when raw ends with one. Returns how many characters were added, -1 on error. */
static Py_ssize_t buf_add(walker *w, PyObject *raw) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(raw);
    int kind = PyUnicode_KIND(raw);
    const void *data = PyUnicode_DATA(raw);
    if (ucs4_reserve(&w->text, n + 2) < 0) return -1;
    Py_UCS4 *out = w->text.data;
    Py_ssize_t start = w->text.len, o = start;
    Py_ssize_t i = 0;
    while (i < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) i++;
    if (i == n) return 0; /* no words: the walk handles blank nodes before calling this */
    Py_UCS4 first = PyUnicode_READ(kind, data, i);
    if (!w->ends_space) {
        Py_UCS4 last = out[o - 1];
        int glued = Py_UNICODE_ISUPPER(first) && (Py_UNICODE_ISLOWER(last) || last == '.' || last == '!' || last == '?');
        if (i > 0 || glued) out[o++] = ' ';
    }
    int in_space = 0;
    for (; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(c)) { in_space = 1; continue; }
        if (in_space) { out[o++] = ' '; in_space = 0; }
        out[o++] = c;
    }
    if (in_space) out[o++] = ' ';
    w->text.len = o;
    w->ends_space = out[o - 1] == ' ';
    return o - start;
}

static PyObject *make_link(Py_ssize_t start, Py_ssize_t end, PyObject *href) {
    PyObject *args[3];
    args[0] = PyLong_FromSsize_t(start);
    args[1] = PyLong_FromSsize_t(end);
    args[2] = href;
    PyObject *r = NULL;
    if (args[0] && args[1]) r = slotted_new(&link_cls, args);
    Py_XDECREF(args[0]);
    Py_XDECREF(args[1]);
    return r;
}

static PyObject *opt_int(Py_ssize_t v) {
    if (v < 0) Py_RETURN_NONE;
    return PyLong_FromSsize_t(v);
}

/* _Walker.flush: the gathered text, stripped, as one RawBlock (none if it is blank). */
static int flush(walker *w, const context *ctx) {
    if (w->text.len == 0) return 0;
    int rc = -1;
    PyObject *text = NULL, *links = NULL, *block = NULL;
    Py_UCS4 *d = w->text.data;
    Py_ssize_t lo = 0, hi = w->text.len;
    while (lo < hi && Py_UNICODE_ISSPACE(d[lo])) lo++;
    while (hi > lo && Py_UNICODE_ISSPACE(d[hi - 1])) hi--;
    if (lo == hi) { rc = 0; goto reset; }
    Py_ssize_t size = hi - lo, lead = lo;
    text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, d + lo, size);
    if (!text) goto reset;
    linkbuf *lb = &w->links;
    Py_ssize_t kept = 0;
    for (Py_ssize_t i = 0; i < lb->len; i++)
        if (lb->data[i].end - lead > 0 && lb->data[i].start - lead < size) kept++;
    links = PyTuple_New(kept);
    if (!links) goto reset;
    for (Py_ssize_t i = 0, k = 0; i < lb->len; i++) {
        link_span *s = &lb->data[i];
        if (!(s->end - lead > 0 && s->start - lead < size)) continue;
        Py_ssize_t a = s->start - lead, b = s->end - lead;
        PyObject *link = make_link(a > 0 ? a : 0, b < size ? b : size, s->href);
        if (!link) goto reset;
        PyTuple_SET_ITEM(links, k++, link);
    }
    if (!PyUnicode_IS_ASCII(text)) {
        PyObject *ok = PyObject_CallOneArg(py.is_nfc, text);
        if (!ok) goto reset;
        int normal = PyObject_IsTrue(ok);
        Py_DECREF(ok);
        if (normal < 0) goto reset;
        if (!normal) {
            PyObject *pair = PyObject_CallFunctionObjArgs(py.renormalise, text, links, NULL);
            if (!pair) goto reset;
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
                Py_DECREF(pair);
                PyErr_SetString(PyExc_TypeError, "renormalise must return (text, links)");
                goto reset;
            }
            Py_SETREF(text, Py_NewRef(PyTuple_GET_ITEM(pair, 0)));
            Py_SETREF(links, Py_NewRef(PyTuple_GET_ITEM(pair, 1)));
            Py_DECREF(pair);
            size = PyUnicode_GET_LENGTH(text);
        }
    }
    {
        Py_ssize_t link_chars = w->link_chars < size ? w->link_chars : size;
        Py_ssize_t button_chars = w->button_chars < size ? w->button_chars : size;
        PyObject *args[14] = {
            PyLong_FromSsize_t(PyList_GET_SIZE(w->blocks)), text, py.kinds[ctx->kind], ctx->tag,
            PyLong_FromSsize_t(ctx->container), PyLong_FromSsize_t(ctx->level), links,
            PyLong_FromSsize_t(link_chars), opt_int(ctx->group), PyBool_FromLong(ctx->ordered),
            py.empty_tuple, Py_False, PyBool_FromLong(ctx->in_quote), PyLong_FromSsize_t(button_chars),
        };
        static const int owned[] = {0, 4, 5, 7, 8, 9, 12, 13};
        int ok = 1;
        for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++)
            if (!args[owned[i]]) ok = 0;
        if (ok) block = slotted_new(&block_cls, args);
        for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++) Py_XDECREF(args[owned[i]]);
        if (!block) goto reset;
        if (PyList_Append(w->blocks, block) < 0) goto reset;
    }
    rc = 0;
reset:
    Py_XDECREF(text);
    Py_XDECREF(links);
    Py_XDECREF(block);
    w->text.len = 0;
    w->ends_space = 1;
    links_clear(&w->links);
    w->link_chars = w->button_chars = 0;
    return rc;
}

/* ---- containers */

/* s[lo:hi] without the white space str.strip() removes; a new reference */
static PyObject *stripped(PyObject *s) {
    Py_ssize_t lo = 0, hi = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    while (lo < hi && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, lo))) lo++;
    while (hi > lo && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, hi - 1))) hi--;
    if (lo == 0 && hi == PyUnicode_GET_LENGTH(s)) return Py_NewRef(s);
    return PyUnicode_Substring(s, lo, hi);
}

/* Container.hints: "class id" (+ " tag" for a custom element), stripped. Built as UTF-8 and
 * decoded once: the pieces are whole UTF-8 strings joined by ASCII spaces, so this decodes
 * to what joining the decoded pieces gives. */
static PyObject *hints_of(const attrs *a, PyObject *tag, long flags) {
    size_t nc = a->cls.v ? a->cls.n : 0, ni = a->id.v ? a->id.n : 0;
    Py_ssize_t tag_len = 0;
    const char *tag_utf8 = NULL;
    if (flags & TF_DASH) {
        tag_utf8 = PyUnicode_AsUTF8AndSize(tag, &tag_len);
        if (!tag_utf8) return NULL;
    }
    if (!nc && !ni && !tag_utf8) return Py_NewRef(py.s_empty);
    size_t total = nc + 1 + ni + (tag_utf8 ? 1 + (size_t)tag_len : 0);
    char small[256];
    char *buf = total <= sizeof(small) ? small : PyMem_Malloc(total);
    if (!buf) return PyErr_NoMemory();
    size_t o = 0;
    if (nc) memcpy(buf, a->cls.v, nc);
    o = nc;
    buf[o++] = ' ';
    if (ni) memcpy(buf + o, a->id.v, ni);
    o += ni;
    if (tag_utf8) {
        buf[o++] = ' ';
        memcpy(buf + o, tag_utf8, (size_t)tag_len);
        o += (size_t)tag_len;
    }
    PyObject *joined = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)o, "replace");
    if (buf != small) PyMem_Free(buf);
    if (!joined) return NULL;
    PyObject *out = stripped(joined);
    Py_DECREF(joined);
    return out;
}

/* (value or "").lower(): ASCII in C, the rest by str.lower (Unicode case mapping) */
static PyObject *lowered(const attr_val *a) {
    if (!a->v || !a->n) return Py_NewRef(py.s_empty);
    if (all_ascii(a->v, a->n)) {
        PyObject *s = PyUnicode_New((Py_ssize_t)a->n, 127);
        if (!s) return NULL;
        Py_UCS1 *out = PyUnicode_1BYTE_DATA(s);
        for (size_t i = 0; i < a->n; i++) {
            unsigned char c = a->v[i];
            out[i] = (Py_UCS1)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return s;
    }
    PyObject *s = attr_str(a);
    if (!s) return NULL;
    PyObject *low = PyObject_CallMethod(s, "lower", NULL);
    Py_DECREF(s);
    return low;
}

static Py_ssize_t open_container(walker *w, lxb_node *node, PyObject *tag, long flags, const attrs *a,
                                 Py_ssize_t parent, Py_ssize_t depth) {
    Py_ssize_t cid = PyList_GET_SIZE(w->containers);
    PyObject *hints = NULL, *role = NULL, *itemprop = NULL, *forced = NULL, *chain = NULL,
             *container = NULL;
    Py_ssize_t result = -1;
    /* f"{class or ''} {id or ''}" (+ " " + tag for a custom element), stripped */
    hints = hints_of(a, tag, flags);
    if (!hints) goto done;
    /* (attrs.get("role") or "").lower(), the same for itemprop */
    role = lowered(&a->role);
    if (!role) goto done;
    itemprop = lowered(&a->itemprop);
    if (!itemprop) goto done;
    if (w->forced) {
        PyObject *key = PyLong_FromVoidPtr(node);
        if (!key) goto done;
        forced = PyDict_GetItemWithError(w->forced, key);
        Py_DECREF(key);
        if (!forced && PyErr_Occurred()) goto done;
    }
    /* chain: the parent's chain + (cid,) */
    {
        PyObject *up = parent >= 0 ? PyList_GET_ITEM(w->chains, parent) : py.empty_tuple;
        Py_ssize_t n = PyTuple_GET_SIZE(up);
        chain = PyTuple_New(n + 1);
        if (!chain) goto done;
        for (Py_ssize_t i = 0; i < n; i++) PyTuple_SET_ITEM(chain, i, Py_NewRef(PyTuple_GET_ITEM(up, i)));
        PyObject *me = PyLong_FromSsize_t(cid);
        if (!me) goto done;
        PyTuple_SET_ITEM(chain, n, me);
    }
    {
        PyObject *args[9] = {
            PyLong_FromSsize_t(cid), tag, PyLong_FromSsize_t(parent), PyLong_FromSsize_t(depth),
            hints, role, itemprop, forced ? forced : Py_None,
            chain,
        };
        if (args[0] && args[2] && args[3]) container = slotted_new(&container_cls, args);
        Py_XDECREF(args[0]);
        Py_XDECREF(args[2]);
        Py_XDECREF(args[3]);
        if (!container) goto done;
    }
    if (PyList_Append(w->containers, container) < 0 || PyList_Append(w->chains, chain) < 0) goto done;
    result = cid;
done:
    Py_XDECREF(hints);
    Py_XDECREF(role);
    Py_XDECREF(itemprop);
    Py_XDECREF(chain);
    Py_XDECREF(container);
    return result;
}

/* _Context.child_context */
static void child_context(const context *self, context *new, PyObject *tag, long flags, Py_ssize_t container) {
    *new = *self;
    new->container = container;
    new->depth = self->depth + 1;
    new->tag = tag;
    int level = (int)((flags >> TF_HEADING_SHIFT) & 7);
    if (level) {
        new->kind = K_HEADING;
        new->level = level;
    } else if (flags & TF_ITEM) {
        new->kind = K_LIST_ITEM;
        new->level = self->list_depth > 1 ? self->list_depth : 1;
    } else if (flags & TF_QUOTE) {
        new->kind = K_QUOTE;
        new->in_quote = 1;
    } else if (flags & TF_PRE) {
        new->kind = K_PREFORMATTED;
    } else if (flags & TF_FIGCAPTION) {
        new->kind = K_CAPTION;
    } else if ((flags & TF_P) && self->kind != K_LIST_ITEM) {
        new->kind = self->in_quote ? K_QUOTE : K_PARAGRAPH;
    } else if (flags & TF_LIST) {
        /* list containers keep the kind around them until an item opens */
    } else if (self->kind == K_HEADING) {
    } else if (self->kind != K_LIST_ITEM && self->kind != K_QUOTE && self->kind != K_CAPTION &&
               self->kind != K_PREFORMATTED) {
        new->kind = K_PARAGRAPH;
    }
}

/* ---- tables */

static long quick_flags(walker *w, lxb_node *node) {
    PyObject *name;
    long flags;
    if (lxb.type(node) != LXB_ELEMENT) return 0;
    if (element_tag(w, node, &name, &flags) < 0) return -1;
    return name ? flags : 0;
}

/* Whether node.css_first(LAYOUT_TABLE_MARKERS) finds something: an element of the markers'
 * inner part, the table itself included, with a td or th above it anywhere in the page. */
static int layout_table(walker *w, lxb_node *table) {
    for (lxb_node *up = lxb.parent(table); up; up = lxb.parent(up)) {
        long f = quick_flags(w, up);
        if (f < 0) return -1;
        if (f & TF_CELL) return 1; /* the table itself is "td table" */
    }
    /* below the table: an inner element under a cell of the table's own subtree. Document
     * order, with how many cells are open on the way down (open[d]: whether the node
     * entered at depth d is a cell). */
    lxb_node *node = lxb.first_child(table);
    Py_ssize_t depth = 0, cap = 0, cells = 0;
    unsigned char *open = NULL;
    int found = 0;
    while (node) {
        long f = quick_flags(w, node);
        if (f < 0) { found = -1; break; }
        if (cells > 0 && (f & TF_LAYOUT_INNER)) { found = 1; break; }
        lxb_node *child = (f & TF_NONCONTENT) ? NULL : lxb.first_child(node);
        if (child) {
            if (depth == cap) {
                Py_ssize_t ncap = cap ? cap * 2 : 64;
                unsigned char *grown = PyMem_Realloc(open, (size_t)ncap);
                if (!grown) { PyErr_NoMemory(); found = -1; break; }
                open = grown;
                cap = ncap;
            }
            open[depth++] = (f & TF_CELL) ? 1 : 0;
            cells += (f & TF_CELL) ? 1 : 0;
            node = child;
            continue;
        }
        /* no children: the next sibling, or the next sibling of the nearest ancestor that
         * has one, leaving the cells closed on the way up */
        for (;;) {
            lxb_node *next = lxb.next(node);
            if (next) { node = next; break; }
            if (depth == 0) { node = NULL; break; }
            node = lxb.parent(node);
            cells -= open[--depth];
        }
    }
    PyMem_Free(open);
    return found;
}

/* Elements below root (root excluded) whose flags have `want`, in document order. */
/* The node after `node` in document order below `root`, not entering `node`'s children when
 * its flags (f) mark what stripping removes; NULL past the last. */
static lxb_node *next_below(lxb_node *root, lxb_node *node, long f) {
    lxb_node *child = (f & TF_NONCONTENT) ? NULL : lxb.first_child(node);
    if (child) return child;
    while (node && node != root) {
        lxb_node *next = lxb.next(node);
        if (next) return next;
        node = lxb.parent(node);
    }
    return NULL;
}

static int descendants(walker *w, lxb_node *root, long want, PyObject *out) {
    for (lxb_node *node = lxb.first_child(root); node;) {
        long f = quick_flags(w, node);
        if (f < 0) return -1;
        if (f & want) {
            PyObject *ptr = PyLong_FromVoidPtr(node);
            if (!ptr || PyList_Append(out, ptr) < 0) { Py_XDECREF(ptr); return -1; }
            Py_DECREF(ptr);
        }
        node = next_below(root, node, f);
    }
    return 0;
}

/* cell.text(separator=" "): every text node below the cell, joined by one space */
static PyObject *cell_text(walker *w, lxb_node *cell) {
    PyObject *parts = PyList_New(0);
    if (!parts) return NULL;
    for (lxb_node *node = lxb.first_child(cell); node;) {
        long f = quick_flags(w, node);
        if (f < 0) { Py_DECREF(parts); return NULL; }
        lexbor_str *s = is_text(node) ? &((lxb_chardata *)node)->data : NULL;
        if (s && s->data) {
            PyObject *t = PyUnicode_DecodeUTF8((const char *)s->data, (Py_ssize_t)s->length, "replace");
            if (!t || PyList_Append(parts, t) < 0) { Py_XDECREF(t); Py_DECREF(parts); return NULL; }
            Py_DECREF(t);
        }
        node = next_below(cell, node, f);
    }
    PyObject *joined = PyUnicode_Join(py.s_space, parts);
    Py_DECREF(parts);
    return joined;
}

/* _Walker.add_table: one block per row, its cells kept apart */
static int add_table(walker *w, lxb_node *table, const context *ctx) {
    int rc = -1;
    PyObject *rows = PyList_New(0), *cells_nodes = NULL, *cells = NULL;
    if (!rows) return -1;
    w->group_counter++;
    Py_ssize_t group = w->group_counter;
    if (descendants(w, table, TF_TR, rows) < 0) goto done;
    for (Py_ssize_t r = 0; r < PyList_GET_SIZE(rows); r++) {
        lxb_node *row = PyLong_AsVoidPtr(PyList_GET_ITEM(rows, r));
        Py_XSETREF(cells_nodes, PyList_New(0));
        Py_XSETREF(cells, PyList_New(0));
        if (!cells_nodes || !cells) goto done;
        if (descendants(w, row, TF_CELL, cells_nodes) < 0) goto done;
        int header = 1, any = 0;
        for (Py_ssize_t c = 0; c < PyList_GET_SIZE(cells_nodes); c++) {
            lxb_node *cell = PyLong_AsVoidPtr(PyList_GET_ITEM(cells_nodes, c));
            long f = quick_flags(w, cell);
            if (f < 0) goto done;
            if (f & TF_TD) header = 0;
            PyObject *raw = cell_text(w, cell);
            if (!raw) goto done;
            PyObject *clean = PyObject_CallOneArg(py.clean_cell, raw);
            Py_DECREF(raw);
            if (!clean) goto done;
            if (PyUnicode_GET_LENGTH(clean)) any = 1;
            int bad = PyList_Append(cells, clean);
            Py_DECREF(clean);
            if (bad < 0) goto done;
        }
        if (!any) continue;
        PyObject *text = PyUnicode_Join(py.s_sep, cells);
        PyObject *tuple = PyList_AsTuple(cells);
        PyObject *args[14] = {
            PyLong_FromSsize_t(PyList_GET_SIZE(w->blocks)), text, py.kinds[K_TABLE_ROW], py.s_tr,
            PyLong_FromSsize_t(ctx->container), PyLong_FromLong(0), py.empty_tuple, PyLong_FromLong(0),
            PyLong_FromSsize_t(group), Py_False, tuple, PyBool_FromLong(header), Py_False, PyLong_FromLong(0),
        };
        static const int owned[] = {0, 1, 4, 5, 7, 8, 10, 11, 13};
        int ok = 1;
        for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++)
            if (!args[owned[i]]) ok = 0;
        PyObject *block = ok ? slotted_new(&block_cls, args) : NULL;
        for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++) Py_XDECREF(args[owned[i]]);
        if (!block) goto done;
        int bad = PyList_Append(w->blocks, block);
        Py_DECREF(block);
        if (bad < 0) goto done;
    }
    rc = 0;
done:
    Py_DECREF(rows);
    Py_XDECREF(cells_nodes);
    Py_XDECREF(cells);
    return rc;
}

/* ---- the walk */

static int push_children(walker *w, lxb_node *node, Py_ssize_t ctx) {
    for (lxb_node *child = lxb.last_child(node); child; child = lxb.prev(child))
        if (frame_push(w, child, ctx) < 0) return -1;
    return 0;
}

static int walk(walker *w, lxb_node *root, PyObject *root_attrs_unused) {
    (void)root_attrs_unused;
    attrs a;
    context top = {K_PARAGRAPH, py.s_body, -1, 0, 0, -1, 0, 0, 0, 0, NULL};
    read_attrs(root, &a);
    Py_ssize_t cid = open_container(w, root, py.s_body, 0, &a, -1, 0);
    if (cid < 0) return -1;
    top.container = cid;
    Py_ssize_t top_ctx = ctx_new(w, &top);
    if (top_ctx < 0) return -1;
    if (push_children(w, root, top_ctx) < 0) return -1;
    Py_ssize_t owner = top_ctx;
    while (w->nframes) {
        frame f = w->frames[--w->nframes];
        if (!f.node) {
            /* leaving a block element: whatever text it gathered is one block */
            if (w->text.len && flush(w, &w->ctxs[owner]) < 0) return -1;
            owner = f.ctx;
            continue;
        }
        lxb_node *node = f.node;
        int type = lxb.type(node);
        if (type == LXB_TEXT) {
            lexbor_str *s = &((lxb_chardata *)node)->data;
            if (!s->data || !s->length) continue; /* None or "": nothing */
            if (!w->text.len) owner = f.ctx;
            PyObject *text = text_of(node);
            if (!text) return -1;
            Py_ssize_t n = PyUnicode_GET_LENGTH(text);
            if (n == 0) { Py_DECREF(text); continue; }
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            int blank = 1;
            for (Py_ssize_t i = 0; i < n && blank; i++)
                if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) blank = 0;
            if (blank) {
                Py_DECREF(text);
                if (buf_space(w) < 0) return -1;
                continue;
            }
            Py_ssize_t added = buf_add(w, text);
            Py_DECREF(text);
            if (added < 0) return -1;
            context *ctx = &w->ctxs[f.ctx];
            if (added && ctx->href) {
                Py_ssize_t end = w->text.len, start = end - added;
                w->link_chars += added;
                if (ctx->button) w->button_chars += added;
                linkbuf *lb = &w->links;
                link_span *last = lb->len ? &lb->data[lb->len - 1] : NULL;
                int same = 0;
                if (last && last->end >= start - 1) {
                    same = PyUnicode_Compare(last->href, ctx->href);
                    if (same == -1 && PyErr_Occurred()) return -1;
                    same = same == 0;
                }
                if (same) last->end = end;
                else if (links_push(lb, start, end, ctx->href) < 0) return -1;
            }
            continue;
        }
        if (type != LXB_ELEMENT) continue;
        PyObject *tag;
        long flags;
        if (element_tag(w, node, &tag, &flags) < 0) return -1;
        if (!tag || (flags & (TF_SKIP | TF_NONCONTENT))) continue;
        if (PyUnicode_GET_LENGTH(tag) && PyUnicode_READ_CHAR(tag, 0) == '-') continue;
        read_attrs(node, &a);
        if (a.hidden.present) continue;
        if (a.aria_hidden.present && a.aria_hidden.v && NAME_IS(a.aria_hidden.v, a.aria_hidden.n, "true") &&
            !(flags & TF_BLOCK))
            continue;
        if (a.style.present && a.style.v && a.style.n) {
            int hide = all_ascii(a.style.v, a.style.n) ? hidden_style_ascii(a.style.v, a.style.n)
                                                        : call_predicate(py.hidden_style, &a.style);
            if (hide < 0) return -1;
            if (hide) continue;
        }
        if (flags & TF_BR) {
            /* one <br> is a line break inside a paragraph; two in a row end it */
            lxb_node *next = lxb.next(node);
            while (next && ((is_text(next) && blank_text(next)) || lxb.type(next) == LXB_COMMENT)) next = lxb.next(next);
            int two = 0;
            if (next && lxb.type(next) == LXB_ELEMENT) {
                long nf = quick_flags(w, next);
                if (nf < 0) return -1;
                two = (nf & TF_BR) != 0;
            }
            if (two) {
                if (flush(w, &w->ctxs[owner]) < 0) return -1;
                owner = f.ctx;
            } else if (buf_space(w) < 0) {
                return -1;
            }
            continue;
        }
        Py_ssize_t next_ctx;
        if (flags & (TF_BLOCK | TF_DASH)) {
            if (w->text.len && flush(w, &w->ctxs[owner]) < 0) return -1;
            context *ctx = &w->ctxs[f.ctx];
            Py_ssize_t new_cid = open_container(w, node, tag, flags, &a, ctx->container, ctx->depth + 1);
            if (new_cid < 0) return -1;
            context made;
            ctx = &w->ctxs[f.ctx];
            child_context(ctx, &made, tag, flags, new_cid);
            if (flags & TF_TABLE) {
                int layout = layout_table(w, node);
                if (layout < 0) return -1;
                if (!layout) {
                    if (add_table(w, node, &made) < 0) return -1;
                    continue;
                }
            }
            if (flags & TF_LIST) {
                made.group = ++w->group_counter;
                made.ordered = (flags & TF_OL) != 0;
                made.list_depth = ctx->list_depth + 1;
            }
            next_ctx = ctx_new(w, &made);
            if (next_ctx < 0) return -1;
            if (frame_push(w, NULL, f.ctx) < 0) return -1;
            owner = next_ctx;
        } else if (flags & TF_A) {
            context made = w->ctxs[f.ctx];
            made.href = NULL;
            PyObject *href = attr_str(&a.href);
            if (!href && PyErr_Occurred()) return -1;
            if (href && PyUnicode_GET_LENGTH(href)) {
                Py_SETREF(href, PyObject_CallMethod(href, "strip", NULL));
                if (!href) return -1;
            } else {
                Py_XSETREF(href, Py_NewRef(py.s_empty));
            }
            made.href = href;
            if (a.cls.present && a.cls.v && a.cls.n) {
                int button = all_ascii(a.cls.v, a.cls.n) ? button_class_ascii(a.cls.v, a.cls.n)
                                                          : call_predicate(py.button_class, &a.cls);
                if (button < 0) { Py_DECREF(href); return -1; }
                if (button) made.button = 1;
            }
            next_ctx = ctx_new(w, &made);
            Py_DECREF(href); /* ctx_new took its own reference */
            if (next_ctx < 0) return -1;
        } else {
            next_ctx = f.ctx;
        }
        if (push_children(w, node, next_ctx) < 0) return -1;
    }
    return flush(w, &w->ctxs[owner]);
}

static void walker_free(walker *w) {
    PyMem_Free(w->text.data);
    links_clear(&w->links);
    PyMem_Free(w->links.data);
    for (Py_ssize_t i = 0; i < w->nctx; i++) Py_XDECREF(w->ctxs[i].href);
    PyMem_Free(w->ctxs);
    PyMem_Free(w->frames);
    Py_XDECREF(w->blocks);
    Py_XDECREF(w->containers);
    Py_XDECREF(w->chains);
    Py_XDECREF(w->names);
}

/* walk(root_mem_id, forced) -> (blocks, containers) */
static PyObject *py_walk(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *root_id, *forced;
    if (!PyArg_ParseTuple(args, "OO", &root_id, &forced)) return NULL;
    if (!lxb.ready) {
        PyErr_SetString(PyExc_RuntimeError, "newsclean._walk.init() has not run");
        return NULL;
    }
    lxb_node *root = PyLong_AsVoidPtr(root_id);
    if (!root && PyErr_Occurred()) return NULL;
    walker w;
    memset(&w, 0, sizeof(w));
    w.ends_space = 1;
    w.blocks = PyList_New(0);
    w.containers = PyList_New(0);
    w.chains = PyList_New(0);
    w.names = PyDict_New();
    w.forced = (forced != Py_None && PyDict_Check(forced) && PyDict_GET_SIZE(forced)) ? forced : NULL;
    PyObject *result = NULL;
    if (w.blocks && w.containers && w.chains && w.names && walk(&w, root, NULL) == 0)
        result = PyTuple_Pack(2, w.blocks, w.containers);
    walker_free(&w);
    return result;
}

/* probe_text(mem_id) -> the text node's data read through the struct layout, as bytes,
 * or None; with the node's type and next sibling compared against Lexbor's functions. */
static PyObject *py_probe(PyObject *self, PyObject *arg) {
    (void)self;
    if (!lxb.ready) {
        PyErr_SetString(PyExc_RuntimeError, "newsclean._walk.init() has not run");
        return NULL;
    }
    lxb_node *node = PyLong_AsVoidPtr(arg);
    if (!node && PyErr_Occurred()) return NULL;
    if (node->type != lxb.type(node) || node->next != lxb.next(node) || node->parent != lxb.parent(node))
        Py_RETURN_NONE;
    if (node->type != LXB_TEXT) Py_RETURN_NONE;
    lexbor_str *s = &((lxb_chardata *)node)->data;
    if (!s->data) return PyBytes_FromStringAndSize("", 0);
    return PyBytes_FromStringAndSize((const char *)s->data, (Py_ssize_t)s->length);
}

/* ---- Page.subtree_totals and Page.innermost: sums and searches over every container, which
 * combine and density ask for a dozen times a page */

enum { CONTAINER_PARENT = 2 }; /* field index of Container.parent */

/* values[0:n] as a new list of ints */
static PyObject *int_list(const Py_ssize_t *values, Py_ssize_t n) {
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        PyObject *v = PyLong_FromSsize_t(values[i]);
        if (!v) { Py_CLEAR(out); break; }
        PyList_SET_ITEM(out, i, v);
    }
    return out;
}

static Py_ssize_t parent_of(PyObject *container) {
    if (!Py_IS_TYPE(container, container_cls.type)) {
        PyErr_SetString(PyExc_TypeError, "containers must be segment.Container values");
        return -2;
    }
    PyObject *p = slotted_get(&container_cls, container, CONTAINER_PARENT);
    if (!p) {
        PyErr_SetString(PyExc_ValueError, "Container.parent is not set");
        return -2;
    }
    Py_ssize_t v = PyLong_AsSsize_t(p);
    return (v == -1 && PyErr_Occurred()) ? -2 : v;
}

/* subtree_ends(containers) -> per container, one past the last id of its subtree */
static PyObject *py_subtree_ends(PyObject *self, PyObject *containers) {
    (void)self;
    if (!lxb.ready || !PyList_Check(containers)) {
        PyErr_SetString(PyExc_TypeError, "subtree_ends(list of Container) after init()");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(containers);
    Py_ssize_t *ends = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Py_ssize_t));
    if (!ends) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) ends[i] = i + 1;
    for (Py_ssize_t cid = n - 1; cid > 0; cid--) {
        Py_ssize_t parent = parent_of(PyList_GET_ITEM(containers, cid));
        if (parent == -2) { PyMem_Free(ends); return NULL; }
        if (parent < 0 || parent >= n) continue;
        if (ends[cid] > ends[parent]) ends[parent] = ends[cid];
    }
    PyObject *out = int_list(ends, n);
    PyMem_Free(ends);
    return out;
}

/* subtree_totals(ends, own) -> per container, the sum of own over its subtree */
static PyObject *py_subtree_totals(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *ends, *own;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &ends, &PyList_Type, &own)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(own);
    if (PyList_GET_SIZE(ends) != n) {
        PyErr_SetString(PyExc_ValueError, "ends and own differ in length");
        return NULL;
    }
    long long *prefix = PyMem_Malloc((size_t)(n + 1) * sizeof(long long));
    if (!prefix) return PyErr_NoMemory();
    prefix[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = PyList_GET_ITEM(own, i);
        long long x = PyLong_Check(v) ? PyLong_AsLongLong(v) : -1;
        if (!PyLong_Check(v) || (x == -1 && PyErr_Occurred())) {
            PyMem_Free(prefix);
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "own must hold ints");
            return NULL;
        }
        prefix[i + 1] = prefix[i] + x;
    }
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        Py_ssize_t end = PyLong_AsSsize_t(PyList_GET_ITEM(ends, i));
        if (end < i || end > n) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a subtree end out of range");
            Py_CLEAR(out);
            break;
        }
        PyObject *v = PyLong_FromLongLong(prefix[end] - prefix[i]);
        if (!v) { Py_CLEAR(out); break; }
        PyList_SET_ITEM(out, i, v);
    }
    PyMem_Free(prefix);
    return out;
}

/* innermost(containers, marked) -> per container, the innermost marked one of its chain or -1 */
static PyObject *py_innermost(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *containers, *marked;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &containers, &PyList_Type, &marked)) return NULL;
    if (!lxb.ready) {
        PyErr_SetString(PyExc_RuntimeError, "newsclean._walk.init() has not run");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(marked);
    if (PyList_GET_SIZE(containers) < n) {
        PyErr_SetString(PyExc_ValueError, "fewer containers than marks");
        return NULL;
    }
    Py_ssize_t *out = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Py_ssize_t));
    if (!out) return PyErr_NoMemory();
    for (Py_ssize_t cid = 0; cid < n; cid++) {
        int mark = PyObject_IsTrue(PyList_GET_ITEM(marked, cid));
        if (mark < 0) { PyMem_Free(out); return NULL; }
        if (mark) { out[cid] = cid; continue; }
        Py_ssize_t parent = parent_of(PyList_GET_ITEM(containers, cid));
        if (parent == -2) { PyMem_Free(out); return NULL; }
        /* a parent always has a smaller id; anything else is -1, as out[-1] is not read */
        out[cid] = (parent >= 0 && parent < cid) ? out[parent] : -1;
    }
    PyObject *result = int_list(out, n);
    PyMem_Free(out);
    return result;
}

static int set_obj(PyObject **slot, PyObject *value) {
    Py_XSETREF(*slot, Py_NewRef(value));
    return 0;
}

/* init(functions: dict name -> address, objects: dict) */
static PyObject *py_init(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *fns, *objs;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &fns, &PyDict_Type, &objs)) return NULL;
    const lexbor_function table[] = {
        {"lxb_dom_node_first_child_noi", (void **)&lxb.first_child},
        {"lxb_dom_node_last_child_noi", (void **)&lxb.last_child},
        {"lxb_dom_node_next_noi", (void **)&lxb.next},
        {"lxb_dom_node_prev_noi", (void **)&lxb.prev},
        {"lxb_dom_node_parent_noi", (void **)&lxb.parent},
        {"lxb_dom_node_type_noi", (void **)&lxb.type},
        {"lxb_dom_element_qualified_name", (void **)&lxb.element_name},
        {"lxb_dom_element_first_attribute_noi", (void **)&lxb.first_attr},
        {"lxb_dom_element_next_attribute_noi", (void **)&lxb.next_attr},
        {"lxb_dom_attr_qualified_name", (void **)&lxb.attr_name},
        {"lxb_dom_attr_value_noi", (void **)&lxb.attr_value},
    };
    lxb.ready = 0;
    if (read_lexbor_functions(fns, table, sizeof(table) / sizeof(table[0])) < 0) return NULL;
    struct { const char *name; slotted *cls; } classes[] = {
        {"Container", &container_cls}, {"RawBlock", &block_cls}, {"Link", &link_cls},
    };
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
        PyObject *pair = PyDict_GetItemString(objs, classes[i].name);
        if (!pair || !PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2)
            return PyErr_Format(PyExc_KeyError, "%s must be given as (class, field names)", classes[i].name);
        if (slotted_init(classes[i].cls, PyTuple_GET_ITEM(pair, 0), PyTuple_GET_ITEM(pair, 1)) < 0) return NULL;
    }
    if (container_cls.nfields != 9 || block_cls.nfields != 14 || link_cls.nfields != 3)
        return PyErr_Format(PyExc_ValueError, "Container, RawBlock, Link must have 9, 14 and 3 fields");
    struct { const char *name; PyObject **slot; } objects[] = {
        {"tag_flags", &py.tag_flags}, {"hidden_style", &py.hidden_style},
        {"button_class", &py.button_class}, {"renormalise", &py.renormalise}, {"is_nfc", &py.is_nfc},
        {"clean_cell", &py.clean_cell},
    };
    for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
        PyObject *v = PyDict_GetItemString(objs, objects[i].name);
        if (!v) return PyErr_Format(PyExc_KeyError, "missing object %s", objects[i].name);
        set_obj(objects[i].slot, v);
    }
    PyObject *kinds = PyDict_GetItemString(objs, "kinds");
    if (!kinds || !PyTuple_Check(kinds) || PyTuple_GET_SIZE(kinds) != K_COUNT)
        return PyErr_Format(PyExc_ValueError, "kinds must be a tuple of %d BlockKind members", K_COUNT);
    for (int i = 0; i < K_COUNT; i++) set_obj(&py.kinds[i], PyTuple_GET_ITEM(kinds, i));
    lxb.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", py_init, METH_VARARGS, "init(functions, objects): Lexbor function addresses and the Python side."},
    {"walk", py_walk, METH_VARARGS, "walk(root_mem_id, forced) -> (blocks, containers)"},
    {"probe_text", py_probe, METH_O, "probe_text(mem_id) -> bytes or None (layout check)"},
    {"subtree_ends", py_subtree_ends, METH_O, "subtree_ends(containers) -> list of ends"},
    {"subtree_totals", py_subtree_totals, METH_VARARGS, "subtree_totals(ends, own) -> list of sums"},
    {"innermost", py_innermost, METH_VARARGS, "innermost(containers, marked) -> list of container ids"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_walk", "The segment walk in C (see _walk.c).", -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__walk(void) {
    py.s_body = PyUnicode_InternFromString("body");
    py.s_tr = PyUnicode_InternFromString("tr");
    py.s_empty = PyUnicode_InternFromString("");
    py.s_space = PyUnicode_InternFromString(" ");
    py.s_sep = PyUnicode_InternFromString(" | ");
    py.empty_tuple = PyTuple_New(0);
    if (!py.s_body || !py.s_tr || !py.s_empty || !py.s_space || !py.s_sep || !py.empty_tuple) return NULL;
    return PyModule_Create(&module);
}
