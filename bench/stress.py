"""Hostile input at full size, through the guarded parse and through the whole pipeline.

    .venv/bin/python bench/stress.py                    # everything (about 40 minutes)
    .venv/bin/python bench/stress.py --part extract     # one part; the others come from the cache
    .venv/bin/python bench/stress.py --part parse --no-baseline
    .venv/bin/python bench/stress.py --case nested-divs --part extract   # print only

Three parts, each case in a fresh child process so that its peak resident memory
(ru_maxrss) is its own:

* ``extract``: every case of issue 5 (empty, random and broken bytes, every encoding
  trap, 10^5 nested divs, 10^6 paragraphs, 10^5 attributes, a 10 MB word, a 50 MB page,
  tag soup, frameset/SVG/MathML, JSON/XML/RSS/plain text) through ``newsclean.extract(page)``
  + ``doc.to_html()``, and trafilatura's ``extract`` on the same bytes beside it;
* ``scaling``: the size-scalable cases of ``extract`` again at a quarter and half size, so
  that "linear" is a measured ratio;
* ``parse``: the guarded parse alone against Lexbor alone on markup that makes Lexbor
  super-linear, and (with ../shared/corpora present) the real pages per 200 kB.

Results go to ``bench/results/robustness.json``; docs/robustness.md is always written from
all three parts of that file, so one part can be re-measured without the others.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
REPORT = ROOT / "docs" / "robustness.md"
RESULTS = ROOT / "bench" / "results" / "robustness.json"

# A hostile page may take minutes and gigabytes without the guard; the baseline gives up
# after this long or this much address space and reports that instead.
BASELINE_TIMEOUT_S = 30
# The machine is shared: no child may take more than this much address space (the
# baselines hit it; newsclean stays far below).
BASELINE_MEMORY_LIMIT = 6 * 1024**3
# The guarded parse is expected to finish within a few seconds; this only stops a
# regression from hanging the bench.
GUARDED_TIMEOUT_S = 120
# The whole pipeline on the largest case takes under a minute; this is a hang detector.
EXTRACT_TIMEOUT_S = 300
# trafilatura is run for comparison only; it gets this long on each case.
TRAFILATURA_TIMEOUT_S = 60
# Linearity is measured at these fractions of a case's full size, all in one run (so under
# the same machine load), each the fastest of REPEATS runs: a ratio of two noisy numbers
# is noisier still.
SCALES = (0.25, 0.5, 1.0)
REPEATS = 2
# Corpus timings are reported per 200 kB, the size of a typical news page.
PER_BYTES = 200_000


def _nested_divs() -> str:
    n = 100_000
    return "".join(f"<div>w{i} " for i in range(n)) + "</div>" * n


def _lexbor_340(n: int) -> Callable[[], str]:
    def make() -> str:
        return (
            "".join(f"<b {i}>" for i in range(n))
            + "".join(f"<i {i}>" for i in range(n))
            + "x</b>" * n
        )

    return make


def _reconstruction() -> str:
    return "<div>" + "".join(f"<b {i}>" for i in range(60)) + "</div><div>x" * 100_000


def _xmp_reconstruction() -> str:
    return "<div>" + "".join(f"<b k{i}>" for i in range(60)) + "</div><div><xmp>x</xmp>" * 100_000


def _unclosed_soup(n: int = 20_000) -> str:
    unit = "<p>para <b>bold <i>both</b> it</i><li>item<td>cell<a href=/x>link<font size=2>f"
    return "<body>" + unit * n


def _misnested_soup(n: int = 20_000) -> str:
    unit = "<div><b><p>x</b>y</p><i><div>z</i></div><a href=1><a href=2>l</a><nobr><nobr>n"
    return unit * n


def _div_flood(before: str, after: str = "", note: str = "") -> tuple[str, Callable[[], str]]:
    """Markup the guard's model must read as the tokenizer does, then 40 000 <div> and ``after``:
    read wrongly, the divs hide inside an attribute or raw text and nest unguarded."""
    what = f"`{before}`, `<div>` × 40 000" + (f", `{after}`" if after else "")
    what += f" ({note})" if note else ""
    return what, lambda: before + "<div>" * 40_000 + after


# name → (what it is, page factory)
CASES: dict[str, tuple[str, Callable[[], str]]] = {
    "nested-divs": ("100 000 nested `<div>`, a word in each", _nested_divs),
    "siblings": ("1 000 000 sibling `<p>x</p>`", lambda: "<p>x</p>" * 1_000_000),
    "attributes": (
        "one `<p>` with 100 000 attributes",
        lambda: "<p " + " ".join(f"a{i}={i}" for i in range(100_000)) + ">hello</p>",
    ),
    "text-node": ("10 MB text node without spaces", lambda: "a" * 10_000_000),
    "340-3000": ("lexbor #340 pattern, n = 3000", _lexbor_340(3000)),
    "340-30000": ("lexbor #340 pattern, n = 30 000", _lexbor_340(30_000)),
    "reconstruction": ("60 open `<b k>`, then `</div><div>x` × 100 000", _reconstruction),
    "unclosed": ("unclosed p/b/i/li/td/a/font soup × 20 000", _unclosed_soup),
    "misnested": ("misnested b/p/i/div, nested a/nobr × 20 000", _misnested_soup),
    "object-scope": (
        "`<div><object></div></object>` × 100 000 (end tag out of scope)",
        lambda: "<div><object></div></object>" * 100_000 + "x",
    ),
    "lists": ("`<ul><li>` nested 100 000 deep", lambda: "<ul><li>" * 100_000 + "x"),
    "tables": ("`<table><tr><td>` nested 30 000 deep", lambda: "<table><tr><td>" * 30_000 + "x"),
    "br": ("2 500 000 `<br>`", lambda: "<br>" * 2_500_000 + "x"),
    "comments": ("1 000 000 empty comments", lambda: "<!---->" * 1_000_000 + "x"),
    "open-comments": ("100 000 unterminated `<!--`", lambda: "<!--" * 100_000 + "x"),
    # markup the guard's model once read differently from the tokenizer, letting it through whole
    "kelvin-sign": (
        "`<lin\u212a>` (KELVIN SIGN) × 40 000, then `</x>` × 40 000",
        lambda: "<lin\u212a>" * 40_000 + "</x>" * 40_000,
    ),
    "equals-name": _div_flood("<p =\"x>a='", "'\">", "`=` starting an attribute name"),
    "font-quoted-color": (
        "`<svg><font data-x=\" color=1\"><title>`, then `<div>` × 20 000",
        lambda: "<svg><font data-x=\" color=1\"><title>" + "<div>" * 20_000,
    ),
    "xmp-reconstruction": ("60 open `<b k>`, then `</div><div><xmp>x</xmp>` × 100 000", _xmp_reconstruction),
    "noscript-reconstruction": (
        "60 open `<b k>`, then `</div><div><noscript></noscript>` × 100 000",
        lambda: "<div>" + "".join(f"<b k{i}>" for i in range(60)) + "x"
        + "</div><div><noscript></noscript>" * 100_000,
    ),
    "svg-value-solidus": ("`<svg>`, then `<g d=x/>` × 40 000 (not self-closing)",
                          lambda: "<svg>" + "<g d=x/>" * 40_000),
    "end-tag-quoted-gt": _div_flood("<style></style x=\"><p a='\">", "'>"),
    "script-double-escape": _div_flood("<script><!--<script></script><p a='</script>", "'>"),
    "raw-text-long-s": _div_flood("<script></\u017fcript><p a='</script>", "'>"),
    # SVG/MathML content and end tags as the tree builder reads them
    "mathml-title": _div_flood(
        "<math><title><style><div>", note="a MathML `<title>` is no integration point"
    ),
    "annotation-xml-no-encoding": _div_flood("<math><annotation-xml><style><div>"),
    "mglyph-in-mi": _div_flood("<math><mi><mglyph><style><div>"),
    "svg-cdata": _div_flood("<svg><![CDATA[><p a=']]>", "'>"),
    "nested-svg-breakout": _div_flood("<svg><svg><div><title><p a='</title>", "'>"),
    "svg-self-closing": _div_flood("<svg/><title><p a='</title>", "'>"),
    "foreign-end-tag": _div_flood("<math><script><mo></script><style><div>"),
    "noscript-end-tag": (
        "`<noscript><div></noscript>` × 20 000", lambda: "<noscript><div></noscript>" * 20_000
    ),
    "form-end-tag": ("`<form><div></form>` × 20 000", lambda: "<form><div></form>" * 20_000),
}



# -- the whole pipeline: every case of issue 5 ---------------------------------------------

_SENTENCES = (
    ("Le gouvernement a annoncé mercredi une série de mesures destinées à réduire la facture "
     "énergétique des ménages."),
    ("Selon le ministre, ces décisions entreront en vigueur dès l'été prochain, après "
     "consultation des élus régionaux."),
    ("Les associations de consommateurs jugent le calendrier trop lent et réclament une aide "
     "immédiate pour les foyers modestes."),
)
_PROSE = " ".join(_SENTENCES)
# A word of the article that survives only a correct decode.
ACCENTED = "énergétique"


def _paragraph(i: int) -> str:
    # distinct paragraphs: trafilatura drops repeated ones, which would skew the comparison
    k = i % len(_SENTENCES)
    return f"<p>{i + 1}. " + " ".join(_SENTENCES[k:] + _SENTENCES[:k]) + "</p>"


def _article(meta: str = "", paragraphs: int = 6) -> str:
    body = "".join(_paragraph(i) for i in range(paragraphs))
    return (
        f"<!doctype html><html><head>{meta}<title>Facture énergétique</title></head><body>"
        f"<nav><a href=/>Accueil</a></nav><article><h1>Facture énergétique</h1>{body}</article>"
        "<footer>© Journal</footer></body></html>"
    )


def _invalid_utf8() -> bytes:
    # classic malformed sequences: lone continuation bytes, truncated and overlong forms,
    # surrogates encoded as UTF-8, bytes that never occur in UTF-8
    junk = [b"\x80", b"\xbf", b"\xc3", b"\xe2\x28\xa1", b"\xf0\x28\x8c\xbc", b"\xc0\xaf",
            b"\xed\xa0\x80", b"\xfe", b"\xff", b"\xf8\x88\x80\x80\x80"]
    page = _article(paragraphs=len(junk)).encode()
    parts = page.split(b"</p>")
    return b"".join(part + junk[i % len(junk)] + b"</p>" for i, part in enumerate(parts[:-1])) + parts[-1]


def _corpus_page(scale: float) -> bytes:
    """Real pages (the scrapinghub corpus), whole documents one after another, to 50 MB."""
    pages = sorted((CORPORA / "scrapinghub" / "html").glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"no corpus pages in {CORPORA}")
    target = int(50_000_000 * scale)
    out: list[bytes] = []
    size = 0
    while size < target:
        for path in pages:
            data = gzip.decompress(path.read_bytes())
            out.append(data)
            size += len(data)
            if size >= target:
                break
    return b"".join(out)[:target]


def _svg_mathml() -> str:
    svg = "<svg viewBox='0 0 10 10'>" + "<path d='M0 0L10 10'/>" * 20_000 + (
        "<foreignObject><p>inside svg</p></foreignObject><text>label</text></svg>"
    )
    math = "<math><mfrac><mi>a</mi><mn>2</mn></mfrac>" * 2000 + "</math>" * 2000
    return _article().replace("<h1>", svg + math + "<h1>")


def _frameset() -> str:
    return (
        "<html><head><title>Frames</title></head><frameset cols='20%,80%'><frame src=menu.html>"
        "<frameset rows='50%,50%'><frame src=a.html><frame src=b.html></frameset>"
        f"<noframes><body><p>{_PROSE}</p></body></noframes></frameset>"
        f"<body><p>{_PROSE}</p></body></html>"
    )


def _json_page(scale: float) -> str:
    items = [{"id": i, "title": f"Item {i}", "html": f"<p>{_PROSE}</p>", "tags": ["a", "b"]}
             for i in range(int(2000 * scale))]
    return json.dumps({"items": items}, ensure_ascii=False)


def _rss(scale: float) -> str:
    item = ("<item><title>Facture énergétique</title><link>https://example.com/a</link>"
            f"<description>&lt;p&gt;{_PROSE}&lt;/p&gt;</description>"
            "<pubDate>Wed, 02 Oct 2024 10:00:00 GMT</pubDate></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Journal</title>'
            + item * int(2000 * scale) + "</channel></rss>")


def _xml(scale: float) -> str:
    url = "<url><loc>https://example.com/a</loc><lastmod>2024-10-02</lastmod></url>"
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9">' + url * int(20_000 * scale) + "</urlset>")


def _plain_text(scale: float) -> str:
    return "Facture énergétique\n\n" + "\n\n".join(_paragraph(i)[3:-4] for i in range(int(2000 * scale)))


@dataclass(frozen=True)
class ExtractCase:
    what: str
    make: Callable[[float], str | bytes]  # the page at a fraction of its full size
    scalable: bool = False
    expect: str | None = None  # text the result must hold when the input was read right


def _fixed(page: Callable[[], str | bytes]) -> Callable[[float], str | bytes]:
    return lambda scale: page()


EXTRACT_CASES: dict[str, ExtractCase] = {
    "empty": ExtractCase("empty input (0 bytes)", _fixed(lambda: b"")),
    "random-bytes": ExtractCase(
        "1 MB of random bytes", lambda k: random.Random(0).randbytes(int(1_000_000 * k)), True
    ),
    "nul-bytes": ExtractCase("1 MB of NUL bytes", lambda k: b"\x00" * int(1_000_000 * k), True),
    "nul-in-article": ExtractCase(
        "article with a NUL after every word",
        _fixed(lambda: _article().replace(" ", "\x00 ")), expect="facture",
    ),
    "invalid-utf8": ExtractCase(
        "undeclared UTF-8 article with malformed sequences", _fixed(_invalid_utf8), expect=ACCENTED
    ),
    "utf16-bom": ExtractCase(
        "UTF-16-LE with BOM", _fixed(lambda: codecs.BOM_UTF16_LE + _article().encode("utf-16-le")),
        expect=ACCENTED,
    ),
    "utf16be-bom": ExtractCase(
        "UTF-16-BE with BOM", _fixed(lambda: codecs.BOM_UTF16_BE + _article().encode("utf-16-be")),
        expect=ACCENTED,
    ),
    "utf32-bom": ExtractCase(
        "UTF-32-LE with BOM", _fixed(lambda: codecs.BOM_UTF32_LE + _article().encode("utf-32-le")),
        expect=ACCENTED,
    ),
    "cp1252-declared-utf8": ExtractCase(
        "windows-1252 bytes, `<meta charset=utf-8>`",
        _fixed(lambda: _article('<meta charset="utf-8">').encode("cp1252")), expect=ACCENTED,
    ),
    "utf8-declared-cp1252": ExtractCase(
        "UTF-8 bytes, `<meta charset=windows-1252>`",
        _fixed(lambda: _article('<meta charset="windows-1252">').encode()), expect=ACCENTED,
    ),
    "bom-vs-meta": ExtractCase(
        "UTF-8 BOM, `<meta charset=windows-1252>`",
        _fixed(lambda: codecs.BOM_UTF8 + _article('<meta charset="windows-1252">').encode()),
        expect=ACCENTED,
    ),
    "utf16-bom-vs-meta": ExtractCase(
        "UTF-16-LE BOM, `<meta charset=utf-8>`",
        _fixed(lambda: codecs.BOM_UTF16_LE + _article('<meta charset="utf-8">').encode("utf-16-le")),
        expect=ACCENTED,
    ),
    "nested-divs": ExtractCase(
        "100 000 nested `<div>`, a word in each",
        lambda k: (lambda n: "".join(f"<div>w{i} " for i in range(n)) + "</div>" * n)(int(100_000 * k)),
        True,
    ),
    "siblings": ExtractCase(
        "1 000 000 sibling `<p>x</p>`", lambda k: "<p>x</p>" * int(1_000_000 * k), True
    ),
    "prose-siblings": ExtractCase(
        "100 000 sibling paragraphs of prose (36 MB)",
        lambda k: "<article>" + "".join(_paragraph(i) for i in range(int(100_000 * k))) + "</article>",
        True, ACCENTED,
    ),
    "attributes": ExtractCase(
        "one `<p>` with 100 000 attributes",
        lambda k: "<p " + " ".join(f"a{i}={i}" for i in range(int(100_000 * k))) + ">hello</p>", True,
    ),
    "text-node": ExtractCase(
        "10 MB text node without spaces", lambda k: "a" * int(10_000_000 * k), True
    ),
    "author-separators": ExtractCase(
        "`<meta name=author>`: a name, then 100 000 \", \"",
        lambda k: _article('<meta name="author" content="Anna Muster' + ", " * int(100_000 * k) + 'x">'),
        True, ACCENTED,
    ),
    "author-word": ExtractCase(
        "`<meta name=author>`: one 1 MB word",
        lambda k: _article('<meta name="author" content="' + "a" * int(1_000_000 * k) + '">'),
        True, ACCENTED,
    ),
    "dotted-paragraph": ExtractCase(
        "one paragraph of 200 000 words between middle dots (1.4 MB)",
        lambda k: _article(paragraphs=1).replace(
            "<article>", "<article><p>" + "wort · " * int(200_000 * k) + "</p>", 1
        ),
        True, ACCENTED,
    ),
    "combining-links": ExtractCase(
        "one `<p>` of 100 000 links, a combining mark after each (NFC across text nodes)",
        lambda k: "<p>" + "<a href=/x>e</a>\u0301 " * int(100_000 * k) + "</p>", True,
    ),
    "corpus-50mb": ExtractCase(
        "50 MB page: the 103 scrapinghub pages concatenated, repeated", _corpus_page, True
    ),
    "unclosed": ExtractCase(
        "unclosed p/b/i/li/td/a/font soup × 20 000",
        lambda k: _unclosed_soup(int(20_000 * k)), True,
    ),
    "misnested": ExtractCase(
        "misnested b/p/i/div, nested a/nobr × 20 000",
        lambda k: _misnested_soup(int(20_000 * k)), True,
    ),
    "lexbor-340": ExtractCase("lexbor #340 pattern, n = 30 000", _fixed(_lexbor_340(30_000))),
    "reconstruction": ExtractCase("60 open `<b k>`, then `</div><div>x` × 100 000", _fixed(_reconstruction)),
    "xmp-reconstruction": ExtractCase(
        "60 open `<b k>`, then `</div><div><xmp>x</xmp>` × 100 000", _fixed(_xmp_reconstruction)
    ),
    "object-scope": ExtractCase(
        "`<div><object></div></object>` × 100 000",
        _fixed(lambda: "<div><object></div></object>" * 100_000 + "x"),
    ),
    "lists": ExtractCase(
        "`<ul><li>` nested 100 000 deep", lambda k: "<ul><li>" * int(100_000 * k) + "x", True
    ),
    "tables": ExtractCase(
        "`<table><tr><td>` nested 30 000 deep", lambda k: "<table><tr><td>" * int(30_000 * k) + "x", True
    ),
    "br": ExtractCase("2 500 000 `<br>`", lambda k: "<br>" * int(2_500_000 * k) + "x", True),
    "comments": ExtractCase("1 000 000 empty comments", lambda k: "<!---->" * int(1_000_000 * k) + "x", True),
    "frameset": ExtractCase("nested `<frameset>` with `<noframes>`, body after it", _fixed(_frameset)),
    "svg-mathml": ExtractCase(
        "article after 20 000 SVG paths and 2000 nested MathML fractions", _fixed(_svg_mathml),
        expect=ACCENTED,
    ),
    "json": ExtractCase("a JSON document (2000 objects)", _json_page, True),
    "xml": ExtractCase("an XML sitemap (20 000 URLs)", _xml, True),
    "rss": ExtractCase("an RSS feed (2000 items)", _rss, True),
    "plain-text": ExtractCase("plain text, 2000 paragraphs", _plain_text, True, ACCENTED),
}


def _page_bytes(case: str, scale: float) -> bytes:
    page = EXTRACT_CASES[case].make(scale)
    # as read from the network: bytes, so the decode stage is part of every case
    return page.encode("utf-8", "surrogatepass") if isinstance(page, str) else page


def run_extract_child(case: str, scale: float, tool: str) -> None:
    """Run one case through newsclean (extract + to_html) or trafilatura; print a JSON line."""
    data = _page_bytes(case, scale)
    if tool == "trafilatura":
        import trafilatura

        def run(page: bytes) -> str:
            return trafilatura.extract(page) or ""
    else:
        import charset_normalizer  # noqa: F401  (imported lazily by decode; not part of the cost)

        import newsclean

        def run(page: bytes) -> str:
            doc = newsclean.extract(page)
            html = doc.to_html()
            # a Document must hold valid Unicode: both must encode
            doc.text.encode("utf-8")
            html.encode("utf-8")
            return doc.text

    run(b"<html><body><p>warm-up: lazy imports and compiled patterns</p></body></html>")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        text = run(data)
    except Exception as exc:  # reported, not raised: the table says what went wrong
        print(json.dumps({"failed": f"error: {type(exc).__name__}: {str(exc)[:80]}"}))
        return
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    expect = EXTRACT_CASES[case].expect
    print(json.dumps({
        "bytes": len(data),
        "seconds": seconds,
        # CPU time as well: on a loaded shared machine wall time mostly measures the queue
        "cpu_s": cpu,
        "load": os.getloadavg()[0],
        "peak_mb": peak / 1024,
        "delta_mb": max(0, peak - rss_before) / 1024,
        "text_chars": len(text),
        "expected": None if expect is None else expect in text.casefold(),
    }))


def _limit_memory() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = BASELINE_MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(hard, BASELINE_MEMORY_LIMIT)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _run_limited(args: list[str], timeout: int) -> dict[str, object]:
    """One child under the time and memory limit; its JSON line, or what went wrong."""
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                              preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        return {"failed": f"> {timeout} s"}
    if done.returncode < 0:
        return {"failed": f"crashed: {signal.Signals(-done.returncode).name}"}
    if done.returncode != 0:
        if "MemoryError" in done.stderr:
            return {"failed": f"out of memory (> {BASELINE_MEMORY_LIMIT // 1024**3} GiB)"}
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"failed": f"error: {last[:80]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_extract(case: str, scale: float, tool: str) -> dict[str, object]:
    args = [sys.executable, __file__, "--extract-child", case, "--scale", str(scale), "--tool", tool]
    timeout = TRAFILATURA_TIMEOUT_S if tool == "trafilatura" else EXTRACT_TIMEOUT_S
    return {"case": case, "scale": scale, "tool": tool, **_run_limited(args, timeout)}


# -- the guarded parse alone -----------------------------------------------------------------


def run_child(case: str, baseline: bool) -> None:
    """Parse one case in this process and print a JSON line of measurements."""
    page = CASES[case][1]()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if baseline:
        from selectolax.lexbor import LexborHTMLParser

        tree = LexborHTMLParser(page)
        report: tuple[str, ...] = ()
    else:
        from newsclean.parse import parse_html_with_report

        tree, report = parse_html_with_report(page)
    seconds = time.perf_counter() - start
    body = tree.body
    text = body.text() if body is not None else ""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "case": case,
        "bytes": len(page.encode()),
        "seconds": seconds,
        "peak_mb": peak / 1024,
        "parse_mb": max(0, peak - rss_before) / 1024,
        "report": list(report),
        "text_chars": len(text),
    }))


def measure(case: str, baseline: bool) -> dict[str, object]:
    args = [sys.executable, __file__, "--child", case] + (["--baseline-child"] if baseline else [])
    if baseline:
        return {"case": case, **_run_limited(args, BASELINE_TIMEOUT_S)}
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=GUARDED_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"case": case, "failed": f"> {GUARDED_TIMEOUT_S} s"}
    if done.returncode != 0:
        return {"case": case, "failed": f"error (exit {done.returncode})", "stderr": done.stderr[-500:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def corpus_timing() -> dict[str, object] | None:
    """Pre-scan and parse time of the real pages in ../shared/corpora, per 200 kB."""
    if not CORPORA.is_dir():
        return None
    from selectolax.lexbor import LexborHTMLParser

    from newsclean.decode import decode_html
    from newsclean.parse import parse_html_with_report

    pages = sorted(CORPORA.glob("**/*.html")) + sorted(CORPORA.glob("**/*.html.gz"))
    total_bytes = 0
    decode_s = guarded_s = lexbor_s = 0.0
    degraded: list[str] = []
    for path in pages:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        total_bytes += len(data)
        t0 = time.perf_counter()
        text = decode_html(data)
        t1 = time.perf_counter()
        _, report = parse_html_with_report(text)
        t2 = time.perf_counter()
        LexborHTMLParser(text)
        t3 = time.perf_counter()
        decode_s += t1 - t0
        guarded_s += t2 - t1
        lexbor_s += t3 - t2
        if report:
            degraded.append(f"{path.relative_to(CORPORA)} {report}")
    scale = PER_BYTES / total_bytes * 1000
    return {
        "pages": len(pages),
        "megabytes": total_bytes / 1e6,
        "decode_ms": decode_s * scale,
        "guarded_ms": guarded_s * scale,
        "lexbor_ms": lexbor_s * scale,
        "degraded": degraded,
    }


def _cell(result: dict[str, object], key: str, fmt: str) -> str:
    if "failed" in result:
        return str(result["failed"]) if key == "seconds" else "–"
    return format(result[key], fmt) if key in result else "–"


def _summary(result: dict[str, object]) -> str:
    if "failed" in result:
        return str(result["failed"])
    return f"{result['seconds']:7.2f} s {result['peak_mb']:6.0f} MB"


def _ratio(big: dict[str, object], small: dict[str, object], key: str) -> str:
    if "failed" in big or "failed" in small or not small.get(key) or key not in big:
        return "–"
    return f"{big[key] / small[key]:.2f}"  # type: ignore[operator]


NOTES = f"""
Notes on the pipeline tables:

