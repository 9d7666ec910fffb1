"""The Easy Read summary: the same ratings in short sentences, each point beside a picture.

It follows UK Easy Read practice (Mencap; Department of Health, "Making written information easier to
understand"): one idea per sentence, at most 15 words a sentence, hard words in bold and explained the
first time they appear, and a picture beside every point. The pictures are Tabler Icons (MIT licence),
installed by npm from package.json and written into the output as inline SVG, so the site page and both
PDFs carry them and nothing is fetched while building.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd
from IPython.display import Markdown

from rssreview.evidence import progress
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.vocabulary import CONFIDENCE, STATUSES
from rssreview.paths import EASY_READ_PICTURES, NODE_MODULES, display_path
from rssreview.present import words
from rssreview.present.glossary import DEFINES_KEY_TERMS
from rssreview.present.text import link, local_link, mail_link, raw
from rssreview.publication import edition_folder, settings

MAX_WORDS = 15
PDF_SUFFIX = "-easy-read.pdf"  # the Easy Read PDF is <book.output-file in _quarto.yml><PDF_SUFFIX>
PICTURE_PACKAGE = NODE_MODULES / "@tabler" / "icons" / "package.json"
SVG_NOISE = re.compile(
    r"<!--.*?-->|\sclass=\"[^\"]*\"|<path stroke=\"none\" d=\"M0 0h24v24H0z\" fill=\"none\"\s*/>", re.S
)
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
HTML_LINK = r'<a href="\2">\1</a>'
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")

#: Each status in Easy Read words, with its picture.
STATUS_WORDS = {
    "achieved": ("circle-check", "This has happened."),
    "partly achieved": ("progress", "Some of this has started to happen. There is more to do."),
    "not achieved": ("circle-x", "This has not happened yet."),
    "not rated": ("help-circle", "The report did not say if this has happened."),
}

#: The picture beside a count of none: an empty dashed circle, whatever the status.
NONE_PICTURE = "circle-dashed"

#: How sure we are of a rating, in Easy Read words (the certainty vocabulary of the evidence tables).
CERTAINTY_WORDS = {
    "confirmed": "The report says this.",
    "inferred": "We worked this out from other papers. The report does not say it in these words.",
    "uncertain": "We are not sure about this.",
}

#: What each recommendation is about, keyed by its topic in data/evidence/recommendations.csv, with a picture
#: for that topic alone: every change on the page has its own picture (a test checks all 17 differ).
TOPIC_WORDS = {
    "single ministerial ownership": ("home-heart", "having a home and the right support"),
    "commissioning": ("building-community", "planning and paying for the right services near home"),
    "community teams and crisis support": ("lifebuoy", "getting help early, before things get too hard"),
    "human rights": ("scale", "people's rights being understood"),
    "hospital care": ("building-hospital", "getting the right support in hospital"),
    "CQC regulation": ("clipboard-list", "how CQC checks services"),
    "workforce": ("school", "staff having the right skills"),
    "bespoke services": ("adjustments", "services made to fit each person"),
    "data recording": ("database", "keeping good **records** to make local services better"),
    "person-centred care": ("user-heart", "care that is planned around each person"),
    "oversight of long-term segregation": (
        "message-report",
        "telling CQC when restraint, seclusion or segregation is used",
    ),
    "commissioner oversight": ("calendar-repeat", "regular checks by the people who pay for care"),
    "independent reviews of segregation": ("eye", "outside experts checking often on people in segregation"),
    "Care (Education) and Treatment Reviews": ("messages", "useful meetings to check each person's care and treatment"),
    "recognising segregation in hospital": (
        "file-pencil",
        "updating the rules so all segregation in hospital is noticed",
    ),
}
#: A sentence that explains a hard word in a topic, said after the topic the first time it appears.
TOPIC_EXPLAINED = {"data recording": "Records are notes about what happens to each person."}
#: Pictures for changes whose topic is not known, in recommendation order: a question mark, each one different.
UNKNOWN_PICTURES = ("help-square-rounded", "help-hexagon", "help-octagon", "help-triangle", "help-circle")

#: Hard words: bold and explained where they first appear (a test holds the text to this).
HARD_WORDS = (
    "Care Quality Commission",
    "learning disability",
    "autistic",
    "mental ill health",
    "restraint",
    "seclusion",
    "segregation",
    "recommendations",
    "services",
    "organisations",
    "records",
    "open licence",
    "PDF",
)

NOT_FROM_CQC = "CQC did not write this summary. We wrote it from papers anyone can read."
#: The Easy Read PDF's title (its cover and its Title metadata): what it is, and that it is not CQC's.
PDF_TITLE = "Easy Read summary: an independent rebuild, not from CQC"
#: The picture on the Easy Read PDF's cover.
COVER_PICTURE = "book"
#: What the Easy Read PDF says while the site has no public address (publication.LOCAL_BUILD, in Easy Read words).
LOCAL_BUILD_WORDS = ("This is a test copy. It is not published yet.", "It has no website address yet.")
GIVE_FEEDBACK = "https://www.cqc.org.uk/give-feedback-on-care"
ORIGINAL_REPORT = "https://www.cqc.org.uk/publications/themed-work/rssreview"


@dataclass(frozen=True)
class Point:
    """One Easy Read point: a picture and a few short sentences (pandoc Markdown, one idea each)."""

    picture: str
    sentences: tuple[str, ...]

    def __post_init__(self) -> None:
        for sentence in self.sentences:
            count = word_count(sentence)
            if count > MAX_WORDS:
                raise ValueError(f"Easy Read sentence has {count} words (at most {MAX_WORDS}): {sentence!r}")


def point(picture: str, *text: str) -> Point:
    """A point from one or more strings, each split into its sentences."""
    return Point(picture, tuple(sentence for part in text for sentence in split_sentences(part)))


def split_sentences(text: str) -> list[str]:
    return [part for part in SENTENCE_END.split(text.strip()) if part]


def plain_text(markdown: str) -> str:
    """Markdown as a reader sees it: links by their words, no emphasis marks."""
    text = MARKDOWN_LINK.sub(r"\1", markdown)
    return re.sub(r"[*_\\]", "", text)


def word_count(sentence: str) -> int:
    return len(plain_text(sentence).split())


# --- pictures -------------------------------------------------------------------------------------------


@cache
def picture_svg(name: str) -> str:
    """A Tabler icon's SVG, on one line, hidden from screen readers (the sentences beside it carry the meaning)."""
    path = EASY_READ_PICTURES / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(
            f"{display_path(path)}: Easy Read picture '{name}' not found; install the pictures with `make` "
            "(npm ci reads package.json and package-lock.json)"
        )
    svg = " ".join(SVG_NOISE.sub("", path.read_text(encoding="utf-8")).split())
    svg = svg.replace("> <", "><").replace(" />", "/>").replace(" >", ">")
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def picture_credit_version() -> str:
    """The installed Tabler Icons version, so the credit names exactly what was used."""
    return json.loads(PICTURE_PACKAGE.read_text(encoding="utf-8"))["version"]


