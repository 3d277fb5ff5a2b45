"""Where the package's data files (rule tables, stopword lists, marker phrases) live."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
