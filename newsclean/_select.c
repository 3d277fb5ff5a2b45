/* CSS selection in C for lists of simple selectors: the twin of selectolax's node.css().
 *
 * newsclean/css.py compiles a selector list into clauses when every selector in it is a tag,
 * an attribute test or both ("h1", "[itemprop]", 'a[href*="/author"]', '[class*="byline" i]');
 * this walks the tree once and tests every element against every clause, as Lexbor does for
 * such a list. It exists for speed: Lexbor's engine took ~0.5 ms a page for the metadata
 * stage's byline list of eleven case-insensitive substring tests, most of it matching
 * attribute values; read once per element here, they cost a tenth of that.
 *
 * The answer is Lexbor's, node for node (tests/test_accel.py holds the two to each other on
 * every corpus page and on generated markup):
 * - the node searched from, then its descendants, in document order; elements only; a
 *   template's content is not below it (Lexbor keeps it in a separate fragment);
 * - a node once for every clause it matches (Lexbor reports it once per selector of the list);
 * - tags compare with the element's local name, whatever its namespace (svg's <title> and <a>
 *   match "title" and "a"); attributes with the attribute's local name (svg's xlink:href is
 *   "href"), the first such attribute deciding;
 * - "*=" is a substring test, "~=" a test of one of the words the value splits into at ASCII
 *   white space, case-insensitive (ASCII) with the "i" flag. css.py refuses what this does
 *   not decide as Lexbor does: empty values, and attributes whose values HTML compares without
 *   case even without the flag (rel, type, lang …), unless the flag is given.
 *
 * The nodes returned are selectolax LexborNode objects, made as LexborNode.new() makes them:
 * LexborNode.__new__ and the two fields set. Where those fields sit in the object is found on
 * a node selectolax made (init); _accel.py checks the result before the twin is used.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include "_lexbor.h"

typedef struct lxb_node lxb_node;
typedef lxb_node *(*node_fn)(lxb_node *);
typedef int (*type_fn)(lxb_node *);
typedef const unsigned char *(*name_fn)(void *, size_t *);
typedef void *(*attr_fn)(void *);

enum { LXB_ELEMENT = 1 };

static struct {
    node_fn first_child, next, parent;
    type_fn type;
    name_fn element_name, attr_name, attr_value;
    attr_fn first_attr, next_attr;
    PyTypeObject *node_type;
    Py_ssize_t node_offset, parser_offset;
    int ready;
} lxb;

enum { OP_NONE = 0, OP_EXISTS = 1, OP_CONTAINS = 2, OP_WORD = 3 };

typedef struct {
    const char *tag, *attr, *value; /* tag, attr NULL: any; value lower-cased when ci */
    Py_ssize_t tag_len, attr_len, value_len;
    int op, ci;
} clause;

#define MAX_CLAUSES 32

static inline unsigned char ascii_lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static inline int same(const unsigned char *a, size_t an, const char *b, size_t bn) {
    return an == bn && memcmp(a, b, an) == 0;
}

/* Whether needle (m > 0 bytes) occurs in hay: memchr finds each candidate first byte. */
static int contains(const unsigned char *hay, size_t n, const char *needle, size_t m) {
    const unsigned char first = (unsigned char)needle[0];
    const unsigned char *p = hay, *end = hay + n;
    while (m <= (size_t)(end - p)) {
        p = memchr(p, first, (size_t)(end - p) - m + 1);
        if (!p) return 0;
        if (memcmp(p + 1, needle + 1, m - 1) == 0) return 1;
        p++;
    }
    return 0;
}

static inline int ascii_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Whether one of the words v splits into at ASCII white space is word. */
static int has_word(const unsigned char *v, size_t n, const char *word, size_t m) {
    size_t i = 0;
    while (i < n) {
        while (i < n && ascii_space(v[i])) i++;
        size_t start = i;
        while (i < n && !ascii_space(v[i])) i++;
        if (i > start && same(v + start, i - start, word, m)) return 1;
    }
    return 0;
}

