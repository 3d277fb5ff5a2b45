# Types of the C selection (_select.c); css._c_select() sets it up.
from selectolax.lexbor import LexborHTMLParser, LexborNode

def init(lexbor_functions: dict[str, int], sample_node: LexborNode, its_parser: LexborHTMLParser) -> None: ...
def select(
    node: LexborNode,
    clauses: tuple[tuple[bytes | None, bytes | None, int, bytes, bool], ...],
    first: bool = ...,
) -> list[LexborNode]: ...
