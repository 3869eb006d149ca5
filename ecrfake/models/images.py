"""Reads and batch writes over one repository's images.

ListImages, DescribeImages, BatchGetImage and BatchDeleteImage work here, on a
:class:`~ecrfake.models.repository.Repository`. Every listing pages through the repository's
:class:`~ecrfake.models._collections.OrderedStore` in push order, so a page costs O(page), and its
``nextToken`` is scoped to the repository's ARN.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from ecrfake._aws import DIGEST_RE
from ecrfake.exceptions import EcrError, EcrFakeError
from ecrfake.models import _paging
from ecrfake.models.manifest import parse_manifest
from ecrfake.models.repository import Image, Repository

__all__ = [
    "ImageFailure",
    "batch_delete",
    "batch_get",
    "describe_page",
    "digest_of_manifest",
    "image_detail",
    "list_page",
    "requested_images",
    "upstream_moved",
]

ImageFailure = dict[str, Any]


#: ListImages packs (sequence number, tags already served of the next image) into one token int.
_PAIR = 1 << 32

NOT_FOUND = "Requested image not found"  # real text (aws/aws-cli#6424)
ARCHIVED = "The requested image is archived and cannot be pulled"  # ecrfake's text


def _failure(image_id: dict[str, Any], code: str, reason: str) -> ImageFailure:
    # Echo only the id's own members: a hand-made request may carry nulls or unknown keys.
    echoed = {k: image_id[k] for k in ("imageDigest", "imageTag") if image_id.get(k) is not None}
    return {"imageId": echoed, "failureCode": code, "failureReason": reason}


def _tag_filter(repo: Repository, filter_: dict[str, Any] | None) -> Callable[[Image], bool] | None:
    """The predicate of a ``filter`` (tagStatus, imageStatus); ``None`` when it keeps everything.

    Without an ``imageStatus`` only ``ACTIVE`` images are listed (the model's documentation of
    both filters); ``ANY`` lists every image.
    """
    filter_ = filter_ or {}
    wanted = filter_.get("imageStatus", "ACTIVE")
    status: Callable[[Image], bool] | None = None
    if wanted != "ANY" and (wanted != "ACTIVE" or repo.archived_images):
        status = lambda image: image.image_status == wanted  # noqa: E731
    tags: Callable[[Image], bool] | None = None
    tag_status = filter_.get("tagStatus", "ANY")
    if tag_status == "TAGGED":
        tags = lambda image: bool(image.tags)  # noqa: E731
    elif tag_status == "UNTAGGED":
        tags = lambda image: not image.tags  # noqa: E731
    if status is not None and tags is not None:
        both_status, both_tags = status, tags
        return lambda image: both_status(image) and both_tags(image)
    return status or tags


def image_detail(repo: Repository, image: Image) -> dict[str, Any]:
    """The API's ``ImageDetail`` of one image, without the scan members."""
    out: dict[str, Any] = {
        "registryId": repo.registry_id,
        "repositoryName": repo.name,
        "imageDigest": image.digest,
    }
    if image.tags:
        out["imageTags"] = list(image.tags)
    out["imageSizeInBytes"] = image.size
    out["imagePushedAt"] = image.pushed_at
    out["imageManifestMediaType"] = image.media_type
    if image.artifact_media_type is not None:
        out["artifactMediaType"] = image.artifact_media_type
    if image.last_recorded_pull_time is not None:
        out["lastRecordedPullTime"] = image.last_recorded_pull_time
    if image.subject is not None:
        out["subjectManifestDigest"] = image.subject
    out["imageStatus"] = image.image_status
    if image.last_archived_at is not None:
        out["lastArchivedAt"] = image.last_archived_at
    if image.last_activated_at is not None:
        out["lastActivatedAt"] = image.last_activated_at
    return out


def requested_images(repo: Repository, image_ids: Sequence[dict[str, Any]]) -> list[Image]:
    """DescribeImages with ``imageIds``: the images in request order, each once.

    The first id that names no image is ``ImageNotFoundException``.
    """
    out: dict[str, Image] = {}
    for image_id in image_ids:
        image = repo.get_image(image_id)
        out.setdefault(image.digest, image)
    return list(out.values())


def describe_page(
    repo: Repository,
    filter_: dict[str, Any] | None,
    max_results: int | None,
    next_token: str | None,
) -> tuple[list[Image], str | None]:
    """One DescribeImages page: images in push order, and the next token."""
    after = _paging.decode_token(next_token, "DescribeImages", repo.arn)
    images, last = repo.images.page(
        after, _paging.page_size(max_results), _tag_filter(repo, filter_)
    )
    token = None if last is None else _paging.encode_token("DescribeImages", repo.arn, last)
    return images, token


def _entries(image: Image) -> list[dict[str, str]]:
    if not image.tags:
        return [image.image_id()]
    return [image.image_id(tag) for tag in image.tags]


def list_page(
    repo: Repository,
    filter_: dict[str, Any] | None,
    max_results: int | None,
    next_token: str | None,
) -> tuple[list[dict[str, str]], str | None]:
    """One ListImages page: one image id per tag (digest only for an untagged image).

    A page may end in the middle of an image's tags; the token remembers the last whole image
    served and how many ids of the next one were.
    """
    limit = _paging.page_size(max_results)
    position = _paging.decode_token(next_token, "ListImages", repo.arn)
    after, skip = divmod(position, _PAIR)
    predicate = _tag_filter(repo, filter_)
    store = repo.images
    # Every image yields at least one id, so `limit` images always fill a page.
    images, _ = store.page(after, limit, predicate)
    out: list[dict[str, str]] = []
    for j, image in enumerate(images):
        ids = _entries(image)[skip if j == 0 else 0 :]
        room = limit - len(out)
        if len(ids) > room:
            out += ids[:room]
            if j == 0:
                resume = (after, skip + room)
            else:
                # Resume after the image before this one, skipping the ids already served.
                previous = store.sequence(images[j - 1].digest)
                assert previous is not None  # served from the store a moment ago
                resume = (previous, room)
            return out, _paging.encode_token("ListImages", repo.arn, resume[0] * _PAIR + resume[1])
        out += ids
        if len(out) == limit:
            last = store.sequence(image.digest)
            assert last is not None
            more, _ = store.page(last, 1, predicate)
            token = _paging.encode_token("ListImages", repo.arn, last * _PAIR) if more else None
            return out, token
    return out, None


