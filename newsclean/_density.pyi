# Types of the C density passes (_density.c); density.c_initial_verdicts() sets them up.
from collections.abc import Callable
from typing import Any

def init(
    members: tuple[Any, Any, Any, Any],
    heading: Any,
    block: tuple[type, tuple[str, ...]],
    features: tuple[type, tuple[str, ...]],
    link: tuple[type, tuple[str, ...]],
    verdict: tuple[type, tuple[str, ...]],
    fold_words: Callable[[str], str],
) -> None: ...
def initial_verdicts(
    blocks: list[Any], features: tuple[Any, ...], has_stoplist: bool,
    thresholds: tuple[float, float, float, float, float], texts: tuple[str, str, str],
) -> tuple[list[Any], list[str]] | None: ...
def card_sums(
    blocks: list[Any], features: tuple[Any, ...], n_containers: int, card_link_density: float,
    folded_headline: str | None,
) -> tuple[list[int], list[int], list[int], list[int], list[int]] | None: ...
def block_prose(
    blocks: list[Any], features: tuple[Any, ...], verdicts: tuple[Any, ...] | None, n_containers: int,
) -> tuple[list[int], list[int]] | None: ...
def main_sums(
    blocks: list[Any], features: tuple[Any, ...], good: list[int], under_negative: list[int],
    structured_kinds: frozenset[Any], max_link_density: float,
) -> tuple[list[int], list[int]] | None: ...
