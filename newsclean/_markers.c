/* The marker check of one short block text in C.
 *
 * rules._table_marker_verdict_uncached is the reference; verdict(text) gives what it gives for
 * every str (tests/test_markers.py: edge cases of each step, every short block text of every
 * corpus and fixture page, every code point below U+3000 in several places, generated text).
 * It exists for speed: nineteen short texts in twenty have no marker, and the reference spends
 * about 4 microseconds of Python finding that out (a casefold and a dict lookup, the fold of the
 * phrase key, the topic, dateline and ad-badge tests, and the calls between them), for each of
 * the ~60 000 distinct short texts of a pass over the corpora.
 *
 * The steps, in the reference's order; a verdict ends the check:
 * - whole: the text, its edges stripped as normalise_marker strips them and casefolded, is a
 *   key of marker_whole. An ASCII text is looked up in a byte-string copy of the ASCII keys, any
 *   other is casefolded by str.casefold and looked up in the dict itself. Where normalise_marker
 *   would strip with its pattern (a non-ASCII mark or space is left at an edge once the ASCII
 *   ones are gone), normalise_marker itself is asked.
 * - prefix: a phrase opens the text, followed by a boundary, as MarkerPrefix.match finds it
 *   (its folding table, key lists and short phrases are copied at init; the boundary after a
 *   non-ASCII character is asked of the boundary pattern). Where one does, the phrase's topic
 *   words and the byline's sentence test decide: the text goes to the reference.
 * - topic: after the first ": " of a text whose topic is short, a whole phrase or an opening
 *   phrase (found as above) sends the text to the reference, which asks whether it explains.
 * - dateline: a text of at most byline_max characters that holds a digit is matched with the
 *   dateline pattern itself. Whether it holds one is read from a table of the ASCII characters
 *   and the code point below which the digit pattern found no other digit at init; a text with
 *   a character above that is asked of the digit pattern (the Unicode versions of regex and of
 *   CPython need not agree on which characters are digits).
 * - ad badge: a text that ends with a badge ending once str.rstrip() has stripped it, or starts
 *   with a badge opening, goes to the reference, which runs its patterns.
 * A str subclass or a text longer than MAX_TEXT goes to the reference as well.
 *
 * The fold: MarkerPrefix folds a text with its table, or lowers an ASCII one where it checked
 * that lower() gives each ASCII character its representative or none at all; only
 * representatives are compared with phrases and keys, so folding every text with the table, as
 * here, finds the same phrases. Without that table (regex's case tables could not be read)
 * the prefix is a regex, and rules.c_marker_verdict does not use this twin.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_bytetable.h"

/* Short blocks are at most rules.MARKER_MAX_CHARS (120) long: a text fits on the stack. */
#define MAX_TEXT 256
/* The longest phrase key (rules._MARKER_KEY_CHARS is 3). */
#define KEY_MAX 8

/* ---- phrase keys: up to KEY_MAX folded code points -> the phrases that key opens */

typedef struct {
    Py_UCS4 key[KEY_MAX];
    Py_ssize_t len;
    PyObject *phrases; /* borrowed tuple of folded str, owned by M.by_key; NULL: empty slot */
} key_slot;

static uint64_t hash_chars(const Py_UCS4 *s, Py_ssize_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ULL;
    return h;
}

/* ---- the tables, from init() */

