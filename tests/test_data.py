"""_data.load_table gives what tomllib gives for each data table, from the parsed copy the
build writes where that copy was made from the table's current text, and from the TOML itself
where the copy is missing, stale or unreadable."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from newsclean import _data

TABLES = sorted(p.stem for p in _data.DATA_DIR.glob("*.toml"))


def test_there_are_tables() -> None:
    assert {"rules", "metadata", "text_markers"} <= set(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_load_table_gives_what_tomllib_gives(name: str) -> None:
    expected = tomllib.loads((_data.DATA_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    assert _data.load_table(name) == expected


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    for path in _data.DATA_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_the_parsed_copy_is_read_while_the_table_is_unchanged(data_dir: Path) -> None:
    assert _data.write_parsed_tables(data_dir) == TABLES
    copy = data_dir / _data.PARSED_DIR_NAME / "rules.json"
    # a copy with a marked table but the same source text is what load_table returns
    text = copy.read_text(encoding="utf-8").replace('"table": {', '"table": {"read-from-the-copy": true, ', 1)
    copy.write_text(text, encoding="utf-8")
    assert _data.load_table("rules", data_dir)["read-from-the-copy"] is True


def test_an_edited_table_is_parsed_afresh(data_dir: Path) -> None:
    _data.write_parsed_tables(data_dir)
    toml = data_dir / "rules.toml"
    toml.write_text('edited = "yes"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    assert _data.load_table("rules", data_dir)["edited"] == "yes"


@pytest.mark.parametrize(
    "copy_text", ["", "not json", "[]", '{"source": 1}', '{"table": {}}', '{"table": []}', "\xff"]
)
def test_an_unreadable_copy_is_ignored(data_dir: Path, copy_text: str) -> None:
    (data_dir / _data.PARSED_DIR_NAME).mkdir()
    # "\xff" as Latin-1: a byte that is no UTF-8
    (data_dir / _data.PARSED_DIR_NAME / "metadata.json").write_bytes(copy_text.encode("latin-1"))
    expected = tomllib.loads((data_dir / "metadata.toml").read_text(encoding="utf-8"))
    assert _data.load_table("metadata", data_dir) == expected


def test_without_copies_the_tables_are_parsed(data_dir: Path) -> None:
    assert not (data_dir / _data.PARSED_DIR_NAME).exists()
    expected = tomllib.loads((data_dir / "text_markers.toml").read_text(encoding="utf-8"))
    assert _data.load_table("text_markers", data_dir) == expected


def test_the_build_wrote_current_copies() -> None:
    """The install the README gives (setup.py's build step) leaves a current copy of every
    table: a fresh process then never imports tomllib."""
    copies = _data.DATA_DIR / _data.PARSED_DIR_NAME
    if not copies.is_dir():
        pytest.skip("not installed through setup.py's build (no parsed copies)")
    import json

    for name in TABLES:
        parsed = json.loads((copies / f"{name}.json").read_text(encoding="utf-8"))
        assert parsed["source"] == (_data.DATA_DIR / f"{name}.toml").read_text(encoding="utf-8"), name
