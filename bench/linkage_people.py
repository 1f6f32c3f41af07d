"""Labelled person records for bench/linkage.py: invented people recorded by several members.

Names are random combinations of the name parts in ``screening_names`` (common Latin spellings
beside the original script, Zipf-skewed so namesakes are as frequent as in real populations),
built by the naming traditions of ``screening_data`` (Persian and Afghan, Burmese without family
name, Rohingya and Bengali, Tamil, Sinhala, Vietnamese, Chinese family-first...), weighted towards
the region's migration routes. Each source state keeps its own conventions (``STATES``):

* AUS: split given/family columns, ISO dates, alpha-3 nationality, ``M``/``F``.
* THA: ``FAMILY, Given``, day-first ``dd/mm/yyyy`` dates, English country names.
* IDN: ``Given Family`` in title case, dotted ``dd.mm.yyyy`` dates or the year only, alpha-2.
* MYS: upper case, month-first ``mm/dd/yyyy`` dates (mostly ambiguous: inferred), alpha-3.
* LKA: the original script where the tradition has one, ISO dates or year, demonyms.
* BGD: upper case in the tradition's own order, ``12 Mar 1990`` dates, English names.

Noise: transliteration variants, typos, dropped middle names, honorifics, order swaps, a clerk
writing one date in the other order, a year off by one, document numbers mistyped (a digit
dropped or changed, two transposed, OCR confusables O/0 I/1 S/5 B/8, spaces) or renewed (another
number), sparse records (name and one other field), and the given and family columns swapped.
Hard negatives: siblings and twins (same family name, nationality and place, close or equal birth
dates, other given names and documents) and namesakes from the common parts.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import pycountry

import screening_data as sd
import screening_real as real
from linkage_data import maybe, spelling, typo
from screening_names import Part

# The region's routes: (tradition, weight, birth places).
ORIGINS = [
    ("persian", 24, ["KABUL", "HERAT", "KANDAHAR", "JALALABAD", "MAZAR I SHARIF", "QUETTA"]),
    ("burmese", 14, ["YANGON", "SITTWE", "MAWLAMYINE", "MANDALAY", "MAUNGDAW", "PATHEIN"]),
    ("bengali", 12, ["COX S BAZAR", "TEKNAF", "CHATTOGRAM", "DHAKA", "MAUNGDAW"]),
    ("tamil", 8, ["JAFFNA", "TRINCOMALEE", "BATTICALOA", "MANNAR"]),
    ("sinhala", 5, ["NEGOMBO", "CHILAW", "COLOMBO", "GALLE"]),
    ("vietnamese", 10, ["HANOI", "HAI PHONG", "DA NANG", "HUE", "VINH"]),
    ("chinese", 7, ["FUZHOU", "WENZHOU", "GUANGZHOU", "XIAMEN"]),
    ("arabic", 10, ["BAGHDAD", "BASRA", "MOSUL", "DAMASCUS", "ALEPPO"]),
    ("khmer", 3, ["PHNOM PENH", "SIEM REAP", "BATTAMBANG"]),
    ("indonesian", 4, ["KUPANG", "MAKASSAR", "SURABAYA"]),
    ("malay", 3, ["KUALA LUMPUR", "JOHOR BAHRU", "PENANG"]),
]
# Further birthplaces of each origin (``realistic=True`` only): people are born in hundreds of
# districts, not in five towns, so a namesake's birthplace agrees far less often.
MORE_PLACES = {
    "persian": ["GHAZNI", "KUNDUZ", "BAMYAN", "LASHKAR GAH", "CHARIKAR", "PUL I KHUMRI", "FARAH",
                "KHOST", "GARDEZ", "MAIDAN SHAHR", "SHIBERGHAN", "TALOQAN", "PESHAWAR", "MASHHAD"],
    "burmese": ["BAGO", "MYEIK", "DAWEI", "LASHIO", "MONYWA", "MAGWAY", "PYAY", "HPA AN",
                "MYITKYINA", "TAUNGGYI", "KYAUKPYU", "HINTHADA"],
    "bengali": ["BUTHIDAUNG", "UKHIA", "COMILLA", "SYLHET", "KHULNA", "BARISAL", "NOAKHALI",
                "FENI", "RATHEDAUNG", "BANDARBAN"],
    "tamil": ["VAVUNIYA", "KILINOCHCHI", "MULLAITIVU", "POINT PEDRO", "CHAVAKACHCHERI",
              "KALMUNAI", "VALVETTITHURAI", "PUTTALAM"],
    "sinhala": ["KURUNEGALA", "KANDY", "MATARA", "KALUTARA", "RATNAPURA", "ANURADHAPURA",
                "HAMBANTOTA", "MARAWILA", "WENNAPPUWA"],
    "vietnamese": ["THANH HOA", "NGHE AN", "HA TINH", "QUANG BINH", "NAM DINH", "THAI BINH",
                   "QUANG NINH", "CAN THO", "HO CHI MINH CITY", "NHA TRANG"],
    "chinese": ["FUQING", "CHANGLE", "LIANJIANG", "QUANZHOU", "SHANTOU", "MEIZHOU", "JIANGMEN"],
    "arabic": ["KIRKUK", "NAJAF", "KARBALA", "ERBIL", "HOMS", "HAMA", "DEIR EZ ZOR", "RAQQA",
               "NASIRIYAH", "AMARAH"],
    "khmer": ["KAMPONG CHAM", "KAMPOT", "TAKEO", "KAMPONG THOM", "PREY VENG", "SVAY RIENG"],
    "indonesian": ["MATARAM", "BIMA", "ENDE", "MAUMERE", "KENDARI", "BAUBAU", "CIREBON"],
    "malay": ["IPOH", "ALOR SETAR", "KOTA BHARU", "KUANTAN", "MELAKA", "SEREMBAN"],
}  # fmt: skip
COUNTRY_OF = {"bengali": ("BD", "MM"), "tamil": ("LK",), "arabic": ("IQ", "SY")}
PLACE_VARIANTS = {
    "YANGON": "RANGOON",
    "SITTWE": "AKYAB",
    "MAWLAMYINE": "MOULMEIN",
    "CHATTOGRAM": "CHITTAGONG",
    "COX S BAZAR": "COX'S BAZAR",
    "PATHEIN": "BASSEIN",
    "MUMBAI": "BOMBAY",
}
FAMILY_FIRST = {"chinese", "korean", "vietnamese", "khmer"}
NO_FAMILY = {"burmese", "indonesian", "bengali"}  # all parts are the name; none is inherited
DEMONYMS = {"AF": "Afghan", "IR": "Iranian", "PK": "Pakistani", "MM": "Burmese",
            "BD": "Bangladeshi", "LK": "Sri Lankan", "VN": "Vietnamese", "CN": "Chinese",
            "IQ": "Iraqi", "SY": "Syrian", "KH": "Cambodian", "ID": "Indonesian",
            "MY": "Malaysian"}  # fmt: skip
HONORIFICS = ("U", "DAW", "KO", "MAUNG", "MA", "MG")
TRADITIONS = {t.name: t for t in sd.TRADITIONS}
# Share of records that hold a name and one other field (a brief sighting report).
SPARSE = 0.06
# Share of name parts drawn from a tradition's long tail (``REAL_TAILS``) rather than from the
# hand-written head of its commonest parts (``realistic=True`` only).
TAIL_SHARE = 0.3
# Tradition -> (given-name tail, family-name tail): Faker's Latin lists of the same population
# (Pakistani lists for Afghan, Arabic and Rohingya/Bengali Muslim given names, Indian for
# Tamil). Family names of Vietnamese, Chinese, Burmese, Khmer and Sinhala have none: their few
# common family names are the reality (Nguyen is borne by two Vietnamese in five).
REAL_TAILS = {
    "persian": (("en_PK", "first_names"), ("en_PK", "last_names")),
    "arabic": (("en_PK", "first_names"), None),
    "bengali": (("en_PK", "first_names"), None),
    "tamil": (("en_IN", "first_names"), None),
    "indonesian": (("id_ID", "first_names"), None),
    "malay": (("id_ID", "first_names"), None),
    "vietnamese": (("vi_VN", "first_names_male"), None),
    "chinese": (("zh_CN", "first_names"), None),
    "sinhala": (("sinhala", "given"), ("sinhala", "family")),
}
# Faker has no Latin Sinhala list: common given names, and family names built as most are
# (Jaya + wardena, Wickrama + singhe, Guna + sekara).
SINHALA_GIVEN = ("Kamal", "Chaminda", "Nuwan", "Pradeep", "Ruwan", "Saman", "Lasantha",
    "Mahinda", "Asanka", "Dinesh", "Sampath", "Chandana", "Upul", "Nalin", "Prasanna",
    "Tharindu", "Kasun", "Lahiru", "Dilshan", "Ajith", "Roshan", "Sanjeewa", "Thilina",
    "Gayan", "Indika", "Nimali", "Kumari", "Chamari", "Dilani", "Sanduni",)  # fmt: skip
SINHALA_STEMS = ("Jaya", "Wickrama", "Guna", "Rana", "Karuna", "Sena", "Dissa", "Amara",
    "Wije", "Samara", "Abey", "Rathna", "Weera", "Dharma", "Chandra", "Ekana", "Siri", "Wanni",
    "Ediri", "Kula",)  # fmt: skip
SINHALA_ENDINGS = ("singhe", "wardena", "sekara", "ratne", "nayake", "tilleke", "suriya",
    "koon", "pala", "bandara",)  # fmt: skip


@dataclass(frozen=True)
class State:
    """A member's recording conventions."""

    name_form: str  # split, comma, given-first, upper, script, native-order
    date_style: str  # iso, day-first, dotted, month-first, iso-or-year, named
    country_form: str  # alpha2, alpha3, name, demonym
    gender_form: str  # letter, word


