"""docs/inspector2.md's table of operations is the table of Inspector2 handlers."""

from __future__ import annotations

import re
from pathlib import Path

from ecrfake import _dispatch  # noqa: F401  (imports every handler module)
from ecrfake._operations import SERVICES

PAGE = Path(__file__).resolve().parent.parent / "docs" / "inspector2.md"


def test_inspector2_page_lists_exactly_the_answered_operations():
    section = PAGE.read_text().split("## Operations", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", section, re.M))
    assert documented == set(SERVICES["inspector2"])


def test_index_links_the_inspector2_and_events_pages():
    index = (PAGE.parent / "index.md").read_text()
    assert "(inspector2.md)" in index and "(events.md)" in index
