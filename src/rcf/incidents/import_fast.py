"""The fast path of the import: a chunk of rows checked column by column instead of one
``IncidentIn`` per row (about 5x cheaper: most of the work is done by set, map and regex calls
over a whole column, each distinct value of a column is read once).

It decides only what it is sure of. A row it accepts is one ``IncidentIn`` accepts, and its
values, person counts and content hash are the ones ``import_rows.prepare`` makes from the
``IncidentIn``. Any other row (a wrong cell, a broken rule, or a valid value written in an
unusual way, see ``import_cells``) is left undecided and goes through ``IncidentIn`` as before,
which finds the problems and words them: the messages come from one place.
The columns are read by ``import_fast_columns``; here are the rules across fields and the rows
written (values, content hashes, fees). tests/unit/incidents/test_import_fast.py pins the
equivalence with generated rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from operator import itemgetter, methodcaller
from typing import Any, NamedTuple, cast

from sqlalchemy.engine.processors import to_float

from rcf.access.policy import SHARING_FIELDS
from rcf.access.schemas import SharingIn
from rcf.incidents.codes import FeeBasis
from rcf.incidents.import_cells import Persons
from rcf.incidents.import_copy import copy_lines, person_lines
from rcf.incidents.import_fast_columns import read_columns
from rcf.incidents.import_rows import (
    CheckedReport,
    Problem,
    RowSpec,
    check_row,
    converters,
    enum_value,
    prepare,
    rate_book,
)
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.service import PLAIN_FIELDS, fee_usd_per_person

TOTAL = FeeBasis.TOTAL.value


# --- The rules across fields (IncidentIn._consistent and SharingIn._consistent) -----------------


def _flag(bad: bytearray, oks: list[bool]) -> None:
    if not all(oks):
        for index, ok in enumerate(oks):
            if not ok:
                bad[index] = 1


def _route_ok(transit: list[str], origin: str | None, destination: str | None) -> bool:
    if len(set(transit)) != len(transit) or {origin, destination} & set(transit):
        return False
    return origin is None or origin != destination


def _fee_ok(amount: Any, currency: Any, basis: Any, payment: Any, persons: Persons) -> bool:
    if amount is None:
        return not (currency or basis or payment)
    if currency is None or basis is None:
        return False
    return basis != TOTAL or persons.total > 0


def _check_rules(v: dict[str, list[Any]], bad: bytearray) -> None:
    persons, zipped = v["persons"], _zipper(v)
    _flag(bad, [(a is None) is (b is None) for a, b in zipped("latitude", "longitude")])
    ends = zipped("origin_country", "destination_country")
    if any(v["transit_countries"]):
        _flag(
            bad,
            [_route_ok(t, o, d) for t, (o, d) in zip(v["transit_countries"], ends, strict=True)],
        )
    else:
        _flag(bad, [o is None or o != d for o, d in ends])
    children = zipped("unaccompanied_children", "separated_children")
    _flag(
        bad,
        [p.distinct and u + s <= p.children for p, (u, s) in zip(persons, children, strict=True)],
    )
    fee = [v[name] for name in ("fee_amount", "fee_currency", "fee_basis", "payment_method")]
    if any(any(column) for column in fee):
        _flag(bad, list(map(_fee_ok, *fee, persons)))
    outcomes = zipped("returned", "asylum_claims", "prosecutions", "arrests")
    _flag(
        bad,
        [
            r <= p.total and a <= p.total and q <= k
            for p, (r, a, q, k) in zip(persons, outcomes, strict=True)
        ],
    )
    _flag(bad, [(s == "members") is bool(w) for s, w in zipped("visibility", "shared_with")])
    if "H3" in v["handling_code"]:
        _flag(
            bad, [h != "H3" or bool(r) for h, r in zipped("handling_code", "handling_restriction")]
        )


def _zipper(v: dict[str, list[Any]]) -> Callable[..., Any]:
    def zipped(*names: str) -> Any:
        return zip(*(v[name] for name in names), strict=True)

    return zipped


# --- The values written ---------------------------------------------------------------------


def _hash_template() -> str:
    sharing = ",".join(f'"{name}":%s' for name in SharingIn.model_fields)
    fields = [f'"{name}":%s' for name in IncidentIn.model_fields if name != "sharing"]
    return "{" + ",".join(fields) + ',"sharing":{' + sharing + "}}"


HASH_TEMPLATE = _hash_template()  # model_dump_json's layout, a %s per field
HASH_FIELDS = [name for name in IncidentIn.model_fields if name != "sharing"]
HASH_FIELDS += list(SharingIn.model_fields)
_hexdigest = methodcaller("hexdigest")


def _hashed_texts(rows: Iterable[tuple[str, ...]]) -> Iterator[str]:
    """Each row's JSON texts put in HASH_TEMPLATE: its fixed pieces and the row's texts
    alternate in one list, joined (half the time of ``HASH_TEMPLATE % row``)."""
    pieces = HASH_TEMPLATE.split("%s")
    parts = [""] * (2 * len(pieces) - 1)
    parts[0::2] = pieces
    for row in rows:
        parts[1::2] = row
        yield "".join(parts)


class _FeeFacts(NamedTuple):
    """What ``service.fee_usd_per_person`` reads of a report."""

    fee_amount: Decimal | None
    fee_currency: str | None
    fee_basis: FeeBasis | None
    persons_total: int


def _fees(v: dict[str, list[Any]], spec: RowSpec) -> list[Decimal | None]:
    """The service's own formula, once per distinct (amount, currency, basis, persons)."""
    book, found = rate_book(spec.target.rates), {}
    fees: list[Decimal | None] = []
    for amount, currency, basis, persons in zip(
        v["fee_amount"], v["fee_currency"], v["fee_basis"], v["persons"], strict=True
    ):
        if amount is None:
            fees.append(None)
            continue
        key = (amount, currency, basis, persons.total)
        if key not in found:
            facts = _FeeFacts(amount, currency, FeeBasis(basis) if basis else None, persons.total)
            found[key] = fee_usd_per_person(book, cast(IncidentIn, facts))
        fees.append(found[key])
    return fees


