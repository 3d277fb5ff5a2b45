# Types of the fast slotted-dataclass constructors (_slots.c); _accel.slot_maker wraps it.
from collections.abc import Callable
from typing import Any

def maker(cls: type, fields: tuple[str, ...]) -> Callable[..., Any]: ...
