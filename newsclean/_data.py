"""Where the package's data files (rule tables, stopword lists, marker phrases) live, and how a
table is read.

The tables are TOML, written and reviewed by hand. ``tomllib`` parses in pure Python: a fresh
process spent 8-13 ms importing it and parsing rules.toml and metadata.toml, on the first page
of every run. So the build (setup.py, as it byte-compiles the modules) also writes each table's
parse as JSON to ``data/__pycache__/<name>.json``, together with the exact text it was parsed
from, and ``load_table`` reads that copy when the text is still the table's: an edited table
is parsed afresh, a missing or unreadable copy is ignored. Nothing is written at run time.

This module imports nothing of the package: setup.py loads it by path to write the copies.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
#: The folder of the parsed copies, beside the tables (ignored by git, like all __pycache__).
PARSED_DIR_NAME = "__pycache__"


def load_table(name: str, data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """``data/<name>.toml``, parsed: from its parsed copy where that was made from this text."""
    source = (data_dir / f"{name}.toml").read_text(encoding="utf-8")
    try:
        parsed = json.loads((data_dir / PARSED_DIR_NAME / f"{name}.json").read_text(encoding="utf-8"))
        table = parsed.get("table") if isinstance(parsed, dict) else None
        if isinstance(table, dict) and parsed.get("source") == source:
            return table
    except (OSError, ValueError):
        pass  # no copy (a build without setup.py's step), or one that cannot be read
    import tomllib  # deferred: its import compiles patterns a fresh process need not pay for

    return tomllib.loads(source)


def write_parsed_tables(data_dir: Path = DATA_DIR) -> list[str]:
    """Writes the parsed copy of every table in ``data_dir`` whose JSON reads back as the same
    table (TOML dates would not; the tables hold none), and returns the names written."""
    import tomllib

    written = []
    out_dir = data_dir / PARSED_DIR_NAME
    for path in sorted(data_dir.glob("*.toml")):
        source = path.read_text(encoding="utf-8")
        table = tomllib.loads(source)
        text = json.dumps({"source": source, "table": table}, ensure_ascii=False, sort_keys=True)
        if json.loads(text)["table"] != table:
            continue
        out_dir.mkdir(exist_ok=True)
        (out_dir / f"{path.stem}.json").write_text(text, encoding="utf-8")
        written.append(path.stem)
    return written
