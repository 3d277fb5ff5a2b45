/* The density stage's first, context-free pass over the blocks in C.
 *
 * density.python_initial_verdicts is the reference; initial_verdicts gives the same class and
 * reason for every block (tests/test_accel.py), several times faster: the reference calls a
 * function per block, reads a computed property and formats a reason string in Python.
 *
 * A block is bad when more of its text than max_link_density is in links; short below
 * length_low (bad if it holds a link); prose when its stopword share reaches stopwords_high
 * (good beyond length_high, else near-good); near-good from stopwords_low; else bad. A heading
 * that comes out bad for any reason but its links is short instead: its neighbours decide.
 * Every number in a reason is written as Python writes it (PyOS_double_to_string, as
 * format(x, ".2f") does); the thresholds' own text comes from Python.
 *
 * card_sums adds up, per container, what density._teaser_card_blocks asks of a container's
 * own blocks (its reference is the first loop there, density.python_card_sums): how many,
 * their characters, how many are linked elsewhere, the unlinked characters, and headlines.
 *
 * block_prose and main_sums are the two loops over the blocks in combine.choose_main (their
 * references: combine.python_block_prose and combine.python_main_sums): per block its prose
 * characters and per container the prose of its own blocks; then, once the negative containers
 * are known, per container the prose and all text that count for the article's place.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "_slotted.h"

static struct {
    int ready;
    PyObject *bad, *short_, *near_good, *good; /* density.Density members */
    PyObject *heading;                         /* BlockKind.HEADING */
    slotted block;    /* segment.RawBlock: kind, container, level, links, text */
    slotted features; /* features.BlockFeatures: chars, words, stopwords, link_density */
    slotted link;     /* model.Link: href */
    slotted verdict;  /* density.DensityVerdict: final */
    PyObject *fold_words; /* features.fold_words */
} D;

enum { B_KIND, B_CONTAINER, B_LEVEL, B_LINKS, B_TEXT };
enum { F_CHARS, F_WORDS, F_STOPWORDS, F_LINK_DENSITY };

/* format(x, ".2f") */
static char *two_places(double x) { return PyOS_double_to_string(x, 'f', 2, 0, NULL); }

/* Every block is a RawBlock and every features entry a BlockFeatures (the slots read here);
 * else the reference decides. The two sequences have the same length. */
static int known_types(PyObject *blocks, PyObject *features) {
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(blocks); i++)
        if (!Py_IS_TYPE(PyList_GET_ITEM(blocks, i), D.block.type) ||
            !Py_IS_TYPE(PyTuple_GET_ITEM(features, i), D.features.type))
            return 0;
    return 1;
}

/* The class and reason of one block (both new references), or -1 with an exception. */
static int one_block(PyObject *block, PyObject *f, int has_stoplist, const double th[5], PyObject *const text[3],
                     PyObject **cls, PyObject **why) {
    PyObject *chars_o = slotted_get(&D.features, f, F_CHARS), *words_o = slotted_get(&D.features, f, F_WORDS);
    PyObject *stops_o = slotted_get(&D.features, f, F_STOPWORDS), *link_o = slotted_get(&D.features, f, F_LINK_DENSITY);
    PyObject *kind = slotted_get(&D.block, block, B_KIND);
    if (!chars_o || !words_o || !stops_o || !link_o || !kind || !PyLong_CheckExact(chars_o) ||
        !PyLong_CheckExact(words_o) || !PyLong_CheckExact(stops_o) || !PyFloat_CheckExact(link_o)) {
        PyErr_SetString(PyExc_TypeError, "block features: int chars, words, stopwords and float link_density");
        return -1;
    }
    Py_ssize_t chars = PyLong_AsSsize_t(chars_o), words = PyLong_AsSsize_t(words_o);
    Py_ssize_t stops = PyLong_AsSsize_t(stops_o);
    if (PyErr_Occurred()) return -1;
    double link = PyFloat_AS_DOUBLE(link_o);
    /* BlockFeatures.stopword_density, or 1.0 where the page has no stopword list */
    double stop = !has_stoplist ? 1.0 : words ? (double)stops / (double)words : 0.0;
    const double max_link = th[0], length_low = th[1], stop_high = th[2], length_high = th[3], stop_low = th[4];
    char *num = NULL;
    if (link > max_link) {
        *cls = D.bad;
        num = two_places(link);
        *why = num ? PyUnicode_FromFormat("density:link-density %s%U", num, text[0]) : NULL;
    } else if ((double)chars < length_low) {
        if (link > 0) {
            *cls = D.bad;
            *why = PyUnicode_FromString("density:short-with-link");
        } else {
            *cls = D.short_;
            *why = PyUnicode_FromFormat("density:short %zd%U", chars, text[1]);
        }
    } else if (stop >= stop_high) {
        num = two_places(stop);
        if ((double)chars > length_high) {
            *cls = D.good;
            *why = num ? PyUnicode_FromFormat("density:prose %zd chars, stopwords %s", chars, num) : NULL;
        } else {
            *cls = D.near_good;
            *why = num ? PyUnicode_FromFormat("density:near-good %zd chars, stopwords %s", chars, num) : NULL;
        }
    } else if (stop >= stop_low) {
        *cls = D.near_good;
        num = two_places(stop);
        *why = num ? PyUnicode_FromFormat("density:near-good stopwords %s", num) : NULL;
    } else {
        *cls = D.bad;
        num = two_places(stop);
        *why = num ? PyUnicode_FromFormat("density:few-stopwords %s%U", num, text[2]) : NULL;
    }
    PyMem_Free(num);
    if (!*why) return -1;
    /* a heading is short by nature; jusText lets neighbours decide it */
    if (*cls == D.bad && kind == D.heading && link <= max_link) {
        *cls = D.short_;
        Py_SETREF(*why, PyUnicode_FromString("density:heading"));
        if (!*why) return -1;
    }
    Py_INCREF(*cls);
    return 0;
}