/* The clauses of one call, with the distinct attribute names they test: an element's
 * attributes are read once, and every clause looks its attribute up by index. */
#define MAX_NAMES 8
typedef struct {
    clause c[MAX_CLAUSES];
    Py_ssize_t count;
    const char *names[MAX_NAMES];
    Py_ssize_t name_lens[MAX_NAMES];
    int n_names;
    int name_lower[MAX_NAMES]; /* a case-insensitive clause tests the name's value */
    int name_of[MAX_CLAUSES]; /* index into names, -1 for a tag alone */
} clause_set;

typedef struct {
    int present;
    const unsigned char *v, *lower; /* lower: v in ASCII lower case, where a clause needs it */
    size_t n;
} attr_val;

/* The lower-cased copies of one element's values, reused from element to element. */
static unsigned char *lower_buf;
static size_t lower_cap;

/* Of each name the set tests, the element's first attribute with that local name. */
static int read_attrs(lxb_node *el, const clause_set *set, attr_val *vals) {
    memset(vals, 0, sizeof(attr_val) * (size_t)set->n_names);
    for (void *at = lxb.first_attr(el); at; at = lxb.next_attr(at)) {
        size_t n = 0;
        const unsigned char *name = lxb.attr_name(at, &n);
        if (!name) continue;
        for (int k = 0; k < set->n_names; k++) {
            if (vals[k].present || (Py_ssize_t)n != set->name_lens[k] || memcmp(name, set->names[k], n) != 0)
                continue;
            const unsigned char *v = lxb.attr_value(at, &vals[k].n);
            vals[k].present = 1;
            vals[k].v = v;
            if (!v) vals[k].n = 0;
            break;
        }
    }
    size_t need = 0;
    for (int k = 0; k < set->n_names; k++)
        if (vals[k].present && set->name_lower[k]) need += vals[k].n;
    if (!need) return 0;
    if (need > lower_cap) {
        unsigned char *grown = PyMem_Realloc(lower_buf, need);
        if (!grown) {
            PyErr_NoMemory();
            return -1;
        }
        lower_buf = grown;
        lower_cap = need;
    }
    unsigned char *out = lower_buf;
    for (int k = 0; k < set->n_names; k++) {
        if (!vals[k].present || !set->name_lower[k]) continue;
        for (size_t i = 0; i < vals[k].n; i++) out[i] = ascii_lower(vals[k].v[i]);
        vals[k].lower = out;
        out += vals[k].n;
    }
    return 0;
}

static int matches(const unsigned char *tag, size_t tag_len, const clause *c, const attr_val *a) {
    if (c->tag && !same(tag, tag_len, c->tag, (size_t)c->tag_len)) return 0;
    if (c->op == OP_NONE) return 1;
    if (!a->present) return 0;
    if (c->op == OP_EXISTS) return 1;
    if (!a->n) return 0; /* an empty value holds no non-empty value (and has no copy) */
    /* a case-insensitive clause reads the lower-cased copy: its value is lower-cased too */
    const unsigned char *v = c->ci ? a->lower : a->v;
    if (c->op == OP_CONTAINS) return contains(v, a->n, c->value, (size_t)c->value_len);
    return has_word(v, a->n, c->value, (size_t)c->value_len);
}

static PyObject *no_args; /* () for tp_new */

static PyObject *new_node(lxb_node *ptr, PyObject *parser) {
    PyObject *node = lxb.node_type->tp_new(lxb.node_type, no_args, NULL);
    if (!node) return NULL;
    *(lxb_node **)((char *)node + lxb.node_offset) = ptr;
    PyObject **slot = (PyObject **)((char *)node + lxb.parser_offset);
    Py_XSETREF(*slot, Py_NewRef(parser));
    return node;
}

