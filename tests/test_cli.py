"""The command line, end to end through the real pipeline."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import newsclean
    from newsclean.cli import main

    _UNAVAILABLE = None
except ImportError as exc:  # the pipeline modules are still being written
    _UNAVAILABLE = f"newsclean does not import yet ({exc}); the CLI needs the full pipeline"

pytestmark = pytest.mark.skipif(_UNAVAILABLE is not None, reason=_UNAVAILABLE or "")

ROOT = Path(__file__).resolve().parent.parent

# Paragraphs are kept above the density classifier's 200-character "prose on its own" length:
# a page with less prose is, correctly, reported as holding no article.
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rivers rise | Example News</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Rivers rise after a week of rain</h1>
<p>The river reached its highest level in twenty years on Tuesday, and the town council
closed the old bridge over the water as a precaution while the engineers checked it for any
damage that the fast current and the floating debris may have done to its old stone piers.</p>
<p>Residents of the lower streets were asked to move their cars to higher ground before the
evening, when the water is expected to peak. Café owners on the quay said that they had never
seen it so high, and several of them spent the afternoon carrying their furniture upstairs.</p>
<p>The weather service expects the rain to ease by the weekend, but it warned that the ground is
saturated and that more flooding is possible if another storm arrives next week, as some of
the forecasts suggest it might, so people should keep an eye on the warnings for their area.</p>
</article>
<footer>Copyright Example News. All rights reserved.</footer>
</body></html>
"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.encode("utf-8"))
    return path


def test_text_output_is_the_article_body(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Default format prints Document.text (plus a final newline) and exits 0."""
    assert main([str(page)]) == 0
    out = capsys.readouterr().out
    assert out == newsclean.extract(page.read_bytes()).text + "\n"
    assert "highest level in twenty years" in out
    assert "All rights reserved" not in out


def test_json_output_matches_to_dict(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints Document.to_dict() with --url and --extractor passed through."""
    url = "https://news.example/rivers"
    assert main([str(page), "--format", "json", "--url", url, "--extractor", "rules"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == newsclean.extract(page.read_bytes(), url=url, extractor="rules").to_dict()
    assert data["extractor"] == "rules"


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_output(fmt: str, page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format markdown/html print to_markdown()/to_html() with the chosen --boxes."""
    assert main([str(page), "--format", fmt, "--boxes", "end"]) == 0
    doc = newsclean.extract(page.read_bytes())
    expected = doc.to_markdown(boxes="end") if fmt == "markdown" else doc.to_html(boxes="end")
    assert capsys.readouterr().out.rstrip("\n") == expected.rstrip("\n")


def test_stdin_is_read_as_bytes(
    page: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """'-' reads undecoded bytes from stdin, so a non-UTF-8 page is decoded by the library."""
    latin1 = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').encode("iso-8859-1")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(latin1)))
    assert main(["-"]) == 0
    assert "Café owners" in capsys.readouterr().out


def test_text_input_uses_extract_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .txt file (or --text-input) goes through extract_text instead of the HTML pipeline."""
    dump = tmp_path / "dump.txt"
    body = "Rivers rise after a week of rain\n\n" + newsclean.extract(PAGE).text
    dump.write_text(body, encoding="utf-8")
    assert main([str(dump)]) == 0
    via_suffix = capsys.readouterr().out
    assert "highest level in twenty years" in via_suffix
    assert via_suffix == newsclean.extract_text(body).to_text() + "\n"
    other = tmp_path / "dump.data"
    other.write_text(body, encoding="utf-8")
    assert main([str(other), "--text-input"]) == 0
    assert capsys.readouterr().out == via_suffix


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be read gives a one-line message on stderr and exit status 2."""
    assert main([str(tmp_path / "nope.html")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "nope.html" in captured.err


def test_bad_option_exits_2(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown --format is a usage error returned as 2, not a raised SystemExit."""
    assert main([str(page), "--format", "pdf"]) == 2
    assert "--format" in capsys.readouterr().err


def test_output_is_utf8_whatever_the_locale(page: Path, tmp_path: Path) -> None:
    """python -m newsclean writes UTF-8 even when the locale asks for ASCII."""
    env = {"PYTHONIOENCODING": "ascii", "PYTHONPATH": str(ROOT), "LC_ALL": "C", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-m", "newsclean", str(page)], capture_output=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "Café owners".encode() in result.stdout


def test_jsonl_for_one_page_and_output_file(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--jsonl turns one page into one JSON line (id, origin, error + to_dict()) and -o writes it."""
    out = tmp_path / "out.jsonl"
    assert main([str(page), "--jsonl", "--url", "https://news.example/r", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert (line["id"], line["origin"], line["error"]) == (str(page), str(page), None)
    expected = newsclean.extract(page.read_bytes(), url="https://news.example/r").to_dict()
    assert {k: v for k, v in line.items() if k not in ("id", "origin", "error")} == expected


def test_gzipped_page_is_unpacked(page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page.html.gz prints the same article as the page itself."""
    import gzip

    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(page.read_bytes()))
    assert main([str(packed)]) == 0
    assert capsys.readouterr().out == newsclean.extract(page.read_bytes()).text + "\n"
