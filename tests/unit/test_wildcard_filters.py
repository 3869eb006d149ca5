"""WILDCARD repository filter matching (ecr-behavior.md §3.3, decision 6)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecrfake.models.scan_config import compile_filter, wildcard_matches

REPOSITORIES = ("prod", "repo-prod", "prod-repo", "repo-prod-repo", "prodrepo")

# The official truth table of the ECR User Guide (filter -> which repositories match).
TRUTH_TABLE = {
    "prod": (True, True, True, True, True),
    "*prod": (True, True, False, False, False),
    "prod*": (True, False, True, False, True),
    "*prod*": (True, True, True, True, True),
    "prod*repo": (False, False, True, False, True),
}

CASES = [
    (filter_, repo, expected)
    for filter_, row in TRUTH_TABLE.items()
    for repo, expected in zip(REPOSITORIES, row, strict=True)
]


@pytest.mark.parametrize(("filter_", "repository", "expected"), CASES)
def test_wildcard_matches_official_truth_table(filter_, repository, expected):
    assert wildcard_matches(filter_, repository) is expected


@pytest.mark.parametrize(
    ("filter_", "repository", "expected"),
    [
        # a filter without "*" is a substring match, "/" included
        ("team/app", "org/team/app-x", True),
        ("team/app", "team-app", False),
        # "*" crosses "/" (decision 6)
        ("*", "a/b/c", True),
        ("team/*", "team/a/b", True),
        ("*/app", "org/team/app", True),
        ("team/*", "teams/a", False),
        ("a*b*c", "a/x/b/y/c", True),
        # "*" may stand for nothing
        ("prod*", "prod", True),
        ("a**b", "ab", True),
        ("*prod*", "prod", True),
        # "." is a literal dot, not a regex wildcard (moto gets this wrong)
        ("app.v1", "appxv1", False),
        ("app.v1", "my-app.v1", True),
        ("app.*", "appxv1", False),
        ("app.*", "app.v1", True),
        # anchored at both ends when "*" is present (moto anchors only the start)
        ("*prod", "prod-repo", False),
        ("prod*repo", "prod-repo-x", False),
        ("prod*repo", "x-prod-repo", False),
        # other regex metacharacters allowed by the filter pattern stay literal
        ("a-b_c", "xa-b_cx", True),
        ("a-b_c", "a-bxc", False),
    ],
)
def test_wildcard_matches_edge_cases(filter_, repository, expected):
    assert wildcard_matches(filter_, repository) is expected


def test_compile_filter_is_compiled_once_per_pattern():
    assert compile_filter("team/*") is compile_filter("team/*")
    assert compile_filter("team/*") is not compile_filter("team/*x")


def _reference_match(pattern: str, name: str) -> bool:
    """The documented rule, written the slow obvious way (no regex)."""
    return _whole(pattern, name) if "*" in pattern else pattern in name


def _whole(pattern: str, name: str) -> bool:
    if not pattern:
        return not name
    if pattern[0] == "*":
        return any(_whole(pattern[1:], name[i:]) for i in range(len(name) + 1))
    return bool(name) and name[0] == pattern[0] and _whole(pattern[1:], name[1:])


@settings(max_examples=100, deadline=None)
@given(
    pattern=st.text(alphabet="ab.-/*", min_size=1, max_size=8).filter(lambda p: "*" in p),
    name=st.text(alphabet="ab.-/x", max_size=10),
)
def test_wildcard_matches_star_patterns_agree_with_reference(pattern, name):
    assert wildcard_matches(pattern, name) is _reference_match(pattern, name)


@settings(max_examples=50, deadline=None)
@given(
    pattern=st.text(alphabet="ab.-/", min_size=1, max_size=5),
    name=st.text(alphabet="ab.-/x", max_size=10),
)
def test_wildcard_matches_plain_patterns_are_substring_matches(pattern, name):
    assert wildcard_matches(pattern, name) is _reference_match(pattern, name)
