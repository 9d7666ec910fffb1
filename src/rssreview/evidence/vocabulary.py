"""The controlled words the evidence tables use, in the order the report presents them."""

STATUSES = ("achieved", "partly achieved", "not achieved", "not rated")
RATED_STATUSES = STATUSES[:3]
IMPACTS = ("none seen", "some", "clear")
#: "published rating" is a source that only reports the rating the report gave: it is never evidence of impact.
KINDS = (
    "lived experience",
    "stakeholders",
    "national data",
    "inspection",
    "government or national action",
    "published rating",
)
PUBLISHED_RATING = "published rating"
#: One certainty vocabulary for every rating, figure and evidence item in the book.
CONFIDENCE = ("confirmed", "inferred", "uncertain")
LABEL_SOURCES = ("report", "secondary", "none")
REVIEW_STATES = ("final", "draft")
#: The words new-cycle puts at the start of a copied rating's reason; a final row must not keep them.
DRAFT_MARK = "Draft copied from"
#: What a row of key_messages.csv is: one of the report's findings, what happens after it, or a caveat on
#: how far its ratings reach (shown where ratings are explained).
FINDING, NEXT_STEP, CAVEAT = "finding", "what happens next", "caveat"
MESSAGE_SECTIONS = (FINDING, NEXT_STEP, CAVEAT)