def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def point_markdown(item: Point, *classes: str) -> str:
    """A point for pandoc: the picture as inline SVG on the site, and a picture-beside-words grid in Typst.

    `classes` are added to the point's block (`glossary.DEFINES_KEY_TERMS`)."""
    svg = picture_svg(item.picture)
    html_picture = svg.replace("<svg ", '<svg class="easy-read-picture" ', 1)
    typst_open = (
        "#block(breakable: false, inset: (y: 0.5em), grid(columns: (1.9cm, 1fr), column-gutter: 0.6cm, "
        f'image(bytes({_typst_string(svg)}), format: "svg", width: 1.6cm), ['
    )
    sentences = "\n\n".join(item.sentences)
    attributes = " ".join(f".{name}" for name in ("easy-read-point", *classes))
    return (
        f":::: {{{attributes}}}\n{raw('html', html_picture)}\n\n{raw('typst', typst_open)}\n\n"
        f"::: {{.easy-read-words}}\n{sentences}\n:::\n\n```{{=typst}}\n]))\n```\n::::"
    )


def points_markdown(points: Iterable[Point]) -> Markdown:
    return Markdown("\n\n".join(point_markdown(item) for item in points))


# --- the content ----------------------------------------------------------------------------------------


def introduction_points(tables: EvidenceTables, cycle_id: str) -> list[Point]:
    """What this is, who wrote the report, and who it is about."""
    cycle = tables.cycle(cycle_id)
    return [
        point("file-text", "This is an Easy Read summary of a longer report."),
        point(
            "building-community",
            "The **Care Quality Commission** wrote the report. We call it CQC for short.",
            "CQC checks that health and care **services** are safe and good.",
            "Services are places and people that give care, like hospitals and care homes.",
        ),
        point(
            "user-question",
            "Who are we? We are a small team who are not part of CQC.",
            "We read what CQC and others wrote. Then we wrote this summary.",
        ),
        point("calendar", f"The report came out on {words.long_date(cycle['publication_date'])}."),
        point("alert-circle", NOT_FROM_CQC),
        point(
            "users",
            "The report is about people with a **learning disability**.",
            "A learning disability makes it harder to learn and understand some things.",
        ),
        point(
            "puzzle",
            "It is also about **autistic** people.",
            "Autistic people may see, hear and feel the world in a different way.",
        ),
        point(
            "brain",
            "It is also about people with **mental ill health**.",
            "This means being unwell in your mind or your feelings.",
        ),
    ]


