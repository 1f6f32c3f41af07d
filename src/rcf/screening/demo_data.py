"""Synthetic persons of interest for the demo: a few thousand across members, with names in
Latin and in their original scripts, spelling variants as other members write them, birth dates
full, by year or as ranges, phones and documents (some shared, so networks appear), and links
to the member's own demo incident reports.

Every name is put together at random from common name parts of each region: no entry describes
a real person. Entries go through ``WatchlistPersonIn`` (the same normalisation as the API) and
are written in one batch with one audit entry per member; seeding twice adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, RecordShare
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.incidents.models import Incident
from rcf.members.models import Agency, Member
from rcf.screening.live_index import bump_watchlist_version
from rcf.screening.models import WatchlistPerson
from rcf.screening.schemas import WatchlistPersonIn
from rcf.screening.service import fill

REFERENCE_PREFIX = "DEMO-POI-"
DEMO_PERSONS = 3_000
# Members that contribute entries (MYS stays a non-contributor, to show reciprocity).
CONTRIBUTORS = ("THA", "IDN", "AUS", "LKA", "TUR")


@dataclass(frozen=True)
class Culture:
    """Name parts (Latin, original script) of a region, how its names are joined and where
    its people come from."""

    given: tuple[tuple[str, str], ...]
    family: tuple[tuple[str, str], ...]
    nationalities: tuple[str, ...]
    phone_prefix: str
    joiner: str = " "  # between parts in the original script
    family_first: bool = False
    max_given: int = 2


CULTURES = (
    Culture(
        given=(("Mohammad", "محمد"), ("Ahmad", "احمد"), ("Karim", "کریم"), ("Rahim", "رحیم"),
               ("Hamid", "حمید"), ("Nasir", "ناصر"), ("Farid", "فرید"), ("Jawad", "جواد"),
               ("Omar", "عمر"), ("Yusuf", "یوسف"), ("Bashir", "بشیر"), ("Habib", "حبیب")),
        family=(("Qasimi", "قاسمی"), ("Karimi", "کریمی"), ("Ahmadi", "احمدی"),
                ("Rahimi", "رحیمی"), ("Hashimi", "هاشمی"), ("Popal", "پوپل"), ("Safi", "صافی"),
                ("Sultani", "سلطانی"), ("Azizi", "عزیزی"), ("Noori", "نوری")),
        nationalities=("AF", "PK", "IR"),
        phone_prefix="+93 70",
    ),
    Culture(
        given=(("Aung", "အောင်"), ("Kyaw", "ကျော်"), ("Min", "မင်း"), ("Htet", "ထက်"),
               ("Zaw", "ဇော်"), ("Thant", "သန့်"), ("Naing", "နိုင်"), ("Win", "ဝင်း"),
               ("Soe", "စိုး"), ("Tun", "ထွန်း")),
        family=(("Lwin", "လွင်"), ("Oo", "ဦး"), ("Myint", "မြင့်"), ("Htwe", "ထွေး"),
                ("Thein", "သိန်း"), ("Hlaing", "လှိုင်")),
        nationalities=("MM",),
        phone_prefix="+95 9",
        joiner="",
    ),
    Culture(
        given=(("Somchai", "สมชาย"), ("Wichai", "วิชัย"), ("Prasert", "ประเสริฐ"),
               ("Somsak", "สมศักดิ์"), ("Anan", "อนันต์"), ("Kittisak", "กิตติศักดิ์")),
        family=(("Srisuk", "ศรีสุข"), ("Thongdee", "ทองดี"), ("Boonmee", "บุญมี"),
                ("Saetang", "แซ่ตั้ง"), ("Wongsawat", "วงศ์สวัสดิ์")),
        nationalities=("TH",),
        phone_prefix="+66 81",
    ),
    Culture(
        given=(("Suresh", "சுரேஷ்"), ("Kumar", "குமார்"), ("Ravi", "ரவி"), ("Ganesh", "கணேஷ்"),
               ("Sivakumar", "சிவகுமார்"), ("Prabhu", "பிரபு")),
        family=(("Rajendran", "ராஜேந்திரன்"), ("Selvarajah", "செல்வராஜா"),
                ("Thangarajah", "தங்கராஜா"), ("Nadarajah", "நடராஜா")),
        nationalities=("LK", "IN"),
        phone_prefix="+94 77",
    ),
    Culture(
        given=(("Mohammad", "মোহাম্মদ"), ("Abdul", "আব্দুল"), ("Nur", "নূর"),
               ("Karim", "করিম"), ("Salim", "সলিম")),
        family=(("Rahman", "রহমান"), ("Hossain", "হোসেন"), ("Islam", "ইসলাম"),
                ("Uddin", "উদ্দিন"), ("Alam", "আলম")),
        nationalities=("BD", "MM"),
        phone_prefix="+880 17",
    ),
    Culture(
        given=(("Wei", "伟"), ("Jun", "军"), ("Ming", "明"), ("Hua", "华"), ("Jian", "建"),
               ("Qiang", "强")),
        family=(("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Chen", "陈"), ("Liu", "刘"),
                ("Huang", "黄")),
        nationalities=("CN",),
        phone_prefix="+86 138",
        joiner="",
        family_first=True,
    ),
    Culture(
        given=(("Budi", ""), ("Agus", ""), ("Hendra", ""), ("Dedi", ""), ("Rudi", ""),
               ("Joko", "")),
        family=(("Santoso", ""), ("Wijaya", ""), ("Saputra", ""), ("Hidayat", ""),
                ("Setiawan", ""), ("Nugroho", "")),
        nationalities=("ID",),
        phone_prefix="+62 812",
    ),
    Culture(
        given=(("Văn Hùng", ""), ("Văn Minh", ""), ("Thị Lan", ""), ("Đức Anh", ""),
               ("Quang Huy", "")),
        family=(("Nguyễn", ""), ("Trần", ""), ("Lê", ""), ("Phạm", ""), ("Hoàng", "")),
        nationalities=("VN",),
        phone_prefix="+84 91",
        family_first=True,
        max_given=1,
    ),
)  # fmt: skip
ROLES = ("organiser", "recruiter", "transporter", "boat_captain", "guide", "document_forger",
         "financier")  # fmt: skip
SPELLINGS = {
    "Mohammad": ("Muhammad", "Mohammed", "Mohd"),
    "Ahmad": ("Ahmed",),
    "Yusuf": ("Yousef",),
}


def _name(rng: random.Random, culture: Culture) -> tuple[str, str]:
    """A Latin name and its original-script form ("" when the region writes in Latin)."""
    given = rng.sample(culture.given, k=rng.randint(1, culture.max_given))
    family = rng.choice(culture.family)
    parts = [family, *given] if culture.family_first else [*given, family]
    latin = " ".join(p[0] for p in parts)
    native = culture.joiner.join(p[1] for p in parts) if all(p[1] for p in parts) else ""
    return latin, native


def _variant(rng: random.Random, latin: str) -> str:
    """How another member might write the same name: another spelling, or surname first."""
    words = latin.split()
    for index, word in enumerate(words):
        if word in SPELLINGS and rng.random() < 0.7:
            words[index] = rng.choice(SPELLINGS[word])
    if rng.random() < 0.4:
        return f"{words[-1].upper()}, {' '.join(words[:-1])}"
    return " ".join(words)


def _birth_dates(rng: random.Random) -> list[str]:
    year = rng.randint(1955, 2000)
    kind = rng.random()
    if kind < 0.5:
        return [f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
    if kind < 0.8:
        return [str(year)]
    return [f"{year - 2}..{year + 2}"] if kind < 0.95 else []


def _sharing(rng: random.Random, owner: str) -> dict[str, Any]:
    roll = rng.random()
    if roll < 0.55:
        return {"visibility": "regional", "handling_code": "H0", "source_reliability": "B"}
    if roll < 0.7:
        return {"visibility": "regional", "handling_code": "H1", "source_reliability": "C"}
    if roll < 0.78:
        restriction = "Contact the owner before any action."
        return {
            "visibility": "regional",
            "handling_code": "H3",
            "handling_restriction": restriction,
        }
    if roll < 0.9:
        partner = "IDN" if owner != "IDN" else "THA"
        return {"visibility": "members", "shared_with": [partner], "handling_code": "H2"}
    return {"visibility": "national", "handling_code": "H0"}


@dataclass
class _Seeder:
    rng: random.Random
    phones: list[str]
    documents: list[tuple[str, str]]
    serial: int = 0

    def phone(self, culture: Culture) -> str:
        # A third of the phones are shared with someone else: networks to draw.
        if self.phones and self.rng.random() < 0.3:
            return self.rng.choice(self.phones)
        digits = f"{self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}"
        number = f"{culture.phone_prefix} {digits}"
        self.phones.append(number)
        return number

    def person(self, owner: str, culture: Culture, latin: str, native: str) -> dict[str, Any]:
        self.serial += 1
        nationality = self.rng.choice(culture.nationalities)
        aliases = [native] if native else []
        if self.rng.random() < 0.5:
            aliases.append(_variant(self.rng, latin))
        return {
            "reference": f"{REFERENCE_PREFIX}{owner}-{self.serial:05d}",
            "primary_name": latin,
            "aliases": [a for a in aliases if a != latin],
            "birth_dates": _birth_dates(self.rng),
            "nationalities": [nationality],
            "gender": "F" if "Thị" in latin else self.rng.choice("MMMMF"),
            "phones": [self.phone(culture) for _ in range(self.rng.choice((0, 1, 1, 2)))],
            "documents": self.passport(nationality),
            "roles": self.rng.sample(ROLES, k=self.rng.choice((1, 1, 2))),
            "sharing": _sharing(self.rng, owner),
        }

    def passport(self, nationality: str) -> list[dict[str, str]]:
        if self.rng.random() < 0.4:
            return []
        if self.documents and self.rng.random() < 0.1:  # a forged document used twice
            number, state = self.rng.choice(self.documents)
        else:
            number = f"{chr(65 + self.rng.randint(0, 25))}{self.rng.randint(1000000, 9999999)}"
            state = nationality
            self.documents.append((number, state))
        return [{"number": number, "issuing_state": state}]


def generate(count: int, seed: int = 2026) -> Iterator[tuple[str, dict[str, Any]]]:
    """(owner member code, entry as the API takes it); one in ten persons is also known to a
    second member, written its own way."""
    seeder = _Seeder(random.Random(seed), [], [])
    rng = seeder.rng
    while seeder.serial < count:
        culture = rng.choice(CULTURES)
        latin, native = _name(rng, culture)
        owner = rng.choice(CONTRIBUTORS)
        first = seeder.person(owner, culture, latin, native)
        yield owner, first
        if rng.random() < 0.1:
            other = rng.choice([c for c in CONTRIBUTORS if c != owner])
            twin = seeder.person(other, culture, _variant(rng, latin), "")
            # The second member knows the year of birth at most.
            twin["birth_dates"] = [date[:4] for date in first["birth_dates"][:1]]
            twin["nationalities"] = first["nationalities"]
            yield other, twin


def has_demo_persons(session: Session) -> bool:
    stmt = select(WatchlistPerson.id).where(WatchlistPerson.reference.startswith(REFERENCE_PREFIX))
    return session.scalar(stmt.limit(1)) is not None


def seed_watchlist(session: Session, count: int = DEMO_PERSONS, seed: int = 2026) -> int:
    """Add about ``count`` demo entries (none when they exist already); returns how many."""
    if count <= 0 or has_demo_persons(session):
        return 0
    members = {m.code: m.id for m in session.scalars(select(Member))}
    first_agency = select(Agency.member_id, func.min(Agency.id)).group_by(Agency.member_id)
    agencies: dict[int, int] = {member: agency for member, agency in session.execute(first_agency)}  # noqa: C416
    incidents = {code: _incident_ids(session, members[code]) for code in CONTRIBUTORS}
    written: dict[str, int] = dict.fromkeys(CONTRIBUTORS, 0)
    shares: list[tuple[WatchlistPerson, list[str]]] = []
    rng = random.Random(seed + 1)
    for owner, entry in generate(count, seed):
        if incidents[owner] and rng.random() < 0.4:
            link = {"record_type": "incident", "record_id": rng.choice(incidents[owner])}
            entry["links"] = [link]
        shares.append(_write(session, members[owner], agencies[members[owner]], entry))
        written[owner] += 1
    _share(session, members, [(person, codes) for person, codes in shares if codes])
    bump_watchlist_version(session)
    for code, number in written.items():
        _audit(session, members[code], number)
    return sum(written.values())


def _incident_ids(session: Session, member_id: int) -> list[int]:
    stmt = select(Incident.id).where(Incident.owner_member_id == member_id).limit(500)
    return list(session.scalars(stmt))


def _write(
    session: Session, owner: int, agency: int, entry: dict[str, Any]
) -> tuple[WatchlistPerson, list[str]]:
    """Add one entry (flushed later, with all the others); returns it and whom it is shared
    with, to be written once the entries have their ids."""
    data = WatchlistPersonIn.model_validate(entry)
    person = WatchlistPerson(owner_member_id=owner, owner_agency_id=agency)
    fill(person, data)
    for name, value in data.sharing.model_dump(exclude={"shared_with"}).items():
        setattr(person, name, value)
    session.add(person)
    return person, data.sharing.shared_with


def _share(
    session: Session, members: dict[str, int], shares: list[tuple[WatchlistPerson, list[str]]]
) -> None:
    session.flush()
    for person, codes in shares:
        for code in codes:
            share = RecordShare(record_type=person.record_type, record_id=person.id)
            share.member_id = members[code]
            session.add(share)


def _audit(session: Session, member_id: int, count: int) -> None:
    record(
        session,
        actor=_seed_actor(member_id),
        action=AuditAction.RECORD_CREATED,
        object_type="watchlist_import",
        object_id="demo seed",
        object_member_id=member_id,
        changes={"created": count},
    )


def _seed_actor(member_id: int) -> Actor:
    return Actor.system("demo seed", member_id=member_id)
