"""End to end in a real browser (Playwright driving Debian's chromium) against a live server: an employee
signs in with two factors, composes with live findings, applies a fix and submits; an approver signs in
with two factors and approves; compliance sees it in the audit log. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from web_support import ARTIFACTS, go_to, make_org

from socialguard.workflow.models import PostDraft, State

PASSWORD = "correct horse battery staple"
TEXT = "Call Jan at jan.kowalski@gmail.com about the order, PESEL 44051401359."


def people():
    acme = make_org("acme")
    devices = {}
    for role in ("employee", "approver", "compliance"):
        user = acme.users[role]
        user.set_password(PASSWORD)
        user.save()
        devices[role] = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return acme, devices


def sign_in(page: Page, base: str, username: str, device: TOTPDevice) -> None:
    page.goto(f"{base}/signin/login/")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/signin/verify/$"))
    device.refresh_from_db()
    page.fill("#token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/")


def sign_out(page: Page) -> None:
    page.click("header.top details.account > summary")
    page.click("text=Sign out")
    expect(page).to_have_url(re.compile(r"/signin/login/$"))


@pytest.mark.django_db(transaction=True)
def test_compose_fix_submit_approve_audit(live_server, browser_page):
    page, base = browser_page, live_server.url
    acme, devices = people()

    sign_in(page, base, "acme-employee", devices["employee"])
    go_to(page, "Posts", "Compose")
    page.select_option("#id_account", "personal")
    page.select_option("#id_platform", "linkedin")
    page.click("#id_text")
    page.keyboard.type(TEXT, delay=5)
    findings = page.locator("#findings")
    expect(findings.locator("[data-outcome]")).to_have_attribute("data-outcome", "blocked")
    expect(findings.locator("mark.sev-block")).to_contain_text("44051401359")
    expect(findings).to_contain_text("§ 4.1 Personal data")
    page.screenshot(path=str(ARTIFACTS / "1-compose-live-findings.png"), full_page=True)

    findings.locator("li[data-rule=pii-ids] .apply-fix").click()
    expect(page.locator("#id_text")).to_have_value(TEXT.replace("44051401359", "[PESEL]"))
    expect(findings.locator("[data-outcome]")).to_have_attribute("data-outcome", "needs_approval")
    page.screenshot(path=str(ARTIFACTS / "2-fix-applied.png"), full_page=True)
    page.click("button[value=submit]")
    expect(page.locator("#post-state")).to_have_attribute("data-state", "pending")
    post = PostDraft.objects.get()
    sign_out(page)

    sign_in(page, base, "acme-approver", devices["approver"])
    go_to(page, "Posts", "Waiting for approval")
    page.click(f"a[href='/posts/{post.pk}/'] >> nth=0")
    expect(page.locator("mark.sev-review")).to_contain_text("jan.kowalski@gmail.com")
    page.click("#decide-form button:has-text('Approve')")
    expect(page.locator("#post-state")).to_have_attribute("data-state", "approved")
    page.screenshot(path=str(ARTIFACTS / "3-approved.png"), full_page=True)
    sign_out(page)

    sign_in(page, base, "acme-compliance", devices["compliance"])
    go_to(page, "Monitor", "Audit log")
    expect(page.locator("tr.kind-approval").first).to_contain_text("acme-approver")
    page.click("button[name=verify]")
    expect(page.locator("#verify-result")).to_contain_text("The chain is intact")
    page.screenshot(path=str(ARTIFACTS / "4-audit-log.png"), full_page=True)
    post.refresh_from_db()
    assert post.state == State.APPROVED