def hard_words_points() -> list[Point]:
    """What restraint, seclusion and segregation mean."""
    return [
        point(
            "hand-stop",
            "**Restraint** is when staff stop a person from moving freely.",
            "Staff might hold the person. Staff might give medicine to make the person calm.",
        ),
        point("door", "**Seclusion** is when a person is kept alone in a room. They are not allowed to leave."),
        point(
            "user-off",
            "**Segregation** is when a person is kept away from other people.",
            "Sometimes this goes on for months or years.",
        ),
        point(
            "alert-triangle",
            "These things should only happen when there is no other way.",
            "They can hurt people and make them afraid.",
        ),
    ]


def summary_points(tables: EvidenceTables, cycle_id: str) -> list[Point]:
    """What CQC asked for in 2020, and how many of the changes have happened."""
    total = len(tables.recommendations)
    points = [
        point(
            "list-check",
            f"In October 2020 CQC asked for {total} changes.",
            "We call these changes **recommendations**. A recommendation is an idea to make things better.",
        ),
    ]
    if not progress.is_rated(tables, cycle_id):
        return [*points, point(STATUS_WORDS["not rated"][0], "This report did not say which changes had happened.")]
    ratings = progress.ratings_for(tables, cycle_id)
    for status, verb in (
        ("achieved", "fully happened"),
        ("partly achieved", "started to happen"),
        ("not achieved", "not happened yet"),
    ):
        chosen = ratings[ratings["status"] == status]
        count = len(chosen)
        if count == 0:
            # A picture of nothing done, never the status's own picture (a tick beside "none" says the opposite).
            points.append(point(NONE_PICTURE, f"0 of the {total} changes have {verb}."))
            continue
        has = "has" if count == 1 else "have"
        points.append(
            point(STATUS_WORDS[status][0], f"{count} of the {total} changes {has} {verb}.", _group_certainty(chosen))
        )
    return points


def _group_certainty(ratings: pd.DataFrame) -> str:
    """How sure we are of a group of ratings: the least certain rating in it decides."""
    levels = set(ratings["status_confidence"])
    if "uncertain" in levels:
        return "We are not sure about some of these."
    if "inferred" in levels:
        return "We worked out some of these from other papers."
    return "The report says this." if levels else ""


def certainty_key_point() -> Point:
    return point("info-circle", "For each change we say how sure we are.")


def recommendation_groups(tables: EvidenceTables, cycle_id: str) -> list[tuple[str, list[Point]]]:
    """Per recommendation, its heading and two points: what it is about, then its status and how sure we are."""
    recommendations = tables.recommendations.set_index("rec_id")
    groups = []
    unknown = iter(UNKNOWN_PICTURES)
    for rating in progress.ratings_for(tables, cycle_id).itertuples():
        rec = recommendations.loc[rating.rec_id]
        if rec["label_source"] == "none" or rec["topic"].lower().startswith("not known"):
            about = ["We do not know what this change is about."]
            topic_picture = next(unknown)
        else:
            if rec["topic"] not in TOPIC_WORDS:
                raise ValueError(
                    f"recommendation {rating.rec_id}: no Easy Read words for topic {rec['topic']!r}; "
                    "add them to TOPIC_WORDS in rssreview/present/easy_read.py"
                )
            topic_picture, topic = TOPIC_WORDS[rec["topic"]]
            about = [f"This change is about {topic}.", *TOPIC_EXPLAINED.get(rec["topic"], "").split("\n")]
            about = [sentence for sentence in about if sentence]
            if rec["label_source"] != "report" or str(rec["short_label"]).endswith("…"):
                about.append("We do not know the report's exact words for this change.")
        picture, status_words = STATUS_WORDS[rating.status]
        groups.append(
            (
                f"Change {rating.rec_id}",
                [
                    point(topic_picture, *about),
                    point(picture, status_words, CERTAINTY_WORDS[rating.status_confidence]),
                ],
            )
        )
    return groups


def recommendation_points(tables: EvidenceTables, cycle_id: str) -> list[Point]:
    return [item for _, points in recommendation_groups(tables, cycle_id) for item in points]


