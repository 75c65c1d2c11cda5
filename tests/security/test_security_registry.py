"""The brand-account registry: models that hold no secrets, and CSV import/export with errors by file and line."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from socialguard.security.registry import (
    COLUMNS,
    AccessGrant,
    RegisteredAccount,
    Registry,
    RegistryError,
        parse_csv,
    read_csv,
    template_csv,
    to_csv,
)

HEADER = ",".join(COLUMNS)
GOOD_ROW = (
    'instagram,@acme,https://instagram.com/acme,Anna Nowak,'
    '"Anna Nowak (own_login); Jan Kowalski (shared_credential, left); Buffer (tool, api_token)",'
    "app,2026-01-10,social@acme.pl,company,+48 600 100 200,person"
)


def test_a_good_row_is_read_with_every_field():
    registry = parse_csv(f"{HEADER}\n{GOOD_ROW}\n", "accounts.csv")
    account = registry.accounts[0]
    assert (account.platform, account.handle, account.owner) == ("instagram", "@acme", "Anna Nowak")
    assert account.two_factor == "app"
    assert account.last_rotation == dt.date(2026, 1, 10)
    assert [(g.holder, g.kind, g.method, g.status) for g in account.access] == [
        ("Anna Nowak", "person", "own_login", "active"),
        ("Jan Kowalski", "person", "shared_credential", "left"),
        ("Buffer", "tool", "api_token", "active"),
    ]
    assert (account.recovery_phone, account.recovery_phone_owner) == ("+48 600 100 200", "person")


def test_export_then_import_gives_the_same_registry():
    registry = parse_csv(f"{HEADER}\n{GOOD_ROW}\n")
    assert parse_csv(to_csv(registry)) == registry


def test_export_guards_cells_a_spreadsheet_would_run_and_import_reads_them_back():
    account = RegisteredAccount(platform="x", handle="@acme", owner='=HYPERLINK("http://evil.example")')
    text = to_csv(Registry(accounts=[account]))
    assert "'=HYPERLINK" in text
    assert ",@acme," in text  # a handle is not a formula
    assert parse_csv(text).accounts[0].owner == account.owner


def test_spreadsheet_spelling_and_semicolon_separated_files_are_accepted():
    text = "platform;handle;two_factor;access\nFacebook;Acme Polska;Hardware key;Ewa (Shared credential, Changed role)\n"
    account = parse_csv(text).accounts[0]
    assert account.platform == "facebook"
    assert account.two_factor == "hardware_key"
    assert account.access[0].method == "shared_credential" and account.access[0].status == "changed_role"


def test_template_is_just_the_header():
    assert template_csv() == HEADER + "\n"
    assert parse_csv(template_csv()).accounts == []


def test_every_bad_row_is_reported_with_file_line_and_column(tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text(
        f"{HEADER}\n{GOOD_ROW}\n"
        "x,@acme,,,Anna (own_login),SMS,2026-13-01,,,,\n"
        'facebook,acme,,,"Bob (foo)",fido,,,,,\n'
        "tiktok,@acme,,,,app,,x@gmail.com,,,\n"
        "instagram,@ACME,,,,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError) as caught:
        read_csv(path)
    problems = caught.value.problems
    assert problems == [
        f"{path}:3: last_rotation: '2026-13-01' is not a date; write YYYY-MM-DD",
        f"{path}:4: access: 'Bob (foo)': 'foo' is not understood; methods: own_login, shared_credential, "
        "api_token; statuses: active, left, changed_role; 'tool' for a tool",
        f"{path}:4: two_factor: 'fido': must be one of none, sms, app, hardware_key",
        f"{path}:5: recovery_email_owner: say whether the recovery email is company or person",
        f"{path}:6: instagram @ACME is already listed on line 2",
    ]


def test_a_quote_left_open_is_one_problem_and_the_rows_after_it_are_still_checked():
    with pytest.raises(RegistryError) as caught:
        parse_csv('platform,handle,owner\nx,@a,"Ann\nx,@b,Bob\nx,@c,"Cy"z\nlinkedin,acme,"Ewa\nNowak"\nx,@d,SMS?,\n', "a.csv")
    assert caught.value.problems == [
        "a.csv:2: not valid CSV: a quoted field opened on this line breaks on line 4 (text after a closing quote; "
        "a quote inside a quoted field is written twice)",
        "a.csv:4: not valid CSV: text after a closing quote; a quote inside a quoted field is written twice",
        "a.csv:7: 4 cells but the header has 3 columns (a cell that contains commas, like the access list, "
        "must be in double quotes)",
    ]


def test_unquoted_commas_are_explained():
    with pytest.raises(RegistryError, match=r"<registry>:2: 6 cells but the header has 5 columns .*double quotes"):
        parse_csv("platform,handle,owner,access,two_factor\nx,@a,Ann,Ann (shared_credential, left),app\n")


@pytest.mark.parametrize("column", ["password", "api_token_value", "hasło", "recovery_codes"])
def test_a_column_for_secrets_is_refused_with_the_reason(column):
    with pytest.raises(RegistryError, match="never stores passwords, tokens or codes"):
        parse_csv(f"platform,handle,{column}\nx,@acme,hunter2\n", "accounts.csv")


def test_header_problems_name_the_file_and_line_one():
    with pytest.raises(RegistryError) as caught:
        parse_csv("platform,colour,platform\nx,red,y\n", "a.csv")
    assert caught.value.problems == [
        "a.csv:1: unknown column 'colour'; the columns are: " + ", ".join(COLUMNS),
        "a.csv:1: missing column(s) handle",
        "a.csv:1: column(s) platform appear more than once",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        ("platform,handle\nx,@ąę\n".encode("cp1250"), "not UTF-8 text"),
    ],
)
def test_unreadable_files_give_one_clear_message(tmp_path, content, expected):
    path = tmp_path / "accounts.csv"
    path.write_bytes(content)
    with pytest.raises(RegistryError, match=expected):
        read_csv(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(RegistryError, match="no such file"):
        read_csv(tmp_path / "nope.csv")
    with pytest.raises(RegistryError, match="is a directory"):
        read_csv(tmp_path)


def test_utf8_bom_from_spreadsheets_is_accepted():
    registry = parse_csv("\ufeffplatform,handle,owner\nlinkedin,acme,Żaneta Łęcka\n")
    assert registry.accounts[0].owner == "Żaneta Łęcka"


def test_models_have_no_place_for_a_secret():
    with pytest.raises(ValidationError):
        RegisteredAccount(platform="x", handle="@a", password="hunter2")
    with pytest.raises(ValidationError):
        AccessGrant(holder="Anna", method="own_login", token="abc")
    fields = set(RegisteredAccount.model_fields) | set(AccessGrant.model_fields)
    assert not {f for f in fields if any(w in f for w in ("password", "token", "secret", "code"))}


def test_tools_have_no_employment_status():
    with pytest.raises(ValueError, match="a tool has no status"):
        AccessGrant(holder="Buffer", kind="tool", method="api_token", status="left")
    with pytest.raises(RegistryError, match=r"a\.csv:2: access: entry 1: Buffer: a tool has no status"):
        parse_csv('platform,handle,access\nx,@a,"Buffer (tool, api_token, left)"\n', "a.csv")


def test_offboarding_marks_and_then_removes_every_grant_of_a_person():
    registry = parse_csv(f"{HEADER}\n{GOOD_ROW}\n" "x,@acme,,Anna Nowak,Anna Nowak (own_login),app,,,,,\n")
    left = registry.with_status("anna nowak", "left")
    assert {g.status for a in left.accounts for g in a.access if g.holder == "Anna Nowak"} == {"left"}
    gone = left.without_access("Anna Nowak")
    assert "Anna Nowak" not in gone.holders()
    assert "Buffer" in gone.holders()
