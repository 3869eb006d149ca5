"""ecrfake._restjson: Inspector2's REST-JSON routing, decoding and encoding."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from ecrfake import _restjson, _service

BASE = "https://inspector2.us-east-1.amazonaws.com"


def test_resolve_names_every_operation_of_the_model_by_method_and_path():
    model = _service.service_model("inspector2")
    for name in model.operation_names:
        http = model.operation_model(name).http
        path = re.sub(r"\{[^}]+\}", "x1", http["requestUri"].split("?", 1)[0])
        assert _restjson.resolve(http["method"], BASE + path) == name


def test_resolve_unknown_path_or_method_is_none():
    assert _restjson.resolve("POST", BASE + "/no/such") is None
    assert _restjson.resolve("GET", BASE + "/findings/list") is None


def test_decode_request_reads_uri_labels_and_query_string():
    model = _service.operation_model("ListTagsForResource", "inspector2")
    arn = "arn:aws:inspector2:us-east-1:123456789012:filter/abc"
    params = _restjson.decode_request(model, BASE + "/tags/" + arn.replace("/", "%2F"), b"")
    assert params == {"resourceArn": arn}
    model = _service.operation_model("GetCisScanReport", "inspector2")
    assert _restjson.decode_request(model, BASE + "/cis/scan/report/get", b'{"scanArn": "a"}') == {
        "scanArn": "a"
    }


def test_decode_request_rejects_non_object_bodies():
    model = _service.operation_model("ListFindings", "inspector2")
    with pytest.raises(ValueError):
        _restjson.decode_request(model, BASE + "/findings/list", b"[1]")


def test_parse_timestamps_turns_epoch_seconds_into_aware_datetimes():
    model = _service.operation_model("ListFindings", "inspector2")
    params = {
        "filterCriteria": {
            "updatedAt": [{"startInclusive": 0, "endInclusive": "1970-01-02T00:00:00Z"}]
        }
    }
    out = _restjson.parse_timestamps(model, params)
    start = out["filterCriteria"]["updatedAt"][0]["startInclusive"]
    end = out["filterCriteria"]["updatedAt"][0]["endInclusive"]
    assert start == datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    assert end == datetime.datetime(1970, 1, 2, tzinfo=datetime.timezone.utc)


def test_encode_error_puts_the_code_in_x_amzn_error_type():
    status, headers, body = _restjson.encode_error("ValidationException", 400, {"message": "m"})
    assert status == 400 and headers["x-amzn-ErrorType"] == "ValidationException"
    assert json.loads(body) == {"message": "m"}


def test_encode_result_writes_epoch_seconds():
    moment = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    status, headers, body = _restjson.encode_result({"at": moment})
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"at": moment.timestamp()}


def test_region_from_request_prefers_the_signature_scope():
    auth = "AWS4-HMAC-SHA256 Credential=AKIA/20240101/eu-west-2/inspector2/aws4_request, ..."
    assert _restjson.region_from_request({"Authorization": auth}, BASE + "/enable") == "eu-west-2"
    assert _restjson.region_from_request({}, BASE + "/enable") == "us-east-1"
    assert _restjson.signed_for_inspector2({"Authorization": auth})
    assert not _restjson.signed_for_inspector2({})