static struct {
    int ready;
    /* whole */
    table whole;            /* ASCII keys of marker_whole -> Verdict */
    PyObject *whole_dict;   /* marker_whole itself, for text that is not ASCII */
    Py_ssize_t whole_max;   /* its longest key, in code points */
    unsigned char edge[128]; /* the ASCII characters normalise_marker strips with str.strip */
    PyObject *normalise;    /* normalise_marker */
    /* prefix */
    Py_UCS4 fold_ascii[128];
    Py_UCS4 *fold_from, *fold_to; /* the other folded characters, sorted by fold_from */
    Py_ssize_t nfold;
    Py_ssize_t key_chars;
    key_slot *keys;
    size_t keys_mask;
    PyObject *by_key;        /* dict: key -> tuple of folded phrases (keeps the tuples alive) */
    PyObject *short_phrases; /* tuple: the folded phrases shorter than a key */
    PyObject *short_firsts;  /* tuple: their first characters (str of length 0 or 1) */
    unsigned char boundary_mid[128], boundary_last[128]; /* ASCII character after a phrase */
    PyObject *boundary_match;                            /* the boundary pattern's match */
    /* topic */
    Py_ssize_t topic_max;
    /* dateline */
    Py_ssize_t byline_max;
    unsigned char digit[128];
    Py_UCS4 other_digits_from;
    PyObject *digit_search, *dateline_match, *dateline_verdict;
    /* ad badges */
    PyObject *endings, *openings; /* tuples of str */
    unsigned char ending_last[128], opening_first[128];
    int ending_other_last, opening_other_first; /* some ending / opening has a non-ASCII edge */
    PyObject *fallback; /* the reference */
    PyObject *casefold; /* "casefold", interned */
} M;

static inline Py_UCS4 fold(Py_UCS4 c) {
    if (c < 128) return M.fold_ascii[c];
    Py_ssize_t lo = 0, hi = M.nfold;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (M.fold_from[mid] < c) lo = mid + 1;
        else hi = mid;
    }
    return lo < M.nfold && M.fold_from[lo] == c ? M.fold_to[lo] : c;
}

/* ---- whole: marker_whole.get(normalise_marker(text[start:end])) */

/* The dict's value (borrowed) for the key `key` (a new reference, consumed), in *hit. */
static int dict_hit(PyObject *key, PyObject **hit) {
    if (!key) return -1;
    *hit = PyDict_GetItemWithError(M.whole_dict, key);
    Py_DECREF(key);
    return *hit || !PyErr_Occurred() ? 0 : -1;
}

/* The verdict of buf[s:e] casefolded, a stripped text. */
static int folded_hit(PyObject *text, const Py_UCS4 *buf, Py_ssize_t s, Py_ssize_t e, PyObject **hit) {
    if (e - s > M.whole_max) return 0; /* casefold never makes a text shorter */
    char low[MAX_TEXT];
    for (Py_ssize_t i = s; i < e; i++) {
        if (buf[i] >= 128) {
            PyObject *sub = PyUnicode_Substring(text, s, e);
            if (!sub) return -1;
            PyObject *folded = PyObject_CallMethodNoArgs(sub, M.casefold);
            Py_DECREF(sub);
            return dict_hit(folded, hit);
        }
        low[i - s] = (char)Py_TOLOWER(buf[i]); /* str.casefold of ASCII */
    }
    *hit = table_get(&M.whole, low, e - s);
    return 0;
}

static int whole_hit(PyObject *text, const Py_UCS4 *buf, Py_ssize_t start, Py_ssize_t end, PyObject **hit) {
    *hit = NULL;
    if (end > start && Py_UNICODE_ISALNUM(buf[start]) && Py_UNICODE_ISALNUM(buf[end - 1]))
        return folded_hit(text, buf, start, end, hit);
    Py_ssize_t s = start, e = end;
    while (s < e && buf[s] < 128 && M.edge[buf[s]]) s++;
    while (e > s && buf[e - 1] < 128 && M.edge[buf[e - 1]]) e--;
    int kept = s == e || ((buf[s] < 128 || Py_UNICODE_ISALNUM(buf[s])) &&
                          (buf[e - 1] < 128 || Py_UNICODE_ISALNUM(buf[e - 1])));
    if (!kept) { /* a non-ASCII mark or space at an edge: only normalise_marker's pattern strips it */
        PyObject *sub = PyUnicode_Substring(text, start, end);
        if (!sub) return -1;
        PyObject *normalised = PyObject_CallOneArg(M.normalise, sub);
        Py_DECREF(sub);
        return dict_hit(normalised, hit);
    }
    return folded_hit(text, buf, s, e, hit);
}

/* ---- prefix: whether MarkerPrefix.match(text[start:end]) finds a phrase */

