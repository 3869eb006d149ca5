"""parse_manifest: digest, media types, size, index children, subject."""

from __future__ import annotations

import hashlib
import json

import pytest

from ecrfake.exceptions import InvalidParameterException
from ecrfake.models.manifest import (
    DOCKER_MANIFEST_LIST,
    DOCKER_MANIFEST_V1,
    DOCKER_MANIFEST_V1_SIGNED,
    DOCKER_MANIFEST_V2,
    OCI_INDEX,
    OCI_MANIFEST,
    digest_of,
    parse_manifest,
)
from tests.conftest import make_index, make_manifest

INVALID_JSON = (
    "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"
)


def test_digest_of_is_sha256_of_the_utf8_bytes():
    text = '{"a": "é"}'

    assert digest_of(text) == "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_parse_manifest_docker_v2_image():
    manifest = make_manifest("x", layer_sizes=(10, 32))

    info = parse_manifest(manifest)

    assert info.digest == digest_of(manifest)
    assert info.media_type == DOCKER_MANIFEST_V2
    assert info.artifact_media_type == "application/vnd.docker.container.image.v1+json"
    assert info.size == 42
    assert info.children == ()
    assert info.subject is None


def test_parse_manifest_whitespace_changes_the_digest():
    doc = json.loads(make_manifest("x"))

    assert (
        parse_manifest(json.dumps(doc)).digest != parse_manifest(json.dumps(doc, indent=2)).digest
    )


def test_parse_manifest_oci_artifact_type_wins_over_config():
    doc = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "artifactType": "application/vnd.example+type",
        "config": {
            "mediaType": "application/vnd.oci.empty.v1+json",
            "size": 2,
            "digest": "sha256:0",
        },
        "layers": [],
    }

    info = parse_manifest(json.dumps(doc))

    assert info.artifact_media_type == "application/vnd.example+type"
    assert info.size == 0


def test_parse_manifest_helm_chart_config_is_the_artifact_type():
    manifest = make_manifest(
        "chart",
        media_type=OCI_MANIFEST,
        config_media_type="application/vnd.cncf.helm.config.v1+json",
    )

    assert (
        parse_manifest(manifest).artifact_media_type == "application/vnd.cncf.helm.config.v1+json"
    )


@pytest.mark.parametrize("index_type", [OCI_INDEX, DOCKER_MANIFEST_LIST])
def test_parse_manifest_index_lists_children_and_has_no_artifact_type(index_type):
    children = [make_manifest("a"), make_manifest("b")]

    info = parse_manifest(make_index(children, media_type=index_type))

    assert info.media_type == index_type
    assert info.children == tuple(digest_of(c) for c in children)
    assert info.artifact_media_type is None


def test_parse_manifest_subject_digest():
    doc = json.loads(make_manifest("sig", media_type=OCI_MANIFEST))
    doc["subject"] = {"mediaType": OCI_MANIFEST, "digest": "sha256:" + "1" * 64, "size": 1}

    assert parse_manifest(json.dumps(doc)).subject == "sha256:" + "1" * 64


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ({"schemaVersion": 1, "fsLayers": [], "name": "x"}, DOCKER_MANIFEST_V1),
        ({"schemaVersion": 1, "fsLayers": [], "signatures": []}, DOCKER_MANIFEST_V1_SIGNED),
    ],
)
def test_parse_manifest_schema_1_is_recognised(doc, expected):
    info = parse_manifest(json.dumps(doc))

    assert info.media_type == expected


def test_parse_manifest_given_media_type_is_used_when_the_manifest_has_none():
    doc = json.loads(make_manifest("x"))
    del doc["mediaType"]

    assert parse_manifest(json.dumps(doc), OCI_MANIFEST).media_type == OCI_MANIFEST


@pytest.mark.parametrize("text", ["{nope", "[1, 2]", '"just a string"'])
def test_parse_manifest_not_a_json_object_raises_invalid_json(text):
    with pytest.raises(InvalidParameterException) as exc:
        parse_manifest(text)

    assert exc.value.message == INVALID_JSON


def test_parse_manifest_schema_2_without_media_type_raises_invalid_json():
    doc = json.loads(make_manifest("x"))
    del doc["mediaType"]

    with pytest.raises(InvalidParameterException) as exc:
        parse_manifest(json.dumps(doc))

    assert exc.value.message == INVALID_JSON


def test_parse_manifest_index_without_manifests_list_raises_invalid_json():
    with pytest.raises(InvalidParameterException) as exc:
        parse_manifest(json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX}))

    assert exc.value.message == INVALID_JSON


def test_parse_manifest_media_type_mismatch_raises_invalid_parameter():
    with pytest.raises(InvalidParameterException) as exc:
        parse_manifest(make_manifest("x"), OCI_MANIFEST)

    assert exc.value.message.startswith(
        "Invalid parameter at 'imageManifestMediaType' failed to satisfy constraint:"
    )
