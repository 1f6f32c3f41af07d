"""The case form: a flat HTML form (no JavaScript) nested into ``CaseIn``'s shape, so the page
and the API validate through one schema; the schema's error keys are mapped back to form ids.

Repeated rows are named ``<group>-<row>-<field>`` (``journey-1-country``); blank rows are skipped
and ``positions`` remembers which form row each item came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rcf.access.policy import SHARING_FIELDS
from rcf.web.deps import form_list, sharing_input

ROWS = {
    "identity_documents": ("number", "kind", "issuing_country"),
    "perpetrators": ("kind", "roles", "citizenship", "gender", "age_band"),
    "journey": ("event_type", "country", "place", "occurred_on"),
}
MIN_ROWS = {"identity_documents": 2, "perpetrators": 2, "journey": 3}
SCALARS = (
    "identified_on", "status", "gender", "age_band", "trafficking_status", "status_decided_by",
    "recruitment_country", "country_of_exploitation", "place_of_exploitation", "duration_months",
    "support_plan", "notes",
)  # fmt: skip
IDENTITY_SCALARS = ("names", "birth_date", "contact", "address")
CHECKBOXES = (
    "recruitment_methods", "online_platforms", "recruiter_relations", "means_of_control",
    "exploitation_types", "isic_sections", "protection_flags", "protection_steps_done",
)  # fmt: skip
CITIZENSHIP_ROWS = 3


@dataclass
class ParsedForm:
    data: dict[str, Any]
    positions: dict[str, list[int]] = field(default_factory=dict)


def _given(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def case_input(form: dict[str, Any]) -> ParsedForm:
    data: dict[str, Any] = {n: form[n].strip() for n in SCALARS if _given(form.get(n))}
    parsed = ParsedForm(data)
    identity: dict[str, Any] = {n: form[n].strip() for n in IDENTITY_SCALARS if _given(form.get(n))}
    identity["identity_documents"] = _rows(form, parsed, "identity_documents")
    data["identity"] = identity
    data["perpetrators"] = _rows(form, parsed, "perpetrators")
    data["journey"] = _rows(form, parsed, "journey")
    for name in CHECKBOXES:
        data[name] = form_list(form, name)
    citizenships = [form.get(f"citizenships-{n}") for n in range(CITIZENSHIP_ROWS)]
    data["citizenships"] = [str(c) for c in citizenships if _given(c)]
    languages = str(form.get("languages") or "")
    data["languages"] = [part.strip() for part in languages.split(",") if part.strip()]
    data["consent"] = _consent(form)
    if form_list(form, "screening_indicators") or _given(form.get("screening_minor")):
        data["screening"] = {
            "indicators": form_list(form, "screening_indicators"),
            "minor": _minor(form.get("screening_minor")),
        }
    data["sharing"] = sharing_input(form)
    return parsed


def _minor(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(str(value or "no"))


def _consent(form: dict[str, Any]) -> dict[str, Any]:
    consent: dict[str, Any] = {"purposes": form_list(form, "consent_purposes")}
    for name in ("given_on", "retention_until"):
        if _given(form.get(f"consent_{name}")):
            consent[name] = form[f"consent_{name}"].strip()
    return consent


def _rows(form: dict[str, Any], parsed: ParsedForm, group: str) -> list[dict[str, Any]]:
    fields = ROWS[group]
    items, positions = [], []
    for row in range(row_count(form, group)):
        item = {f: form.get(f"{group}-{row}-{f}") for f in fields}
        given: dict[str, Any] = {f: str(v).strip() for f, v in item.items() if _given(v)}
        if group == "perpetrators":
            roles = form_list(form, f"{group}-{row}-roles")
            given["roles"] = roles
            if roles or len(given) > 1:
                items.append(given)
                positions.append(row)
        elif given and (group != "identity_documents" or "number" in given):
            items.append(given)
            positions.append(row)
    parsed.positions[group] = positions
    return items


def row_count(form: dict[str, Any], group: str) -> int:
    first = ROWS[group][0]
    count = 0
    while f"{group}-{count}-{first}" in form and count < 100:
        count += 1
    return count


def field_ids(errors: dict[str, str], positions: dict[str, list[int]]) -> dict[str, str]:
    """``journey.1.country`` -> ``journey-<form row>-country``; ``identity.names`` ->
    ``names``; ``consent.given_on`` -> ``consent_given_on``; ``sharing.x`` -> ``x``."""
    found: dict[str, str] = {}
    for key, message in errors.items():
        found.setdefault(_field_id(key.split("."), positions), message)
    return found


def _field_id(parts: list[str], positions: dict[str, list[int]]) -> str:
    if parts[0] == "identity" and len(parts) > 1:
        parts = parts[1:]
    if parts[0] == "consent":
        return "consent_" + (parts[1] if len(parts) > 1 else "purposes")
    if parts[0] == "sharing":
        return parts[1] if len(parts) > 1 else "visibility"
    if parts[0] in positions and len(parts) > 1 and parts[1].isdigit():
        rows = positions[parts[0]]
        index = int(parts[1])
        row = rows[index] if index < len(rows) else index
        return "-".join([parts[0], str(row), *parts[2:]])
    if parts[0] == "citizenships":
        return "citizenships-0"
    return parts[0]


def form_values(content: dict[str, Any]) -> dict[str, Any]:
    """A stored case (``CaseIn``'s JSON shape) as the form's flat values."""
    values: dict[str, Any] = {n: _text(content.get(n)) for n in SCALARS}
    identity = content.get("identity") or {}
    values.update({n: _text(identity.get(n)) for n in IDENTITY_SCALARS})
    _flatten_rows(values, "identity_documents", identity.get("identity_documents") or [])
    _flatten_rows(values, "perpetrators", content.get("perpetrators") or [])
    _flatten_rows(values, "journey", content.get("journey") or [])
    for name in CHECKBOXES:
        values[name] = [str(v) for v in content.get(name) or []]
    for n, code in enumerate(content.get("citizenships") or []):
        values[f"citizenships-{n}"] = code
    values["languages"] = ", ".join(content.get("languages") or [])
    consent = content.get("consent") or {}
    values["consent_purposes"] = [str(p) for p in consent.get("purposes") or []]
    values["consent_given_on"] = _text(consent.get("given_on"))
    values["consent_retention_until"] = _text(consent.get("retention_until"))
    sharing = content.get("sharing") or {}
    values.update({n: _text(sharing.get(n)) for n in SHARING_FIELDS})
    values["shared_with"] = list(sharing.get("shared_with") or [])
    return values


def _flatten_rows(values: dict[str, Any], group: str, items: list[dict[str, Any]]) -> None:
    for row, item in enumerate(items):
        for name in ROWS[group]:
            value = item.get(name)
            values[f"{group}-{row}-{name}"] = (
                [str(v) for v in value] if isinstance(value, list) else _text(value)
            )


def rows_needed(values: dict[str, Any], group: str) -> int:
    """The minimum, or the last filled row plus a blank one."""
    filled = [
        row
        for row in range(row_count(values, group))
        if any(values.get(f"{group}-{row}-{f}") for f in ROWS[group])
    ]
    return max(MIN_ROWS[group], filled[-1] + 2 if filled else 0)


def _text(value: Any) -> str:
    return "" if value is None else str(value)
