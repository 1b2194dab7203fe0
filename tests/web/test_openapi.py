"""The API's OpenAPI document (/api/openapi.json): valid OpenAPI 3, and true of the app. Schemathesis
sends generated requests to every operation registered, in process, signed in as a visitor, an
exhibitor with a booth and an organiser at once (CSRF token sent), and checks that none answers 5xx
and that every answer has a documented status, content type and shape. Bounded and derandomized: the
same requests on every run."""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from halllayout.web import db
from halllayout.web.models import Exhibitor
from halllayout.web.site import site_fair
from tests.web.conftest import ApiClient

#: Generated requests per operation (the API has some 35 operations).
EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_the_document_is_valid_openapi_naming_every_api_route(app: Flask, api: ApiClient) -> None:
    response = api.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.") and document["info"]["title"] == "halllayout fair platform"
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.rule == "/api/openapi.json":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)  # <int:id> → {id}
        for method in rule.methods or ():
            if method in ("HEAD", "OPTIONS"):
                continue
            assert (method, path) in documented, f"{method} {rule.rule} is not in /api/openapi.json"


@pytest.fixture
def signed_in(app: Flask, api: ApiClient, organiser: tuple[str, str], invite: Any) -> dict[str, str]:
    """The headers of a browser signed in as a visitor, an exhibitor with a booth and an organiser."""
    token = invite("EX1", "Ironox Ltd")
    api.as_visitor()
    with app.app_context():
        exhibitor_id = db.session().query(Exhibitor.id).filter_by(fair_id=site_fair().id, ref="EX1").scalar()
    with api.client.session_transaction() as cookie:
        cookie["exhibitor_id"] = exhibitor_id
        cookie["organiser_id"] = 1
    assert token
    who = api.get("/api/session").get_json()
    assert who["visitor"] and who["exhibitor"] and who["organiser"], who
    session_cookie = api.client.get_cookie("session")
    assert session_cookie is not None
    return {
        "Cookie": f"session={session_cookie.value}",
        "X-CSRFToken": who["csrf_token"],
        "Accept-Encoding": "identity",  # the WSGI transport does not undo gzip (test_http_caching.py does)
    }


def test_every_operation_answers_as_documented(app: Flask, signed_in: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode, examples in ((GenerationMode.POSITIVE, EXAMPLES), (GenerationMode.NEGATIVE, EXAMPLES // 2)):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=examples,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate],
            )
            def run(case: Any) -> None:
                try:
                    case.call_and_validate(headers=signed_in, checks=CHECKS)
                except (Exception, BaseExceptionGroup) as error:
                    raise AssertionError(f"{case.as_curl_command()}\n  {error}") from error

            try:
                run()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # nothing in this operation can be made invalid
            except (Exception, BaseExceptionGroup) as error:  # all operations are tried, all failures shown
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert operations >= 30
    assert not failures, "\n\n".join(failures)
