"""Checking a large file in worker processes (``importing.check_table``): forked workers check
chunks of rows, or blocks of the CSV file they parse themselves (``import_blocks``), a few in
flight at a time; their results are handed back in file order, so the outcome is the same as
when the file is checked in one process."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from typing import Any

from rcf.incidents.import_blocks import Block, Resequence, block_rows
from rcf.incidents.import_fast import check_chunk
from rcf.incidents.import_files import CsvSource, too_many_rows
from rcf.incidents.import_rows import CheckedReport, Problem, RowSpec, check_row
from rcf.incidents.import_stash import (
    Stash,
    StashWriter,
    segment_of_bytes,
    segment_of_rows,
    segments,
)

BATCH = 2_000  # rows per chunk, and between progress reports

Keep = Callable[[str, str], bool]  # (reference, content hash) -> keep the IncidentIn?
Chunk = list[tuple[int, list[str]]]
Results = list[CheckedReport | list[Problem]]
Add = Callable[[Results, Chunk | None], None]  # a chunk's results, in file order
Sent = list[tuple[Any, ...] | list[Problem]]  # a chunk's results as a worker sends them (``plain``)


def keep_all(reference: str, digest: str) -> bool:
    return True


def keep_none(reference: str, digest: str) -> bool:
    """A first import (the member has no report yet): nothing is amended, nothing is kept."""
    return False


def chunks(rows: Iterator[tuple[int, list[str]]]) -> Iterator[Chunk]:
    while chunk := list(islice(rows, BATCH)):
        yield chunk


def check_in_workers(
    spec: RowSpec,
    rows: Iterator[tuple[int, list[str]]],
    add: Add,
    keep: Keep,
    workers: int,
    stash: Stash | None = None,
    last_segment_only: bool = False,
) -> None:
    """Chunks go to worker processes while the file is read; a few chunks in flight at most
    (memory stays bounded); results are taken in submission order (deterministic). With a
    ``stash``, the workers keep the new reports' values in their files (``import_stash``), by
    segments of rows (only the last one after blocks: ``import_stash.segments``)."""
    pool = _pool(workers, keep, stash)
    pending: deque[tuple[Chunk, Future[Sent]]] = deque()
    count, rows_before = segments(workers), 0
    try:
        for chunk in chunks(rows):
            segment = count - 1 if last_segment_only else segment_of_rows(rows_before, count)
            pending.append((chunk, pool.submit(_check_in_worker, spec, chunk, segment)))
            rows_before += len(chunk)
            if len(pending) > 2 * workers:
                done, future = pending.popleft()
                add(restored(future.result()), done)
        while pending:
            done, future = pending.popleft()
            add(restored(future.result()), done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


BlockResult = tuple[int, Sent] | None


def check_blocks_in_workers(
    spec: RowSpec,
    source: CsvSource,
    parts: Iterator[Block],
    add: Add,
    keep: Keep,
    workers: int,
    stash: Stash | None = None,
) -> None:
    """Blocks of the file go to worker processes, which parse and check them (see
    ``import_blocks``); results are taken in file order. From a block a worker cannot parse on
    its own, the rest of the file is read row by row (``check_in_workers``)."""
    pool = _pool(workers, keep, stash)
    pending: deque[tuple[Block, Future[BlockResult]]] = deque()
    rows, count = 0, segments(workers)
    resume: Block | None = None
    try:
        for block in parts:
            segment = segment_of_bytes(block.offset, source.size, count)
            pending.append((block, pool.submit(_check_block_in_worker, spec, block, segment)))
            while pending and (len(pending) > 2 * workers or pending[0][1].done()):
                resume, rows = _take_block(pending.popleft(), add, source, rows)
                if resume is not None:
                    break
            if resume is not None:
                break
        while pending and resume is None:
            resume, rows = _take_block(pending.popleft(), add, source, rows)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if resume is not None:
        rest = source.rows_from(resume, rows)
        check_in_workers(spec, rest, add, keep, workers, stash, last_segment_only=True)


def _take_block(
    sent: tuple[Block, Future[BlockResult]], add: Add, source: CsvSource, rows: int
) -> tuple[Block | None, int]:
    """(the block to read row by row from, or None; the rows read so far)"""
    block, future = sent
    result = future.result()
    if result is None:
        return block, rows
    count, found = result[0], restored(result[1])
    if rows + count > source.limits.max_rows:
        raise too_many_rows(source.limits)
    add(found, None)
    return None, rows + count


def _pool(workers: int, keep: Keep, stash: Stash | None) -> ProcessPoolExecutor:
    """Forked workers; ``keep`` and ``stash`` are inherited, not sent (closures over the
    references)."""
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_start,
        initargs=(os.getpid(), keep, stash),
    )


@contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector off while a large file is imported by the CLI (main thread only,
    see ``can_use_workers``): nearly every object made is freed at once by reference counting
    or kept to the end, and the collector's passes over them cost about a tenth of the import.
    Afterwards the frozen reports are handed back to it, and it runs as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def can_use_workers() -> bool:
    """Workers are forked, and only from the main thread (the CLI): they start at once and
    inherit the imports. A web request runs in a server's worker thread: forking a threaded
    server could copy a held lock, and spawning would re-import the server's main module; an
    upload (at most UPLOAD_LIMITS.max_rows) is checked in its own process instead."""
    return (
        threading.current_thread() is threading.main_thread()
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _check_in_worker(spec: RowSpec, chunk: Chunk, segment: int) -> Sent:
    found = check_chunk(spec, chunk, False)
    _collect_garbage()
    return _sent(found, segment)


def plain(results: Results) -> Sent:
    """The reports as plain tuples: a named tuple is pickled and unpickled through Python-level
    calls (``__getnewargs__``, ``__new__``), a plain one in C: at 1M rows that saved ~1.5 µs a
    row in the workers and ~0.5 in the main process, even with ``restored``."""
    return [found if isinstance(found, list) else tuple(found) for found in results]


def restored(sent: Sent) -> Results:
    """``plain`` undone, in the main process."""
    if list not in map(type, sent):  # the usual chunk: every row valid
        return list(map(CheckedReport._make, sent))
    return [found if isinstance(found, list) else CheckedReport._make(found) for found in sent]


def _check_block_in_worker(spec: RowSpec, block: Block, segment: int) -> BlockResult:
    """A block's rows checked, the reports to keep with their ``IncidentIn``; None when the
    block cannot be parsed on its own."""
    try:
        rows = block_rows(block)
    except Resequence:
        return None
    found = check_chunk(spec, rows, False)
    for index, item in enumerate(found if _worker_keep is not keep_none else ()):
        if not isinstance(item, list) and _worker_keep(item.reference, item.content_hash):
            report = check_row(item.row, rows[index][1], spec)
            assert not isinstance(report, list), "a valid row checked again is valid"
            found[index] = item._replace(report=report)
    _collect_garbage()
    return len(rows), _sent(found, segment)


_worker_keep: Keep = keep_all
_worker_stash: StashWriter | None = None
_chunks_checked = 0
FULL_COLLECTION_EVERY = 64  # chunks


def _collect_garbage() -> None:
    """Every FULL_COLLECTION_EVERY chunks rather than every 700 objects (the collector is off
    in a worker: a chunk makes few cycles, if any). Collecting after each chunk, while its
    results (some 10,000 objects) were still alive, cost a sixth of the checking."""
    global _chunks_checked
    _chunks_checked += 1
    if _chunks_checked % FULL_COLLECTION_EVERY == 0:
        gc.collect()


def _sent(found: Results, segment: int) -> Sent:
    return _worker_stash.sent(found, segment) if _worker_stash is not None else plain(found)


def _worker_start(parent: int, keep: Keep, stash: Stash | None) -> None:
    global _worker_keep, _worker_stash
    _worker_keep = keep
    _worker_stash = StashWriter(stash) if stash is not None else None
    gc.freeze()  # what the worker inherited is never garbage: the collector skips it
    gc.disable()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (kill -9) would wait for work forever."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