def next_steps_points(tables: EvidenceTables, cycle_id: str) -> list[Point]:
    """What happens next: who is in charge, who must act, and whether a later report is known (cycles.csv)."""
    cycles = tables.cycles.sort_values("publication_date")
    later = cycles[cycles["publication_date"] > tables.cycle(cycle_id)["publication_date"]]
    if len(later):
        newer = [f"CQC wrote a newer report on {words.long_date(later.iloc[0]['publication_date'])}."]
    else:
        total = len(tables.recommendations)
        newer = [f"CQC said this was its last report on the {total} changes.", "We do not know of a newer one."]
    return [
        point(
            "building-bank",
            "The government set up a group to lead the work.",
            "A government minister is in charge of the group.",
        ),
        point(
            "users-group",
            "Many **organisations** must work together to make the changes happen.",
            "Organisations are groups like the NHS, councils and CQC.",
        ),
        point(
            "brain",
            "The government must still say how it will help people with mental ill health.",
            CERTAINTY_WORDS["uncertain"],
        ),
        point("calendar-event", *newer),
        point("zoom-check", "CQC will keep checking hospitals and care services."),
        point("message-circle", f"If you are worried about care, you can [tell CQC]({GIVE_FEEDBACK})."),
    ]


def find_out_more_points(tables: EvidenceTables, cycle_id: str) -> list[Point]:
    cycle = tables.cycle(cycle_id)
    return [
        point("world", f"You can read the {words.link('full report on the CQC website', cycle['source_url'])}."),
        point("book", f"You can also read the [first report from October 2020]({ORIGINAL_REPORT})."),
        point(
            "file-text",
            "We also wrote a longer version of this summary. It has more detail.",
            "It is not in Easy Read.",
        ),
        point(
            "file-type-pdf",
            "Both versions are also a **PDF**.",
            "A PDF is a file you can print or keep.",
        ),
    ]


def pdf_name() -> str:
    """The Easy Read PDF's file name in the site root, from the book's `output-file`."""
    return f"{settings().output_file}{PDF_SUFFIX}"


def download_point() -> Point:
    return point(
        "printer", "You can print this summary.", f"{local_link('Download the Easy Read PDF', '../' + pdf_name())}."
    )


def download_markdown() -> str:
    """The download point for the site only (raw HTML, which the PDFs leave out): a PDF needs no link to itself."""
    item = download_point()
    linked = (MARKDOWN_LINK.sub(HTML_LINK, sentence) for sentence in item.sentences)
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in linked)
    html = picture_svg(item.picture).replace("<svg ", '<svg class="easy-read-picture" ', 1)
    return raw("html", f'<div class="easy-read-point">{html}<div class="easy-read-words">{paragraphs}</div></div>')


def picture_credit_points() -> list[Point]:
    return [
        point(
            "photo",
            f"The pictures are Tabler Icons, version {picture_credit_version()}, by Paweł Kuna.",
            "They have an **open licence**.",
            "An open licence is a promise that anyone can use them for free.",
        ),
    ]


# --- the Easy Read PDF's last page: who made it, which edition, other formats, and that CQC did not --------------


def back_page_points(tables: EvidenceTables, cycle_id: str, edition: datetime.date) -> list[Point]:
    """What the back of the Easy Read PDF says, from the same settings as the main PDF's title page: who made it
    and that CQC did not, the edition (its date and the report it is about), where to find it or, in a local
    build, that it is not published (with no address), and how to ask for another format."""
    from rssreview.release import release

    publication = settings()
    cycle = tables.cycle(cycle_id)
    folder = edition_folder(cycle_id, tables.latest_cycle())
    address = publication.url(folder + f"{publication.output_file}{PDF_SUFFIX}")
    email = release().contact.email
    where = (
        point("world", f"You can find this summary {link('on the internet', address)}.")
        if address
        else point("world-off", *LOCAL_BUILD_WORDS)
    )
    ask = (
        f"Email us at {mail_link(email, 'Easy Read summary: large print')}."
        if email and address
        else "Later, this page will say how to ask."
    )
    return [
        point("pencil", f"The {publication.author} made this summary.", "CQC did not write it."),
        point(
            "calendar-stats",
            f"This summary was made on {words.long_date(edition.isoformat())}.",
            f"It is about the CQC report from {words.long_date(str(cycle['publication_date'])[:7])}.",
        ),
        where,
        point("mail-question", "Do you need this in large print?", ask),
    ]


#: The back page's heading: the chapter itself starts with "About this summary".
BACK_PAGE_HEADING = "About this copy"


