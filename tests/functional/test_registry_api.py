"""The registry HTTP API (/v2/) on registry hosts, answered from the same store as the ECR API."""

from __future__ import annotations

import base64
import datetime
import json

import boto3
import pytest
import requests
import time_machine

from .._floor import needs_model
from ..conftest import make_manifest
from ._data_path import (
    BASE,
    DOCKER_MANIFEST,
    HOST,
    MIB,
    OCI_MANIFEST,
    auth,
    manifest_over,
    put_blob,
    put_manifest,
    sha,
)

CONFIG = b'{"architecture":"arm64","os":"linux"}'
LAYER = b"L" * 4096


@pytest.fixture
def h(ecr, repo):
    return auth(ecr)


def push_v2(h, repository="app", tag="1.0", media=OCI_MANIFEST, **extra):
    put_blob(h, repository, CONFIG)
    put_blob(h, repository, LAYER)
    manifest = manifest_over(CONFIG, [LAYER], media_type=media, **extra)
    response = put_manifest(h, repository, tag, manifest, media)
    assert response.status_code == 201, response.text
    return manifest


# -- the challenge and credentials --------------------------------------------------------------


def test_v2_base_without_credentials_gets_ecrs_basic_challenge(ecr_fake, sockets):
    response = requests.get(f"{BASE}/v2/", timeout=5)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == (
        f'Basic realm="https://{HOST}/",service="ecr.amazonaws.com"'
    )
    assert response.headers["Docker-Distribution-Api-Version"] == "registry/2.0"
    assert response.text == "Not Authorized\n"
    assert sockets == []


def test_v2_base_with_the_authorization_token_is_200(h):
    response = requests.get(f"{BASE}/v2/", headers=h, timeout=5)
    assert response.status_code == 200


def test_v2_wrong_password_is_401(ecr, repo):
    wrong = base64.b64encode(b"AWS:not-the-password").decode()
    response = requests.get(f"{BASE}/v2/app/tags/list", headers={"Authorization": f"Basic {wrong}"})
    assert response.status_code == 401
    assert "WWW-Authenticate" in response.headers


def test_v2_expired_token_is_403_denied_as_ecr_says(ecr, repo):
    h = auth(ecr)
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=12, seconds=1)
    with time_machine.travel(later, tick=False):
        response = requests.get(f"{BASE}/v2/app/tags/list", headers=h, timeout=5)
    assert response.status_code == 403
    assert response.json() == {
        "errors": [
            {
                "code": "DENIED",
                "message": "Your authorization token has expired. Reauthenticate and try again.",
            }
        ]
    }


def test_v2_token_of_another_registry_is_401(ecr_fake, repo):
    other = boto3.client("ecr", region_name="eu-west-1")
    h = auth(other)
    assert requests.get(f"{BASE}/v2/", headers=h, timeout=5).status_code == 401