- Time is `newsclean.extract(page)` + `doc.to_html()` on the page as bytes (so decoding is
  part of every case), after a warm-up call in the same process: wall seconds, and in
  brackets the child's CPU seconds. Other developers' jobs shared the two cores (load
  average {{load}} during the run), so wall time partly measures the queue; compare CPU
  seconds. "peak" is the child's maximum resident set, input and interpreter included,
  "Δ" what the call added to it. trafilatura ({{trafilatura}}) runs
  `trafilatura.extract(page)` on the same bytes in its own child. Every child runs under a
  {BASELINE_MEMORY_LIMIT // 1024**3} GiB address-space limit; newsclean's time limit is
  {EXTRACT_TIMEOUT_S} s, trafilatura's {TRAFILATURA_TIMEOUT_S} s.
- "read right": the result holds a word that only a correct decode gives ("{ACCENTED}",
  or "facture" around NULs); "–" where the case has no such text.
- Every case returned a `Document` of valid Unicode; none raised, crashed or hit a limit.
- Linear means a ratio near 2.00 per doubling. On this shared machine single CPU ratios
  of runs under a few seconds still scatter between about 1.5 and 3; no case is above 2.3
  at both doublings, and the high ones re-measured stage by stage were linear (misnested
  soup 1.98, unclosed soup 1.8–2.2 from ×¼ to ×2, nested divs 1.9–2.1). Memory (Δ) is
  the steadier measure and is linear or flat everywhere. Ratios well below 2 are a cap of the parse
  guard at work: past the element cap ({{elements:,}} elements) the rest of the page is
  flattened into text, which costs less per byte than the tree it replaces (the 10^6
  paragraphs, `<br>`s and comments), or a fixed cost on a small input.
- Not linear in the input, but bounded: the work per block. The stages after the parse are
  Python and cost roughly 50–90 µs per block, and the element cap bounds the blocks of a
  page, so the worst markup case is about 250 000 real blocks (the ×¼ row of the 10^6
  paragraphs: ~13 CPU s, about as much as the full-size row). Memory per container is bounded by
  the depth cap ({{depth}}): each container records the chain of containers above it, so
  deep pages take ~2.5 kB per container (the nested lists: 0.8 MB of input, 0.5 GB); the
  worst case, {{elements:,}} containers all near the depth cap, would be ~0.6 GB.
- Past the element cap, the rest of the page becomes one run of text inside whatever
  element was open at the cap, so an article there is not found (a link open at the cap
  makes all of it link text). It is kept as text, never lost or run in the tree.
- Garbage in, garbage out: random bytes and NUL bytes give their decoded characters
  (U+FFFD for NUL) as the page's text; trafilatura returns nothing for them.
- A frameset document has no body: newsclean returns an empty `Document` (the
  `<noframes>` content is dropped with the other non-content elements); trafilatura
  returns the `<noframes>` text.
- Pages that are not HTML (JSON, XML, RSS, plain text) are read as HTML, as a browser would:
  JSON and plain text become one run of text, feeds and sitemaps a tree of unknown
  elements, each then judged by the usual thresholds. Plain-text dumps belong to
  `newsclean.extract_text`.
- Fixed while measuring this: the stages after the parse walked every block's chain of
  containers (blocks × depth, 60 s on the 10^5 nested divs, now 7 CPU s), and a cp1252
  page declaring UTF-8 lost every accented letter.
"""

PARSE_NOTES = f"""
Notes on the parse tables:

- Caps (constants in `newsclean/parse.py`): nesting depth {{depth}}, active formatting
  elements {{formatting}}, attributes per tag {{attributes}}, elements and comments
  {{elements:,}}, re-created formatting elements one per source element plus
  {{slack:,}}. A page under all caps is parsed exactly as written; the pre-scan is the
  whole cost of the guard there (see the real-page table).
- "text kept" is the length of the body text after the parse; past the element cap,
  dropped block tags leave a line break, so it can exceed the visible characters.
- The pre-scan models the tree builder approximately (no foster parenting, no quirks
  mode, SVG/MathML and `<select>` only in outline). Fuzzing with tiny caps
  (tests/test_parse.py, and 2000-page runs with raw-text, SVG, MathML and template tags)
  found degraded pages keeping every text character, except about 0.5 % of the widest
  fuzz pages, where a rewrite moved a few characters into `<svg>`, `<select>` or a
  raw-text element that `strip_non_content` later removes.
- Not capped: the total number of attributes. 10 000 tags × 256 attributes (a 12 MB
  page) parse in ~1 s but take ~580 MB.
- The "Lexbor alone" limits are {BASELINE_TIMEOUT_S} s and {BASELINE_MEMORY_LIMIT // 1024**3} GiB.
"""


def _extract_rows(results: dict[str, object]) -> list[str]:
    rows = {(r["case"], r["tool"]): r for r in results.get("extract", [])}  # type: ignore[union-attr]
    lines = [
        ("| case | input MB | newsclean s (CPU s) | peak MB | Δ MB | text chars | read right "
         "| trafilatura s (CPU s) | peak MB | text chars | read right |"),
        "|---|---:|---:|---:|---:|---:|:-:|---:|---:|---:|:-:|",
    ]
    for case, spec in EXTRACT_CASES.items():
        ours, theirs = rows.get((case, "newsclean")), rows.get((case, "trafilatura"))
        if ours is None:
            continue
        cells = []
        for r in (ours, theirs):
            if r is None:
                cells.append("not run | | |")
                continue
            right = {None: "–", True: "yes", False: "**no**"}[r.get("expected")]  # type: ignore[index]
            cpu = f" ({r['cpu_s']:.2f})" if "cpu_s" in r else ""
            cells.append(
                f"{_cell(r, 'seconds', '.2f')}{cpu} | {_cell(r, 'peak_mb', '.0f')} | "
                + (f"{_cell(r, 'delta_mb', '.0f')} | " if r is ours else "")
                + f"{_cell(r, 'text_chars', ',')} | {right if 'failed' not in r else '–'}"
            )
        size = ours.get("bytes", 0) / 1e6  # type: ignore[operator]
        lines.append(f"| {spec.what} | {size:.2f} | {cells[0]} | {cells[1]} |")
    return lines


def _scaling_rows(results: dict[str, object]) -> list[str]:
    scaled = {(r["case"], r["scale"]): r for r in results.get("scaling", [])}  # type: ignore[union-attr]
    lines = [
        ("| case | MB at ×¼ / ×½ / ×1 | CPU s at ×¼ / ×½ / ×1 | ratio ½→1 (¼→½) "
         "| Δ MB at ×¼ / ×½ / ×1 | Δ ratio ½→1 (¼→½) |"),
        "|---|---:|---:|---:|---:|---:|",
    ]
    for case, spec in EXTRACT_CASES.items():
        if not spec.scalable or any((case, k) not in scaled for k in SCALES):
            continue
        runs = [scaled[(case, k)] for k in SCALES]

        def series(key: str, fmt: str, runs: list[dict[str, object]] = runs) -> str:
            return " / ".join(_cell(r, key, fmt) for r in runs)

        mb = " / ".join(f"{r.get('bytes', 0) / 1e6:.2f}" for r in runs)  # type: ignore[operator]
        lines.append(
            f"| {spec.what} | {mb} | {series('cpu_s', '.2f')} "
            f"| {_ratio(runs[2], runs[1], 'cpu_s')} ({_ratio(runs[1], runs[0], 'cpu_s')}) "
            f"| {series('delta_mb', '.0f')} "
            f"| {_ratio(runs[2], runs[1], 'delta_mb')} ({_ratio(runs[1], runs[0], 'delta_mb')}) |"
        )
    return lines


def _parse_rows(results: dict[str, object]) -> list[str]:
    lines = [
        ("| case | input MB | guarded s | guarded peak MB | degraded | text kept (chars) "
         "| Lexbor alone s | Lexbor alone peak MB |"),
        "|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for row in results.get("parse", []):  # type: ignore[union-attr]
        guarded, baseline = row["guarded"], row["baseline"]
        what = CASES[row["case"]][0]
        report = ", ".join(guarded.get("report", [])) or "–"
        base_s = _cell(baseline, "seconds", ".2f") if baseline else "not run"
        base_mb = _cell(baseline, "peak_mb", ".0f") if baseline else ""
        size = guarded.get("bytes", 0) / 1e6
        lines.append(
            f"| {what} | {size:.1f} | {_cell(guarded, 'seconds', '.2f')} "
            f"| {_cell(guarded, 'peak_mb', '.0f')} | {report} "
            f"| {_cell(guarded, 'text_chars', ',')} | {base_s} | {base_mb} |"
        )
    corpus = results.get("corpus")
    if corpus:
        lines += [
            "",
            (f"Real pages ({corpus['pages']} from `shared/corpora`, {corpus['megabytes']:.0f} MB), "  # type: ignore
             "mean cost per 200 kB of HTML:"),
            "",
            "| decode_html | parse_html (pre-scan + Lexbor) | Lexbor alone |",
            "|---:|---:|---:|",
            (f"| {corpus['decode_ms']:.2f} ms | {corpus['guarded_ms']:.2f} ms "  # type: ignore[index]
             f"| {corpus['lexbor_ms']:.2f} ms |"),  # type: ignore[index]
            "",
            f"Pages degraded: {len(corpus['degraded']) or 'none'}."  # type: ignore[index, arg-type]
            + "".join(f"\n- {line}" for line in corpus["degraded"]),  # type: ignore[index, union-attr]
        ]
    return lines


def _load_range(results: dict[str, object]) -> str:
    loads = [r["load"] for part in ("extract", "scaling") for r in results.get(part, []) if "load" in r]
    return f"{min(loads):.1f}–{max(loads):.1f}" if loads else "unknown"


def write_report(results: dict[str, object]) -> str:
    from newsclean import parse

    caps = {
        "depth": parse.DEPTH_CAP, "formatting": parse.FORMATTING_CAP, "attributes": parse.ATTRIBUTE_CAP,
        "elements": parse.ELEMENT_CAP, "slack": parse.RECONSTRUCTION_SLACK,
    }
    meta = results.get("meta", {})
    lines = [
        "# Robustness on hostile input",
        "",
        "Written by `bench/stress.py` from `bench/results/robustness.json`; each case ran in a",
        f"fresh process on a shared 2-core machine ({meta.get('versions', '')}).",  # type: ignore[union-attr]
        "",
        "## Through the whole pipeline",
        "",
        "Every case of issue 5, full size. The result is always a `Document` (or a row says why not).",
        "",
        *_extract_rows(results),
        "",
        "## Linearity",
        "",
        "The size-scalable cases at a quarter, half and full size, in one run, each the fastest of",
        f"{REPEATS} runs by CPU time. A ratio is the cost at one size over the cost at half that size:",
        "2.00 is linear.",
        "",
        *_scaling_rows(results),
        "",
        NOTES.format(
            trafilatura=meta.get("trafilatura", "?"), load=_load_range(results), **caps,  # type: ignore
        ).strip(),
        "",
        "## The guarded parse alone",
        "",
        "Markup that makes Lexbor super-linear: time of the parse call alone, peak of the process.",
        "The guard is `newsclean.parse.parse_html_with_report`; \"Lexbor alone\" is",
        (f"`LexborHTMLParser(page)` with a {BASELINE_TIMEOUT_S} s / "
         f"{BASELINE_MEMORY_LIMIT // 1024**3} GiB limit."),
        "",
        *_parse_rows(results),
        "",
        PARSE_NOTES.format(**caps).strip(),
    ]
    return "\n".join(lines) + "\n"


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "versions": ", ".join(f"{name} {version(name)}" for name in ("selectolax", "trafilatura"))
        + f", Python {sys.version.split()[0]}",
        "trafilatura": version("trafilatura"),
    }


def _merge(
    cached: object, rows: list[dict[str, object]], cases: list[str] | None, names: dict[str, object]
) -> list[dict[str, object]]:
    """``rows`` in place of the cached rows of the same cases (all of them without --case)."""
    if not cases or not isinstance(cached, list):
        return rows
    fresh = {r["case"] for r in rows}
    order = {case: i for i, case in enumerate(names)}
    kept = [r for r in cached if r["case"] not in fresh]
    return sorted(kept + rows, key=lambda r: order.get(r["case"], len(order)))  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["extract", "scaling", "parse"], action="append",
                        help="measure only these parts (default: all); the rest come from the cache")
    parser.add_argument("--case", action="append", help="only these cases (replacing their cached rows)")
    parser.add_argument("--no-baseline", action="store_true", help="skip Lexbor alone (parse part)")
    parser.add_argument("--no-trafilatura", action="store_true", help="skip trafilatura (extract part)")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {REPORT.name}")
    parser.add_argument("--report-only", action="store_true", help=f"write {REPORT.name} from the cache")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--baseline-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--extract-child", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--tool", default="newsclean", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.baseline_child)
        return
    if args.extract_child:
        run_extract_child(args.extract_child, args.scale, args.tool)
        return

    parts = [] if args.report_only else args.part or ["extract", "scaling", "parse"]
    results: dict[str, object] = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    if "extract" in parts:
        rows = []
        tools = ["newsclean"] + ([] if args.no_trafilatura else ["trafilatura"])
        for case in args.case or list(EXTRACT_CASES):
            for tool in tools:
                result = measure_extract(case, 1.0, tool)
                rows.append(result)
                print(f"{case:22} {tool:12} {_summary(result)} "
                      f"{result.get('text_chars', '')} chars, read right: {result.get('expected')}",
                      flush=True)
        results["extract"] = _merge(results.get("extract"), rows, args.case, EXTRACT_CASES)
    if "scaling" in parts:
        rows = []
        for case in args.case or [c for c, spec in EXTRACT_CASES.items() if spec.scalable]:
            for scale in SCALES:
                runs = [measure_extract(case, scale, "newsclean") for _ in range(REPEATS)]
                result = min(runs, key=lambda r: r.get("cpu_s", float("inf")))  # type: ignore[arg-type, return-value]
                rows.append(result)
                print(f"{case:22} ×{scale:<5} {_summary(result)}", flush=True)
        results["scaling"] = _merge(results.get("scaling"), rows, args.case, EXTRACT_CASES)
    if "parse" in parts:
        rows = []
        for case in args.case or list(CASES):
            guarded = measure(case, baseline=False)
            baseline = None if args.no_baseline else measure(case, baseline=True)
            rows.append({"case": case, "guarded": guarded, "baseline": baseline})
            print(f"{case:15} guarded {_summary(guarded)} {guarded.get('report', '')}"
                  + (f" | Lexbor alone {_summary(baseline)}" if baseline else ""), flush=True)
        results["parse"] = _merge(results.get("parse"), rows, args.case, CASES)
        corpus = corpus_timing() if not args.case else None
        if corpus:
            results["corpus"] = corpus
            print(
                f"corpus: {corpus['pages']} pages, per 200 kB: decode {corpus['decode_ms']:.2f} ms, "
                f"guarded parse {corpus['guarded_ms']:.2f} ms, Lexbor alone {corpus['lexbor_ms']:.2f} ms, "
                f"degraded {len(corpus['degraded'])}"  # type: ignore[arg-type]
            )
    if args.no_write:
        return
    results["meta"] = {**results.get("meta", {}), **_versions()}  # type: ignore[dict-item]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    REPORT.write_text(write_report(results), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)} and {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
