"""Servers for the server tests: one in-process server per module, reset before each test."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from ecrfake.remote import RemoteFake
from ecrfake.server import Server

CREDENTIALS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "not-a-secret"}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server() as running:
        yield running


@pytest.fixture
def remote(server: Server) -> RemoteFake:
    fake = RemoteFake(server.url)
    fake.reset()
    return fake


@pytest.fixture
def client(server: Server, remote: RemoteFake) -> Callable[..., Any]:
    """``client(service="ecr", region="us-east-1")``: a boto3 client pointed at the server."""

    def make(service: str = "ecr", region: str = "us-east-1") -> Any:
        return boto3.client(service, endpoint_url=server.url, region_name=region, **CREDENTIALS)

    return make


def start_cli(*args: str, command: tuple[str, ...] = ("-m", "ecrfake")) -> tuple[Any, str]:
    """Run ``ecrfake serve ARGS`` as a subprocess; returns it and its first stdout line."""
    process = subprocess.Popen(
        [sys.executable, *command, "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    return process, line
