"""Benign corporate-style posts in English and Polish, written for socialguard's evaluations (none is harmful).

What companies and their employees really post: launches, hiring, events, results, how-to instructions with
product and menu names, support replies, security and IT news, CSR, congratulations. Technical and business
words that an offensive-language model may mistake for violence or insults are there on purpose ("kill the
process", "attack surface", "hackers replaced the apps", "we crushed our Q3 targets", "zabić proces",
"atak phishingowy"). Each post joins two sentences from these lists (and sometimes a hashtag); the lists
were written by hand for this project.

    python bench/corporate_posts.py            # writes bench/data/corporate_{en,pl}.jsonl (600 posts each)
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).parent / "data"
POSTS_PER_LANGUAGE = 600

EN = {
    "product": [
        "Hi {name}! Go to Dashboards > Export and choose CSV to download the {report} report.",
        "To reset your password, open Settings > Security and click 'Forgot password'.",
        "Version {version} of {product} is out: faster sync, dark mode and a new {report} view.",
        "{product} now integrates with Slack, Teams and Google Drive.",
        "If the app freezes, kill the process in Task Manager and start it again.",
        "Run `{product} --dry-run` first, then execute the migration on the staging server.",
        "The kill switch in {product} stops all outgoing emails in one click.",
        "Tip: drag the column header to sort, double-click to freeze it.",
        "You can now abort a running job from the Jobs tab without losing the log.",
        "Our API returns 429 when you hit the rate limit: back off and retry.",
        "The new {product} plugin blows the old one away on large files.",
        "Meet {product} {version}: the killer feature is offline mode.",
    ],
    "security": [
        "Phishing attacks on small businesses doubled this year: check the sender before you click.",
        "Hackers replaced two apps in a third-party store with fake copies; ours were not affected.",
        "Our red team ran a penetration test and found no critical holes in the attack surface.",
        "Reminder: never share one-time codes, not even with someone who says they work here.",
        "We patched a denial-of-service bug in {product} {version}; please update today.",
        "Brute-force login attempts are blocked after five failures.",
        "Security week: learn how attackers exploit weak passwords and how to stop them.",
    ],
    "business": [
        "We crushed our Q{quarter} targets: revenue up {pct}% year on year.",
        "Record quarter! Thank you to every customer who trusted us.",
        "We're opening a new office in {city} next month.",
        "Our team beat the deadline by two weeks, great work everyone.",
        "We're hiring a {role} in {city}: apply via the careers page.",
        "Welcome to our new {role}, {name}!",
        "Congratulations to {name} on ten years with the company.",
        "The board approved the dividend for {year}.",
        "We are killing it this season: three new partners signed.",
        "Our stand at {event} was packed all day, thank you for stopping by.",
        "Join our webinar on {date} at 10:00 CET about {topic}.",
        "The market took a beating this week, but our fundamentals are strong.",
        "This price is a steal: 30% off all annual plans until Friday.",
    ],
    "support": [
        "Sorry for the trouble, {name}: please DM us your order number and we'll sort it out.",
        "Thanks for your patience, the outage is over and all services are back.",
        "Your parcel is on its way and should arrive by Thursday.",
        "We hear you: the last update broke the export, a fix ships tomorrow.",
        "Good catch! The typo on the pricing page is fixed.",
        "The checkout crashed for some users this morning; it is fixed now.",
    ],
    "news": [
        "Storms hit the coast last night; our {city} office is closed today, stay safe.",
        "The strike at the port may delay some deliveries this week.",
        "A fire at a supplier's warehouse will slow shipments of {product} accessories.",
        "Breaking: the central bank cut interest rates by 0.25 points.",
        "Shares fell sharply after the results of a rival were published.",
        "The government announced new rules for electronic invoices from {year}.",
    ],
    "people": [
        "Our volunteers planted 500 trees in {city} this weekend.",
        "Happy International Women's Day to all the women on our team!",
        "Proud of our interns: their hackathon project won first prize.",
        "Pride month: everyone is welcome here, today and every day.",
        "Blood donation day at the office: 42 donors, thank you!",
        "Our marathon team survived the last 5 km in the rain.",
    ],
}
PL = {
    "product": [
        "Cześć {name_pl}! Wejdź w Raporty > Eksport i wybierz CSV, aby pobrać raport {report_pl}.",
        "Aby zmienić hasło, otwórz Ustawienia > Bezpieczeństwo i kliknij „Nie pamiętam hasła”.",
        "Wersja {version} aplikacji {product} już dostępna: szybsza synchronizacja i tryb ciemny.",
        "Jeśli aplikacja się zawiesi, zabij proces w Menedżerze zadań i uruchom ją ponownie.",
        "Najpierw uruchom `{product} --dry-run`, potem wykonaj migrację na serwerze testowym.",
        "Przycisk awaryjny w {product} zatrzymuje wszystkie wysyłki jednym kliknięciem.",
        "Możesz teraz przerwać zadanie w zakładce Zadania bez utraty logów.",
        "{product} ma teraz integrację ze Slackiem, Teams i Dyskiem Google.",
        "Nowa wtyczka {product} rozkłada starą na łopatki przy dużych plikach.",
        "Kliknij dwukrotnie nagłówek kolumny, aby ją zamrozić.",
    ],
    "security": [
        "Ataki phishingowe na małe firmy podwoiły się w tym roku: sprawdzaj nadawcę, zanim klikniesz.",
        "Hakerzy podmienili dwie aplikacje w zewnętrznym sklepie na fałszywe kopie; nasze są bezpieczne.",
        "Nasz zespół przeprowadził testy penetracyjne i nie znalazł krytycznych luk.",
        "Przypominamy: nigdy nie podawaj kodów jednorazowych, nawet komuś, kto mówi, że tu pracuje.",
        "Załataliśmy błąd w {product} {version}; zaktualizuj aplikację jeszcze dziś.",
        "Po pięciu nieudanych próbach logowania konto jest blokowane.",
        "Tydzień bezpieczeństwa: jak przestępcy wykorzystują słabe hasła i jak się bronić.",
    ],
    "business": [
        "Rozbiliśmy bank w {quarter}. kwartale: przychody wzrosły o {pct}% rok do roku.",
        "Rekordowy kwartał! Dziękujemy wszystkim klientom za zaufanie.",
        "W przyszłym miesiącu otwieramy nowe biuro w {city_pl}.",
        "Zespół skończył projekt dwa tygodnie przed terminem, brawo!",
        "Szukamy osoby na stanowisko {role_pl} w {city_pl}: zgłoszenia przez stronę kariery.",
        "Witamy w zespole, {name_pl}!",
        "Gratulacje dla {name_pl} z okazji dziesięciu lat w firmie.",
        "Zarząd zatwierdził dywidendę za {year} rok.",
        "Nasze stoisko na {event} było oblegane przez cały dzień, dziękujemy!",
        "Zapraszamy na webinar {date} o 10:00 o tym, jak {topic_pl}.",
        "Rynek dostał w tym tygodniu mocno w kość, ale nasze wyniki są stabilne.",
        "Ta cena to prawdziwa petarda: 30% taniej na plany roczne do piątku.",
        "Zmiażdżyliśmy konkurencję w rankingu obsługi klienta.",
    ],
    "support": [
        "Przepraszamy za kłopot, {name_pl}: napisz do nas numer zamówienia, a wszystko wyjaśnimy.",
        "Dziękujemy za cierpliwość, awaria usunięta i wszystko działa.",
        "Paczka jest w drodze i powinna dotrzeć w czwartek.",
        "Słyszymy Was: ostatnia aktualizacja zepsuła eksport, poprawka jutro.",
        "Dzięki za czujność! Literówka w cenniku poprawiona.",
        "Rano u części osób padła płatność w koszyku; już działa.",
    ],
    "news": [
        "Nawałnica uderzyła w wybrzeże; nasze biuro w {city_pl} jest dziś zamknięte, uważajcie na siebie.",
        "Strajk w porcie może opóźnić część dostaw w tym tygodniu.",
        "Pożar w magazynie dostawcy spowolni wysyłkę akcesoriów {product}.",
        "Pilne: bank centralny obniżył stopy procentowe o 0,25 pkt.",
        "Akcje spadły mocno po publikacji wyników konkurenta.",
        "Rząd ogłosił nowe zasady e-faktur od {year} roku.",
    ],
    "people": [
        "Nasi wolontariusze posadzili w weekend 500 drzew w {city_pl}.",
        "Szanuj zieleń: nie deptaj trawników w parku przy biurze.",
        "Wszystkiego najlepszego z okazji Dnia Kobiet dla wszystkich Pań w naszym zespole!",
        "Dumni z naszych stażystów: ich projekt wygrał hackathon.",
        "Dzień krwiodawstwa w biurze: 42 osoby oddały krew, dziękujemy!",
        "Nasza drużyna przetrwała ostatnie 5 km biegu w deszczu. #igrzyskaśmierci",
    ],
}
SLOTS = {
    "name": ["Dan", "Anna", "Tom", "Priya", "Lucas", "Maria", "Sam", "Olivia"],
    "name_pl": ["Kasiu", "Tomku", "Pani Anno", "Panie Marku", "Ola", "Piotrze", "Magdo"],
    "report": ["monthly sales", "churn", "inventory", "traffic"],
    "report_pl": ["sprzedaży", "magazynowy", "miesięczny", "ruchu"],
    "product": ["Acme Sync", "Northwind", "CloudDesk", "Polaris", "Fakturix"],
    "version": ["2.4", "3.0", "5.1", "10.2"],
    "quarter": ["1", "2", "3", "4"],
    "pct": ["8", "12", "17", "23"],
    "city": ["Warsaw", "Kraków", "Berlin", "Dublin", "Austin"],
    "city_pl": ["Warszawie", "Krakowie", "Gdańsku", "Poznaniu", "Wrocławiu"],
    "role": ["data engineer", "account manager", "UX designer", "support specialist"],
    "role_pl": ["analityka danych", "opiekuna klienta", "projektanta UX", "specjalisty wsparcia"],
    "year": ["2025", "2026", "2027"],
    "event": ["Web Summit", "Infoshare", "CES", "Impact'26"],
    "date": ["12 March", "4 June", "21 October", "12 marca", "4 czerwca"],
    "topic": ["cutting cloud costs", "AI in customer service", "e-invoicing", "hiring engineers"],
    "topic_pl": ["obniżyć koszty chmury", "wdrożyć e-faktury", "zatrudniać inżynierów", "używać AI w obsłudze klienta"],
}
TAGS = {"en": ["", "", "#hiring", "#ProductUpdate", "#security", "#teamwork", "#CSR"],
        "pl": ["", "", "#rekrutacja", "#nowość", "#bezpieczeństwo", "#zespół", "#CSR"]}


def _fill(template: str, rng: random.Random) -> str:
    return template.format(**{slot: rng.choice(values) for slot, values in SLOTS.items()})


def posts(lang: str, count: int, seed: int = 16) -> list[str]:
    """`count` distinct posts in `lang` (`en` or `pl`): two sentences of different kinds, maybe a hashtag."""
    sentences = EN if lang == "en" else PL
    rng = random.Random(seed)
    kinds = list(sentences)
    written: dict[str, None] = {}
    while len(written) < count:
        first, second = rng.sample(kinds, 2)
        text = f"{_fill(rng.choice(sentences[first]), rng)} {_fill(rng.choice(sentences[second]), rng)}"
        written[f"{text} {rng.choice(TAGS[lang])}".strip()] = None
    return list(written)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for lang in ("en", "pl"):
        with open(OUT / f"corporate_{lang}.jsonl", "w", encoding="utf-8") as out:
            for text in posts(lang, POSTS_PER_LANGUAGE):
                out.write(json.dumps({"text": text, "lang": lang, "harmful": 0}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
