/* Per-block features in C: length, words, stopwords, link density, sentence end.
 *
 * features._python_block_features is the reference; this gives the same BlockFeatures for
 * every block (tests/test_accel.py), several times faster: the reference runs a regex over
 * every block's lower-cased text and looks each word up in the stopword set from Python.
 *
 * What a character is comes from the reference's own tools, not from CPython's older Unicode
 * tables: features.py hands init() a table, for every code point below TABLE_SIZE, of what
 * `regex` says about it (word character \p{L}\p{M}, letter \p{L}, dense script Han/kana/hangul)
 * and of what str.lower() makes of it. A block holding a character past the table, or one whose
 * lower case is not one character of the table (İ, final sigma), goes to the reference.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "_slotted.h"

#define TABLE_SIZE 0x3000

enum {
    C_WORD = 1,     /* [\p{L}\p{M}], in lower-cased text */
    C_LETTER = 2,   /* \p{L}, in lower-cased text (the part after an apostrophe) */
    C_DENSE = 4,    /* Han, Hiragana, Katakana, Hangul: counts DENSE_SCRIPT_WEIGHT times */
    C_FALLBACK = 8, /* its lower case is not one character of this table, or depends on context */
};

static struct {
    unsigned char cls[TABLE_SIZE];
    Py_UCS4 lower[TABLE_SIZE];
    int ready;
    Py_ssize_t dense_weight;
} table;

static slotted features_cls;
static PyObject *reference_one; /* (text, link_chars, stop) -> BlockFeatures */
static PyObject *sentence_end_chars; /* str: characters _SENTENCE_END accepts last */

/* `regex` \s (Unicode White_Space): str.isspace() minus \x1c-\x1f */
static int re_space(Py_UCS4 c) { return Py_UNICODE_ISSPACE(c) && !(c >= 0x1c && c <= 0x1f); }

static int is_apostrophe(Py_UCS4 c) { return c == '\'' || c == 0x2019; }

static int ends_sentence(Py_UCS4 c) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(sentence_end_chars);
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_READ_CHAR(sentence_end_chars, i) == c) return 1;
    return 0;
}

/* _SENTENCE_END.search(text, max(0, len(text.rstrip()) - 1)) is not None */
static int sentence_end(int kind, const void *data, Py_ssize_t n) {
    Py_ssize_t last = n - 1;
    while (last >= 0 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, last))) last--;
    Py_ssize_t from = last > 0 ? last : 0;
    /* a match starting at or after `from`: an end character, then only \s to the end */
    for (Py_ssize_t i = from; i < n; i++) {
        if (!ends_sentence(PyUnicode_READ(kind, data, i))) continue;
        Py_ssize_t j = i + 1;
        while (j < n && re_space(PyUnicode_READ(kind, data, j))) j++;
        if (j == n) return 1;
    }
    return 0;
}

typedef struct {
    Py_UCS4 *data;
    Py_ssize_t cap;
} ucs4buf;

/* ---- stopword lists as C hash tables
 *
 * Looking a word up in the Python set means making a str of it first: half the time of a
 * block. A frozenset of str (features.stopwords gives one per language, the same object each
 * time) is copied once into a table of code point strings, kept by the set's identity while a
 * reference holds it alive; any other container is asked through PySet_Contains as before. */

typedef struct {
    const Py_UCS4 *chars; /* NULL: an empty slot */
    Py_ssize_t len;
} stopword;

typedef struct {
    PyObject *set; /* the frozenset the table was made from (a strong reference) */
    stopword *slots;
    size_t mask;
    Py_UCS4 *pool; /* every word's code points */
} stoptable;

#define MAX_STOPTABLES 64
static stoptable stoptables[MAX_STOPTABLES];
static int nstoptables;

