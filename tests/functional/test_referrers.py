"""ListImageReferrers and the OCI 1.1 referrers API on /v2/: the same answer from the same store."""

from __future__ import annotations

import json

import pytest
import requests
from botocore.exceptions import ClientError

from ..conftest import code_and_message, digest_of, make_manifest
from ._data_path import BASE, OCI_INDEX, OCI_MANIFEST, auth, requires_operations

SBOM = "application/spdx+json"
SIG = "application/vnd.cncf.notary.signature"

pytestmark = requires_operations("ListImageReferrers")


def referrer(subject: str, artifact_type: str, seed: str, **annotations: str) -> str:
    doc = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "artifactType": artifact_type,
        "config": {
            "mediaType": "application/vnd.oci.empty.v1+json",
            "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
            "size": 2,
        },
        "layers": [],
        "subject": {"mediaType": OCI_MANIFEST, "digest": subject, "size": 1},
        "annotations": {"seed": seed, **annotations},
    }
    return json.dumps(doc)


@pytest.fixture
def subject(ecr, repo):
    manifest = make_manifest(
        "subject",
        media_type=OCI_MANIFEST,
        config_media_type="application/vnd.oci.image.config.v1+json",
    )
    ecr.put_image(repositoryName=repo, imageManifest=manifest, imageTag="1.0")
    return digest_of(manifest)


def push_referrers(ecr, subject):
    pushed = []
    for i, kind in enumerate((SBOM, SIG, SBOM)):
        manifest = referrer(subject, kind, str(i))
        ecr.put_image(repositoryName="app", imageManifest=manifest)
        pushed.append((digest_of(manifest), kind, manifest))
    return pushed


def test_list_image_referrers_lists_manifests_whose_subject_is_the_image(ecr, subject):
    pushed = push_referrers(ecr, subject)
    out = ecr.list_image_referrers(repositoryName="app", subjectId={"imageDigest": subject})
    assert [r["digest"] for r in out["referrers"]] == [d for d, _, _ in pushed]
    first = out["referrers"][0]
    assert first["artifactType"] == SBOM
    assert first["mediaType"] == OCI_MANIFEST
    assert first["size"] == len(pushed[0][2])
    assert first["annotations"] == {"seed": "0"}
    assert first["artifactStatus"] == "ACTIVE"


def test_list_image_referrers_filters_by_artifact_type(ecr, subject):
    push_referrers(ecr, subject)
    out = ecr.list_image_referrers(
        repositoryName="app", subjectId={"imageDigest": subject}, filter={"artifactTypes": [SIG]}
    )
    assert [r["artifactType"] for r in out["referrers"]] == [SIG]


def test_list_image_referrers_pages(ecr, subject):
    pushed = push_referrers(ecr, subject)
    first = ecr.list_image_referrers(
        repositoryName="app", subjectId={"imageDigest": subject}, maxResults=2
    )
    rest = ecr.list_image_referrers(
        repositoryName="app",
        subjectId={"imageDigest": subject},
        maxResults=2,
        nextToken=first["nextToken"],
    )
    assert [r["digest"] for r in first["referrers"] + rest["referrers"]] == [
        d for d, _, _ in pushed
    ]
    assert "nextToken" not in rest


def test_list_image_referrers_bad_token_raises_invalid_parameter(ecr, subject):
    with pytest.raises(ClientError) as exc:
        ecr.list_image_referrers(
            repositoryName="app", subjectId={"imageDigest": subject}, nextToken="bogus"
        )
    assert code_and_message(exc)[0] == "InvalidParameterException"


def test_list_image_referrers_unknown_repository_raises_repository_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.list_image_referrers(
            repositoryName="nope", subjectId={"imageDigest": "sha256:" + "a" * 64}
        )
    assert code_and_message(exc)[0] == "RepositoryNotFoundException"


def test_list_image_referrers_of_an_image_without_referrers_is_empty(ecr, subject):
    out = ecr.list_image_referrers(repositoryName="app", subjectId={"imageDigest": subject})
    assert out["referrers"] == []


def test_v2_referrers_agree_with_list_image_referrers(ecr, subject):
    push_referrers(ecr, subject)
    h = auth(ecr)
    response = requests.get(f"{BASE}/v2/app/referrers/{subject}", headers=h, timeout=5)
    api = ecr.list_image_referrers(repositoryName="app", subjectId={"imageDigest": subject})
    index = response.json()
    assert response.status_code == 200
    assert response.headers["Content-Type"] == OCI_INDEX
    assert index["mediaType"] == OCI_INDEX
    assert [{k: v for k, v in r.items() if k != "artifactStatus"} for r in api["referrers"]] == (
        index["manifests"]
    )


def test_v2_referrers_filter_by_artifact_type_says_so(ecr, subject):
    push_referrers(ecr, subject)
    h = auth(ecr)
    response = requests.get(f"{BASE}/v2/app/referrers/{subject}?artifactType={SIG}", headers=h)
    assert [m["artifactType"] for m in response.json()["manifests"]] == [SIG]
    assert response.headers["OCI-Filters-Applied"] == "artifactType"


def test_v2_manifest_put_with_subject_answers_oci_subject(ecr, subject):
    h = auth(ecr)
    manifest = referrer(subject, SBOM, "v2")
    response = requests.put(
        f"{BASE}/v2/app/manifests/{digest_of(manifest)}",
        data=manifest,
        headers={**h, "Content-Type": OCI_MANIFEST},
    )
    assert response.status_code == 201
    assert response.headers["OCI-Subject"] == subject
