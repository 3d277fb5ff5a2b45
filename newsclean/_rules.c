/* The rule stage's container verdicts in C.
 *
 * rules.python_container_verdicts is the reference; container_verdicts(containers) gives the
 * same verdict for every container (tests/test_accel.py), several times faster: the reference
 * runs a cached Python function per container (a page holds hundreds), and for each class+id
 * string no cache has seen (ids and utility classes vary from page to page) it splits the class
 * names with str methods and a regex and joins candidate tokens in Python.
 *
 * Decided here: a container with no forced verdict, no role and no itemprop, whose tag is ASCII
 * and whose class+id string is ASCII without \x1c-\x1f (str.split() splits there, the
 * reference's regex does not). Every other container, about one in fifty, goes to the reference's own function for one
 * container, handed to init() as `fallback`.
 *
 * How a container is decided (rules.container_verdict):
 * - candidates: its tag's verdict, then the verdicts of the table tokens among its class/id
 *   parts, first token per table group, less the groups its tag is exempt from;
 * - an item of a recommendation widget without the vendor's paid mark is related;
 * - the candidate of best precedence wins, the first among equals;
 * - an <article> that is also a teaser card is decided as the card (`card_verdict`).
 * How class names are split into parts: at "-", "_" and ASCII digits, and between a lower-case
 * and an upper-case letter (camelCase); parts are lower-cased, empty ones dropped. A table token
 * of up to max_parts parts matches consecutive parts of one name, longest first, starting only
 * at a part that starts some token.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include "_bytetable.h"
#include "_slotted.h"

/* ---- the tables, from init() */

static struct {
    int ready;
    table tokens;   /* "mehr-zum-thema" -> (group id, group, Verdict, precedence, is teaser card) */
    table starts;   /* first part of every token -> True */
    table tags;     /* "nav" -> (Verdict, precedence, names an article element, is teaser card) */
    table items;    /* recommendation widget item classes, lower case -> True */
    table paid;     /* the widget's paid marks, lower case -> True */
    PyObject *tag_exempt;     /* dict: tag -> frozenset of the token groups that say nothing about it */
    PyObject *widget_verdict; /* an unpaid widget item's Verdict */
    PyObject *card_verdict;   /* (article Verdict, card Verdict) -> the Verdict of both */
    PyObject *fallback;       /* Container -> Verdict | None: the reference for one container */
    Py_ssize_t max_parts, ngroups;
    slotted container; /* segment.Container: forced, tag, role, itemprop, hints */
} R;

enum { F_FORCED, F_TAG, F_ROLE, F_ITEMPROP, F_HINTS };

typedef struct {
    PyObject *verdict; /* borrowed */
    PyObject *group;   /* borrowed; NULL for the tag's verdict */
    long precedence;
    int card, article;
} candidate;

/* str.split()'s ASCII whitespace, less \x1c-\x1f (those send the string to the reference) */
static int is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int is_separator(char c) { return c == '-' || c == '_' || (c >= '0' && c <= '9'); }

static int readable(PyObject *hints) {
    if (!PyUnicode_IS_ASCII(hints)) return 0;
    const char *s = (const char *)PyUnicode_DATA(hints);
    Py_ssize_t n = PyUnicode_GET_LENGTH(hints);
    for (Py_ssize_t i = 0; i < n; i++)
        if (s[i] >= 0x1c && s[i] <= 0x1f) return 0;
    return 1;
}

typedef struct {
    char *lowered; /* a name lower-cased, then a key: at most max_parts parts and separators */
    char *key;
    Py_ssize_t *starts, *lens; /* the parts of the name being read */
    candidate *found;          /* per group id, in the order the groups were first found */
    char *seen;                /* per group id: found already */
    Py_ssize_t nfound;
} scratch;

static void scratch_free(scratch *w) {
    PyMem_Free(w->lowered);
    PyMem_Free(w->starts);
    PyMem_Free(w->found);
    PyMem_Free(w->seen);
}

