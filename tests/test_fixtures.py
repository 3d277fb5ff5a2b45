"""Walk the hand-written fixture cases in ``fixtures/<case>/`` and check the extractor on each.

Each case folder holds ``input.html`` (or ``input.txt`` for ``"entry": "text"``), ``NOTES.md``
and ``expected.json``::

    {"entry": "html", "url": "...", "description": "...",
     "body": [...],            # optional: exact doc.text.split("\\n\\n")
     "body_contains": [...],   # snippets that must be in doc.text
     "body_excludes": [...],   # snippets that must not be in doc.text
     "boxes": [{"kind": ..., "title": ... or null, "contains": [...], "excludes": [...]}],
     "metadata": {"title": ..., "authors": [...], "date": "YYYY-MM-DD", "language": ..., ...},
     "empty": false}

Matching rules (kept lenient where the format leaves room, strict where it does not):

* snippets are compared with whitespace runs collapsed to one space, case-sensitively;
* ``boxes`` lists every box expected, in page order: each expected box is matched to the next
  found box (after the previous match) whose text holds all its ``contains`` snippets, then its
  kind, title and ``excludes`` are checked; found boxes left unmatched are reported as
  unexpected. A ``null`` title is not checked; a given title is compared case-folded, with
  whitespace collapsed and a trailing colon dropped;
* ``metadata.date`` is compared on its first 10 characters; ``language`` on the primary
  subtag when the expected value has none; ``authors`` as a set of names; any other key is
  compared with the ``Document`` attribute of the same name.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p.parent for p in FIXTURES.glob("*/expected.json"))
CASE_IDS = [c.name for c in CASES]

KEYS = {
    "entry",
    "url",
    "description",
    "body",
    "body_contains",
    "body_excludes",
    "boxes",
    "metadata",
    "empty",
}
BOX_KINDS = {"explainer", "related", "ad"}
BOX_KEYS = {"kind", "title", "contains", "excludes"}
MIN_CASES = 12

# Known failures: the extractor does not yet do what these fixtures pin. Each is run as a
# strict xfail, so a fix that makes one pass fails the suite until it is taken off this list.
# Never edit an expected.json to shrink this list; fix the extractor.
KNOWN_FAILURES: dict[str, str] = {}


# ----------------------------------------------------------------------------- helpers


def _norm(s: str | None) -> str:
    return " ".join((s or "").split())


def _short(s: str | None, n: int = 100) -> str:
    s = _norm(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def _title_key(s: str | None) -> str:
    return _norm(s).rstrip(":").strip().casefold()


def _load(case: Path) -> dict[str, Any]:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


def _input_path(case: Path, exp: dict[str, Any]) -> Path:
    return case / ("input.txt" if exp.get("entry", "html") == "text" else "input.html")


def _run(case: Path, exp: dict[str, Any]):
    import newsclean

    path = _input_path(case, exp)
    url = exp.get("url")
    if exp.get("entry", "html") == "text":
        extract_text = getattr(newsclean, "extract_text", None)
        if extract_text is None:
            pytest.fail("newsclean.extract_text does not exist (needed for entry 'text')", pytrace=False)
        return extract_text(path.read_text(encoding="utf-8"), url=url)
    return newsclean.extract(path.read_bytes(), url=url)


def _box_text(box) -> str:
    return _norm(f"{box.title or ''} {box.text}")


def _describe_box(i: int, box) -> str:
    return f"#{i} {box.kind} title={box.title!r}: {_short(box.text, 90)!r}"


def _where_is(doc, snippet: str) -> str:
    """Say which block(s) hold ``snippet``, for failure messages."""
    snip = _norm(snippet)
    hits = []
    for b in doc.blocks:
        if snip in _norm(b.text):
            where = f"block {b.index} label={b.label}"
            if b.box is not None:
                where += f" box=#{b.box}"
            if b.reasons:
                where += f" reasons={list(b.reasons)[:4]}"
            hits.append(where)
    if hits:
        return "; ".join(hits[:3])
    if snip in _norm(doc.text):
        return "in doc.text (spanning blocks)"
    return "in no block at all (dropped)"


def _boxes_summary(doc) -> str:
    if not doc.boxes:
        return "  boxes found: none"
    return "  boxes found:\n" + "\n".join(f"    {_describe_box(i, b)}" for i, b in enumerate(doc.boxes))


# ----------------------------------------------------------------------------- checks


def _check_body(doc, exp, problems: list[str]) -> None:
    if "body" in exp:
        want = [_norm(p) for p in exp["body"]]
        got = [_norm(p) for p in doc.text.split("\n\n")] if doc.text.strip() else []
        if want != got:
            i = next((k for k, (w, g) in enumerate(zip(want, got, strict=False)) if w != g), None)
            if i is None:
                i = min(len(want), len(got))
            w = want[i] if i < len(want) else "<end of expected body>"
            g = got[i] if i < len(got) else "<end of extracted body>"
            msg = (
                f"body: {len(got)} blocks, expected {len(want)}; first difference at block {i}:\n"
                f"    expected: {_short(w, 160)!r}\n"
                f"    got:      {_short(g, 160)!r}"
            )
            missing = [k for k, w in enumerate(want) if w not in got]
            extra = [k for k, g in enumerate(got) if g not in want]
            if missing:
                msg += f"\n    missing expected blocks {missing[:8]}: " + "; ".join(
                    repr(_short(want[k], 60)) for k in missing[:3]
                )
            if extra:
                msg += f"\n    extra extracted blocks {extra[:8]}: " + "; ".join(
                    repr(_short(got[k], 60)) for k in extra[:3]
                )
            problems.append(msg)
    text = _norm(doc.text)
    for snip in exp.get("body_contains", []):
        if _norm(snip) not in text:
            problems.append(f"body_contains: missing {_short(snip)!r} ({_where_is(doc, snip)})")
    for snip in exp.get("body_excludes", []):
        if _norm(snip) in text:
            problems.append(f"body_excludes: found {_short(snip)!r} in the body ({_where_is(doc, snip)})")


def _check_boxes(doc, exp, problems: list[str]) -> None:
    if "boxes" not in exp:
        return
    found = list(doc.boxes)
    texts = [_box_text(b) for b in found]
    matched: set[int] = set()
    pos = 0
    for i, eb in enumerate(exp["boxes"]):
        label = f"expected box {i} ({eb['kind']}, title={eb.get('title')!r})"
        snippets = [_norm(s) for s in eb.get("contains", [])]
        j = None
        for k in range(pos, len(found)):
            if k in matched:
                continue
            if snippets and all(s in texts[k] for s in snippets):
                j = k
                break
            if not snippets and str(found[k].kind) == eb["kind"]:
                j = k
                break
        if j is None:
            holders = {s: [k for k in range(len(found)) if s in texts[k]] for s in snippets}
            if snippets and all(holders.values()):
                spread = sorted({k for ks in holders.values() for k in ks})
                how = "out of order" if any(set(ks) <= {*range(pos)} for ks in holders.values()) else "split"
                problems.append(f"{label}: {how}; its snippets are in boxes {spread}")
                span = range(spread[0], spread[-1] + 1)
                matched.update(k for k in span if str(found[k].kind) == eb["kind"])
                pos = max(pos, spread[-1] + 1)
            else:
                lost = next((s for s in snippets if not any(s in t for t in texts)), snippets[:1] or [""])
                where = _where_is(doc, lost) if lost else "no snippets"
                problems.append(f"{label}: no box holds {_short(lost)!r} ({where})")
            continue
        matched.add(j)
        pos = j + 1
        box = found[j]
        if str(box.kind) != eb["kind"]:
            problems.append(f"{label}: matched box #{j} has kind {box.kind}")
        if eb.get("title") is not None and _title_key(box.title) != _title_key(eb["title"]):
            problems.append(f"{label}: matched box #{j} has title {box.title!r}")
        for snip in eb.get("excludes", []):
            if _norm(snip) in texts[j]:
                problems.append(f"{label}: box #{j} must not hold {_short(snip)!r}")
    unexpected = [k for k in range(len(found)) if k not in matched]
    for k in unexpected[:8]:
        problems.append(f"unexpected box {_describe_box(k, found[k])}")
    if len(unexpected) > 8:
        problems.append(f"... and {len(unexpected) - 8} more unexpected boxes (see the list below)")


def _check_metadata(doc, exp, problems: list[str]) -> None:
    for key, want in exp.get("metadata", {}).items():
        if key == "date":
            got = doc.date
            ok = got is not None and want is not None and got[:10] == want[:10]
            ok = ok or (got is None and want is None)
        elif key == "authors":
            got = list(doc.authors)
            ok = {_norm(a) for a in got} == {_norm(a) for a in want}
        elif key == "language":
            got = doc.language
            g = (got or "").lower().replace("_", "-")
            w = (want or "").lower().replace("_", "-")
            ok = g == w or ("-" not in w and g.split("-")[0] == w)
        elif key in {"title", "site_name", "kicker", "lead", "source", "description"}:
            got = getattr(doc, key, None)
            ok = _norm(got) == _norm(want) and (got is None) == (want is None)
        else:
            got = getattr(doc, key, None)
            if isinstance(got, tuple):
                got = list(got)
            ok = got == want
        if not ok:
            problems.append(f"metadata.{key}: expected {want!r}, got {got!r}")


def _check_empty(doc, exp, problems: list[str]) -> None:
    if "empty" not in exp:
        return
    is_empty = not doc.text.strip()
    if exp["empty"]:
        if not is_empty:
            problems.append(f"empty: expected an empty body, got {len(doc.text)} chars: {_short(doc.text)!r}")
        elif not doc.empty_reason:
            problems.append("empty: body is empty but empty_reason is not set")
    elif is_empty:
        problems.append(f"empty: body is empty (empty_reason={doc.empty_reason!r})")


# ----------------------------------------------------------------------------- tests


def _with_known_failures(cases: list[Path]) -> list[Any]:
    return [
        pytest.param(c, id=c.name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[c.name]))
        if c.name in KNOWN_FAILURES
        else pytest.param(c, id=c.name)
        for c in cases
    ]


@pytest.mark.parametrize("case", _with_known_failures(CASES))
def test_fixture(case: Path) -> None:
    """Each fixture's body, boxes, metadata and emptiness are what its expected.json says."""
    exp = _load(case)
    doc = _run(case, exp)
    problems: list[str] = []
    _check_body(doc, exp, problems)
    _check_boxes(doc, exp, problems)
    _check_metadata(doc, exp, problems)
    _check_empty(doc, exp, problems)
    if problems:
        lines = [f"{case.name}: {len(problems)} problem(s)"]
        lines += [f"  - {p}" for p in problems]
        if "boxes" in exp or any("box" in p for p in problems):
            lines.append(_boxes_summary(doc))
        pytest.fail("\n".join(lines), pytrace=False)


