"""The pure /v2/ pieces: routes, spec errors, Accept negotiation, ranges, tag pages, referrers."""

from __future__ import annotations

import json

import pytest

from ecrfake.models import oci

D = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("url", "kind", "name", "ref"),
    [
        ("https://h/v2/", "base", "", ""),
        ("https://h/v2", "base", "", ""),
        ("https://h/v2/_catalog?n=10", "catalog", "", ""),
        ("https://h/v2/team/app/manifests/1.0", "manifest", "team/app", "1.0"),
        (f"https://h/v2/app/manifests/{D}", "manifest", "app", D),
        (f"https://h/v2/app/blobs/{D}", "blob", "app", D),
        ("https://h/v2/app/blobs/uploads/", "upload_start", "app", ""),
        ("https://h/v2/app/blobs/uploads/0a-b", "upload", "app", "0a-b"),
        ("https://h/v2/a/b/c/tags/list?n=2", "tags", "a/b/c", ""),
        (f"https://h/v2/app/referrers/{D}", "referrers", "app", D),
        ("https://h/v2/a/manifests/manifests/t", "manifest", "a/manifests", "t"),
    ],
)
def test_parse_route_known_paths(url, kind, name, ref):
    route = oci.parse_route(url)
    assert route is not None
    assert (route.kind, route.name, route.reference) == (kind, name, ref)


@pytest.mark.parametrize(
    "url", ["https://h/", "https://h/v2/app", "https://h/v2/app/tags/other", "https://h/v3/x"]
)
def test_parse_route_unknown_paths_return_none(url):
    assert oci.parse_route(url) is None


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://h/v2/App/manifests/x", "NAME_INVALID"),
        ("https://h/v2/app/manifests/-bad", "TAG_INVALID"),
        ("https://h/v2/app/blobs/sha256:xyz", "DIGEST_INVALID"),
        ("https://h/v2/app/referrers/nodigest", "DIGEST_INVALID"),
    ],
)
def test_parse_route_bad_parts_raise_spec_errors(url, code):
    with pytest.raises(oci.RegistryError) as err:
        oci.parse_route(url)
    assert err.value.code == code
    assert err.value.status == 400
    assert json.loads(err.value.body())["errors"][0]["code"] == code


def test_route_query_parameters():
    route = oci.parse_route(f"https://h/v2/app/blobs/uploads/?digest={D}&mount=x&from=y")
    assert route is not None
    assert route.param("digest") == D
    assert route.param("from") == "y"
    assert route.param("missing") is None


def test_error_body_is_the_spec_form():
    assert json.loads(oci.error_body("NAME_UNKNOWN", "m", {"name": "x"})) == {
        "errors": [{"code": "NAME_UNKNOWN", "message": "m", "detail": {"name": "x"}}]
    }


def test_challenge_names_the_registry_and_ecr_service():
    value = oci.challenge("123456789012", "123456789012.dkr.ecr.us-east-1.amazonaws.com")
    assert value == (
        'Basic realm="https://123456789012.dkr.ecr.us-east-1.amazonaws.com/",'
        'service="ecr.amazonaws.com"'
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("0-99", (0, 99)), ("bytes 5-9/100", (5, 9)), ("bytes=0-0/*", (0, 0))],
)
def test_parse_content_range(value, expected):
    assert oci.parse_content_range(value) == expected


@pytest.mark.parametrize("value", ["abc", "9-3", "-5"])
def test_parse_content_range_malformed_is_416(value):
    with pytest.raises(oci.RegistryError) as err:
        oci.parse_content_range(value)
    assert err.value.status == 416


def _docker_manifest() -> str:
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": oci.DOCKER_V2,
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 1,
                "digest": D,
            },
            "layers": [
                {
                    "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 2,
                    "digest": D,
                }
            ],
        }
    )


def test_negotiate_by_tag_converts_docker_to_oci_for_an_oci_only_client():
    media, body = oci.negotiate(oci.DOCKER_V2, _docker_manifest(), [oci.OCI_MANIFEST], by_tag=True)
    doc = json.loads(body)
    assert media == oci.OCI_MANIFEST
    assert doc["config"]["mediaType"] == "application/vnd.oci.image.config.v1+json"
    assert doc["layers"][0]["mediaType"] == "application/vnd.oci.image.layer.v1.tar+gzip"
    back = oci.convert_manifest(body, oci.DOCKER_V2)
    assert json.loads(back) == json.loads(_docker_manifest())


def test_negotiate_by_digest_never_converts():
    manifest = _docker_manifest()
    assert oci.negotiate(oci.DOCKER_V2, manifest, [oci.OCI_MANIFEST], by_tag=False) == (
        oci.DOCKER_V2,
        manifest,
    )


@pytest.mark.parametrize("accept", [[], ["*/*"], [f"{oci.OCI_MANIFEST}, {oci.DOCKER_V2};q=0.5"]])
def test_negotiate_accepting_the_stored_type_answers_it_as_stored(accept):
    manifest = _docker_manifest()
    assert oci.negotiate(oci.DOCKER_V2, manifest, accept, by_tag=True) == (oci.DOCKER_V2, manifest)


def test_tags_page_orders_pages_and_links():
    body, link = oci.tags_page("app", ["b", "a", "c"], "2", None)
    assert body == {"name": "app", "tags": ["a", "b"]}
    assert link == '</v2/app/tags/list?n=2&last=b>; rel="next"'
    body, link = oci.tags_page("app", ["b", "a", "c"], "2", "b")
    assert body["tags"] == ["c"]
    assert link is None
    assert oci.tags_page("app", ["a"], "0", None)[0]["tags"] == []


def test_referrers_index_filters_by_artifact_type():
    descs = [{"digest": D, "artifactType": "x"}, {"digest": D, "artifactType": "y"}]
    index, applied = oci.referrers_index(descs, "y")
    assert index["mediaType"] == oci.OCI_INDEX
    assert [d["artifactType"] for d in index["manifests"]] == ["y"]
    assert applied
    assert len(oci.referrers_index(descs, None)[0]["manifests"]) == 2
