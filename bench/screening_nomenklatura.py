"""Score screening candidates with nomenklatura's logic-v2 matcher (run by bench/screening.py in
bench/.venv-baselines, which has nomenklatura and its pinned dependencies).

Reads JSON lines ``{"query": entity, "candidates": [entity...]}`` from standard input; writes
one JSON line per query, a list of ``[candidate id, score]``, then ``{"seconds": t}``: the time
spent building entities and comparing, not reading or writing.
"""

from __future__ import annotations

import json
import sys
import time

from followthemoney import model
from nomenklatura.matching import LogicV2


def person(data: dict) -> object:
    entity = model.make_entity("Person")
    entity.id = data["id"]
    for name in data["names"]:
        entity.add("name", name)
    for date in data["birthDates"]:
        entity.add("birthDate", date)
    for code in data["nationalities"]:
        entity.add("nationality", code.lower())
    return entity


def main() -> None:
    config = LogicV2.default_config()
    work = [json.loads(line) for line in sys.stdin if line.strip()]
    started = time.perf_counter()
    results = []
    for item in work:
        query = person(item["query"])
        results.append([[c["id"], LogicV2.compare(query, person(c), config).score]
                        for c in item["candidates"]])  # fmt: skip
    seconds = time.perf_counter() - started
    for row in results:
        print(json.dumps(row))
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
