"""docs/web.md's roles table says what the code grants: one column per role, every permission in a row."""

from __future__ import annotations

import re
from pathlib import Path

from socialguard.orgs import roles

WEB_DOCS = Path(__file__).parents[1] / "docs" / "web.md"


def _table() -> list[list[str]]:
    lines = WEB_DOCS.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| permission |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_roles_table_matches_the_code():
    header, _rule, *rows = _table()
    assert header[1:] == list(roles.ROLES)
    documented = set()
    for label, *marks in rows:
        granted_to = {role for role, mark in zip(roles.ROLES, marks, strict=True) if mark == "✓"}
        for permission in re.findall(r"`(\w+)`", label):
            documented.add(permission)
            assert granted_to == {role for role in roles.ROLES if roles.allows(role, permission)}, permission
    assert documented == set().union(*roles.PERMISSIONS.values())


def test_two_factor_sentence_names_the_two_factor_roles():
    text = " ".join(WEB_DOCS.read_text(encoding="utf-8").split())
    assert "Two-factor sign-in (TOTP) is required for admins, approvers and security," in text
    assert roles.TWO_FACTOR_ROLES == {roles.ADMIN, roles.APPROVER, roles.SECURITY}
