"""Build of the optional C accelerators; everything else is declared in pyproject.toml.

Every extension is optional: where no C compiler is at hand the build goes on without them
and newsclean runs its pure-Python stages, with the same output (tests/test_accel.py holds the
two to each other). ``python -c "import newsclean._accel as a; print(a.status())"`` says which
are in use.
"""

import compileall
import importlib.util
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

SLOTTED = "newsclean/_slotted.h"  # dataclass instances built slot by slot
BYTE_TABLES = "newsclean/_bytetable.h"  # ASCII key -> value lookups without a str
LEXBOR = "newsclean/_lexbor.h"  # Lexbor's functions, found in selectolax's extension
PACKAGE_DIR = Path(__file__).resolve().parent / "newsclean"


def write_parsed_tables(package_dir: Path) -> None:
    """The parsed copies of the data tables that newsclean._data.load_table reads instead of
    parsing TOML in every fresh process (see that module). _data.py is loaded by its path: the
    package's own __init__ imports what the build need not have."""
    spec = importlib.util.spec_from_file_location("newsclean_data_at_build", PACKAGE_DIR / "_data.py")
    assert spec is not None and spec.loader is not None
    data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(data)
    data.write_parsed_tables(package_dir / "data")


class build_py_and_tables(build_py):
    """Copies the package and, in a regular build, writes the tables' parsed copies into it."""

    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            write_parsed_tables(Path(self.build_lib) / "newsclean")


class build_ext_and_bytecode(build_ext):
    """Builds the extensions and, where they are built into the source tree (an editable
    install), byte-compiles the package's modules there too. A regular install has pip
    byte-compile them; an editable one leaves that to the first import, and where
    PYTHONDONTWRITEBYTECODE is set (as on the machines this was built on) no import ever
    writes them: every process then compiles ~10 000 lines of source again. In a fresh clone
    installed as the README says, `import newsclean` took 212 ms so and takes 104 ms with the
    bytecode (CPU, best of 5). A module edited later is compiled afresh by the import system,
    as always."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) or self.inplace:
            compileall.compile_dir(str(PACKAGE_DIR), quiet=1)
            write_parsed_tables(PACKAGE_DIR)


setup(
    cmdclass={"build_py": build_py_and_tables, "build_ext": build_ext_and_bytecode},
    ext_modules=[
        # the parser guard's pre-scan (parse._Scan) for pages that trip no cap
        Extension("newsclean._prescan", ["newsclean/_prescan.c"], optional=True),
        # the segment walk over Lexbor's nodes (segment._Walker)
        Extension("newsclean._walk", ["newsclean/_walk.c"], depends=[SLOTTED, LEXBOR], optional=True),
        # per-block words, stopwords and lengths (features.block_features)
        Extension("newsclean._features", ["newsclean/_features.c"], depends=[SLOTTED], optional=True),
        # the rule stage's container verdicts (rules.python_container_verdicts)
        Extension("newsclean._rules", ["newsclean/_rules.c"], depends=[SLOTTED, BYTE_TABLES], optional=True),
        # the rule stage's marker check of a short block text (rules._table_marker_verdict_uncached)
        Extension("newsclean._markers", ["newsclean/_markers.c"], depends=[BYTE_TABLES], optional=True),
        # the density stage's first pass over the blocks (density.python_initial_verdicts)
        Extension("newsclean._density", ["newsclean/_density.c"], depends=[SLOTTED], optional=True),
        # the combine stage's owner look-ups (combine._Owners.box_verdict, innermost_verdict)
        Extension("newsclean._combine", ["newsclean/_combine.c"], depends=[SLOTTED], optional=True),
        # CSS selection for lists of simple selectors (css.select, twin of node.css)
        Extension("newsclean._select", ["newsclean/_select.c"], depends=[LEXBOR], optional=True),
        # constructors of the dataclasses made once per block (_accel.slot_maker)
        Extension("newsclean._slots", ["newsclean/_slots.c"], depends=[SLOTTED], optional=True),
    ],
)
