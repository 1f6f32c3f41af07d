"""Labelled synthetic data for bench/linkage.py: invented persons and boat events, never real ones.

Persons are drawn from name pools of the region's naming traditions (Afghan/Persian/Rohingya
Arabic-script names, Burmese, Vietnamese, Sri Lankan Tamil, Chinese) with their transliteration
variants, and recorded by several source states, each with its own conventions:

* AUS: split given/family columns, ISO dates, alpha-3 nationality.
* THA: ``FAMILY, Given`` upper case, day-first ``dd/mm/yyyy`` dates, English country names.
* IDN: ``Given Family``, dotted ``dd.mm.yyyy`` dates or the year only, alpha-2 codes.
* MYS: upper case, month-first ``mm/dd/yyyy`` dates, alpha-3 codes.
* LKA: the original script where the tradition has one, ISO dates or year, demonyms.

Noise: typos, transliteration variants, dropped middle names, honorifics, order swaps, day/month
slips, missing fields, document-number typos and confusables; duplicates within and across states.
Hard negatives come for free: common names recur among different people (different birth dates),
relatives share family names, places and nationalities.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# Name pools: each entry is a group of spellings of one name (first = the usual one), with an
# original-script form where the tradition has one (None otherwise).
ARABIC_GIVEN = [
    (("MOHAMMAD", "MOHAMMED", "MUHAMMAD", "MOHAMAD", "MUHAMAD"), "محمد"),
    (("AHMAD", "AHMED", "AHMET"), "احمد"),
    (("ALI", "ALY"), "علی"),
    (("HUSSAIN", "HUSSEIN", "HUSAIN", "HOSSEIN"), "حسین"),
    (("REZA", "RIZA"), "رضا"),
    (("HASSAN", "HASAN"), "حسن"),
    (("MAHMOUD", "MAHMUD", "MEHMOOD"), "محمود"),
    (("YUSUF", "YOUSEF", "YOUSUF", "YOSEF"), "یوسف"),
    (("OMAR", "UMAR"), "عمر"),
    (("KARIM", "KAREEM"), "کریم"),
    (("RAHIM", "RAHEEM"), "رحیم"),
    (("NASIR", "NASSER", "NASER"), "ناصر"),
    (("KHALID", "KHALED"), "خالد"),
    (("FARID", "FAREED"), "فرید"),
    (("ZAHIR", "ZAHEER"), "ظاهر"),
    (("BASHIR", "BASHEER"), "بشیر"),
    (("RASHID", "RASHEED"), "رشید"),
    (("JAVED", "JAVID", "JAWED"), "جاوید"),
    (("IBRAHIM", "EBRAHIM"), "ابراهیم"),
    (("ISMAIL", "ESMAIL"), "اسماعیل"),
    (("MUSTAFA", "MOSTAFA"), "مصطفی"),
    (("NOOR", "NUR", "NOUR"), "نور"),
    (("SHAFIQ", "SHAFIK"), "شفیق"),
    (("RAFIQ", "RAFIK"), "رفیق"),
    (("AMIN", "AMEEN"), "امین"),
    (("FATIMA", "FATEMA", "FATIMAH"), "فاطمه"),
    (("ZAINAB", "ZEINAB", "ZAYNAB"), "زینب"),
    (("MARYAM", "MARIAM"), "مریم"),
    (("AYESHA", "AISHA", "AISHAH"), "عایشه"),
    (("SAMIR", "SAMEER"), "سمیر"),
    (("WALI", "WALEE"), "ولی"),
    (("QASIM", "KASIM", "GHASEM"), "قاسم"),
    (("HAMID", "HAMEED"), "حمید"),
    (("MAJID", "MAJEED"), "مجید"),
    (("SADIQ", "SADEGH", "SADIK"), "صادق"),
    (("JAMIL", "JAMEEL"), "جمیل"),
    (("AZIZ", "AZEEZ"), "عزیز"),
    (("LATIF", "LATEEF"), "لطیف"),
    (("NAJIB", "NAJEEB"), "نجیب"),
    (("SHARIF", "SHAREEF"), "شریف"),
    (("HABIB", "HABEEB"), "حبیب"),
]
ARABIC_FAMILY = [
    (("KHAN",), "خان"),
    (("AHMADI", "AHMADY"), "احمدی"),
    (("HOSSEINI", "HUSSEINI", "HOSEINI"), "حسینی"),
    (("RAHIMI", "RAHEEMI"), "رحیمی"),
    (("KARIMI", "KAREEMI"), "کریمی"),
    (("MOHAMMADI", "MUHAMMADI"), "محمدی"),
    (("SULTANI", "SOLTANI"), "سلطانی"),
    (("HAIDARI", "HEIDARI", "HAYDARI"), "حیدری"),
    (("NAZARI",), "نظری"),
    (("HAKIMI",), "حکیمی"),
    (("NOORI", "NOURI", "NURI"), "نوری"),
    (("JAFARI", "JAAFARI"), "جعفری"),
    (("AKBARI",), "اکبری"),
    (("AMIRI",), "امیری"),
    (("AZIMI",), "عظیمی"),
    (("SAFI",), "صافی"),
    (("POPAL",), "پوپل"),
    (("DURRANI", "DURANI"), "درانی"),
    (("YOUSAFZAI", "YUSUFZAI"), "یوسفزی"),
    (("SHINWARI",), "شینواری"),
    (("WARDAK",), "وردک"),
    (("ALAM",), "عالم"),
    (("ULLAH", "ULLA"), "الله"),
    (("HAQ", "HAQUE", "HAK"), "حق"),
    (("ZAHEDI", "ZAHIDI"), "زاهدی"),
    (("RASOULI", "RASULI"), "رسولی"),
    (("SHARIFI", "SHAREEFI"), "شریفی"),
    (("OMARI", "UMARI"), "عمری"),
    (("FAROOQI", "FARUKI", "FARUQI"), "فاروقی"),
    (("SIDDIQUI", "SIDIQI"), "صدیقی"),
    (("QURESHI", "KURESHI"), "قریشی"),
    (("MALIK",), "ملک"),
    (("BAIG", "BEG"), "بیگ"),
    (("MIRZA",), "میرزا"),
]
BURMESE = [
    (("AUNG",), "အောင်"),
    (("KYAW", "KYAWE"), "ကျော်"),
    (("MYINT",), "မြင့်"),
    (("WIN", "WINN"), "ဝင်း"),
    (("ZAW",), "ဇော်"),
    (("SOE", "SO"), "စိုး"),
    (("HTUN", "TUN"), "ထွန်း"),
    (("THEIN", "THEINN"), "သိန်း"),
    (("NAING",), "နိုင်"),
    (("MIN",), "မင်း"),
    (("HLA",), "လှ"),
    (("THAN",), "သန်း"),
    (("MYO", "MYOE"), "မျိုး"),
    (("TUN", "HTUN"), "ထွန်း"),
    (("OO",), "ဦး"),
    (("KHIN",), "ခင်"),
    (("SAN",), "စန်း"),
    (("NYEIN",), "ငြိမ်း"),
    (("THU",), "သူ"),
    (("MAUNG",), "မောင်"),
    (("LWIN",), "လွင်"),
    (("OHN",), "အုန်း"),
    (("PHYO",), "ဖြိုး"),
    (("WAI",), "ဝေ"),
    (("YE",), "ရဲ"),
    (("HTET",), "ထက်"),
    (("NAY",), "နေ"),
    (("SITT", "SIT"), "စစ်"),
    (("PAING",), "ပိုင်"),
    (("MYAT",), "မြတ်"),
]
VIETNAMESE_FAMILY = [
    (("NGUYEN",), "Nguyễn"),
    (("TRAN",), "Trần"),
    (("LE",), "Lê"),
    (("PHAM",), "Phạm"),
    (("HOANG", "HUYNH"), "Hoàng"),
    (("VU", "VO"), "Vũ"),
    (("DANG",), "Đặng"),
    (("BUI",), "Bùi"),
    (("DO",), "Đỗ"),
    (("HO",), "Hồ"),
    (("NGO",), "Ngô"),
    (("DUONG",), "Dương"),
    (("LY",), "Lý"),
]
VIETNAMESE_GIVEN = [
    (("VAN",), "Văn"),
    (("THI",), "Thị"),
    (("HUNG",), "Hùng"),
    (("MAI",), "Mai"),
    (("DUC",), "Đức"),
    (("MINH",), "Minh"),
    (("LAN",), "Lan"),
    (("QUANG",), "Quang"),
    (("TUAN",), "Tuấn"),
    (("HUONG",), "Hương"),
    (("THANH",), "Thành"),
    (("LINH",), "Linh"),
    (("HAI",), "Hải"),
    (("NAM",), "Nam"),
    (("PHUONG",), "Phương"),
    (("KHANH",), "Khánh"),
    (("BAO",), "Bảo"),
    (("TRUNG",), "Trung"),
    (("HIEU",), "Hiếu"),
    (("THAO",), "Thảo"),
]
TAMIL_GIVEN = [
    (("SIVAKUMAR", "SIVAKUMARAN"), None),
    (("THARMALINGAM", "DHARMALINGAM"), None),
    (("KANDASAMY", "KANTHASAMY"), None),
    (("RAJAN",), None),
    (("SURESH",), None),
    (("PRAKASH",), None),
    (("VIJAYAKUMAR",), None),
    (("MURUGAN",), None),
    (("SELVARAJ", "SELVARAJAH"), None),
    (("NIROSHAN",), None),
    (("KUMARI",), None),
    (("ARUMUGAM",), None),
    (("BALASUBRAMANIAM",), None),
    (("GANESHAN", "GANESAN"), None),
    (("JEYAKUMAR", "JAYAKUMAR"), None),
    (("KRISHNAN",), None),
    (("MAHENDRAN",), None),
    (("NADARAJAH", "NATARAJA"), None),
    (("PONNAMPALAM",), None),
    (("RAVICHANDRAN",), None),
    (("SHANMUGAM",), None),
    (("THEVARAJAH",), None),
    (("YOGARAJAH",), None),
]
CHINESE_FAMILY = [
    (("WANG",), "王"),
    (("LI", "LEE"), "李"),
    (("ZHANG", "CHANG"), "张"),
    (("LIU", "LAU"), "刘"),
    (("CHEN", "CHAN"), "陈"),
    (("HUANG", "WONG"), "黄"),
    (("ZHAO", "CHAO"), "赵"),
    (("ZHOU", "CHOW"), "周"),
    (("WU", "NG"), "吴"),
    (("LIN", "LAM"), "林"),
]
CHINESE_GIVEN = [
    (("WEI",), "伟"),
    (("FANG",), "芳"),
    (("MIN",), "敏"),
    (("JING", "CHING"), "静"),
    (("LEI",), "磊"),
    (("YANG",), "洋"),
    (("JUN", "CHUN"), "军"),
    (("XIULAN",), "秀兰"),
    (("JIANHUA",), "建华"),
    (("GUOQIANG",), "国强"),
    (("HAIYAN",), "海燕"),
    (("MINGHUI",), "明辉"),
    (("XIAOMING",), "小明"),
    (("LIHUA",), "丽华"),
    (("ZHIWEI",), "志伟"),
    (("YUTING",), "雨婷"),
]

# Compound names: "Abdul" with one of the divine names (joined, split or hyphenated), and Chinese
# given names of two syllables; they give the name variety that real populations have.
DIVINE_NAMES = [
    ("WAHID", "واحد"),
    ("RAHMAN", "رحمن"),
    ("KARIM", "کریم"),
    ("HAKIM", "حکیم"),
    ("LATIF", "لطیف"),
    ("GHAFOOR", "غفور"),
    ("QADIR", "قادر"),
    ("MALIK", "مالک"),
    ("RAZAQ", "رزاق"),
    ("SATTAR", "ستار"),
    ("BASIR", "بصیر"),
    ("JABBAR", "جبار"),
    ("HAMID", "حمید"),
    ("MAJID", "مجید"),
    ("AZIZ", "عزیز"),
    ("SAMAD", "صمد"),
    ("HADI", "هادی"),
    ("RASHID", "رشید"),
    ("SALAM", "سلام"),
    ("QAYUM", "قیوم"),
]
CHINESE_SYLLABLES = [
    ("MING", "明"),
    ("HUI", "辉"),
    ("XIU", "秀"),
    ("LAN", "兰"),
    ("JIAN", "建"),
    ("HUA", "华"),
    ("GUO", "国"),
    ("QIANG", "强"),
    ("HAI", "海"),
    ("YAN", "燕"),
    ("XIAO", "小"),
    ("LI", "丽"),
    ("ZHI", "志"),
    ("YU", "雨"),
    ("TING", "婷"),
    ("JUN", "军"),
    ("WEN", "文"),
    ("BO", "波"),
    ("DONG", "东"),
    ("FENG", "峰"),
    ("HONG", "红"),
    ("JIE", "杰"),
    ("KAI", "凯"),
    ("LONG", "龙"),
    ("PING", "平"),
    ("QING", "青"),
    ("RUI", "瑞"),
    ("SHAN", "山"),
    ("TAO", "涛"),
    ("XIN", "欣"),
]


def _compound_given(rng: random.Random, tradition: str) -> tuple[tuple[str, ...], str] | None:
    if tradition == "arabic" and rng.random() < 0.3:
        name, script = rng.choice(DIVINE_NAMES)
        return (
            f"ABDUL {name}",
            f"ABDUL{name}",
            f"ABD AL {name}",
            f"ABDUL-{name}",
        ), "عبدال" + script
    if tradition == "chinese" and rng.random() < 0.7:
        (first, one), (second, two) = rng.sample(CHINESE_SYLLABLES, 2)
        return (first + second, f"{first} {second}", f"{first}-{second}"), one + two
    return None


TRADITIONS = {
    "AF": ("arabic", ["KABUL", "HERAT", "KANDAHAR", "JALALABAD", "MAZAR I SHARIF", "GHAZNI"]),
    "IR": ("arabic", ["TEHRAN", "MASHHAD", "ISFAHAN", "SHIRAZ", "TABRIZ"]),
    "PK": ("arabic", ["QUETTA", "KARACHI", "PESHAWAR", "LAHORE"]),
    "MM": ("burmese", ["YANGON", "SITTWE", "MAWLAMYINE", "MANDALAY", "MAUNGDAW", "PATHEIN"]),
    "BD": ("arabic", ["COX S BAZAR", "TEKNAF", "CHATTOGRAM", "DHAKA"]),
    "VN": ("vietnamese", ["HANOI", "HAI PHONG", "DA NANG", "HUE", "VINH"]),
    "LK": ("tamil", ["JAFFNA", "TRINCOMALEE", "BATTICALOA", "NEGOMBO", "COLOMBO"]),
    "CN": ("chinese", ["FUZHOU", "WENZHOU", "GUANGZHOU", "XIAMEN"]),
}
PLACE_VARIANTS = {
    "YANGON": "RANGOON",
    "SITTWE": "AKYAB",
    "MAWLAMYINE": "MOULMEIN",
    "CHATTOGRAM": "CHITTAGONG",
    "COX S BAZAR": "COX'S BAZAR",
    "PATHEIN": "BASSEIN",
}
COUNTRY_FORMS = {  # alpha-2: (alpha-3, English name, demonym)
    "AF": ("AFG", "Afghanistan", "Afghan"),
    "IR": ("IRN", "Iran", "Iranian"),
    "PK": ("PAK", "Pakistan", "Pakistani"),
    "MM": ("MMR", "Myanmar", "Burmese"),
    "BD": ("BGD", "Bangladesh", "Bangladeshi"),
    "VN": ("VNM", "Viet Nam", "Vietnamese"),
    "LK": ("LKA", "Sri Lanka", "Sri Lankan"),
    "CN": ("CHN", "China", "Chinese"),
}
STATES = ("AUS", "THA", "IDN", "MYS", "LKA")
HONORIFICS = ("U", "DAW", "KO", "MAUNG", "MA")


@dataclass
class Identity:
    """One invented person: the truth every record of them is drawn from."""

    entity: int
    nationality: str
    gender: str
    given: list[tuple[tuple[str, ...], str | None]]
    family: list[tuple[tuple[str, ...], str | None]]
    birth: date
    document: str
    place: str


def make_identity(rng: random.Random, entity: int, family_of: Identity | None) -> Identity:
    """A new person; with ``family_of``, a relative (same family name, place, nationality)."""
    nationality = family_of.nationality if family_of else rng.choice(list(TRADITIONS))
    tradition, places = TRADITIONS[nationality]
    given, family = _draw_name(rng, tradition)
    compound = _compound_given(rng, tradition)
    if compound is not None:
        given = [compound, *given[1:]]
    if family_of is not None:
        family = family_of.family
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 58))
    letter = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
    document = letter + "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8))))
    place = family_of.place if family_of else rng.choice(places)
    return Identity(entity, nationality, rng.choice("MF"), given, family, birth, document, place)


def _draw_name(rng: random.Random, tradition: str) -> tuple[list, list]:  # type: ignore[type-arg]
    if tradition == "arabic":
        given = [_zipf(rng, ARABIC_GIVEN) for _ in range(rng.choice((1, 1, 2)))]
        return list(dict.fromkeys(given)), [_zipf(rng, ARABIC_FAMILY)]
    if tradition == "burmese":  # Burmese names have no family name: all parts are "given"
        return rng.sample(BURMESE, rng.choice((2, 2, 3))), []
    if tradition == "vietnamese":
        return rng.sample(VIETNAMESE_GIVEN, 2), [_zipf(rng, VIETNAMESE_FAMILY)]
    if tradition == "tamil":
        return [rng.choice(TAMIL_GIVEN)], [rng.choice(TAMIL_GIVEN)]
    return [_zipf(rng, CHINESE_GIVEN)], [_zipf(rng, CHINESE_FAMILY)]


def _zipf(rng: random.Random, pool: list):  # type: ignore[no-untyped-def,type-arg]
    """Names are unevenly common: the first of a pool most, as in real populations."""
    return rng.choices(pool, weights=[1 / (rank + 1) ** 0.8 for rank in range(len(pool))])[0]


def record_of(rng: random.Random, person: Identity, state: str, record_id: str) -> dict[str, str]:
    """One state's record of ``person``, in that state's conventions and with its noise."""
    row = {
        "record_id": record_id,
        "source_state": state,
        "full_name": "",
        "given_name": "",
        "family_name": "",
    }
    given, family, script = _written_name(rng, person, state)
    if state == "AUS":
        row["given_name"], row["family_name"] = " ".join(given), " ".join(family)
        if not family:  # a Burmese name in split columns: the last part taken as family name
            row["given_name"], row["family_name"] = " ".join(given[:-1]), given[-1]
    elif state == "THA" and family and not script:
        row["full_name"] = f"{' '.join(family)}, {' '.join(given).title()}"
    elif rng.random() < 0.12:  # order swapped, no comma
        row["full_name"] = " ".join(family + given)
    else:
        row["full_name"] = " ".join(given + family)
    if state in ("IDN", "LKA") and not script:
        row["full_name"] = row["full_name"].title()
    row["birth_date"] = _written_date(rng, person.birth, state)
    row["nationality"] = _maybe(rng, 0.1, _written_country(person.nationality, state))
    row["gender"] = _maybe(
        rng, 0.15, person.gender if state != "LKA" else {"M": "Male", "F": "Female"}[person.gender]
    )
    row["document_number"] = _maybe(rng, 0.45, _noisy_document(rng, person.document))
    place = PLACE_VARIANTS.get(person.place, person.place) if rng.random() < 0.3 else person.place
    row["place_of_birth"] = _maybe(rng, 0.45, _typo(rng, place) if rng.random() < 0.1 else place)
    return row


def _written_name(
    rng: random.Random, person: Identity, state: str
) -> tuple[list[str], list[str], bool]:
    """Given and family parts as this record writes them; True when in original script."""
    given_parts, family_parts = list(person.given), list(person.family)
    # A middle name left out (a Burmese name has no middle name: all its parts are the name).
    if len(given_parts) > 1 and family_parts and rng.random() < 0.15:
        given_parts.pop(rng.randrange(1, len(given_parts)))
    script = state == "LKA" and rng.random() < 0.7 and all(s for _, s in given_parts + family_parts)
    if script:
        return [s for _, s in given_parts], [s for _, s in family_parts], True  # type: ignore[misc]
    given = [_spelling(rng, spellings) for spellings, _ in given_parts]
    family = [_spelling(rng, spellings) for spellings, _ in family_parts]
    if person.nationality == "MM" and rng.random() < 0.3:
        given.insert(0, rng.choice(HONORIFICS))
    return given, family, False


def _spelling(rng: random.Random, spellings: tuple[str, ...]) -> str:
    spelling = spellings[0] if rng.random() < 0.5 else rng.choice(spellings)
    return _typo(rng, spelling) if rng.random() < 0.15 else spelling


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("AEIOUNRSTLKM") + text[i + 1 :]


def _written_date(rng: random.Random, birth: date, state: str) -> str:
    if rng.random() < 0.08:
        return ""
    if rng.random() < 0.04:  # a clerk's slip: day and month swapped, or the year off by one
        birth = _slipped(rng, birth)
    if state == "AUS":
        return birth.isoformat()
    if state == "THA":
        return birth.strftime("%d/%m/%Y")
    if state == "IDN":
        return str(birth.year) if rng.random() < 0.3 else birth.strftime("%d.%m.%Y")
    if state == "MYS":
        return birth.strftime("%m/%d/%Y")
    return str(birth.year) if rng.random() < 0.25 else birth.isoformat()


def _slipped(rng: random.Random, birth: date) -> date:
    if birth.day <= 12 and rng.random() < 0.5:
        return birth.replace(month=birth.day, day=birth.month)
    day = birth.day if (birth.month, birth.day) != (2, 29) else 28
    return birth.replace(year=birth.year + rng.choice((-1, 1)), day=day)


def _written_country(code: str, state: str) -> str:
    alpha3, name, demonym = COUNTRY_FORMS[code]
    return {"AUS": alpha3, "THA": name, "IDN": code, "MYS": alpha3, "LKA": demonym}[state]


def _noisy_document(rng: random.Random, number: str) -> str:
    roll = rng.random()
    if roll < 0.08:
        return _typo(rng, number)
    if roll < 0.14:
        return number.replace("0", "O").replace("1", "I").replace("5", "S")
    return number if rng.random() < 0.8 else f"{number[0]} {number[1:]}"


def _maybe(rng: random.Random, missing: float, value: str) -> str:
    return "" if rng.random() < missing else value


def make_persons(count: int, seed: int) -> tuple[list[dict[str, str]], dict[str, int]]:
    """About ``count`` identities' records (1 to 5 each) and the true entity of every record."""
    rng = random.Random(seed)
    rows, truth = [], {}
    people: list[Identity] = []
    for entity in range(count):
        relative = rng.choice(people) if people and rng.random() < 0.1 else None
        people.append(make_identity(rng, entity, relative))
    for person in people:
        copies = rng.choices((1, 2, 3, 4, 5), weights=(45, 30, 15, 7, 3))[0]
        for _ in range(copies):
            record_id = f"P{len(rows) + 1:06d}"
            rows.append(record_of(rng, person, rng.choice(STATES), record_id))
            truth[record_id] = person.entity
    rng.shuffle(rows)
    return rows, truth


