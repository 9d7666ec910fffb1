"""The personal-data guard: each kind found and masked, allowed names passed, clean prose left alone."""

from __future__ import annotations

import pandas as pd
import pytest

from rssreview.privacy import Finding, PersonalDataError, guard, load_public_figures, scan_frame, scan_text

NO_PUBLIC = ()


def kinds(text: str, pseudonyms=(), public_figures=NO_PUBLIC) -> list[tuple[str, str]]:
    return [
        (f.kind, f.snippet) for f in scan_text(text, where="t", pseudonyms=pseudonyms, public_figures=public_figures)
    ]


# NHS numbers with a valid modulus-11 check digit, in each accepted layout.
@pytest.mark.parametrize("text", ["9434765919", "943 476 5919", "943-476-5919", "ref 4010232137.", "943 476-5919"])
def test_valid_nhs_numbers_are_found_and_masked(text):
    found = kinds(text)
    assert len(found) == 1 and found[0][0] == "NHS number"
    assert "476" not in found[0][1] and "5919" not in found[0][1] and "2137" not in found[0][1]


@pytest.mark.parametrize(
    "text",
    [
        "9434765918",  # wrong check digit
        "1000000010",  # check digit would be 10: never issued
        "94347659190",  # eleven digits
    ],
)
def test_invalid_or_malformed_nhs_numbers_are_not_flagged(text):
    assert kinds(text) == []


def test_nhs_number_snippet_keeps_only_the_first_three_digits():
    assert kinds("NHS 943 476 5919") == [("NHS number", "943 *** ****")]


@pytest.mark.parametrize(
    ("text", "snippet"),
    [
        ("lives at SW1A 1AA now", "SW1A ***"),
        ("moved to M1 1AE.", "M1 ***"),
        ("postcode B338TH", "B33 ***"),
    ],
)
def test_full_postcodes_are_found(text, snippet):
    assert kinds(text) == [("postcode", snippet)]


@pytest.mark.parametrize("text", ["services in the SW1A area", "the M62 corridor", "measure MHS76 2020"])
def test_outward_codes_and_measure_ids_are_not_postcodes(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "DOB: 03/05/1990",
        "d.o.b. 3.5.90",
        "Date of birth 1990-05-03",
        "she was born on 3rd May 1990",
        "born March 3, 1990",
    ],
)
def test_dates_of_birth_are_found(text):
    found = kinds(text)
    assert [k for k, _ in found] == ["date of birth"]
    assert "1990" not in found[0][1] and "90" not in found[0][1]


@pytest.mark.parametrize("text", ["published on 03/05/2022", "a scheme born out of the 2011 review"])
def test_dates_without_birth_words_are_not_flagged(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    ["07700 900123", "020 7946 0000", "0161 496 0000", "+44 7700 900123", "+44 (0)20 7946 0000", "01632 960 001"],
)
def test_uk_phone_numbers_are_found(text):
    found = kinds(f"call {text} today")
    assert [k for k, _ in found] == ["phone number"]
    assert text[-4:] not in found[0][1]


def test_email_addresses_are_found_with_the_mailbox_masked():
    assert kinds("write to jane.doe@example.org.") == [("e-mail address", "j***.***@example.org")]


@pytest.mark.parametrize(
    ("text", "snippet"),
    [
        ("seen by Mr Smith on the ward", "Mr S****"),
        ("Mrs Jane Doe complained", "Mrs J*** D**"),
        ("Dr. Patel reviewed it", "Dr P****"),
        ("a young man called Kwame was moved", "K****"),
        ("a woman named Ngozi Okafor", "N**** O*****"),
        ("Sarah Jones was restrained", "S**** J****"),
        ("staff told Oliver that", "O*****"),
    ],
)
def test_personal_names_are_found_and_masked(text, snippet):
    assert kinds(text) == [("personal name", snippet)]


def test_pseudonyms_are_allowed():
    text = "Sarah was secluded; Mr Smith was not."
    assert kinds(text, pseudonyms=["Sarah", "Mr Smith"]) == []
    assert [s for _, s in kinds(text, pseudonyms=["Sarah"])] == ["Mr S****"]


def test_public_figures_are_allowed_with_or_without_title():
    text = "Baroness Hollins' Oversight Panel and Dr Hollins"
    assert [s for _, s in kinds(text)] == ["Baroness H******", "Dr H******"]
    assert kinds(text, public_figures=["Baroness Sheila Hollins"]) == []


