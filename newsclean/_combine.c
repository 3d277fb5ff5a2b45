/* The owner look-ups of the combine stage in C.
 *
 * combine._Owners.innermost_verdict and box_verdict are the reference; innermost_verdict and
 * box_verdict here take the _Owners instance and give the same (verdict, owner) pair
 * (tests/test_accel.py). A page asks them once per owner its blocks have, inside and outside
 * the article, and for the containers next to it: ~120 000 calls over the corpora, each a few
 * attribute reads and a short walk up the containers in Python.
 *
 * innermost_verdict(owners, cid, start): the verdict of the innermost marked container around
 * `cid` at depth `start` or deeper (owners.innermost), taken up to the outermost container of
 * the same verdict that is no wrapper. box_verdict(owners, cid, start): that, unless it only
 * names a teaser's part (or a related list) inside an ad or related container.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "_slotted.h"

static struct {
    int ready;
    slotted owners;    /* combine._Owners: containers, verdicts, wrappers, innermost, main_chain, organic */
    slotted container; /* segment.Container: parent, chain */
    slotted verdict;   /* rules.Verdict: verdict, rule */
    PyObject *teaser_parts; /* combine.TEASER_PARTS */
    PyObject *related, *ad; /* the verdicts "related" and "ad" */
    PyObject *titled_box;   /* combine.TITLED_BOX: the rule suffix of a box by its shape */
} O;

enum { W_CONTAINERS, W_VERDICTS, W_WRAPPERS, W_INNERMOST, W_MAIN_CHAIN, W_ORGANIC };
enum { C_PARENT, C_CHAIN };
enum { V_VERDICT, V_RULE };

/* The state of one _Owners instance, its fields checked once per call. */
typedef struct {
    PyObject *containers, *verdicts, *wrappers, *innermost, *main_chain, *organic;
} owners_t;

static int read_owners(PyObject *self, owners_t *w) {
    if (!O.ready) {
        PyErr_SetString(PyExc_RuntimeError, "_combine.init() has not been called");
        return -1;
    }
    if (!Py_IS_TYPE(self, O.owners.type)) {
        PyErr_SetString(PyExc_TypeError, "owners must be a combine._Owners");
        return -1;
    }
    w->containers = slotted_get(&O.owners, self, W_CONTAINERS);
    w->verdicts = slotted_get(&O.owners, self, W_VERDICTS);
    w->wrappers = slotted_get(&O.owners, self, W_WRAPPERS);
    w->innermost = slotted_get(&O.owners, self, W_INNERMOST);
    w->main_chain = slotted_get(&O.owners, self, W_MAIN_CHAIN);
    w->organic = slotted_get(&O.owners, self, W_ORGANIC);
    if (!w->containers || !PyList_Check(w->containers) || !w->verdicts ||
        !(PyTuple_Check(w->verdicts) || PyList_Check(w->verdicts)) ||
        !w->wrappers || !PyAnySet_Check(w->wrappers) || !w->innermost || !PyList_Check(w->innermost) ||
        !w->main_chain || !PyAnySet_Check(w->main_chain) || !w->organic) {
        PyErr_SetString(PyExc_TypeError, "_Owners: a list of containers, a tuple or list of verdicts, sets of wrappers "
                                         "and of the main chain, a list of innermost owners");
        return -1;
    }
    return 0;
}

/* Item `i` of a list or tuple of `n`, as Python indexes it (negative from the end); NULL with
 * IndexError out of range. */
static PyObject *item(PyObject *seq, Py_ssize_t i) {
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
        PyErr_SetString(PyExc_IndexError, "container id out of range");
        return NULL;
    }
    return PySequence_Fast_ITEMS(seq)[i];
}

/* A Container's parent id and the length of its chain; -1 with an exception. */
static int container_at(const owners_t *w, Py_ssize_t k, Py_ssize_t *parent, Py_ssize_t *depth) {
    PyObject *c = item(w->containers, k);
    if (!c) return -1;
    if (!Py_IS_TYPE(c, O.container.type)) {
        PyErr_SetString(PyExc_TypeError, "containers must be segment.Container");
        return -1;
    }
    PyObject *parent_o = slotted_get(&O.container, c, C_PARENT), *chain = slotted_get(&O.container, c, C_CHAIN);
    if (!parent_o || !PyLong_Check(parent_o) || !chain || !PyTuple_Check(chain)) {
        PyErr_SetString(PyExc_TypeError, "a Container needs an int parent and a tuple chain");
        return -1;
    }
    *parent = PyLong_AsSsize_t(parent_o);
    if (*parent == -1 && PyErr_Occurred()) return -1;
    *depth = PyTuple_GET_SIZE(chain);
    return 0;
}