/* The boundary pattern matches at buf[at] (at <= end). */
static int boundary_at(PyObject *text, const Py_UCS4 *buf, Py_ssize_t at, Py_ssize_t end) {
    if (at == end) return 1;
    Py_UCS4 c = buf[at];
    if (c < 128) return at == end - 1 ? M.boundary_last[c] : M.boundary_mid[c];
    PyObject *m = PyObject_CallFunction(M.boundary_match, "On", text, at);
    if (!m) return -1;
    int found = m != Py_None;
    Py_DECREF(m);
    return found;
}

/* The phrase `p` (folded) opens buf[start:end] and a boundary follows it. */
static int opens_with(PyObject *text, const Py_UCS4 *buf, Py_ssize_t start, Py_ssize_t end, PyObject *p) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(p);
    if (n > end - start) return 0;
    int kind = PyUnicode_KIND(p);
    const void *data = PyUnicode_DATA(p);
    for (Py_ssize_t i = 0; i < n; i++)
        if (fold(buf[start + i]) != PyUnicode_READ(kind, data, i)) return 0;
    return boundary_at(text, buf, start + n, end);
}

static int opens_with_any(PyObject *text, const Py_UCS4 *buf, Py_ssize_t start, Py_ssize_t end, PyObject *phrases) {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(phrases); i++) {
        int found = opens_with(text, buf, start, end, PyTuple_GET_ITEM(phrases, i));
        if (found) return found;
    }
    return 0;
}

static int opens_with_phrase(PyObject *text, const Py_UCS4 *buf, Py_ssize_t start, Py_ssize_t end) {
    Py_UCS4 key[KEY_MAX];
    Py_ssize_t kl = end - start < M.key_chars ? end - start : M.key_chars;
    for (Py_ssize_t i = 0; i < kl; i++) key[i] = fold(buf[start + i]);
    for (size_t i = hash_chars(key, kl) & M.keys_mask; M.keys[i].phrases; i = (i + 1) & M.keys_mask)
        if (M.keys[i].len == kl && memcmp(M.keys[i].key, key, sizeof(Py_UCS4) * (size_t)kl) == 0)
            return opens_with_any(text, buf, start, end, M.keys[i].phrases);
    /* no key of its own: only a phrase shorter than a key can open it (most texts end here) */
    int first = 0;
    for (Py_ssize_t i = 0; !first && i < PyTuple_GET_SIZE(M.short_firsts); i++) {
        PyObject *f = PyTuple_GET_ITEM(M.short_firsts, i);
        Py_ssize_t fl = PyUnicode_GET_LENGTH(f);
        first = fl == (kl < 1 ? kl : 1) && (fl == 0 || PyUnicode_READ_CHAR(f, 0) == key[0]);
    }
    return first ? opens_with_any(text, buf, start, end, M.short_phrases) : 0;
}

/* ---- dateline and ad badges */

/* _DIGIT.search(text) finds something. */
static int holds_digit(PyObject *text, const Py_UCS4 *buf, Py_ssize_t n) {
    int ask = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (buf[i] < 128) {
            if (M.digit[buf[i]]) return 1;
        } else if (buf[i] >= M.other_digits_from) {
            ask = 1;
        }
    }
    if (!ask) return 0;
    PyObject *m = PyObject_CallOneArg(M.digit_search, text);
    if (!m) return -1;
    int found = PyObject_IsTrue(m);
    Py_DECREF(m);
    return found;
}

/* Some str of `words` is buf[at - len:at] (at_end) or buf[at:at + len]. */
static int any_at(PyObject *words, const Py_UCS4 *buf, Py_ssize_t at, Py_ssize_t room, int at_end) {
    for (Py_ssize_t w = 0; w < PyTuple_GET_SIZE(words); w++) {
        PyObject *word = PyTuple_GET_ITEM(words, w);
        Py_ssize_t n = PyUnicode_GET_LENGTH(word);
        if (n > room) continue;
        const Py_UCS4 *s = at_end ? buf + at - n : buf + at;
        int kind = PyUnicode_KIND(word);
        const void *data = PyUnicode_DATA(word);
        Py_ssize_t i = 0;
        while (i < n && s[i] == PyUnicode_READ(kind, data, i)) i++;
        if (i == n) return 1;
    }
    return 0;
}

