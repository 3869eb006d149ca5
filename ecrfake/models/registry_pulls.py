"""Pulls: the part of the registry model ``docker login`` and ``docker pull`` (or
``Registry.simulate_pull``) run.

GetAuthorizationToken issues the password the ``/v2/`` API takes. On a pull, a tag in the repository is served; otherwise the pull-through rule that covers the name caches
it, creating the repository (from a ``PULL_THROUGH_CACHE`` creation template) and pushing the image
through the registry's one push path, so scanning, replication and events apply as on a push.
A part of :class:`~ecrfake.models.registry.RegistryModel` (see ``registry_core.py``).
"""

from __future__ import annotations

from typing import Any

from ecrfake import _clock
from ecrfake._aws import dns_suffix
from ecrfake.models import events as event_builders
from ecrfake.models import images
from ecrfake.models.registry_core import RegistryCore

__all__ = ["PullCoordination"]


class PullCoordination(RegistryCore):
    """The login and pull path of one registry (see the module docstring)."""

    def authorization_data(self) -> dict[str, Any]:
        """GetAuthorizationToken's ``AuthorizationData`` for this registry.

        The token decodes to ``AWS:<password>`` (what ``docker login --username AWS`` takes), valid
        for 12 hours from the fake's clock; the registry remembers the password, so its ``/v2/``
        API takes it as Basic credentials until it expires.
        """
        token, expires = self.auth.issue(_clock.now())
        return {
            "authorizationToken": token,
            "expiresAt": expires,
            "proxyEndpoint": (
                f"https://{self.account_id}.dkr.ecr.{self.region}.{dns_suffix(self.region)}"
            ),
        }

    def simulate_pull(
        self,
        repository_name: str,
        tag: str,
        manifest: str | None,
        principal_arn: str | None = None,
        *,
        record: bool = True,
    ) -> dict[str, str]:
        """What ``docker pull <registry>/<repository_name>:<tag>`` does (arguments checked).

        A tag already in the repository is served (a manifest given must match it); otherwise the
        pull-through rule that covers the name caches it: the repository is created if missing
        (from the matching ``PULL_THROUGH_CACHE`` creation template, else with ECR's defaults), and
        the image is pushed, so scanning and replication apply exactly as on a push. The pull time
        is recorded unless ``principal_arn`` is a pull-time update exclusion. Nothing is recorded
        for ``record=False`` (a ``/v2/`` HEAD caches the image; only a GET pulls it).
        """
        repo = self.repositories.get(repository_name)
        image = repo.find_image({"imageTag": tag}) if repo is not None else None
        cached = image is None
        if image is None:
            rule, _, body = self.pull_through.fill_source(
                repository_name, tag, manifest, repo_exists=repo is not None
            )
            if repo is None:
                repo = self.create_repository_for(
                    repository_name,
                    "PULL_THROUGH_CACHE",
                    created_by_pull_through=rule.ecr_repository_prefix,
                )
            image = self.push_image(repo, body, tag=tag)
            self.emit(
                event_builders.ecr_pull_through_cache_action,
                self.partition,
                repository_name,
                rule.ecr_repository_prefix,
                rule.upstream_registry_url,
                tag,
                image.digest,
            )
        elif manifest is not None and images.digest_of_manifest(manifest) != image.digest:
            raise images.upstream_moved(repository_name, tag, image.digest)
        if record:
            now = _clock.now()
            if self.records_pull_time(principal_arn):
                image.last_recorded_pull_time = now
            self.pull_through.record_pull(repository_name, tag, image.digest, now, cached=cached)
        return {"imageDigest": image.digest, "imageTag": tag}