static int scratch_init(scratch *w, Py_ssize_t n) {
    memset(w, 0, sizeof(*w));
    w->lowered = PyMem_Malloc((size_t)(2 * n + R.max_parts + 1));
    w->starts = PyMem_Malloc(sizeof(Py_ssize_t) * 2 * (size_t)(n + 1));
    w->found = PyMem_Malloc(sizeof(candidate) * (size_t)(R.ngroups + 1));
    w->seen = PyMem_Calloc((size_t)R.ngroups + 1, 1);
    if (!w->lowered || !w->starts || !w->found || !w->seen) {
        scratch_free(w);
        PyErr_NoMemory();
        return -1;
    }
    w->key = w->lowered + n;
    w->lens = w->starts + n + 1;
    return 0;
}

/* Adds the tokens of one class name to w->found. */
static int name_tokens(scratch *w, const char *name, Py_ssize_t len) {
    Py_ssize_t nparts = 0, used = 0;
    int open = 0; /* a part is being read */
    for (Py_ssize_t i = 0; i < len; i++) {
        char c = name[i];
        if (is_separator(c)) {
            open = 0;
            continue;
        }
        if (open && c >= 'A' && c <= 'Z' && name[i - 1] >= 'a' && name[i - 1] <= 'z') open = 0;
        if (!open) {
            w->starts[nparts] = used;
            w->lens[nparts] = 0;
            nparts++;
            open = 1;
        }
        w->lowered[used++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        w->lens[nparts - 1]++;
    }
    Py_ssize_t i = 0;
    while (i < nparts) {
        if (!table_get(&R.starts, w->lowered + w->starts[i], w->lens[i])) {
            i++;
            continue;
        }
        Py_ssize_t n = nparts - i < R.max_parts ? nparts - i : R.max_parts;
        for (; n > 0; n--) {
            Py_ssize_t keylen = 0;
            for (Py_ssize_t k = i; k < i + n; k++) {
                if (k > i) w->key[keylen++] = '-';
                memcpy(w->key + keylen, w->lowered + w->starts[k], (size_t)w->lens[k]);
                keylen += w->lens[k];
            }
            PyObject *hit = table_get(&R.tokens, w->key, keylen);
            if (!hit) continue;
            Py_ssize_t group = PyLong_AsSsize_t(PyTuple_GET_ITEM(hit, 0));
            if (group < 0 || group >= R.ngroups) {
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "token group id out of range");
                return -1;
            }
            if (!w->seen[group]) {
                w->seen[group] = 1;
                w->found[w->nfound++] = (candidate){
                    PyTuple_GET_ITEM(hit, 2), PyTuple_GET_ITEM(hit, 1),
                    PyLong_AsLong(PyTuple_GET_ITEM(hit, 3)), PyObject_IsTrue(PyTuple_GET_ITEM(hit, 4)), 0};
            }
            break;
        }
        i += n > 0 ? n : 1;
    }
    return 0;
}

/* The token verdicts of a readable class+id string, first per group, into w->found. */
static int hint_tokens(scratch *w, const char *s, Py_ssize_t n) {
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && is_space(s[i])) i++;
        Py_ssize_t start = i;
        while (i < n && !is_space(s[i])) i++;
        if (i > start && name_tokens(w, s + start, i - start) < 0) return -1;
    }
    return 0;
}

/* Some name, lower-cased, is in `names` (an empty table holds none). */
static int any_name_in(const table *names, scratch *w, const char *s, Py_ssize_t n) {
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && is_space(s[i])) i++;
        Py_ssize_t start = i;
        while (i < n && !is_space(s[i])) i++;
        for (Py_ssize_t k = start; k < i; k++) w->lowered[k - start] = (char)Py_TOLOWER(s[k]);
        if (i > start && table_get(names, w->lowered, i - start)) return 1;
    }
    return 0;
}