def test_fixture_folders_complete() -> None:
    dirs = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    missing = []
    for d in dirs:
        if not (d / "expected.json").is_file():
            missing.append(f"{d.name}: expected.json")
            continue
        exp = _load(d)
        for need in (_input_path(d, exp), d / "NOTES.md"):
            if not need.is_file():
                missing.append(f"{d.name}: {need.name}")
    assert not missing, "incomplete fixture folders:\n  " + "\n  ".join(missing)
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} fixture cases, want at least {MIN_CASES}"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_expected_json_well_formed(case: Path) -> None:
    exp = _load(case)
    assert set(exp) <= KEYS, f"unknown keys: {sorted(set(exp) - KEYS)}"
    assert exp.get("entry", "html") in {"html", "text"}
    url = exp.get("url")
    assert url is None or (isinstance(url, str) and url.startswith(("http://", "https://"))), url
    for key in ("body", "body_contains", "body_excludes"):
        assert all(isinstance(s, str) and s.strip() for s in exp.get(key, [])), key
    for box in exp.get("boxes", []):
        assert set(box) <= BOX_KEYS and box["kind"] in BOX_KINDS, box
        assert box.get("title") is None or isinstance(box["title"], str), box
    assert isinstance(exp.get("metadata", {}), dict)
    assert isinstance(exp.get("empty", False), bool)
    if exp.get("empty"):
        assert not exp.get("body") and not exp.get("body_contains"), "an empty case cannot expect body text"