STATES = {
    "AUS": State("split", "iso", "alpha3", "letter"),
    "THA": State("comma", "day-first", "name", "letter"),
    "IDN": State("given-first", "dotted", "alpha2", "letter"),
    "MYS": State("upper", "month-first", "alpha3", "letter"),
    "LKA": State("script", "iso-or-year", "demonym", "word"),
    "BGD": State("native-order", "named", "name", "word"),
}


@dataclass
class Identity:
    """One invented person: the truth every record of them is drawn from."""

    entity: int
    tradition: str
    nationality: str
    gender: str
    given: list[Part]
    family: list[Part]
    birth: date
    document: str
    place: str


def make_identity(
    rng: random.Random, entity: int, sibling_of: Identity | None, realistic: bool = False
) -> Identity:
    """A new person; with ``sibling_of``, a brother, sister or twin (same family name, place and
    nationality, a birth date equal or a few years off, other given names and document).
    ``realistic`` draws a share of name parts from the tradition's real long tail and never
    gives a sibling its sibling's given names (``bench/README.md`` says why)."""
    if sibling_of is None:
        tradition, _, places = rng.choices(ORIGINS, [o[1] for o in ORIGINS])[0]
        countries = COUNTRY_OF.get(tradition, TRADITIONS[tradition].countries)
        nationality, place = rng.choice(countries), rng.choice(places)
        if realistic and rng.random() < TAIL_SHARE:  # born in one of many smaller places
            place = real.pick(rng, MORE_PLACES[tradition])
        birth = date(1955, 1, 1) + timedelta(days=rng.randrange(365 * 52))
    else:
        tradition, nationality = sibling_of.tradition, sibling_of.nationality
        place = sibling_of.place
        twin = rng.random() < 0.3
        birth = sibling_of.birth + timedelta(days=0 if twin else rng.randrange(300, 3000))
    given, family = _drawn_name(rng, tradition, realistic)
    if sibling_of is not None and sibling_of.family:
        family = sibling_of.family
    while realistic and sibling_of is not None and _primary(given) == _primary(sibling_of.given):
        given, _ = _drawn_name(rng, tradition, realistic)  # parents name two children apart
    letter = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
    document = letter + "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8))))
    gender = _gender_of(given[0] if given else family[0])
    return Identity(entity, tradition, nationality, gender, given, family, birth, document, place)


