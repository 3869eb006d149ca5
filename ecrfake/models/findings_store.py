"""Seeded findings and scan plans, keyed by the image they are for.

A test names an image by ``{"imageDigest": ...}`` or ``{"imageTag": ...}``, before or after the
push. A digest names the image for good. A tag names the image that carries it when the seed or plan
is made; if no image carries it yet, the seed or plan waits and binds to the first image that gets
the tag (by a push, or by re-tagging). Bound entries are kept per (repository name, digest): a seed
describes the image's content, so it outlives deletes and re-pushes of the same manifest. A plan is
used up by the one scan it shapes.
"""

from __future__ import annotations

from typing import Any

from ecrfake.models.scan_state import ScanPlan

__all__ = ["FindingsStore"]

_Key = tuple[str, str]  # (repository name, digest or tag)


class FindingsStore:
    """Seeds (basic and enhanced apart) and plans, bound to digests or waiting on a tag."""

    def __init__(self) -> None:
        self._seeds: dict[_Key, dict[bool, list[dict[str, Any]]]] = {}
        self._tag_seeds: dict[_Key, dict[bool, list[dict[str, Any]]]] = {}
        self._plans: dict[_Key, ScanPlan] = {}
        self._tag_plans: dict[_Key, ScanPlan] = {}

    # -- seeds ------------------------------------------------------------------------------------

    def seed_digest(
        self, repository: str, digest: str, findings: list[dict[str, Any]], *, enhanced: bool
    ) -> None:
        """The findings scans of that type report for the image (replacing an earlier seed)."""
        self._seeds.setdefault((repository, digest), {})[enhanced] = findings

    def seed_tag(
        self, repository: str, tag: str, findings: list[dict[str, Any]], *, enhanced: bool
    ) -> None:
        """Findings for the first image that will carry ``tag``."""
        self._tag_seeds.setdefault((repository, tag), {})[enhanced] = findings

    def findings(self, repository: str, digest: str, *, enhanced: bool) -> list[dict[str, Any]]:
        """What a scan of that type reports for the image now (``[]`` when nothing was seeded)."""
        return list(self._seeds.get((repository, digest), {}).get(enhanced, []))

    # -- plans ------------------------------------------------------------------------------------

    def plan_digest(self, repository: str, digest: str, plan: ScanPlan) -> None:
        self._plans[(repository, digest)] = plan

    def plan_tag(self, repository: str, tag: str, plan: ScanPlan) -> None:
        self._tag_plans[(repository, tag)] = plan

    def take_plan(self, repository: str, digest: str, scan_type: str) -> ScanPlan | None:
        """The image's plan if it fits a scan of ``scan_type`` (it is then used up)."""
        plan = self._plans.get((repository, digest))
        if plan is None or not plan.fits(scan_type):
            return None
        del self._plans[(repository, digest)]
        return plan

    # -- binding ----------------------------------------------------------------------------------

    def bind_tag(self, repository: str, tag: str, digest: str) -> None:
        """``tag`` now points at ``digest``: seeds and a plan waiting on the tag bind to it."""
        seeds = self._tag_seeds.pop((repository, tag), None)
        if seeds:
            self._seeds.setdefault((repository, digest), {}).update(seeds)
        plan = self._tag_plans.pop((repository, tag), None)
        if plan is not None:
            self._plans[(repository, digest)] = plan