@pytest.mark.parametrize(
    ("host", "region"),
    [
        ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        ("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        ("123456789012.dkr-ecr.eu-west-1.on.aws", "eu-west-1"),
    ],
)
def test_v2_other_partitions_and_endpoint_forms_are_answered(ecr_fake, host, region, sockets):
    client = boto3.client("ecr", region_name=region)
    h = auth(client)
    assert requests.get(f"https://{host}/v2/", headers=h, timeout=5).status_code == 200
    assert sockets == []


# -- manifests ------------------------------------------------------------------------------------


def test_v2_manifest_put_then_get_by_tag_and_digest(ecr, h):
    manifest = push_v2(h)
    digest = sha(manifest.encode())
    for ref in ("1.0", digest):
        response = requests.get(
            f"{BASE}/v2/app/manifests/{ref}", headers={**h, "Accept": OCI_MANIFEST}, timeout=5
        )
        assert response.status_code == 200
        assert response.headers["Docker-Content-Digest"] == digest
        assert response.headers["Content-Type"] == OCI_MANIFEST
        assert response.text == manifest
    # the same store as the API: the push is an image there
    ids = ecr.list_images(repositoryName="app")["imageIds"]
    assert ids == [{"imageDigest": digest, "imageTag": "1.0"}]


def test_v2_manifest_head_has_the_headers_and_no_body(h):
    manifest = push_v2(h)
    response = requests.head(f"{BASE}/v2/app/manifests/1.0", headers=h, timeout=5)
    assert response.status_code == 200
    assert response.headers["Docker-Content-Digest"] == sha(manifest.encode())
    assert response.headers["Content-Length"] == str(len(manifest))
    assert response.content == b""


def test_v2_manifest_by_tag_converts_docker_to_oci_for_an_oci_only_client(h):
    manifest = push_v2(h, media=DOCKER_MANIFEST)
    response = requests.get(
        f"{BASE}/v2/app/manifests/1.0", headers={**h, "Accept": OCI_MANIFEST}, timeout=5
    )
    assert response.headers["Content-Type"] == OCI_MANIFEST
    assert json.loads(response.text)["mediaType"] == OCI_MANIFEST
    assert response.headers["Docker-Content-Digest"] == sha(response.content)
    assert response.headers["Docker-Content-Digest"] != sha(manifest.encode())
    by_digest = requests.get(
        f"{BASE}/v2/app/manifests/{sha(manifest.encode())}",
        headers={**h, "Accept": OCI_MANIFEST},
        timeout=5,
    )
    assert by_digest.headers["Content-Type"] == DOCKER_MANIFEST  # no conversion by digest


def test_v2_manifest_unknown_tag_is_manifest_unknown(h):
    response = requests.get(f"{BASE}/v2/app/manifests/nope", headers=h, timeout=5)
    assert response.status_code == 404
    assert response.json()["errors"][0] == {
        "code": "MANIFEST_UNKNOWN",
        "message": "Requested image not found",
    }


def test_v2_unknown_repository_is_name_unknown(h):
    response = requests.get(f"{BASE}/v2/nope/manifests/latest", headers=h, timeout=5)
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NAME_UNKNOWN"
    assert "does not exist in the registry with id '123456789012'" in response.text


def test_v2_manifest_put_immutable_tag_is_tag_invalid(ecr, h):
    ecr.create_repository(repositoryName="frozen", imageTagMutability="IMMUTABLE")
    push_v2(h, repository="frozen")
    other = manifest_over(CONFIG, [], media_type=OCI_MANIFEST)
    response = put_manifest(h, "frozen", "1.0", other, OCI_MANIFEST)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "TAG_INVALID"
    assert "cannot be overwritten because the tag is immutable" in response.text


def test_v2_manifest_put_again_is_fine(h):
    manifest = push_v2(h)
    response = put_manifest(h, "app", "1.0", manifest, OCI_MANIFEST)
    assert response.status_code == 201
    assert response.headers["Docker-Content-Digest"] == sha(manifest.encode())


def test_v2_manifest_put_invalid_json_is_manifest_invalid(h):
    response = put_manifest(h, "app", "1.0", "{not json", OCI_MANIFEST)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "MANIFEST_INVALID"


def test_v2_manifest_put_by_wrong_digest_is_digest_invalid(h):
    manifest = manifest_over(CONFIG, [])
    response = put_manifest(h, "app", sha(b"other"), manifest, OCI_MANIFEST)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "DIGEST_INVALID"


def test_v2_manifest_put_strict_layers_missing_blob_is_manifest_blob_unknown(ecr_fake, h):
    ecr_fake.registry().strict_layers = True
    response = put_manifest(h, "app", "1.0", manifest_over(CONFIG, [LAYER]), OCI_MANIFEST)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "MANIFEST_BLOB_UNKNOWN"
    assert push_v2(h)  # with the blobs uploaded it goes through


def test_v2_manifest_put_scans_on_push(ecr, h):
    ecr.put_image_scanning_configuration(
        repositoryName="app", imageScanningConfiguration={"scanOnPush": True}
    )
    push_v2(h, media=DOCKER_MANIFEST)
    detail = ecr.describe_images(repositoryName="app")["imageDetails"][0]
    assert detail["imageScanStatus"]["status"] == "COMPLETE"


def test_v2_manifest_delete_by_digest_deletes_the_image(ecr, h):
    manifest = push_v2(h)
    response = requests.delete(f"{BASE}/v2/app/manifests/{sha(manifest.encode())}", headers=h)
    assert response.status_code == 202
    assert ecr.list_images(repositoryName="app")["imageIds"] == []


def test_v2_pull_under_a_pull_through_rule_caches_like_simulate_pull(ecr_fake, ecr):
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="ecr-public", upstreamRegistryUrl="public.ecr.aws"
    )
    h = auth(ecr)
    response = requests.get(f"{BASE}/v2/ecr-public/nginx/nginx/manifests/latest", headers=h)
    assert response.status_code == 200
    repos = ecr.describe_repositories()["repositories"]
    assert [r["repositoryName"] for r in repos] == ["ecr-public/nginx/nginx"]
    pulls = ecr_fake.registry().pulls
    assert [(p.repository_name, p.tag) for p in pulls] == [("ecr-public/nginx/nginx", "latest")]
    detail = ecr.describe_images(repositoryName="ecr-public/nginx/nginx")["imageDetails"][0]
    assert "lastRecordedPullTime" in detail


