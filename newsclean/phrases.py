"""Lists of phrases matched case-blind at the start of a text, without compiling them.

A table's phrases ("Mehr zum Thema", "Zeige alle Beiträge von", "Die Cookie-Einstellungen auf
dieser Website …") would make one alternation ``^(?:phrase|phrase|…)`` with IGNORECASE, followed
by what must come after the phrase. ``regex`` parses such a pattern in Python, a few
microseconds a character: a table of a thousand characters costs 5-12 ms of every fresh
process's first pages. ``PhrasePrefix`` finds what that pattern finds by looking up the text's
first characters, folded as IGNORECASE compares them; only the pattern for what follows the
phrase is compiled, and it is short.
"""

from __future__ import annotations

from functools import cached_property

import regex

__all__ = ["PhraseMatch", "PhrasePrefix", "case_folding", "longest_first"]


def longest_first(words: list[str]) -> list[str]:
    """The words lower-cased, longest first: in an alternation "advertisement" wins over "ad"."""
    return [w.lower() for w in sorted(set(words), key=len, reverse=True)]


class PhraseMatch:
    """What ``PhrasePrefix.match`` found, read as a ``regex.Match`` of the whole pattern is:
    ``lastgroup`` names the group of the phrase, ``end(lastgroup)`` is where the phrase ends
    (``phrase`` is the text up to there), ``end()`` where the boundary after it does."""

    __slots__ = ("lastgroup", "phrase", "_end")

    def __init__(self, text: str, group: str, phrase_end: int, end: int) -> None:
        self.lastgroup = group
        self.phrase = text[:phrase_end]
        self._end = end

    def end(self, group: str | int = 0) -> int:
        if group == 0:
            return self._end
        return len(self.phrase) if group == self.lastgroup else -1


def case_folding(chars: set[str]) -> dict[str, str] | None:
    """Every character that IGNORECASE matches with one of ``chars`` -> one representative of
    those it matches with (an ASCII lower-case letter where there is one): a text character
    matches a phrase character exactly where both map to the same one. Read from regex's own
    case tables (the function its compiler uses: a pattern character matches the characters
    it lists, e.g. "i" matches "i", "I" and "İ"), which are not its public API. None where
    that function is missing or two phrase characters' lists overlap without being the same;
    the caller then runs the pattern."""
    from regex import _regex

    get_all_cases = getattr(_regex, "get_all_cases", None)
    if get_all_cases is None:  # pragma: no cover - a regex release without it
        return None
    flags = int(regex.UNICODE | regex.IGNORECASE)
    folding: dict[str, str] = {}
    classes: dict[str, frozenset[str]] = {}  # representative -> the characters mapped to it
    for char in chars:
        matches = frozenset(map(chr, get_all_cases(flags, ord(char))))
        ascii_lower = sorted(m for m in matches if m.isascii() and m.islower())
        representative = ascii_lower[0] if ascii_lower else min(matches)
        known = classes.setdefault(representative, matches)
        overlaps = any(folding.get(m, representative) != representative for m in matches)
        if char not in matches or known != matches or overlaps:
            return None
        folding.update(dict.fromkeys(matches, representative))
    return folding


# (group name, folded phrase, its length) in the order the whole pattern tries them; and the
# longest of them, as far as a text must be folded to compare
_Candidates = tuple[tuple[tuple[str, str, int], ...], int]


class PhrasePrefix:
    """Groups of phrases that open a text, as one anchored pattern:
    ``^(?:(?P<g0>phrases of group 0)|(?P<g1>…)…)`` followed by ``boundary`` (``pattern``).

    ``match`` finds what that pattern finds without running it. The pattern tries its phrases
    in order (each group's longest first), each case-blind and followed by the boundary, and
    the first that fits wins. So does ``match``, over only the phrases whose first
    ``key_chars`` characters are the text's (as IGNORECASE compares characters: each
    character is folded to one representative of the characters it matches, from regex's own
    tables, see case_folding); only ``boundary`` is compiled. tests/test_boxes.py and
    tests/test_phrases.py hold ``match`` to ``pattern`` and the folding to regex's matching of
    every phrase character against every code point; tests/test_rules.py tries odd cases and
    the fallback (where regex's tables cannot be read, ``match`` runs ``pattern``)."""

    def __init__(self, groups: list[tuple[str, list[str]]], boundary: str, key_chars: int = 3) -> None:
        # per group, its phrases in the order longest_first writes them
        self._groups = [(name, longest_first(words)) for name, words in groups]
        self._boundary_source = boundary
        self._key_chars = key_chars
        folding = case_folding({c for _, words in self._groups for w in words for c in w})
        self._folded = folding is not None
        self._fold_table = {ord(c): f for c, f in (folding or {}).items() if c != f}
        # str.lower() folds an ASCII text as the table does where each ASCII character lowers
        # to its representative, or to no representative at all (checked, not assumed)
        representatives = set((folding or {}).values())
        self._ascii_lowers = all(
            c.lower() == folding[c] if folding and c in folding else c.lower() not in representatives
            for c in map(chr, range(128))
        )
        entries = [
            (order, name, folded, len(folded))
            for order, (name, folded) in enumerate(
                (name, w.translate(self._fold_table)) for name, words in self._groups for w in words
            )
        ]
        k = key_chars
        self._short = [e for e in entries if e[3] < k]
        self._short_firsts = frozenset(e[2][:1] for e in self._short)
        by_key: dict[str, list[tuple[int, str, str, int]]] = {}
        for entry in entries:
            if entry[3] >= k:
                by_key.setdefault(entry[2][:k], []).append(entry)
        # a key's list also holds the shorter phrases that open it, in their place in the order
        self._by_key = {
            key: self._candidates(found + [e for e in self._short if key.startswith(e[2])])
            for key, found in by_key.items()
        }
        self._boundary = regex.compile(boundary)

    @staticmethod
    def _candidates(entries: list[tuple[int, str, str, int]]) -> _Candidates:
        ordered = sorted(entries)
        return tuple((name, folded, n) for _, name, folded, n in ordered), max(e[3] for e in ordered)

    @cached_property
    def pattern(self) -> regex.Pattern[str]:
        """All phrases in one pattern: what ``match`` stands for (and runs where regex's case
        tables cannot be read)."""
        parts = [
            f"(?P<{name}>{'|'.join(regex.escape(w) for w in words)})" for name, words in self._groups if words
        ]
        phrases = "|".join(parts)
        return regex.compile(rf"^(?:{phrases})(?:{self._boundary_source})", regex.IGNORECASE)

    def _fold(self, text: str) -> str:
        if self._ascii_lowers and text.isascii():
            return text.lower()
        return text.translate(self._fold_table)

    def match(self, text: str) -> PhraseMatch | None:
        if not self._folded:
            m = self.pattern.match(text)
            return PhraseMatch(text, m.lastgroup or "", m.end(m.lastgroup or 0), m.end()) if m else None
        key = self._fold(text[: self._key_chars])
        found = self._by_key.get(key)
        if found is None:
            if key[:1] not in self._short_firsts:
                return None  # most texts end here
            short = [e for e in self._short if key.startswith(e[2])]
            if not short:
                return None
            found = self._candidates(short)
        candidates, longest = found
        folded = self._fold(text[:longest])
        for group, phrase, n in candidates:
            if folded.startswith(phrase):
                boundary = self._boundary.match(text, n)
                if boundary is not None:
                    return PhraseMatch(text, group, n, boundary.end())
        return None