static int badge_at_an_edge(const Py_UCS4 *buf, Py_ssize_t n) {
    Py_ssize_t e = n;
    while (e > 0 && Py_UNICODE_ISSPACE(buf[e - 1])) e--; /* str.rstrip() */
    /* an empty text is tried too: only an empty ending or opening can be at its edge */
    if ((e == 0 || (buf[e - 1] < 128 ? M.ending_last[buf[e - 1]] : M.ending_other_last)) &&
        any_at(M.endings, buf, e, e, 1))
        return 1;
    return (n == 0 || (buf[0] < 128 ? M.opening_first[buf[0]] : M.opening_other_first)) &&
           any_at(M.openings, buf, 0, n, 0);
}

/* ---- the check */

/* The verdict (a new reference), Py_NotImplemented where the reference must decide, or NULL. */
static PyObject *decide(PyObject *text) {
    if (!PyUnicode_CheckExact(text) || PyUnicode_GET_LENGTH(text) > MAX_TEXT) Py_RETURN_NOTIMPLEMENTED;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 buf[MAX_TEXT];
    if (n && !PyUnicode_AsUCS4(text, buf, MAX_TEXT, 0)) return NULL;
    PyObject *hit;
    if (whole_hit(text, buf, 0, n, &hit) < 0) return NULL;
    if (hit) return Py_NewRef(hit);
    int found = opens_with_phrase(text, buf, 0, n);
    if (found) return found < 0 ? NULL : Py_NewRef(Py_NotImplemented);
    for (Py_ssize_t i = 0; i + 1 < n && i <= M.topic_max; i++) {
        if (buf[i] != ':' || buf[i + 1] != ' ') continue;
        if (whole_hit(text, buf, i + 2, n, &hit) < 0) return NULL;
        found = hit ? 1 : opens_with_phrase(text, buf, i + 2, n);
        if (found) return found < 0 ? NULL : Py_NewRef(Py_NotImplemented);
        break; /* only the first ": " splits the topic off */
    }
    if (n <= M.byline_max) {
        found = holds_digit(text, buf, n);
        if (found < 0) return NULL;
        if (found) {
            PyObject *m = PyObject_CallOneArg(M.dateline_match, text);
            if (!m) return NULL;
            found = PyObject_IsTrue(m);
            Py_DECREF(m);
            if (found < 0) return NULL;
            if (found) return Py_NewRef(M.dateline_verdict);
        }
    }
    if (badge_at_an_edge(buf, n)) Py_RETURN_NOTIMPLEMENTED;
    Py_RETURN_NONE;
}

static int check_ready(void) {
    if (!M.ready) PyErr_SetString(PyExc_RuntimeError, "_markers.init() has not been called");
    return M.ready;
}

static PyObject *py_verdict(PyObject *self, PyObject *text) {
    (void)self;
    if (!check_ready()) return NULL;
    PyObject *verdict = decide(text);
    if (verdict != Py_NotImplemented) return verdict;
    Py_DECREF(verdict);
    return PyObject_CallOneArg(M.fallback, text);
}

static PyObject *py_own_verdict(PyObject *self, PyObject *text) {
    (void)self;
    if (!check_ready()) return NULL;
    return decide(text);
}

/* block_verdicts(index, results, result_index, maxsize, max_chars, longer, texts): the marker
 * verdict of every text of a page, as rules._block_markers asks _TextCache for each short one
 * and ``longer`` for each longer one: the cache's index (str -> place in ``results``), its
 * results and their places are read and filled as _TextCache.__call__ fills them, and the
 * index is cleared when it holds ``maxsize`` texts. A text the index does not hold is decided
 * as verdict() decides it. A page has hundreds of blocks; this is one call for all of them. */