# -- blobs and uploads ----------------------------------------------------------------------------


def test_v2_monolithic_upload_then_head_and_get(h, sockets):
    response = put_blob(h, "app", LAYER)
    assert response.status_code == 201
    assert response.headers["Location"] == f"/v2/app/blobs/{sha(LAYER)}"
    head = requests.head(f"{BASE}/v2/app/blobs/{sha(LAYER)}", headers=h, timeout=5)
    assert (head.status_code, head.headers["Content-Length"]) == (200, str(len(LAYER)))
    got = requests.get(f"{BASE}/v2/app/blobs/{sha(LAYER)}", headers=h, timeout=5)
    assert got.content == LAYER
    assert got.history[0].status_code == 307  # ECR redirects a blob GET to S3
    assert "starport-layer-bucket" in got.history[0].headers["Location"]
    assert sockets == []


def test_v2_monolithic_upload_wrong_digest_is_digest_invalid(h):
    response = requests.post(
        f"{BASE}/v2/app/blobs/uploads/?digest={sha(b'x')}", data=b"y", headers=h, timeout=5
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "DIGEST_INVALID"


def test_v2_chunked_upload_then_pull_through_v2_and_the_api(ecr, h):
    # given: a 12 MiB layer sent in chunks of 5 MiB, 5 MiB and the rest
    data = bytes(range(256)) * (12 * MIB // 256)
    start = requests.post(f"{BASE}/v2/app/blobs/uploads/", headers=h, timeout=5)
    assert start.status_code == 202
    location = start.headers["Location"]
    offset = 0
    for size in (5 * MIB, 5 * MIB):
        chunk = data[offset : offset + size]
        patch = requests.patch(
            f"{BASE}{location}",
            data=chunk,
            headers={**h, "Content-Range": f"{offset}-{offset + size - 1}"},
            timeout=5,
        )
        assert patch.status_code == 201  # ECR's answer to a chunk (the spec says 202)
        assert patch.headers["Range"] == f"0-{offset + size - 1}"
        location = patch.headers["Location"]
        offset += size
    done = requests.put(
        f"{BASE}{location}?digest={sha(data)}", data=data[offset:], headers=h, timeout=5
    )
    assert done.status_code == 201
    put_blob(h, "app", CONFIG)
    manifest = manifest_over(CONFIG, [data])
    assert put_manifest(h, "app", "big", manifest, OCI_MANIFEST).status_code == 201
    # when / then: pulled through /v2/ ...
    assert requests.get(f"{BASE}/v2/app/blobs/{sha(data)}", headers=h).content == data
    # ... and through the API, as prowler would
    url = ecr.get_download_url_for_layer(repositoryName="app", layerDigest=sha(data))["downloadUrl"]
    assert requests.get(url, timeout=5).content == data
    assert ecr.describe_images(repositoryName="app")["imageDetails"][0]["imageSizeInBytes"] == len(
        data
    )


def test_v2_chunk_out_of_order_is_416(h):
    location = requests.post(f"{BASE}/v2/app/blobs/uploads/", headers=h).headers["Location"]
    response = requests.patch(
        f"{BASE}{location}", data=b"abc", headers={**h, "Content-Range": "10-12"}, timeout=5
    )
    assert response.status_code == 416


def test_v2_small_chunk_before_last_is_blob_upload_invalid(h):
    location = requests.post(f"{BASE}/v2/app/blobs/uploads/", headers=h).headers["Location"]
    requests.patch(f"{BASE}{location}", data=b"abc", headers=h, timeout=5)
    response = requests.put(f"{BASE}{location}?digest={sha(b'abcdef')}", data=b"def", headers=h)
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "code": "BLOB_UPLOAD_INVALID",
        "message": "All layer parts except the last part should be at least 5MB",
    }


def test_v2_upload_status_and_cancel(h):
    location = requests.post(f"{BASE}/v2/app/blobs/uploads/", headers=h).headers["Location"]
    assert requests.get(f"{BASE}{location}", headers=h).status_code == 204
    assert requests.delete(f"{BASE}{location}", headers=h).status_code == 204
    gone = requests.get(f"{BASE}{location}", headers=h)
    assert gone.status_code == 404
    assert gone.json()["errors"][0]["code"] == "BLOB_UPLOAD_UNKNOWN"


def test_v2_cross_repository_mount(ecr, h):
    ecr.create_repository(repositoryName="other")
    put_blob(h, "app", LAYER)
    response = requests.post(
        f"{BASE}/v2/other/blobs/uploads/?mount={sha(LAYER)}&from=app", headers=h, timeout=5
    )
    assert response.status_code == 201
    assert requests.head(f"{BASE}/v2/other/blobs/{sha(LAYER)}", headers=h).status_code == 200


def test_v2_unknown_blob_is_blob_unknown(h):
    response = requests.get(f"{BASE}/v2/app/blobs/{sha(b'nothing')}", headers=h, timeout=5)
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "BLOB_UNKNOWN"


def test_v2_blob_delete_is_unsupported(h):
    put_blob(h, "app", LAYER)
    response = requests.delete(f"{BASE}/v2/app/blobs/{sha(LAYER)}", headers=h, timeout=5)
    assert response.status_code == 405
    assert response.json()["errors"][0]["code"] == "UNSUPPORTED"


# -- tags, catalog, bad paths ---------------------------------------------------------------------


def test_v2_tags_list_pages_with_n_and_last(ecr, h, push_image):
    for tag in ("c", "a", "b"):
        push_image("app", tag)
    first = requests.get(f"{BASE}/v2/app/tags/list?n=2", headers=h, timeout=5)
    assert first.json() == {"name": "app", "tags": ["a", "b"]}
    assert first.headers["Link"] == '</v2/app/tags/list?n=2&last=b>; rel="next"'
    rest = requests.get(f"{BASE}/v2/app/tags/list?n=2&last=b", headers=h, timeout=5)
    assert rest.json() == {"name": "app", "tags": ["c"]}
    assert "Link" not in rest.headers


def test_v2_catalog_lists_repositories(ecr, h):
    ecr.create_repository(repositoryName="team/api")
    assert requests.get(f"{BASE}/v2/_catalog", headers=h).json() == {
        "repositories": ["app", "team/api"]
    }


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/v2/App/tags/list", 400, "NAME_INVALID"),
        ("/v2/app/manifests/-x", 400, "TAG_INVALID"),
        ("/v2/app/blobs/sha256:zz", 400, "DIGEST_INVALID"),
        ("/v2/app/nothing-here", 404, "UNSUPPORTED"),
    ],
)
def test_v2_bad_paths_get_spec_errors(h, path, status, code):
    response = requests.get(f"{BASE}{path}", headers=h, timeout=5)
    assert response.status_code == status
    assert response.json()["errors"][0]["code"] == code