def _drawn_name(
    rng: random.Random, tradition: str, realistic: bool
) -> tuple[list[Part], list[Part]]:
    given, family = _split(tradition, TRADITIONS[tradition].build(rng))
    if not realistic or tradition not in REAL_TAILS:
        return given, family
    given_tail, family_tail = REAL_TAILS[tradition]
    return _with_tail(rng, given, given_tail), _with_tail(rng, family, family_tail)


def _with_tail(rng: random.Random, parts: list[Part], tail: tuple[str, str] | None) -> list[Part]:
    """Each part replaced, at ``TAIL_SHARE``, by one of the tradition's rarer real parts."""
    if tail is None:
        return parts
    return [real.pick(rng, _tail(*tail)) if rng.random() < TAIL_SHARE else p for p in parts]


@cache
def _tail(locale: str, attribute: str) -> list[Part]:
    if locale == "sinhala":
        return [((name,), None) for name in _sinhala(attribute)]
    if locale == "vi_VN":
        return real.vietnamese_pool(attribute)
    if locale == "zh_CN":
        return real.shuffled(real.chinese_pool(locale, attribute))
    style = {"en_PK": "south_asian", "en_IN": "south_asian", "id_ID": "indonesian"}[locale]
    return real.shuffled(real.latin_pool(locale, attribute, style))


