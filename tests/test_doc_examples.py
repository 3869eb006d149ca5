"""Every test written in the docs runs as written, under plain pytest.

Each fenced ``python`` block of ``docs/*.md`` that defines a ``def test_`` is written to a file of
its own (named by its first line when that is ``# test_<name>.py``) and run with pytester, with no
plugin but ecrfake's: it must pass every test it defines, with nothing skipped. A block that only
shows part of a test starts with ``# fragment`` and is not run; a block that is neither is an error,
so an example cannot silently stop being checked.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import requests  # noqa: F401  (loaded before the in-process runs, so each run shares one copy)

from ecrfake.fake import active_fakes

DOCS = Path(__file__).resolve().parent.parent / "docs"

_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.M | re.S)
_TEST_DEF = re.compile(r"^\s*(?:async\s+)?def (test_\w+)\(", re.M)
_MODULE_NAME = re.compile(r"\A# (test_\w+)\.py\n")
_FRAGMENT = "# fragment"

# Blocks that define tests but are marked ``# fragment``, as (page, block index). Keep it empty.
FRAGMENTS: set[tuple[str, int]] = set()


def _blocks() -> list[tuple[str, int, str]]:
    return [
        (page.name, index, code)
        for page in sorted(DOCS.glob("*.md"))
        for index, code in enumerate(_BLOCK.findall(page.read_text()))
    ]


_AIOBOTO3 = re.compile(r"^(?:import|from) aioboto3\b", re.M)


def _missing_operations() -> dict[str, str]:
    """Client method name -> operation, for what ecrfake answers but the installed botocore lacks."""
    from botocore import xform_name

    import ecrfake._dispatch  # noqa: F401  (fills the operation table)
    from ecrfake._operations import OPERATIONS
    from ecrfake._service import operation_names

    installed = operation_names()
    return {xform_name(op): op for op in OPERATIONS if ":" not in op and op not in installed}


def _marks(code: str) -> list[pytest.MarkDecorator]:
    """An aioboto3 example runs where aioboto3 is installed (CI's aioboto3 leg), nowhere else; an
    example calling an operation the installed botocore lacks runs at a newer botocore."""
    if _AIOBOTO3.search(code) and importlib.util.find_spec("aioboto3") is None:
        return [pytest.mark.skip(reason="the example needs aioboto3 (CI's aioboto3 leg runs it)")]
    for method, op in _missing_operations().items():
        if f".{method}(" in code:
            return [pytest.mark.skip(reason=f"the installed botocore's ECR model lacks {op}")]
    return []


_TESTS = [
    pytest.param(page, index, code, id=f"{page}[{index}]", marks=_marks(code))
    for page, index, code in _blocks()
    if _TEST_DEF.search(code) and not code.startswith(_FRAGMENT)
]


@pytest.mark.parametrize(("page", "index", "code"), _TESTS)
def test_docs_example_passes_under_plain_pytest(pytester, monkeypatch, page, index, code):
    found = _MODULE_NAME.match(code)
    name = found.group(1) if found else f"test_{page[:-3].replace('-', '_')}_{index}"
    pytester.makepyfile(**{name: code})
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # no plugin but ecrfake's
    result = pytester.runpytest_inprocess(
        "-p",
        "ecrfake.pytest_plugin",
        "-p",
        "no:cacheprovider",
        "-W",
        "error::ecrfake.exceptions.EcrFakeWarning",
    )
    result.assert_outcomes(passed=len(_TEST_DEF.findall(code)))
    assert active_fakes() == ()  # every fake the example started has stopped


def test_docs_every_python_block_runs_or_is_marked_a_fragment():
    unmarked = [
        f"{page}[{index}]"
        for page, index, code in _blocks()
        if not _TEST_DEF.search(code) and not code.startswith(_FRAGMENT)
    ]
    assert unmarked == [], "these docs blocks define no test: add one, or start with '# fragment'"


def test_docs_fragments_that_define_tests_are_the_listed_ones():
    marked = {
        (page, index)
        for page, index, code in _blocks()
        if _TEST_DEF.search(code) and code.startswith(_FRAGMENT)
    }
    assert marked == FRAGMENTS


def test_docs_examples_are_found():
    pages = {page for page, _, _ in (p.values for p in _TESTS)}
    assert {"usage.md", "scanning.md", "time.md", "repositories.md"} <= pages
