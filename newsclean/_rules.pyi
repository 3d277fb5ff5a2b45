# Types of the C container verdicts (_rules.c); rules.c_container_verdicts() sets it up.
from collections.abc import Callable, Sequence
from typing import Any

def init(
    tokens: dict[str, tuple[int, str, Any, int, bool]],
    starts: dict[str, bool],
    max_parts: int,
    ngroups: int,
    tags: dict[str, tuple[Any, int, bool, bool]],
    tag_exempt: dict[str, frozenset[str]],
    widget_items: dict[str, bool],
    widget_paid: dict[str, bool],
    widget_verdict: Any,
    card_verdict: Callable[[Any, Any], Any],
    fallback: Callable[[Any], Any],
    container: tuple[type, tuple[str, ...]],
) -> None: ...
def container_verdicts(containers: Sequence[Any]) -> list[Any]: ...
def token_verdicts(hints: str) -> tuple[Any, ...] | None: ...