static int read_clauses(PyObject *seq, clause_set *set) {
    if (!PyTuple_Check(seq) || PyTuple_GET_SIZE(seq) > MAX_CLAUSES) {
        PyErr_Format(PyExc_ValueError, "clauses must be a tuple of at most %d", MAX_CLAUSES);
        return -1;
    }
    set->count = PyTuple_GET_SIZE(seq);
    set->n_names = 0;
    for (Py_ssize_t i = 0; i < set->count; i++) {
        PyObject *tag, *attr, *value;
        clause *c = &set->c[i];
        memset(c, 0, sizeof(*c));
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(seq, i), "OOiOp", &tag, &attr, &c->op, &value, &c->ci)) return -1;
        if (tag != Py_None && PyBytes_AsStringAndSize(tag, (char **)&c->tag, &c->tag_len) < 0) return -1;
        if (attr != Py_None && PyBytes_AsStringAndSize(attr, (char **)&c->attr, &c->attr_len) < 0) return -1;
        if (PyBytes_AsStringAndSize(value, (char **)&c->value, &c->value_len) < 0) return -1;
        /* an empty value matches nothing in CSS: css.py never asks; contains() needs one byte */
        if (c->op < OP_NONE || c->op > OP_WORD || (c->op != OP_NONE && !c->attr) ||
            (c->op >= OP_CONTAINS && c->value_len == 0)) {
            PyErr_SetString(PyExc_ValueError, "bad clause");
            return -1;
        }
        set->name_of[i] = -1;
        if (c->op == OP_NONE) continue;
        for (int k = 0; k < set->n_names; k++)
            if (set->name_lens[k] == c->attr_len && memcmp(set->names[k], c->attr, (size_t)c->attr_len) == 0)
                set->name_of[i] = k;
        if (set->name_of[i] < 0) {
            if (set->n_names == MAX_NAMES) {
                PyErr_Format(PyExc_ValueError, "clauses may test at most %d attributes", MAX_NAMES);
                return -1;
            }
            set->names[set->n_names] = c->attr;
            set->name_lens[set->n_names] = c->attr_len;
            set->name_lower[set->n_names] = 0;
            set->name_of[i] = set->n_names++;
        }
        if (c->ci) set->name_lower[set->name_of[i]] = 1;
    }
    return 0;
}

/* The node pointer and parser of a LexborNode, or -1 with an error set. */
static int unwrap(PyObject *obj, lxb_node **node, PyObject **parser) {
    if (!lxb.ready) {
        PyErr_SetString(PyExc_RuntimeError, "newsclean._select.init() has not run");
        return -1;
    }
    if (!PyObject_TypeCheck(obj, lxb.node_type)) {
        PyErr_SetString(PyExc_TypeError, "select() needs a LexborNode");
        return -1;
    }
    *node = *(lxb_node **)((char *)obj + lxb.node_offset);
    *parser = *(PyObject **)((char *)obj + lxb.parser_offset);
    return 0;
}

/* Appends each match to `out`, once per clause it matches; stops at the first if `first`. */
static int collect(lxb_node *root, PyObject *parser, const clause_set *set, PyObject *out, int first) {
    attr_val vals[MAX_NAMES];
    static const attr_val absent = {0, NULL, NULL, 0};
    for (lxb_node *node = root; node;) {
        if (lxb.type(node) == LXB_ELEMENT) {
            size_t tag_len = 0;
            const unsigned char *tag = lxb.element_name(node, &tag_len);
            if (!tag) tag_len = 0;
            if (set->n_names && read_attrs(node, set, vals) < 0) return -1;
            for (Py_ssize_t i = 0; i < set->count; i++) {
                int k = set->name_of[i];
                if (!matches(tag, tag_len, &set->c[i], k < 0 ? &absent : &vals[k])) continue;
                PyObject *hit = new_node(node, parser);
                if (!hit || PyList_Append(out, hit) < 0) {
                    Py_XDECREF(hit);
                    return -1;
                }
                Py_DECREF(hit);
                if (first) return 0;
            }
        }
        /* the next node in document order below root */
        lxb_node *next = lxb.first_child(node);
        while (!next && node != root) {
            next = lxb.next(node);
            if (!next) node = lxb.parent(node);
        }
        node = next;
    }
    return 0;
}