def test_public_figures_are_read_from_the_table(tmp_path):
    table = tmp_path / "public_figures.csv"
    table.write_text("name,role,source_url\nBaroness Hollins,Chair,https://example.org\n", encoding="utf-8")
    assert load_public_figures(table) == ["Baroness Hollins"]
    assert load_public_figures(tmp_path / "absent.csv") == []
    (tmp_path / "bad.csv").write_text("who,role\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.csv, header: expected a column 'name'"):
        load_public_figures(tmp_path / "bad.csv")


CLEAN_PROSE = """\
The Minister of State for Care wrote to the Care Quality Commission in July 2021 accepting every recommendation.
NHS England, Health Education England and the Department of Health and Social Care each lead on some of them.
Mencap and the Challenging Behaviour Foundation told us that families still wait too long for a response.
We found that 2,080 people with a learning disability or autistic people were in hospital in September 2021.
Providers reported fewer uses of prone restraint, although some wards submitted no data for three months.
The Oversight Panel met in March 2022. Independent Care (Education) and Treatment Reviews continued online.
Since the report called Out of Sight was published, local areas have set up dynamic support registers.
Staff at St Thomas' Hospital and Queen Elizabeth Hospital joined the Oliver McGowan Mandatory Training.
The Lord Chancellor and the Chief Inspector of Hospitals gave evidence; Person A's family was consulted.
Data for 1 April 2021 to 31 March 2022 cover 943 providers, 476 wards and 5,919 incidents (MHS76, MHS77).
"""


def test_realistic_regulator_prose_has_no_findings():
    assert kinds(CLEAN_PROSE, pseudonyms=["Person A"]) == []


def test_text_findings_name_the_line():
    findings = scan_text("first line\nseen by Mr Smith", where="notes.md", pseudonyms=(), public_figures=NO_PUBLIC)
    assert [str(f) for f in findings] == ["notes.md, line 2: possible personal name Mr S****"]


def test_frame_findings_name_file_row_and_column():
    frame = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "summary": ["fine", None, "Mrs Jane Doe, DOB 03/05/1990"],
            "note": ["943 476 5919", "ok", "ok"],
        }
    )
    findings = scan_frame(
        frame, file="data/evidence/evidence.csv", columns=["summary", "note"], pseudonyms=(), public_figures=NO_PUBLIC
    )
    assert findings == [
        Finding("data/evidence/evidence.csv", 2, "note", "NHS number", "943 *** ****"),
        Finding("data/evidence/evidence.csv", 4, "summary", "personal name", "Mrs J*** D**"),
        Finding("data/evidence/evidence.csv", 4, "summary", "date of birth", "DOB **/**/****"),
    ]
    assert str(findings[0]) == "data/evidence/evidence.csv, row 2, column note: possible NHS number 943 *** ****"


def test_frame_scan_reports_missing_columns():
    with pytest.raises(ValueError, match=r"t.csv, header: expected a column 'summary', found none"):
        scan_frame(pd.DataFrame({"a": []}), file="t.csv", columns=["summary"], pseudonyms=())


def test_guard_raises_one_line_per_finding_and_passes_when_clean():
    guard([])
    findings = [
        Finding("a.csv", 2, "summary", "postcode", "SW1A ***"),
        Finding("a.csv", 5, "note", "e-mail address", "j***@example.org"),
    ]
    with pytest.raises(PersonalDataError) as err:
        guard(findings)
    assert str(err.value).splitlines() == [
        "a.csv, row 2, column summary: possible postcode SW1A ***",
        "a.csv, row 5, column note: possible e-mail address j***@example.org",
    ]
    assert isinstance(err.value, ValueError)


def test_a_pseudonym_does_not_allow_a_full_name_that_starts_with_it():
    from rssreview import privacy

    found = privacy.scan_text("Mrs Jane Doe was moved again.", where="t", pseudonyms={"Jane"}, public_figures=[])
    assert any(f.kind == "personal name" for f in found), found


# --- forms the guard once missed, and what it must allow (issue 14) --------------------------

