"""``python -m newsclean``: the same command line as the ``newsclean`` script."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
