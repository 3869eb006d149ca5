"""Registry scanning configuration and each repository's effective scanning.

A :class:`ScanConfig` is one registry's PutRegistryScanningConfiguration state: a scan type and up to
two rules of WILDCARD repository filters. It is immutable: every Put builds a new one, so the
configuration that was replaced is still there to compare against (``on_config_changed(old, new)``).

:meth:`ScanConfig.effective` answers, for one repository, how it is scanned: what
BatchGetRepositoryScanningConfiguration reports and whether a push is scanned. The rules
(ecr-behavior.md §2.3, §3.1-§3.3; decisions.md #2-#6):

* Filter matching (``filterType: WILDCARD``): a filter without ``*`` matches every name that contains
  it; a filter with ``*`` matches whole names, each ``*`` standing for any run of characters,
  ``/`` included. Every other character is literal.
* ENHANCED: a matching ``CONTINUOUS_SCAN`` rule beats a matching ``SCAN_ON_PUSH`` rule; a repository
  matching neither is ``MANUAL`` and not scanned. The repository's own ``scanOnPush`` flag is ignored.
* BASIC: a matching ``SCAN_ON_PUSH`` rule beats a matching ``MANUAL`` rule. A matching ``MANUAL``
  rule reports ``MANUAL`` with its filters, but the repository's ``scanOnPush`` flag still makes pushes
  scanned. With no matching rule the flag decides: ``SCAN_ON_PUSH`` with no filters, else ``MANUAL``.
* Two rules of the same frequency both matching: the first one in the list wins.
  ``appliedScanFilters`` lists every filter of the winning rule that matches, in the given order.

Filters are compiled once per distinct pattern and the answer is cached per (configuration, name,
repository flag), so asking for thousands of repositories stays cheap.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ecrfake.exceptions import FrequencyNotAllowed, InvalidScanType

if TYPE_CHECKING:
    from ecrfake.models.repository import Repository

__all__ = [
    "ALLOWED_FREQUENCIES",
    "BASIC",
    "CONTINUOUS_EVERYWHERE",
    "ENHANCED",
    "EffectiveScanning",
    "ScanConfig",
    "compile_filter",
    "wildcard_matches",
]

BASIC = "BASIC"
ENHANCED = "ENHANCED"
SCAN_ON_PUSH = "SCAN_ON_PUSH"
CONTINUOUS_SCAN = "CONTINUOUS_SCAN"
MANUAL = "MANUAL"

#: The rule frequencies each scan type accepts (decision 2), in order of precedence: when rules of
#: different frequencies match one repository, the one listed first wins.
ALLOWED_FREQUENCIES: dict[str, tuple[str, ...]] = {
    BASIC: (SCAN_ON_PUSH, MANUAL),
    ENHANCED: (CONTINUOUS_SCAN, SCAN_ON_PUSH),
}

#: Continuous scanning of every repository: what ENHANCED with the ``rules`` member left out stores
#: (the 2021 user guide: "when no rules are specified, Amazon ECR sets the scanning configuration
#: to continuous scanning for all repositories"), and what Inspector's Enable(ECR) gives a registry
#: that was under BASIC scanning (the ECR console's "Continuously scan all repositories").
CONTINUOUS_EVERYWHERE = (
    {
        "scanFrequency": CONTINUOUS_SCAN,
        "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
    },
)

#: Effective answers kept per configuration before the cache starts over (bounds memory when a test
#: creates and deletes many repositories under one configuration).
_CACHE_LIMIT = 50_000

Matcher = Callable[[str], bool]


@functools.lru_cache(maxsize=4096)
def compile_filter(pattern: str) -> Matcher:
    """A predicate on repository names for one WILDCARD filter.

    Without ``*``: substring match. With ``*``: the whole name must match, each ``*`` being any run
    of characters (``/`` included) and every other character literal (``.`` is a dot).
    """
    if "*" not in pattern:
        return functools.partial(_contains, pattern)
    return functools.partial(_glob_match, tuple(pattern.split("*")))


def _contains(needle: str, name: str) -> bool:
    return needle in name


def _glob_match(parts: tuple[str, ...], name: str) -> bool:
    """Whether ``name`` is ``parts`` joined by runs of any characters (``*`` globbing).

    Leftmost-first search for each middle part is exact for ``*``-only globs and takes linear
    time; a backtracking regex (``a.*a.*a...``) takes exponential time on names that nearly match.
    """
    first, *middle, last = parts
    end = len(name) - len(last)
    if end < len(first) or not name.startswith(first) or not name.endswith(last):
        return False
    position = len(first)
    for part in middle:
        found = name.find(part, position, end)
        if found < 0:
            return False
        position = found + len(part)
    return True


def wildcard_matches(pattern: str, repository_name: str) -> bool:
    """Whether the WILDCARD filter ``pattern`` matches ``repository_name``."""
    return compile_filter(pattern)(repository_name)


@dataclass(frozen=True)
class EffectiveScanning:
    """How one repository is scanned under the registry configuration in force."""

    scan_type: str  # "BASIC" | "ENHANCED"
    frequency: str  # what BatchGetRepositoryScanningConfiguration reports: SCAN_ON_PUSH | CONTINUOUS_SCAN | MANUAL
    applied_filters: tuple[dict[str, str], ...] = ()
    #: Whether a push into the repository starts a scan (True for ENHANCED CONTINUOUS_SCAN as well:
    #: a pushed image is scanned at once and then kept under continuous scanning).
    scan_on_push: bool = False
    continuous: bool = False  # ENHANCED + CONTINUOUS_SCAN

    @property
    def enhanced_scanned(self) -> bool:
        """Under ENHANCED, whether Inspector scans this repository at all."""
        return self.scan_type == ENHANCED and self.frequency in (SCAN_ON_PUSH, CONTINUOUS_SCAN)

    def applied_filters_to_api(self) -> list[dict[str, str]]:
        """``appliedScanFilters`` as the API returns it (fresh dicts)."""
        return [dict(f) for f in self.applied_filters]


@dataclass(frozen=True)
class _CompiledRule:
    frequency: str
    filters: tuple[tuple[dict[str, str], Matcher], ...]

    def matching(self, name: str) -> tuple[dict[str, str], ...]:
        return tuple(f for f, matches in self.filters if matches(name))


def _normalise_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """A private copy of one API rule with only the members the model knows."""
    return {
        "scanFrequency": rule["scanFrequency"],
        "repositoryFilters": [
            {"filter": f["filter"], "filterType": f.get("filterType", "WILDCARD")}
            for f in rule.get("repositoryFilters") or []
        ],
    }


@dataclass(frozen=True)
class ScanConfig:
    """One registry's scanning configuration (immutable; a Put builds a new one).

    ``rules`` are API-shaped (``{"scanFrequency", "repositoryFilters": [{"filter",
    "filterType"}]}``) and copied on construction. A frequency the scan type does not accept raises
    :class:`~ecrfake.exceptions.ValidationException` (decision 2).
    """

    scan_type: str = BASIC
    rules: list[dict[str, Any]] = field(default_factory=list, hash=False)
    _compiled: tuple[_CompiledRule, ...] = field(
        init=False, repr=False, compare=False, hash=False, default=()
    )
    _cache: dict[tuple[str, bool], EffectiveScanning] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        rules = [_normalise_rule(r) for r in self.rules]
        allowed = ALLOWED_FREQUENCIES.get(self.scan_type)
        if allowed is None:
            raise InvalidScanType(scan_type=self.scan_type)
        for i, rule in enumerate(rules, 1):
            frequency = rule["scanFrequency"]
            if frequency not in allowed:
                raise FrequencyNotAllowed(
                    frequency=frequency,
                    index=i,
                    scan_type=self.scan_type,
                    allowed=", ".join(allowed),
                )
        compiled = tuple(
            _CompiledRule(
                rule["scanFrequency"],
                tuple((f, compile_filter(f["filter"])) for f in rule["repositoryFilters"]),
            )
            for rule in rules
        )
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "_compiled", compiled)

    def to_api(self) -> dict[str, Any]:
        """``{"scanType", "rules"}`` as Get/PutRegistryScanningConfiguration return it."""
        return {
            "scanType": self.scan_type,
            "rules": [
                {
                    "scanFrequency": r["scanFrequency"],
                    "repositoryFilters": [dict(f) for f in r["repositoryFilters"]],
                }
                for r in self.rules
            ],
        }

    def effective(self, repo: Repository) -> EffectiveScanning:
        """How ``repo`` is scanned under this configuration (see the module docstring)."""
        return self.effective_for(repo.name, scan_on_push=repo.scan_on_push)

    def effective_for(
        self, repository_name: str, *, scan_on_push: bool = False
    ) -> EffectiveScanning:
        """:meth:`effective` for a repository given by name and its repository-level flag."""
        key = (repository_name, scan_on_push)
        found = self._cache.get(key)
        if found is None:
            found = self._compute(repository_name, scan_on_push)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _compute(self, name: str, repo_flag: bool) -> EffectiveScanning:
        for frequency in ALLOWED_FREQUENCIES[self.scan_type]:
            for rule in self._compiled:
                if rule.frequency != frequency:
                    continue
                applied = rule.matching(name)
                if not applied:
                    continue
                if frequency == MANUAL:  # BASIC only: the repository flag still scans pushes
                    return EffectiveScanning(BASIC, MANUAL, applied, scan_on_push=repo_flag)
                return EffectiveScanning(
                    self.scan_type,
                    frequency,
                    applied,
                    scan_on_push=True,
                    continuous=frequency == CONTINUOUS_SCAN,
                )
        if self.scan_type == BASIC and repo_flag:  # decision 4
            return EffectiveScanning(BASIC, SCAN_ON_PUSH, (), scan_on_push=True)
        return EffectiveScanning(self.scan_type, MANUAL)
