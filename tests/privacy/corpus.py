"""The privacy guard's corpus: forms of personal data it must catch, and public text it must pass.

`PERSONAL` holds every form the issue-22 review tried (42 of its 79 were missed then) and more:
each entry is a sentence with one datum and the kind the guard must name. `PUBLIC` holds text
that looks like personal data but is not: programme names, legal references, published
contacts, counts, years, report dates, a programme "born in October 2015". `measure` scans both
with the guard's real allowed list (the project's pseudonyms, public figures and published
contacts), and `make test` prints the result (tests/conftest.py).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from rssreview import privacy
from rssreview.paths import EVIDENCE

PERSONAL: list[tuple[str, str]] = [
    # NHS numbers: valid check digit, any separator or grouping.
    ("NHS number 9434765919 on file", "NHS number"),
    ("NHS number 943 476 5919", "NHS number"),
    ("NHS number 943-476-5919", "NHS number"),
    ("NHS number 943–476–5919 (en dashes)", "NHS number"),
    ("NHS number 943—476—5919 (em dashes)", "NHS number"),
    ("NHS number 943−476−5919 (minus signs)", "NHS number"),
    ("NHS number 943_476_5919", "NHS number"),
    ("NHS number 943,476,5919", "NHS number"),
    ("NHS number 943:476:5919", "NHS number"),
    ("NHS number 943·476·5919", "NHS number"),
    ("NHS number (943) 476 5919", "NHS number"),
    ("NHS number 9434 765 919", "NHS number"),
    ("NHS number 943 476 59 19", "NHS number"),
    ("NHS number 943.476.5919", "NHS number"),
    ("NHS number 943/476/5919", "NHS number"),
    ("NHS number 943 476\n5919, split over two lines", "NHS number"),
    ("NHS number ９４３ ４７６ ５９１９ in full-width digits", "NHS number"),
    ("NHS number 943\u200b476\u200b5919 with zero-width spaces", "NHS number"),
    ("NHS number 943\u00a0476\u00a05919 with no-break spaces", "NHS number"),
    ("NHS number 9 4 3 4 7 6 5 9 1 9 spelled out", "NHS number"),
    ("NHS number ٩٤٣٤٧٦٥٩١٩ in Arabic-Indic digits", "NHS number"),
    ("ref 401 023 2137.", "NHS number"),
    # Phone numbers, UK and international, in any layout.
    ("call 07700 900123 today", "phone number"),
    ("call 07700–900–123 today", "phone number"),
    ("call 07700/900/123 today", "phone number"),
    ("call 44 20 7946 0958 today", "phone number"),
    ("call 0 7700 900 123 today", "phone number"),
    ("call +44 (0)20 7946 0958 today", "phone number"),
    ("call 0044 7700 900123 today", "phone number"),
    ("call (020) 7946 0958 today", "phone number"),
    ("call 020-7946-0958 today", "phone number"),
    ("call 020.7946.0958 today", "phone number"),
    ("call 07700900123 today", "phone number"),
    ("call 0161 496 0000 today", "phone number"),
    ("call 01632 960 001 today", "phone number"),
    ("call 07700\u2009900\u2009123 today", "phone number"),
    ("call +33 1 23 45 67 89 in France", "phone number"),
    ("call +1 202-555-0143 in the US", "phone number"),
    ("call ０７７００ ９００１２３ today", "phone number"),
    # Postcodes in any spacing, case or joiner.
    ("lives at SW1A 1AA now", "postcode"),
    ("lives at SW1A-1AA now", "postcode"),
    ("lives at SW1A1AA now", "postcode"),
    ("lives at sw1a 1aa now", "postcode"),
    ("moved to M1  1AE.", "postcode"),
    ("moved to ec1a–1bb.", "postcode"),
    ("postcode B338TH", "postcode"),
    ("postcode LS1\u00a04DY", "postcode"),
    # E-mail addresses: internationalised, encoded, quoted and obfuscated.
    ("write to jane.doe@example.org.", "e-mail address"),
    ("write to josé.garcía@exämple.org", "e-mail address"),
    ("write to jo%40example.org", "e-mail address"),
    ('write to "jo doe"@example.org', "e-mail address"),
    ("write to “jo doe”@example.org", "e-mail address"),
    ("write to jo at example dot org", "e-mail address"),
    ("write to jo [at] example [dot] org", "e-mail address"),
    ("write to jo (at) example (dot) org", "e-mail address"),
    ("write to jo{at}example.org", "e-mail address"),
    ("write to jo＠example.org", "e-mail address"),
    ("write to JO@EXAMPLE.ORG", "e-mail address"),
    ("write to jo&#64;example.org", "e-mail address"),
    ("write to 用户@例子.广告", "e-mail address"),
    ("write to jo_doe+care@example.co.uk", "e-mail address"),
    ("write to jo @ example . org", "e-mail address"),
    ("write to jo AT example DOT org", "e-mail address"),
    # Dates of birth near a birth word.
    ("DOB: 03/05/1990", "date of birth"),
    ("birth date: 01/02/1990", "date of birth"),
    ("DOB 01 02 1990", "date of birth"),
    ("b. 01/02/1990", "date of birth"),
    ("DOB 1 Feb '90", "date of birth"),
    ("date of birth 2 February 90", "date of birth"),
    ("D.O.B. 01.02.1990", "date of birth"),
    ("d.o.b. 3.5.90", "date of birth"),
    ("DoB: 1990-02-01", "date of birth"),
    ("she was born on 3rd May 1990", "date of birth"),
    ("she was born in February 1990", "date of birth"),
    ("born March 3, 1990", "date of birth"),
    ("Date of Birth – 01-02-1990", "date of birth"),
    ("BORN 3 MAY 1990", "date of birth"),
    ("birthday 3 May 1990", "date of birth"),
    ("01/02/1990 (DOB)", "date of birth"),
    ("DOB: 1990", "date of birth"),
    ("date of birth: February 1, 1990", "date of birth"),
    ("ＤＯＢ ０１／０２／１９９０", "date of birth"),
    # Names after a title, in any script and case, and names the lists know.
    ("seen by Mr Smith on the ward", "personal name"),
    ("seen by Mr José Álvarez on the ward", "personal name"),
    ("seen by Mrs Zoë Łukasiewicz on the ward", "personal name"),
    ("seen by mr smith on the ward", "personal name"),
    ("seen by dr patel on the ward", "personal name"),
    ("seen by Mister Jones on the ward", "personal name"),
    ("Patient Kowalczyk was moved", "personal name"),
    ("seen by Mr van der Berg on the ward", "personal name"),
    ("seen by Dr de la Cruz on the ward", "personal name"),
    ("seen by Mr O'Brien on the ward", "personal name"),
    ("seen by Ms Smith-Jones on the ward", "personal name"),
    ("seen by Mr J. Smith on the ward", "personal name"),
    ("MRS JANE DOE complained", "personal name"),
    ("seen by Мr Ѕmith (Cyrillic look-alikes)", "personal name"),
    ("seen by Dr Иванов on the ward", "personal name"),
    ("seen by Dr Παπαδόπουλος on the ward", "personal name"),
    ("seen by Miss Ngozi Okafor on the ward", "personal name"),
    ("seen by Ｍｒ Ｓｍｉｔｈ on the ward", "personal name"),
    ("seen by Mr. Smith on the ward", "personal name"),
    ("seen by mrs o'brien on the ward", "personal name"),
    ("seen by Mr S\u200bmith on the ward", "personal name"),
    ("seen by Mx Taylor on the ward", "personal name"),
    ("Patient: Zbigniew Kowalczyk", "personal name"),
    ("Name: Zbigniew Kowalczyk", "personal name"),
    ("seen by Dr. J.R.R. Tolkien", "personal name"),
    ("notes_Mr_Smith.csv", "personal name"),
    ("seen by Herr Müller on the ward", "personal name"),
    ("seen by patient smith on the ward", "personal name"),
    ("seen by Mr 王伟 on the ward", "personal name"),
    ("JOHN SMITH was secluded", "personal name"),
    ("Priya Patel was restrained", "personal name"),
    ("a young man called Kwame was moved", "personal name"),
    ("staff told Oliver that", "personal name"),
]

PUBLIC: list[str] = [
    "Building the Right Support was born in October 2015.",
    "The national plan Building the Right Support was born in October 2015 after Winterbourne View.",
    "A scheme born out of the 2011 review.",
    "Aftercare under section 117 of the Mental Health Act 1983 is free.",
    "The Mental Health Units (Use of Force) Act 2018 and the Care Act 2014 apply.",
    "Regulation 13 of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014.",
    "Call NHS 111, or 999 in an emergency.",
    "Call CQC on 03000 616161 or write to enquiries@cqc.org.uk.",
    "CQC, Citygate, Gallowgate, Newcastle upon Tyne NE1 4PA",
    "We found that 2,080 people with a learning disability or autistic people were in hospital.",
    "2,395 people in March 2015, 2,080 in September 2021 and 2,905 revised.",
    "Data for 1 April 2021 to 31 March 2022 cover 943 providers, 476 wards and 5,919 incidents.",
    "Published on 22 October 2020; the progress report followed in March 2022 (22/03/2022).",
    "The figures for 2019, 2020 and 2021, and for 2020-21 and 2021-22.",
    "Between 2015-16 and 2021-22 the number fell by 12.5%, 13.4% and 14.1%.",
    "Staff at St Thomas' Hospital joined the Oliver McGowan Mandatory Training on Learning Disability and Autism.",
    "The Lord Chancellor and the Chief Inspector of Hospitals gave evidence.",
    "Dr Barnardo's and Mencap told us that families wait too long.",
    "We miss the point if patient safety is measured by incidents alone.",
    "The Patient Safety Incident Response Framework replaced the old one.",
    "Services in the SW1A area and the M62 corridor; measure MHS76 2020.",
    "Independent Care (Education) and Treatment Reviews continued online.",
    "Stopping over medication of people with a learning disability, autism or both (STOMP).",
    "Out of sight – who cares? Restraint, segregation and seclusion review.",
    "The report is available at gov.uk and at cqc.org.uk.",
    "A page loads in under 300 ms on a phone.",
    "Web Content Accessibility Guidelines (WCAG) version 2.2, level AA.",
    "See figures 3.1, 3.2 and 3.3 and table 10.",
    "Recommendations 1, 2, 3, 4, 5, 6, 7, 8, 9 and 10 were rated.",
    "Rated: 0 achieved; 4 partly achieved; 13 not achieved; 0 not rated.",
    "The Learning Disability Mortality Review (LeDeR) programme began in 2017.",
    "Transforming Care and the Oversight Panel met in March 2022.",
    "Person A's family was consulted; Anna was held in long-term segregation.",
    "A young person called the helpline at 2am.",
    "People in hospital at the end of April 2021 by diagnosis: 875; 635; 515.",
    "116 of 151 areas had been inspected by 31 March 2021, and 59 needed a written statement of action.",
    "An independent rebuild, not an official CQC publication, from public sources.",
    "The review was published on 22/10/2020 and revised on 2026-12-02.",
    "Name: Care Quality Commission. The name of the programme is Transforming Care.",
    "In April 2021 the Department of Health and Social Care published its response.",
    "The Oversight Panel, chaired by the Minister of State for Care, met 12 times.",
]


@dataclass(frozen=True)
class Measure:
    """How the guard did on the corpus."""

    caught: int
    personal: int
    false_alarms: int
    public: int
    missed: list[str]
    alarms: list[str]

    @property
    def recall(self) -> float:
        return self.caught / self.personal

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.public

    def summary(self) -> str:
        return (
            f"privacy guard corpus: recall {self.recall:.1%} ({self.caught} of {self.personal} forms of personal "
            f"data caught); false alarms {self.false_alarm_rate:.1%} ({self.false_alarms} of {self.public} "
            "public look-alikes)"
        )


def allowed() -> privacy.Allowed:
    """The project's real allowed list: its pseudonyms (and "Person A", as reports write them), no public figures
    (a corpus name must not pass for being famous), and the published contacts and programmes."""
    with (EVIDENCE / "pseudonyms.csv").open(encoding="utf-8", newline="") as handle:
        pseudonyms = [row["pseudonym"] for row in csv.DictReader(handle)]
    return privacy.allowed_list([*pseudonyms, "Person A"], public_figures=[])


def measure() -> Measure:
    """Scan the corpus with the project's real allowed list; a form counts as caught when the guard names its
    kind, and a public text as a false alarm when the guard names anything in it."""
    allowed_now = allowed()
    missed = [
        text
        for text, kind in PERSONAL
        if kind not in {f.kind for f in privacy.scan_text(text, where="corpus", allowed=allowed_now)}
    ]
    alarms = [
        f"{text!r}: {[str(f) for f in found]}"
        for text in PUBLIC
        if (found := privacy.scan_text(text, where="corpus", allowed=allowed_now))
    ]
    return Measure(len(PERSONAL) - len(missed), len(PERSONAL), len(alarms), len(PUBLIC), missed, alarms)
