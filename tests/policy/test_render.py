"""Rendering the document: every pack in both languages as Markdown, HTML and PDF; the PDF read back as text
(pdftotext) and looked at as an image (pdftoppm). Needs poppler-utils (`make test` installs it)."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from PIL import Image

from socialguard.policy import parse_policy
from socialguard.policy.document import build_document
from socialguard.policy.render import md_cell, md_escape, render, render_html, render_markdown

PACKS = ["general", "finance", "healthcare", "public-sector", "advertising"]
LANGS = ["en", "pl"]
# What the issue asks every document to cover, as the headings read in each language.
REQUIRED = {
    "en": [
        "Purpose and scope", "Who may speak for the organisation", "Brand accounts",
        "Brand guidelines, etiquette and tone", "Confidential and proprietary information",
        "Defamatory, offensive or inflammatory content", "Content suggesting illegal behaviour",
        "Conflict and crisis plan", "Escalation", "Pre-approved responses (saved replies)", "Personal accounts",
        "Disclaimers and disclosure of your connection", "Fact checking", "Respect for the law and copyright",
        "No disparaging the organisation or others", "Legal risks", "Crediting sources",
        "Privacy and data protection", "Regulated industries", "Security", "Passwords and two-factor authentication",
        "Links, phishing and ransomware", "Software updates and devices", "Breach response",
        "Consequences of breaching this policy", "Acknowledgement", "Version and effective date",
    ],
    "pl": [
        "Cel i zakres", "Kto może wypowiadać się w imieniu organizacji", "Konta firmowe",
        "Zasady marki, etykieta i ton", "Informacje poufne i zastrzeżone",
        "Treści zniesławiające, obraźliwe lub podżegające", "Treści sugerujące działania niezgodne z prawem",
        "Plan postępowania w konflikcie i kryzysie", "Eskalacja", "Zatwierdzone gotowe odpowiedzi", "Konta prywatne",
        "Zastrzeżenia i ujawnianie powiązania z firmą", "Sprawdzanie faktów", "Poszanowanie prawa i praw autorskich",
        "Bez dyskredytowania organizacji i innych", "Ryzyka prawne", "Podawanie źródeł", "Prywatność i ochrona danych",
        "Branże regulowane", "Bezpieczeństwo", "Hasła i uwierzytelnianie dwuskładnikowe",
        "Linki, phishing i ransomware", "Aktualizacje oprogramowania i urządzenia", "Reagowanie na naruszenia",
        "Konsekwencje naruszenia polityki", "Potwierdzenie zapoznania się", "Wersja i data wejścia w życie",
    ],
}
PACK_HEADINGS = {
    "finance": {"en": ["8.4 Financial services", "8.4.1 No promises of returns", "8.4.3 No suggestion of regulator"],
                "pl": ["8.4 Usługi finansowe", "8.4.1 Bez obietnic zysku", "8.4.4 Reklama kredytu"]},
    "healthcare": {"en": ["8.5 Healthcare", "8.5.2 Replies never confirm that someone is a patient"],
                   "pl": ["8.5 Ochrona zdrowia", "8.5.2 Odpowiedzi nie potwierdzają, że ktoś jest pacjentem"]},
    "public-sector": {"en": ["8.6 Public sector", "8.6.1 No political fundraising"],
                      "pl": ["8.6 Sektor publiczny", "8.6.1 Zakaz zbiórek na cele polityczne"]},
    "advertising": {"en": ["8.7 Advertising and influencer marketing", "8.7.1 Label advertising at the start"],
                    "pl": ["8.7 Reklama i marketing influencerski", "8.7.1 Oznaczenie reklamy na początku wpisu"]},
    "general": {"en": [], "pl": []},
}


def policy_with(pack: str):
    packs = "general" if pack == "general" else f"general, {pack}"
    return parse_policy(
        f'version: "7"\neffective: 2027-02-01\norganisation: {{name: "Żółta Łódź sp. z o.o."}}\npacks: [{packs}]\n',
        f"{pack}.yaml",
    )


@cache
def rendered(pack: str, lang: str, fmt: str) -> bytes:
    return render(policy_with(pack), fmt, lang)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@cache
def pdf_text(pack: str, lang: str) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=rendered(pack, lang, "pdf"), capture_output=True,
                          check=True).stdout.decode("utf-8")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pack", PACKS)
def test_markdown_has_every_heading(pack, lang):
    text = rendered(pack, lang, "md").decode("utf-8")
    for heading in REQUIRED[lang] + PACK_HEADINGS[pack][lang]:
        assert heading in text, heading
    assert "\n## 1. " in text and "\n### 1.1 " in text and '<a id="clause-4-1"></a>' in text
    assert "Żółta Łódź sp. z o.o." in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pack", PACKS)
def test_html_has_a_table_of_contents_linking_every_clause_and_print_css(pack, lang):
    html = rendered(pack, lang, "html").decode("utf-8")
    doc = build_document(policy_with(pack), lang)
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    for section in doc.sections:
        for clause in section.clauses:
            assert f'href="#{clause.anchor}"' in toc and f'id="{clause.anchor}"' in html
    assert f'<html lang="{lang}">' in html
    assert "@media print" in html and "font-family: 'DejaVu Sans'" in html and "@page" in html
    for heading in REQUIRED[lang] + PACK_HEADINGS[pack][lang]:
        assert heading.replace("'", "&#39;") in html, heading


@pytest.mark.usefixtures("poppler")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pack", PACKS)
def test_pdf_text_shows_every_section_with_correct_polish_letters(pack, lang):
    assert rendered(pack, lang, "pdf").startswith(b"%PDF-")
    text = flat(pdf_text(pack, lang))
    for heading in REQUIRED[lang]:
        assert text.count(heading) >= 2, f"{heading!r} should be in the contents and in the body"
    for heading in PACK_HEADINGS[pack][lang]:
        assert heading in text, heading
    assert "Żółta Łódź sp. z o.o." in text
    if lang == "pl":
        assert set("ąćęłńóśźż") <= set(text.lower()), "every Polish letter survives into the PDF"
        assert "Sprawdzane automatycznie:" in text


@pytest.mark.usefixtures("poppler")
def test_pdf_page_looks_like_a_document(tmp_path: Path):
    """The first page of clauses as a PNG: not blank, text on a white page, A4 proportions."""
    pdf = tmp_path / "policy.pdf"
    pdf.write_bytes(rendered("finance", "pl", "pdf"))
    pages = pdf_text("finance", "pl").split("\f")
    first = 1 + next(i for i, page in enumerate(pages) if "Polityka jest zapisana w jednym pliku" in flat(page))
    assert first >= 3, "a cover and a table of contents come first"
    page = ["-f", str(first), "-l", str(first)]
    subprocess.run(["pdftoppm", "-r", "80", "-png", *page, str(pdf), str(tmp_path / "page")], check=True)
    [png] = list(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    width, height = image.size
    assert abs(height / width - 297 / 210) < 0.02
    histogram = image.histogram()
    inked = sum(histogram[:200]) / (width * height)
    white = sum(histogram[250:]) / (width * height)
    assert 0.01 < inked < 0.25, f"share of inked (text) pixels: {inked:.3f}"
    assert white > 0.6, f"share of white (paper) pixels: {white:.3f}"


@pytest.mark.usefixtures("poppler")
def test_pdf_has_a_cover_contents_with_page_numbers_and_a_footer():
    text = pdf_text("general", "en")
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 8
    assert "INTERNAL DOCUMENT" in pages[0] and "Social media policy" in flat(pages[0])
    assert re.search(r"Contents\s+1\. Purpose and scope \.+ \d+", text)
    assert re.search(r"\b3 / \d+\b", text), "page footer n / total"


def test_rendering_the_same_version_twice_gives_the_same_document():
    assert render(policy_with("finance"), "md", "pl") == rendered("finance", "pl", "md")
    assert render(policy_with("finance"), "html", "en") == rendered("finance", "en", "html")


def test_html_escapes_policy_values():
    policy = parse_policy('organisation: {name: "<script>alert(1)</script> & Co"}\npacks: [general]\n')
    html = render_html(build_document(policy, "en"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


def test_markdown_escapes_policy_values():
    policy = parse_policy(
        'organisation: {name: "*Star* [Co](http://x)"}\n'
        'brand_accounts: [{platform: x, handle: "@a_b|c"}]\npacks: [general]\n'
    )
    text = render_markdown(build_document(policy, "en"))
    assert r"\*Star\* \[Co\](http://x)" in text
    assert r"| x | @a\_b\|c |" in text
    assert md_escape("# not a heading") == r"\# not a heading"
    assert md_cell("a|b\nc") == r"a\|b c"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format 'docx'; available: md, html, pdf"):
        render(policy_with("general"), "docx", "en")
