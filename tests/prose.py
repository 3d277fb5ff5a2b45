"""Article paragraphs shared by the hand-built test pages."""

# Every paragraph is well above the density classifier's 200-character "prose on its own"
# length, so each extractor family finds the article on its own evidence.
P1 = (
    "The river reached its highest level in twenty years on Tuesday, and the town council closed "
    "the old bridge over the water as a precaution while the engineers checked it for any damage "
    "that the fast current and the floating debris may have done to its old stone piers."
)
P2 = (
    "Residents of the lower streets were asked to move their cars to higher ground before the "
    "evening, when the water is expected to peak. Café owners on the quay said that they had never "
    "seen it so high, and several of them spent the afternoon carrying their furniture upstairs."
)
P3 = (
    "The weather service expects the rain to ease by the weekend, but it warned that the ground is "
    "saturated and that more flooding is possible if another storm arrives next week, as some of "
    "the forecasts suggest it might, so people should keep an eye on the warnings for their area."
)