static PyObject *py_block_verdicts(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 7) {
        PyErr_Format(PyExc_TypeError, "block_verdicts takes 7 arguments (%zd given)", nargs);
        return NULL;
    }
    PyObject *index = args[0], *results = args[1], *result_index = args[2], *longer = args[5], *texts = args[6];
    if (!PyDict_CheckExact(index) || !PyList_CheckExact(results) || !PyDict_CheckExact(result_index) ||
        !PyList_CheckExact(texts)) {
        PyErr_SetString(PyExc_TypeError, "index, result_index must be dicts; results, texts lists");
        return NULL;
    }
    Py_ssize_t maxsize = PyLong_AsSsize_t(args[3]);
    if (maxsize == -1 && PyErr_Occurred()) return NULL;
    Py_ssize_t max_chars = PyLong_AsSsize_t(args[4]);
    if (max_chars == -1 && PyErr_Occurred()) return NULL;
    if (!check_ready()) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    PyObject *out = PyList_New(n);
    if (!out) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i >= PyList_GET_SIZE(texts)) {
            PyErr_SetString(PyExc_RuntimeError, "texts changed size during block_verdicts");
            goto fail;
        }
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts must be str");
            goto fail;
        }
        PyObject *verdict;
        if (PyUnicode_GET_LENGTH(text) > max_chars) {
            verdict = PyObject_CallOneArg(longer, text);
            if (!verdict) goto fail;
            PyList_SET_ITEM(out, i, verdict);
            continue;
        }
        Py_INCREF(text); /* the list may lose it while Python code runs below */
        PyObject *at = PyDict_GetItemWithError(index, text);
        if (at) {
            Py_ssize_t k = PyLong_AsSsize_t(at);
            verdict = (k == -1 && PyErr_Occurred()) ? NULL : PyList_GetItem(results, k);
            Py_XINCREF(verdict);
        } else if (PyErr_Occurred()) {
            verdict = NULL;
        } else {
            verdict = decide(text);
            if (verdict == Py_NotImplemented) {
                Py_DECREF(verdict);
                verdict = PyObject_CallOneArg(M.fallback, text);
            }
            PyObject *place = verdict ? PyDict_GetItemWithError(result_index, verdict) : NULL;
            if (place) {
                Py_INCREF(place);
            } else if (verdict && !PyErr_Occurred()) {
                place = PyLong_FromSsize_t(PyList_GET_SIZE(results));
                if (place && (PyDict_SetItem(result_index, verdict, place) < 0 || PyList_Append(results, verdict) < 0))
                    Py_CLEAR(place);
            }
            if (!place) {
                Py_CLEAR(verdict);
            } else {
                if (PyDict_GET_SIZE(index) >= maxsize) PyDict_Clear(index);
                if (PyDict_SetItem(index, text, place) < 0) Py_CLEAR(verdict);
                Py_DECREF(place);
            }
        }
        Py_DECREF(text);
        if (!verdict) goto fail;
        PyList_SET_ITEM(out, i, verdict);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ---- init */

static int str_tuple(PyObject *t, Py_ssize_t max_len, const char *what) {
    if (!PyTuple_Check(t)) goto bad;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(t); i++) {
        PyObject *s = PyTuple_GET_ITEM(t, i);
        if (!PyUnicode_CheckExact(s) || (max_len >= 0 && PyUnicode_GET_LENGTH(s) > max_len)) goto bad;
    }
    return 0;
bad:
    PyErr_Format(PyExc_TypeError, "%s must be a tuple of str", what);
    return -1;
}

static int flags(unsigned char *out, PyObject *bytes, const char *what) {
    if (!PyBytes_Check(bytes) || PyBytes_GET_SIZE(bytes) != 128) {
        PyErr_Format(PyExc_TypeError, "%s must be 128 bytes, one per ASCII character", what);
        return -1;
    }
    memcpy(out, PyBytes_AS_STRING(bytes), 128);
    return 0;
}

static void clear_prefix(void) {
    PyMem_Free(M.fold_from);
    PyMem_Free(M.keys);
    M.fold_from = M.fold_to = NULL;
    M.keys = NULL;
    M.nfold = 0;
}

