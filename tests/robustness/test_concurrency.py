"""Many threads against one fake: every write lands, counts add up, nothing raises.

Threads share one boto3 client (botocore clients are thread-safe) and start together at a barrier.
The interpreter's switch interval is shortened while they run, so threads interleave far more often
than they would by default and races have a chance to show.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecrfake import _validate, basic_finding

from ..conftest import make_manifest

THREADS = 8
IMAGES_PER_THREAD = 6


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Switch threads every microsecond instead of every 5 ms while the test runs."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def run_together(work: Callable[[int], None], threads: int = THREADS) -> list[BaseException]:
    """Run ``work(i)`` on ``threads`` threads released at once; the exceptions they raised."""
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except BaseException as exc:  # collected and reported by the test
            errors.append(exc)

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


def test_threads_create_push_scan_and_read_findings_all_writes_visible(
    ecr: Any, ecr_fake: Any, busy_switching: None
) -> None:
    # given: findings seeded for one tag of each thread's repository
    registry = ecr_fake.registry()
    ecr.create_repository(repositoryName="shared")
    for i in range(THREADS):
        registry.seed_basic_findings(
            f"team{i}/app",
            {"imageTag": "v0"},
            [basic_finding(f"CVE-2024-{i:04d}", severity="HIGH")],
        )
    seen_statuses: list[str] = []

    def work(i: int) -> None:
        name = f"team{i}/app"
        ecr.create_repository(repositoryName=name)
        for n in range(IMAGES_PER_THREAD):
            tag = f"v{n}"
            ecr.put_image(
                repositoryName=name, imageManifest=make_manifest(f"{i}/{n}"), imageTag=tag
            )
            ecr.put_image(
                repositoryName="shared",
                imageManifest=make_manifest(f"s{i}/{n}"),
                imageTag=f"t{i}-{n}",
            )
            ecr.start_image_scan(repositoryName=name, imageId={"imageTag": tag})
            found = ecr.describe_image_scan_findings(repositoryName=name, imageId={"imageTag": tag})
            seen_statuses.append(found["imageScanStatus"]["status"])
        ecr.describe_images(repositoryName="shared", maxResults=5)

    # when
    errors = run_together(work)

    # then
    assert errors == []
    assert seen_statuses == ["COMPLETE"] * (THREADS * IMAGES_PER_THREAD)
    names = {r["repositoryName"] for r in ecr.describe_repositories()["repositories"]}
    assert names == {"shared"} | {f"team{i}/app" for i in range(THREADS)}
    shared = [
        d
        for page in ecr.get_paginator("describe_images").paginate(repositoryName="shared")
        for d in page["imageDetails"]
    ]
    assert sorted(t for d in shared for t in d["imageTags"]) == sorted(
        f"t{i}-{n}" for i in range(THREADS) for n in range(IMAGES_PER_THREAD)
    )
    for i in range(THREADS):
        details = ecr.describe_images(repositoryName=f"team{i}/app")["imageDetails"]
        assert len(details) == IMAGES_PER_THREAD
        assert all(d["imageScanStatus"]["status"] == "COMPLETE" for d in details)
        findings = ecr.describe_image_scan_findings(
            repositoryName=f"team{i}/app", imageId={"imageTag": "v0"}
        )["imageScanFindings"]
        assert [f["name"] for f in findings["findings"]] == [f"CVE-2024-{i:04d}"]


def test_threads_racing_for_one_name_exactly_one_create_wins(
    ecr: Any, ecr_fake: Any, busy_switching: None
) -> None:
    outcomes: list[str] = []

    def work(i: int) -> None:
        try:
            ecr.create_repository(repositoryName="contended")
            outcomes.append("created")
        except ClientError as error:
            outcomes.append(error.response["Error"]["Code"])

    assert run_together(work) == []
    assert sorted(outcomes) == ["RepositoryAlreadyExistsException"] * (THREADS - 1) + ["created"]


def test_threads_managing_pull_through_cache_rules_and_pulls_counts_add_up(
    ecr: Any, ecr_fake: Any, busy_switching: None
) -> None:
    registry = ecr_fake.registry()

    def work(i: int) -> None:
        for n in range(3):
            prefix = f"cache{i}-{n}"
            ecr.create_pull_through_cache_rule(
                ecrRepositoryPrefix=prefix,
                upstreamRegistryUrl="public.ecr.aws",
                upstreamRegistry="ecr-public",
            )
            registry.simulate_pull(f"{prefix}/library/nginx", "latest")
            assert ecr.validate_pull_through_cache_rule(ecrRepositoryPrefix=prefix)["isValid"]
        ecr.delete_pull_through_cache_rule(ecrRepositoryPrefix=f"cache{i}-0")
        ecr.describe_pull_through_cache_rules(maxResults=2)

    assert run_together(work) == []
    rules = [
        r["ecrRepositoryPrefix"]
        for page in ecr.get_paginator("describe_pull_through_cache_rules").paginate()
        for r in page["pullThroughCacheRules"]
    ]
    assert sorted(rules) == sorted(f"cache{i}-{n}" for i in range(THREADS) for n in (1, 2))
    cached = [
        r["repositoryName"]
        for page in ecr.get_paginator("describe_repositories").paginate()
        for r in page["repositories"]
    ]
    assert sorted(cached) == sorted(
        f"cache{i}-{n}/library/nginx" for i in range(THREADS) for n in range(3)
    )


def test_threads_switching_registry_scanning_while_pushing_no_exception(
    ecr: Any, ecr_fake: Any, busy_switching: None
) -> None:
    for i in range(THREADS):
        ecr.create_repository(repositoryName=f"svc{i}")
    configs = [
        {
            "scanType": "ENHANCED",
            "rules": [
                {
                    "scanFrequency": "CONTINUOUS_SCAN",
                    "repositoryFilters": [{"filter": "svc*", "filterType": "WILDCARD"}],
                }
            ],
        },
        {
            "scanType": "BASIC",
            "rules": [
                {
                    "scanFrequency": "SCAN_ON_PUSH",
                    "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
                }
            ],
        },
    ]

    def work(i: int) -> None:
        for n in range(IMAGES_PER_THREAD):
            if i % 2 == 0:
                ecr.put_registry_scanning_configuration(**configs[n % 2])
            ecr.put_image(
                repositoryName=f"svc{i}", imageManifest=make_manifest(f"{i}/{n}"), imageTag=f"v{n}"
            )
            ecr.batch_get_repository_scanning_configuration(repositoryNames=[f"svc{i}"])
            ecr.describe_images(repositoryName=f"svc{i}")

    assert run_together(work) == []
    final = ecr.get_registry_scanning_configuration()["scanningConfiguration"]
    assert final["scanType"] in ("BASIC", "ENHANCED")
    for i in range(THREADS):
        assert (
            len(ecr.describe_images(repositoryName=f"svc{i}")["imageDetails"]) == IMAGES_PER_THREAD
        )


def test_validator_compiled_by_one_thread_is_never_seen_half_built(
    ecr: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: no validator compiled yet; watch what a lock-free reader would see mid-compilation
    monkeypatch.setattr(_validate, "_cache", {})
    monkeypatch.setattr(_validate, "_inputs", {})
    visible_while_building: list[str] = []
    build = _validate._build

    def watching_build(shape: Any, service: str) -> Any:
        if f"{service}:{shape.type_name}:{shape.name}" in _validate._cache:
            visible_while_building.append(shape.name)
        return build(shape, service)

    monkeypatch.setattr(_validate, "_build", watching_build)
    # when
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[])
    # then
    assert visible_while_building == []
    assert "ecr:structure:PutRegistryScanningConfigurationRequest" in _validate._cache


def test_threads_making_their_first_request_at_once_all_succeed(
    ecr: Any, monkeypatch: pytest.MonkeyPatch, busy_switching: None
) -> None:
    rule = {
        "scanFrequency": "SCAN_ON_PUSH",
        "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
    }
    for _ in range(5):
        monkeypatch.setattr(_validate, "_cache", {})
        monkeypatch.setattr(_validate, "_inputs", {})
        errors = run_together(
            lambda i: ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[rule])
        )
        assert errors == []


def test_threads_pulling_one_name_through_a_rule_create_one_repository(
    ecr: Any, ecr_fake: Any, busy_switching: None
) -> None:
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="hub",
        upstreamRegistryUrl="public.ecr.aws",
        upstreamRegistry="ecr-public",
    )
    registry = ecr_fake.registry()
    pulled: list[dict[str, str]] = []

    def work(i: int) -> None:
        pulled.append(registry.simulate_pull("hub/library/nginx", "1.27"))

    assert run_together(work) == []
    assert len({p["imageDigest"] for p in pulled}) == 1
    repos = [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]]
    assert repos == ["hub/library/nginx"]
    images = ecr.describe_images(repositoryName="hub/library/nginx")["imageDetails"]
    assert [d["imageTags"] for d in images] == [["1.27"]]


def test_threads_paging_while_others_delete_see_no_image_twice(
    ecr: Any, ecr_fake: Any, busy_switching: None
) -> None:
    ecr.create_repository(repositoryName="churn")
    ids = [
        ecr.put_image(
            repositoryName="churn", imageManifest=make_manifest(f"c{n}"), imageTag=f"v{n}"
        )["image"]["imageId"]
        for n in range(60)
    ]
    seen: list[list[str]] = []

    def work(i: int) -> None:
        if i % 2:  # deleters: each removes its own share of the images
            mine = ids[i::THREADS]
            ecr.batch_delete_image(repositoryName="churn", imageIds=mine)
            return
        tags: list[str] = []
        for page in ecr.get_paginator("describe_images").paginate(
            repositoryName="churn", PaginationConfig={"PageSize": 7}
        ):
            tags += [t for d in page["imageDetails"] for t in d.get("imageTags", [])]
        seen.append(tags)

    assert run_together(work) == []
    for tags in seen:
        assert len(tags) == len(set(tags))
    deleted = {ids[n]["imageTag"] for i in range(1, THREADS, 2) for n in range(i, 60, THREADS)}
    left = {d["imageTags"][0] for d in ecr.describe_images(repositoryName="churn")["imageDetails"]}
    assert left == {f"v{n}" for n in range(60)} - deleted


def test_reset_while_other_threads_write_answers_only_modelled_errors(
    ecr: Any, ecr_fake: Any, busy_switching: None
) -> None:
    codes: list[str] = []

    def work(i: int) -> None:
        for n in range(10):
            if i == 0:
                ecr_fake.reset()
                continue
            try:
                ecr.create_repository(repositoryName=f"r{i}")
                ecr.put_image(repositoryName=f"r{i}", imageManifest=make_manifest(f"{i}/{n}"))
            except ClientError as error:
                codes.append(error.response["Error"]["Code"])

    assert run_together(work) == []
    assert set(codes) <= {"RepositoryNotFoundException", "RepositoryAlreadyExistsException"}
    ecr.create_repository(repositoryName="after-reset")
    assert "after-reset" in {
        r["repositoryName"] for r in ecr.describe_repositories()["repositories"]
    }


def test_seeding_from_one_thread_while_others_scan_applies_every_seed(
    ecr: Any, ecr_fake: Any, busy_switching: None
) -> None:
    registry = ecr_fake.registry()
    for i in range(1, THREADS):
        ecr.create_repository(repositoryName=f"scan{i}")

    def work(i: int) -> None:
        if i == 0:  # the test's own thread role: seed every repository's tag v3
            for j in range(1, THREADS):
                registry.seed_basic_findings(
                    f"scan{j}",
                    {"imageTag": "v3"},
                    [basic_finding(f"CVE-2025-{j:04d}", severity="LOW")],
                )
            return
        for n in range(4):
            ecr.put_image(
                repositoryName=f"scan{i}", imageManifest=make_manifest(f"{i}-{n}"), imageTag=f"v{n}"
            )

    assert run_together(work) == []
    for j in range(1, THREADS):
        ecr.start_image_scan(repositoryName=f"scan{j}", imageId={"imageTag": "v3"})
        found = ecr.describe_image_scan_findings(
            repositoryName=f"scan{j}", imageId={"imageTag": "v3"}
        )
        assert [f["name"] for f in found["imageScanFindings"]["findings"]] == [f"CVE-2025-{j:04d}"]


def test_threads_push_replicating_while_destination_repository_deleted_loses_nothing(
    ecr: Any, busy_switching: None
) -> None:
    # given: pushes into "app" replicate to us-west-2
    import boto3

    account = "123456789012"
    ecr.put_replication_configuration(
        replicationConfiguration={
            "rules": [{"destinations": [{"region": "us-west-2", "registryId": account}]}]
        }
    )
    ecr.create_repository(repositoryName="app")
    west = boto3.client("ecr", region_name="us-west-2")
    pushed: list[str] = []

    # when: half the threads push, the other half keep deleting the destination repository
    def work(i: int) -> None:
        for n in range(IMAGES_PER_THREAD):
            if i % 2 == 0:
                tag = f"t{i}-{n}"
                ecr.put_image(
                    repositoryName="app", imageManifest=make_manifest(f"r{i}/{n}"), imageTag=tag
                )
                pushed.append(tag)
            else:
                try:
                    west.delete_repository(repositoryName="app", force=True)
                except ClientError as error:
                    assert error.response["Error"]["Code"] == "RepositoryNotFoundException"

    errors = run_together(work)

    # then: every push is in the source and was delivered (the destination was recreated as
    # needed); what the destination holds now is a subset of the source
    assert errors == []
    source = {i["imageTag"] for i in ecr.list_images(repositoryName="app")["imageIds"]}
    assert source == set(pushed) and len(pushed) == (THREADS // 2) * IMAGES_PER_THREAD
    for tag in pushed:
        status = ecr.describe_image_replication_status(
            repositoryName="app", imageId={"imageTag": tag}
        )["replicationStatuses"]
        assert [s["status"] for s in status] == ["COMPLETE"]
    try:
        left = {i["imageTag"] for i in west.list_images(repositoryName="app")["imageIds"]}
    except ClientError:
        left = set()
    assert left <= source


KEEP_TWO = (
    '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any",'
    '"countType":"imageCountMoreThan","countNumber":2},"action":{"type":"expire"}}]}'
)


def test_threads_pushing_while_lifecycle_passes_run_lose_no_image_and_keep_counts(
    ecr: Any, ecr_fake: Any, busy_switching: None
) -> None:
    # given: one repository per thread under a keep-two policy, and one shared repository that
    # every thread pushes to while passes and previews run
    registry = ecr_fake.registry()
    ecr.create_repository(repositoryName="shared")
    for i in range(THREADS):
        ecr.create_repository(repositoryName=f"lc-{i}")
        ecr.put_lifecycle_policy(repositoryName=f"lc-{i}", lifecyclePolicyText=KEEP_TWO)
    acted: list[dict[str, Any]] = []

    def work(i: int) -> None:
        for n in range(IMAGES_PER_THREAD):
            ecr.put_image(
                repositoryName=f"lc-{i}",
                imageManifest=make_manifest(f"lc{i}-{n}"),
                imageTag=f"t{n}",
            )
            ecr.put_image(
                repositoryName="shared",
                imageManifest=make_manifest(f"sh{i}-{n}"),
                imageTag=f"{i}-{n}",
            )
            acted.extend(registry.apply_lifecycle_policies())
            ecr.start_lifecycle_policy_preview(repositoryName=f"lc-{i}")
            ecr.get_lifecycle_policy_preview(repositoryName=f"lc-{i}")
            ecr.set_repository_policy(
                repositoryName="shared",
                policyText='{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*"}]}',
            )
            ecr.put_image_tag_mutability(
                repositoryName="shared", imageTagMutability="MUTABLE" if n % 2 else "IMMUTABLE"
            )

    # when
    assert run_together(work) == []
    acted.extend(registry.apply_lifecycle_policies())

    # then: each repository keeps its two newest images, every other image was expired exactly once
    for i in range(THREADS):
        tags = [
            t
            for d in ecr.describe_images(repositoryName=f"lc-{i}")["imageDetails"]
            for t in d["imageTags"]
        ]
        assert sorted(tags) == [f"t{IMAGES_PER_THREAD - 2}", f"t{IMAGES_PER_THREAD - 1}"]
    digests = [d["imageDigest"] for d in acted]
    assert len(digests) == len(set(digests)) == THREADS * (IMAGES_PER_THREAD - 2)
    shared = ecr.describe_images(repositoryName="shared", maxResults=1000)["imageDetails"]
    assert len(shared) == THREADS * IMAGES_PER_THREAD
