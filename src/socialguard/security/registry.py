"""The brand-account registry as data: which accounts exist, who and what can get into them, and how they are
protected and recovered. Imported from and exported to CSV.

Deliberately, no field holds a password, a token, a one-time code or a recovery code: the registry records
*how* a credential is held (own login, shared credential in a password manager, API token), never the
credential. Models forbid unknown fields, and a CSV column named like a secret is refused with a message
that says why.

CSV layout (one row per account; a template comes from `template_csv()`):
`platform, handle, url, owner, access, two_factor, last_rotation, recovery_email, recovery_email_owner,
recovery_phone, recovery_phone_owner`. The `access` cell lists holders separated by `;`, each as
`Name (method[, status])` or `Tool (tool, method)`, e.g.
`Anna Nowak (own_login); Jan Kowalski (shared_credential, left); Buffer (tool, api_token)`.
Bad rows are reported all at once as `file:line: column: problem`, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..csvfiles import Record, records, unescape_cell, writer

TwoFactorMethod = Literal["none", "sms", "app", "hardware_key"]
AccessMethod = Literal["own_login", "shared_credential", "api_token"]
HolderKind = Literal["person", "tool"]
HolderStatus = Literal["active", "left", "changed_role"]
Ownership = Literal["company", "person"]

TWO_FACTOR_METHODS: tuple[str, ...] = ("none", "sms", "app", "hardware_key")
ACCESS_METHODS: tuple[str, ...] = ("own_login", "shared_credential", "api_token")
HOLDER_STATUSES: tuple[str, ...] = ("active", "left", "changed_role")
OWNERSHIPS: tuple[str, ...] = ("company", "person")
COLUMNS: tuple[str, ...] = (
    "platform", "handle", "url", "owner", "access", "two_factor", "last_rotation",
    "recovery_email", "recovery_email_owner", "recovery_phone", "recovery_phone_owner",
)
REQUIRED_COLUMNS = ("platform", "handle")
SECRET_WORDS = ("password", "passwd", "haslo", "hasło", "token", "secret", "sekret", "pin", "otp", "key", "code")
MAX_CSV_BYTES = 10_000_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AccessGrant(_Strict):
    """A person or a tool that can get into an account, how, and (for a person) whether they still should."""

    holder: str = Field(min_length=1, max_length=200)
    kind: HolderKind = "person"
    method: AccessMethod
    status: HolderStatus = "active"

    @model_validator(mode="after")
    def _tools_are_active(self) -> "AccessGrant":
        if self.kind == "tool" and self.status != "active":
            raise ValueError(f"{self.holder}: a tool has no status; remove the tool's access instead")
        return self

    @property
    def is_active_person(self) -> bool:
        return self.kind == "person" and self.status == "active"


class RegisteredAccount(_Strict):
    """One brand account on one platform and how it is protected."""

    platform: str = Field(min_length=1, max_length=60)
    handle: str = Field(min_length=1, max_length=200)
    url: str | None = Field(default=None, max_length=500)
    owner: str | None = Field(default=None, max_length=200)
    access: list[AccessGrant] = Field(default_factory=list)
    two_factor: TwoFactorMethod = "none"
    last_rotation: dt.date | None = None
    recovery_email: str | None = Field(default=None, max_length=254)
    recovery_email_owner: Ownership | None = None
    recovery_phone: str | None = Field(default=None, max_length=40)
    recovery_phone_owner: Ownership | None = None

    @field_validator("platform")
    @classmethod
    def _platform_lower(cls, value: str) -> str:
        return value.lower()

    @model_validator(mode="after")
    def _recovery_owner_known(self) -> "RegisteredAccount":
        for detail in ("recovery_email", "recovery_phone"):
            if getattr(self, detail) and getattr(self, f"{detail}_owner") is None:
                raise ValueError(f"{detail}_owner: say whether the {detail.replace('_', ' ')} is company or person")
        return self

    @property
    def key(self) -> tuple[str, str]:
        return self.platform, self.handle.lower()

    @property
    def label(self) -> str:
        return f"{self.platform} {self.handle}"


class Registry(_Strict):
    """All brand accounts of an organisation."""

    accounts: list[RegisteredAccount] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_accounts(self) -> "Registry":
        seen: set[tuple[str, str]] = set()
        for account in self.accounts:
            if account.key in seen:
                raise ValueError(f"{account.label}: listed twice")
            seen.add(account.key)
        return self

    def holders(self) -> set[str]:
        return {g.holder for a in self.accounts for g in a.access}

    def with_status(self, holder: str, status: HolderStatus) -> "Registry":
        """The registry after a person's status changed (left, changed role) on every account they hold."""
        return self._map_grants(holder, lambda g: [g.model_copy(update={"status": status})])

    def without_access(self, holder: str) -> "Registry":
        """The registry after every access grant of `holder` was removed (the end of offboarding)."""
        return self._map_grants(holder, lambda g: [])

    def _map_grants(self, holder: str, change: Any) -> "Registry":
        wanted = holder.strip().casefold()
        accounts = [
            a.model_copy(
                update={"access": [n for g in a.access for n in (change(g) if g.holder.casefold() == wanted else [g])]}
            )
            for a in self.accounts
        ]
        return Registry(accounts=accounts)