def _check_id(image_id: dict[str, Any]) -> ImageFailure | None:
    digest = image_id.get("imageDigest")
    if digest is None and image_id.get("imageTag") is None:
        return _failure(
            image_id,
            "MissingDigestAndTag",
            "Invalid request parameters: both tag and digest cannot be null",
        )
    if digest is not None and DIGEST_RE.fullmatch(digest) is None:
        return _failure(
            image_id,
            "InvalidImageDigest",
            "Invalid request parameters: image digest should satisfy the regex "
            "'[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'",
        )
    return None


def _resolve(repo: Repository, image_id: dict[str, Any]) -> Image | ImageFailure:
    """The image an id names, or the failure entry that says why not."""
    failure = _check_id(image_id)
    if failure is not None:
        return failure
    digest, tag = image_id.get("imageDigest"), image_id.get("imageTag")
    if digest is not None and tag is not None:
        tagged = repo.tag_index.get(tag)
        if tagged is not None and tagged != digest and digest in repo.images:
            return _failure(
                image_id,
                "ImageTagDoesNotMatchDigest",
                f"Invalid request parameters: tag '{tag}' does not point to the image with "
                f"digest '{digest}'",
            )
    image = repo.find_image(image_id)
    return image if image is not None else _failure(image_id, "ImageNotFound", NOT_FOUND)


def batch_get(
    repo: Repository,
    image_ids: Sequence[dict[str, Any]],
    accepted: Sequence[str] | None,
    now: datetime.datetime,
) -> tuple[list[dict[str, Any]], list[ImageFailure]]:
    """BatchGetImage: the images (API ``Image`` shape) and the failures, in request order.

    Returning a manifest is a pull: it records ``lastRecordedPullTime`` (as real ECR does,
    aws/containers-roadmap#2390). An image whose media type is not in ``accepted`` is not found,
    as a registry answers a manifest request whose Accept header leaves its type out.
    """
    images: list[dict[str, Any]] = []
    failures: list[ImageFailure] = []
    for image_id in image_ids:
        found = _resolve(repo, image_id)
        if isinstance(found, dict):
            failures.append(found)
            continue
        if accepted is not None and found.media_type not in accepted:
            failures.append(_failure(image_id, "ImageNotFound", NOT_FOUND))
            continue
        if found.archived:  # "Archived images cannot be pulled" (User Guide, Archiving an image)
            failures.append(_failure(image_id, "ImageNotFound", ARCHIVED))
            continue
        found.last_recorded_pull_time = now
        images.append(
            {
                "registryId": repo.registry_id,
                "repositoryName": repo.name,
                "imageId": found.image_id(image_id.get("imageTag")),
                "imageManifest": found.manifest,
                "imageManifestMediaType": found.media_type,
            }
        )
    return images, failures


def batch_delete(
    repo: Repository,
    image_ids: Sequence[dict[str, Any]],
    on_deleted: Callable[[Image], None],
    on_untagged: Callable[[Image, str], None] | None = None,
) -> tuple[list[dict[str, str]], list[ImageFailure]]:
    """BatchDeleteImage, applied in request order: the deleted image ids and the failures.

    An id with a tag removes that tag (and the image with its last tag); an id with only a digest
    removes the image and every tag, one returned id per tag. An image an index in the repository
    still references cannot be deleted by digest (``ImageReferencedByManifestList``).
    ``on_deleted`` is called for every image that goes, ``on_untagged`` for a tag removed from
    an image that stays.
    """
    deleted: list[dict[str, str]] = []
    failures: list[ImageFailure] = []
    for image_id in image_ids:
        found = _resolve(repo, image_id)
        if isinstance(found, dict):
            failures.append(found)
            continue
        tag = image_id.get("imageTag")
        if tag is not None:
            deleted.append(found.image_id(tag))
            if repo.untag(found, tag):
                on_deleted(found)
            elif on_untagged is not None:
                on_untagged(found, tag)
            continue
        if found.digest in repo.parents:
            failures.append(
                _failure(
                    image_id,
                    "ImageReferencedByManifestList",
                    "Requested image referenced by manifest list: "
                    f"[{', '.join(repo.referencing_indexes(found))}]",
                )
            )
            continue
        deleted += _entries(found)
        repo.delete_image(found)
        on_deleted(found)
    return deleted, failures


def digest_of_manifest(manifest: str) -> str:
    """The digest of a manifest as a test passed it (``EcrFakeError`` if it is not one)."""
    try:
        return parse_manifest(manifest).digest
    except EcrError as error:
        raise EcrFakeError(f"simulate_pull: manifest is not usable: {error.message}") from None


def upstream_moved(repository_name: str, tag: str, digest: str) -> Exception:
    """The misuse error for a ``simulate_pull`` whose manifest differs from the cached one."""
    return EcrFakeError(
        f"simulate_pull: {repository_name}:{tag} is already cached as {digest}; ecrfake does not "
        "model the upstream moving a tag. Push the new manifest with put_image, or delete the "
        "cached image first"
    )
