"""The README's example runs as written, and its set-up commands are what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_readme_example_passes_as_written(pytester):
    (block,) = re.findall(r"```python\n(.*?)```", README, re.S)
    pytester.makepyfile(test_release=block)
    result = pytester.runpytest_subprocess("-q", "-p", "no:randomly")
    result.assert_outcomes(passed=1)


def test_readme_opens_with_the_two_setup_commands():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert first_block is not None
    lines = [line.split("#")[0].strip() for line in first_block.group(1).strip().splitlines()]
    assert lines[0] == "pip install -e . && python examples/quickstart.py"
    assert lines[1] == "pip install -e '.[test]' && python -m pytest -q"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    # the README's extras plus dev (ruff, mypy, stubs), into .venv
    assert "leg newest .venv -e '.[test,dev]'" in ci
    assert re.search(r"^python -m pytest -q$", ci, re.M)
