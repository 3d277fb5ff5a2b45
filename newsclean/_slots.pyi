# Types of the fast slotted-dataclass constructors (_slots.c); _accel.slot_maker wraps it.
from collections.abc import Callable
from typing import Any

def maker(cls: type, fields: tuple[str, ...]) -> Callable[..., Any]: ...
def init_blocks(
    block: tuple[type, tuple[str, ...]],
    raw: tuple[type, tuple[str, ...]],
    label: tuple[type, tuple[str, ...]],
) -> None: ...
def blocks(
    raw_blocks: list[Any], labels: tuple[Any, ...], box_of: list[int | None],
    resolve: Callable[[tuple[Any, ...]], tuple[Any, ...]], boilerplate: Any,
) -> list[Any] | None: ...
