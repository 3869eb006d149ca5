"""Amazon Inspector's filter criteria, compiled once per request into one predicate.

Inspector2's ``FilterCriteria`` (ListFindings, ListFindingAggregations' ``accountIds`` and the
aggregation requests' own lists) and ``CoverageFilterCriteria`` (ListCoverage,
ListCoverageStatistics) are maps from a key to a list of filters. ecrfake combines them as the
Security Hub / Inspector filter model documents (see docs/inspector2.md, "Behaviour notes"):

* keys AND together: a record matches when it matches every key given;
* within one key, the ``EQUALS`` and ``PREFIX`` filters OR together (any may match), and every
  ``NOT_EQUALS`` filter must hold (each excludes its value);
* a multi-valued field (image tags, related vulnerabilities) matches a positive filter when any of
  its values does, and fails a ``NOT_EQUALS`` filter when any of its values equals it;
* a field the record does not have (an EC2 key on an ECR finding) fails every ``EQUALS``/``PREFIX``
  filter and every range, and passes every ``NOT_EQUALS`` filter;
* number (``lowerInclusive``/``upperInclusive``) and date (``startInclusive``/``endInclusive``) ranges
  OR together within a key; a missing bound is open;
* ``vulnerablePackages`` filters OR together; one matches when a single vulnerable package satisfies
  every sub-filter it gives;
* map filters (``resourceTags``) OR together; one matches when the tag has that value (or, with no
  value, when the tag is present).

Fields are described by a table (:data:`Field` per criteria key) so that findings and coverage
records share the engine. Everything here is pure: no clock, no registry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DATE",
    "MAP",
    "NUMBER",
    "PACKAGE",
    "PORT",
    "STRING",
    "STRINGS",
    "Field",
    "Predicate",
    "compile_criteria",
    "compile_string_filters",
    "equality_values",
]

STRING = "string"  # one string, or None
STRINGS = "strings"  # a sequence of strings (possibly empty)
NUMBER = "number"  # a float/int, or None
DATE = "date"  # an aware datetime, or None
MAP = "map"  # a mapping of str to str (possibly empty)
PACKAGE = "package"  # a sequence of vulnerable-package dicts
PORT = "port"  # a (begin, end) port range, or None (never set for ECR)

Predicate = Callable[[Any], bool]


@dataclass(frozen=True)
class Field:
    """How one criteria key reads a record: its kind and a getter."""

    kind: str
    get: Callable[[Any], Any]


def _as_list(value: Any) -> Sequence[Any]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def compile_string_filters(filters: Sequence[Mapping[str, Any]]) -> Callable[[Any], bool]:
    """A predicate over a value or list of values for one key's ``StringFilter`` list."""
    equals: set[str] = set()
    prefixes: list[str] = []
    not_equals: set[str] = set()
    for f in filters:
        comparison, value = f["comparison"], f["value"]
        if comparison == "EQUALS":
            equals.add(value)
        elif comparison == "PREFIX":
            prefixes.append(value)
        else:  # NOT_EQUALS (the model's enum leaves nothing else)
            not_equals.add(value)
    positive = bool(equals or prefixes)
    prefix_tuple = tuple(prefixes)

    def match_one(value: Any) -> bool:
        if value is None:
            return not positive
        if value in not_equals:
            return False
        if not positive:
            return True
        return value in equals or (bool(prefix_tuple) and value.startswith(prefix_tuple))

    def match_many(values: Any) -> bool:
        items = _as_list(values)
        if not_equals and any(v in not_equals for v in items):
            return False
        if not positive:
            return True
        return any(v in equals or (prefix_tuple and v.startswith(prefix_tuple)) for v in items)

    def match(value: Any) -> bool:
        if value is None or isinstance(value, str):
            return match_one(value)
        return match_many(value)

    return match


def _compile_ranges(
    filters: Sequence[Mapping[str, Any]], low: str, high: str
) -> Callable[[Any], bool]:
    bounds = [(f.get(low), f.get(high)) for f in filters]

    def match(value: Any) -> bool:
        if value is None:
            return False
        return any((lo is None or value >= lo) and (hi is None or value <= hi) for lo, hi in bounds)

    return match


