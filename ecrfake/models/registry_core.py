"""What every part of the registry model may rely on, declared once.

:class:`~ecrfake.models.registry.RegistryModel` is one class (the aggregate root) written in five
files: ``registry.py`` and the parts it inherits, ``registry_replication.py``,
``registry_inspector.py``, ``registry_data.py`` and ``registry_pulls.py``. A part calls state and methods that another
file defines; :class:`RegistryCore`, the base of every part, declares them for the type checker,
so each has one declaration instead of a copy in every part that uses it (and copies that drift
apart). At run time it adds nothing: the declarations are annotations and ``TYPE_CHECKING`` stubs,
and the real methods are found on the registry as usual.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecrfake.models.blobs import BlobStore
    from ecrfake.models.events import Builder, EventLog
    from ecrfake.models.inspector2_service import InspectorModel
    from ecrfake.models.pull_through import PullThroughModel
    from ecrfake.models.registry_auth import AuthTokens
    from ecrfake.models.repository import Image, Repositories, Repository
    from ecrfake.models.scanning import ScanningModel
    from ecrfake.models.signing import SigningModel

__all__ = ["RegistryCore"]


class RegistryCore:
    """The state and the cross-part methods of one registry (see the module docstring)."""

    # -- state (set in RegistryModel.__init__) -------------------------------------------------
    account_id: str
    region: str
    repositories: Repositories
    scanning: ScanningModel
    inspector: InspectorModel
    pull_through: PullThroughModel
    blobs: BlobStore
    auth: AuthTokens
    signing: SigningModel
    #: ``Registry.strict_layers``: refuse manifests whose layers were never uploaded.
    strict_layers: bool
    _events: EventLog | None
    _next_expiry: datetime.datetime | None
    _expiry_duration: tuple[datetime.timedelta | None, datetime.timedelta | None]

    if TYPE_CHECKING:  # methods one part defines and another calls
        # registry.py
        def get_repository(self, name: str) -> Repository: ...

        def create_repository(
            self,
            name: str,
            *,
            tags: Sequence[dict[str, Any]] = (),
            image_tag_mutability: str | None = None,
            mutability_exclusions: list[dict[str, str]] | None = None,
            scan_on_push: bool = False,
            encryption: dict[str, str] | None = None,
            created_by_pull_through: str | None = None,
        ) -> Repository: ...

        def push_image(
            self,
            repo: Repository,
            manifest: str,
            tag: str | None = None,
            media_type: str | None = None,
            digest: str | None = None,
            *,
            replicate: bool = True,
        ) -> Image: ...

        def batch_delete_image(
            self, repository_name: str, image_ids: Sequence[dict[str, Any]]
        ) -> tuple[list[dict[str, str]], list[dict[str, Any]]]: ...

        def simulate_pull(
            self,
            repository_name: str,
            tag: str,
            manifest: str | None,
            principal_arn: str | None = None,
            *,
            record: bool = True,
        ) -> dict[str, str]: ...

        # registry_replication.py
        def repository_for_push(self, name: str) -> Repository: ...

        def create_repository_for(
            self, name: str, applied_for: str, *, created_by_pull_through: str | None = None
        ) -> Repository: ...

        def records_pull_time(self, principal_arn: str | None) -> bool: ...

        # registry_inspector.py
        def emit(self, builder: Builder, *args: Any) -> None: ...

        @property
        def partition(self) -> str: ...

        def replication_completed(
            self,
            repository: str,
            digest: str,
            tag: str | None,
            source_account: str,
            source_region: str,
            result: str = "SUCCESS",
        ) -> None: ...

        # registry_data.py
        def replica_layers(
            self, repository_name: str, image: Image
        ) -> tuple[tuple[str, bytes], ...]: ...

        def accept_layers(
            self, repository_name: str, layers: Sequence[tuple[str, bytes]]
        ) -> None: ...