def back_page(tables: EvidenceTables, cycle_id: str, edition: datetime.date) -> str:
    """The back page for the Easy Read PDF only (pandoc Markdown): static/easy-read.typ's `easy-read-end` puts it
    at the foot of the last page when it fits there, or on a page of its own, so no page is left mostly empty
    (it takes less than half a page, so it goes on a page of its own only after a page more than half full)."""
    # The points share out the page's spare height, on the last page as on a page of their own.
    spread = f"\n\n{raw('typst', '#v(1fr)')}\n\n"
    points = spread.join(point_markdown(item) for item in back_page_points(tables, cycle_id, edition))
    return (
        f"{raw('typst', '#easy-read-end[')}\n\n## {BACK_PAGE_HEADING} {{.unnumbered .unlisted}}\n\n"
        f"{points}\n\n{raw('typst', ']')}"
    )


# --- what the notebook shows ----------------------------------------------------------------------------


#: Easy Read type in the main PDF as well: the chapter is wrapped in a Typst scope with 16 pt words and headings
#: larger than them (the stand-alone PDF's design, static/easy-read.typ, uses the same sizes). The site ignores
#: raw Typst; the page's own styles do the same there.
PDF_TYPE_START = (
    "```{=typst}\n#[\n#set text(size: 16pt)\n#set par(leading: 0.75em)\n"
    "#show heading.where(level: 2): set text(size: 21pt)\n#show heading.where(level: 3): set text(size: 18pt)\n```"
)
PDF_TYPE_END = "```{=typst}\n]\n```"


def pdf_type_start() -> Markdown:
    """Opens the chapter's Easy Read type in the main PDF; `pdf_type_end` closes it at the chapter's end."""
    return Markdown(PDF_TYPE_START)


def pdf_type_end() -> Markdown:
    return Markdown(PDF_TYPE_END)


def introduction(tables: EvidenceTables, cycle_id: str) -> Markdown:
    return points_markdown(introduction_points(tables, cycle_id))


def hard_words() -> Markdown:
    """The three hard words, explained in Easy Read words where the page first uses them. The block is marked as
    defining the key words, so this page gets no links to the glossary, which is not written in Easy Read."""
    first, *rest = hard_words_points()
    return Markdown("\n\n".join([point_markdown(first, DEFINES_KEY_TERMS), *(point_markdown(item) for item in rest)]))


def summary(tables: EvidenceTables, cycle_id: str) -> Markdown:
    return points_markdown(summary_points(tables, cycle_id))


def each_recommendation(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """The certainty key, then each change under its own heading (unnumbered, and kept out of the contents)."""
    blocks = [point_markdown(certainty_key_point())]
    for heading, points in recommendation_groups(tables, cycle_id):
        blocks.append(f"### {heading} {{.unnumbered .unlisted}}")
        blocks.extend(point_markdown(item) for item in points)
    return Markdown("\n\n".join(blocks))


def next_steps(tables: EvidenceTables, cycle_id: str) -> Markdown:
    return points_markdown(next_steps_points(tables, cycle_id))


def find_out_more(tables: EvidenceTables, cycle_id: str) -> Markdown:
    points = "\n\n".join(point_markdown(item) for item in find_out_more_points(tables, cycle_id))
    return Markdown(f"{points}\n\n{download_markdown()}")


def picture_credit() -> Markdown:
    return points_markdown(picture_credit_points())


def all_points(tables: EvidenceTables, cycle_id: str) -> list[Point]:
    """Every point of the page in order (for the checks on sentence length, pictures and hard words)."""
    return [
        *introduction_points(tables, cycle_id),
        *hard_words_points(),
        *summary_points(tables, cycle_id),
        certainty_key_point(),
        *recommendation_points(tables, cycle_id),
        *next_steps_points(tables, cycle_id),
        *find_out_more_points(tables, cycle_id),
        *picture_credit_points(),
    ]


def vocabulary_problems() -> list[str]:
    """Statuses or certainty words of the evidence tables that have no Easy Read words."""
    missing = [f"status '{s}'" for s in STATUSES if s not in STATUS_WORDS]
    missing += [f"certainty '{c}'" for c in CONFIDENCE if c not in CERTAINTY_WORDS]
    return missing


def first_uses_unexplained(points: Sequence[Point]) -> list[str]:
    """Hard words whose first appearance is not in bold (where the explanation stands)."""
    text = "\n".join(sentence for item in points for sentence in item.sentences)
    problems = []
    for word in HARD_WORDS:
        match = re.search(rf"(\*\*)?\b{re.escape(word)}\b", text, re.IGNORECASE)
        if match is None:
            problems.append(f"'{word}' is never used")
        elif not match.group(1):
            problems.append(f"'{word}' is first used without being bold and explained: …{text[match.start() :][:60]}")
    return problems
