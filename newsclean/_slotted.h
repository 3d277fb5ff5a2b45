/* Building and reading slotted dataclasses from C, shared by _walk.c and _features.c.
 *
 * The values the pipeline passes between stages (segment.Container, RawBlock, model.Link,
 * features.BlockFeatures) are dataclasses with slots and without __post_init__. Filling a fresh
 * instance's slots in field order gives the object their generated __init__ would give, at a
 * fraction of the cost: those __init__ functions were a third of the C walk's time.
 *
 * The instances are made untracked by the cyclic garbage collector, as CPython does with a
 * tuple of atoms: their fields hold only strings, numbers, enum members, None and tuples of
 * those or of other such instances, so none can be part of a reference cycle, and the
 * collector need not look at them. A page makes thousands; tracked, they filled every young
 * collection and were promoted to the old generation, where each full collection walked them
 * again (half the collector's time over the corpora). Only acyclic classes may be built here.
 */
#ifndef NEWSCLEAN_SLOTTED_H
#define NEWSCLEAN_SLOTTED_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#define MAX_FIELDS 16
typedef struct {
    PyTypeObject *type;
    Py_ssize_t nfields;
    Py_ssize_t offsets[MAX_FIELDS];
} slotted;

static inline PyObject *slotted_new(const slotted *cls, PyObject *const *values) {
    PyObject *obj = cls->type->tp_alloc(cls->type, 0);
    if (!obj) return NULL;
    for (Py_ssize_t i = 0; i < cls->nfields; i++) {
        PyObject **slot = (PyObject **)((char *)obj + cls->offsets[i]);
        *slot = Py_NewRef(values[i]);
    }
    if (PyObject_IS_GC(obj)) PyObject_GC_UnTrack(obj); /* acyclic: see the top of this file */
    return obj;
}

/* A field of an instance (borrowed; NULL if the slot is empty). */
static inline PyObject *slotted_get(const slotted *cls, PyObject *obj, Py_ssize_t field) {
    return *(PyObject **)((char *)obj + cls->offsets[field]);
}

/* The slot offsets of `fields` in `type`; -1 with an exception if a field is no plain
 * object slot or the type has a __dict__. */
static int slotted_init(slotted *cls, PyObject *type, PyObject *fields) {
    if (!PyType_Check(type) || !PyTuple_Check(fields) || PyTuple_GET_SIZE(fields) > MAX_FIELDS) {
        PyErr_SetString(PyExc_TypeError, "slotted_init: a type and a tuple of field names");
        return -1;
    }
    PyTypeObject *t = (PyTypeObject *)type;
    if (t->tp_dictoffset != 0) {
        PyErr_Format(PyExc_TypeError, "%s has a __dict__: not a slotted dataclass", t->tp_name);
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(fields);
    Py_ssize_t offsets[MAX_FIELDS];
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *descr = PyObject_GetAttr(type, PyTuple_GET_ITEM(fields, i));
        if (!descr) return -1;
        int member = Py_IS_TYPE(descr, &PyMemberDescr_Type);
        PyMemberDef *def = member ? ((PyMemberDescrObject *)descr)->d_member : NULL;
        Py_DECREF(descr);
        if (!def || def->type != T_OBJECT_EX || (def->flags & READONLY)) {
            PyErr_Format(PyExc_TypeError, "%s.%U is not a writable object slot", t->tp_name,
                         PyTuple_GET_ITEM(fields, i));
            return -1;
        }
        offsets[i] = def->offset;
    }
    cls->nfields = n;
    memcpy(cls->offsets, offsets, sizeof(offsets));
    Py_XSETREF(cls->type, (PyTypeObject *)Py_NewRef(type));
    return 0;
}

#endif