# Events: boats with invented names, reported by up to four members each.
VESSEL_WORDS = [
    "SINAR",
    "HARAPAN",
    "BINTANG",
    "LAUT",
    "CAHAYA",
    "BAHARI",
    "MUTIARA",
    "SAMUDRA",
    "JAYA",
    "BERKAT",
    "ABADI",
    "SEJAHTERA",
    "NUSANTARA",
    "RAHMAT",
    "BUDI",
    "SETIA",
    "MAJU",
    "TERANG",
    "KASIH",
    "INDAH",
    "PUTRA",
    "PUTRI",
    "MAS",
    "BARU",
    "SENTOSA",
]
VESSEL_PREFIXES = ["KM", "K.M.", "KMP", "MV", "M.V.", "FV", "KLM", ""]
EVENT_PLACES = {  # canonical: spellings members use
    "CHRISTMAS ISLAND": [
        "Christmas Island",
        "Christmas Is.",
        "Pulau Christmas",
        "Flying Fish Cove",
    ],
    "ASHMORE REEF": ["Ashmore Reef", "Pulau Pasir", "Ashmore Islands", "Ashmore"],
    "KUPANG": ["Kupang", "Koepang", "Kupang, NTT"],
    "ROTE": ["Rote", "Roti", "Pulau Rote", "Rote Island"],
    "PELABUHAN RATU": ["Pelabuhan Ratu", "Pelabuhanratu", "Palabuhanratu"],
    "LANGKAWI": ["Langkawi", "Pulau Langkawi", "Langkawi, Kedah"],
    "SATUN": ["Satun", "Setul", "Satun Province"],
    "RANONG": ["Ranong", "Ranong Port", "Ranong, Thailand"],
    "KOH LIPE": ["Koh Lipe", "Ko Lipe", "Lipe Island"],
    "SITTWE": ["Sittwe", "Akyab", "Sittwe Port"],
    "YANGON": ["Yangon", "Rangoon"],
    "COX S BAZAR": ["Cox's Bazar", "Coxs Bazar", "Cox Bazar"],
    "TEKNAF": ["Teknaf", "Teknaf, Bangladesh"],
    "BANDA ACEH": ["Banda Aceh", "Kutaraja"],
    "LHOKSEUMAWE": ["Lhokseumawe", "Lhoksumawe"],
    "PENANG": ["Penang", "Pulau Pinang", "George Town"],
    "CILACAP": ["Cilacap", "Tjilatjap"],
    "KAWTHAUNG": ["Kawthaung", "Victoria Point", "Kawthoung"],
    "MERAK": ["Merak", "Merak Port"],
    "BENOA": ["Benoa", "Benoa Harbour"],
}
EVENT_NATIONALITIES = ["AF", "IR", "PK", "MM", "BD", "LK", "VN", "IQ", "SO", "CN"]
EVENT_STATES = ("AUS", "IDN", "MYS", "THA", "LKA", "BGD")
EVENT_DATE_STYLE = {
    "AUS": "%Y-%m-%d",
    "IDN": "%d.%m.%Y",
    "MYS": "%m/%d/%Y",
    "THA": "%d/%m/%Y",
    "LKA": "%Y-%m-%d",
    "BGD": "%d %b %Y",
}


