"""Images on the compose page: uploads are checked by their content and size (one clear message each for a
non-image, a renamed file, binary garbage and an oversized file), kept under the data folder by SHA-256 with
a `PostMedia` row, their alt text and credit reach the engine's checks (live and on saving), editing keeps,
changes or removes them, and the post page shows them."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from web_support import OK_TEXT, TEST_POLICY, make_org

from socialguard.workflow.models import PostDraft, PostMedia

# The test policy plus a rule that needs credit for media and alt text for images.
MEDIA_POLICY = TEST_POLICY + (
    "  - {id: media-attribution, detector: legal.attribution, params: {require_alt: true}, severity: review,"
    " clause: privacy}\n"
)


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def form(text=OK_TEXT, action="save", **media):
    data = {"text": text, "account": "personal", "platform": "mastodon", "action": action}
    data.update(media)
    return data


@pytest.fixture
def media_dir(settings, tmp_path) -> Path:
    settings.SOCIALGUARD_MEDIA_DIR = tmp_path / "media"
    return settings.SOCIALGUARD_MEDIA_DIR


@pytest.fixture
def org(db):
    return make_org("acme", MEDIA_POLICY)


@pytest.mark.django_db
def test_an_image_is_stored_by_its_content_with_alt_text_and_credit(org, client_as, media_dir):
    data = image_bytes()
    response = client_as(org.users["employee"]).post(reverse("compose:new"), form(**{
        "media-0-file": upload("Team photo.png", data), "media-0-alt": "Five people around a cake",
        "media-0-credit": "Photo: Anna Nowak"}))
    post = PostDraft.objects.get()
    assert response.status_code == 302
    [media] = post.media.all()
    digest = hashlib.sha256(data).hexdigest()
    assert (media.name, media.mime, media.sha256, media.size) == ("Team photo.png", "image/png", digest, len(data))
    assert (media.alt, media.credit, media.order) == ("Five people around a cake", "Photo: Anna Nowak", 0)
    assert (media_dir / media.file).read_bytes() == data and media.file == f"{digest[:2]}/{digest}.png"
    assert post.outcome == "ok"  # credited and described: the attribution rule finds nothing


@pytest.mark.django_db
def test_the_type_comes_from_the_content_not_the_name(org, client_as, media_dir):
    client_as(org.users["employee"]).post(reverse("compose:new"), form(**{
        "media-0-file": upload("photo.png", image_bytes("JPEG"), "image/png"), "media-0-alt": "A red square",
        "media-0-credit": "Own work"}))
    assert PostMedia.objects.get().mime == "image/jpeg"


@pytest.mark.django_db
@pytest.mark.parametrize("name, data", [
    ("notes.png", b"This is a text file, not an image.\n"),
    ("garbage.jpg", bytes(range(256)) * 40),
    ("cut.png", image_bytes()[:60]),  # a PNG cut short: its header is fine, its pixels are missing
    ("run.exe", b"MZ\x90\x00" + b"\x00" * 500),
])
def test_a_file_that_is_not_an_image_gets_one_clear_message(org, client_as, media_dir, name, data):
    response = client_as(org.users["employee"]).post(reverse("compose:new"), form(**{
        "media-0-file": upload(name, data), "media-0-alt": "x"}))
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count(f"Image 1: {name} is not a JPEG, PNG, GIF or WebP image.") == 1
    assert "Traceback" not in page and not PostDraft.objects.exists() and not PostMedia.objects.exists()


@pytest.mark.django_db
def test_an_oversized_file_is_refused_before_it_is_read(org, client_as, media_dir, settings):
    settings.SOCIALGUARD_MAX_MEDIA_BYTES = 1000
    response = client_as(org.users["employee"]).post(reverse("compose:new"), form(**{
        "media-0-file": upload("huge.png", image_bytes(size=(400, 400)) + b"\x00" * 2000)}))
    assert response.status_code == 400
    assert "Image 1: huge.png is" in response.content.decode() and "the limit is 1000" in response.content.decode()
    assert not PostDraft.objects.exists() and not media_dir.exists()


@pytest.mark.django_db
def test_an_image_of_too_many_pixels_is_refused(org, client_as, media_dir, monkeypatch):
    monkeypatch.setattr("socialguard.workflow.media.MAX_PIXELS", 100)
    response = client_as(org.users["employee"]).post(reverse("compose:new"), form(**{
        "media-0-file": upload("wide.png", image_bytes(size=(20, 20)))}))
    assert response.status_code == 400 and "wide.png is 20 × 20 pixels" in response.content.decode()


@pytest.mark.django_db
def test_missing_alt_text_and_credit_are_findings_when_saved(org, client_as, media_dir):
    client_as(org.users["employee"]).post(reverse("compose:new"), form(**{
        "media-0-file": upload("a.png", image_bytes())}))
    post = PostDraft.objects.get()
    labels = sorted(f["label"] for f in post.verdict["findings"])
    assert labels == ["alt_text", "media_credit"] and post.outcome == "needs_approval"


@pytest.mark.django_db
def test_the_live_check_counts_a_picked_image_with_its_alt_text(org, client_as):
    client = client_as(org.users["employee"])
    check = {"text": OK_TEXT, "account": "personal", "platform": "x", "media-0-chosen": "cake.png",
             "media-0-alt": "", "media-0-credit": "Photo: Anna"}
    html = client.post(reverse("compose:check"), check).content.decode()
    assert 'data-rule="media-attribution"' in html and "No alt text" in html and "cake.png" in html
    check["media-0-alt"] = "A birthday cake"
    html = client.post(reverse("compose:check"), check).content.decode()
    assert 'data-outcome="ok"' in html and '<small class="alt">A birthday cake</small>' in html


@pytest.mark.django_db
def test_editing_keeps_changes_and_removes_images(org, client_as, media_dir):
    client = client_as(org.users["employee"])
    client.post(reverse("compose:new"), form(**{
        "media-0-file": upload("one.png", image_bytes(size=(10, 10))), "media-0-alt": "One", "media-0-credit": "Own",
        "media-1-file": upload("two.png", image_bytes(size=(20, 10))), "media-1-alt": "Two", "media-1-credit": "Own"}))
    post = PostDraft.objects.get()
    one, two = post.media.all()
    page = client.get(reverse("compose:edit", args=[post.pk])).content.decode()
    assert f'src="/posts/media/{one.pk}/"' in page and "One</textarea>" in page
    client.post(reverse("compose:edit", args=[post.pk]), form(**{
        "media-0-keep": one.pk, "media-0-alt": "One, described better", "media-0-credit": "Own",
        "media-1-keep": two.pk, "media-1-remove": "on", "media-1-alt": "Two", "media-1-credit": "Own"}))
    [kept] = post.media.all()
    assert (kept.pk, kept.alt) == (one.pk, "One, described better")


@pytest.mark.django_db
def test_editing_without_image_fields_keeps_the_images(org, client_as, media_dir):
    client = client_as(org.users["employee"])
    client.post(reverse("compose:new"), form(**{"media-0-file": upload("one.png", image_bytes()),
                                                "media-0-alt": "One", "media-0-credit": "Own"}))
    post = PostDraft.objects.get()
    client.post(reverse("compose:edit", args=[post.pk]), form(text="New text, same image."))
    assert post.media.count() == 1


@pytest.mark.django_db
def test_an_image_of_another_post_cannot_be_kept(org, client_as, media_dir):
    client = client_as(org.users["employee"])
    client.post(reverse("compose:new"), form(**{"media-0-file": upload("one.png", image_bytes()),
                                                "media-0-alt": "One", "media-0-credit": "Own"}))
    theirs = PostMedia.objects.get()
    response = client.post(reverse("compose:new"), form(**{"media-0-keep": theirs.pk, "media-0-alt": "Mine now"}))
    assert response.status_code == 400 and "This image is not part of the post." in response.content.decode()
    assert PostMedia.objects.count() == 1


@pytest.mark.django_db
def test_the_post_page_shows_each_image_with_alt_text_and_credit(org, client_as, media_dir):
    client = client_as(org.users["employee"])
    client.post(reverse("compose:new"), form(**{"media-0-file": upload("cake.png", image_bytes()),
                                                "media-0-alt": "A <b>cake</b>", "media-0-credit": "Photo: Anna"}))
    post = PostDraft.objects.get()
    media = post.media.get()
    page = client.get(reverse("workflow:detail", args=[post.pk])).content.decode()
    assert f'<img src="/posts/media/{media.pk}/" alt="A &lt;b&gt;cake&lt;/b&gt;">' in page
    assert '<dd class="credit">Photo: Anna</dd>' in page and "1 image" in page


@pytest.mark.django_db
def test_changing_an_approved_posts_image_sends_it_back_for_approval(org, client_as, media_dir):
    client = client_as(org.users["employee"])
    client.post(reverse("compose:new"), form(action="submit", **{
        "media-0-file": upload("one.png", image_bytes()), "media-0-alt": "One", "media-0-credit": "Own"}))
    post = PostDraft.objects.get()
    assert post.state == "approved"
    one = post.media.get()
    same = {"media-0-keep": one.pk, "media-0-alt": "One", "media-0-credit": "Own"}
    client.post(reverse("compose:edit", args=[post.pk]), form(**same))
    post.refresh_from_db()
    assert post.state == "approved"  # nothing changed: still approved
    client.post(reverse("compose:edit", args=[post.pk]), form(**{**same, "media-0-credit": "Photo: someone else"}))
    post.refresh_from_db()
    assert post.state == "pending" and post.media.get().credit == "Photo: someone else"


@pytest.mark.django_db
def test_a_cut_image_is_refused_even_after_weasyprint_relaxed_pillow(org, client_as, media_dir):
    import weasyprint  # noqa: F401  (the PDF renderer sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    response = client_as(org.users["employee"]).post(reverse("compose:new"), form(**{
        "media-0-file": upload("cut.png", image_bytes()[:60]), "media-0-alt": "x"}))
    assert response.status_code == 400 and not PostMedia.objects.exists()
