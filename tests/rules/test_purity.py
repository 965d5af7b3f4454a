"""The rules are plain Python (STYLE rule 1): nothing under injections/rules/ imports
Django or reads a clock. They take the instant they reason about as an argument."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "injections" / "rules"
MODULES = sorted(RULES.glob("*.py"))
# The standard library, and python-dateutil for RFC 5545 rules and calendar months.
ALLOWED = set(sys.stdlib_module_names) | {"dateutil"}
CLOCKS = {"now", "today", "utcnow", "time", "monotonic", "perf_counter", "localtime",
          "localdate", "gmtime"}  # fmt: skip


def imported_roots(tree: ast.AST) -> set[str]:
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def clock_calls(tree: ast.AST) -> list[str]:
    """Calls like datetime.now(), date.today(), time.time(), timezone.now()."""
    return [
        ast.unparse(node.func)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCKS
    ]


def test_there_are_rule_modules_to_check():
    expected = {"geometry", "sites", "schedule", "adherence", "flags", "supplies", "health",
                "checkin"}  # fmt: skip
    assert {path.stem for path in MODULES} >= expected


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_a_rule_module_imports_only_the_standard_library_and_dateutil(path):
    roots = imported_roots(ast.parse(path.read_text()))
    assert roots <= ALLOWED, f"{path.name} imports {sorted(roots - ALLOWED)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_a_rule_module_reads_no_clock(path):
    assert clock_calls(ast.parse(path.read_text())) == []


def test_the_checks_catch_a_django_import_and_a_clock():
    tree = ast.parse("from django.utils import timezone\nx = timezone.now()\n")
    assert imported_roots(tree) - ALLOWED == {"django"}
    assert clock_calls(tree) == ["timezone.now"]


def test_the_rules_run_without_django_settings():
    """Imported in a fresh interpreter with no settings module: nothing loads Django."""
    program = (
        "import sys, pkgutil, importlib, injections.rules as r\n"
        "for m in pkgutil.iter_modules(r.__path__):\n"
        "    importlib.import_module(f'{r.__name__}.{m.name}')\n"
        "from datetime import UTC, datetime\n"
        "from injections.rules.geometry import Site\n"
        "from injections.rules.sites import check_site, suggest_sites\n"
        "at = datetime(2026, 11, 20, 8, tzinfo=UTC)\n"
        "check_site(Site('thigh', 'left', 60, 100), at=at, administered_by='self', history=[])\n"
        "suggest_sites(at=at, administered_by='self', history=[])\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'django'))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(RULES.parents[1])}
    done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert done.stdout.strip() == "[]"