/* initial_verdicts(blocks, features, has_stoplist, (max_link_density, length_low, stopwords_high,
 * length_high, stopwords_low), (link suffix, short suffix, few-stopwords suffix))
 * -> (list of Density, list of reasons), or None where a block or its features is of another
 * type than the ones init() was given (the reference decides then). */
static PyObject *py_initial_verdicts(PyObject *self, PyObject *args) {
    PyObject *blocks, *features, *text_tuple;
    int has_stoplist;
    double th[5];
    if (!PyArg_ParseTuple(args, "O!O!p(ddddd)O!", &PyList_Type, &blocks, &PyTuple_Type, &features, &has_stoplist,
                          &th[0], &th[1], &th[2], &th[3], &th[4], &PyTuple_Type, &text_tuple))
        return NULL;
    if (!D.ready) {
        PyErr_SetString(PyExc_RuntimeError, "_density.init() has not been called");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(blocks);
    if (PyTuple_GET_SIZE(features) != n || PyTuple_GET_SIZE(text_tuple) != 3) {
        PyErr_SetString(PyExc_ValueError, "one features entry per block, three threshold texts");
        return NULL;
    }
    PyObject *text[3];
    for (int k = 0; k < 3; k++) {
        text[k] = PyTuple_GET_ITEM(text_tuple, k);
        if (!PyUnicode_Check(text[k])) {
            PyErr_SetString(PyExc_TypeError, "threshold texts must be str");
            return NULL;
        }
    }
    if (!known_types(blocks, features)) Py_RETURN_NONE;
    PyObject *classes = PyList_New(n), *reasons = PyList_New(n);
    if (!classes || !reasons) goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *cls, *why;
        if (one_block(PyList_GET_ITEM(blocks, i), PyTuple_GET_ITEM(features, i), has_stoplist, th, text, &cls, &why) < 0)
            goto fail;
        PyList_SET_ITEM(classes, i, cls);
        PyList_SET_ITEM(reasons, i, why);
    }
    return Py_BuildValue("(NN)", classes, reasons);
fail:
    Py_XDECREF(classes);
    Py_XDECREF(reasons);
    return NULL;
}

/* Whether a block of a teaser card's shape is linked: most of its text in links, and a link
 * that leads off this page (not "#block-6791"). 1, 0, or -1 with an exception. */
static int links_elsewhere(PyObject *links) {
    if (!PyTuple_Check(links)) {
        PyErr_SetString(PyExc_TypeError, "block links must be a tuple");
        return -1;
    }
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(links); k++) {
        PyObject *link = PyTuple_GET_ITEM(links, k);
        PyObject *href = Py_IS_TYPE(link, D.link.type) ? slotted_get(&D.link, link, 0) : NULL;
        if (!href || !PyUnicode_Check(href)) {
            PyErr_SetString(PyExc_TypeError, "links must be model.Link with a str href");
            return -1;
        }
        if (!PyUnicode_GET_LENGTH(href) || PyUnicode_READ_CHAR(href, 0) != '#') return 1;
    }
    return 0; /* all(...) over no links is True: none leads elsewhere */
}

