"""Reports kept in the workers' files are copied in runs of consecutive keys."""

from __future__ import annotations

import pytest

from rcf.errors import InvalidInput
from rcf.incidents.import_rows import CheckedReport
from rcf.incidents.import_stash import KEY_BITS, is_stashed, runs


def _batch(*keys: int | None) -> list[CheckedReport]:
    return [CheckedReport(n, f"R-{n}", "h", "national", (), key, ()) for n, key in enumerate(keys)]


def test_consecutive_keys_of_one_file_are_one_run() -> None:
    a, b = 7 << KEY_BITS, 9 << KEY_BITS
    batch = _batch(a + 1, a + 2, a + 3, b + 1, b + 2, a + 4, a + 6)

    assert list(runs(batch)) == [
        (a + 1, a + 3, 0),
        (b + 1, b + 2, 3),
        (a + 4, a + 4, 5),
        (a + 6, a + 6, 6),
    ]


def test_a_report_without_a_key_means_the_reports_changed_meanwhile() -> None:
    with pytest.raises(InvalidInput):
        list(runs(_batch(5, None)))


def test_values_are_not_keys() -> None:
    assert is_stashed(_batch(5))
    assert not is_stashed([CheckedReport(1, "R", "h", "national", (), ("v",), ())])
    assert not is_stashed([])
