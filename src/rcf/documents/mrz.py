"""Parse and validate machine-readable zones (ICAO Doc 9303, 8th edition): TD1, TD2, TD3, MRV-A
and MRV-B. Pure: no I/O, and nothing raises on any input.

``parse_mrz(lines)`` returns an ``MrzResult`` whose ``to_dict()`` is the output contract shared by
the CLI (``rcf documents mrz``) and the API (``POST /api/v1/documents/mrz``). Every problem is
reported, not only the first; suggested OCR corrections are proposed, never applied.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from rcf.documents.mrz_checks import (
    DIGITS,
    FILLER,
    LEGAL,
    read_date,
)
from rcf.documents.mrz_codes import is_known_code
from rcf.documents.mrz_fast import read_fast
from rcf.documents.mrz_layout import Layout, Position, detect_layout
from rcf.documents.mrz_reading import CheckedField, Reading, split_name
from rcf.documents.mrz_result import CHECKS, MrzFields, MrzResult, Problem, Suggestion

__all__ = ["CHECKS", "MrzFields", "MrzResult", "Problem", "Suggestion", "parse_mrz"]

SEXES = frozenset("MFX<")
SHAPES = "3 lines of 30 characters (TD1), 2 of 36 (TD2, MRV-B) or 2 of 44 (TD3, MRV-A)"


def parse_mrz(lines: Sequence[str] | str, *, today: date | None = None) -> MrzResult:
    """Parse and validate a machine-readable zone.

    Args:
        lines: the MRZ lines, or one string of lines separated by newlines. Whitespace around
            each line and blank lines are ignored; nothing else is corrected.
        today: the date that expiry and century inference are judged against (default: today).

    Returns:
        An ``MrzResult``: ``valid`` is true exactly when the format is recognised, every
        character is legal, every check digit is right, the dates are possible and the codes are
        known. An expired document is still valid, with an ``expired`` warning.

    Examples:
        >>> result = parse_mrz([
        ...     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        ...     "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
        ... ], today=date(2026, 11, 29))
        >>> result.valid, result.format, result.fields.given_names, result.birth_date
        (True, <MrzFormat.TD3: 'TD3'>, 'ANNA MARIA', datetime.date(1974, 8, 12))
        >>> [warning.code for warning in result.warnings]
        ['expired']
        >>> parse_mrz(["P<UTO", "L898902C3"]).format is None
        True
    """
    if isinstance(lines, str):
        lines = lines.splitlines()
    today = today or date.today()
    # Most zones are right: the fast path says so, or returns None.
    return read_fast(lines, today) or validate_thoroughly(lines, today)


def validate_thoroughly(lines: Sequence[str] | str, today: date) -> MrzResult:
    """``parse_mrz`` without its fast path (a test pins the two to the same results)."""
    cleaned = _clean(lines)
    layout = detect_layout(cleaned)
    if layout is None:
        return MrzResult(valid=False, format=None, fields=None, errors=(_shape_error(cleaned),))
    result = _Validation(Reading(cleaned, layout), today).result()
    if not result.valid:
        order = _valid_order(cleaned, today)
        if order is not None:
            result.errors = (order, *result.errors)  # the cause first
    return result


def _valid_order(lines: list[str], today: date) -> Problem | None:
    """An error naming the order in which the same lines make a valid zone, if one does (a
    reader or a form took them in the wrong order). The lines are not reordered: the result
    stays that of the lines as given."""
    for order in itertools.permutations(range(len(lines))):
        if list(order) == sorted(order):
            continue
        trial = [lines[index] for index in order]
        layout = detect_layout(trial)
        if layout is None or trial[0][:1] not in layout.document_types:
            continue  # a zone starts with its document code: most orders end here
        if not all(LEGAL.issuperset(line) for line in trial):
            continue  # an illegal character is an error in any order
        reading = Reading(trial, layout)
        # A failing check digit is an error: the full pass (and its suggestions) only after.
        if reading.all_checks_pass() and _Validation(reading, today).valid():
            taken = ", ".join(str(index + 1) for index in order)
            message = f"The lines are out of order: in the order {taken} they make a valid "
            message += f"{layout.format}."
            return Problem("mrz", "wrong_line_order", message)
    return None


def _clean(lines: Sequence[str] | str) -> list[str]:
    if isinstance(lines, str):
        lines = lines.splitlines()
    stripped = list(map(str.strip, lines))
    return stripped if all(stripped) else [line for line in stripped if line]


def _shape_error(lines: list[str]) -> Problem:
    count = len(lines)
    if count not in (2, 3):
        return Problem("mrz", "wrong_line_count", f"Expected {SHAPES}; got {count} line(s).")
    lengths = " and ".join(str(len(line)) for line in lines)
    message = f"Expected {SHAPES}; got {count} lines of {lengths} characters."
    return Problem("mrz", "wrong_line_length", message)


def _unknown_date(raw: str) -> bool:
    """Doc 9303 fills the unknown end of a date of birth (day, or month and day) with fillers."""
    known = raw.rstrip(FILLER)
    return len(known) % 2 == 0 and set(known) <= DIGITS


class _Validation:
    """One pass over a zone whose layout is known, collecting every problem."""

    def __init__(self, reading: Reading, today: date) -> None:
        self.reading = reading
        self.layout: Layout = reading.layout
        self.today = today
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.suggestions: list[Suggestion] = []

    def valid(self) -> bool:
        return self.result().valid

    def result(self) -> MrzResult:
        fields = self._fields()
        self._check_characters()
        self._check_document_type(fields.document_type)
        self._check_code("issuing_state", fields.issuing_state)
        self._check_code("nationality", fields.nationality)
        self._check_sex(fields.sex)
        self._check_name(fields.surname)
        birth = self._date("birth_date", birth=True)
        expiry = self._date("expiry_date", birth=False)
        if expiry is not None and expiry < self.today:
            self._warn("expiry_date", "expired", f"The document expired on {expiry}.")
        checks = self._checks()
        return MrzResult(
            valid=not self.errors,
            format=self.layout.format,
            fields=fields,
            birth_date=birth,
            expiry_date=expiry,
            checks=checks,
            errors=tuple(self.errors),
            warnings=tuple(self.warnings),
            suggestions=tuple(self.suggestions),
        )

    def _error(self, field_name: str, code: str, message: str) -> None:
        self.errors.append(Problem(field_name, code, message))

    def _warn(self, field_name: str, code: str, message: str) -> None:
        self.warnings.append(Problem(field_name, code, message))

    # --- Fields ---------------------------------------------------------------------------------

    def _fields(self) -> MrzFields:
        reading, span = self.reading, self.reading.texts.__getitem__
        surname, given_names = split_name(span("name"))
        return MrzFields(
            document_type=span("document_type").strip(FILLER),
            issuing_state=span("issuing_state").strip(FILLER),
            surname=surname,
            given_names=given_names,
            document_number=reading.document_number,
            nationality=span("nationality").strip(FILLER),
            birth_date=span("birth_date"),
            sex=span("sex"),
            expiry_date=span("expiry_date"),
            optional_data=reading.optional_data,
            optional_data_2=reading.texts.get("optional_data_2", "").strip(FILLER),
        )

    def _check_characters(self) -> None:
        name = self.reading.texts["name"]
        if LEGAL.issuperset("".join(self.reading.lines)) and DIGITS.isdisjoint(name):
            return  # the usual case, without a loop in Python
        for line_index, line in enumerate(self.reading.lines):
            for column, char in enumerate(line):
                if char not in LEGAL:
                    self._illegal((line_index, column), char, "only A-Z, 0-9 and < are allowed")
                elif char in DIGITS and self.reading.in_name((line_index, column)):
                    self._illegal((line_index, column), char, "names hold no digits")

    def _illegal(self, position: Position, char: str, why: str) -> None:
        where = f"line {position[0] + 1}, position {position[1] + 1}"
        message = f"Character {char!r} at {where}: {why}."
        self._error(self.reading.field_at(position), "invalid_character", message)

    def _check_document_type(self, code: str) -> None:
        raw = self.reading.texts["document_type"]  # "<P" is not a passport code: no stripping
        allowed = self.layout.document_types
        if raw[:1] not in allowed or not raw:
            expected = " or ".join(allowed)
            message = f"A {self.layout.format} document code starts with {expected}, not {raw!r}."
            self._error("document_type", "unknown_document_type", message)
        elif self.layout.long_number and raw[1:] == "V":
            # Doc 9303 Parts 5 and 6: the second character is the issuer's choice, except V.
            message = f"A {self.layout.format} document code never ends in V ({code!r})."
            self._error("document_type", "unknown_document_type", message)

    def _check_code(self, name: str, code: str) -> None:
        if not is_known_code(code):
            self._error(
                name, "unknown_code", f"{code!r} is not an ICAO state or organisation code."
            )

    def _check_sex(self, sex: str) -> None:
        if sex not in SEXES:
            self._error("sex", "invalid_sex", f"Sex is M, F, X or < (unspecified), not {sex!r}.")

    def _check_name(self, surname: str) -> None:
        raw = self.reading.texts["name"]
        if not surname:
            self._warn("surname", "surname_empty", "The primary identifier (surname) is empty.")
        if not raw.endswith(FILLER):
            part = "given_names" if "<<" in raw else "surname"
            self._warn(part, "name_truncated", "The name fills its field: it may be truncated.")

    def _date(self, name: str, *, birth: bool) -> date | None:
        raw = self.reading.texts[name]
        if set(raw) <= DIGITS:
            parsed = read_date(raw, birth, self.today)
            if parsed is None:
                self._error(name, "impossible_date", f"{raw!r} is not a possible date (YYMMDD).")
            return parsed
        if birth and _unknown_date(raw):
            self._warn(name, "date_unknown", f"The date of birth is partly unknown ({raw}).")
            return None
        self._error(name, "invalid_date", f"{raw!r} is not a date in the form YYMMDD.")
        return None

    # --- Check digits ---------------------------------------------------------------------------

    def _checks(self) -> dict[str, bool | None]:
        checks: dict[str, bool | None] = dict.fromkeys(CHECKS)
        for checked in self.reading.checked:
            if checked.name != "composite":
                checks[checked.name] = self._run_check(checked, suggest=True)
        composite = self.reading.checked[-1]  # the composite comes last, where there is one
        if composite.name == "composite":
            # Suggestions for the composite only when the others pass: a misread that theirs
            # cover is suggested by theirs.
            others_pass = False not in checks.values()
            checks["composite"] = self._run_check(composite, suggest=others_pass)
        return checks

    def _run_check(self, checked: CheckedField, *, suggest: bool) -> bool:
        reading = self.reading
        if reading.passes(checked):
            return True
        if reading.variant_passes(checked):
            message = "The check digit includes the filler after the first 9 characters."
            self._warn(checked.name, "long_number_issuer_variant", message)
            return True
        check = reading.char(checked.check)
        self._error(checked.name, "check_digit_mismatch", self._mismatch(checked, check))
        if suggest:
            self.suggestions.extend(self._suggest(checked))
        return False

    def _mismatch(self, checked: CheckedField, check: str) -> str:
        label = checked.name.replace("_", " ")
        if check not in DIGITS and check != FILLER:
            return f"The {label} check digit {check!r} is not a digit."
        return f"The {label} check digit {check!r} does not match its data."

    def _suggest(self, checked: CheckedField) -> list[Suggestion]:
        passes_with = self.reading.passes_with
        return [
            self._suggestion(checked, position, replacement)
            for position, replacement in self.reading.substitutions(checked)
            if passes_with(checked, position, replacement)
        ]

    def _suggestion(
        self, checked: CheckedField, position: Position, replacement: str
    ) -> Suggestion:
        line, column = position
        reading = self.reading
        original = reading.char(position)
        target = checked.name if checked.name != "composite" else reading.field_at(position)
        return Suggestion(
            field=target,
            line=line + 1,
            position=column + 1,
            found=original,
            suggested=replacement,
            value=reading.value_with(position, replacement),
            composite_passes=reading.composite_passes_with(position, replacement),
            message=f"Reading {original!r} at line {line + 1}, position {column + 1} as "
            f"{replacement!r} makes the {checked.name.replace('_', ' ')} check digit pass.",
        )
