"""Property-based tests of the JSON API against its own OpenAPI document (schemathesis).

Every documented operation gets a few generated requests (valid and invalid ones) as a
*beheerder* of the demo case, with a bearer token; no request may end in a server error, and
every documented answer must match its schema. Path parameters point at the demo case and its
objects, so the requests reach the code behind the authorisation. Deleting the case or the
session would pull the ground from under the other operations; both are tested in
``test_api.py`` instead.

The schema is loaded from the app of a fixture, and each operation runs as a Hypothesis test of
its own (schemathesis' lazy pytest loader does not run on this pytest version).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import schemathesis
from conftest import PASSWORD, make_site
from hypothesis import HealthCheck, given, settings
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from samenrekenen.engine import ENGINE_VERSION, calculate
from samenrekenen.io.results import result_to_dict

API = "/api/v1"
EXAMPLES_PER_OPERATION = 5
SKIPPED = {("DELETE", f"{API}/cases/{{case_id}}"), ("DELETE", f"{API}/session")}


def _run(
    operation: APIOperation, mode: GenerationMode, headers: dict[str, str], ids: dict[str, Any]
) -> None:
    names = re.findall(r"\{(\w+)\}", operation.path)
    fixed = {name: ids[name] for name in names if name in ids}
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Case) -> None:
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, response_schema_conformance]
        )

    check()


def test_api_answers_as_documented_and_never_with_a_server_error(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    ctx = site.ctx
    email, _user = site.user("beheerder")
    headers = {"Authorization": f"Bearer {ctx.accounts.login(email, PASSWORD).token}"}
    version = ctx.cases.create_version(
        site.case_id,
        "Uitgangspunt",
        email,
        ENGINE_VERSION,
        lambda case: result_to_dict(calculate(case), case=case),
    )
    job = ctx.jobs.submit(site.case_id, "recalculate", 1, email)
    schema = schemathesis.openapi.from_asgi(f"{API}/openapi.json", site.app)
    ids = {
        "case_id": site.case_id,
        "participant_id": "gm9001",
        "scenario_id": "kostenreductie",
        "line_id": "knip-ict",
        "version_id": version.id,
        "job_id": job.id,
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    tested = []
    for operation in operations:
        key = (operation.method.upper(), operation.path)
        if key in SKIPPED:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run(operation, mode, headers, ids)
        tested.append(key)
    assert len(tested) == len(operations) - len(SKIPPED)
    ctx.db.dispose()