/* select(node, clauses, first=False) -> list of nodes (at most one if first) */
static PyObject *py_select(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *root_obj, *spec, *parser;
    int first = 0;
    lxb_node *root;
    clause_set set;
    if (!PyArg_ParseTuple(args, "OO|p", &root_obj, &spec, &first)) return NULL;
    if (unwrap(root_obj, &root, &parser) < 0 || read_clauses(spec, &set) < 0) return NULL;
    PyObject *found = PyList_New(0);
    if (found && root && collect(root, parser, &set, found, first) < 0) Py_CLEAR(found);
    return found;
}

/* The offset of a pointer-sized field of `obj` holding `value`, or -1. */
static Py_ssize_t offset_of(PyObject *obj, const void *value) {
    Py_ssize_t size = Py_TYPE(obj)->tp_basicsize;
    for (Py_ssize_t off = (Py_ssize_t)sizeof(PyObject); off + (Py_ssize_t)sizeof(void *) <= size;
         off += (Py_ssize_t)sizeof(void *))
        if (*(const void **)((char *)obj + off) == value) return off;
    return -1;
}

static PyObject *py_init(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *fns, *sample, *parser;
    if (!PyArg_ParseTuple(args, "O!OO", &PyDict_Type, &fns, &sample, &parser)) return NULL;
    const lexbor_function table[] = {
        {"lxb_dom_node_first_child_noi", (void **)&lxb.first_child},
        {"lxb_dom_node_next_noi", (void **)&lxb.next},
        {"lxb_dom_node_parent_noi", (void **)&lxb.parent},
        {"lxb_dom_node_type_noi", (void **)&lxb.type},
        {"lxb_dom_element_local_name", (void **)&lxb.element_name},
        {"lxb_dom_element_first_attribute_noi", (void **)&lxb.first_attr},
        {"lxb_dom_element_next_attribute_noi", (void **)&lxb.next_attr},
        {"lxb_dom_attr_local_name_noi", (void **)&lxb.attr_name},
        {"lxb_dom_attr_value_noi", (void **)&lxb.attr_value},
    };
    lxb.ready = 0;
    if (read_lexbor_functions(fns, table, sizeof(table) / sizeof(table[0])) < 0) return NULL;
    /* The sample's node pointer is its mem_id; its parser field holds `parser`. */
    PyObject *mem_id = PyObject_GetAttrString(sample, "mem_id");
    if (!mem_id) return NULL;
    void *ptr = PyLong_AsVoidPtr(mem_id);
    Py_DECREF(mem_id);
    if (!ptr) return PyErr_Occurred() ? NULL : PyErr_Format(PyExc_ValueError, "sample node without a node");
    Py_ssize_t node_offset = offset_of(sample, ptr), parser_offset = offset_of(sample, parser);
    if (node_offset < 0 || parser_offset < 0 || node_offset == parser_offset)
        return PyErr_Format(PyExc_ValueError, "cannot find the node and parser fields of %s",
                            Py_TYPE(sample)->tp_name);
    Py_XSETREF(lxb.node_type, (PyTypeObject *)Py_NewRef(Py_TYPE(sample)));
    lxb.node_offset = node_offset;
    lxb.parser_offset = parser_offset;
    lxb.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", py_init, METH_VARARGS,
     "init(lexbor_functions, sample_node, its_parser): set up with a node selectolax made"},
    {"select", py_select, METH_VARARGS,
     "select(node, clauses, first=False) -> the nodes node.css() gives for the compiled list"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "_select",
                                       "CSS selection for lists of simple selectors (see css.py)", -1,
                                       methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__select(void) {
    no_args = PyTuple_New(0);
    return no_args ? PyModule_Create(&moduledef) : NULL;
}
