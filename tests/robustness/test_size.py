"""Big inputs and big states: a 4 MiB manifest, 10,000 images in a repository, 1,000 repositories.

Every operation keeps working, and paging costs work proportional to the page, not to the
collection: the stores are instrumented to count the entries they hand out (never a clock).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ecrfake import basic_finding, mock_ecr_scanning

MAX_MANIFEST = 4_194_304  # ImageManifest's max length in the model
IMAGES = 10_000
REPOSITORIES = 1_000


class CountingDict(dict[Any, Any]):
    """A dict that counts every entry it hands out (lookups and iteration)."""

    visits = 0

    def __getitem__(self, key: Any) -> Any:
        self.visits += 1
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self.visits += 1
        return super().get(key, default)

    def _counted(self, it: Iterator[Any]) -> Iterator[Any]:
        for item in it:
            self.visits += 1
            yield item

    def __iter__(self) -> Iterator[Any]:
        return self._counted(super().__iter__())

    def keys(self) -> Any:
        return list(self._counted(iter(super().keys())))

    def values(self) -> Any:
        return list(self._counted(iter(super().values())))

    def items(self) -> Any:
        return list(self._counted(iter(super().items())))


class Work:
    """Entries visited in one OrderedStore since the last ``take()``."""

    def __init__(self, store: Any) -> None:
        self.dicts = [CountingDict(store._items), CountingDict(store._seq_of)]
        store._items, store._seq_of = self.dicts

    def take(self) -> int:
        total = sum(d.visits for d in self.dicts)
        for d in self.dicts:
            d.visits = 0
        return total


def tiny_manifest(n: int) -> str:
    """A distinct, valid schema-2 image manifest (cheap to build by the thousand)."""
    return (
        '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",'
        '"config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1,'
        f'"digest":"sha256:{n:064x}"}},"layers":[]}}'
    )


def manifest_of_length(length: int) -> str:
    doc = json.loads(tiny_manifest(0))
    doc["annotations"] = {"pad": ""}
    base = len(json.dumps(doc))
    doc["annotations"]["pad"] = "x" * (length - base)
    text = json.dumps(doc)
    assert len(text) == length
    return text


def client() -> Any:
    return boto3.client("ecr", region_name="us-east-1")


# -- a 4 MiB manifest -------------------------------------------------------------------------


def test_put_image_manifest_of_maximum_length_works_everywhere(ecr: Any) -> None:
    # given
    manifest = manifest_of_length(MAX_MANIFEST)
    digest = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
    ecr.create_repository(repositoryName="huge")
    # when
    pushed = ecr.put_image(repositoryName="huge", imageManifest=manifest, imageTag="big")
    # then
    assert pushed["image"]["imageId"] == {"imageDigest": digest, "imageTag": "big"}
    got = ecr.batch_get_image(repositoryName="huge", imageIds=[{"imageTag": "big"}])
    assert got["images"][0]["imageManifest"] == manifest
    assert ecr.describe_images(repositoryName="huge")["imageDetails"][0]["imageDigest"] == digest
    ecr.start_image_scan(repositoryName="huge", imageId={"imageDigest": digest})
    found = ecr.describe_image_scan_findings(repositoryName="huge", imageId={"imageTag": "big"})
    assert found["imageScanStatus"]["status"] == "COMPLETE"
    deleted = ecr.batch_delete_image(repositoryName="huge", imageIds=[{"imageDigest": digest}])
    assert deleted["imageIds"] == [{"imageDigest": digest, "imageTag": "big"}]


def test_put_image_manifest_one_character_too_long_is_invalid_parameter(ecr: Any) -> None:
    ecr.create_repository(repositoryName="huge")
    with pytest.raises(ClientError) as error:
        ecr.put_image(repositoryName="huge", imageManifest=manifest_of_length(MAX_MANIFEST + 1))
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"
    assert error.value.response["Error"]["Message"] == (
        "Invalid parameter at 'imageManifest' failed to satisfy constraint: "
        "'must have length less than or equal to 4194304'"
    )
    assert ecr.describe_images(repositoryName="huge")["imageDetails"] == []


# -- 10,000 images in one repository --------------------------------------------------------------


@pytest.fixture(scope="class")
def big() -> Iterator[Any]:
    """An active fake whose repository ``big`` holds 10,000 tagged images (built by the model)."""
    with mock_ecr_scanning() as fake:
        registry = fake.registry()
        with fake.state.lock:
            repo = registry.model.create_repository("big")
            for n in range(IMAGES):
                registry.model.push_image(repo, tiny_manifest(n), tag=f"t{n}")
        yield fake, Work(repo.images)


class TestTenThousandImages:
    """One repository with 10,000 tagged images, built once for the class (the tests only read it,
    except for one scan of the last image)."""

    def test_describe_images_page_work_is_proportional_to_page_size(self, big: Any) -> None:
        _, work = big
        ecr = client()
        # a first page, a page 2,000 images in, and a small page
        work.take()
        first = ecr.describe_images(repositoryName="big", maxResults=100)
        first_work = work.take()
        token = ecr.describe_images(repositoryName="big", maxResults=1000)["nextToken"]
        token = ecr.describe_images(repositoryName="big", maxResults=1000, nextToken=token)[
            "nextToken"
        ]
        work.take()
        deep = ecr.describe_images(repositoryName="big", maxResults=100, nextToken=token)
        deep_work = work.take()
        ecr.describe_images(repositoryName="big", maxResults=10)
        small_work = work.take()

        assert [d["imageTags"] for d in first["imageDetails"][:2]] == [["t0"], ["t1"]]
        assert deep["imageDetails"][0]["imageTags"] == ["t2000"]
        assert first_work <= 5 * 100, first_work
        assert deep_work <= 5 * 100, deep_work
        assert small_work <= 5 * 10 + 5, small_work

    def test_list_images_page_work_is_proportional_and_sees_every_image_once(
        self, big: Any
    ) -> None:
        _, work = big
        ecr = client()
        work.take()
        pages = list(
            ecr.get_paginator("list_images").paginate(
                repositoryName="big", PaginationConfig={"PageSize": 1000}
            )
        )
        # the counter sees work: a full walk visits every image at least once
        assert IMAGES <= work.take() <= 5 * IMAGES
        assert len(pages) == IMAGES // 1000
        assert [i["imageTag"] for p in pages for i in p["imageIds"]] == [
            f"t{n}" for n in range(IMAGES)
        ]
        token = pages[6]["nextToken"]
        work.take()
        page = ecr.list_images(repositoryName="big", maxResults=50, nextToken=token)
        assert work.take() <= 5 * 50
        assert page["imageIds"][0]["imageTag"] == "t7000"

    def test_lookups_by_id_do_not_scan_the_repository(self, big: Any) -> None:
        _, work = big
        ecr = client()
        ids = [{"imageTag": f"t{n}"} for n in range(9_900, 10_000)]
        work.take()
        described = ecr.describe_images(repositoryName="big", imageIds=ids)
        got = ecr.batch_get_image(repositoryName="big", imageIds=ids[:10])
        assert len(described["imageDetails"]) == 100
        assert len(got["images"]) == 10
        assert work.take() <= 5 * 110

    def test_scan_and_findings_pages(self, big: Any) -> None:
        fake, work = big
        ecr = client()
        fake.registry().seed_basic_findings(
            "big",
            {"imageTag": "t9999"},
            [basic_finding(f"CVE-2024-{n:05d}", severity="LOW") for n in range(1_000)],
        )
        work.take()
        ecr.start_image_scan(repositoryName="big", imageId={"imageTag": "t9999"})
        pages = list(
            ecr.get_paginator("describe_image_scan_findings").paginate(
                repositoryName="big",
                imageId={"imageTag": "t9999"},
                PaginationConfig={"PageSize": 100},
            )
        )
        assert work.take() <= 5 * len(pages) + 5
        names = [f["name"] for page in pages for f in page["imageScanFindings"]["findings"]]
        assert len(pages) == 10
        assert names == [f"CVE-2024-{n:05d}" for n in range(1_000)]


# -- 1,000 repositories under registry scanning rules -------------------------------------------


@pytest.fixture
def many_repositories(ecr: Any, ecr_fake: Any) -> Work:
    ecr.put_registry_scanning_configuration(
        scanType="BASIC",
        rules=[
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "team-9*", "filterType": "WILDCARD"}],
            }
        ],
    )
    registry = ecr_fake.registry()
    with ecr_fake.state.lock:
        for n in range(REPOSITORIES):
            registry.model.create_repository(f"team-{n}/svc")
    return Work(registry.repositories)


def test_describe_repositories_1000_repositories_page_work_is_proportional(
    ecr: Any, many_repositories: Work
) -> None:
    work = many_repositories
    work.take()
    page = ecr.describe_repositories(maxResults=20)
    assert work.take() <= 5 * 20
    for _ in range(40):
        page = ecr.describe_repositories(maxResults=20, nextToken=page["nextToken"])
    assert work.take() <= 40 * 5 * 20
    assert page["repositories"][0]["repositoryName"] == "team-800/svc"
    names = [
        r["repositoryName"]
        for p in ecr.get_paginator("describe_repositories").paginate()
        for r in p["repositories"]
    ]
    assert len(names) == REPOSITORIES


def test_batch_get_repository_scanning_configuration_1000_repositories_looks_up_by_name(
    ecr: Any, many_repositories: Work
) -> None:
    work = many_repositories
    names = [f"team-{n}/svc" for n in range(975, 1000)]
    work.take()
    configs = ecr.batch_get_repository_scanning_configuration(repositoryNames=names)
    assert work.take() <= 5 * 25
    assert [c["scanFrequency"] for c in configs["scanningConfigurations"]] == ["SCAN_ON_PUSH"] * 25


def test_push_and_scan_on_push_among_1000_repositories_under_rules(
    ecr: Any, many_repositories: Work
) -> None:
    work = many_repositories
    work.take()
    ecr.put_image(repositoryName="team-999/svc", imageManifest=tiny_manifest(1), imageTag="v1")
    ecr.put_image(repositoryName="team-1/svc", imageManifest=tiny_manifest(2), imageTag="v1")
    assert work.take() <= 20
    scanned = ecr.describe_images(repositoryName="team-999/svc")["imageDetails"][0]
    unscanned = ecr.describe_images(repositoryName="team-1/svc")["imageDetails"][0]
    assert scanned["imageScanStatus"]["status"] == "COMPLETE"
    assert "imageScanStatus" not in unscanned


def test_switching_1000_repositories_to_enhanced_and_back_keeps_working(
    ecr: Any, many_repositories: Work
) -> None:
    ecr.put_image(repositoryName="team-900/svc", imageManifest=tiny_manifest(3), imageTag="v1")
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    enhanced = ecr.describe_images(repositoryName="team-900/svc")["imageDetails"][0]
    assert enhanced["imageScanStatus"]["status"] == "ACTIVE"
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[])
    configs = ecr.batch_get_repository_scanning_configuration(
        repositoryNames=[f"team-{n}/svc" for n in range(25)]
    )["scanningConfigurations"]
    assert {c["scanFrequency"] for c in configs} == {"MANUAL"}


def test_pull_through_cache_rules_at_the_limit_with_1000_repositories(
    ecr_fake: Any, many_repositories: Work
) -> None:
    # botocore's standard retry mode would retry LimitExceededException with backoff
    ecr = boto3.client(
        "ecr", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )
    for n in range(50):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=f"cache-{n:02d}",
            upstreamRegistryUrl="public.ecr.aws",
            upstreamRegistry="ecr-public",
        )
    with pytest.raises(ClientError) as error:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="cache-50", upstreamRegistryUrl="quay.io", upstreamRegistry="quay"
        )
    assert error.value.response["Error"]["Code"] == "LimitExceededException"
    rules = [
        r["ecrRepositoryPrefix"]
        for p in ecr.get_paginator("describe_pull_through_cache_rules").paginate(
            PaginationConfig={"PageSize": 7}
        )
        for r in p["pullThroughCacheRules"]
    ]
    assert rules == [f"cache-{n:02d}" for n in range(50)]
    pulled = ecr_fake.registry().simulate_pull("cache-49/library/nginx", "latest")
    assert pulled["imageTag"] == "latest"
    assert len(ecr.describe_repositories()["repositories"]) == 100
