"""The audit log page (compliance, admin), its chain check and its CSV/JSON download."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest
from django.urls import reverse

from socialguard.audit.chain import record


@pytest.mark.django_db
def test_log_shows_only_this_organisations_events(acme, globex, client_as):
    record(acme.org, "submit", actor="acme-employee")
    record(globex.org, "submit", actor="globex-employee")
    page = client_as(acme.users["compliance"]).get(reverse("audit:log")).content.decode()
    assert "acme-employee" in page and "globex-employee" not in page


@pytest.mark.django_db
def test_log_filters_by_kind_and_verifies_the_chain(acme, client_as):
    record(acme.org, "submit", actor="a")
    record(acme.org, "approval", actor="b")
    client = client_as(acme.users["admin"])
    page = client.get(reverse("audit:log"), {"kind": "approval", "verify": "1"}).content.decode()
    assert 'kind-approval' in page and 'kind-submit' not in page
    assert "The chain is intact" in page


@pytest.mark.django_db
def test_download_json_for_a_date_range(acme, globex, client_as):
    record(acme.org, "submit", actor="a", data={"n": 1})
    record(globex.org, "submit", actor="g")
    response = client_as(acme.users["compliance"]).get(reverse("audit:export"), {"format": "json"})
    assert response["Content-Disposition"].startswith('attachment; filename="audit-acme-')
    rows = json.loads(b"".join(response.streaming_content))
    assert {r["org"] for r in rows} == {"acme"}  # the sign-in of the test client is there too
    assert [r["data"] for r in rows if r["kind"] == "submit"] == [{"n": 1}]


@pytest.mark.django_db
def test_download_csv(acme, client_as):
    record(acme.org, "submit", actor="a")
    response = client_as(acme.users["admin"]).get(reverse("audit:export"), {"format": "csv", "from": "2000-01-01"})
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0] == "org,seq,at,actor,kind,object_type,object_id,data,prev_hash,hash"


@pytest.mark.django_db
def test_downloaded_csv_guards_cells_a_spreadsheet_would_run(acme, client_as):
    record(acme.org, "submit", actor='@SUM(1+1)*cmd|"/C calc"!A0')
    response = client_as(acme.users["admin"]).get(reverse("audit:export"), {"format": "csv", "from": "2000-01-01"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["actor"] for r in rows if r["kind"] == "submit"] == ["'@SUM(1+1)*cmd|\"/C calc\"!A0"]


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"format": "xml"}, {"from": "last week"}])
def test_download_bad_input(acme, client_as, params):
    response = client_as(acme.users["admin"]).get(reverse("audit:export"), params)
    assert response.status_code == 400


def _seqs(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr class="event kind-[a-z_]+"><td>(\d+)</td>', page)]


def _link(page: str, label: str) -> str:
    nav = page.split('id="audit-pages"')[1].split("</nav>")[0]
    return html.unescape(re.search(r'<a href="([^"]+)">[^<]*' + label, nav).group(1))


@pytest.mark.django_db
def test_log_pages_by_seq_newest_first_and_back(acme, client_as):
    for n in range(120):
        record(acme.org, "submit", actor="a", data={"n": n})
    client = client_as(acme.users["compliance"])  # signing in records a login event: 121 events
    newest = client.get(reverse("audit:log")).content.decode()
    assert _seqs(newest) == list(range(121, 71, -1)) and "121 events in the log" in newest
    assert "newer" not in newest.split('id="audit-pages"')[1]
    older = client.get(reverse("audit:log") + _link(newest, "older")).content.decode()
    assert _seqs(older) == list(range(71, 21, -1))
    oldest = client.get(reverse("audit:log") + _link(older, "older")).content.decode()
    assert _seqs(oldest) == list(range(21, 0, -1)) and "older" not in oldest.split('id="audit-pages"')[1]
    back = client.get(reverse("audit:log") + _link(oldest, "newer")).content.decode()
    assert _seqs(back) == _seqs(older)
    first_page = client.get(reverse("audit:log") + _link(newest, "oldest")).content.decode()
    assert _seqs(first_page) == list(range(50, 0, -1))


@pytest.mark.django_db
def test_log_pages_within_a_kind_and_lists_only_this_organisations_kinds(acme, globex, client_as):
    for n in range(60):
        record(acme.org, "approval" if n % 2 else "submit", actor="a")
    record(globex.org, "policy_change", actor="g")
    client = client_as(acme.users["admin"])
    page = client.get(reverse("audit:log"), {"kind": "approval"}).content.decode()
    assert _seqs(page) == list(range(60, 0, -2)) and "older" not in page.split('id="audit-pages"')[1]
    shown = client.get(reverse("audit:log"), {"kind": "submit", "before": "20"}).content.decode()
    assert _seqs(shown) == list(range(19, 0, -2)) and "kind-approval" not in shown
    options = re.findall(r'<option value="([a-z_]+)"', page.split('id="kind"')[1].split("</select>")[0])
    assert options == ["approval", "login", "submit"]  # globex's policy_change is not offered


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", [{"before": "x"}, {"after": "-5"}, {"before": "²"}, {"before": "9" * 40}])
def test_log_ignores_a_bad_page_cursor(acme, client_as, cursor):
    record(acme.org, "submit", actor="a")
    response = client_as(acme.users["admin"]).get(reverse("audit:log"), cursor)
    assert response.status_code == 200 and _seqs(response.content.decode()) == [2, 1]


@pytest.mark.django_db
def test_log_shows_what_happened_in_words_not_keys(acme, client_as):
    record(acme.org, "policy_recheck", actor="a", data={"policy_version": 3, "rescanned_posts": 12})
    record(acme.org, "future_kind", actor="a", data={"text": "<b>bold</b>"})
    page = client_as(acme.users["admin"]).get(reverse("audit:log")).content.decode()
    rows = page.split("<tbody>")[1]
    assert "Posts re-checked" in rows and "policy version:</span> 3" in rows and "rescanned posts:</span> 12" in rows
    assert "Future kind" in rows and "&lt;b&gt;bold&lt;/b&gt;" in rows  # a new kind is never hidden; text escaped
    assert ">policy_recheck<" not in rows


@pytest.mark.django_db
def test_log_speaks_polish(acme, client_as):
    from socialguard.orgs.models import Profile

    Profile.objects.update_or_create(user=acme.users["admin"], defaults={"language": "pl"})
    record(acme.org, "submit", actor="a", data={"account": "@acme"})
    page = client_as(acme.users["admin"]).get(reverse("audit:log")).content.decode()
    assert "Wysłano post" in page and "konto:</span> @acme" in page


@pytest.mark.django_db
def test_export_carries_the_exact_text_that_was_submitted(acme, client_as):
    from socialguard.workflow import actions

    author = acme.users["employee"]
    post = actions.create_draft(acme.membership("employee"), text="Nowa kolekcja jesienna już w sklepie!",
                                account_kind="personal", account_handle="", platform="linkedin")
    actions.submit(post, author)
    response = client_as(acme.users["compliance"]).get(reverse("audit:export"), {"format": "json"})
    submitted = [r["data"] for r in json.loads(b"".join(response.streaming_content)) if r["kind"] == "submit"]
    assert submitted[0]["text"] == "Nowa kolekcja jesienna już w sklepie!"
