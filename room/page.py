"""The dashboard page: a fixed HTML shell with the texts of both languages as JSON; the script
(static/dashboard.js) fills it from the live stream with ``textContent`` only, so a name is
always shown as the text it is."""

from __future__ import annotations

import json
from typing import Any

from reports.labels import label

from . import texts
from .state import ROOM_OUTCOMES
from .store import RoomStore

#: key -> Dutch text (the msgid); English through the ``room`` catalog.
TEXTS = {
    "title": "Zaal {code}",
    "join_hint": "Deelnemers doen mee met code {join}",
    "live": "live",
    "reconnecting": "verbinding kwijt, opnieuw verbinden…",
    "players": "Spelers",
    "no_players": "Nog niemand in de zaal.",
    "name": "Naam",
    "household": "Huishouden",
    "scenario": "Scenario",
    "week": "Week",
    "hours": "Uren besteed",
    "last": "Laatste gebeurtenis",
    "flag": "Let op",
    "idle": "stil",
    "stuck": "vastgelopen",
    "offline": "niet verbonden",
    "finished": "klaar",
    "ago": "{s} s geleden",
    "no_play": "nog geen spel",
    "room": "De zaal: kokers tegenover integraal",
    "plays": "Spellen (klaar)",
    "no_plays": "Nog geen afgeronde spellen.",
    "controls": "Instellingen voor nieuwe spellen",
    "any_household": "vrije keuze",
    "weeks": "Weken",
    "seed": "Seed",
    "save": "Toepassen",
    "saved": "Toegepast",
    "to_debrief": "Iedereen naar de nabespreking",
    "back_to_play": "Terug naar spelen",
    "phase_play": "De zaal speelt",
    "phase_debrief": "De zaal is in de nabespreking",
    "deck": "Nabespreking openen",
    "deck_busy": "Nabespreking wordt gemaakt…",
    "error": "Fout: {message}",
    "ok": "gelukt",
    "refused": "geweigerd",
    "action": "actie",
    "letter": "brief",
    "event": "gebeurtenis",
    "field": "vraag op formulier",
    "end": "spel afgerond",
    "cmd_read_letter": "brief gelezen",
    "cmd_visit": "loket bezocht",
    "cmd_phone": "gebeld",
    "cmd_apply": "aanvraag gedaan",
    "cmd_fill_form": "formulier ingevuld",
    "cmd_fetch_document": "document gehaald",
    "cmd_submit": "aanvraag ingediend",
    "cmd_ask_network": "netwerk gevraagd",
    "cmd_ask_case_manager": "casemanager gevraagd",
    "cmd_end_week": "week afgesloten",
}


def catalog(lang: str) -> dict[str, str]:
    t = texts(lang)
    out = {key: t(msgid) for key, msgid in TEXTS.items()}
    out.update({f"outcome_{key}": label(key, lang) for key in ROOM_OUTCOMES})
    return out


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element (no '<', '>' or '&' characters)."""
    return json.dumps(value, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(store: RoomStore, households: dict[str, str]) -> str:
    data = {
        "texts": {lang: catalog(lang) for lang in ("nl", "en")},
        "outcomes": list(ROOM_OUTCOMES),
        "households": households,
        "join": store.join_code,
        "code": store.code,
    }
    return f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Loketdoolhof</title>
<link rel="stylesheet" href="/static/dashboard.css">
</head>
<body>
<header>
  <h1 id="title"></h1>
  <p id="join"></p>
  <span id="status" class="status"></span>
  <nav>
    <button id="lang-nl" type="button" data-lang="nl">Nederlands</button>
    <button id="lang-en" type="button" data-lang="en">English</button>
  </nav>
</header>
<main>
  <section class="players">
    <h2 data-t="players"></h2>
    <table id="players">
      <thead><tr>
        <th data-t="name"></th><th data-t="household"></th><th data-t="scenario"></th><th data-t="week"></th>
        <th data-t="hours"></th><th data-t="last"></th><th data-t="flag"></th>
      </tr></thead>
      <tbody></tbody>
    </table>
    <p id="no-players" data-t="no_players"></p>
  </section>
  <aside>
    <section>
      <h2 data-t="room"></h2>
      <table id="room"><thead></thead><tbody></tbody></table>
      <p id="no-plays" data-t="no_plays"></p>
    </section>
    <section>
      <h2 data-t="controls"></h2>
      <form id="controls">
        <label><span data-t="household"></span> <select id="persona"></select></label>
        <label><span data-t="weeks"></span> <input id="weeks" type="number" min="1" max="104"></label>
        <label><span data-t="seed"></span> <input id="seed" type="number" min="0" max="4294967295"></label>
        <button id="save" type="submit" data-t="save"></button>
        <span id="saved" class="note"></span>
      </form>
      <p id="phase" class="phase"></p>
      <button id="phase-button" type="button" class="big"></button>
      <button id="deck" type="button" class="big"></button>
      <p id="deck-note" class="note"></p>
    </section>
  </aside>
</main>
<script type="application/json" id="room-data">{script_json(data)}</script>
<script src="/static/dashboard.js"></script>
</body>
</html>
"""
