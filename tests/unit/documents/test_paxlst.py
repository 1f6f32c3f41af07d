"""UN/EDIFACT PAXLST read into passengers (vectors written from the implementation guides'
structure; all names synthetic)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rcf.documents.paxlst import looks_like_paxlst, read_paxlst

# A D05B passenger list as the WCO/IATA/ICAO guide lays it out: one passenger with a passport
# and a visa, one crew member, the reporting party (NAD+MS) which is not a passenger.
MESSAGE = (
    "UNA:+.? '\n"
    "UNB+UNOA:4+AIRLINE1:ZZ+BORDERAGENCY:ZZ+261129:1200+000000001++APIS'\n"
    "UNG+PAXLST+AIRLINE1:ZZ+BORDERAGENCY:ZZ+261129:1200+1+UN+D:05B'\n"
    "UNH+PAX001+PAXLST:D:05B:UN:IATA+BKKDPS261129+01:F'\n"
    "BGM+745'\n"
    "RFF+TN:BA123456789:::1'\n"
    "NAD+MS+++OPS DESK'\n"
    "COM+6621234567:TE'\n"
    "TDT+20+XX123+++XX'\n"
    "LOC+125+BKK'\n"
    "DTM+189:2611291000:201'\n"
    "LOC+87+DPS'\n"
    "DTM+232:2611291500:201'\n"
    "NAD+FL+++TESTPERSON:ANNA:MARIA'\n"
    "ATT+2++F'\n"
    "DTM+329:740812'\n"
    "LOC+178+BKK'\n"
    "LOC+179+DPS'\n"
    "LOC+22+DPS'\n"
    "LOC+174+UTO'\n"
    "LOC+180+:::ZENITH'\n"
    "NAT+2+UTO'\n"
    "RFF+AVF:ABC123'\n"
    "DOC+V:110:111+VX12345'\n"
    "DTM+36:270101'\n"
    "LOC+91+IDN'\n"
    "DOC+P:110:111+L898902C3'\n"
    "DTM+36:20340415:102'\n"
    "LOC+91+UTO'\n"
    "NAD+FM+++SAMPLE:JOHN'\n"
    "ATT+2++M'\n"
    "DTM+329:19800101:102'\n"
    "NAT+2+D'\n"
    "DOC+P+C01X00T47'\n"
    "DTM+36:300101'\n"
    "LOC+91+D'\n"
    "CNT+42:1'\n"
    "CNT+41:1'\n"
    "UNT+35+PAX001'\n"
    "UNE+1+1'\n"
    "UNZ+1+000000001'\n"
)


def test_reads_each_person_with_documents_dates_and_places() -> None:
    read = read_paxlst(MESSAGE, max_passengers=100)

    assert read.problems == []
    anna, john = read.passengers
    assert (anna.role, anna.surname, anna.given_names) == ("FL", "TESTPERSON", "ANNA MARIA")
    assert (anna.sex, anna.birth_date, anna.nationality) == ("F", "740812", "UTO")
    assert anna.places == {
        "embarkation": "BKK",
        "debarkation": "DPS",
        "clearance": "DPS",
        "residence": "UTO",
        "birth": "ZENITH",
    }
    visa, passport = anna.documents
    assert (visa.document_type, visa.number, visa.issuing_state, visa.expiry_date) == (
        "V",
        "VX12345",
        "IDN",
        "270101",
    )
    assert (passport.number, passport.issuing_state, passport.expiry_date) == (
        "L898902C3",
        "UTO",
        "20340415",
    )
    assert (john.role, john.surname, john.given_names, john.nationality) == (
        "FM",
        "SAMPLE",
        "JOHN",
        "D",
    )
    assert john.documents[0].number == "C01X00T47"
    assert anna.position == 14  # the NAD is the 14th segment, counting UNA


def test_release_character_keeps_separators_literal() -> None:
    message = "UNH+1+PAXLST:D:02B:UN:IATA'NAD+FL+++O?'NEIL:MARY?+ANN?:X??'DOC+P+AB?'12'UNT+3+1'"

    (person,) = read_paxlst(message, max_passengers=10).passengers

    assert person.surname == "O'NEIL"
    assert person.given_names == "MARY+ANN:X?"
    assert person.documents[0].number == "AB'12"


def test_custom_service_string() -> None:
    message = "UNA|*.! ~UNH*1*PAXLST|D|05B~NAD*FL***DOE!*SMITH|JANE~DOC*P*X1~LOC*91*THA~"

    (person,) = read_paxlst(message, max_passengers=10).passengers

    assert (person.surname, person.given_names) == ("DOE*SMITH", "JANE")
    assert (person.documents[0].number, person.documents[0].issuing_state) == ("X1", "THA")


def test_count_mismatch_and_wrong_message_type_are_reported() -> None:
    message = "UNH+1+CUSCAR:D:95B'NAD+FL+++A'NAD+FL+++B'CNT+42:3'"

    read = read_paxlst(message, max_passengers=10)

    assert [code for _, code, _ in read.problems] == ["not_paxlst", "count_mismatch"]
    assert len(read.passengers) == 2


def test_clashing_una_is_refused() -> None:
    read = read_paxlst("UNA++.? 'UNH+1+PAXLST'", max_passengers=10)

    assert read.passengers == []
    assert read.problems[0][1] == "invalid_service_string"


def test_passenger_limit_stops_reading() -> None:
    message = "UNH+1+PAXLST'" + "NAD+FL+++X'" * 5

    read = read_paxlst(message, max_passengers=3)

    assert len(read.passengers) == 3
    assert ("too_many_passengers" in {code for _, code, _ in read.problems}) is True


def test_not_edifact_text() -> None:
    read = read_paxlst("hello world", max_passengers=10)

    assert read.problems[-1][1] == "not_paxlst"
    assert not looks_like_paxlst("document_number,issuing_state")
    assert looks_like_paxlst("\ufeff\r\nUNA:+.? '")


segment_parts = st.sampled_from(
    ["UNA:+.? '", "UNH+1+PAXLST'", "NAD+FL+++", "DOC+P+", "DTM+329:", "DTM+36:", "LOC+91+",
     "ATT+2++", "NAT+2+", "CNT+42:", "?", "'", "+", ":", "UNA", "\ufdd0", "\n", "ATT'",
     "NAT'", "DTM'", "LOC'", "DOC'", "NAD'", "CNT'", "UNH'", "NAD+FL'", "LOC+180+"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(segment_parts, st.text(max_size=8)), max_size=30).map("".join))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    read = read_paxlst(text, max_passengers=5)

    assert len(read.passengers) <= 5


def test_segments_cut_short_after_a_person_are_ignored_not_fatal() -> None:
    read = read_paxlst("UNH'NAD+FL'ATT'NAT'DTM'LOC'DOC'DTM'LOC'CNT'UNT'", max_passengers=10)

    (person,) = read.passengers
    assert (person.surname, person.documents[0].number) == ("", "")


def test_line_breaks_and_spaces_between_segments_change_nothing() -> None:
    """Senders end each segment with a line break (CRLF, or indented): the reading, segment
    numbers included, is the same as the same message on one line."""
    one_line = MESSAGE.replace("'\n", "'")
    spaced = MESSAGE.replace("'\n", "'\r\n  ")

    assert read_paxlst(spaced, max_passengers=10) == read_paxlst(one_line, max_passengers=10)
    assert read_paxlst(MESSAGE, max_passengers=10) == read_paxlst(one_line, max_passengers=10)


def test_a_line_break_as_terminator_keeps_empty_segments_numbered() -> None:
    message = "UNA:+.? \nUNH+1+PAXLST\n\nNAD+FL+++DOE:JANE\n  DOC+P+X1\nLOC+91+THA\n"

    (person,) = read_paxlst(message, max_passengers=10).passengers

    assert (person.position, person.surname, person.given_names) == (4, "DOE", "JANE")
    assert (person.documents[0].number, person.documents[0].issuing_state) == ("X1", "THA")
