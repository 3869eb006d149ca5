"""CI tests the floor it declares: .ci/run's FLOOR is setup.cfg's minimum botocore and boto3."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_floor_is_the_declared_minimum_of_botocore_and_boto3():
    floor = re.search(r"^FLOOR=(\S+)", (ROOT / ".ci" / "run").read_text(), re.M)
    assert floor is not None
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    requires = config["options"]["install_requires"].split()
    assert f"botocore>={floor.group(1)}" in requires
    assert f"boto3>={floor.group(1)}" in requires