def _sinhala(attribute: str) -> list[str]:
    if attribute == "given":
        return list(SINHALA_GIVEN)
    rank = random.Random(len(SINHALA_STEMS))  # a fixed order of frequency, as real lists have
    names = [stem + ending for stem in SINHALA_STEMS for ending in SINHALA_ENDINGS]
    rank.shuffle(names)
    return names


def _primary(parts: list[Part]) -> list[str]:
    return [part[0][0] for part in parts]


def _gender_of(first_name: Part) -> str:
    """A name is mostly borne by one gender: namesakes share it (so its agreement is weak
    evidence); which one is arbitrary here, fixed per name."""
    return "F" if zlib.crc32(first_name[0][0].encode()) % 3 == 0 else "M"


def _split(tradition: str, parts: list[Part]) -> tuple[list[Part], list[Part]]:
    if tradition in NO_FAMILY or len(parts) < 2:
        return parts, []
    if tradition in FAMILY_FIRST:
        return parts[1:], parts[:1]
    return parts[:-1], parts[-1:]


def record_of(
    rng: random.Random,
    person: Identity,
    state: str,
    record_id: str,
    sparse: float = SPARSE,
    realistic: bool = False,
) -> dict[str, str]:
    """One state's record of ``person``, in that state's conventions and with its noise;
    ``sparse`` is the share of records that hold the name and one other field only;
    ``realistic`` keeps the day and month of a year written one off."""
    conventions = STATES[state]
    row = {"record_id": record_id, "source_state": state, "full_name": "", "given_name": "",
           "family_name": ""}  # fmt: skip
    row.update(_written_name(rng, person, conventions.name_form))
    keep = rng.choice(("birth_date", "nationality")) if rng.random() < sparse else ""
    row["birth_date"] = _written_date(rng, person.birth, conventions.date_style, realistic)
    row["nationality"] = maybe(rng, 0.1, _written_country(person.nationality, conventions))
    letter = person.gender if conventions.gender_form == "letter" else None
    row["gender"] = maybe(rng, 0.15, letter or {"M": "Male", "F": "Female"}[person.gender])
    row["document_number"] = maybe(rng, 0.45, _written_document(rng, person.document))
    place = PLACE_VARIANTS.get(person.place, person.place) if rng.random() < 0.3 else person.place
    row["place_of_birth"] = maybe(rng, 0.45, typo(rng, place) if rng.random() < 0.1 else place)
    if keep:
        for column in ("birth_date", "nationality", "gender", "document_number", "place_of_birth"):
            row[column] = row[column] if column == keep else ""
    return row


def _written_name(rng: random.Random, person: Identity, form: str) -> dict[str, str]:
    given, family = list(person.given), list(person.family)
    if len(given) > 1 and family and rng.random() < 0.15:  # a middle name left out
        given.pop(rng.randrange(1, len(given)))
    scripts = [part[1] for part in given + family]
    if form == "script" and rng.random() < 0.7 and all(scripts):
        joiner = TRADITIONS[person.tradition].script_joiner
        order = family + given if person.tradition in FAMILY_FIRST else given + family
        return {"full_name": joiner.join(part[1] or "" for part in order)}
    given_text = [spelling(rng, part[0]) for part in given]
    family_text = [spelling(rng, part[0]) for part in family]
    if person.tradition == "burmese" and rng.random() < 0.3:
        given_text.insert(0, rng.choice(HONORIFICS))
    return _name_columns(rng, person, form, given_text, family_text)