MISSED_FORMS = [
    ("943.476.5919", "NHS number"),
    ("943/476/5919", "NHS number"),
    ("NHS 943 476\n5919", "NHS number"),
    ("9434765\n919 on file", "NHS number"),
    ("943\u00a0476\u00a05919", "NHS number"),
    ("943\u200b476\u200b5919", "NHS number"),
    ("９４３ ４７６ ５９１９", "NHS number"),
    ("lives at sw1a 1aa", "postcode"),
    ("moved to m1\u00a01ae", "postcode"),
    ("write to jane (at) example.org", "e-mail address"),
    ("jane [at] example [dot] org", "e-mail address"),
    ("jane＠example.org", "e-mail address"),
    ("JANE@EXAMPLE.ORG", "e-mail address"),
    ("she was born in February 1990", "date of birth"),
    ("BORN 3 MAY 1990", "date of birth"),
    ("call 0044 7700 900123", "phone number"),
    ("call 07700\u2009900\u2009123", "phone number"),
    ("call 0770\n0 900123", "phone number"),
    ("Priya Patel was restrained", "personal name"),
    ("JOHN SMITH was secluded", "personal name"),
    ("MRS JANE DOE complained", "personal name"),
    ("staff said Ayesha Khan", "personal name"),
]


@pytest.mark.parametrize(("text", "kind"), MISSED_FORMS)
def test_the_forms_once_missed_are_found(text, kind):
    assert [k for k, _ in kinds(text)] == [kind], kinds(text)


def test_findings_name_the_line_of_the_original_text():
    findings = scan_text(
        "first\nsecond NHS 943 476\n5919\nfourth", where="index.md", pseudonyms=(), public_figures=NO_PUBLIC
    )
    assert [str(f) for f in findings] == ["index.md, line 2: possible NHS number 943 *** ****"]


@pytest.mark.parametrize(
    "text",
    [
        "the Oliver McGowan training",
        "The Oliver McGowan Mandatory Training on Learning Disability and Autism",
        "call CQC on 03000 616161",
        "call +44 3000 616161",
        "CQC, Citygate, Gallowgate, Newcastle upon Tyne NE1 4PA",
        "ne1 4pa",
        "write to enquiries@cqc.org.uk",
        "ENQUIRIES@CQC.ORG.UK",
        "Dr Barnardo's",
        "Barnardo's said",
    ],
)
def test_published_contacts_and_named_programmes_are_allowed(text):
    assert kinds(text) == []


def test_an_allowed_programme_does_not_allow_part_of_its_name():
    assert [k for k, _ in kinds("staff told Oliver that")] == ["personal name"]
    assert [k for k, _ in kinds("Dr Barnardo's and Dr Patel")] == ["personal name"]


def test_a_one_megabyte_cell_is_scanned_in_one_pass():
    """No timing assertion (benchmarks do timing): the scan of a 1 MB cell full of findings finishes and finds
    every one, which the old quadratic scan could not do in minutes."""
    unit = "Call 07700 900123 or jane@example.org; NHS 943 476 5919; SW1A 1AA; Mrs Jane Doe. The ward was calm. "
    copies = 1024 * 1024 // len(unit)
    frame = pd.DataFrame({"summary": [unit * copies]})
    findings = scan_frame(frame, file="big.csv", columns=["summary"], pseudonyms=(), public_figures=NO_PUBLIC)
    assert len(findings) == 5 * copies
    assert {f.kind for f in findings} == {"phone number", "e-mail address", "NHS number", "postcode", "personal name"}


def test_normalise_gives_one_spelling_and_keeps_where_each_character_came_from():
    from rssreview.privacy import normalise

    text, origin = normalise("Мr\u00a0\u00a0Ѕmith &#64; ９４３–٤٧٦\u200b·x")
    assert text == "Mr Smith @ 943-476.x"
    assert list(origin) == [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25]


def test_a_paragraph_break_ends_a_number_but_a_line_break_does_not():
    """Chart labels and table cells reach the guard as paragraphs ("0\\n\\n1,000\\n\\n2,000"): never one number."""
    assert kinds("NHS 943 476\n5919") == [("NHS number", "943 *** ****")]
    assert kinds("axis 0\n\n1,000\n\n2,000\n\n3\n\n3 people") == []
    assert kinds("recommendations 12, 13, 14, 15, 16 and 17") == []


@pytest.mark.parametrize(
    "text",
    ["Building the Right Support was born in October 2015.", "The scheme was born on 1 April 2015."],
)
def test_a_programme_born_on_a_date_is_not_a_date_of_birth(text):
    assert kinds(text) == []
    assert [k for k, _ in kinds(text.replace("Building the Right Support", "She").replace("The scheme", "He"))] == [
        "date of birth"
    ]
