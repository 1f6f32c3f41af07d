"""Property tests of the release on small random case sets: whatever the cases, k and l, the
output passes the independent checker, every value generalises its input, and no case is lost
or duplicated."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rcf.trafficking.release import CaseRecord, release
from tests.unit.trafficking.test_release import QI, as_rows, generalises, recorded, violations

cases = st.builds(
    CaseRecord,
    year=st.integers(2017, 2022),
    gender=st.sampled_from(["female", "male", "unknown"]),
    age_band=st.sampled_from(["9-17", "18-20", "21-23", "30-38", "48+", "unknown"]),
    citizenship=st.sampled_from(["THA", "MMR", "LAO", "IDN", "PHL", "UKR", "XXA"]),
    country_of_exploitation=st.sampled_from(["THA", "MYS", "KHM", "USA", "XXX"]),
    exploitation_types=st.sampled_from(
        [("forced_labour",), ("sexual_exploitation",), ("forced_criminality",), ()]
    ),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(cases, max_size=300),
    st.integers(2, 12),
    st.integers(1, 3),
    st.sampled_from([0.0, 0.05, 0.5]),
)
def test_any_release_is_k_anonymous_l_diverse_and_faithful(
    records: list[CaseRecord], k: int, l_value: int, max_suppressed: float
) -> None:
    result = release(records, k=k, l=l_value, max_suppressed=max_suppressed)

    assert violations(as_rows(result), k, l_value) == []
    sources = sorted([row.source for row in result.rows] + result.suppressed)
    assert sources == list(range(len(records)))
    for row in result.rows:
        original = recorded(records[row.source])
        for column, value in zip(QI, row.quasi_identifiers, strict=True):
            assert generalises(original[column], value, column)
    if result.rows:  # suppression stays within its budget once anything can be released
        assert len(result.suppressed) <= max_suppressed * len(records)
