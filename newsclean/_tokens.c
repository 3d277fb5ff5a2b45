/* The class/id token search of the rule tables in C.
 *
 * rules.python_token_verdicts is the reference; token_verdicts(hints) gives the same tuple of
 * verdicts for every ASCII class+id string (tests/test_accel.py), several times faster: the
 * reference splits each class name with str methods and a regex, builds a list of parts and
 * joins candidate tokens from Python, and a page holds hundreds of distinct class names that
 * no cache has seen (ids and utility classes vary from page to page).
 *
 * A string holding a non-ASCII character, or one of \x1c-\x1f (which str.split() splits at
 * and the reference's regex does not), gets None: the reference decides it.
 *
 * How the reference splits one class name: at "-", "_" and ASCII digits, and between a
 * lower-case and an upper-case letter (camelCase); parts are lower-cased, empty ones dropped.
 * A table token of up to max_parts parts matches consecutive parts, longest first, starting
 * only at a part that starts some token; a token never spans two class names. Per table
 * group (a verdict's rule) the first token found counts.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static PyObject *token_table;  /* dict: "mehr-zum-thema" -> (group rule, Verdict) */
static PyObject *token_starts; /* frozenset of every token's first part */
static Py_ssize_t max_parts;

/* str.split()'s ASCII whitespace, less \x1c-\x1f (those send the string to the reference) */
static int is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int is_separator(char c) { return c == '-' || c == '_' || (c >= '0' && c <= '9'); }

typedef struct {
    Py_ssize_t start, len;
} part;

/* The verdicts of one class name's tokens, added to found (group rule -> Verdict) unless the
 * group is in it already. lowered and parts are scratch space of at least len items. */
static int name_tokens(const char *name, Py_ssize_t len, char *lowered, part *parts, char *key, PyObject *found) {
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
            parts[nparts].start = used;
            parts[nparts].len = 0;
            nparts++;
            open = 1;
        }
        lowered[used++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        parts[nparts - 1].len++;
    }
    Py_ssize_t i = 0;
    while (i < nparts) {
        PyObject *first = PyUnicode_FromStringAndSize(lowered + parts[i].start, parts[i].len);
        if (!first) return -1;
        int starts = PySet_Contains(token_starts, first);
        Py_DECREF(first);
        if (starts < 0) return -1;
        if (!starts) {
            i++;
            continue;
        }
        Py_ssize_t n = nparts - i < max_parts ? nparts - i : max_parts;
        for (; n > 0; n--) {
            Py_ssize_t keylen = 0;
            for (Py_ssize_t k = i; k < i + n; k++) {
                if (k > i) key[keylen++] = '-';
                memcpy(key + keylen, lowered + parts[k].start, (size_t)parts[k].len);
                keylen += parts[k].len;
            }
            PyObject *token = PyUnicode_FromStringAndSize(key, keylen);
            if (!token) return -1;
            PyObject *hit = PyDict_GetItemWithError(token_table, token); /* borrowed */
            Py_DECREF(token);
            if (hit) {
                if (!PyTuple_Check(hit) || PyTuple_GET_SIZE(hit) != 2) {
                    PyErr_SetString(PyExc_TypeError, "token table values must be (rule, verdict)");
                    return -1;
                }
                if (!PyDict_SetDefault(found, PyTuple_GET_ITEM(hit, 0), PyTuple_GET_ITEM(hit, 1))) return -1;
                break;
            }
            if (PyErr_Occurred()) return -1;
        }
        i += n > 0 ? n : 1;
    }
    return 0;
}

static PyObject *py_token_verdicts(PyObject *self, PyObject *hints) {
    if (!token_table) {
        PyErr_SetString(PyExc_RuntimeError, "_tokens.init() has not been called");
        return NULL;
    }
    if (!PyUnicode_Check(hints)) {
        PyErr_SetString(PyExc_TypeError, "hints must be a str");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(hints)) Py_RETURN_NONE;
    const char *s = (const char *)PyUnicode_DATA(hints);
    Py_ssize_t n = PyUnicode_GET_LENGTH(hints);
    for (Py_ssize_t i = 0; i < n; i++)
        if (s[i] >= 0x1c && s[i] <= 0x1f) Py_RETURN_NONE;

    /* scratch space: the lowered name, then a key: at most max_parts of its parts and a
     * separator between each two (camelCase humps part a name without a separator in it) */
    char *lowered = PyMem_Malloc((size_t)(2 * n + max_parts));
    part *parts = PyMem_Malloc(sizeof(part) * (size_t)(n + 1));
    PyObject *found = PyDict_New();
    PyObject *result = NULL;
    if (!lowered || !parts || !found) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    char *key = lowered + n;
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && is_space(s[i])) i++;
        Py_ssize_t start = i;
        while (i < n && !is_space(s[i])) i++;
        if (i > start && name_tokens(s + start, i - start, lowered, parts, key, found) < 0) goto done;
    }
    if (PyDict_GET_SIZE(found)) {
        PyObject *values = PyDict_Values(found);
        if (values) {
            result = PyList_AsTuple(values);
            Py_DECREF(values);
        }
    } else {
        result = PyTuple_New(0);
    }
done:
    PyMem_Free(lowered);
    PyMem_Free(parts);
    Py_XDECREF(found);
    return result;
}

static PyObject *py_init(PyObject *self, PyObject *args) {
    PyObject *table, *starts;
    Py_ssize_t parts_max;
    if (!PyArg_ParseTuple(args, "O!O!n", &PyDict_Type, &table, &PyFrozenSet_Type, &starts, &parts_max)) return NULL;
    if (parts_max < 1) {
        PyErr_SetString(PyExc_ValueError, "max_parts must be at least 1");
        return NULL;
    }
    Py_INCREF(table);
    Py_INCREF(starts);
    Py_XSETREF(token_table, table);
    Py_XSETREF(token_starts, starts);
    max_parts = parts_max;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", py_init, METH_VARARGS, "init(token_table, token_starts, max_parts)"},
    {"token_verdicts", py_token_verdicts, METH_O,
     "token_verdicts(hints) -> tuple of verdicts, or None where the reference must decide"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_tokens", "The rule tables' class/id token search in C (see _tokens.c).", -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__tokens(void) { return PyModule_Create(&module); }
