"""``extract()``: one line per pipeline stage.

    decode → parse → metadata → segment → features → rules ∥ density → combine → assemble

Each stage lives in the module of the same name; ``docs/pipeline.md`` says where each
decision is made.
"""

from __future__ import annotations

from typing import Literal

from .assemble import assemble
from .combine import combine
from .config import LENIENT_DENSITY, LENIENT_MAIN
from .decode import decode_page
from .density import classify_density
from .errors import InvalidInputError
from .features import compute_features
from .metadata import extract_metadata
from .model import Document
from .parse import parse_decoded_with_report, parse_html
from .rules import Rules, box_blocks, classify_rules, match_selectors, may_hold_own_markup
from .segment import segment

__all__ = ["extract", "Extractor"]

Extractor = Literal["combined", "rules", "density"]
_EXTRACTORS = ("combined", "rules", "density")


def extract(
    html: str | bytes,
    *,
    url: str | None = None,
    extractor: Extractor = "combined",
    rules: Rules | None = None,
) -> Document:
    """Extract the article of one HTML page.

    ``html`` may be ``str`` or undecoded ``bytes`` (the encoding is found from the BOM, the
    declared charset, or detection). ``extractor`` picks the classifier family: ``"rules"``
    (markup and marker phrases only), ``"density"`` (text/link/stopword density only) or the
    default ``"combined"``. ``rules`` adds a site's own selectors and marker phrases.

    Raises ``InvalidInputError`` for a wrong argument type or an unknown option; never for
    the content of the page.
    """
    if not isinstance(html, (str, bytes, bytearray, memoryview)):
        raise InvalidInputError(f"html must be str or bytes, not {type(html).__name__}")
    if extractor not in _EXTRACTORS:
        raise InvalidInputError(f"extractor must be one of {_EXTRACTORS}, not {extractor!r}")
    if url is not None and not isinstance(url, str):
        raise InvalidInputError(f"url must be str or None, not {type(url).__name__}")
    if rules is not None and not isinstance(rules, Rules):
        raise InvalidInputError(f"rules must be a newsclean.Rules, not {type(rules).__name__}")

    if isinstance(html, str):
        tree = parse_html(html)
    else:
        tree, _ = parse_decoded_with_report(*decode_page(bytes(html)))
    meta = extract_metadata(tree, url=url)  # before stripping: JSON-LD lives in <script>
    # a user's selectors force verdicts; so does newsclean's own markup (to_html read back),
    # asked for only where the page has a container that may be it
    forced = match_selectors(tree, rules) if rules is not None else None
    page = segment(tree, forced=forced, stripped=False)  # skips script, style, forms … itself
    if rules is None and may_hold_own_markup(page) and (forced := match_selectors(tree, None)):
        page = segment(tree, forced=forced, stripped=False)
    features = compute_features(page, language_hint=meta.language)
    rule_verdicts = classify_rules(page, features, rules)
    # the boxes the rules found are no part of the text around them (density.classify_density)
    outside_flow = box_blocks(page, rule_verdicts) if extractor == "combined" else None
    density_verdicts = classify_density(page, features, headline=meta.title, outside_flow=outside_flow)
    labels = combine(page, features, rule_verdicts, density_verdicts, meta, extractor=extractor)
    if labels.main is None and page.blocks and extractor != "rules":
        # no prose by the normal thresholds: try once more counting every non-link line
        density_verdicts = classify_density(
            page, features, LENIENT_DENSITY, headline=meta.title, outside_flow=outside_flow
        )
        retry = combine(
            page, features, rule_verdicts, density_verdicts, meta, extractor=extractor, t=LENIENT_MAIN
        )
        if retry.main is not None:
            labels = retry
    return assemble(
        page, labels, meta, extractor=extractor, base_url=meta.url or url, detected_language=features.language
    )