static int init_fold(PyObject *table_) {
    for (Py_UCS4 c = 0; c < 128; c++) M.fold_ascii[c] = c;
    Py_ssize_t size = PyDict_GET_SIZE(table_);
    M.fold_from = PyMem_Malloc(sizeof(Py_UCS4) * 2 * (size_t)(size + 1));
    if (!M.fold_from) {
        PyErr_NoMemory();
        return -1;
    }
    M.fold_to = M.fold_from + size + 1;
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(table_, &pos, &key, &value)) {
        long from = PyLong_Check(key) ? PyLong_AsLong(key) : -1;
        if (from < 0 || from > 0x10FFFF || !PyUnicode_Check(value) || PyUnicode_GET_LENGTH(value) != 1) {
            PyErr_Clear();
            PyErr_SetString(PyExc_TypeError, "fold table: code point -> one character");
            return -1;
        }
        Py_UCS4 to = PyUnicode_READ_CHAR(value, 0);
        if (from < 128) {
            M.fold_ascii[from] = to;
            continue;
        }
        Py_ssize_t i = M.nfold++; /* insertion sort: a few dozen entries */
        while (i > 0 && M.fold_from[i - 1] > (Py_UCS4)from) {
            M.fold_from[i] = M.fold_from[i - 1];
            M.fold_to[i] = M.fold_to[i - 1];
            i--;
        }
        M.fold_from[i] = (Py_UCS4)from;
        M.fold_to[i] = to;
    }
    return 0;
}

static int init_keys(PyObject *by_key) {
    size_t size = 8;
    while (size < 2 * (size_t)PyDict_GET_SIZE(by_key) + 1) size *= 2;
    M.keys = PyMem_Calloc(size, sizeof(key_slot));
    if (!M.keys) {
        PyErr_NoMemory();
        return -1;
    }
    M.keys_mask = size - 1;
    Py_ssize_t pos = 0;
    PyObject *key, *phrases;
    while (PyDict_Next(by_key, &pos, &key, &phrases)) {
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) > KEY_MAX) {
            PyErr_Format(PyExc_TypeError, "phrase keys must be str of at most %d characters", KEY_MAX);
            return -1;
        }
        if (str_tuple(phrases, -1, "the phrases of a key") < 0) return -1;
        key_slot entry = {.len = PyUnicode_GET_LENGTH(key), .phrases = phrases};
        for (Py_ssize_t i = 0; i < entry.len; i++) entry.key[i] = PyUnicode_READ_CHAR(key, i);
        size_t i = hash_chars(entry.key, entry.len) & M.keys_mask;
        while (M.keys[i].phrases) i = (i + 1) & M.keys_mask;
        M.keys[i] = entry;
    }
    return 0;
}

static void edge_flags(PyObject *words, unsigned char *ascii, int *other, int last) {
    memset(ascii, 0, 128);
    *other = 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(words); i++) {
        PyObject *w = PyTuple_GET_ITEM(words, i);
        Py_ssize_t n = PyUnicode_GET_LENGTH(w);
        if (!n) { /* an empty word is at every edge */
            memset(ascii, 1, 128);
            *other = 1;
            continue;
        }
        Py_UCS4 c = PyUnicode_READ_CHAR(w, last ? n - 1 : 0);
        if (c < 128) ascii[c] = 1;
        else *other = 1;
    }
}