/* rules.container_verdict(tag, "", "", hints) for a readable hints string: a new reference. */
static PyObject *decide(PyObject *tag, PyObject *hints) {
    const char *s = (const char *)PyUnicode_DATA(hints);
    Py_ssize_t n = PyUnicode_GET_LENGTH(hints);
    scratch w;
    if (scratch_init(&w, n) < 0) return NULL;
    PyObject *result = NULL;
    candidate tagged = {NULL, NULL, 0, 0, 0};
    PyObject *entry = table_get(&R.tags, (const char *)PyUnicode_DATA(tag), PyUnicode_GET_LENGTH(tag));
    if (entry) {
        tagged = (candidate){PyTuple_GET_ITEM(entry, 0), NULL, PyLong_AsLong(PyTuple_GET_ITEM(entry, 1)),
                             PyObject_IsTrue(PyTuple_GET_ITEM(entry, 3)), PyObject_IsTrue(PyTuple_GET_ITEM(entry, 2))};
    }
    if (n) {
        if (hint_tokens(&w, s, n) < 0) goto done;
        PyObject *exempt = PyDict_GetItemWithError(R.tag_exempt, tag);
        if (!exempt && PyErr_Occurred()) goto done;
        if (exempt) { /* drop the exempt groups' verdicts, keeping the order */
            Py_ssize_t kept = 0;
            for (Py_ssize_t i = 0; i < w.nfound; i++) {
                int out = PySequence_Contains(exempt, w.found[i].group);
                if (out < 0) goto done;
                if (!out) w.found[kept++] = w.found[i];
            }
            w.nfound = kept;
        }
        if (any_name_in(&R.items, &w, s, n) && !any_name_in(&R.paid, &w, s, n)) {
            result = Py_NewRef(R.widget_verdict);
            goto done;
        }
    }
    /* the candidates in the reference's order: the tag's, then the tokens' */
    const candidate *picked = tagged.verdict ? &tagged : NULL;
    for (Py_ssize_t i = 0; i < w.nfound; i++)
        if (!picked || w.found[i].precedence < picked->precedence) picked = &w.found[i];
    if (!picked) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    if (picked->article) { /* the first teaser card among the candidates, in their order */
        const candidate *card = tagged.verdict && tagged.card ? &tagged : NULL;
        for (Py_ssize_t i = 0; !card && i < w.nfound; i++)
            if (w.found[i].card) card = &w.found[i];
        if (card) {
            result = PyObject_CallFunctionObjArgs(R.card_verdict, picked->verdict, card->verdict, NULL);
            goto done;
        }
    }
    result = Py_NewRef(picked->verdict);
done:
    scratch_free(&w);
    if (result && PyErr_Occurred()) Py_CLEAR(result); /* a bad table value (PyLong_AsLong) */
    return result;
}

static PyObject *one_container(PyObject *c) {
    if (Py_IS_TYPE(c, R.container.type)) {
        PyObject *forced = slotted_get(&R.container, c, F_FORCED);
        PyObject *tag = slotted_get(&R.container, c, F_TAG);
        PyObject *role = slotted_get(&R.container, c, F_ROLE);
        PyObject *itemprop = slotted_get(&R.container, c, F_ITEMPROP);
        PyObject *hints = slotted_get(&R.container, c, F_HINTS);
        if (forced == Py_None && tag && PyUnicode_CheckExact(tag) && PyUnicode_IS_ASCII(tag) && role && PyUnicode_CheckExact(role) &&
            !PyUnicode_GET_LENGTH(role) && itemprop && PyUnicode_CheckExact(itemprop) &&
            !PyUnicode_GET_LENGTH(itemprop) && hints && PyUnicode_CheckExact(hints) && readable(hints))
            return decide(tag, hints);
    }
    return PyObject_CallOneArg(R.fallback, c);
}

static PyObject *py_container_verdicts(PyObject *self, PyObject *containers) {
    if (!R.ready) {
        PyErr_SetString(PyExc_RuntimeError, "_rules.init() has not been called");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(containers, "containers must be a sequence");
    if (!seq) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        PyObject *verdict = one_container(PySequence_Fast_GET_ITEM(seq, i));
        if (!verdict) Py_CLEAR(out);
        else PyList_SET_ITEM(out, i, verdict);
    }
    Py_DECREF(seq);
    return out;
}

/* The verdicts of the table tokens in a readable class+id string, first per group, or None
 * where the reference must decide: what container_verdicts uses, for the tests. */
