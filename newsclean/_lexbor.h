/* Lexbor's functions for the C twins that read selectolax's tree (_walk.c, _select.c).
 *
 * Lexbor is not linked: selectolax's extension exports Lexbor's accessor functions, and
 * newsclean/_accel.py finds their addresses with ctypes (lexbor_functions()) and hands them
 * to each twin's init() as a dict of name -> address.
 */
#ifndef NEWSCLEAN_LEXBOR_H
#define NEWSCLEAN_LEXBOR_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    const char *name; /* as exported, e.g. "lxb_dom_node_next_noi" */
    void **slot;      /* where the twin keeps the function */
} lexbor_function;

/* Fills every slot from `addresses`; -1 with an exception set where a name is missing or its
 * address is null (the slots filled before are then not to be used). */
static inline int read_lexbor_functions(PyObject *addresses, const lexbor_function *wanted, size_t n) {
    for (size_t i = 0; i < n; i++) {
        PyObject *addr = PyDict_GetItemString(addresses, wanted[i].name);
        if (!addr) {
            PyErr_Format(PyExc_KeyError, "missing Lexbor function %s", wanted[i].name);
            return -1;
        }
        void *p = PyLong_AsVoidPtr(addr);
        if (!p) {
            if (!PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "null address for %s", wanted[i].name);
            return -1;
        }
        *wanted[i].slot = p;
    }
    return 0;
}

#endif