/* A Verdict's field (borrowed), or NULL with an exception where `v` is no Verdict. */
static PyObject *verdict_field(PyObject *v, int field) {
    if (!Py_IS_TYPE(v, O.verdict.type)) {
        PyErr_SetString(PyExc_TypeError, "verdicts must be rules.Verdict or None");
        return NULL;
    }
    PyObject *value = slotted_get(&O.verdict, v, field);
    if (!value) PyErr_SetString(PyExc_AttributeError, "a Verdict field is not set");
    return value;
}

/* innermost_verdict: *v (borrowed, NULL for None) and *owner; -1 with an exception. */
static int innermost(const owners_t *w, Py_ssize_t cid, Py_ssize_t start, PyObject **v, Py_ssize_t *owner) {
    *v = NULL;
    *owner = -1;
    Py_ssize_t k = -1;
    if (cid >= 0) {
        PyObject *k_o = item(w->innermost, cid);
        if (!k_o) return -1;
        k = PyLong_AsSsize_t(k_o);
        if (k == -1 && PyErr_Occurred()) return -1;
    }
    if (k < 0) return 0;
    Py_ssize_t parent, depth;
    if (container_at(w, k, &parent, &depth) < 0) return -1;
    if (depth <= start) return 0;
    PyObject *found = item(w->verdicts, k);
    if (!found) return -1;
    PyObject *kind = verdict_field(found, V_VERDICT); /* marked: never None */
    if (!kind) return -1;
    /* a box is owned by its outermost container of the same kind */
    while (parent >= 0) {
        Py_ssize_t up = parent, up_parent, up_depth;
        if (container_at(w, up, &up_parent, &up_depth) < 0) return -1;
        if (up_depth <= start) break;
        PyObject *up_v = item(w->verdicts, up);
        if (!up_v) return -1;
        if (up_v == Py_None) break;
        PyObject *up_kind = verdict_field(up_v, V_VERDICT);
        if (!up_kind) return -1;
        int same = PyObject_RichCompareBool(up_kind, kind, Py_EQ);
        if (same <= 0) {
            if (same < 0) return -1;
            break;
        }
        PyObject *up_o = PyLong_FromSsize_t(up);
        if (!up_o) return -1;
        int wrapper = PySet_Contains(w->wrappers, up_o);
        Py_DECREF(up_o);
        if (wrapper) {
            if (wrapper < 0) return -1;
            break;
        }
        k = up;
        parent = up_parent;
    }
    *v = found;
    *owner = k;
    return 0;
}

static PyObject *pair(PyObject *v, Py_ssize_t owner) {
    return Py_BuildValue("(On)", v ? v : Py_None, owner);
}

/* The arguments (owners, cid, start) of both look-ups; -1 with an exception. */
static int lookup_args(PyObject *const *args, Py_ssize_t nargs, const char *name, owners_t *w, Py_ssize_t *cid,
                       Py_ssize_t *start) {
    if (nargs != 3) {
        PyErr_Format(PyExc_TypeError, "%s(owners, cid, start)", name);
        return -1;
    }
    *cid = PyLong_AsSsize_t(args[1]);
    *start = PyLong_AsSsize_t(args[2]);
    if (PyErr_Occurred()) return -1;
    return read_owners(args[0], w);
}

/* innermost_verdict(owners, cid, start) -> (Verdict or None, owner id or -1) */
static PyObject *py_innermost_verdict(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    owners_t w;
    Py_ssize_t cid, start;
    if (lookup_args(args, nargs, "innermost_verdict", &w, &cid, &start) < 0) return NULL;
    PyObject *v;
    Py_ssize_t owner;
    if (innermost(&w, cid, start, &v, &owner) < 0) return NULL;
    return pair(v, owner);
}

/* Whether a verdict kind names a teaser's part; -1 with an exception. */
static int teaser_part(PyObject *kind) { return PySet_Contains(O.teaser_parts, kind); }

static int equals(PyObject *a, PyObject *b) { return PyObject_RichCompareBool(a, b, Py_EQ); }