/* A tuple of `k` lists of `n` ints each, read from `sums` one list after the other. */
static PyObject *int_lists(const Py_ssize_t *sums, int k, Py_ssize_t n) {
    PyObject *result = PyTuple_New(k);
    for (int j = 0; result && j < k; j++) {
        PyObject *list = PyList_New(n);
        if (!list) {
            Py_CLEAR(result);
            break;
        }
        PyTuple_SET_ITEM(result, j, list);
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *v = PyLong_FromSsize_t(sums[j * n + i]);
            if (!v) {
                Py_CLEAR(result);
                break;
            }
            PyList_SET_ITEM(list, i, v);
        }
    }
    return result;
}

/* card_sums(blocks, features, n_containers, card_link_density, folded_headline)
 * -> (count, chars, linked, dek, headline) per container: the own sums _teaser_card_blocks
 * adds up, or None where a block or its features is of another type. */
static PyObject *py_card_sums(PyObject *self, PyObject *args) {
    PyObject *blocks, *features, *folded;
    Py_ssize_t n;
    double card_link;
    if (!PyArg_ParseTuple(args, "O!O!ndO", &PyList_Type, &blocks, &PyTuple_Type, &features, &n, &card_link, &folded))
        return NULL;
    if (!D.ready) {
        PyErr_SetString(PyExc_RuntimeError, "_density.init() has not been called");
        return NULL;
    }
    Py_ssize_t nblocks = PyList_GET_SIZE(blocks);
    if (PyTuple_GET_SIZE(features) != nblocks || n < 0) {
        PyErr_SetString(PyExc_ValueError, "one features entry per block");
        return NULL;
    }
    if (!known_types(blocks, features)) Py_RETURN_NONE;
    Py_ssize_t *sums = PyMem_Calloc(5 * (size_t)n + 1, sizeof(Py_ssize_t));
    if (!sums) return PyErr_NoMemory();
    Py_ssize_t *count = sums, *chars = sums + n, *linked = sums + 2 * n, *dek = sums + 3 * n, *headline = sums + 4 * n;
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < nblocks; i++) {
        PyObject *b = PyList_GET_ITEM(blocks, i), *f = PyTuple_GET_ITEM(features, i);
        PyObject *cid_o = slotted_get(&D.block, b, B_CONTAINER), *chars_o = slotted_get(&D.features, f, F_CHARS);
        PyObject *link_o = slotted_get(&D.features, f, F_LINK_DENSITY);
        if (!cid_o || !chars_o || !link_o || !PyFloat_CheckExact(link_o)) {
            PyErr_SetString(PyExc_TypeError, "blocks need a container, features chars and a float link density");
            goto done;
        }
        Py_ssize_t cid = PyLong_AsSsize_t(cid_o), c = PyLong_AsSsize_t(chars_o);
        if (PyErr_Occurred()) goto done;
        if (cid < 0 || cid >= n) {
            PyErr_SetString(PyExc_IndexError, "block container out of range");
            goto done;
        }
        count[cid]++;
        chars[cid] += c;
        int elsewhere = 0;
        if (PyFloat_AS_DOUBLE(link_o) >= card_link) {
            elsewhere = links_elsewhere(slotted_get(&D.block, b, B_LINKS));
            if (elsewhere < 0) goto done;
        }
        if (elsewhere) linked[cid]++;
        else dek[cid] += c;
        if (slotted_get(&D.block, b, B_KIND) == D.heading) {
            PyObject *level = slotted_get(&D.block, b, B_LEVEL);
            int top = level && PyLong_Check(level) && PyLong_AsLong(level) == 1;
            if (!top && folded != Py_None) { /* the heading that reads as the page's title */
                PyObject *words = PyObject_CallOneArg(D.fold_words, slotted_get(&D.block, b, B_TEXT));
                if (!words) goto done;
                top = PyObject_RichCompareBool(words, folded, Py_EQ);
                Py_DECREF(words);
                if (top < 0) goto done;
            }
            if (top) headline[cid]++;
        }
    }
    result = int_lists(sums, 5, n);
done:
    PyMem_Free(sums);
    return result;
}

/* A block's container id when it is one of the `n` containers; -1 where it is not an int in
 * range (the reference decides then: Python indexes from the end with a negative id), -2 with
 * an exception. */
static Py_ssize_t block_container(PyObject *block, Py_ssize_t n) {
    PyObject *cid_o = slotted_get(&D.block, block, B_CONTAINER);
    if (!cid_o || !PyLong_CheckExact(cid_o)) return -1;
    Py_ssize_t cid = PyLong_AsSsize_t(cid_o);
    if (cid == -1 && PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_OverflowError)) return -2;
        PyErr_Clear();
    }
    return cid >= 0 && cid < n ? cid : -1;
}

