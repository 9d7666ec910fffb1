"""The controlled words the evidence tables use, in the order the report presents them."""

STATUSES = ("achieved", "partly achieved", "not achieved", "not rated")
RATED_STATUSES = STATUSES[:3]
IMPACTS = ("none seen", "some", "clear")
KINDS = (
    "lived experience",
    "stakeholders",
    "national data",
    "inspection",
    "government or national action",
)
CONFIDENCE = ("confirmed", "inferred", "uncertain")
LABEL_SOURCES = ("report", "secondary", "none")
REVIEW_STATES = ("final", "draft")
