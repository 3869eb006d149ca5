"""Seeds and plans: the test API of the scanning model (a part of ``ScanningModel``).

``Registry.seed_basic_findings`` / ``seed_enhanced_findings`` say what an image's scans report, and
``Registry.plan_scan`` how its next scan goes. A seed or plan names the image by digest, or by a tag
no image carries yet (it then applies to the image pushed with that tag); under continuous
enhanced scanning a new seed is picked up at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ecrfake import _clock
from ecrfake._aws import CONTENT_DIGEST_RE
from ecrfake.exceptions import EcrFakeError
from ecrfake.findings import check_findings
from ecrfake.models.findings_store import FindingsStore, check_unique
from ecrfake.models.repository import Repositories, image_id_key
from ecrfake.models.scan_config import ScanConfig
from ecrfake.models.scan_state import BASIC, ENHANCED, ScanPlan

if TYPE_CHECKING:
    from ecrfake.models.repository import Image, Repository
    from ecrfake.models.scan_state import Scan

__all__ = ["ScanSeeding"]


class ScanSeeding:
    """Seeds and plans of one registry's scanning model (see the module docstring)."""

    repositories: Repositories
    store: FindingsStore
    config: ScanConfig

    if TYPE_CHECKING:  # ScanningModel's own

        def _rescan_continuous(
            self, repo: Repository, image: Image, scan: Scan, now: datetime.datetime
        ) -> None: ...

    def _resolve(self, repository_name: Any, image_id: Any, what: str) -> str | None:
        """The digest a test's image id names now (None: a tag no image carries yet)."""
        if not isinstance(repository_name, str) or not repository_name:
            raise EcrFakeError(f"{what}: repository_name must be a non-empty str")
        kind, value = image_id_key(image_id)
        if kind == "imageDigest":
            if not CONTENT_DIGEST_RE.match(value):
                raise EcrFakeError(
                    f"{what}: {value!r} is not an image digest; a digest is 'sha256:' and 64 "
                    "lowercase hex digits (or 'sha512:' and 128), as ECR reports it"
                )
            return value
        repo = self.repositories.get(repository_name)
        return None if repo is None else repo.tag_index.get(value)

    def seed(
        self,
        repository_name: str,
        image_id: dict[str, str],
        findings: list[Mapping[str, Any]],
        *,
        enhanced: bool,
    ) -> None:
        """The findings scans of one type report for an image (replacing an earlier seed)."""
        what = "seed_enhanced_findings" if enhanced else "seed_basic_findings"
        checked = check_findings(findings, enhanced=enhanced)
        check_unique(checked, enhanced=enhanced, what=what)
        digest = self._resolve(repository_name, image_id, what)
        if digest is None:
            self.store.seed_tag(repository_name, image_id["imageTag"], checked, enhanced=enhanced)
            return
        self.store.seed_digest(
            repository_name, digest, checked, enhanced=enhanced, image_id=image_id
        )
        self._note_if_present(repository_name, digest)
        if enhanced and self.config.scan_type == ENHANCED:
            self._reseed_continuous(repository_name, digest)

    def _reseed_continuous(self, repository_name: str, digest: str) -> None:
        repo = self.repositories.get(repository_name)
        image = None if repo is None else repo.images.get(digest)
        if repo is None or image is None or image.scans is None or image.scans.enhanced is None:
            return
        eff = self.config.effective(repo)
        if eff.enhanced_scanned and eff.continuous:
            self._rescan_continuous(repo, image, image.scans.enhanced, _clock.now())

    def plan(
        self,
        repository_name: str,
        image_id: dict[str, str],
        *,
        status: str | None,
        description: str | None,
        polls: int,
    ) -> None:
        """How the next scan of an image goes (see ``Registry.plan_scan``)."""
        plan = ScanPlan(status, description, polls)
        scan_type = self.config.scan_type
        if not plan.fits(scan_type):
            other = ENHANCED if scan_type == BASIC else BASIC
            raise EcrFakeError(
                f"plan_scan(status={status!r}) only fits {other} scans, and the registry uses "
                f"{scan_type} scanning; configure {other} scanning first, or plan another status"
            )
        digest = self._resolve(repository_name, image_id, "plan_scan")
        if digest is None:
            self.store.plan_tag(repository_name, image_id["imageTag"], plan)
        else:
            self.store.plan_digest(repository_name, digest, plan, image_id)
            self._note_if_present(repository_name, digest)

    def _note_if_present(self, repository_name: str, digest: str) -> None:
        repo = self.repositories.get(repository_name)
        if repo is not None and digest in repo.images:
            self.store.note_image(repository_name, digest)
