"""Export and import of whole cases (backup and restore), in the store and on the command line."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from samenrekenen.cli_case import case_app
from samenrekenen.model.edits import Edit, EditKind
from samenrekenen.store import Accounts, CaseNotFound, Cases, Database, Role, transfer
from samenrekenen.store.tables import CaseRow, User
from samenrekenen.store.transfer import FORMAT, TransferError, export_case, import_case
from samenrekenen.web.demo_setup import demo_document

COST = "participants[{}].baseline.costs[0].visible_eur"
runner = CliRunner()


def _filled_case(database: Database) -> int:
    """The demo case with members of every role, edits (one by a user who left) and versions."""
    accounts, cases = Accounts(database), Cases(database)
    owner = accounts.create_user("eigenaar@example.nl", "Eigenaar", "wachtwoord-123")
    adviser = accounts.create_user("adviseur@example.nl", "Adviseur")
    participant = accounts.create_user("deelnemer@example.nl", "Deelnemer")
    case_id = cases.create("Demo", demo_document(), owner).id
    cases.set_member(case_id, adviser.id, Role.ADVISER)
    cases.set_member(case_id, participant.id, Role.PARTICIPANT, "gm9003")
    cases.set_participants_see_others(case_id, True)
    cases.apply(case_id, Edit(EditKind.SET, COST.format(0), 70000), 1, owner)
    cases.create_version(case_id, "Eerste", owner.email, "1.0.0", lambda case: {"n": 1})
    cases.apply(case_id, Edit(EditKind.SET, COST.format(2), 12345.5), 2, participant)
    cases.apply(case_id, Edit(EditKind.REMOVE, "scenarios[1].one_off_costs[0]"), 3, adviser)
    cases.remove_member(case_id, adviser.id)
    cases.create_version(case_id, "Raadsvoorstel maart", adviser.email, "1.0.0", lambda c: {"n": 2})
    return case_id


def _count(database: Database, table: type) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_export_holds_everything_without_ids(database: Database) -> None:
    case_id = _filled_case(database)
    bundle = export_case(database, case_id)
    json.dumps(bundle, allow_nan=False)
    assert bundle["format"] == FORMAT and bundle["format_version"] == 1
    case = bundle["case"]
    assert case["name"] == "Demo" and case["revision"] == 4
    assert case["settings"] == {"participants_see_others": True}
    assert case["document"] == Cases(database).get(case_id).document
    assert case["created_at"].endswith("+00:00")
    assert bundle["members"] == [
        {
            "email": "deelnemer@example.nl",
            "name": "Deelnemer",
            "role": "deelnemer",
            "participant_id": "gm9003",
        },
        {
            "email": "eigenaar@example.nl",
            "name": "Eigenaar",
            "role": "beheerder",
            "participant_id": None,
        },
    ]
    assert [e["revision"] for e in bundle["audit"]] == [2, 3, 4]
    assert bundle["audit"][0]["old_value"] == 64600 and bundle["audit"][0]["new_value"] == 70000
    assert bundle["audit"][2]["user_email"] == "adviseur@example.nl"
    assert [v["name"] for v in bundle["versions"]] == ["Eerste", "Raadsvoorstel maart"]
    assert bundle["versions"][0]["results"] == {"n": 1}
    assert (
        bundle["versions"][0]["document"]["participants"][0]["baseline"]["costs"][0]["visible_eur"]
        == 70000
    )
    assert "id" not in json.dumps(list(bundle["case"])) and "case_id" not in json.dumps(bundle)
    with pytest.raises(CaseNotFound):
        export_case(database, case_id + 100)


def test_round_trip_into_a_fresh_database_gives_the_same_bundle(
    new_database: Callable[[], Database],
) -> None:
    source = new_database()
    bundle = export_case(source, _filled_case(source))
    target = new_database()
    created: list[str] = []
    new_id = import_case(target, json.loads(json.dumps(bundle)), created)
    assert export_case(target, new_id) == bundle
    assert sorted(created) == ["deelnemer@example.nl", "eigenaar@example.nl"]
    users = {u.email: u for u in Accounts(target).all_users()}
    assert set(users) == {"deelnemer@example.nl", "eigenaar@example.nl"}
    assert all(u.password_hash is None for u in users.values())
    cases = Cases(target)
    member = cases.membership(new_id, users["deelnemer@example.nl"].id)
    assert member is not None and member.participant_id == "gm9003"
    trail = cases.audit(new_id)
    assert trail[-1].user_id == users["eigenaar@example.nl"].id
    assert trail[0].user_id is None and trail[0].user_email == "adviseur@example.nl"
    assert [v.created_by for v in cases.versions(new_id)] == [
        "eigenaar@example.nl",
        "adviseur@example.nl",
    ]
    # The imported case goes on where it was: its revision and locking history still hold.
    row = cases.get(new_id)
    owner = users["eigenaar@example.nl"]
    with pytest.raises(Exception, match="intussen gewijzigd"):
        cases.apply(new_id, Edit(EditKind.SET, COST.format(0), 1), 1, owner)
    assert (
        cases.apply(new_id, Edit(EditKind.SET, COST.format(0), 1), row.revision, owner).revision
        == 5
    )


def test_import_into_the_same_database_matches_users_by_email(database: Database) -> None:
    case_id = _filled_case(database)
    bundle = export_case(database, case_id)
    bundle["members"][0]["email"] = "DeelNemer@Example.nl"
    users_before = _count(database, User)
    created: list[str] = []
    new_id = import_case(database, bundle, created)
    assert new_id != case_id and created == []
    assert _count(database, User) == users_before
    owner = Accounts(database).by_email("eigenaar@example.nl")
    assert owner is not None and owner.password_hash is not None
    assert export_case(database, new_id)["members"] == export_case(database, case_id)["members"]


def test_invalid_bundles_are_refused_in_dutch_and_store_nothing(database: Database) -> None:
    good = export_case(database, _filled_case(database))
    cases_before, users_before = _count(database, CaseRow), _count(database, User)

    def refused(bundle: Any) -> list[str]:
        with pytest.raises(TransferError) as error:
            import_case(database, bundle)
        return error.value.errors

    assert "geen export van een case" in refused([1, 2])[0]
    assert "geen export van een case" in refused({**good, "format": "iets"})[0]
    assert "versie 2 wordt niet ondersteund" in refused({**good, "format_version": 2})[0]
    broken = copy.deepcopy(good)
    broken["case"]["document"]["participants"][0]["baseline"]["costs"][0]["visible_eur"] = -1
    broken["members"][0]["role"] = "baas"
    broken["members"][1]["email"] = "geen-adres"
    broken["audit"][0]["at"] = "gisteren"
    broken["versions"][1]["revision"] = 99
    del broken["versions"][0]["results"]
    errors = refused(broken)
    joined = "\n".join(errors)
    assert "members[0].role: kies een van: beheerder, adviseur, deelnemer, lezer" in joined
    assert "members[1].email: is geen geldig e-mailadres" in joined
    assert "audit[0].at: ontbreekt of is geen tijdstip" in joined
    assert "versions[1].revision: is hoger dan de revisie van de case (4)" in joined
    assert "versions[0].results: ontbreekt" in joined
    assert "case.document: participants[0].baseline.costs[0].visible_eur" in joined
    wrong_participant = copy.deepcopy(good)
    wrong_participant["members"][0]["participant_id"] = "gm9999"
    assert "members[0].participant_id" in refused(wrong_participant)[0]
    assert (_count(database, CaseRow), _count(database, User)) == (cases_before, users_before)


def test_import_is_all_or_nothing(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = export_case(database, _filled_case(database))
    bundle["members"].append(
        {"email": "nieuw@example.nl", "name": "", "role": "lezer", "participant_id": None}
    )
    cases_before, users_before = _count(database, CaseRow), _count(database, User)

    def broken(*_args: Any) -> None:
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(transfer, "_add_versions", broken)
    with pytest.raises(RuntimeError):
        import_case(database, bundle)
    assert (_count(database, CaseRow), _count(database, User)) == (cases_before, users_before)
    assert Accounts(database).by_email("nieuw@example.nl") is None


# --- command line ------------------------------------------------------------------------------


def test_cli_export_and_import(tmp_path: Path) -> None:
    source_url = f"sqlite:///{tmp_path / 'bron.sqlite3'}"
    source = Database(source_url)
    source.upgrade()
    case_id = _filled_case(source)
    source.dispose()
    output = tmp_path / "export.json"
    result = runner.invoke(
        case_app, ["export", str(case_id), "--output", str(output), "--database-url", source_url]
    )
    assert result.exit_code == 0, result.output
    assert f"Case {case_id} geëxporteerd" in result.stdout
    bundle = json.loads(output.read_text(encoding="utf-8"))
    assert bundle["format"] == FORMAT
    target_url = f"sqlite:///{tmp_path / 'doel.sqlite3'}"
    result = runner.invoke(case_app, ["import", str(output), "--database-url", target_url])
    assert result.exit_code == 0, result.output
    assert "Case geïmporteerd met id 1." in result.stdout
    assert "eigenaar@example.nl" in result.stdout
    target = Database(target_url)
    try:
        assert export_case(target, 1) == bundle
    finally:
        target.dispose()


def test_cli_errors_are_dutch_with_exit_code_2(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'leeg.sqlite3'}"
    result = runner.invoke(
        case_app, ["export", "7", "--output", str(tmp_path / "x.json"), "--database-url", url]
    )
    assert result.exit_code == 2
    assert "Case 7 bestaat niet in deze database." in result.stderr
    assert not (tmp_path / "x.json").exists()
    result = runner.invoke(case_app, ["import", str(tmp_path / "weg.json"), "--database-url", url])
    assert result.exit_code == 2 and "Bestand niet gevonden" in result.stderr
    bad = tmp_path / "kapot.json"
    bad.write_text("{niet: json", encoding="utf-8")
    result = runner.invoke(case_app, ["import", str(bad), "--database-url", url])
    assert result.exit_code == 2 and "geen geldige JSON" in result.stderr
    wrong = tmp_path / "ander.json"
    wrong.write_text(
        json.dumps({"format": FORMAT, "format_version": 1, "case": {}}), encoding="utf-8"
    )
    result = runner.invoke(case_app, ["import", str(wrong), "--database-url", url])
    assert result.exit_code == 2
    assert "er is niets opgeslagen" in result.stderr and "case.name" in result.stderr
    assert "members: ontbreekt of is geen lijst" in result.stderr