def _aware(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value


def _compile_dates(filters: Sequence[Mapping[str, Any]]) -> Callable[[Any], bool]:
    normalised = [
        {k: _aware(v) for k, v in f.items() if k in ("startInclusive", "endInclusive")}
        for f in filters
    ]
    return _compile_ranges(normalised, "startInclusive", "endInclusive")


def _compile_map(filters: Sequence[Mapping[str, Any]]) -> Callable[[Any], bool]:
    wanted = [(f["key"], f.get("value")) for f in filters]

    def match(tags: Any) -> bool:
        tags = tags or {}
        return any(key in tags and (value is None or tags[key] == value) for key, value in wanted)

    return match


#: PackageFilter member -> the VulnerablePackage member it reads.
_PACKAGE_MEMBERS = {
    "name": "name",
    "version": "version",
    "release": "release",
    "architecture": "arch",
    "sourceLayerHash": "sourceLayerHash",
    "sourceLambdaLayerArn": "sourceLambdaLayerArn",
    "filePath": "filePath",
}


def _compile_packages(filters: Sequence[Mapping[str, Any]]) -> Callable[[Any], bool]:
    compiled: list[list[tuple[str, Callable[[Any], bool]]]] = []
    for f in filters:
        parts: list[tuple[str, Callable[[Any], bool]]] = []
        for member, sub in f.items():
            if member in _PACKAGE_MEMBERS:
                parts.append((_PACKAGE_MEMBERS[member], compile_string_filters([sub])))
            elif member == "epoch":
                parts.append(("epoch", _compile_ranges([sub], "lowerInclusive", "upperInclusive")))
            else:  # runtimeReachability, purlQualifier...: facts ECR findings never carry
                parts.append((member, lambda _value: False))
        compiled.append(parts)

    def match(packages: Any) -> bool:
        for parts in compiled:
            for package in packages or ():
                if all(test(package.get(member)) for member, test in parts):
                    return True
        return False

    return match


def _compile_key(kind: str, filters: Sequence[Mapping[str, Any]]) -> Callable[[Any], bool]:
    if kind in (STRING, STRINGS):
        return compile_string_filters(filters)
    if kind == NUMBER:
        return _compile_ranges(filters, "lowerInclusive", "upperInclusive")
    if kind == DATE:
        return _compile_dates(filters)
    if kind == MAP:
        return _compile_map(filters)
    if kind == PACKAGE:
        return _compile_packages(filters)
    return _compile_ranges(filters, "beginInclusive", "endInclusive")  # PORT


def compile_criteria(
    criteria: Mapping[str, Any] | None, fields: Mapping[str, Field]
) -> Predicate | None:
    """One predicate for the whole criteria map (None when it filters nothing).

    A key the table does not know reads as a field the record does not have: the criteria keys
    that only apply to EC2 instances, Lambda functions or code repositories match no ECR record.
    """
    if not criteria:
        return None
    tests: list[tuple[Callable[[Any], Any], Callable[[Any], bool]]] = []
    for key, filters in criteria.items():
        if not filters:
            continue
        field = fields.get(key)
        if field is None:
            kind = _kind_of_unknown(filters)
            tests.append((_missing, _compile_key(kind, filters)))
        else:
            tests.append((field.get, _compile_key(field.kind, filters)))
    if not tests:
        return None
    if len(tests) == 1:
        get, test = tests[0]
        return lambda record: test(get(record))

    def predicate(record: Any) -> bool:
        return all(test(get(record)) for get, test in tests)

    return predicate


def _missing(_record: Any) -> None:
    return None


def _kind_of_unknown(filters: Sequence[Mapping[str, Any]]) -> str:
    first = filters[0]
    if "comparison" in first and "key" in first:
        return MAP
    if "comparison" in first:
        return STRING
    if "startInclusive" in first or "endInclusive" in first:
        return DATE
    if "beginInclusive" in first:
        return PORT
    if any(k in first for k in ("lowerInclusive", "upperInclusive")):
        return NUMBER
    return PACKAGE


def equality_values(filters: Iterable[Mapping[str, Any]] | None) -> set[str] | None:
    """The exact values a key's filters restrict a field to, when they do (for index lookups).

    Only a list made purely of ``EQUALS`` filters restricts the field to a known set of values;
    any ``PREFIX`` or ``NOT_EQUALS`` filter answers None (scan instead of looking up).
    """
    if not filters:
        return None
    values: set[str] = set()
    for f in filters:
        if f.get("comparison") != "EQUALS":
            return None
        values.add(f["value"])
    return values
