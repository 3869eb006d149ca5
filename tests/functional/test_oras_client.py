"""A real registry client nobody here wrote: oras-py pushes and pulls an artifact through its own
ECR authentication (the /v2/ challenge, then GetAuthorizationToken through boto3, then Basic)."""

from __future__ import annotations

import pathlib

import oras.client as oras_client
import pytest

HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def test_oras_push_then_pull_round_trips_an_artifact(ecr, tmp_path, monkeypatch, sockets):
    # given
    ecr.create_repository(repositoryName="artifacts/demo")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("hello from oras\n")
    client = oras_client.OrasClient(hostname=HOST, auth_backend="ecr")
    # when
    pushed = client.push(target=f"{HOST}/artifacts/demo:v1", files=["notes.txt"])
    files = client.pull(target=f"{HOST}/artifacts/demo:v1", outdir=str(tmp_path / "out"))
    # then
    assert pushed.status_code == 201
    assert [pathlib.Path(f).read_text() for f in files] == ["hello from oras\n"]
    detail = ecr.describe_images(repositoryName="artifacts/demo")["imageDetails"][0]
    assert detail["imageTags"] == ["v1"]
    assert detail["imageManifestMediaType"] == "application/vnd.oci.image.manifest.v1+json"
    assert detail["imageSizeInBytes"] == len("hello from oras\n")  # from the uploaded layer
    assert "lastRecordedPullTime" in detail
    assert sockets == []


def test_oras_push_chunked_round_trips_a_large_artifact(ecr, tmp_path, monkeypatch):
    ecr.create_repository(repositoryName="big")
    monkeypatch.chdir(tmp_path)
    data = bytes(range(256)) * (11 * 1024 * 1024 // 256)
    (tmp_path / "blob.bin").write_bytes(data)
    client = oras_client.OrasClient(hostname=HOST, auth_backend="ecr")
    client.push(
        target=f"{HOST}/big:v1", files=["blob.bin"], do_chunked=True, chunk_size=5 * 1024 * 1024
    )
    files = client.pull(target=f"{HOST}/big:v1", outdir=str(tmp_path / "out"))
    assert pathlib.Path(files[0]).read_bytes() == data


def test_oras_pull_of_a_missing_tag_fails_cleanly(ecr, tmp_path):
    ecr.create_repository(repositoryName="empty")
    client = oras_client.OrasClient(hostname=HOST, auth_backend="ecr")
    with pytest.raises(ValueError, match="manifests/nope: Not Found"):  # our 404, as oras says it
        client.pull(target=f"{HOST}/empty:nope", outdir=str(tmp_path))
