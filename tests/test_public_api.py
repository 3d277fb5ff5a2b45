"""The public surface: ``newsclean.__all__`` names exactly what users may rely on (httpx style)."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import types

import newsclean

#: The public names. Adding one is an API decision: change this list in the same commit.
PUBLIC = [
    "extract",
    "extract_text",
    "extract_many",
    "Record",
    "Result",
    "Rules",
    "Document",
    "Block",
    "Box",
    "Link",
    "Label",
    "BlockKind",
    "BoxKind",
    "NewscleanError",
    "InvalidInputError",
    "__version__",
]


def test_all_is_exactly_the_public_surface() -> None:
    """__all__ lists the agreed public names, each once."""
    assert sorted(newsclean.__all__) == sorted(PUBLIC)
    assert len(newsclean.__all__) == len(set(newsclean.__all__))


def test_every_public_attribute_is_in_all() -> None:
    """Every non-underscore attribute of the package that is not a submodule is exported in __all__."""
    exported = {
        name
        for name in dir(newsclean)
        if not name.startswith("_") and not isinstance(getattr(newsclean, name), types.ModuleType)
    }
    assert exported == {name for name in newsclean.__all__ if not name.startswith("_")}


def test_every_name_in_all_is_importable() -> None:
    """`from newsclean import *` binds every name in __all__ to the package's own object."""
    namespace: dict[str, object] = {}
    exec("from newsclean import *", namespace)
    for name in newsclean.__all__:
        assert namespace[name] is getattr(newsclean, name)


def test_public_objects_come_from_the_package() -> None:
    """Exported classes and functions are newsclean's own, not re-exported third-party objects."""
    for name in newsclean.__all__:
        obj = getattr(newsclean, name)
        if isinstance(obj, type | types.FunctionType):
            assert obj.__module__.startswith("newsclean."), name


def test_version_matches_the_installed_distribution() -> None:
    """__version__ is the version pip installed (pyproject.toml), so the two cannot drift."""
    assert newsclean.__version__ == importlib.metadata.version("newsclean")


def test_exception_tree() -> None:
    """InvalidInputError is a NewscleanError, a TypeError and a ValueError (errors.py's tree)."""
    assert issubclass(newsclean.NewscleanError, Exception)
    assert issubclass(newsclean.InvalidInputError, newsclean.NewscleanError)
    assert issubclass(newsclean.InvalidInputError, TypeError)
    assert issubclass(newsclean.InvalidInputError, ValueError)


def test_import_leaves_the_batch_runner_and_text_extractor_unloaded() -> None:
    """`import newsclean` loads what extract() needs; the batch runner (process pool, logging)
    and the plain-text extractor load when first asked for, and are then the same objects."""
    probe = (
        "import sys, newsclean\n"
        "print(sorted(m for m in ('newsclean.batch', 'newsclean.text', 'concurrent.futures.process')"
        " if m in sys.modules))\n"
        "from newsclean import extract_many, extract_text\n"
        "import newsclean.batch, newsclean.text\n"
        "print(extract_many is newsclean.batch.extract_many, extract_text is newsclean.text.extract_text)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "True True"]


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    try:
        newsclean.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("newsclean.no_such_name did not raise")
