/* Byte-string tables for the C twins: an ASCII str key -> a borrowed value, open addressing.
 *
 * _rules.c and _markers.c look up class tokens and marker phrases by the bytes of an ASCII
 * text without making a str of it; the keys and values stay owned by the Python dict the
 * table was built from (the table holds a reference to it).
 */
#ifndef NEWSCLEAN_BYTETABLE_H
#define NEWSCLEAN_BYTETABLE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *key; /* UTF-8 of a str the table's owner keeps alive; NULL: empty slot */
    Py_ssize_t len;
    PyObject *value;
} slot;

typedef struct {
    slot *slots;
    size_t mask;
    PyObject *owner; /* the dict the keys and values belong to */
} table;

static inline uint64_t hash_bytes(const char *s, Py_ssize_t n) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (Py_ssize_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static inline void table_clear(table *t) {
    PyMem_Free(t->slots);
    t->slots = NULL;
    t->mask = 0;
    Py_CLEAR(t->owner);
}

/* A table of the str keys of `dict`; a key that is not ASCII can never equal a part of an
 * ASCII string and is left out. */
static inline int table_build(table *t, PyObject *dict) {
    size_t size = 8;
    while (size < 2 * (size_t)PyDict_GET_SIZE(dict) + 1) size *= 2;
    slot *slots = PyMem_Calloc(size, sizeof(slot));
    if (!slots) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            PyMem_Free(slots);
            PyErr_SetString(PyExc_TypeError, "table keys must be str");
            return -1;
        }
        if (!PyUnicode_IS_ASCII(key)) continue;
        const char *s = (const char *)PyUnicode_DATA(key);
        Py_ssize_t n = PyUnicode_GET_LENGTH(key);
        size_t i = hash_bytes(s, n) & (size - 1);
        while (slots[i].key) i = (i + 1) & (size - 1);
        slots[i] = (slot){s, n, value};
    }
    table_clear(t);
    t->slots = slots;
    t->mask = size - 1;
    t->owner = Py_NewRef(dict);
    return 0;
}

static inline PyObject *table_get(const table *t, const char *s, Py_ssize_t n) {
    size_t i = hash_bytes(s, n) & t->mask;
    for (; t->slots[i].key; i = (i + 1) & t->mask)
        if (t->slots[i].len == n && memcmp(t->slots[i].key, s, (size_t)n) == 0) return t->slots[i].value;
    return NULL;
}

#endif
