"""A small database for the API and dashboard tests, filled through Store.save with records written by hand (no
spaCy): two reports of one Kano attack (merged into one incident), a battle in Bannu, a protest in Nairobi, a
report with no coordinates, and an article full of hostile markup."""

from __future__ import annotations

from datetime import date

from kharita.models import Actor, Article, Event, Evidence, Extraction, Location
from kharita.store import open_store

KANO = Location("Kano", "Kano", "Kano Municipal", "Nigeria", "NG", 12.0001, 8.5167, 1)
BANNU = Location("Bannu", "Khyber Pakhtunkhwa", "Bannu", "Pakistan", "PK", 32.9889, 70.6056, 1)
NAIROBI = Location("Nairobi", "Nairobi City", None, "Kenya", "KE", -1.2833, 36.8167, 1)
HOSTILE_PLACE = Location('<svg onload="window.__pwned=5">', "Banaadir", None, "Somalia", "SO", 2.0371, 45.3438, 1)
CIVILIANS_NG = Actor("Civilians (Nigeria)", "Civilians", "Nigeria", id="civilians-nigeria")
GUNMEN_NG = Actor("Unidentified Armed Group (Nigeria)", "Political militia", "Nigeria", id="unidentified-armed-group-nigeria")
ARMY_PK = Actor("Military Forces of Pakistan (2024-)", "State forces", "Pakistan", id="military-forces-of-pakistan")
TTP = Actor("TTP: Tehrik-i-Taliban Pakistan", "Rebel group", "Pakistan", id="ttp")
PROTESTERS_KE = Actor("Protesters (Kenya)", "Protesters", "Kenya", id="protesters-kenya")
POLICE_KE = Actor("Police Forces of Kenya (2022-)", "State forces", "Kenya", id="police-forces-of-kenya")
HOSTILE_ACTOR = Actor('<img src=x onerror="window.__pwned=4">', "Rebel group", "Somalia", id="new-hostile", reviewed=False)

KANO_1 = ("Gunmen on motorcycles attacked worshippers leaving the Sabon Gari mosque in Kano on Tuesday, killing four "
          "people, police said.")
KANO_2 = ("The number of worshippers killed in Tuesday's attack outside the Sabon Gari mosque in Kano has risen to "
          "seven, hospital staff said.")
BANNU_TEXT = ("BANNU, Pakistan, March 10, 2024 — Soldiers clashed with TTP fighters near Bannu on Saturday. Eight "
              "militants were killed in the gunfight, the army said. 🙂 Residents said the shooting lasted hours.")
NAIROBI_TEXT = ("NAIROBI, Kenya, February 13, 2024 — Police fired tear gas at lecturers marching to parliament in "
                "Nairobi on Tuesday. Nobody was hurt.")
UNPLACED_TEXT = "Unknown attackers set fire to a school somewhere in the north last week, officials said."
HOSTILE_TEXT = ('MOGADISHU — </script><script>window.__pwned=2</script> Fighters of <img src=x '
                'onerror="window.__pwned=1"> attacked a base near Mogadishu on Monday, killing two guards. '
                '<b>Bold claims</b> & "quotes" followed.')
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=6">Attack near Mogadishu'
TUESDAY = date(2024, 5, 7)
TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _span(text: str, part: str) -> Evidence:
    start = text.index(part)
    return Evidence(start, start + len(part), part)


def _article(article_id: str, text: str, published: date, title: str, *, source: str = "Test Wire",
             url: str | None = None) -> Article:
    return Article(article_id, text, title=title, url=url or f"https://news.example.org/{article_id}",
                   published_at=published, source=source)


def kano(article_id: str) -> Extraction:
    text, published, killed = ((KANO_1, TUESDAY, 4) if article_id == "kano-1" else (KANO_2, date(2024, 5, 8), 7))
    event = Event(f"ev-{article_id}", article_id, TUESDAY, "day", "Violence against civilians", "Attack", GUNMEN_NG,
                  CIVILIANS_NG, location=KANO, fatalities=killed, evidence=(Evidence(0, len(text), text),),
                  confidence=0.8, country="Nigeria", country_code="NG", notes="Attack on worshippers in Kano.")
    return Extraction(_article(article_id, text, published, f"Kano report {article_id}"), (event,))


def bannu() -> Extraction:
    event = Event("ev-bannu", "bannu", date(2024, 3, 9), "day", "Battles", "Armed clash", ARMY_PK, TTP,
                  location=BANNU, fatalities=8, evidence=(_span(BANNU_TEXT, "Soldiers clashed with TTP fighters near "
                                                                "Bannu on Saturday."),
                                                          _span(BANNU_TEXT, "Eight militants were killed"),
                                                          _span(BANNU_TEXT, "Residents said")),
                  confidence=0.9, country="Pakistan", country_code="PK")
    return Extraction(_article("bannu", BANNU_TEXT, date(2024, 3, 10), "Clash near Bannu"), (event,))


def nairobi() -> Extraction:
    event = Event("ev-nairobi", "nairobi", date(2024, 2, 13), "day", "Protests", "Protest with intervention",
                  PROTESTERS_KE, POLICE_KE, location=NAIROBI,
                  evidence=(_span(NAIROBI_TEXT, "Police fired tear gas at lecturers marching to parliament"),),
                  confidence=0.85, country="Kenya", country_code="KE")
    return Extraction(_article("nairobi", NAIROBI_TEXT, date(2024, 2, 13), "Lecturers tear-gassed"), (event,))


def unplaced() -> Extraction:
    event = Event("ev-unplaced", "unplaced", date(2024, 4, 2), "week", "Strategic developments",
                  "Looting/property destruction", None, None, evidence=(_span(UNPLACED_TEXT, "set fire to a school"),),
                  confidence=0.5, country="Nigeria", country_code="NG")
    return Extraction(_article("unplaced", UNPLACED_TEXT, date(2024, 4, 9), "School burned"), (event,))


def hostile() -> Extraction:
    event = Event("ev-hostile", "hostile", date(2024, 6, 3), "day", "Battles", "Armed clash", HOSTILE_ACTOR, None,
                  assoc_actor_1=("<script>window.__pwned=7</script>",), location=HOSTILE_PLACE, fatalities=2,
                  evidence=(_span(HOSTILE_TEXT, "</script><script>window.__pwned=2</script>"),
                            _span(HOSTILE_TEXT, 'attacked a base near Mogadishu on Monday, killing two guards')),
                  confidence=0.7, country="Somalia", country_code="SO",
                  notes='<img src=x onerror="window.__pwned=8">')
    article = _article("hostile", HOSTILE_TEXT, date(2024, 6, 4), HOSTILE_TITLE,
                       source='<script>window.__pwned=9</script>', url="javascript:window.__pwned=3")
    return Extraction(article, (event,))


def fill(url: str) -> None:
    """Store every record (Kano's two reports in separate batches, as two ingests would)."""
    with open_store(url) as store:
        store.save([kano("kano-1"), bannu(), nairobi()])
        store.save([kano("kano-2"), unplaced(), hostile()])
