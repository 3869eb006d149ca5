"""One private registry: one account in one region.

It holds the repositories (with their images), the registry scanning configuration and scan state
(:mod:`ecrfake.models.scanning`), and the pull-through cache rules
(:mod:`ecrfake.models.pull_through`). The methods without a leading underscore that api.md names
(``seed_*``, ``plan_scan``, ``rescan_duration``, ``simulate_pull``) are public; the rest are called by
the handlers under the state lock.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Sequence
from typing import Any

from ecrfake import _clock
from ecrfake.exceptions import (
    RepositoryAlreadyExistsException,
    RepositoryNotEmptyException,
    RepositoryNotFoundException,
)
from ecrfake.models._collections import OrderedStore
from ecrfake.models.pull_through import PullThroughModel
from ecrfake.models.repository import Image, Repository
from ecrfake.models.scanning import ScanningModel

__all__ = ["Registry"]


class Registry:
    """The model of one private registry (``fake.registry(account_id, region)``)."""

    def __init__(self, account_id: str, region: str, lock: threading.RLock | None = None) -> None:
        self.account_id = account_id
        self.region = region
        self._lock = lock if lock is not None else threading.RLock()
        self.repositories: OrderedStore[Repository] = OrderedStore()
        self.scanning = ScanningModel(self)
        self.pull_through = PullThroughModel(self)

    def __repr__(self) -> str:
        return f"<Registry {self.account_id} {self.region}: {len(self.repositories)} repositories>"

    # -- public test API (api.md) ----------------------------------------------------------------

    @property
    def rescan_duration(self) -> datetime.timedelta:
        """How long after its push a continuously scanned image stays eligible (default 30 days).

        Past it the image reads ``SCAN_ELIGIBILITY_EXPIRED``.
        """
        return self.scanning.rescan_duration

    @rescan_duration.setter
    def rescan_duration(self, value: datetime.timedelta) -> None:
        with self._lock:
            self.scanning.set_rescan_duration(value)

    def seed_enhanced_findings(
        self, repository_name: str, image_id: dict[str, str], findings: Sequence[dict[str, Any]]
    ) -> None:
        """Findings an enhanced (Inspector) scan of that image reports.

        ``image_id`` is ``{"imageTag": ...}`` or ``{"imageDigest": ...}``. Seeding may come before or
        after the push; the seed applies when the image is scanned (at once for an image already
        under continuous scanning). Image-dependent fields left out of each finding are filled in from
        the image when served.
        """
        with self._lock:
            self.scanning.seed(repository_name, image_id, list(findings), enhanced=True)

    def seed_basic_findings(
        self, repository_name: str, image_id: dict[str, str], findings: Sequence[dict[str, Any]]
    ) -> None:
        """Findings a basic scan of that image reports (applied at its next scan)."""
        with self._lock:
            self.scanning.seed(repository_name, image_id, list(findings), enhanced=False)

    def plan_scan(
        self,
        repository_name: str,
        image_id: dict[str, str],
        *,
        status: str | None = None,
        description: str | None = None,
        polls: int = 0,
    ) -> None:
        """Decide how the next scan of that image goes.

        The scan reads ``IN_PROGRESS`` (``PENDING`` for an enhanced scan) until ``polls`` more
        DescribeImageScanFindings calls have been answered, then ends with ``status`` (``None``: the
        natural end, ``COMPLETE`` or ``ACTIVE``) and ``description``. Used up by one scan.
        """
        with self._lock:
            self.scanning.plan(
                repository_name, image_id, status=status, description=description, polls=polls
            )

    def simulate_pull(
        self, repository_name: str, tag: str = "latest", manifest: str | None = None
    ) -> dict[str, str]:
        """Do what ``docker pull <registry>/<repository_name>:<tag>`` does to ECR.

        Under a pull-through cache rule a missing repository is created and the image cached (with
        ``manifest`` or a deterministic synthetic one); scanning applies as on a push; the pull time
        is recorded. Returns ``{"imageDigest": ..., "imageTag": ...}``.
        """
        with self._lock:
            return self.pull_through.simulate_pull(repository_name, tag, manifest)

    # -- repositories (called by handlers) ----------------------------------------------------

    def get_repository(self, name: str) -> Repository:
        repo = self.repositories.get(name)
        if repo is None:
            raise RepositoryNotFoundException(name, self.account_id)
        return repo

    def create_repository(self, name: str, **settings: Any) -> Repository:
        if name in self.repositories:
            raise RepositoryAlreadyExistsException(name, self.account_id)
        repo = Repository(
            registry_id=self.account_id,
            region=self.region,
            name=name,
            created_at=_clock.now(),
            **settings,
        )
        self.repositories.add(name, repo)
        self.scanning.on_repository_created(repo)
        return repo

    def delete_repository(self, name: str, force: bool = False) -> Repository:
        repo = self.get_repository(name)
        if len(repo.images) and not force:
            raise RepositoryNotEmptyException(name, self.account_id)
        self.repositories.remove(name)
        self.scanning.on_repository_deleted(repo)
        return repo

    def push_image(
        self,
        repo: Repository,
        manifest: str,
        tag: str | None = None,
        media_type: str | None = None,
        digest: str | None = None,
    ) -> Image:
        """PutImage: store the manifest and run scan on push when the repository's frequency says."""
        image, created = repo.put_image(
            manifest, _clock.now(), tag=tag, media_type=media_type, digest=digest
        )
        self.scanning.on_image_pushed(repo, image, created=created, tag=tag)
        return image

    def delete_image(self, repo: Repository, image: Image) -> None:
        repo.delete_image(image)
        self.scanning.on_image_deleted(repo, image)
