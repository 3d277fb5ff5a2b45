# Types of the C per-block features (_features.c); features.c_block_features() sets it up.
from collections.abc import Callable
from typing import Any

def init(
    classes: bytes,
    lower: bytes,
    dense_weight: int,
    block_features: tuple[type, tuple[str, ...]],
    reference: Callable[[str, int, frozenset[str]], Any],
    sentence_end_chars: str,
) -> None: ...
def block_features(
    texts: list[str], link_chars: list[int], stop: frozenset[str]
) -> tuple[list[Any], int]: ...
def sample_words(texts: list[str], limit: int, reference: Callable[[str], list[str]]) -> list[str]: ...