/* block_prose(blocks, features, density verdicts or None, n_containers)
 * -> (per block its characters if its final class is GOOD, or all without verdicts; per
 * container the sum of those of its own blocks), or None where the reference decides. */
static PyObject *py_block_prose(PyObject *self, PyObject *args) {
    PyObject *blocks, *features, *verdicts;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "O!O!On", &PyList_Type, &blocks, &PyTuple_Type, &features, &verdicts, &n))
        return NULL;
    if (!D.ready) {
        PyErr_SetString(PyExc_RuntimeError, "_density.init() has not been called");
        return NULL;
    }
    Py_ssize_t nblocks = PyList_GET_SIZE(blocks);
    if (PyTuple_GET_SIZE(features) != nblocks || n < 0 ||
        (verdicts != Py_None && (!PyTuple_Check(verdicts) || PyTuple_GET_SIZE(verdicts) != nblocks))) {
        PyErr_SetString(PyExc_ValueError, "one features entry and one verdict (or None) per block");
        return NULL;
    }
    if (!known_types(blocks, features)) Py_RETURN_NONE;
    if (verdicts != Py_None)
        for (Py_ssize_t i = 0; i < nblocks; i++)
            if (!Py_IS_TYPE(PyTuple_GET_ITEM(verdicts, i), D.verdict.type)) Py_RETURN_NONE;
    Py_ssize_t *own = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    PyObject *good = PyList_New(nblocks), *zero = PyLong_FromLong(0), *result = NULL;
    if (!own || !good || !zero) {
        if (!own) PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < nblocks; i++) {
        PyObject *chars_o = slotted_get(&D.features, PyTuple_GET_ITEM(features, i), F_CHARS);
        Py_ssize_t cid = block_container(PyList_GET_ITEM(blocks, i), n);
        if (cid == -2) goto done;
        if (cid < 0 || !chars_o || !PyLong_CheckExact(chars_o)) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        int prose = verdicts == Py_None ||
                    slotted_get(&D.verdict, PyTuple_GET_ITEM(verdicts, i), 0) == D.good;
        if (prose) {
            int overflow;
            long long chars = PyLong_AsLongLongAndOverflow(chars_o, &overflow);
            if (overflow) { /* no page has such numbers: Python's ints do */
                result = Py_NewRef(Py_None);
                goto done;
            }
            own[cid] += chars;
        }
        PyList_SET_ITEM(good, i, Py_NewRef(prose ? chars_o : zero));
    }
    PyObject *sums = int_lists(own, 1, n);
    if (sums) {
        result = PyTuple_Pack(2, good, PyTuple_GET_ITEM(sums, 0));
        Py_DECREF(sums);
    }
done:
    PyMem_Free(own);
    Py_XDECREF(good);
    Py_XDECREF(zero);
    return result;
}

/* main_sums(blocks, features, good, under_negative, structured_kinds, max_link_density)
 * -> (prose, total) per container of its own blocks: a block's prose characters (`good`) count
 * as prose and text where no negative container is around it (under_negative[cid] < 0);
 * otherwise all its characters count as text, unless it is a row or item (a kind in
 * `structured_kinds`) with at most max_link_density of it in links. None where the reference
 * decides. */
static PyObject *py_main_sums(PyObject *self, PyObject *args) {
    PyObject *blocks, *features, *good, *under, *structured;
    double max_link;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!d", &PyList_Type, &blocks, &PyTuple_Type, &features, &PyList_Type,
                          &good, &PyList_Type, &under, &PyFrozenSet_Type, &structured, &max_link))
        return NULL;
    if (!D.ready) {
        PyErr_SetString(PyExc_RuntimeError, "_density.init() has not been called");
        return NULL;
    }
    Py_ssize_t nblocks = PyList_GET_SIZE(blocks), n = PyList_GET_SIZE(under);
    if (PyTuple_GET_SIZE(features) != nblocks || PyList_GET_SIZE(good) != nblocks) {
        PyErr_SetString(PyExc_ValueError, "one features entry and one prose count per block");
        return NULL;
    }
    if (!known_types(blocks, features)) Py_RETURN_NONE;
    Py_ssize_t *sums = PyMem_Calloc(2 * (size_t)n + 1, sizeof(Py_ssize_t));
    if (!sums) return PyErr_NoMemory();
    Py_ssize_t *prose = sums, *total = sums + n;
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < nblocks; i++) {
        PyObject *b = PyList_GET_ITEM(blocks, i), *f = PyTuple_GET_ITEM(features, i);
        PyObject *good_o = PyList_GET_ITEM(good, i), *chars_o = slotted_get(&D.features, f, F_CHARS);
        PyObject *link_o = slotted_get(&D.features, f, F_LINK_DENSITY), *kind = slotted_get(&D.block, b, B_KIND);
        Py_ssize_t cid = block_container(b, n);
        if (cid == -2) goto done;
        if (cid < 0 || !PyLong_CheckExact(good_o) || !chars_o || !PyLong_CheckExact(chars_o) || !link_o ||
            !PyFloat_CheckExact(link_o) || !kind) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        PyObject *under_o = PyList_GET_ITEM(under, cid);
        if (!PyLong_CheckExact(under_o)) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        int overflow_g, overflow_c, overflow_u;
        long long g = PyLong_AsLongLongAndOverflow(good_o, &overflow_g);
        long long chars = PyLong_AsLongLongAndOverflow(chars_o, &overflow_c);
        long long negative = PyLong_AsLongLongAndOverflow(under_o, &overflow_u);
        if (overflow_g || overflow_c || overflow_u) { /* no page has such numbers: Python's ints do */
            result = Py_NewRef(Py_None);
            goto done;
        }
        if (g && negative < 0) {
            prose[cid] += g;
            total[cid] += g;
            continue;
        }
        int structured_kind = PySet_Contains(structured, kind);
        if (structured_kind < 0) goto done;
        if (!structured_kind || PyFloat_AS_DOUBLE(link_o) > max_link) total[cid] += chars;
    }
    result = int_lists(sums, 2, n);