static PyObject *py_init(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *whole, *edge, *normalise;
    PyObject *fold_table, *by_key, *short_phrases, *short_firsts, *mid, *last, *boundary_match;
    PyObject *digits, *digit_search, *dateline_match, *dateline_verdict;
    PyObject *endings, *openings, *fallback;
    Py_ssize_t key_chars, topic_max, byline_max, other_digits_from;
    if (!PyArg_ParseTuple(args, "(O!UO)(O!nO!OOOOO)n(nOnOOO)(OO)O", &PyDict_Type, &whole, &edge, &normalise,
                          &PyDict_Type, &fold_table, &key_chars, &PyDict_Type, &by_key, &short_phrases,
                          &short_firsts, &mid, &last, &boundary_match, &topic_max, &byline_max, &digits,
                          &other_digits_from, &digit_search, &dateline_match, &dateline_verdict, &endings,
                          &openings, &fallback))
        return NULL;
    if (key_chars < 1 || key_chars > KEY_MAX || other_digits_from < 128 || other_digits_from > 0x110000) {
        PyErr_Format(PyExc_ValueError, "key_chars must be 1 to %d, other_digits_from 128 to 0x110000", KEY_MAX);
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(edge)) {
        PyErr_SetString(PyExc_ValueError, "the edge characters must be ASCII");
        return NULL;
    }
    if (!PyCallable_Check(normalise) || !PyCallable_Check(boundary_match) || !PyCallable_Check(digit_search) ||
        !PyCallable_Check(dateline_match) || !PyCallable_Check(fallback)) {
        PyErr_SetString(PyExc_TypeError, "normalise, the pattern methods and fallback must be callable");
        return NULL;
    }
    if (str_tuple(short_phrases, -1, "short phrases") < 0 || str_tuple(short_firsts, 1, "short firsts") < 0 ||
        str_tuple(endings, -1, "badge endings") < 0 || str_tuple(openings, -1, "badge openings") < 0)
        return NULL;
    Py_ssize_t whole_max = 0, pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(whole, &pos, &key, &value))
        if (PyUnicode_Check(key) && PyUnicode_GET_LENGTH(key) > whole_max) whole_max = PyUnicode_GET_LENGTH(key);
    M.ready = 0;
    clear_prefix();
    if (flags(M.boundary_mid, mid, "boundary_mid") < 0 || flags(M.boundary_last, last, "boundary_last") < 0 ||
        flags(M.digit, digits, "digits") < 0 || table_build(&M.whole, whole) < 0 || init_fold(fold_table) < 0 ||
        init_keys(by_key) < 0)
        return NULL;
    if (!M.casefold && !(M.casefold = PyUnicode_InternFromString("casefold"))) return NULL;
    memset(M.edge, 0, sizeof(M.edge));
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(edge); i++) M.edge[PyUnicode_READ_CHAR(edge, i)] = 1;
    edge_flags(endings, M.ending_last, &M.ending_other_last, 1);
    edge_flags(openings, M.opening_first, &M.opening_other_first, 0);
    M.whole_max = whole_max;
    M.key_chars = key_chars;
    M.topic_max = topic_max;
    M.byline_max = byline_max;
    M.other_digits_from = (Py_UCS4)other_digits_from;
    Py_XSETREF(M.whole_dict, Py_NewRef(whole));
    Py_XSETREF(M.normalise, Py_NewRef(normalise));
    Py_XSETREF(M.by_key, Py_NewRef(by_key));
    Py_XSETREF(M.short_phrases, Py_NewRef(short_phrases));
    Py_XSETREF(M.short_firsts, Py_NewRef(short_firsts));
    Py_XSETREF(M.boundary_match, Py_NewRef(boundary_match));
    Py_XSETREF(M.digit_search, Py_NewRef(digit_search));
    Py_XSETREF(M.dateline_match, Py_NewRef(dateline_match));
    Py_XSETREF(M.dateline_verdict, Py_NewRef(dateline_verdict));
    Py_XSETREF(M.endings, Py_NewRef(endings));
    Py_XSETREF(M.openings, Py_NewRef(openings));
    Py_XSETREF(M.fallback, Py_NewRef(fallback));
    M.ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", py_init, METH_VARARGS,
     "init((marker_whole, edge_chars, normalise_marker), (fold_table, key_chars, by_key, short_phrases, "
     "short_firsts, boundary_mid, boundary_last, boundary_match), topic_max, (byline_max, ascii_digits, "
     "other_digits_from, digit_search, dateline_match, dateline_verdict), (badge_endings, badge_openings), "
     "fallback)"},
    {"verdict", py_verdict, METH_O, "verdict(text) -> the marker verdict of a short block text, or None"},
    {"block_verdicts", (PyCFunction)(void (*)(void))py_block_verdicts, METH_FASTCALL,
     "block_verdicts(index, results, result_index, maxsize, max_chars, longer, texts) -> the verdict of "
     "every text, through the marker cache's index"},
    {"own_verdict", py_own_verdict, METH_O,
     "own_verdict(text) -> the verdict, or NotImplemented where verdict() asks the reference"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_markers", "The marker check of short block texts in C (see _markers.c).", -1, methods,
    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__markers(void) { return PyModule_Create(&module); }