@dataclass
class Voyage:
    """One invented boat event: the truth its reports are drawn from."""

    entity: int
    day: date
    place: str
    vessel: str
    count: int
    nationalities: list[str]
    facilitators: list[str]


def make_voyage(rng: random.Random, entity: int, boats: list[str]) -> Voyage:
    """A new event; a boat may sail again (the same name on another date is another event)."""
    if boats and rng.random() < 0.15:
        vessel = rng.choice(boats)
    else:
        vessel = " ".join(rng.sample(VESSEL_WORDS, 2))
        vessel += f" {rng.randrange(1, 12)}" if rng.random() < 0.4 else ""
        boats.append(vessel)
    day = date(2012, 1, 1) + timedelta(days=rng.randrange(365 * 13))
    nationalities = rng.sample(EVENT_NATIONALITIES, rng.choice((1, 1, 2, 3)))
    facilitators = [_facilitator(rng) for _ in range(rng.choice((0, 1, 1, 2)))]
    return Voyage(
        entity,
        day,
        rng.choice(list(EVENT_PLACES)),
        vessel,
        rng.randrange(8, 300),
        nationalities,
        facilitators,
    )


def _facilitator(rng: random.Random) -> str:
    given = _spelling(rng, _zipf(rng, ARABIC_GIVEN)[0])
    return f"{given} {_spelling(rng, _zipf(rng, ARABIC_FAMILY)[0])}"


