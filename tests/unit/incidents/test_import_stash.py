"""Reports kept in the workers' files are copied in runs of consecutive keys, a segment's
files once they are complete."""

from __future__ import annotations

import pytest

from rcf.errors import InvalidInput
from rcf.incidents.import_rows import CheckedReport
from rcf.incidents.import_stash import (
    COUNT_BITS,
    KEY_BITS,
    MAX_ATTACHED,
    is_stashed,
    ready,
    runs,
    segment_of_bytes,
    segment_of_key,
    segment_of_rows,
    segments,
)


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


def _key(worker: int, segment: int, count: int) -> int:
    return (worker << KEY_BITS) | (segment << COUNT_BITS) | count


def test_a_segment_s_files_are_separate_runs() -> None:
    a = [_key(7, 0, 1), _key(7, 0, 2), _key(7, 1, 1), _key(7, 1, 2)]

    assert list(runs(_batch(*a))) == [(a[0], a[1], 0), (a[2], a[3], 2)]
    assert [segment_of_key(key) for key in a] == [0, 0, 1, 1]


def test_only_segments_before_the_last_one_seen_are_ready() -> None:
    """A report of segment 2 collected means every chunk of segments 0 and 1 was checked and
    written, by either worker: their files are complete."""
    waiting = _batch(_key(7, 0, 1), _key(9, 0, 1), _key(9, 1, 1), _key(7, 1, 1), _key(7, 2, 1))

    assert ready(waiting) == 4
    assert ready(waiting[:4]) == 2
    assert ready(waiting[:2]) == 0
    assert ready([]) == 0
    values = [CheckedReport(1, "R", "h", "national", (), ("v",), ())]
    assert ready(values) == 1  # checked in the main process: nothing stashed, nothing to wait for


def test_segments_halve_what_is_left_and_stay_within_the_attach_limit() -> None:
    count = segments(2)
    size = 1_000_000

    found = [segment_of_bytes(offset, size, count) for offset in range(0, size, 1_000)]

    assert found == sorted(found)
    assert [found.count(segment) for segment in range(count)] == [500, 250, 125, 125]
    assert [segment_of_rows(rows, count) for rows in (0, 49_999, 50_000, 150_000, 10**6)] == [
        0,
        0,
        1,
        2,
        count - 1,
    ]
    assert 2 * (count + 1) <= MAX_ATTACHED  # and one more file a worker after blocks