static PyObject *py_token_verdicts(PyObject *self, PyObject *hints) {
    if (!R.ready) {
        PyErr_SetString(PyExc_RuntimeError, "_rules.init() has not been called");
        return NULL;
    }
    if (!PyUnicode_Check(hints)) {
        PyErr_SetString(PyExc_TypeError, "hints must be a str");
        return NULL;
    }
    if (!readable(hints)) Py_RETURN_NONE;
    Py_ssize_t n = PyUnicode_GET_LENGTH(hints);
    scratch w;
    if (scratch_init(&w, n) < 0) return NULL;
    PyObject *result = NULL;
    if (hint_tokens(&w, (const char *)PyUnicode_DATA(hints), n) == 0 && (result = PyTuple_New(w.nfound)))
        for (Py_ssize_t i = 0; i < w.nfound; i++) PyTuple_SET_ITEM(result, i, Py_NewRef(w.found[i].verdict));
    scratch_free(&w);
    return result;
}

static PyObject *py_init(PyObject *self, PyObject *args) {
    PyObject *tokens, *starts, *tags, *exempt, *items, *paid, *widget, *card, *fallback, *container, *fields;
    Py_ssize_t max_parts, ngroups;
    if (!PyArg_ParseTuple(args, "O!O!nnO!O!O!O!OOO(OO)", &PyDict_Type, &tokens, &PyDict_Type, &starts, &max_parts,
                          &ngroups, &PyDict_Type, &tags, &PyDict_Type, &exempt, &PyDict_Type, &items, &PyDict_Type,
                          &paid, &widget, &card, &fallback, &container, &fields))
        return NULL;
    if (max_parts < 1 || ngroups < 0) {
        PyErr_SetString(PyExc_ValueError, "max_parts must be at least 1, ngroups at least 0");
        return NULL;
    }
    /* every table value is read without checks in the hot loop: check them once here */
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(tokens, &pos, &key, &value)) {
        if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) != 5 || !PyLong_Check(PyTuple_GET_ITEM(value, 0)) ||
            !PyLong_Check(PyTuple_GET_ITEM(value, 3))) {
            PyErr_SetString(PyExc_TypeError, "token values: (group id, group, verdict, precedence, card)");
            return NULL;
        }
    }
    pos = 0;
    while (PyDict_Next(tags, &pos, &key, &value)) {
        if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) != 4 || !PyLong_Check(PyTuple_GET_ITEM(value, 1))) {
            PyErr_SetString(PyExc_TypeError, "tag values: (verdict, precedence, article, card)");
            return NULL;
        }
    }
    if (!PyCallable_Check(card) || !PyCallable_Check(fallback)) {
        PyErr_SetString(PyExc_TypeError, "card_verdict and fallback must be callable");
        return NULL;
    }
    R.ready = 0;
    if (table_build(&R.tokens, tokens) < 0 || table_build(&R.starts, starts) < 0 || table_build(&R.tags, tags) < 0 ||
        table_build(&R.items, items) < 0 || table_build(&R.paid, paid) < 0 ||
        slotted_init(&R.container, container, fields) < 0)
        return NULL;
    if (R.container.nfields != 5) {
        PyErr_SetString(PyExc_TypeError, "container fields: forced, tag, role, itemprop, hints");
        return NULL;
    }
    Py_XSETREF(R.tag_exempt, Py_NewRef(exempt));
    Py_XSETREF(R.widget_verdict, Py_NewRef(widget));
    Py_XSETREF(R.card_verdict, Py_NewRef(card));
    Py_XSETREF(R.fallback, Py_NewRef(fallback));
    R.max_parts = max_parts;
    R.ngroups = ngroups;
    R.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", py_init, METH_VARARGS,
     "init(tokens, starts, max_parts, ngroups, tags, tag_exempt, widget_items, widget_paid, widget_verdict, "
     "card_verdict, fallback, (Container, fields))"},
    {"container_verdicts", py_container_verdicts, METH_O, "container_verdicts(containers) -> list of verdicts"},
    {"token_verdicts", py_token_verdicts, METH_O,
     "token_verdicts(hints) -> tuple of verdicts, or None where the reference must decide"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_rules", "The rule stage's container verdicts in C (see _rules.c).", -1, methods,
    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__rules(void) { return PyModule_Create(&module); }
