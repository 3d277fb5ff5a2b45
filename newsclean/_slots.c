/* Fast constructors for the slotted dataclasses made once per block (model.Block,
 * density.DensityVerdict, combine.BlockLabel).
 *
 * A frozen dataclass's generated __init__ sets each field through object.__setattr__: 3 µs for
 * a Block, and a page makes one per block per stage. maker(cls) returns a callable taking every
 * field positionally, in field order, that fills a new instance's slots directly (_slotted.h):
 * the same object, a tenth of the time. _accel.slot_maker falls back to the class itself.
 *
 * blocks() is assemble.python_blocks in C: the loop that makes the Document's Block of every
 * block from its RawBlock and its BlockLabel, a few hundred per page, each reading a dozen
 * fields in Python. Link targets are still resolved by the Python callable it is handed, and
 * the link density is rounded by the built-in round(), as there.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "_slotted.h"

typedef struct {
    PyObject_HEAD
    slotted cls;
    vectorcallfunc vectorcall;
} Maker;

static PyObject *maker_call(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    Maker *m = (Maker *)self;
    Py_ssize_t n = PyVectorcall_NARGS(nargsf);
    if (n != m->cls.nfields || (kwnames && PyTuple_GET_SIZE(kwnames))) {
        return PyErr_Format(PyExc_TypeError, "%s maker takes exactly %zd positional arguments (%zd given)",
                            m->cls.type->tp_name, m->cls.nfields, n);
    }
    return slotted_new(&m->cls, args);
}

static void maker_dealloc(PyObject *self) {
    Maker *m = (Maker *)self;
    Py_XDECREF(m->cls.type);
    Py_TYPE(self)->tp_free(self);
}

static PyTypeObject MakerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "newsclean._slots.Maker",
    .tp_basicsize = sizeof(Maker),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_vectorcall_offset = offsetof(Maker, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_dealloc = maker_dealloc,
    .tp_doc = "Builds a slotted dataclass from all its fields, positionally.",
};

/* maker(cls, fields) */
static PyObject *py_maker(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *cls, *fields;
    if (!PyArg_ParseTuple(args, "OO!", &cls, &PyTuple_Type, &fields)) return NULL;
    Maker *m = PyObject_New(Maker, &MakerType);
    if (!m) return NULL;
    memset(&m->cls, 0, sizeof(m->cls));
    m->vectorcall = maker_call;
    if (slotted_init(&m->cls, cls, fields) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return (PyObject *)m;
}

/* blocks(): model.Block from segment.RawBlock and combine.BlockLabel (init_blocks) */
enum { R_INDEX, R_TEXT, R_KIND, R_LEVEL, R_GROUP, R_ORDERED, R_CELLS, R_HEADER_ROW, R_LINKS, R_LINK_CHARS, R_FIELDS };
enum { L_LABEL, L_REASONS, L_FIELDS };
enum { BLOCK_FIELDS = 13 };

static struct {
    int ready;
    slotted block, raw, label;
    PyObject *round; /* the built-in round() */
    PyObject *four, *zero_density;
} B;

/* init_blocks((Block, fields), (RawBlock, fields), (BlockLabel, fields)): the field lists in
 * the order blocks() reads and fills them (see assemble._c_blocks). */
static PyObject *py_init_blocks(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *block, *block_fields, *raw, *raw_fields, *label, *label_fields;
    if (!PyArg_ParseTuple(args, "(OO!)(OO!)(OO!)", &block, &PyTuple_Type, &block_fields, &raw, &PyTuple_Type,
                          &raw_fields, &label, &PyTuple_Type, &label_fields))
        return NULL;
    B.ready = 0;
    if (slotted_init(&B.block, block, block_fields) < 0 || slotted_init(&B.raw, raw, raw_fields) < 0 ||
        slotted_init(&B.label, label, label_fields) < 0)
        return NULL;
    if (B.block.nfields != BLOCK_FIELDS || B.raw.nfields != R_FIELDS || B.label.nfields != L_FIELDS) {
        PyErr_SetString(PyExc_ValueError, "Block: 13 fields; RawBlock: index, text, kind, level, group, ordered, "
                                          "cells, header_row, links, link_chars; BlockLabel: label, reasons");
        return NULL;
    }
    if (!B.round) {
        B.round = PyDict_GetItemString(PyEval_GetBuiltins(), "round");
        if (!B.round) {
            PyErr_SetString(PyExc_RuntimeError, "no built-in round()");
            return NULL;
        }
        Py_INCREF(B.round);
        B.four = PyLong_FromLong(4);
        B.zero_density = PyFloat_FromDouble(0.0);
        if (!B.four || !B.zero_density) return NULL;
    }
    B.ready = 1;
    Py_RETURN_NONE;
}

/* The link density of a block as assemble.python_blocks writes it (a new reference):
 * round(link_chars / len(text), 4) where both are non-zero, else 0.0. */
static PyObject *link_density(PyObject *link_chars, PyObject *text) {
    int has_links = PyObject_IsTrue(link_chars);
    if (has_links < 0) return NULL;
    int has_text = has_links ? PyObject_IsTrue(text) : 0;
    if (has_text < 0) return NULL;
    if (!has_links || !has_text) return Py_NewRef(B.zero_density);
    Py_ssize_t size = PyObject_Size(text);
    if (size < 0) return NULL;
    PyObject *size_o = PyLong_FromSsize_t(size);
    if (!size_o) return NULL;
    PyObject *share = PyNumber_TrueDivide(link_chars, size_o);
    Py_DECREF(size_o);
    if (!share) return NULL;
    PyObject *round_args[2] = {share, B.four};
    PyObject *rounded = PyObject_Vectorcall(B.round, round_args, 2, NULL);
    Py_DECREF(share);
    return rounded;
}

/* blocks(raw_blocks, labels, box_of, resolve, boilerplate) -> list of Block, or None where a
 * block or label is of another type or the three lengths differ (the reference decides then).
 * A block's links go through resolve() when it has some and is not labelled boilerplate. */
static PyObject *py_blocks(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *raws, *labels, *box_of, *resolve, *boilerplate;
    if (!PyArg_ParseTuple(args, "O!O!O!OO", &PyList_Type, &raws, &PyTuple_Type, &labels, &PyList_Type, &box_of,
                          &resolve, &boilerplate))
        return NULL;
    if (!B.ready) {
        PyErr_SetString(PyExc_RuntimeError, "_slots.init_blocks() has not been called");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(raws);
    if (PyTuple_GET_SIZE(labels) != n || PyList_GET_SIZE(box_of) != n) Py_RETURN_NONE;
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_IS_TYPE(PyList_GET_ITEM(raws, i), B.raw.type) || !Py_IS_TYPE(PyTuple_GET_ITEM(labels, i), B.label.type))
            Py_RETURN_NONE;
    PyObject *out = PyList_New(n);
    if (!out) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *raw = PyList_GET_ITEM(raws, i), *lab = PyTuple_GET_ITEM(labels, i);
        PyObject *v[BLOCK_FIELDS];
        static const int from_raw[][2] = {{0, R_INDEX}, {1, R_TEXT}, {2, R_KIND}, {5, R_LEVEL}, {6, R_GROUP},
                                          {7, R_ORDERED}, {8, R_CELLS}, {9, R_HEADER_ROW}};
        for (size_t k = 0; k < sizeof(from_raw) / sizeof(from_raw[0]); k++)
            v[from_raw[k][0]] = slotted_get(&B.raw, raw, from_raw[k][1]);
        v[3] = slotted_get(&B.label, lab, L_LABEL);
        v[4] = slotted_get(&B.label, lab, L_REASONS);
        v[11] = PyList_GET_ITEM(box_of, i);
        PyObject *links = slotted_get(&B.raw, raw, R_LINKS), *link_chars = slotted_get(&B.raw, raw, R_LINK_CHARS);
        int empty = 0;
        for (int k = 0; k < BLOCK_FIELDS; k++)
            if (k != 10 && k != 12 && !v[k]) empty = 1;
        if (empty || !links || !link_chars) {
            PyErr_SetString(PyExc_AttributeError, "a RawBlock or BlockLabel field is not set");
            goto fail;
        }
        int has_links = PyObject_IsTrue(links);
        if (has_links < 0) goto fail;
        PyObject *resolved = has_links && v[3] != boilerplate ? PyObject_CallOneArg(resolve, links) : Py_NewRef(links);
        if (!resolved) goto fail;
        PyObject *density = link_density(link_chars, v[1]);
        if (!density) {
            Py_DECREF(resolved);
            goto fail;
        }
        v[10] = resolved;
        v[12] = density;
        PyObject *block = slotted_new(&B.block, v);
        Py_DECREF(resolved);
        Py_DECREF(density);
        if (!block) goto fail;
        PyList_SET_ITEM(out, i, block);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"maker", py_maker, METH_VARARGS, "maker(cls, field_names) -> callable(*values) -> cls instance"},
    {"init_blocks", py_init_blocks, METH_VARARGS, "init_blocks((Block, fields), (RawBlock, fields), (BlockLabel, fields))"},
    {"blocks", py_blocks, METH_VARARGS, "blocks(raw_blocks, labels, box_of, resolve, boilerplate) -> list of Block, or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_slots", "Fast constructors for slotted dataclasses (see _slots.c).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__slots(void) {
    if (PyType_Ready(&MakerType) < 0) return NULL;
    return PyModule_Create(&module);
}