/* box_verdict(owners, cid, start) -> (Verdict or None, owner id or -1) */
static PyObject *py_box_verdict(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    owners_t w;
    Py_ssize_t cid, start;
    if (lookup_args(args, nargs, "box_verdict", &w, &cid, &start) < 0) return NULL;
    PyObject *v, *result_v;
    Py_ssize_t above, result_owner;
    if (innermost(&w, cid, start, &v, &above) < 0) return NULL;
    result_v = v;
    result_owner = above;
    while (v) {
        PyObject *kind = verdict_field(v, V_VERDICT), *rule = verdict_field(v, V_RULE);
        if (!kind || !rule) return NULL;
        int part = teaser_part(kind);
        if (part < 0) return NULL;
        int related = part ? 0 : equals(kind, O.related);
        if (related < 0) return NULL;
        if (!part && !related) break;
        int organic = equals(rule, w.organic);
        if (organic < 0) return NULL;
        if (organic) break;
        Py_ssize_t parent, depth;
        if (container_at(&w, above, &parent, &depth) < 0) return NULL;
        PyObject *up;
        Py_ssize_t up_owner;
        if (innermost(&w, parent, start, &up, &up_owner) < 0) return NULL;
        if (!up) break;
        /* a container made a box by its shape alone (TITLED_BOX) is weaker than its parts */
        PyObject *up_owner_o = PyLong_FromSsize_t(up_owner);
        if (!up_owner_o) return NULL;
        int in_main = PySet_Contains(w.main_chain, up_owner_o);
        Py_DECREF(up_owner_o);
        if (in_main < 0) return NULL;
        if (in_main) break;
        PyObject *up_kind = verdict_field(up, V_VERDICT), *up_rule = verdict_field(up, V_RULE);
        if (!up_kind || !up_rule) return NULL;
        if (!PyUnicode_Check(up_rule)) {
            PyErr_SetString(PyExc_TypeError, "a Verdict's rule must be str");
            return NULL;
        }
        Py_ssize_t titled = PyUnicode_Tailmatch(up_rule, O.titled_box, 0, PY_SSIZE_T_MAX, 1);
        if (titled < 0) return NULL;
        if (titled) break;
        above = up_owner;
        int ad = equals(up_kind, O.ad);
        if (ad < 0) return NULL;
        if (ad) return pair(up, up_owner);
        int up_related = equals(up_kind, O.related);
        if (up_related < 0) return NULL;
        if (up_related) {
            if (part) {
                result_v = up;
                result_owner = up_owner;
            }
            v = up;
            continue;
        }
        int up_part = teaser_part(up_kind);
        if (up_part < 0) return NULL;
        if (!up_part) break;
    }
    return pair(result_v, result_owner);
}

/* init((_Owners, fields), (Container, ("parent", "chain")), (Verdict, ("verdict", "rule")),
 *      TEASER_PARTS, TITLED_BOX) */
static PyObject *py_init(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *owners, *owner_fields, *container, *container_fields, *verdict, *verdict_fields, *parts, *titled;
    if (!PyArg_ParseTuple(args, "(OO!)(OO!)(OO!)O!U", &owners, &PyTuple_Type, &owner_fields, &container,
                          &PyTuple_Type, &container_fields, &verdict, &PyTuple_Type, &verdict_fields,
                          &PyFrozenSet_Type, &parts, &titled))
        return NULL;
    O.ready = 0;
    if (slotted_init(&O.owners, owners, owner_fields) < 0 || slotted_init(&O.container, container, container_fields) < 0 ||
        slotted_init(&O.verdict, verdict, verdict_fields) < 0)
        return NULL;
    if (O.owners.nfields != 6 || O.container.nfields != 2 || O.verdict.nfields != 2) {
        PyErr_SetString(PyExc_ValueError, "_Owners: containers, verdicts, wrappers, innermost, main_chain, organic; "
                                          "Container: parent, chain; Verdict: verdict, rule");
        return NULL;
    }
    if (!O.related) {
        O.related = PyUnicode_InternFromString("related");
        O.ad = PyUnicode_InternFromString("ad");
        if (!O.related || !O.ad) return NULL;
    }
    Py_XSETREF(O.teaser_parts, Py_NewRef(parts));
    Py_XSETREF(O.titled_box, Py_NewRef(titled));
    O.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", py_init, METH_VARARGS,
     "init((_Owners, fields), (Container, fields), (Verdict, fields), TEASER_PARTS, TITLED_BOX)"},
    {"innermost_verdict", (PyCFunction)(void (*)(void))py_innermost_verdict, METH_FASTCALL,
     "innermost_verdict(owners, cid, start) -> (Verdict or None, owner)"},
    {"box_verdict", (PyCFunction)(void (*)(void))py_box_verdict, METH_FASTCALL,
     "box_verdict(owners, cid, start) -> (Verdict or None, owner)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_combine", "The combine stage's owner look-ups in C (see _combine.c).", -1, methods,
    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__combine(void) { return PyModule_Create(&module); }