static uint64_t hash_ucs4(const Py_UCS4 *s, Py_ssize_t n) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a over code points */
    for (Py_ssize_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

static int stoptable_has(const stoptable *t, const Py_UCS4 *w, Py_ssize_t n) {
    for (size_t i = hash_ucs4(w, n) & t->mask; t->slots[i].chars; i = (i + 1) & t->mask)
        if (t->slots[i].len == n && memcmp(t->slots[i].chars, w, (size_t)n * sizeof(Py_UCS4)) == 0) return 1;
    return 0;
}

/* The table of `stop`; NULL without an exception where it gets none (not a frozenset of str,
 * or MAX_STOPTABLES sets seen already): the caller asks the set itself. */
static const stoptable *stoptable_for(PyObject *stop) {
    for (int i = 0; i < nstoptables; i++)
        if (stoptables[i].set == stop) return &stoptables[i];
    if (!PyFrozenSet_CheckExact(stop) || nstoptables == MAX_STOPTABLES) return NULL;
    PyObject *words = PySequence_Tuple(stop); /* once per list: the public way to read a set */
    if (!words) {
        PyErr_Clear(); /* no table: the set itself still answers */
        return NULL;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(words), chars = 0;
    for (Py_ssize_t w = 0; w < count; w++) {
        PyObject *item = PyTuple_GET_ITEM(words, w);
        if (!PyUnicode_CheckExact(item)) {
            Py_DECREF(words);
            return NULL;
        }
        chars += PyUnicode_GET_LENGTH(item);
    }
    size_t size = 8;
    while (size < 2 * (size_t)count + 1) size *= 2;
    stoptable t = {stop, PyMem_Calloc(size, sizeof(stopword)), size - 1,
                   PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(chars + 1))};
    if (!t.slots || !t.pool) {
        PyMem_Free(t.slots);
        PyMem_Free(t.pool);
        Py_DECREF(words);
        return NULL; /* no memory for a table: the set itself still answers */
    }
    Py_UCS4 *next = t.pool;
    for (Py_ssize_t w = 0; w < count; w++) {
        PyObject *item = PyTuple_GET_ITEM(words, w);
        Py_ssize_t n = PyUnicode_GET_LENGTH(item);
        for (Py_ssize_t k = 0; k < n; k++) next[k] = PyUnicode_READ_CHAR(item, k);
        size_t i = hash_ucs4(next, n) & t.mask;
        while (t.slots[i].chars) i = (i + 1) & t.mask;
        t.slots[i] = (stopword){next, n};
        next += n;
    }
    Py_DECREF(words);
    t.set = Py_NewRef(stop);
    stoptables[nstoptables] = t;
    return &stoptables[nstoptables++];
}

/* The next word of a text from *pos on, as _WORD.findall(text.lower()) finds it: its start in
 * *start and its end in *pos; 0 where no word is left. */
static int next_word(int kind, const void *data, Py_ssize_t n, Py_ssize_t *pos, Py_ssize_t *start) {
    Py_ssize_t i = *pos;
    while (i < n && !(table.cls[table.lower[PyUnicode_READ(kind, data, i)]] & C_WORD)) i++;
    if (i >= n) {
        *pos = n;
        return 0;
    }
    *start = i;
    while (i < n && (table.cls[table.lower[PyUnicode_READ(kind, data, i)]] & C_WORD)) i++;
    /* (?:['’][\p{L}]+)?: an apostrophe and the letters after it, if a letter follows */
    if (i + 1 < n && is_apostrophe(table.lower[PyUnicode_READ(kind, data, i)]) &&
        (table.cls[table.lower[PyUnicode_READ(kind, data, i + 1)]] & C_LETTER)) {
        i += 2;
        while (i < n && (table.cls[table.lower[PyUnicode_READ(kind, data, i)]] & C_LETTER)) i++;
    }
    *pos = i;
    return 1;
}

/* The lower-cased code points of text[start:start + len] into `word`; -1 with an exception. */
static int lowered_word(int kind, const void *data, Py_ssize_t start, Py_ssize_t len, ucs4buf *word) {
    if (len > word->cap) {
        Py_UCS4 *grown = PyMem_Realloc(word->data, (size_t)len * sizeof(Py_UCS4));
        if (!grown) {
            PyErr_NoMemory();
            return -1;
        }
        word->data = grown;
        word->cap = len;
    }
    for (Py_ssize_t k = 0; k < len; k++) word->data[k] = table.lower[PyUnicode_READ(kind, data, start + k)];
    return 0;
}

/* Whether the table covers every character of `text` (else the reference reads it). */
static int in_table(PyObject *text, Py_ssize_t *dense) {
    *dense = 0;
    if (PyUnicode_IS_ASCII(text)) return 1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= TABLE_SIZE || (table.cls[c] & C_FALLBACK)) return 0;
        if (table.cls[c] & C_DENSE) (*dense)++;
    }
    return 1;
}

