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
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "_slotted.h"

static struct {
    int ready;
    PyObject *bad, *short_, *near_good, *good; /* density.Density members */
    PyObject *heading;                         /* BlockKind.HEADING */
    slotted block;                             /* segment.RawBlock: kind */
    slotted features;                          /* features.BlockFeatures: chars, words, stopwords, link_density */
} D;

/* format(x, ".2f") */
static char *two_places(double x) { return PyOS_double_to_string(x, 'f', 2, 0, NULL); }

/* The class and reason of one block (both new references), or -1 with an exception. */
static int one_block(PyObject *block, PyObject *f, int has_stoplist, const double th[5], PyObject *const text[3],
                     PyObject **cls, PyObject **why) {
    PyObject *chars_o = slotted_get(&D.features, f, 0), *words_o = slotted_get(&D.features, f, 1);
    PyObject *stops_o = slotted_get(&D.features, f, 2), *link_o = slotted_get(&D.features, f, 3);
    PyObject *kind = slotted_get(&D.block, block, 0);
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
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_IS_TYPE(PyList_GET_ITEM(blocks, i), D.block.type) ||
            !Py_IS_TYPE(PyTuple_GET_ITEM(features, i), D.features.type))
            Py_RETURN_NONE;
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

/* init((BAD, SHORT, NEAR_GOOD, GOOD), HEADING, (RawBlock, ("kind",)),
 *      (BlockFeatures, ("chars", "words", "stopwords", "link_density"))) */
static PyObject *py_init(PyObject *self, PyObject *args) {
    PyObject *block, *block_fields, *feats, *feat_fields, *heading;
    PyObject *members[4];
    if (!PyArg_ParseTuple(args, "(OOOO)O(OO!)(OO!)", &members[0], &members[1], &members[2], &members[3], &heading,
                          &block, &PyTuple_Type, &block_fields, &feats, &PyTuple_Type, &feat_fields))
        return NULL;
    D.ready = 0;
    if (slotted_init(&D.block, block, block_fields) < 0 || slotted_init(&D.features, feats, feat_fields) < 0)
        return NULL;
    if (D.block.nfields != 1 || D.features.nfields != 4) {
        PyErr_SetString(PyExc_ValueError, "RawBlock: kind; BlockFeatures: chars, words, stopwords, link_density");
        return NULL;
    }
    Py_XSETREF(D.bad, Py_NewRef(members[0]));
    Py_XSETREF(D.short_, Py_NewRef(members[1]));
    Py_XSETREF(D.near_good, Py_NewRef(members[2]));
    Py_XSETREF(D.good, Py_NewRef(members[3]));
    Py_XSETREF(D.heading, Py_NewRef(heading));
    D.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", py_init, METH_VARARGS, "init((BAD, SHORT, NEAR_GOOD, GOOD), HEADING, (RawBlock, fields), (BlockFeatures, fields))"},
    {"initial_verdicts", py_initial_verdicts, METH_VARARGS,
     "initial_verdicts(blocks, features, has_stoplist, thresholds, threshold texts) -> (classes, reasons) or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_density", "The density stage's first pass in C (see _density.c).", -1, methods,
    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__density(void) { return PyModule_Create(&module); }
