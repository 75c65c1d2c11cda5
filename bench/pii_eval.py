"""Recall and false alarms of `confidential.pii` on personal data written the way people write it.

Faker (a benchmark dependency, `bench/requirements.txt`) writes the values: phone numbers in the national and
international formats of many countries (after a contact word, and without one, where only libphonenumber's
validation can find them), payment cards in random groupings, emails, IBANs, PESELs, US SSNs.
Each value is set into an EN or PL sentence; the recall of an entity is the share of planted values that a
hit of that entity overlaps. The `numbers` set is the other side: posts full of order, invoice and tracking
numbers, dates, times, prices and amounts, where every hit is a false alarm.

Two splits, never mixed: `tune` (seed 1, the first half of the sentence templates) is the one the phone
recogniser's context words and shapes were adjusted on; `test` (seed 2, the other half of the templates and
the other half of the phone locales) is held out and reported.

    python bench/pii_eval.py [--split test] [--posts 2000] [--show-misses 10]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

from faker import Faker

sys.path.insert(0, str(Path(__file__).parent.parent / "src"))

from socialguard.detectors._pii_recognizers import scan  # noqa: E402

PHONE_LOCALES = {
    "tune": ("en_US", "en_GB", "fr_FR", "de_CH", "pl_PL", "it_IT", "es_ES", "pt_BR", "nl_NL", "en_AU"),
    "test": ("en_CA", "nl_BE", "de_DE", "sv_SE", "en_IE", "fr_CH", "cs_CZ", "da_DK", "en_NZ", "pt_PT", "pl_PL",
             "en_US", "fi_FI", "no_NO", "de_AT", "ja_JP"),
}
TEMPLATES = {  # (language, sentence with {value}); the first half tunes, the second half tests
    "PHONE": [
        ("en", "Phone: {value}"), ("en", "Call me at {value} after 5pm."), ("pl", "Mój numer: tel. {value}"),
        ("en", "Mobile: {value} (any time)"), ("pl", "Zadzwoń pod {value}, proszę"), ("en", "Fax {value}"),
        ("pl", "kom. {value}"), ("en", "text me on {value} if the meeting moves"),
        ("en", "Send messages to {value} please"), ("en", "Reach Anna on WhatsApp: {value}"),
        ("pl", "Telefon do biura {value}, pon.-pt."), ("en", "Questions? Call our hotline {value}."),
        ("pl", "Kontakt: {value}"), ("en", "Cell {value} - ask for Tom"), ("pl", "SMS na {value} z kodem"),
        ("en", "Phone number: {value}, email below"),
    ],
    "PHONE without a contact word": [
        ("en", "Anna Nowak, {value}"), ("pl", "Biuro Kraków: {value}"), ("en", "{value} - ask for Tom"),
        ("pl", "Jan Kowalski {value} (po 18)"),
    ],
    "PAYMENT_CARD": [
        ("en", "My card is {value}, please charge it"), ("pl", "Karta {value} ważna do 12/27"),
        ("en", "Card number: {value}"), ("pl", "numer karty {value}"),
    ],
    "EMAIL": [("en", "Write to {value} for details"), ("pl", "Pisz na {value}")],
    "IBAN": [("en", "Pay into {value} by Friday"), ("pl", "Przelew na konto {value}")],
    "PESEL": [("pl", "Mój PESEL {value}"), ("pl", "pesel: {value}")],
    "US_SSN": [("en", "SSN {value}"), ("en", "my social security number is {value}")],
}
NUMBER_TEMPLATES = [
    "Order #{order} shipped on {date}, tracking {tracking}.", "Zamówienie nr {order} z dnia {date}: {price} zł.",
    "Invoice {invoice} for {amount} PLN is due {date}.", "Faktura {invoice} na kwotę {amount} zł, termin {date}.",
    "Meeting at {time} on {date}, room {room}.", "Revenue grew to {amount} in {year}, up {pct}%.",
    "Przesyłka {tracking} dotrze {date} o {time}.", "Ticket {order}: refund of ${price} approved {date}.",
    "We sold {amount} units in {year} and {order} since launch.", "Nr referencyjny {order}, kwota {amount} zł.",
    "Parcel {tracking} and order {order} were merged.", "Budżet {year}: {amount} zł netto.",
]


def _split_half(items: list, split: str) -> list:
    half = len(items) // 2
    return items[:half] if split == "tune" else items[half:]


def _card(fake: Faker, rng: random.Random, split: str) -> str:
    digits = fake.credit_card_number()
    if split == "tune":
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    groups, i = [], 0
    while i < len(digits):
        size = rng.randint(2, 6)
        groups.append(digits[i : i + size])
        i += size
    return rng.choice([" ", "-", ".", ""]).join(groups)


def labelled_posts(split: str, count: int) -> list[tuple[str, str, str]]:
    """(entity, value, post) triples of the split; entity `NONE` for the number-heavy posts."""
    seed = 1 if split == "tune" else 2
    rng = random.Random(seed)
    fakers = {loc: Faker(loc) for loc in PHONE_LOCALES[split] + ("en_US", "pl_PL")}
    for number, fake in enumerate(fakers.values()):
        fake.seed_instance(seed * 100 + number)
    values = {
        "PHONE": lambda: fakers[rng.choice(PHONE_LOCALES[split])].phone_number(),
        "PHONE without a contact word": lambda: fakers[rng.choice(PHONE_LOCALES[split])].phone_number(),
        "PAYMENT_CARD": lambda: _card(fakers["en_US"], rng, split),
        "EMAIL": lambda: fakers["en_US"].free_email(),
        "IBAN": lambda: fakers["pl_PL"].iban(),
        "PESEL": lambda: fakers["pl_PL"].pesel(),
        "US_SSN": lambda: fakers["en_US"].ssn(),
    }
    fake = fakers["en_US"]
    posts = []
    for _ in range(count):
        for entity, make in values.items():
            value = make()
            _, template = rng.choice(_split_half(TEMPLATES[entity], split) or TEMPLATES[entity])
            posts.append((entity, value, template.format(value=value)))
        numbers = {
            "order": str(rng.randint(10_000, 999_999_999)), "date": fake.date(rng.choice(["%Y-%m-%d", "%d.%m.%Y",
            "%d/%m/%Y", "%m/%d/%Y"])), "tracking": rng.choice([fake.ean13(), fake.bothify("1Z###??##########"),
            str(rng.randint(10**19, 10**20))]), "price": f"{rng.randint(1, 99_999)},{rng.randint(0, 99):02d}",
            "invoice": rng.choice([f"{rng.randint(2019, 2026)}/{rng.randint(1, 12):02d}/{rng.randint(1, 999)}",
            f"FV {rng.randint(1, 999)}/{rng.randint(2019, 2026)}", f"INV-{rng.randint(100000, 9999999)}"]),
            "amount": rng.choice([f"{rng.randint(1, 99)} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d}",
            f"{rng.randint(1000, 99_999_999)}", f"{rng.randint(1, 999):,}".replace(",", " ")]),
            "time": fake.time("%H:%M"), "room": str(rng.randint(1, 999)), "year": str(rng.randint(1990, 2026)),
            "pct": str(rng.randint(1, 99)),
        }
        posts.append(("NONE", "", rng.choice(NUMBER_TEMPLATES).format(**numbers)))
    return posts


def evaluate(split: str, count: int, show_misses: int) -> None:
    found, planted, false_alarms, number_posts = Counter(), Counter(), Counter(), 0
    misses: dict[str, list[str]] = {}
    for entity, value, post in labelled_posts(split, count):
        hits = scan(post)
        if entity == "NONE":
            number_posts += 1
            false_alarms.update(h.entity for h in hits)
            misses.setdefault("NONE", []).extend(f"{h.entity} {post[h.start:h.end]!r} in {post!r}" for h in hits)
            continue
        start = post.index(value)
        planted[entity] += 1
        if any(h.entity == entity.split()[0] and h.start < start + len(value) and start < h.end for h in hits):
            found[entity] += 1
        else:
            misses.setdefault(entity, []).append(repr(post))
        false_alarms.update(h.entity for h in hits if not (h.start < start + len(value) and start < h.end))
    print(f"split {split}: {count} posts per entity, {number_posts} number-heavy posts")
    print(f"{'entity':<30}{'recall':>8}{'planted':>9}")
    for entity in planted:
        print(f"{entity:<30}{found[entity] / planted[entity]:>8.3f}{planted[entity]:>9}")
    print(f"false alarms: {sum(false_alarms.values())} hits in {number_posts} number-heavy posts"
          f" and around the planted values ({dict(false_alarms)})")
    for entity, examples in misses.items():
        for example in examples[:show_misses]:
            print(f"  miss/false alarm {entity}: {example}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "test"), default="test")
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--show-misses", type=int, default=0)
    args = parser.parse_args()
    evaluate(args.split, args.posts, args.show_misses)


if __name__ == "__main__":
    main()
