"""Generate realistic mixed English/Polish posts for benchmarks, with labels of what was planted.

`generate_posts(n, seed)` returns dicts with `id`, `text`, `lang`, `account`, `platform`, `role` and
`pii` (the identifiers planted: `[{entity, value}]`). Most posts are clean, as in real archives; some carry
personal data, profanity, links, hashtags or mentions of the employer. Deterministic for a given seed.

    python bench/generate_posts.py 10000 > posts.jsonl
"""

from __future__ import annotations

import json
import random
import string
import sys

EN_SENTENCES = [
    "Great to see so many of you at our booth today",
    "We are hiring engineers who love clean code",
    "Our support team is here to help with your order",
    "Thanks for the kind words about the new release",
    "Join the webinar next Tuesday about data privacy",
    "The conference in Warsaw was a blast this year",
    "Proud of the team for shipping this on time",
    "Read our latest blog post on customer experience",
    "Sorry to hear about the delay, we are looking into it",
    "Happy Friday everyone, enjoy the weekend",
    "This product update makes reporting much faster",
    "We just crossed one million happy customers",
]
PL_SENTENCES = [
    "Dziękujemy wszystkim za odwiedziny na naszym stoisku",
    "Szukamy programistów, którzy lubią czysty kod",
    "Nasz zespół obsługi klienta chętnie pomoże w sprawie zamówienia",
    "Dzięki za miłe słowa o nowej wersji aplikacji",
    "Zapraszamy na webinar o ochronie danych we wtorek",
    "Konferencja w Krakowie była w tym roku świetna",
    "Jestem dumny z zespołu, że zdążyliśmy na czas",
    "Przeczytajcie nasz najnowszy wpis o doświadczeniach klientów",
    "Przepraszamy za opóźnienie, sprawdzamy co się stało",
    "Udanego weekendu, do zobaczenia w poniedziałek",
    "Ta aktualizacja znacznie przyspiesza raportowanie",
    "Właśnie przekroczyliśmy milion zadowolonych klientów",
]
HASHTAGS = ["#tech", "#hiring", "#praca", "#AI", "#marketing", "#Warszawa", "#customerexperience", "#IT"]
LINKS = ["https://acme.example/blog/news", "https://www.linkedin.com/company/acme", "http://bit.ly/3xYz",
         "https://acme-example.secure-login.xyz/verify", "https://github.com/acme/tools"]
PROFANITY = {"en": ["this is shit", "what the fuck"], "pl": ["kurwa, znowu", "ale to jest zjebane"]}
PLATFORMS = ["x", "linkedin", "mastodon", "bluesky", "instagram", "facebook", "generic"]
ROLES = ["employee", "spokesperson", "social_engagement", "customer_service"]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights))


def pesel(rng: random.Random) -> str:
    body = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{_digits(rng, 4)}"
    return body + str((10 - _weighted(body, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)) % 10) % 10)


def nip(rng: random.Random) -> str:
    while True:
        body = str(rng.randint(1, 9)) + _digits(rng, 8)
        check = _weighted(body, (6, 5, 7, 2, 3, 4, 5, 6, 7)) % 11
        if check != 10:
            n = body + str(check)
            return f"{n[:3]}-{n[3:6]}-{n[6:8]}-{n[8:]}"


def regon(rng: random.Random) -> str:
    body = str(rng.randint(1, 9)) + _digits(rng, 7)
    return body + str(_weighted(body, (8, 9, 2, 3, 4, 5, 6, 7)) % 11 % 10)


def id_card(rng: random.Random) -> str:
    while True:
        letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
        rest = _digits(rng, 5)
        values = [ord(c) - 55 for c in letters]
        total = sum(v * w for v, w in zip(values, (7, 3, 1))) + _weighted(rest, (7, 3, 1, 7, 3))
        for check in range(10):
            if (total + check * 9) % 10 == 0:
                return f"{letters}{check}{rest}"


def iban(rng: random.Random) -> str:
    bban = _digits(rng, 24)
    numeric = int(bban + "2521" + "00")  # P=25, L=21
    account = f"PL{98 - numeric % 97:02d}{bban}"
    return " ".join(account[i : i + 4] for i in range(0, len(account), 4))


PII_MAKERS = {
    "PESEL": (pesel, "PESEL {v}"),
    "NIP": (nip, "NIP: {v}"),
    "REGON": (regon, "REGON {v}"),
    "PL_ID_CARD": (id_card, "dowód {v}"),
    "IBAN": (iban, "konto {v}"),
    "EMAIL": (lambda r: f"jan.kowalski{r.randint(1, 999)}@gmail.com", "write to {v}"),
    "PHONE": (lambda r: f"+48 {r.randint(500, 799)} {_digits(r, 3)} {_digits(r, 3)}", "call {v}"),
}


def generate_posts(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    return [_post(rng, i) for i in range(n)]


def _post(rng: random.Random, index: int) -> dict:
    lang = rng.choice(["en", "pl"])
    sentences = EN_SENTENCES if lang == "en" else PL_SENTENCES
    parts = [rng.choice(sentences) + "." for _ in range(rng.randint(1, 4))]
    planted = []
    roll = rng.random()
    if roll < 0.15:
        entity = rng.choice(list(PII_MAKERS))
        make, template = PII_MAKERS[entity]
        value = make(rng)
        planted.append({"entity": entity, "value": value})
        parts.insert(rng.randint(0, len(parts)), template.format(v=value) + ".")
    elif roll < 0.20:
        parts.append(rng.choice(PROFANITY[lang]) + ".")
    if rng.random() < 0.3:
        parts.append(rng.choice(LINKS))
    if rng.random() < 0.5:
        parts.append(" ".join(rng.sample(HASHTAGS, rng.randint(1, 3))))
    return {
        "id": index,
        "text": " ".join(parts),
        "lang": lang,
        "account": rng.choice(["brand", "personal", "personal"]),
        "platform": rng.choice(PLATFORMS),
        "role": rng.choice(ROLES),
        "pii": planted,
    }


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for post in generate_posts(count):
        print(json.dumps(post, ensure_ascii=False))
