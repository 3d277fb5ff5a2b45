# Types of the C marker check (_markers.c); rules.c_marker_verdict() sets it up.
from collections.abc import Callable
from typing import Any

def init(
    whole: tuple[dict[str, Any], str, Callable[[str], str]],
    prefix: tuple[
        dict[int, str], int, dict[str, tuple[str, ...]], tuple[str, ...], tuple[str, ...], bytes, bytes,
        Callable[[str, int], Any],
    ],
    topic_max: int,
    dateline: tuple[int, bytes, int, Callable[[str], Any], Callable[[str], Any], Any],
    badges: tuple[tuple[str, ...], tuple[str, ...]],
    fallback: Callable[[str], Any],
) -> None: ...
def verdict(text: str) -> Any: ...
def own_verdict(text: str) -> Any: ...
def block_verdicts(
    index: dict[str, int],
    results: list[Any],
    result_index: dict[Any, int],
    maxsize: int,
    max_chars: int,
    longer: Callable[[str], Any],
    texts: list[str],
) -> list[Any]: ...
