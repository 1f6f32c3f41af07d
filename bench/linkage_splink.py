"""The baseline of bench/linkage.py: Splink 5 on DuckDB, in a standard configuration.

Columns come from our parsers (Splink has none for the members' conventions): names
transliterated and split into first name (first part) and surname (last part), birth dates as
ISO strings when complete, nationalities as ISO codes, documents upper-case; event dates as ISO
strings, places through our gazetteer and vessel names without their type prefixes. Splink
thus gets every normalisation we do, and the comparison is of the linkage models. Then the
steps of Splink's tutorials: comparison-library defaults (term frequencies on names), the
probability that two random records match from deterministic rules, u by random sampling, m by
EM on two blocking rules, predictions and connected components at match probability 0.5.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from rcf.linkage.events import prepare_events
from rcf.linkage.persons import prepare_persons

Rows = Sequence[Mapping[str, str]]
THRESHOLD = 0.5


def splink_persons(rows: Rows) -> dict[str, str]:
    """Splink's clusters of person records."""
    records = [_person_columns(p) for p in prepare_persons(rows)]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("gender"),
            cl.LevenshteinAtThresholds("document_number", [1, 2]),
            cl.ExactMatch("place_of_birth"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("first_name", "birth_year"),
            block_on("surname", "birth_year"),
            block_on("dob"),
            block_on("document_number"),
        ],
    )
    linker = Linker(
        DuckDBAPI().register(pd.DataFrame(records)), settings, log_level=logging.WARNING
    )
    deterministic = [block_on("first_name", "surname", "dob"), block_on("document_number")]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    return _clusters(linker)


def splink_events(rows: Rows) -> dict[str, str]:
    """Splink's clusters of incident reports."""
    records = [_event_columns(e) for e in prepare_events(rows)]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.AbsoluteDateDifferenceAtThresholds(
                "event_date",
                input_is_string=True,
                metrics=["day", "day", "day"],
                thresholds=[1, 3, 7],
            ),
            cl.JaroWinklerAtThresholds("location"),
            cl.JaroWinklerAtThresholds("vessel_name"),
            cl.ExactMatch("persons_on_board"),
            cl.ArrayIntersectAtSizes("nationalities", [2, 1]),
            cl.ArrayIntersectAtSizes("facilitators", [1]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("week"),
            block_on("week_shifted"),
            block_on("vessel_name"),
            block_on("location", "month"),
        ],
    )
    linker = Linker(
        DuckDBAPI().register(pd.DataFrame(records)), settings, log_level=logging.WARNING
    )
    deterministic = [block_on("vessel_name", "event_date")]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("week"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("vessel_name"))
    return _clusters(linker)


def _clusters(linker: Linker) -> dict[str, str]:
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD
    ).as_pandas_dataframe()
    return dict(zip(clustered["unique_id"], clustered["cluster_id"].astype(str), strict=True))


def _person_columns(person: Any) -> dict[str, Any]:
    tokens = [t.lower() for t in person.tokens]
    birth = person.birth.to_date() if person.birth else None
    return {
        "unique_id": person.record_id,
        "first_name": tokens[0] if tokens else None,
        "surname": tokens[-1] if len(tokens) > 1 else None,
        "dob": birth.isoformat() if birth else None,
        "birth_year": str(person.birth.year) if person.birth else None,
        "nationality": person.nationality,
        "gender": person.gender,
        "document_number": person.document or None,
        "place_of_birth": person.place.lower() or None,
    }


def _event_columns(event: Any) -> dict[str, Any]:
    day = event.day[0] if event.day else None
    return {
        "unique_id": event.report_id,
        "event_date": date.fromordinal(day).isoformat() if day else None,
        "week": day // 7 if day else None,
        "week_shifted": (day + 3) // 7 if day else None,
        "month": day // 30 if day else None,
        "location": event.place.lower() or None,
        "vessel_name": event.vessel.lower() or None,
        "persons_on_board": event.count,
        "nationalities": sorted(event.nationalities),
        "facilitators": [" ".join(tokens).lower() for tokens in event.facilitators],
    }
