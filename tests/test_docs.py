"""The docs that are generated from code stay in step with it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import ecrfake
from ecrfake import _dispatch

from ._floor import needs_current_model

ROOT = Path(__file__).resolve().parent.parent


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "operations_table", ROOT / "scripts" / "operations_table.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_current_model("operation list")
def test_operations_page_lists_exactly_the_implemented_operations():
    page = (ROOT / "docs" / "operations.md").read_text()
    documented = set(re.findall(r"^\| `(\w+)` \| [^|]* \| [^|]* \| yes \|$", page, re.M))
    import ecrfake.handlers  # noqa: F401

    assert documented == set(_dispatch.OPERATIONS), (
        "docs/operations.md is stale: run python scripts/operations_table.py > docs/operations.md"
    )


@needs_current_model("operation list")
def test_operations_page_is_what_the_script_prints():
    page = (ROOT / "docs" / "operations.md").read_text()
    rendered = _load_script().render()
    # The botocore version in the header may differ on another machine; compare the table.
    assert page.split("| Operation |", 1)[1] == rendered.split("| Operation |", 1)[1]


def test_changelog_has_an_unreleased_section_first():
    text = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## \[(.+?)\]", text, re.M)
    assert headings and headings[0] == "Unreleased"


def test_version_is_exposed():
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+)?", ecrfake.__version__)