def test_v2_and_api_share_the_store_images_pushed_by_api_pull_over_v2(ecr, h):
    manifest = make_manifest("api")
    ecr.put_image(repositoryName="app", imageManifest=manifest, imageTag="api")
    response = requests.get(f"{BASE}/v2/app/manifests/api", headers=h, timeout=5)
    assert response.text == manifest


def test_v2_head_then_get_under_a_pull_through_rule_is_one_pull(ecr_fake, ecr):
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="ecr-public", upstreamRegistryUrl="public.ecr.aws"
    )
    h = auth(ecr)
    url = f"{BASE}/v2/ecr-public/library/alpine/manifests/3.20"
    assert requests.head(url, headers=h, timeout=5).status_code == 200  # caches the image
    assert ecr_fake.registry().pulls == []
    assert requests.get(url, headers=h, timeout=5).status_code == 200
    assert [p.tag for p in ecr_fake.registry().pulls] == ["3.20"]


def test_v2_chunked_upload_holds_one_byte_per_stored_byte(ecr_fake, h):
    import gc
    import tracemalloc

    size = 6 * MIB
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        data = bytes(range(256)) * (size // 256)
        location = requests.post(f"{BASE}/v2/app/blobs/uploads/", headers=h).headers["Location"]
        requests.patch(f"{BASE}{location}", data=data[: 5 * MIB], headers=h, timeout=5)
        done = requests.put(
            f"{BASE}{location}?digest={sha(data)}", data=data[5 * MIB :], headers=h, timeout=5
        )
        assert done.status_code == 201
        requests.get(f"{BASE}/v2/", headers=h, timeout=5)  # the mock's log keeps only the last call
        del data, done
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held / size <= 1.1


@needs_model(enum=("RCTAppliedFor", "CREATE_ON_PUSH"))
def test_v2_push_into_a_missing_repository_under_a_create_on_push_template_creates_it(ecr, h):
    ecr.create_repository_creation_template(
        prefix="auto", appliedFor=["CREATE_ON_PUSH"], imageTagMutability="IMMUTABLE"
    )
    assert put_blob(h, "auto/svc", LAYER).status_code == 201
    push_v2(h, repository="auto/svc")
    repo = ecr.describe_repositories(repositoryNames=["auto/svc"])["repositories"][0]
    assert repo["imageTagMutability"] == "IMMUTABLE"
    assert requests.get(f"{BASE}/v2/auto/svc/tags/list", headers=h).json()["tags"] == ["1.0"]
