"""Deleting a published post from the networks it went out to, through socialguard.

`delete_published(post, membership)` asks each sent delivery's publisher to delete the post on the network
(`publisher.delete`: `deleteRecord` on Bluesky, `DELETE /statuses/:id` on Mastodon, the signed `delete`
event of a webhook), then moves the delivery to `deleted` (a `delivery` audit event naming who and the
remote id). A network that cannot be reached leaves that delivery sent, with the cause in the message; the
others are deleted all the same. The author or someone with `publish` may do it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from socialguard.audit.chain import actor_label
from socialguard.orgs import roles
from socialguard.orgs.models import Membership
from socialguard.publishing import PublishError
from socialguard.workflow.models import PostDraft

from .models import Delivery, DeliveryState
from .scheduling import OutboxError, move
from .sending import PUBLISHERS, Publishers


def delete_published(post: PostDraft, membership: Membership, publishers: Publishers = PUBLISHERS) -> list[str]:
    """Delete every sent delivery of `post` from its network; the errors, one line each (empty: all deleted)."""
    if post.author_id != membership.user_id and not membership.can(roles.PUBLISH):
        raise OutboxError(_("Only the author or a publisher can delete this post."))
    sent = list(post.deliveries.filter(state=DeliveryState.SENT).select_related("org", "connection"))
    if not sent:
        raise OutboxError(_("This post has nothing on the networks to delete."))
    errors = []
    for delivery in sent:
        try:
            publishers.of(delivery.connection).delete(delivery.remote_id)
        except PublishError as exc:
            errors.append(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            continue
        with transaction.atomic():
            current = Delivery.objects.select_for_update().select_related("org", "connection").get(pk=delivery.pk)
            move(current, DeliveryState.DELETED, actor_label(membership.user),
                 _("Deleted from the network: %(id)s.") % {"id": delivery.remote_id})
    return errors