class RegistryError(ValueError):
    """A registry file that cannot be used; `problems` are one line each, naming file, line and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --- CSV: reading ---------------------------------------------------------------------------------------

_GRANT = re.compile(r"^(?P<holder>[^()]+?)\s*\((?P<details>[^()]*)\)$")


def _token(value: str) -> str:
    """A spreadsheet-typed choice as the registry spells it: `Hardware key` -> `hardware_key`."""
    return re.sub(r"[\s-]+", "_", value.strip().lower())


def _cell(value: str) -> str:
    """A cell as written by a person or by `write_csv` (which guards formulas with a leading apostrophe)."""
    return unescape_cell(value.strip())


def parse_access(text: str) -> list[dict[str, str]]:
    """The `access` cell as grant dicts; raises ValueError naming the entry it cannot read."""
    grants: list[dict[str, str]] = []
    for entry in (e.strip() for e in text.split(";")):
        if not entry:
            continue
        found = _GRANT.match(entry)
        if not found:
            raise ValueError(f"{entry!r}: write it as 'Name (method)' or 'Name (method, status)'")
        grant: dict[str, str] = {"holder": found["holder"].strip()}
        for word in (_token(w) for w in found["details"].split(",") if w.strip()):
            slot = "method" if word in ACCESS_METHODS else "status" if word in HOLDER_STATUSES else None
            slot = "kind" if word in ("person", "tool") else slot
            if slot is None or slot in grant:
                raise ValueError(
                    f"{entry!r}: {word!r} is not understood; methods: {', '.join(ACCESS_METHODS)}; "
                    f"statuses: {', '.join(HOLDER_STATUSES)}; 'tool' for a tool"
                )
            grant[slot] = word
        if "method" not in grant:
            raise ValueError(f"{entry!r}: say how access is held ({', '.join(ACCESS_METHODS)})")
        grants.append(grant)
    return grants


def _row_values(row: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A CSV row as model input, plus (column, problem) pairs for cells that cannot be read."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column, raw in row.items():
        cell = _cell(raw or "")
        if not cell:
            continue
        try:
            values[column] = _convert(column, cell)
        except ValueError as exc:
            problems.append((column, str(exc)))
    return values, problems


def _convert(column: str, cell: str) -> Any:
    if column == "access":
        return parse_access(cell)
    if column == "last_rotation":
        try:
            return dt.date.fromisoformat(cell)
        except ValueError:
            raise ValueError(f"{cell!r} is not a date; write YYYY-MM-DD") from None
    choices = {"two_factor": TWO_FACTOR_METHODS, "recovery_email_owner": OWNERSHIPS, "recovery_phone_owner": OWNERSHIPS}
    if column in choices:
        token = _token(cell)
        if token not in choices[column]:
            raise ValueError(f"{cell!r}: must be one of {', '.join(choices[column])}")
        return token
    return cell


def _explain(exc: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for error in exc.errors():
        loc = error["loc"]
        column = str(loc[0]) if loc else ""
        message = error["msg"].removeprefix("Value error, ")
        if column == "access" and len(loc) > 2:
            message = f"entry {int(loc[1]) + 1}: {loc[2]}: {message}"
        elif column == "access" and len(loc) == 2:
            message = f"entry {int(loc[1]) + 1}: {message}"
        if not column:  # a whole-row check names its column at the start of its message
            column, _, message = message.partition(": ")
        problems.append((column, message))
    return problems


def _check_header(header: list[str], name: str) -> list[str]:
    problems: list[str] = []
    for column in header:
        if column in COLUMNS:
            continue
        if any(word in column for word in SECRET_WORDS):
            problems.append(
                f"{name}:1: column {column!r} is not accepted: socialguard never stores passwords, tokens or codes; "
                "keep them in the password manager and remove the column"
            )
        else:
            problems.append(f"{name}:1: unknown column {column!r}; the columns are: {', '.join(COLUMNS)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(f"{name}:1: missing column(s) {', '.join(missing)}")
    duplicates = sorted({c for c in header if header.count(c) > 1})
    if duplicates:
        problems.append(f"{name}:1: column(s) {', '.join(duplicates)} appear more than once")
    return problems


def _delimiter(first_line: str) -> str:
    """`;` for files saved by spreadsheets in locales that use the comma as decimal mark (as in Polish)."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def parse_csv(text: str, name: str = "<registry>") -> Registry:
    """A registry from CSV text; raises `RegistryError` listing every bad row as `name:line: column: problem`."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise RegistryError([f"{name}: the file is empty; it needs a header row ({', '.join(COLUMNS)})"])
    found = records(io.StringIO(text, newline=""), delimiter=_delimiter(text.partition("\n")[0]))
    first = next(found)
    if first.error:
        raise RegistryError([f"{name}:{first.line}: the header row is {first.error}"])
    header = [_token(h) for h in first.fields]
    problems = _check_header(header, name)
    if problems:
        raise RegistryError(problems)
    accounts, first_rows = _read_rows(found, header, name, problems)
    problems += _duplicate_problems(accounts, first_rows, name)
    if problems:
        raise RegistryError(problems)
    return Registry(accounts=[account for account, _ in accounts])


def _read_rows(
    found: Iterator[Record], header: list[str], name: str, problems: list[str]
) -> tuple[list[tuple[RegisteredAccount, int]], dict[tuple[str, str], int]]:
    accounts: list[tuple[RegisteredAccount, int]] = []
    first_rows: dict[tuple[str, str], int] = {}
    for record in found:
        line, cells = record.line, record.fields
        if record.error:
            problems.append(f"{name}:{line}: {record.error}")
        elif any(c.strip() for c in cells):
            if len(cells) > len(header):
                problems.append(
                    f"{name}:{line}: {len(cells)} cells but the header has {len(header)} columns "
                    "(a cell that contains commas, like the access list, must be in double quotes)"
                )
            else:
                account = _read_row(dict(zip(header, cells)), f"{name}:{line}", problems)
                if account is not None:
                    accounts.append((account, line))
                    first_rows.setdefault(account.key, line)
    return accounts, first_rows


def _read_row(row: dict[str, str], where: str, problems: list[str]) -> RegisteredAccount | None:
    values, cell_problems = _row_values(row)
    if not cell_problems:
        try:
            return RegisteredAccount.model_validate(values)
        except ValidationError as exc:
            cell_problems = _explain(exc)
    problems.extend(f"{where}: {column}: {problem}" for column, problem in cell_problems)
    return None


def _duplicate_problems(
    accounts: list[tuple[RegisteredAccount, int]], first_rows: dict[tuple[str, str], int], name: str
) -> list[str]:
    return [
        f"{name}:{line}: {account.label} is already listed on line {first_rows[account.key]}"
        for account, line in accounts
        if first_rows[account.key] != line
    ]


def read_csv(path: str | Path) -> Registry:
    """A registry from a CSV file, with every problem reported as `RegistryError`."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise RegistryError([f"{name}: no such file"]) from None
    except IsADirectoryError:
        raise RegistryError([f"{name}: is a directory, not a CSV file"]) from None
    except PermissionError:
        raise RegistryError([f"{name}: permission denied"]) from None
    if len(raw) > MAX_CSV_BYTES:
        raise RegistryError([f"{name}: file is too large for a registry ({len(raw):,} bytes)"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RegistryError([f"{name}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8"]) from None
    return parse_csv(text, name)


# --- CSV: writing ---------------------------------------------------------------------------------------


def format_access(grants: Iterable[AccessGrant]) -> str:
    """The `access` cell: `Name (method[, status])` or `Tool (tool, method)`, joined by `; `."""
    entries = []
    for grant in grants:
        details = ["tool"] if grant.kind == "tool" else []
        details.append(grant.method)
        if grant.status != "active":
            details.append(grant.status)
        entries.append(f"{grant.holder} ({', '.join(details)})")
    return "; ".join(entries)


def _row(account: RegisteredAccount) -> list[str]:
    data = account.model_dump()
    data["access"] = format_access(account.access)
    data["last_rotation"] = account.last_rotation.isoformat() if account.last_rotation else ""
    return [str(data[c]) if data[c] is not None else "" for c in COLUMNS]


def write_csv(registry: Registry, handle: TextIO) -> int:
    """Write the registry as CSV (header first); returns the number of accounts written."""
    out = writer(handle, lineterminator="\n")
    out.writerow(COLUMNS)
    for account in registry.accounts:
        out.writerow(_row(account))
    return len(registry.accounts)


def to_csv(registry: Registry) -> str:
    handle = io.StringIO()
    write_csv(registry, handle)
    return handle.getvalue()


def template_csv() -> str:
    """An empty registry: just the header row."""
    return to_csv(Registry())
