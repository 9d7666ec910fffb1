"""The word lists the name and date-of-birth detectors use, each in one place.

Names are hard to tell from words. A name is suspected after a personal title, after "named" or
"called", when it holds a common first name, or when a common surname follows another name-like
word; the other lists here say when such a run of words is something else (an office, a place, an
organisation, a programme, a date).
"""

from __future__ import annotations

#: Titles that always introduce a person, in any case ("mr smith", "DR PATEL").
TITLES = frozenset("mr mrs ms mx dr mister mrs. mr. ms. dr. messrs".split())
#: Titles that are also everyday words ("miss the point", "patient safety"): a person only when written with
#: a capital and followed by a capitalised name.
CAPITAL_TITLES = frozenset(
    """
    Miss Patient Master Madam Madame Mme Mlle Sir Dame Lord Lady Baroness Baron Professor Prof Rev Revd
    Herr Frau Señor Señora Senhor Senhora Monsieur Signor Signora
    """.split()
)
#: Labels of a record that introduce a name when followed by a colon ("Name: Zbigniew Kowalczyk").
NAME_LABELS = frozenset(
    (
        "name",
        "full name",
        "patient name",
        "client",
        "client name",
        "service user",
        "resident",
        "next of kin",
        "surname",
        "forename",
        "first name",
        "family name",
        "carer",
    )
)

#: Small words inside a surname ("van der Berg", "de la Cruz", "bin Rashid", "O'Brien" is one word).
PARTICLES = frozenset(
    "van von der den de del della di da das dos du la le el al bin ibn ben bint abu ter ten mac mc st ste".split()
)

#: Common UK first names that are not also everyday words (no May, Will, Grace, Mark...), from the many
#: backgrounds of people in England.
FIRST_NAMES = frozenset(
    """
    Oliver George Harry Noah Charlie Jacob Thomas Oscar William James Leo Alfie Henry Joshua Freddie Archie
    Ethan Isaac Alexander Joseph Edward Samuel Daniel Arthur Lucas Mohammed Muhammad Theo Harrison David John
    Michael Paul Andrew Peter Richard Christopher Matthew Stephen Simon Gareth Darren Craig Wayne Kevin
    Olivia Amelia Isla Ava Emily Isabella Mia Poppy Ella Lily Sophia Sophie Evie Jessica Chloe Charlotte
    Sarah Emma Hannah Laura Rebecca Rachel Lucy Katie Amy Jane Susan Margaret Elizabeth Helen Karen Julie
    Claire Nicola Louise Michelle Gemma Mary Patricia Linda Deborah Tracey Joanne Kirsty Siobhan Aisha Fatima
    Priya Aarav Arjun Rahul Ravi Sanjay Anil Vijay Sunil Rajesh Sunita Anita Deepak Pooja Neha Asha Meera Kiran
    Amir Omar Yusuf Ibrahim Hassan Hussein Bilal Imran Tariq Zainab Ayesha Maryam Nadia Yasmin Khadija Aaliyah
    Kwame Kofi Chidi Ngozi Tunde Femi Chinedu Adebayo Oluwaseun Abdul Abdullah Ahmed Mustafa Kamal Farah
    Piotr Tomasz Marek Agnieszka Katarzyna Andrei Ioana Mihai Niamh Aoife Ciaran Sean Connor Liam
    Ryan Luke Adam Nathan Jamie Kieran Callum Tyler Bradley Dylan Jayden Zara Megan Leah Erin Abigail Freya
    Phoebe Millie Ellie Alice Matilda Harriet Robert Brian Gary Ian Keith Neil Graham Colin Barry Nigel
    Trevor Alan Philip Anthony Tony Steven Jason Shaun Jennifer Nicole Samantha Stacey Donna Lisa Angela
    Alison Catherine Caroline Natalie Zoe Kerry Leanne Jenny Fiona Janet Pauline Sandra Barbara Dorothy
    Eileen Brenda Maureen Irene Beverley Wendy Diane Lorraine Julia Wei Ming Xin Hui Yan Jun Mei Ling Hiroshi
    """.split()
)

