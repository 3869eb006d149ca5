"""Hand-made requests to the registry host (/v2/) and the layer bucket, with random paths, methods,
queries, headers and bodies. Every answer is a spec-form error (or a success), never a 5xx and
never an exception in the caller, no request leaves the process, and the fake keeps working."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecrfake import mock_ecr_scanning

from ._strategies import json_values
from .conftest import fuzz_settings

#: The socket guard only records (and every recorded attempt fails the test), so sharing it
#: between generated inputs is what is wanted.
guarded = settings(
    fuzz_settings,
    suppress_health_check=[
        *fuzz_settings.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)

HOST = "https://123456789012.dkr.ecr.us-east-1.amazonaws.com"
DIGEST = "sha256:" + "0" * 64
METHODS = st.sampled_from(["GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "OPTIONS"])
SEGMENTS = st.sampled_from(
    [
        "app",
        "team",
        "App",
        "manifests",
        "blobs",
        "uploads",
        "tags",
        "list",
        "referrers",
        "_catalog",
        "latest",
        DIGEST,
        "sha256:zz",
        "..",
        "%2F",
        "",
        "-x",
        "a" * 300,
        "0a0a0a0a-0000-0000-0000-000000000000",
    ]
)
PATHS = st.lists(SEGMENTS, max_size=7).map(lambda parts: "/v2/" + "/".join(parts))
QUERIES = st.dictionaries(
    st.sampled_from(["n", "last", "digest", "mount", "from", "artifactType"]),
    st.one_of(st.sampled_from(["", "1", "-1", "x", DIGEST, "app"]), st.text(max_size=20)),
    max_size=3,
)
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "Content-Range": st.one_of(
            st.sampled_from(["0-0", "5-1", "bytes 0-9/*", "x"]),
            st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=15),
        ),
        "Content-Type": st.sampled_from(
            ["application/vnd.oci.image.manifest.v1+json", "application/json", "text/plain", ""]
        ),
        "Accept": st.sampled_from(
            ["*/*", "application/vnd.oci.image.index.v1+json", "", "x/y, ;q"]
        ),
    },
)
BODIES = st.one_of(
    st.binary(max_size=300),
    json_values().map(lambda v: json.dumps(v).encode()),
)


@pytest.fixture(scope="module")
def fake() -> Any:
    with mock_ecr_scanning() as active:
        ecr = boto3.client("ecr", region_name="us-east-1")
        ecr.create_repository(repositoryName="app")
        token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
        active.auth = {"Authorization": f"Basic {token}"}  # type: ignore[attr-defined]
        yield active


def _check(response: requests.Response) -> None:
    assert response.status_code < 500, response.text
    if (
        response.status_code >= 400
        and response.headers.get("Content-Type") == "application/json"
        and response.request.method != "HEAD"  # a HEAD answer has the headers and no body
    ):
        errors = response.json()["errors"]
        assert errors and all({"code", "message"} <= set(e) for e in errors)


@guarded
@given(method=METHODS, path=PATHS, query=QUERIES, headers=HEADERS, body=BODIES)
def test_fuzz_v2_requests_get_spec_answers(fake, sockets, method, path, query, headers, body):
    response = requests.request(
        method,
        HOST + path,
        params=query,
        headers={**fake.auth, **headers},
        data=body,
        timeout=5,
    )
    _check(response)
    assert sockets == []


@fuzz_settings
@given(body=BODIES, tag=st.sampled_from(["t", "latest", DIGEST]), media=HEADERS)
def test_fuzz_v2_manifest_bodies_never_break_the_push_path(fake, body, tag, media):
    response = requests.put(
        f"{HOST}/v2/app/manifests/{tag}", data=body, headers={**fake.auth, **media}, timeout=5
    )
    _check(response)
    assert requests.get(f"{HOST}/v2/", headers=fake.auth, timeout=5).status_code == 200


@guarded
@given(
    suffix=st.text(max_size=80),
    auth=st.sampled_from([None, "Basic", "Basic !!", "Bearer x", "Basic QVdTOng="]),
)
def test_fuzz_credentials_and_layer_bucket_urls(fake, sockets, suffix, auth):
    headers = {"Authorization": auth} if auth else {}
    response = requests.get(f"{HOST}/v2/{suffix}", headers=headers, timeout=5)
    assert response.status_code == 401  # no valid credential, whatever the path
    bucket = "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/"
    s3 = requests.get(bucket + suffix, timeout=5)
    assert s3.status_code in (403, 404)
    assert s3.text.startswith("<?xml")
    assert sockets == []