/* words and stopwords of one block, as _WORD.findall(text.lower()) and the set give them;
 * returns 1 if the block needs the reference (a character past the table), -1 on error */
static int count_words(PyObject *text, PyObject *stop, ucs4buf *word, Py_ssize_t *words, Py_ssize_t *stops,
                       Py_ssize_t *dense) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    *words = *stops = 0;
    if (!in_table(text, dense)) return 1;
    int check_stop = stop != NULL && PyAnySet_Check(stop) && PySet_GET_SIZE(stop) > 0;
    const stoptable *table_of_stop = check_stop ? stoptable_for(stop) : NULL;
    Py_ssize_t i = 0, start;
    while (next_word(kind, data, n, &i, &start)) {
        (*words)++;
        if (!check_stop) continue;
        Py_ssize_t len = i - start;
        if (lowered_word(kind, data, start, len, word) < 0) return -1;
        if (table_of_stop) {
            *stops += stoptable_has(table_of_stop, word->data, len);
            continue;
        }
        PyObject *w = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, word->data, len);
        if (!w) return -1;
        int hit = PySet_Contains(stop, w);
        Py_DECREF(w);
        if (hit < 0) return -1;
        *stops += hit;
    }
    return 0;
}

/* block_features(texts, link_chars, stop) -> (list of BlockFeatures, total chars) */
static PyObject *py_block_features(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *texts, *link_chars, *stop;
    if (!PyArg_ParseTuple(args, "O!O!O", &PyList_Type, &texts, &PyList_Type, &link_chars, &stop)) return NULL;
    if (!table.ready) {
        PyErr_SetString(PyExc_RuntimeError, "newsclean._features.init() has not run");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(link_chars) != n) {
        PyErr_SetString(PyExc_ValueError, "texts and link_chars differ in length");
        return NULL;
    }
    PyObject *out = PyList_New(n);
    if (!out) return NULL;
    ucs4buf word = {NULL, 0};
    Py_ssize_t total = 0;
    for (Py_ssize_t b = 0; b < n; b++) {
        PyObject *text = PyList_GET_ITEM(texts, b);
        PyObject *links = PyList_GET_ITEM(link_chars, b);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "block texts must be str");
            goto fail;
        }
        Py_ssize_t words, stops, dense;
        int rc = count_words(text, stop, &word, &words, &stops, &dense);
        if (rc < 0) goto fail;
        PyObject *features;
        if (rc == 1) {
            features = PyObject_CallFunctionObjArgs(reference_one, text, links, stop, NULL);
            if (!features) goto fail;
            PyObject *chars = slotted_get(&features_cls, features, 0);
            Py_ssize_t c = chars ? PyLong_AsSsize_t(chars) : -1;
            if (c < 0) {
                Py_DECREF(features);
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "reference gave no chars");
                goto fail;
            }
            total += c;
        } else {
            Py_ssize_t raw = PyUnicode_GET_LENGTH(text);
            Py_ssize_t chars = raw + (table.dense_weight - 1) * dense;
            Py_ssize_t linked = PyLong_AsSsize_t(links);
            if (linked == -1 && PyErr_Occurred()) goto fail;
            total += chars;
            PyObject *values[5] = {
                PyLong_FromSsize_t(chars),
                PyLong_FromSsize_t(words),
                PyLong_FromSsize_t(stops),
                PyFloat_FromDouble(raw ? (double)linked / (double)raw : 0.0),
                PyBool_FromLong(sentence_end(PyUnicode_KIND(text), PyUnicode_DATA(text), raw)),
            };
            int ok = 1;
            for (int i = 0; i < 5; i++)
                if (!values[i]) ok = 0;
            features = ok ? slotted_new(&features_cls, values) : NULL;
            for (int i = 0; i < 5; i++) Py_XDECREF(values[i]);
            if (!features) goto fail;
        }
        PyList_SET_ITEM(out, b, features);
    }
    PyMem_Free(word.data);
    return Py_BuildValue("(Nn)", out, total);
fail:
    PyMem_Free(word.data);
    Py_DECREF(out);
    return NULL;
}

