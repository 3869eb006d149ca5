"""Sending arbitrary requests through a real boto3 client, and the seeded state fuzzing starts from."""

from __future__ import annotations

import copy
import json
from typing import Any

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

from ecrfake import _service, basic_finding, enhanced_finding

from .._floor import has_enum, has_member, has_operation
from ..conftest import make_index, make_manifest
from ._strategies import Seeds

__all__ = [
    "SEEDS",
    "SEED_VARIANTS",
    "SeededStates",
    "allowed_codes",
    "raw_client",
    "seed_state",
    "send",
]

#: A client that sends whatever it is given (no client-side validation) and never retries, so
#: every call is exactly one request to the fake.
_CONFIG = Config(parameter_validation=False, retries={"total_max_attempts": 1, "mode": "standard"})

MANIFEST_A = make_manifest("seed-a")
MANIFEST_B = make_manifest(
    "seed-b",
    media_type="application/vnd.oci.image.manifest.v1+json",
    config_media_type="application/vnd.oci.image.config.v1+json",
)
MANIFEST_ART = make_manifest(
    "seed-art", config_media_type="application/vnd.cncf.helm.config.v1+json"
)
MANIFEST_INDEX = make_index([MANIFEST_A, MANIFEST_B])

SEEDS = Seeds(
    repositories=("seeded", "seeded/app", "immutable"),
    tags=("latest", "v1", "multi", "chart"),
    manifests=(MANIFEST_A, MANIFEST_B, MANIFEST_ART, MANIFEST_INDEX),
    prefixes=("ptc", "quay-cache"),
)


#: Codes every operation may answer besides its modelled errors (decisions.md: model constraints
#: and cross-field rules).
GENERIC_CODES = frozenset({"InvalidParameterException", "ValidationException"})


def allowed_codes(operation: str) -> frozenset[str]:
    """The error codes ``operation`` may answer with HTTP 400 (its model's, minus ServerException)."""
    errors = _service.service_model().operation_model(operation).error_shapes
    return (frozenset(e.name for e in errors) | GENERIC_CODES) - {"ServerException"}


def raw_client(region: str = "us-east-1") -> Any:
    """A boto3 ECR client without parameter validation or retries."""
    return boto3.client("ecr", region_name=region, config=_CONFIG)


def send(client: Any, operation: str, params: dict[str, Any]) -> Any:
    """Call ``operation`` with ``params``: the parsed response, or the ``ClientError``.

    botocore serialises what it can; when it cannot (an unknown member, a string where a structure
    belongs), the same JSON goes out as the request body of an otherwise normal call.
    """
    method = getattr(client, xform_name(operation))
    try:
        return method(**params)
    except ClientError as error:
        return error
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        if not _client_side(error):
            raise
    return _send_body(client, operation, method, json.dumps(params).encode())


def _client_side(error: BaseException) -> bool:
    """Whether botocore raised ``error`` while serialising, before any request existed."""
    tb = error.__traceback__
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    return any(f.endswith("botocore/serialize.py") for f in frames) and not any(
        f.endswith("ecrfake/_dispatch.py") for f in frames
    )


def _send_body(client: Any, operation: str, method: Any, body: bytes) -> Any:
    def replace_body(request: Any, **_: Any) -> None:
        request.data = body

    event = f"request-created.ecr.{operation}"
    client.meta.events.register_first(event, replace_body, unique_id="ecrfake-fuzz-body")
    try:
        return method()
    except ClientError as error:
        return error
    finally:
        client.meta.events.unregister(event, unique_id="ecrfake-fuzz-body")


def seed_state(client: Any, fake: Any, variant: str = "basic") -> None:
    """Repositories and images, cache rules, and per variant a scan or an ENHANCED configuration.

    ``rich`` adds seeded findings, held and failing scan plans, a cached repository, resource tags
    and a repository with tag-mutability exclusions.
    """
    client.create_repository(repositoryName="seeded")
    client.create_repository(
        repositoryName="seeded/app", imageScanningConfiguration={"scanOnPush": True}
    )
    client.create_repository(repositoryName="immutable", imageTagMutability="IMMUTABLE")
    client.put_image(repositoryName="seeded", imageManifest=MANIFEST_A, imageTag="latest")
    client.put_image(repositoryName="seeded", imageManifest=MANIFEST_B, imageTag="v1")
    client.put_image(repositoryName="seeded", imageManifest=MANIFEST_INDEX, imageTag="multi")
    client.put_image(repositoryName="seeded/app", imageManifest=MANIFEST_ART, imageTag="chart")
    client.put_image(repositoryName="seeded/app", imageManifest=MANIFEST_A, imageTag="latest")
    client.put_image(repositoryName="immutable", imageManifest=MANIFEST_A, imageTag="latest")
    for prefix, url, upstream in (
        ("ptc", "public.ecr.aws", "ecr-public"),
        ("quay-cache", "quay.io", "quay"),
    ):
        client.create_pull_through_cache_rule(
            ecrRepositoryPrefix=prefix, upstreamRegistryUrl=url, upstreamRegistry=upstream
        )
    if variant.startswith("enhanced"):
        frequency = "CONTINUOUS_SCAN" if variant == "enhanced-continuous" else "SCAN_ON_PUSH"
        client.put_registry_scanning_configuration(
            scanType="ENHANCED",
            rules=[
                {
                    "scanFrequency": frequency,
                    "repositoryFilters": [{"filter": "seeded*", "filterType": "WILDCARD"}],
                },
            ],
        )
        return
    client.start_image_scan(repositoryName="seeded", imageId={"imageTag": "v1"})
    if variant == "rich":
        _seed_rich(client, fake.registry())