done:
    PyMem_Free(sums);
    return result;
}

/* init((BAD, SHORT, NEAR_GOOD, GOOD), HEADING, (RawBlock, fields), (BlockFeatures, fields),
 *      (Link, ("href",)), (DensityVerdict, ("final",)), fold_words) */
static PyObject *py_init(PyObject *self, PyObject *args) {
    PyObject *block, *block_fields, *feats, *feat_fields, *heading, *link, *link_fields, *verdict, *verdict_fields;
    PyObject *fold, *members[4];
    if (!PyArg_ParseTuple(args, "(OOOO)O(OO!)(OO!)(OO!)(OO!)O", &members[0], &members[1], &members[2], &members[3],
                          &heading, &block, &PyTuple_Type, &block_fields, &feats, &PyTuple_Type, &feat_fields,
                          &link, &PyTuple_Type, &link_fields, &verdict, &PyTuple_Type, &verdict_fields, &fold))
        return NULL;
    D.ready = 0;
    if (slotted_init(&D.block, block, block_fields) < 0 || slotted_init(&D.features, feats, feat_fields) < 0 ||
        slotted_init(&D.link, link, link_fields) < 0 || slotted_init(&D.verdict, verdict, verdict_fields) < 0)
        return NULL;
    if (D.block.nfields != 5 || D.features.nfields != 4 || D.link.nfields != 1 || D.verdict.nfields != 1 ||
        !PyCallable_Check(fold)) {
        PyErr_SetString(PyExc_ValueError, "RawBlock: kind, container, level, links, text; BlockFeatures: chars, "
                                          "words, stopwords, link_density; Link: href; DensityVerdict: final; "
                                          "fold_words callable");
        return NULL;
    }
    Py_XSETREF(D.fold_words, Py_NewRef(fold));
    Py_XSETREF(D.bad, Py_NewRef(members[0]));
    Py_XSETREF(D.short_, Py_NewRef(members[1]));
    Py_XSETREF(D.near_good, Py_NewRef(members[2]));
    Py_XSETREF(D.good, Py_NewRef(members[3]));
    Py_XSETREF(D.heading, Py_NewRef(heading));
    D.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", py_init, METH_VARARGS,
     "init((BAD, SHORT, NEAR_GOOD, GOOD), HEADING, (RawBlock, fields), (BlockFeatures, fields), (Link, fields), "
     "(DensityVerdict, fields), fold_words)"},
    {"card_sums", py_card_sums, METH_VARARGS,
     "card_sums(blocks, features, n_containers, card_link_density, folded_headline) -> five lists, or None"},
    {"block_prose", py_block_prose, METH_VARARGS,
     "block_prose(blocks, features, verdicts or None, n_containers) -> (per block, per container), or None"},
    {"main_sums", py_main_sums, METH_VARARGS,
     "main_sums(blocks, features, good, under_negative, structured_kinds, max_link_density) -> (prose, total), or None"},
    {"initial_verdicts", py_initial_verdicts, METH_VARARGS,
     "initial_verdicts(blocks, features, has_stoplist, thresholds, threshold texts) -> (classes, reasons) or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_density", "The density stage's first pass in C (see _density.c).", -1, methods,
    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__density(void) { return PyModule_Create(&module); }
