"""The image view of a post (`workflow:media`): its author and people with the queue permission get the bytes
with the type found at upload; other members are refused; another organisation's image does not exist; a
file gone from disk is a 404, not a 500."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from web_support import OK_TEXT, add_user

from socialguard.workflow import actions
from socialguard.workflow.media import Attachment, path_of, store_upload


@pytest.fixture
def image(acme, settings, tmp_path):
    settings.SOCIALGUARD_MEDIA_DIR = tmp_path / "media"
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 200)).save(out, "GIF")
    data = out.getvalue()
    stored = store_upload(SimpleUploadedFile("blue.gif", data), "blue.gif", len(data))
    post = actions.create_draft(acme.membership("employee"), text=OK_TEXT, account_kind="personal",
                                account_handle="", platform="x",
                                media=[Attachment(alt="A blue square", credit="Own work", stored=stored)])
    return post.media.get(), data


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["employee", "approver", "compliance"])
def test_the_author_and_the_queue_get_the_image(acme, client_as, image, role):
    media, data = image
    response = client_as(acme.users[role]).get(reverse("workflow:media", args=[media.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert b"".join(response.streaming_content) == data
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_another_member_without_the_queue_is_refused(acme, client_as, image):
    other = add_user(acme, "acme-employee-2", "employee")
    assert client_as(other).get(reverse("workflow:media", args=[image[0].pk])).status_code == 403


@pytest.mark.django_db
def test_another_organisations_image_is_not_found(acme, globex, client_as, image):
    assert client_as(globex.users["admin"]).get(reverse("workflow:media", args=[image[0].pk])).status_code == 404


@pytest.mark.django_db
def test_a_file_missing_on_disk_is_not_found(acme, client_as, image):
    path_of(image[0]).unlink()
    assert client_as(acme.users["employee"]).get(reverse("workflow:media", args=[image[0].pk])).status_code == 404
