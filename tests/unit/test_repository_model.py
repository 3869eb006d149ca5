"""Repository and image models without HTTP: tags, settings, deletes, and O(page) listing."""

from __future__ import annotations

import datetime

import pytest

from ecrfake.exceptions import (
    ImageNotFoundException,
    InvalidParameterException,
    InvalidTagParameterException,
    TooManyTagsException,
)
from ecrfake.models import images
from ecrfake.models._tags import merged_tags, parse_repository_arn
from ecrfake.models.registry import RegistryModel
from ecrfake.models.repository import Repository, check_settings, default_kms_key
from tests.conftest import make_index, make_manifest

NOW = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
ACCOUNT = "123456789012"


@pytest.fixture
def repo() -> Repository:
    return Repository(ACCOUNT, "us-east-1", "app", NOW)


def test_repository_arn_and_uri_in_china_use_the_china_partition():
    repo = Repository(ACCOUNT, "cn-north-1", "team/app", NOW)

    assert repo.arn == f"arn:aws-cn:ecr:cn-north-1:{ACCOUNT}:repository/team/app"
    assert repo.uri == f"{ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn/team/app"


def test_put_image_reports_whether_the_image_is_new(repo):
    _, created = repo.put_image(make_manifest("a"), NOW, tag="1.0")
    _, again = repo.put_image(make_manifest("a"), NOW, tag="2.0")

    assert (created, again) == (True, False)


def test_move_tag_takes_it_off_the_old_image(repo):
    old, _ = repo.put_image(make_manifest("a"), NOW, tag="latest")
    new, _ = repo.put_image(make_manifest("b"), NOW, tag="latest")

    assert old.tags == []
    assert new.tags == ["latest"]
    assert repo.tag_index == {"latest": new.digest}


def test_find_image_tag_and_digest_must_agree(repo):
    a, _ = repo.put_image(make_manifest("a"), NOW, tag="a")
    b, _ = repo.put_image(make_manifest("b"), NOW, tag="b")

    assert repo.find_image({"imageTag": "a", "imageDigest": a.digest}) is a
    assert repo.find_image({"imageTag": "a", "imageDigest": b.digest}) is None
    assert repo.find_image({}) is None


def test_get_image_missing_raises_image_not_found(repo):
    with pytest.raises(ImageNotFoundException) as exc:
        repo.get_image({"imageTag": "x"})

    assert "{imageDigest:'null', imageTag:'x'}" in exc.value.message


def test_untag_last_tag_deletes_unless_an_index_references_it(repo):
    child, _ = repo.put_image(make_manifest("c"), NOW, tag="child")
    index, _ = repo.put_image(make_index([make_manifest("c")]), NOW, tag="multi")

    assert repo.untag(child, "child") is False
    assert child.digest in repo.images
    repo.delete_image(index)
    assert repo.parents == {}
    other, _ = repo.put_image(make_manifest("d"), NOW, tag="d")
    assert repo.untag(other, "d") is True
    assert other.digest not in repo.images


def test_check_settings_defaults():
    assert check_settings(ACCOUNT, "us-east-1", None, None, None) == (
        "MUTABLE",
        [],
        {"encryptionType": "AES256"},
    )


def test_check_settings_kms_default_key_is_stable_per_account_and_region():
    key = default_kms_key(ACCOUNT, "us-east-1")

    assert key == default_kms_key(ACCOUNT, "us-east-1")
    assert key != default_kms_key(ACCOUNT, "eu-west-1")
    assert key != default_kms_key("111122223333", "us-east-1")
    _, _, stored = check_settings(ACCOUNT, "us-east-1", None, None, {"encryptionType": "KMS"})
    assert stored == {"encryptionType": "KMS", "kmsKey": key}


def test_check_settings_exclusion_filters_need_an_exclusion_mode():
    with pytest.raises(InvalidParameterException):
        check_settings(
            ACCOUNT, "us-east-1", "IMMUTABLE", [{"filter": "x", "filterType": "WILDCARD"}], None
        )


def test_merged_tags_does_not_change_the_current_tags():
    current = {"a": "1"}

    out = merged_tags(current, [{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "3"}])

    assert out == {"a": "3", "b": "2"}
    assert current == {"a": "1"}


def test_merged_tags_checks_before_counting():
    with pytest.raises(InvalidTagParameterException):
        merged_tags(
            {},
            [{"Key": f"k{i}", "Value": "v"} for i in range(60)] + [{"Key": "aws:x", "Value": ""}],
        )
    with pytest.raises(TooManyTagsException):
        merged_tags({}, [{"Key": f"k{i}", "Value": "v"} for i in range(51)])


def test_parse_repository_arn_keeps_slashes_in_the_name():
    arn = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/team/app"

    assert parse_repository_arn(arn) == (ACCOUNT, "us-east-1", "team/app")


def test_list_page_costs_the_page_not_the_repository(repo, monkeypatch):
    for i in range(2000):
        repo.put_image(make_manifest(str(i)), NOW, tag=f"v{i}")
    calls = []
    original = images._tag_filter

    def counting(repository, filter_):
        predicate = original(repository, filter_) or (lambda image: True)

        def wrapped(image):
            calls.append(image.digest)
            return predicate(image)

        return wrapped

    monkeypatch.setattr(images, "_tag_filter", counting)
    token = None
    for _ in range(10):  # walk deep into the repository first
        _, token = images.list_page(repo, None, 100, token)
    calls.clear()

    ids, _ = images.list_page(repo, None, 10, token)

    assert len(ids) == 10
    assert len(calls) <= 22  # the page (and the look-ahead), not the 1000 images before it


def test_describe_page_resumes_after_the_token_image(repo):
    digests = [repo.put_image(make_manifest(str(i)), NOW)[0].digest for i in range(5)]

    first, token = images.describe_page(repo, None, 3, None)
    rest, last = images.describe_page(repo, None, 3, token)

    assert [i.digest for i in first + rest] == digests
    assert last is None


def test_registry_batch_delete_calls_the_scanning_hook_per_deleted_image(monkeypatch):
    registry = RegistryModel(ACCOUNT, "us-east-1")
    repo = registry.create_repository("app")
    a = registry.push_image(repo, make_manifest("a"), tag="a")
    registry.push_image(repo, make_manifest("a"), tag="a2")
    b = registry.push_image(repo, make_manifest("b"), tag="b")
    deleted = []
    monkeypatch.setattr(
        registry.scanning, "on_image_deleted", lambda r, image: deleted.append(image)
    )

    registry.batch_delete_image(
        "app", [{"imageTag": "a"}, {"imageDigest": b.digest}, {"imageTag": "a2"}]
    )

    assert deleted == [b, a]