_FLOATS = frozenset({float, type(None)})


def _types(values: list[Any]) -> set[type]:
    return set(map(type, values))


def _stored(values: list[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """A column as the driver receives it, converted once per distinct value object (a
    column's equal cells were read into one object: see ``import_fast_columns``)."""
    if convert is enum_value or (convert is to_float and _types(values) <= _FLOATS):
        return values  # already the plain values
    keys = list(map(id, values))
    once = dict(zip(keys, values, strict=True))
    stored = {key: None if value is None else convert(value) for key, value in once.items()}
    return list(map(stored.__getitem__, keys))


def _reports(
    lines: list[int], v: dict[str, list[Any]], texts: dict[str, list[str]], spec: RowSpec
) -> list[CheckedReport]:
    rows = zip(*(texts[name] for name in HASH_FIELDS), strict=True)
    hashes = map(hashlib.sha256, map(str.encode, _hashed_texts(rows)))
    digests = list(map(_hexdigest, hashes))
    persons = v["persons"]
    columns = [v[name] for name in PLAIN_FIELDS] + [v[name] for name in SHARING_FIELDS]
    columns += [v["facilitators"], v["fraudulent_documents"]]
    columns += [[p.total for p in persons], [p.children for p in persons], _fees(v, spec), digests]
    for index, convert in converters(spec.target.drivername):
        columns[index] = _stored(columns[index], convert)
    people: Iterable[Any] = map(itemgetter(0), persons)
    incidents: Iterable[Any] = zip(*columns, strict=True)
    if spec.target.copy:
        incidents, people = copy_lines(columns), map(person_lines, people)
    return list(
        map(
            CheckedReport,
            lines,
            v["reference"],
            digests,
            v["visibility"],
            map(tuple, v["shared_with"]),
            incidents,
            people,
        )
    )


def fast_chunk(spec: RowSpec, chunk: Sequence[tuple[int, list[str]]]) -> list[CheckedReport | None]:
    """Each row of ``chunk`` ready to write, or None where the fast path cannot vouch for it."""
    if not chunk:
        return []
    bad = bytearray(len(chunk))
    values, texts = read_columns(spec, [cells for _, cells in chunk], bad)
    _check_rules(values, bad)
    if all(bad):
        return [None] * len(chunk)
    reports = _reports([line for line, _ in chunk], values, texts, spec)
    if any(bad):
        return [None if flagged else report for flagged, report in zip(bad, reports, strict=True)]
    return cast(list[CheckedReport | None], reports)


def check_chunk(
    spec: RowSpec, chunk: Sequence[tuple[int, list[str]]], keep_reports: bool
) -> list[CheckedReport | list[Problem]]:
    """Every row of ``chunk``, in order (what a worker process runs): through the fast path, or
    through ``IncidentIn`` when the fast path cannot vouch for it."""
    fast_path = fast_chunk(spec, chunk)
    if None not in fast_path:  # the usual chunk: every row vouched for
        return cast(list[CheckedReport | list[Problem]], fast_path)
    found: list[CheckedReport | list[Problem]] = []
    for (line, cells), fast in zip(chunk, fast_path, strict=True):
        if fast is not None:
            found.append(fast)
            continue
        result = check_row(line, cells, spec)
        if isinstance(result, list):
            found.append(result)
        else:
            found.append(prepare(line, result, spec.target, keep_report=keep_reports))
    return found
