"""The sharing policy has one entry point, ``rcf.access.policy``: the rest of ``rcf`` imports
every access decision from it, so that reading it (and the modules its docstring maps) is
reading the whole policy."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import rcf
from rcf.access import policy

RULE_MODULES = (
    "actor",
    "shared_records",
    "reciprocity",
    "sharing_rule",
    "trafficking_rules",
    "register_rules",
    "watchlist_rules",
    "admin_rules",
)
SOURCE = Path(rcf.__file__).parent


def imported_modules(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_only_the_access_package_imports_the_rule_modules() -> None:
    rule_modules = {f"rcf.access.{name}" for name in RULE_MODULES}
    offenders = [
        f"{path.relative_to(SOURCE)} imports {module}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path.relative_to(SOURCE).parts[0] != "access"
        for module in imported_modules(path)
        if module in rule_modules
    ]
    assert offenders == []


def test_the_policy_exports_every_public_name_of_the_rule_modules() -> None:
    missing = [
        f"{name}.{attribute}"
        for name in RULE_MODULES
        for attribute, value in vars(importlib.import_module(f"rcf.access.{name}")).items()
        if not attribute.startswith("_")
        and not isinstance(value, TypeVar)
        and getattr(value, "__module__", f"rcf.access.{name}") == f"rcf.access.{name}"
        and attribute not in policy.__all__
    ]
    assert missing == []
