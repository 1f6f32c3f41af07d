"""The offline batch contract, run through the CLI on files as a user would."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rcf.cli import app
from rcf.screening.persons import make_person

WATCHLIST = (
    "id,primary_name,aliases,birth_dates,nationalities,gender,notes\n"
    'W1,Mohammad Reza Hosseini,"[""محمد رضا حسینی""]","[""1980-03-04""]","[""IR""]",male,x\n'
    'W2,Aung San Suu Kyi,"[]","[""1945""]","[""MM""]",female,\n'
    'W3,Xi Jinping,,"[""1950..1955""]",,,\n'
    'W4,Mohammad Reza Karimi,"[""M. Reza Karimi""]",,"[""AF""]",,\n'
)
QUERIES = (
    "query_id,name,birth_date,nationality\n"
    "Q1,HOSSEINI Mohammed Reza,1980-04-03,IR\n"
    "Q2,ဒေါ်အောင်ဆန်းစုကြည်,,\n"
    "Q3,习近平,1953,CN\n"
    "Q4,Somchai Jaidee,,\n"
)


def run(tmp_path: Path, watchlist: str, queries: str = QUERIES, *options: str) -> tuple[int, str]:
    (tmp_path / "W.csv").write_bytes(watchlist.encode("utf-8"))
    (tmp_path / "Q.csv").write_bytes(queries.encode("utf-8"))
    files = {name: str(tmp_path / f"{name[0].upper()}.csv") for name in ("watchlist", "queries")}
    arguments = ["screening", "batch", "--watchlist", files["watchlist"],
                 "--queries", files["queries"], "--output", str(tmp_path / "R.csv")]  # fmt: skip
    result = CliRunner().invoke(app, [*arguments, *options])
    return result.exit_code, result.output


def results(tmp_path: Path) -> list[dict[str, str]]:
    with (tmp_path / "R.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_batch_writes_ranked_plausible_candidates(tmp_path: Path) -> None:
    code, _ = run(tmp_path, "\ufeff" + WATCHLIST)  # a BOM, as spreadsheets save it
    assert code == 0
    rows = results(tmp_path)
    assert list(rows[0]) == ["query_id", "candidate_id", "score"]
    best = {}
    for row in rows:
        assert 0.0 <= float(row["score"]) <= 1.0
        best.setdefault(row["query_id"], row["candidate_id"])  # first row is the strongest
    assert best == {"Q1": "W1", "Q2": "W2", "Q3": "W3"}  # Q4 has no plausible candidate
    q1 = [float(row["score"]) for row in rows if row["query_id"] == "Q1"]
    assert q1 == sorted(q1, reverse=True)


def test_limit_caps_candidates_per_query(tmp_path: Path) -> None:
    code, _ = run(tmp_path, WATCHLIST, QUERIES, "--limit", "1")
    assert code == 0
    ids = [row["query_id"] for row in results(tmp_path)]
    assert len(ids) == len(set(ids))


def test_bad_json_names_file_line_and_column_and_writes_nothing(tmp_path: Path) -> None:
    bad = WATCHLIST.replace('"[""1945""]"', '"[1945"')
    code, output = run(tmp_path, bad)
    assert code == 2
    assert "W.csv, line 3, column birth_dates: not valid JSON" in output
    assert "Traceback" not in output
    assert not (tmp_path / "R.csv").exists()


def test_messy_cells_get_clear_errors(tmp_path: Path) -> None:
    cases = {
        WATCHLIST.replace('"[""IR""]"', '"[""Iran""]"'): "column nationalities: 'IRAN' is not",
        WATCHLIST.replace('"[""1945""]"', '"[""45""]"'): "column birth_dates: '45' is not",
        WATCHLIST.replace('"[]"', '"{}"'): "column aliases: expected a JSON list",
        WATCHLIST.replace("W3,", ",", 1): "line 4, column id: this cell must not be empty",
        WATCHLIST.replace("W4,", "W1,", 1): "the id 'W1' appears twice",
        "id,name\nW1,x\n": "missing column(s) primary_name",
        "id,primary_name,primary_name\nW1,x,y\n": "column primary_name: this column appears",
        WATCHLIST.replace("1980-03-04", "1980-02-30"): "'1980-02-30' is not a day of the calendar",
    }
    for watchlist, message in cases.items():
        code, output = run(tmp_path, watchlist)
        assert (code, message in output) == (2, True), output


def test_bad_query_date_and_unreadable_file(tmp_path: Path) -> None:
    code, output = run(tmp_path, WATCHLIST, QUERIES.replace("1953", "1950..1955"))
    assert code == 2
    assert "Q.csv, line 4, column birth_date" in output
    (tmp_path / "W.csv").write_bytes(b"\xff\xfei\x00d\x00")
    result = CliRunner().invoke(app, ["screening", "batch", "--watchlist",
        str(tmp_path / "W.csv"), "--queries", str(tmp_path / "Q.csv"), "--output",
        str(tmp_path / "R.csv")])  # fmt: skip
    assert result.exit_code == 2
    assert "UTF-16" in result.output


@pytest.mark.parametrize(
    ("queries", "message"),
    [
        (
            QUERIES.replace("Q4,", "Q1,"),
            "Q.csv, line 5, column query_id: the query_id 'Q1' appears",
        ),
        (QUERIES.replace("1980-04-03", "1981-02-29"), "line 2, column birth_date: '1981-02-29'"),
        ("query_id,name,name\nQ1,a,b\n", "Q.csv, line 1, column name: this column appears twice"),
    ],
    ids=["repeated id", "no such day", "repeated column"],
)
def test_a_bad_query_file_stops_the_run_before_anything_is_written(
    queries: str, message: str, tmp_path: Path
) -> None:
    code, output = run(tmp_path, WATCHLIST, queries)
    assert code == 2
    assert message in output
    assert "Traceback" not in output
    assert list(tmp_path.glob("R.csv*")) == []  # neither the result nor a partial one


def test_a_bom_crlf_and_quoted_json_read_like_plain_text(tmp_path: Path) -> None:
    run(tmp_path, WATCHLIST, QUERIES)
    plain = results(tmp_path)
    watchlist = "\ufeff" + WATCHLIST.replace("\n", "\r\n")
    code, output = run(tmp_path, watchlist, "\ufeff" + QUERIES.replace("\n", "\r\n"))
    assert code == 0, output
    assert results(tmp_path) == plain
    assert {row["candidate_id"] for row in plain} >= {"W1", "W2", "W3"}


def test_empty_optional_cells_and_short_rows_are_accepted(tmp_path: Path) -> None:
    watchlist = "id,primary_name,aliases,birth_dates,nationalities,gender\nW1,Ali Karimi\n"
    code, _ = run(tmp_path, watchlist, "query_id,name,birth_date,nationality\nQ1,Ali Karimi,,\n")
    assert code == 0
    assert [row["candidate_id"] for row in results(tmp_path)] == ["W1"]


def test_formula_like_ids_are_neutralised_in_the_output(tmp_path: Path) -> None:
    watchlist = "id,primary_name\n=HYPERLINK(1),Ali Karimi\n"
    code, _ = run(tmp_path, watchlist, "query_id,name\nQ1,Ali Karimi\n")
    assert code == 0
    assert results(tmp_path)[0]["candidate_id"] == "'=HYPERLINK(1)"


def test_worker_processes_give_the_same_results_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rcf.screening import offline

    (tmp_path / "W.csv").write_text(WATCHLIST, encoding="utf-8")
    index = offline.WatchlistIndex.build(offline.read_watchlist(tmp_path / "W.csv"))
    names = ["Mohammad Reza Hosseini", "习近平", "Aung San Suu Kyi", "M. Reza Karimi"] * 5
    queries = [make_person(f"Q{i}", [name]) for i, name in enumerate(names)]
    alone = list(offline.screen_queries(index, queries, limit=3, workers=1))
    monkeypatch.setattr(offline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(offline, "CHUNK", 3)  # the queries are streamed in chunks
    together = list(offline.screen_queries(index, iter(queries), limit=3, workers=2))
    assert [(q, [m.candidate_id for m in ms]) for q, ms in together] == [
        (q, [m.candidate_id for m in ms]) for q, ms in alone
    ]
