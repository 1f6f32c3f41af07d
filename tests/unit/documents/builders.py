"""Build MRZs with correct check digits from field values (for tests and property tests)."""

from __future__ import annotations

from rcf.documents.mrz_checks import check_digit


def pad(value: str, width: int) -> str:
    return (value + "<" * width)[:width]


def digit(data: str) -> str:
    result = check_digit(data)
    assert result is not None, data
    return str(result)


def name_field(surname: str, given_names: str, width: int) -> str:
    name = surname.replace(" ", "<")
    if given_names:
        name += "<<" + given_names.replace(" ", "<")
    return pad(name, width)


def td3(
    *,
    number: str = "L898902C3",
    state: str = "UTO",
    nationality: str = "UTO",
    surname: str = "ERIKSSON",
    given: str = "ANNA MARIA",
    birth: str = "740812",
    sex: str = "F",
    expiry: str = "120415",
    optional: str = "ZE184226B",
    code: str = "P<",
) -> list[str]:
    line1 = code + pad(state, 3) + name_field(surname, given, 39)
    number, optional = pad(number, 9), pad(optional, 14)
    head = number + digit(number) + pad(nationality, 3) + birth + digit(birth) + sex
    tail = expiry + digit(expiry) + optional + digit(optional)
    composite = head[:10] + head[13:20] + tail
    return [line1, head + tail + digit(composite)]


def td2(
    *,
    number: str = "D23145890",
    state: str = "UTO",
    nationality: str = "UTO",
    surname: str = "ERIKSSON",
    given: str = "ANNA MARIA",
    birth: str = "740812",
    sex: str = "F",
    expiry: str = "120415",
    optional: str = "",
    code: str = "I<",
) -> list[str]:
    line1 = code + pad(state, 3) + name_field(surname, given, 31)
    first, check, optional_field = _number_parts(number, optional, 7)
    head = first + check + pad(nationality, 3) + birth + digit(birth) + sex
    tail = expiry + digit(expiry) + optional_field
    composite = head[:10] + head[13:20] + tail
    return [line1, head + tail + digit(composite)]


def td1(
    *,
    number: str = "D23145890",
    state: str = "UTO",
    nationality: str = "UTO",
    surname: str = "ERIKSSON",
    given: str = "ANNA MARIA",
    birth: str = "740812",
    sex: str = "F",
    expiry: str = "120415",
    optional: str = "",
    optional_2: str = "",
    code: str = "I<",
    issuer_variant: bool = False,
) -> list[str]:
    first, check, optional_field = _number_parts(number, optional, 15, issuer_variant)
    line1 = code + pad(state, 3) + first + check + optional_field
    line2 = birth + digit(birth) + sex + expiry + digit(expiry) + pad(nationality, 3)
    line2 += pad(optional_2, 11)
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    return [line1, line2 + digit(composite), name_field(surname, given, 30)]


def _number_parts(
    number: str, optional: str, width: int, issuer_variant: bool = False
) -> tuple[str, str, str]:
    """(first 9, check position, optional field): a long number overflows into optional data."""
    if len(number) <= 9:
        return pad(number, 9), digit(pad(number, 9)), pad(optional, width)
    checked = number[:9] + "<" + number[9:] if issuer_variant else number
    return number[:9], "<", pad(number[9:] + digit(checked) + "<" + optional, width)


def visa(
    *,
    width: int = 44,
    number: str = "L8988901C",
    state: str = "UTO",
    nationality: str = "XXX",
    surname: str = "ERIKSSON",
    given: str = "ANNA MARIA",
    birth: str = "400907",
    sex: str = "F",
    expiry: str = "961210",
    optional: str = "6ZE184226B",
    code: str = "V<",
) -> list[str]:
    """MRV-A (width 44) or MRV-B (width 36)."""
    line1 = code + pad(state, 3) + name_field(surname, given, width - 5)
    number = pad(number, 9)
    line2 = number + digit(number) + pad(nationality, 3) + birth + digit(birth) + sex
    line2 += expiry + digit(expiry) + pad(optional, width - 28)
    return [line1, line2]