def _name_columns(
    rng: random.Random, person: Identity, form: str, given: list[str], family: list[str]
) -> dict[str, str]:
    if form == "split":
        if not family:  # a name without family name in split columns: the last part taken
            given, family = given[:-1], given[-1:]
        if rng.random() < 0.05:  # the columns swapped by the clerk
            given, family = family, given
        return {"given_name": " ".join(given).title(), "family_name": " ".join(family)}
    if form == "comma" and family:
        return {"full_name": f"{' '.join(family)}, {' '.join(given).title()}"}
    native = person.tradition in FAMILY_FIRST and form in ("native-order", "script")
    swapped = rng.random() < 0.1  # order swapped, no comma
    words = family + given if native != swapped else given + family
    text = " ".join(words)
    return {"full_name": text.title() if form in ("given-first", "script") else text}


def _written_date(rng: random.Random, birth: date, style: str, realistic: bool = False) -> str:
    if rng.random() < 0.08:
        return ""
    if rng.random() < 0.03:  # a year off by one (an age converted to a year)
        # The old population also moved days 29 to 31 to the 28th: two fields changed at once.
        day = min(birth.day, 28) if not realistic or (birth.month, birth.day) == (2, 29) else None
        birth = birth.replace(year=birth.year + rng.choice((-1, 1)), day=day or birth.day)
    swapped = rng.random() < 0.03  # a clerk writing this one date in the other order
    if style == "iso":
        return birth.isoformat()
    if style in ("day-first", "month-first"):
        day_first = (style == "day-first") != swapped
        return birth.strftime("%d/%m/%Y" if day_first else "%m/%d/%Y")
    if style == "dotted":
        return str(birth.year) if rng.random() < 0.3 else birth.strftime("%d.%m.%Y")
    if style == "named":
        return birth.strftime("%d %b %Y")
    return str(birth.year) if rng.random() < 0.25 else birth.isoformat()


def _written_country(code: str, conventions: State) -> str:
    country = pycountry.countries.get(alpha_2=code)
    forms = {"alpha2": code, "alpha3": country.alpha_3, "name": country.name,
             "demonym": DEMONYMS.get(code, country.name)}  # fmt: skip
    return forms[conventions.country_form]


def _written_document(rng: random.Random, number: str) -> str:
    roll = rng.random()
    if roll < 0.03:  # renewed: another number of the same person
        return number[0] + "".join(rng.choice("0123456789") for _ in number[1:])
    if roll < 0.09:
        return typo(rng, number)
    if roll < 0.12:  # two neighbouring characters transposed
        i = rng.randrange(1, len(number) - 1)
        return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    if roll < 0.17:  # read by OCR
        return number.translate(str.maketrans("0158", "OISB"))
    return number if rng.random() < 0.8 else f"{number[0]} {number[1:]}"


def make_persons(
    count: int, seed: int, sparse: float = SPARSE, realistic: bool = True
) -> tuple[list[dict[str, str]], dict[str, int]]:
    """About ``count`` identities' records (1 to 5 each) and the true entity of every record;
    ``realistic`` is the corrected population (``make_identity``), the default since the
    audit; ``realistic=False`` the former one, draw for draw."""
    rng = random.Random(seed)
    rows, truth = [], {}
    people: list[Identity] = []
    for entity in range(count):
        sibling_of = rng.choice(people) if people and rng.random() < 0.12 else None
        people.append(make_identity(rng, entity, sibling_of, realistic))
    for person in people:
        copies = rng.choices((1, 2, 3, 4, 5), weights=(45, 30, 15, 7, 3))[0]
        for _ in range(copies):
            record_id = f"P{len(rows) + 1:06d}"
            state = rng.choice(list(STATES))
            rows.append(record_of(rng, person, state, record_id, sparse, realistic))
            truth[record_id] = person.entity
    rng.shuffle(rows)
    return rows, truth
