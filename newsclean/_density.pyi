# Types of the C first density pass (_density.c); density.c_initial_verdicts() sets it up.
from typing import Any

def init(members: tuple[Any, Any, Any, Any], heading: Any, block: tuple[type, tuple[str, ...]],
         features: tuple[type, tuple[str, ...]]) -> None: ...
def initial_verdicts(
    blocks: list[Any], features: tuple[Any, ...], has_stoplist: bool,
    thresholds: tuple[float, float, float, float, float], texts: tuple[str, str, str],
) -> tuple[list[Any], list[str]] | None: ...
