"""Seeded findings and scan plans, keyed by the image they are for.

A test names an image by ``{"imageDigest": ...}`` or ``{"imageTag": ...}``, before or after the
push. A digest names the image for good. A tag names the image that carries it when the seed or plan
is made; if no image carries it yet, the seed or plan waits and binds to the first image that gets
the tag (by a push, or by re-tagging). Bound entries are kept per (repository name, digest): a seed
describes the image's content, so it outlives deletes and re-pushes of the same manifest. A plan is
used up by the one scan it shapes.

The store also remembers, for each seed, whether an image it names was ever pushed and whether a
scan has reported it, so ``Registry.unused_seeds()`` (and the warning when the fake stops) can point
at seeds that never applied: a typo'd repository name, a tag never pushed, another registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecrfake.exceptions import EcrFakeError
from ecrfake.models.scan_state import ScanPlan

__all__ = ["FindingsStore", "Unused", "check_unique"]

_Key = tuple[str, str]  # (repository name, digest or tag)


@dataclass
class _Seed:
    """One seed: its findings, the image id the test gave, and what has become of it."""

    findings: list[dict[str, Any]]
    image_id: dict[str, str]
    used: bool = False  # a finished scan reported it


@dataclass
class _Plan:
    plan: ScanPlan
    image_id: dict[str, str]


@dataclass(frozen=True)
class Unused:
    """A seed or plan that no scan has used yet (see :meth:`FindingsStore.unused`)."""

    what: str  # "basic findings", "enhanced findings" or "scan plan"
    repository: str
    image_id: dict[str, str] = field(hash=False)
    pushed: bool  # an image it names was pushed (it waits for a scan, not for an image)

    def describe(self, account_id: str, region: str) -> str:
        """One line naming the registry, repository and image id, and why it is unused."""
        kind, value = next(iter(self.image_id.items()))
        if self.pushed:
            made = "plan" if self.what == "scan plan" else "seed"
            reason = f"the image was not scanned since the {made}"
        elif kind == "imageTag":
            reason = "no image with that tag was pushed"
        else:
            reason = "no image with that digest was pushed"
        return (
            f"{self.what} for repository '{self.repository}', image {{{kind}: '{value}'}}, "
            f"in registry {account_id}/{region}: {reason}"
        )


def _basic_identity(finding: dict[str, Any]) -> tuple[Any, ...] | None:
    name = finding.get("name")
    if name is None:
        return None
    attrs = {a.get("key"): a.get("value") for a in finding.get("attributes") or ()}
    return (name, attrs.get("package_name"), attrs.get("package_version"))


def _enhanced_identity(finding: dict[str, Any]) -> tuple[Any, ...] | None:
    details = finding.get("packageVulnerabilityDetails") or {}
    vulnerability = details.get("vulnerabilityId")
    if vulnerability is None:
        return None
    packages = tuple(
        sorted(
            (str(p.get("name")), str(p.get("version")))
            for p in details.get("vulnerablePackages") or ()
        )
    )
    return (vulnerability, packages)


def _identity_text(identity: tuple[Any, ...], *, enhanced: bool) -> str:
    if enhanced:
        vulnerability, packages = identity
        where = ", ".join(f"{n} {v}" for n, v in packages) or "no package"
        return f"{vulnerability} in {where}"
    name, package, version = identity
    return f"{name} in {package or 'no package'} {version or ''}".rstrip()


def check_unique(findings: list[dict[str, Any]], *, enhanced: bool, what: str) -> None:
    """Refuse two findings for the same vulnerability in the same package.

    A scanner reports one finding per (vulnerability, package): basic findings are the same when
    ``name`` and the ``package_name``/``package_version`` attributes are; enhanced findings when
    ``vulnerabilityId`` and the vulnerable packages' names and versions are.
    """
    identify = _enhanced_identity if enhanced else _basic_identity
    seen: dict[tuple[Any, ...], int] = {}
    for i, finding in enumerate(findings):
        identity = identify(finding)
        if identity is None:
            continue
        first = seen.setdefault(identity, i)
        if first != i:
            raise EcrFakeError(
                f"{what}: findings #{first} and #{i} are the same finding "
                f"({_identity_text(identity, enhanced=enhanced)}); a scan reports one finding per "
                "vulnerability and package, so seed each once"
            )


class FindingsStore:
    """Seeds (basic and enhanced apart) and plans, bound to digests or waiting on a tag."""

    def __init__(self) -> None:
        self._seeds: dict[_Key, dict[bool, _Seed]] = {}
        self._tag_seeds: dict[_Key, dict[bool, _Seed]] = {}
        self._plans: dict[_Key, _Plan] = {}
        self._tag_plans: dict[_Key, _Plan] = {}
        self._pushed: set[_Key] = set()  # bound keys an image was pushed for

    # -- seeds ------------------------------------------------------------------------------------

    def seed_digest(
        self,
        repository: str,
        digest: str,
        findings: list[dict[str, Any]],
        *,
        enhanced: bool,
        image_id: dict[str, str] | None = None,
    ) -> None:
        """The findings scans of that type report for the image (replacing an earlier seed)."""
        label = dict(image_id) if image_id is not None else {"imageDigest": digest}
        self._seeds.setdefault((repository, digest), {})[enhanced] = _Seed(findings, label)

    def seed_tag(
        self, repository: str, tag: str, findings: list[dict[str, Any]], *, enhanced: bool
    ) -> None:
        """Findings for the first image that will carry ``tag``."""
        seed = _Seed(findings, {"imageTag": tag})
        self._tag_seeds.setdefault((repository, tag), {})[enhanced] = seed

    def findings(self, repository: str, digest: str, *, enhanced: bool) -> list[dict[str, Any]]:
        """What a scan of that type reports for the image now (``[]`` when nothing was seeded).

        Called when a scan finishes: the seed counts as used from then on.
        """
        seed = self._seeds.get((repository, digest), {}).get(enhanced)
        if seed is None:
            return []
        seed.used = True
        return list(seed.findings)

    # -- plans ------------------------------------------------------------------------------------

    def plan_digest(
        self,
        repository: str,
        digest: str,
        plan: ScanPlan,
        image_id: dict[str, str] | None = None,
    ) -> None:
        label = dict(image_id) if image_id is not None else {"imageDigest": digest}
        self._plans[(repository, digest)] = _Plan(plan, label)

    def plan_tag(self, repository: str, tag: str, plan: ScanPlan) -> None:
        self._tag_plans[(repository, tag)] = _Plan(plan, {"imageTag": tag})

    def take_plan(self, repository: str, digest: str, scan_type: str) -> ScanPlan | None:
        """The image's plan if it fits a scan of ``scan_type`` (it is then used up)."""
        entry = self._plans.get((repository, digest))
        if entry is None or not entry.plan.fits(scan_type):
            return None
        del self._plans[(repository, digest)]
        return entry.plan

    # -- binding ----------------------------------------------------------------------------------

    def bind_tag(self, repository: str, tag: str, digest: str) -> None:
        """``tag`` now points at ``digest``: seeds and a plan waiting on the tag bind to it."""
        seeds = self._tag_seeds.pop((repository, tag), None)
        if seeds:
            self._seeds.setdefault((repository, digest), {}).update(seeds)
        plan = self._tag_plans.pop((repository, tag), None)
        if plan is not None:
            self._plans[(repository, digest)] = plan

    def note_image(self, repository: str, digest: str) -> None:
        """An image with ``digest`` is in the repository: its seeds and plan wait only for a scan."""
        key = (repository, digest)
        if key in self._seeds or key in self._plans:
            self._pushed.add(key)

    # -- what never applied -----------------------------------------------------------------------

    def unused(self) -> list[Unused]:
        """Seeds no finished scan has reported, and plans no scan has used (seeds first)."""
        out: list[Unused] = []
        for (repository, digest), seeds in self._seeds.items():
            pushed = (repository, digest) in self._pushed
            for enhanced, seed in seeds.items():
                if not seed.used:
                    what = "enhanced findings" if enhanced else "basic findings"
                    out.append(Unused(what, repository, seed.image_id, pushed))
        for (repository, _), seeds in self._tag_seeds.items():
            for enhanced, seed in seeds.items():
                what = "enhanced findings" if enhanced else "basic findings"
                out.append(Unused(what, repository, seed.image_id, False))
        for (repository, digest), plan in self._plans.items():
            pushed = (repository, digest) in self._pushed
            out.append(Unused("scan plan", repository, plan.image_id, pushed))
        for (repository, _), plan in self._tag_plans.items():
            out.append(Unused("scan plan", repository, plan.image_id, False))
        return out