def report_of(rng: random.Random, voyage: Voyage, state: str, report_id: str) -> dict[str, str]:
    """One member's report of ``voyage``: its date style, spelling, count and omissions."""
    import json

    shift = rng.choice((0, 0, 0, 1, -1, 2, -2, 3)) if rng.random() < 0.5 else 0
    day = voyage.day + timedelta(days=shift)
    place = rng.choice(EVENT_PLACES[voyage.place])
    count = voyage.count
    if rng.random() < 0.6:
        count = max(1, round(count * rng.uniform(0.8, 1.2)))
    nationalities = voyage.nationalities if rng.random() < 0.7 else voyage.nationalities[:1]
    facilitators = [_spelling(rng, (name,)) for name in voyage.facilitators if rng.random() < 0.7]
    return {
        "report_id": report_id,
        "source_state": state,
        "event_date": day.strftime(EVENT_DATE_STYLE[state]),
        "location": _typo(rng, place) if rng.random() < 0.1 else place,
        "vessel_name": _maybe(rng, 0.12, _written_vessel(rng, voyage.vessel)),
        "persons_on_board": _maybe(rng, 0.1, str(count)),
        "passenger_nationalities": ";".join(
            _written_country(code, "AUS") if code in COUNTRY_FORMS and rng.random() < 0.5 else code
            for code in nationalities
        )
        if rng.random() > 0.15
        else "",
        "facilitator_names": json.dumps(facilitators),
    }


def _written_vessel(rng: random.Random, name: str) -> str:
    roman = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI", "7": "VII"}
    words = [roman.get(w, w) if rng.random() < 0.3 else w for w in name.split()]
    written = " ".join(words).title() if rng.random() < 0.5 else " ".join(words)
    written = _typo(rng, written) if rng.random() < 0.15 else written
    return f"{rng.choice(VESSEL_PREFIXES)} {written}".strip()


def make_events(count: int, seed: int) -> tuple[list[dict[str, str]], dict[str, int]]:
    """About ``count`` events' reports (1 to 4 each, from different members) and the truth."""
    rng = random.Random(seed)
    rows, truth, boats = [], {}, []  # type: ignore[var-annotated]
    for entity in range(count):
        voyage = make_voyage(rng, entity, boats)
        copies = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
        for state in rng.sample(EVENT_STATES, copies):
            report_id = f"E{len(rows) + 1:06d}"
            rows.append(report_of(rng, voyage, state, report_id))
            truth[report_id] = entity
    rng.shuffle(rows)
    return rows, truth
