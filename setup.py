"""Build of the optional C accelerators; everything else is declared in pyproject.toml.

Every extension is optional: where no C compiler is at hand the build goes on without them
and newsclean runs its pure-Python stages, with the same output (tests/test_accel.py holds the
two to each other). ``python -c "import newsclean._accel as a; print(a.status())"`` says which
are in use.
"""

from setuptools import Extension, setup

SHARED_HEADERS = ["newsclean/_slotted.h"]

setup(
    ext_modules=[
        # the parser guard's pre-scan (parse._Scan) for pages that trip no cap
        Extension("newsclean._prescan", ["newsclean/_prescan.c"], optional=True),
        # the segment walk over Lexbor's nodes (segment._Walker)
        Extension("newsclean._walk", ["newsclean/_walk.c"], depends=SHARED_HEADERS, optional=True),
        # per-block words, stopwords and lengths (features.block_features)
        Extension("newsclean._features", ["newsclean/_features.c"], depends=SHARED_HEADERS, optional=True),
        # the rule stage's container verdicts (rules.python_container_verdicts)
        Extension("newsclean._rules", ["newsclean/_rules.c"], depends=SHARED_HEADERS, optional=True),
        # the density stage's first pass over the blocks (density.python_initial_verdicts)
        Extension("newsclean._density", ["newsclean/_density.c"], depends=SHARED_HEADERS, optional=True),
        # constructors of the dataclasses made once per block (_accel.slot_maker)
        Extension("newsclean._slots", ["newsclean/_slots.c"], depends=SHARED_HEADERS, optional=True),
    ],
)
