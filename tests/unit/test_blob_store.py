"""The blob store and upload sessions behind the layer API and /v2/ (pure model, no HTTP)."""

from __future__ import annotations

import hashlib
import tracemalloc

import pytest

from ecrfake.exceptions import (
    EmptyUploadException,
    InvalidLayerException,
    InvalidLayerPartException,
    LayerAlreadyExistsException,
    LayerPartTooSmallException,
    UploadNotFoundException,
)
from ecrfake.models.blobs import PART_MAX_BYTES, PART_MIN_BYTES, BlobStore, sha256_digest

MIB = 1024 * 1024


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_upload_in_parts_then_complete_stores_the_blob_under_its_sha256():
    store = BlobStore("123456789012", "us-east-1")
    data = bytes(range(256)) * (6 * MIB // 256) + b"tail"
    up = store.initiate("app")
    first = data[:PART_MIN_BYTES]
    assert store.upload_part("app", up.upload_id, 0, len(first) - 1, first) == len(first) - 1
    rest = data[PART_MIN_BYTES:]
    last = store.upload_part("app", up.upload_id, len(first), len(data) - 1, rest)
    assert last == len(data) - 1
    assert store.complete("app", up.upload_id, [digest(data)]) == digest(data)
    assert store.get("app", digest(data)) == data
    assert store.size("app", digest(data)) == len(data)


def test_upload_part_not_consecutive_raises_invalid_layer_part_with_last_valid_byte():
    store = BlobStore("123456789012", "us-east-1")
    up = store.initiate("app")
    store.upload_part("app", up.upload_id, 0, 9, b"0123456789")
    with pytest.raises(InvalidLayerPartException) as err:
        store.upload_part("app", up.upload_id, 11, 12, b"ab")
    body = err.value.to_body()
    assert body["__type"] == "InvalidLayerPartException"
    assert body["lastValidByteReceived"] == 9
    assert body["uploadId"] == up.upload_id


def test_upload_part_size_not_matching_range_raises_invalid_layer_part():
    store = BlobStore("123456789012", "us-east-1")
    up = store.initiate("app")
    with pytest.raises(InvalidLayerPartException):
        store.upload_part("app", up.upload_id, 0, 99, b"short")


def test_upload_part_larger_than_20_mib_raises_invalid_layer_part():
    store = BlobStore("123456789012", "us-east-1")
    up = store.initiate("app")
    big = b"x" * (PART_MAX_BYTES + 1)
    with pytest.raises(InvalidLayerPartException):
        store.upload_part("app", up.upload_id, 0, len(big) - 1, big)


def test_upload_of_another_repository_raises_upload_not_found():
    store = BlobStore("123456789012", "us-east-1")
    up = store.initiate("app")
    with pytest.raises(UploadNotFoundException) as err:
        store.upload_part("other", up.upload_id, 0, 0, b"x")
    assert up.upload_id in err.value.message


def test_complete_without_parts_raises_empty_upload():
    store = BlobStore("123456789012", "us-east-1")
    up = store.initiate("app")
    with pytest.raises(EmptyUploadException):
        store.complete("app", up.upload_id, [digest(b"")])


def test_complete_with_small_part_before_last_raises_layer_part_too_small():
    store = BlobStore("123456789012", "us-east-1")
    up = store.initiate("app")
    store.upload_part("app", up.upload_id, 0, 2, b"abc")
    store.upload_part("app", up.upload_id, 3, 5, b"def")
    with pytest.raises(LayerPartTooSmallException) as err:
        store.complete("app", up.upload_id, [digest(b"abcdef")])
    assert "5MB" in err.value.message


def test_complete_with_wrong_digest_raises_invalid_layer():
    store = BlobStore("123456789012", "us-east-1")
    up = store.initiate("app")
    store.upload_part("app", up.upload_id, 0, 2, b"abc")
    with pytest.raises(InvalidLayerException) as err:
        store.complete("app", up.upload_id, [digest(b"xyz")])
    assert digest(b"abc") in err.value.message


def test_complete_of_blob_the_repository_holds_raises_layer_already_exists():
    store = BlobStore("123456789012", "us-east-1")
    store.add("app", b"abc")
    up = store.initiate("app")
    store.upload_part("app", up.upload_id, 0, 2, b"abc")
    with pytest.raises(LayerAlreadyExistsException):
        store.complete("app", up.upload_id, [digest(b"abc")])
    with pytest.raises(UploadNotFoundException):
        store.complete("app", up.upload_id, [digest(b"abc")])


def test_finish_of_blob_already_held_is_idempotent():
    store = BlobStore("123456789012", "us-east-1")
    store.add("app", b"abc")
    up = store.initiate("app")
    assert store.finish("app", up.upload_id, digest(b"abc"), b"abc") == digest(b"abc")


def test_same_blob_in_two_repositories_is_held_once():
    store = BlobStore("123456789012", "us-east-1")
    data = b"y" * 1000
    store.add("a", data)
    store.add("b", bytes(data))
    assert store.stored_bytes() == 1000
    assert store.get("a", digest(data)) is store.get("b", digest(data))
    store.drop_repository("a")
    assert store.get("b", digest(data)) == data
    store.drop_repository("b")
    assert store.stored_bytes() == 0


def test_mount_from_another_repository_adds_the_blob_without_copy():
    store = BlobStore("123456789012", "us-east-1")
    d = store.add("a", b"layer")
    assert store.mount("b", "a", d)
    assert not store.mount("c", "nowhere", d)
    assert store.digests("b") == {d}


def test_download_key_names_the_blob_until_the_repository_is_deleted():
    store = BlobStore("123456789012", "us-east-1")
    d = store.add("a", b"layer")
    key = store.download_key("a", d)
    assert store.download(key) == b"layer"
    store.drop_repository("a")
    assert store.download(key) is None


def test_memory_held_per_stored_byte_is_at_most_one_point_one():
    # given: a 10 MiB layer uploaded in two parts (5 MiB + rest), as the benchmark does
    data = bytes(range(256)) * (10 * MIB // 256)
    parts = [data[: 5 * MIB], data[5 * MIB :]]
    del data
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        store = BlobStore("123456789012", "us-east-1")
        up = store.initiate("app")
        offset = 0
        for part in parts:
            store.upload_part("app", up.upload_id, offset, offset + len(part) - 1, part)
            offset += len(part)
        expected = sha256_digest(b"".join(parts))
        parts_size = sum(len(p) for p in parts)
        store.complete("app", up.upload_id, [expected])
        del parts  # the request bodies are gone once the calls have returned
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert store.size("app", expected) == parts_size
    assert held / parts_size <= 1.1