#: Common surnames that are not everyday English words (no Green, King, Hill, Baker...).
SURNAMES = frozenset(
    """
    Smith Jones Williams Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker
    Edwards Hughes Lewis Harris Clarke Patel Jackson Martin Morris Moore Clark Harrison Morgan Allen James
    Scott Phillips Watson Davis Parker Bennett Griffiths Mitchell Kelly Richardson Bailey Collins Murphy
    Miller Richards Khan Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Ali
    Hussain Campbell Matthews Owen Holmes Barnes Lloyd Russell Barker Stevens Jenkins Murray Dixon Harvey
    Ahmed Shah Kaur Chowdhury Rahman Akhtar Iqbal Mahmood Okafor Mensah Nguyen Kowalski Nowak Doe Brown
    Zhang Wang Chen Liu Sharma Gupta Kumar Mohamed Hassan Ibrahim Okoro Adeyemi Boateng Osei Byrne
    """.split()
)

#: Words after a title that make it an office, not a person ("Lord Chancellor", "Lady Justice").
OFFICES = frozenset("Chancellor Chief Justice Lieutenant Mayor Speaker Advocate President Bishop".split())

#: Words that turn a run of capitalised words into an organisation, building, place or programme.
PLACE_WORDS = frozenset(
    """
    Hospital Hospitals House Centre Center Unit Ward Wards Lodge Court Road Street Lane Avenue Close Trust
    Foundation School College University Clinic Clinics Healthcare Care Group Practice Surgery Hall Park
    Place Square Gardens Way Drive Service Services Partnership Council Society Institute Academy Review
    Panel Report Programme Team Board Commission Church Chapel Bridge Station Training Act Bill Award Fund
    Strategy Plan Memorial Lecture
    """.split()
)

#: Words that make the subject of "was born in" a programme or an organisation, not a person.
PROGRAMME_WORDS = PLACE_WORDS | frozenset(
    """
    Support Initiative Scheme Project Campaign Network Charter Pledge Framework Policy Movement Alliance
    Agreement Model Approach Pathway Standard Standards Guidance Register Pilot Collaborative Forum Coalition
    programme initiative scheme project campaign network charter pledge framework policy movement idea service
    organisation charity group partnership alliance plan strategy review model approach pathway register pilot
    """.split()
)

#: Words before a first name that make it part of a place name ("St Thomas", "Queen Elizabeth").
PLACE_PREFIXES = frozenset("St Saint Queen King Prince Princess Port Fort Mount".split())

#: Capitalised words after "called"/"named" that are not personal names.
NOT_NAMES = PLACE_WORDS | frozenset(
    """
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An Our My Your Right Building Transforming
    Stopping Supporting Time Home Safe Mental Health Learning Autism Restraint Seclusion Segregation
    Oversight Independent National England English Positive Behaviour Support Reducing Restrictive
    Safety Experience Records Record Voice Voices Advice Liaison Participation Information Led Centred
    Outcome Outcomes Rights Transport Flow Level Levels Feedback Pathway Safeguarding
    """.split()
)

#: Small words that join the words of a title ("Out of Sight"), so a capitalised word after them continues it.
TITLE_JOINERS = frozenset("of and & for in on the to".split())

#: Capitalised words that start sentences or name things, never the first half of a personal name.
NOT_FORENAMES = frozenset(
    """
    The This That These Those In On At For From By With Without As If When Where While After Before Since
    Until Although Though But And Or So Yet Nor It Its We Our They Their He She His Her You Your Some Many
    Most All Each Every No One Two Three Both Such Other Another Only Also Even Still Then Now Here There
    What Which Who Whom Whose Why How Because Under Over Between Among Through During Into Upon Across
    Against Along Around Behind Below Beside Beyond Despite Except Inside Near Outside Per Plus Towards
    Unlike Via Within New Old Great Little Local Royal British English National Regional North South East
    West Northern Southern Eastern Western Central Greater Upper Lower General Special Senior Junior Chief
    Deputy Assistant Acting Interim Former Late Dear Thanks Thank See Source Sources Table Figure Chapter
    Recommendation Recommendations Note Notes Mental Health Learning Disability Autism Autistic Care
    """.split()
)

#: Month names and their short forms, some of which are also first names (June, May, April, Jun, Jan).
MONTHS = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split()
MONTH_WORDS = frozenset(MONTHS)
