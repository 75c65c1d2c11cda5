"""The audit chain: append-only through the ORM, and `verify` names the first event edited or deleted by
anyone with direct database access (raw SQL UPDATE and DELETE)."""

from __future__ import annotations

import pytest
from django.db import connection

from socialguard.audit.chain import GENESIS, hash_of, record, verify
from socialguard.audit.models import AppendOnlyError, AuditEvent


def events(org, count=5):
    return [record(org, "test", actor="someone", data={"n": n, "text": "zażółć"}) for n in range(1, count + 1)]


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", AuditEvent._meta.db_table), params)


@pytest.mark.django_db
class TestAppending:
    def test_events_chain_by_seq_and_hash(self, acme):
        first, second = record(acme.org, "a"), record(acme.org, "b", data={"x": 1})
        assert (first.seq, second.seq) == (1, 2)
        assert second.prev_hash == first.hash
        assert first.hash == hash_of(AuditEvent.objects.get(pk=first.pk))

    def test_each_organisation_has_its_own_chain(self, acme, globex):
        a, g = record(acme.org, "a"), record(globex.org, "g")
        assert a.seq == g.seq == 1
        assert a.prev_hash == g.prev_hash == GENESIS

    def test_orm_refuses_to_change_or_delete(self, acme):
        event = record(acme.org, "a")
        event.kind = "b"
        with pytest.raises(AppendOnlyError):
            event.save()
        with pytest.raises(AppendOnlyError):
            event.delete()
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.filter(pk=event.pk).update(kind="b")
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.all().delete()


@pytest.mark.django_db
class TestVerify:
    def test_intact_chains_verify(self, acme, globex):
        events(acme.org)
        events(globex.org, 3)
        report = verify()
        assert report.ok and report.events == 8 and report.organisations == 2

    def test_edited_data_is_named(self, acme):
        chain = events(acme.org)
        raw("UPDATE {table} SET data = %s WHERE id = %s", ['{"n": 99, "text": "zażółć"}', chain[2].pk])
        [problem] = verify().problems
        assert (problem.org, problem.seq, problem.event_id) == ("acme", 3, chain[2].pk)
        assert "hash mismatch" in problem.reason

    def test_edited_actor_is_named(self, acme):
        chain = events(acme.org)
        raw("UPDATE {table} SET actor = %s WHERE id = %s", ["someone-else", chain[0].pk])
        assert verify().problems[0].seq == 1

    def test_recomputed_hash_breaks_the_next_link(self, acme):
        chain = events(acme.org)
        raw("UPDATE {table} SET hash = %s WHERE id = %s", ["f" * 64, chain[1].pk])
        [problem] = verify().problems
        assert problem.seq == 2

    def test_deleted_event_leaves_a_gap(self, acme):
        chain = events(acme.org)
        raw("DELETE FROM {table} WHERE id = %s", [chain[1].pk])
        [problem] = verify().problems
        assert problem.seq == 2 and "deleted" in problem.reason

    def test_deleted_last_event_is_noticed_by_the_head(self, acme):
        chain = events(acme.org)
        raw("DELETE FROM {table} WHERE id = %s", [chain[-1].pk])
        [problem] = verify().problems
        assert problem.seq == 5 and "head says 5" in problem.reason

    def test_only_the_broken_chain_is_reported(self, acme, globex):
        events(acme.org)
        chain = events(globex.org)
        raw("UPDATE {table} SET kind = %s WHERE id = %s", ["nothing", chain[4].pk])
        assert [p.org for p in verify().problems] == ["globex"]
