/* Fast constructors for the slotted dataclasses made once per block (model.Block,
 * density.DensityVerdict, combine.BlockLabel).
 *
 * A frozen dataclass's generated __init__ sets each field through object.__setattr__: 3 µs for
 * a Block, and a page makes one per block per stage. maker(cls) returns a callable taking every
 * field positionally, in field order, that fills a new instance's slots directly (_slotted.h):
 * the same object, a tenth of the time. _accel.slot_maker falls back to the class itself.
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

static PyMethodDef methods[] = {
    {"maker", py_maker, METH_VARARGS, "maker(cls, field_names) -> callable(*values) -> cls instance"},
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