def _decode(data: bytes) -> str:
    """Decode a fixture by its declared charset (stdlib only; fixtures are small and declare it)."""
    m = re.search(rb"""charset=["']?([A-Za-z0-9_-]+)""", data[:4096])
    try:
        return data.decode(m.group(1).decode("ascii") if m else "utf-8")
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


class _VisibleText(HTMLParser):
    """Visible text of a page, without script/style/template content (stdlib only)."""

    SKIP = {"script", "style", "template", "noscript", "head"}
    BREAK = {"p", "div", "li", "tr", "td", "th", "br", "h1", "h2", "h3", "h4", "h5", "h6", "section"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BREAK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BREAK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _visible_blocks(raw: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(raw)
    parser.close()
    return [_norm(line) for line in "".join(parser.parts).split("\n") if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_expected_json_matches_input(case: Path) -> None:
    """Catch mistakes in the fixtures themselves, independent of the extractor: every expected
    snippet must be visible in the input, and the exact body must agree with the snippets."""
    exp = _load(case)
    raw = _decode(_input_path(case, exp).read_bytes())
    if exp.get("entry", "html") == "text":
        visible = _norm(raw)
        everything = visible
    else:
        visible = " \n ".join(_visible_blocks(raw))
        import html

        everything = visible + " \n " + _norm(html.unescape(raw))
    bad = []
    wanted = list(exp.get("body", [])) + list(exp.get("body_contains", []))
    for box in exp.get("boxes", []):
        wanted += box.get("contains", [])
    for snip in wanted:
        # table rows are written one per line, cells joined by " | "; each cell must be visible
        cells = [cell for line in snip.split("\n") for cell in line.split(" | ")]
        if not all(_norm(cell) in visible for cell in cells):
            bad.append(f"not visible in the input: {_short(snip)!r}")
    for snip in exp.get("body_excludes", []):
        if _norm(snip) not in everything:
            bad.append(f"body_excludes snippet not in the input at all (vacuous): {_short(snip)!r}")
    if "body" in exp:
        joined = _norm(" ".join(exp["body"]))
        for snip in exp.get("body_contains", []):
            if _norm(snip) not in joined:
                bad.append(f"body_contains snippet not in the exact body: {_short(snip)!r}")
        for snip in exp.get("body_excludes", []):
            if _norm(snip) in joined:
                bad.append(f"body_excludes snippet is in the exact body: {_short(snip)!r}")
    else:
        for snip in exp.get("body_excludes", []):
            if any(_norm(snip) in _norm(c) for c in exp.get("body_contains", [])):
                bad.append(f"body_excludes snippet inside a body_contains snippet: {_short(snip)!r}")
    assert not bad, "\n".join(bad)