/* sample_words(texts, limit, reference) -> the words of the texts, each as
 * _WORD.findall(text.lower()) gives them, text after text until `limit` words or more are in;
 * `reference(text)` gives them for a text the table does not cover (features._language_sample
 * is the reference of the whole). */
static PyObject *py_sample_words(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *texts, *reference;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "O!nO", &PyList_Type, &texts, &limit, &reference)) return NULL;
    if (!table.ready) {
        PyErr_SetString(PyExc_RuntimeError, "newsclean._features.init() has not run");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    ucs4buf word = {NULL, 0};
    for (Py_ssize_t b = 0; b < PyList_GET_SIZE(texts); b++) {
        PyObject *text = PyList_GET_ITEM(texts, b);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "block texts must be str");
            goto fail;
        }
        Py_ssize_t dense;
        if (in_table(text, &dense)) {
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, start;
            while (next_word(kind, data, n, &i, &start)) {
                if (lowered_word(kind, data, start, i - start, &word) < 0) goto fail;
                PyObject *w = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, word.data, i - start);
                if (!w) goto fail;
                int rc = PyList_Append(out, w);
                Py_DECREF(w);
                if (rc < 0) goto fail;
            }
        } else {
            PyObject *found = PyObject_CallOneArg(reference, text);
            if (!found) goto fail;
            Py_ssize_t at = PyList_GET_SIZE(out);
            int rc = PyList_SetSlice(out, at, at, found);
            Py_DECREF(found);
            if (rc < 0) goto fail;
        }
        /* as the reference: the limit is tested after each text's words */
        if (PyList_GET_SIZE(out) >= limit) break;
    }
    PyMem_Free(word.data);
    return out;
fail:
    PyMem_Free(word.data);
    Py_DECREF(out);
    return NULL;
}

/* init(cls_bytes, lower_codes, dense_weight, (BlockFeatures, fields), reference_one, sentence_end_chars) */
static PyObject *py_init(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer cls, lower;
    Py_ssize_t weight;
    PyObject *features, *one, *ends;
    if (!PyArg_ParseTuple(args, "y*y*nO!OU", &cls, &lower, &weight, &PyTuple_Type, &features, &one, &ends))
        return NULL;
    PyObject *result = NULL;
    table.ready = 0;
    if (cls.len != TABLE_SIZE || lower.len != TABLE_SIZE * 4) {
        PyErr_Format(PyExc_ValueError, "tables must cover %d code points", TABLE_SIZE);
        goto done;
    }
    if (PyTuple_GET_SIZE(features) != 2 ||
        slotted_init(&features_cls, PyTuple_GET_ITEM(features, 0), PyTuple_GET_ITEM(features, 1)) < 0)
        goto done;
    if (features_cls.nfields != 5) {
        PyErr_SetString(PyExc_ValueError, "BlockFeatures must have 5 fields");
        goto done;
    }
    memcpy(table.cls, cls.buf, TABLE_SIZE);
    const unsigned char *codes = lower.buf;
    for (Py_ssize_t c = 0; c < TABLE_SIZE; c++) {
        Py_UCS4 low = (Py_UCS4)codes[4 * c] | (Py_UCS4)codes[4 * c + 1] << 8 | (Py_UCS4)codes[4 * c + 2] << 16 |
                      (Py_UCS4)codes[4 * c + 3] << 24;
        if (low >= TABLE_SIZE) {
            table.cls[c] |= C_FALLBACK;
            low = (Py_UCS4)c;
        }
        table.lower[c] = low;
    }
    table.dense_weight = weight;
    Py_XSETREF(reference_one, Py_NewRef(one));
    Py_XSETREF(sentence_end_chars, Py_NewRef(ends));
    table.ready = 1;
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&cls);
    PyBuffer_Release(&lower);
    return result;
}

static PyMethodDef methods[] = {
    {"init", py_init, METH_VARARGS, "init(classes, lower, dense_weight, (BlockFeatures, fields), reference, ends)"},
    {"sample_words", py_sample_words, METH_VARARGS,
     "sample_words(texts, limit, reference) -> the lower-cased words of the texts, until limit"},
    {"block_features", py_block_features, METH_VARARGS,
     "block_features(texts, link_chars, stop) -> (list of BlockFeatures, total chars)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_features", "Per-block features in C (see _features.c).", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__features(void) { return PyModule_Create(&module); }
