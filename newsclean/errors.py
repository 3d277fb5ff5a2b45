"""The exceptions newsclean raises.

    NewscleanError              base class; catch this to catch everything below
     └── InvalidInputError      misuse: the argument is not str/bytes, an option is unknown
                                (also a TypeError / ValueError, so generic handlers still work)

A page that parses but holds no article is *not* an error: ``extract`` returns an empty
``Document`` whose ``empty_reason`` says why. Hostile or broken markup is never an error
either: it gets a best-effort result.
"""

from __future__ import annotations

__all__ = ["NewscleanError", "InvalidInputError"]


class NewscleanError(Exception):
    """Base class of every exception newsclean raises on purpose."""


class InvalidInputError(NewscleanError, TypeError, ValueError):
    """The caller passed something newsclean cannot take (wrong type, unknown option)."""
