"""The fast PAXLST reader gives exactly what the careful one gives, on clean and messy input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rcf.documents.paxlst import PaxlstRead, _service_string, read_paxlst
from rcf.documents.paxlst_fast import read_clean
from tests.unit.documents.test_paxlst import MESSAGE

HEAD = "UNA:+.? '\nUNB+UNOA:4+AIRLINE:ZZ+BORDER:ZZ+261129:1200+1'\nUNH+1+PAXLST:D:05B:UN:IATA'\n"

# Segments of a person's group as senders write them: the guide's order, other orders, repeats,
# segments cut short, skipped segments, whitespace, escapes and stray separators.
PERSON_SEGMENTS = st.sampled_from(
    [
        "NAD+FL+++DOE:JANE:ANN'", "NAD+FM+++ROE'", "NAD+DDT++JOHN DOE'", "NAD+FL'",
        "NAD+MS+++DESK'", "NAD+ FL+++X'", "NAD+FL:9+++Y:Z'", "ATT+2++F'", "ATT+2++M:X'",
        "ATT+1++F'", "ATT+2+X+F'", "DTM+329:740812'", "DTM+329:19740812:102'", "DTM+329'",
        "DTM+36:300101'", "DTM+36:20300101:102+X'", "LOC+178+BKK'", "LOC+179+DPS'",
        "LOC+22+ DPS '", "LOC+174+UTO'", "LOC+180+:::ZENITH'", "LOC+180+BKK'", "LOC+91+THA'",
        "LOC+91+THA+X'", "LOC+125+BKK'", "LOC+178+'", "LOC'", "NAT+2+THA'", "NAT+2+D:X'",
        "NAT+1+THA'", "DOC+P:110:111+AA1234567'", "DOC+V+VX1'", "DOC+P'", "DOC+P+X1+Y'",
        "RFF+AVF:ABC'", "GEI+4+173'", "FTX+BAG+++2'", "COM+123:TE'", "CNT+42:1'", "CNT+41:x'",
        "UNH+2+CUSRES'", "BGM+745'", "XYZ+1'", "x+1'", "'", "\n", "  ", "DOC+P+O?'BRIEN'",
    ]
)  # fmt: skip

CLEAN_PERSON = (
    "NAD+FL+++DOE{n}:JANE'\nATT+2++F'\nDTM+329:740812'\nLOC+178+BKK'\nLOC+179+DPS'\n"
    "NAT+2+THA'\nRFF+AVF:X1'\nDOC+P:110:111+A{n:07d}'\nDTM+36:300101'\nLOC+91+THA'\n"
)


def _both(text: str, limit: int = 50) -> tuple[PaxlstRead, PaxlstRead]:
    return read_paxlst(text, max_passengers=limit), read_paxlst(
        text, max_passengers=limit, careful=True
    )


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(PERSON_SEGMENTS, st.integers(0, 99).map(lambda n: CLEAN_PERSON.format(n=n))),
        max_size=25,
    )
)
def test_fast_and_careful_readers_agree(segments: list[str]) -> None:
    fast, careful = _both(HEAD + "".join(segments) + "UNT+1+1'UNZ+1+1'")

    assert fast == careful


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 99), min_size=1, max_size=8), st.integers(1, 6))
def test_clean_messages_take_the_fast_reader_and_agree(people: list[int], limit: int) -> None:
    text = HEAD + "".join(CLEAN_PERSON.format(n=n) for n in people) + "CNT+42:3'UNT+1+1'"
    service, body = _service_string(text, PaxlstRead())
    assert service is not None

    assert (read_clean(body, service, 2, limit) is not None) == (len(people) <= limit)
    assert _both(text, limit)[0] == _both(text, limit)[1]


def test_the_guide_message_takes_the_fast_reader() -> None:
    """A passenger with a visa and a passport, a crew member, the reporting party first."""
    service, body = _service_string(MESSAGE, PaxlstRead())
    assert service is not None

    quick = read_clean(body, service, 2, 100)

    assert quick is not None
    assert [p.surname for p in quick.passengers] == ["TESTPERSON", "SAMPLE"]
    assert quick == read_paxlst(MESSAGE, max_passengers=100, careful=True)


def test_other_separators_are_read_fast_too() -> None:
    text = (
        "UNA;*.! ~UNB*UNOA;4*A*B*261129;1200*1~UNH*1*PAXLST~NAD*FL***DOE;JANE~ATT*2**F~"
        "NAT*2*THA~DOC*P*A1234567~DTM*36;300101~LOC*91*THA~UNT*1*1~"
    )
    service, body = _service_string(text, PaxlstRead())
    assert service is not None

    quick = read_clean(body, service, 2, 10)

    assert quick is not None
    assert quick == read_paxlst(text, max_passengers=10, careful=True)
    assert quick.passengers[0].documents[0].number == "A1234567"


def test_an_escape_sends_the_message_to_the_careful_reader() -> None:
    text = HEAD + "NAD+FL+++O?'BRIEN:JANE'DOC+P+A1'"

    fast, careful = _both(text)

    assert fast == careful
    assert fast.passengers[0].surname == "O'BRIEN"
