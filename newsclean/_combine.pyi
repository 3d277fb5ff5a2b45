# Types of the combine stage's owner look-ups (_combine.c); combine._c_combine() sets them up.
from typing import Any

def init(
    owners: tuple[type, tuple[str, ...]],
    container: tuple[type, tuple[str, ...]],
    verdict: tuple[type, tuple[str, ...]],
    teaser_parts: frozenset[str],
    titled_box: str,
) -> None: ...
def innermost_verdict(owners: Any, cid: int, start: int) -> tuple[Any, int]: ...
def box_verdict(owners: Any, cid: int, start: int) -> tuple[Any, int]: ...