def _seed_rich(client: Any, registry: Any) -> None:
    registry.seed_basic_findings(
        "seeded", {"imageTag": "latest"}, [basic_finding("CVE-2021-0001", severity="HIGH")]
    )
    registry.seed_enhanced_findings(
        "seeded",
        {"imageTag": "v1"},
        [enhanced_finding("CVE-2021-44228", severity="CRITICAL", package_name="log4j-core")],
    )
    registry.plan_scan("seeded", {"imageTag": "latest"}, polls=2)
    registry.plan_scan("immutable", {"imageTag": "latest"}, status="FAILED", description="no")
    client.start_image_scan(repositoryName="seeded", imageId={"imageTag": "latest"})
    client.start_image_scan(repositoryName="immutable", imageId={"imageTag": "latest"})
    registry.simulate_pull("ptc/library/nginx", "1.27")
    client.tag_resource(
        resourceArn=f"arn:aws:ecr:us-east-1:{SEEDS.account}:repository/seeded",
        tags=[{"Key": "team", "Value": "a"}, {"Key": "env", "Value": "test"}],
    )
    client.create_repository(
        repositoryName="mixed",
        imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters=[{"filterType": "WILDCARD", "filter": "latest*"}],
    )
    client.put_image(repositoryName="mixed", imageManifest=MANIFEST_B, imageTag="latest")
    # Lifecycle and policy state, so fuzzed reads find something and writes replace it.
    client.put_lifecycle_policy(repositoryName="seeded", lifecyclePolicyText=LIFECYCLE_POLICY)
    client.start_lifecycle_policy_preview(repositoryName="seeded")
    client.set_repository_policy(repositoryName="seeded", policyText=REPOSITORY_POLICY)
    client.put_registry_policy(policyText=REPOSITORY_POLICY)
    client.put_account_setting(name="BLOB_MOUNTING", value="ENABLED")
    registry.apply_lifecycle_policies()
    _seed_replication(client, registry)


def _seed_replication(client: Any, registry: Any) -> None:
    """Replication to another region and (refused: no registry policy) another account, a held
    replication, templates for every kind of creation, an exclusion and a backfill (each part
    that the installed botocore's model has: the suite also runs at the floor)."""
    rule: dict[str, Any] = {
        "destinations": [
            {"region": "us-west-2", "registryId": SEEDS.account},
            {"region": "us-east-1", "registryId": "210987654321"},
        ],
        "repositoryFilters": [{"filter": "seeded", "filterType": "PREFIX_MATCH"}],
    }
    if has_member("ReplicationRule", "deleteReplication"):
        rule["deleteReplication"] = {"enabled": True}
    client.put_replication_configuration(replicationConfiguration={"rules": [rule]})
    applied_for = ["REPLICATION", "PULL_THROUGH_CACHE", "CREATE_ON_PUSH"]
    if not has_enum("RCTAppliedFor", "CREATE_ON_PUSH"):
        applied_for.remove("CREATE_ON_PUSH")
    client.create_repository_creation_template(prefix="ROOT", appliedFor=applied_for)
    client.create_repository_creation_template(
        prefix="ptc", appliedFor=["PULL_THROUGH_CACHE"], imageTagMutability="IMMUTABLE"
    )
    registry.plan_replication("seeded", {"imageTag": "held"}, polls=3)
    client.put_image(repositoryName="seeded", imageManifest=MANIFEST_ART, imageTag="held")
    if has_operation("RegisterPullTimeUpdateExclusion"):
        client.register_pull_time_update_exclusion(
            principalArn=f"arn:aws:iam::{SEEDS.account}:role/scanner"
        )
    if has_operation("StartReplicationBackfill"):
        client.start_replication_backfill(
            destination={"region": "us-west-2", "registryId": SEEDS.account}
        )


LIFECYCLE_POLICY = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "selection": {
                    "tagStatus": "tagged",
                    "tagPatternList": ["v*"],
                    "countType": "sinceImagePulled",
                    "countUnit": "days",
                    "countNumber": 1,
                },
                "action": {"type": "transition", "targetStorageClass": "archive"},
            },
            {
                "rulePriority": 2,
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "imageCountMoreThan",
                    "countNumber": 1,
                },
                "action": {"type": "expire"},
            },
        ]
    }
)
REPOSITORY_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": ["ecr:BatchGetImage", "ecr:ReplicateImage"],
            }
        ],
    }
)


SEED_VARIANTS = ("basic", "enhanced-continuous", "enhanced-on-push", "rich")


class SeededStates:
    """Seeded states, built once per variant through the API and restored by copy.

    Seeding takes a dozen requests; restoring a deep copy of the registries takes a millisecond,
    which keeps the fuzz loop fast. The state's one lock is shared, never copied.
    """

    def __init__(self, fake: Any, client: Any) -> None:
        self.fake = fake
        self.client = client
        self._snapshots: dict[str, Any] = {}

    def restore(self, variant: str) -> None:
        state = self.fake.state
        # The lock and the state itself are shared, never copied: each registry reaches the others
        # (replication) through the state's lookup, which must stay the live state's.
        memo = {id(state.lock): state.lock, id(state): state}
        if variant not in self._snapshots:
            self.fake.reset()
            seed_state(self.client, self.fake, variant)
            self._snapshots[variant] = copy.deepcopy(state._registries, dict(memo))
        state._registries = copy.deepcopy(self._snapshots[variant], memo)
