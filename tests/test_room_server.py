"""The room server process under hostile requests (each gets a 4xx and changes nothing), storing
twice, and the facilitator's dashboard in a real headless browser (chromium through Selenium):
a player's action shows within 2 seconds, in Dutch and in English, and names stay text."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
import uuid

import httpx
import pytest

from room.process import room_server
from room.protocol import SMALL_BODY, SYNC_BODY
from room.store import rows_of

HTML_NAME = "<img src=x onerror=alert(1)>"
TABLES = ("workshops", "plays", "entries", "populations", "room_players", "room_plays", "room_meta")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("room")
    srv = room_server(tmp)
    yield srv
    srv.stop()


def everything(server) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(server.db)
    try:
        rows = {t: rows_of(conn, t) for t in TABLES}
        rows["room_players"] = [r[:3] for r in rows["room_players"]]  # without 'seen': when a laptop last asked
        return rows
    finally:
        conn.close()


def joined(server, name: str) -> httpx.Client:
    r = httpx.post(f"{server.url}/api/join", json={"join": server.join_code, "player": name})
    assert r.status_code == 200, r.text
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {r.json()['key']}"}, timeout=10)


def play_row(code: str, player: str, play_id: str | None = None) -> dict:
    return {
        "play_id": play_id or uuid.uuid4().hex,
        "workshop": code,
        "player": player,
        "persona": "samira",
        "scenario": "siloed",
        "scenario_hash": "abc",
        "seed": 1,
        "households": 6,
        "weeks": 2,
        "lang": "nl",
        "overrides": "{}",
        "started": "2026-12-02T10:00:00+00:00",
        "updated": "2026-12-02T10:00:01+00:00",
        "ended": None,
        "finished": 0,
        "final_numbers": None,
    }


def entry(seq: int) -> dict:
    return {
        "seq": seq,
        "week": 1,
        "kind": "action",
        "recorded": "2026-12-02T10:00:01+00:00",
        "data": json.dumps({"cmd": "visit", "ok": True, "hours": 1.5}),
    }


def test_hostile_requests_get_a_4xx_and_change_nothing(server):
    anna, bert = joined(server, "Anna"), joined(server, "Bert")
    mine = play_row(server.code, "Anna")
    assert (
        anna.post(f"/api/plays/{mine['play_id']}/sync", json={"play": mine, "entries": [entry(0)]}).status_code == 200
    )
    before = everything(server)
    url = server.url
    pid = mine["play_id"]
    body = {"play": mine, "entries": [entry(1)]}
    hostile = [
        # wrong join code, a name that is taken, a name that is not a name
        ("post", "/api/join", {"json": {"join": "WRONG-CODE", "player": "Eve"}}, 403),
        ("post", "/api/join", {"json": {"join": server.join_code, "player": "Anna"}}, 409),
        ("post", "/api/join", {"json": {"join": server.join_code, "player": "a\nb"}}, 422),
        ("post", "/api/join", {"json": {"join": server.join_code, "player": ""}}, 422),
        # wrong or missing facilitator token
        ("get", "/dashboard", {}, 403),
        ("get", "/api/state", {"headers": {"X-Room-Token": "wrong"}}, 403),
        ("get", "/api/events", {"headers": {"X-Room-Token": "x" * 500}}, 403),
        ("get", "/f/not-the-token", {}, 403),
        ("post", "/api/settings", {"json": {"weeks": 2, "phase": "debrief"}, "headers": {"X-Room-Token": "no"}}, 403),
        ("post", "/api/deck/nl", {"json": {}, "cookies": {"loket_room": "no"}}, 403),
        ("get", "/deck/nl/debrief.html", {}, 403),
        # no key, a wrong key
        ("post", f"/api/plays/{pid}/sync", {"json": body}, 401),
        ("post", f"/api/plays/{pid}/sync", {"json": body, "headers": {"Authorization": "Bearer forged"}}, 401),
        # oversized bodies: announced, and streamed without a length
        (
            "post",
            "/api/join",
            {"content": b"{" + b" " * SMALL_BODY + b"}", "headers": {"Content-Type": "application/json"}},
            413,
        ),
        (
            "post",
            f"/api/plays/{pid}/sync",
            {
                "content": (b" " * (SYNC_BODY + 10) for _ in range(1)),
                "headers": {"Content-Type": "application/json", **anna.headers},
            },
            413,
        ),
        # malformed: not JSON, not JSON's content type, extra fields, wrong types and ranges
        ("post", "/api/join", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422),
        ("post", "/api/join", {"data": {"join": server.join_code, "player": "Eve"}}, 415),
        ("post", "/api/join", {"json": {"join": server.join_code, "player": "Eve", "admin": True}}, 422),
        ("post", "/api/join", {"json": [1, 2]}, 422),
    ]
    for method, path, kwargs, status in hostile:
        with httpx.Client(timeout=10, cookies=kwargs.pop("cookies", None)) as client:  # fresh: no cookie kept
            r = getattr(client, method)(url + path, **kwargs)
        assert r.status_code == status, (path, kwargs.get("json"), r.status_code, r.text[:200])
    bad_entries = [
        dict(entry(1), seq=-1),
        dict(entry(1), data="[1]"),
        dict(entry(1), data="{"),
        dict(entry(1), kind="<b>"),
        dict(entry(1), seq="1"),
    ]
    for bad in bad_entries:
        r = anna.post(f"/api/plays/{pid}/sync", json={"play": mine, "entries": [entry(2), bad]})
        assert r.status_code == 422, (bad, r.text)
    for field, value in (
        ("lang", "xx-nl-yy"),
        ("seed", -1),
        ("weeks", 10**6),
        ("final_numbers", "[]"),
        ("play_id", "../../etc"),
        ("finished", 2),
    ):
        r = anna.post(f"/api/plays/{pid}/sync", json={"play": dict(mine, **{field: value}), "entries": []})
        assert r.status_code in (404, 422), (field, r.text)
    # a play for another player: in someone else's name, someone else's play, someone else's population
    theirs = play_row(server.code, "Bert")
    assert anna.post(f"/api/plays/{theirs['play_id']}/sync", json={"play": theirs, "entries": []}).status_code == 403
    stolen = dict(mine, player="Bert")
    assert bert.post(f"/api/plays/{pid}/sync", json={"play": stolen, "entries": [entry(5)]}).status_code == 403
    assert bert.put(f"/api/plays/{pid}/population", json={"outcomes": "[]"}).status_code == 403
    other = play_row("OTHER-ROOM", "Anna")
    assert anna.post(f"/api/plays/{other['play_id']}/sync", json={"play": other, "entries": []}).status_code == 403
    assert anna.post(f"/api/plays/{uuid.uuid4().hex}/sync", json=body).status_code == 422  # address and body differ
    assert everything(server) == before, "no hostile request changed the store"
    # sending twice changes nothing (but the room sees that the laptop is there)
    assert anna.post(f"/api/plays/{pid}/sync", json={"play": mine, "entries": [entry(0)]}).json()["added"] == 0
    assert everything(server) == before


def test_a_sync_stores_like_a_merge_whatever_the_order(server):
    cara = joined(server, "Cara")
    play = play_row(server.code, "Cara")
    pid = play["play_id"]
    later = dict(
        play,
        updated="2026-12-02T10:05:00+00:00",
        finished=1,
        ended="2026-12-02T10:05:00+00:00",
        final_numbers=json.dumps({"paperwork_hours": 3.0}),
    )
    for step in ({"play": later, "entries": [entry(2), entry(0)]}, {"play": play, "entries": [entry(1), entry(0)]}):
        assert cara.post(f"/api/plays/{pid}/sync", json=step).status_code == 200
    conn = sqlite3.connect(server.db)
    row = conn.execute("SELECT finished, updated FROM plays WHERE play_id=?", (pid,)).fetchone()
    seqs = [r[0] for r in conn.execute("SELECT seq FROM entries WHERE play_id=? ORDER BY seq", (pid,))]
    conn.close()
    assert row == (1, "2026-12-02T10:05:00+00:00"), "an older state does not overwrite a later one"
    assert seqs == [0, 1, 2]


def browser():
    """Headless chromium with its driver (Debian's chromium and chromium-driver)."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e .[dev])")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("no chromium/chromedriver on this machine (apt-get install -y chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1600,1000",
        "--disable-gpu",
    ):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(driver), options=options)


def shown_within(driver, name: str, text: str, seconds: float) -> float:
    """Seconds until the row of ``name`` shows ``text`` in its last-event cell (fails after ``seconds``)."""
    read_rows = (
        "return [...document.querySelectorAll('#players tbody tr')]"
        ".map(r => [r.cells[0].textContent, r.textContent]);"
    )  # at once: the table is redrawn live
    start = time.monotonic()
    while time.monotonic() - start < seconds + 1:
        for who, row in driver.execute_script(read_rows):
            if who == name and text in row:
                return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"{name}: '{text}' not shown within {seconds} s")


def test_dashboard_shows_an_action_within_two_seconds_in_both_languages(server, tmp_path, monkeypatch):
    from selenium.webdriver.common.by import By

    from room.scripted import connect, new_play

    driver = browser()
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    sender = None
    try:
        driver.get(server.link)
        assert driver.current_url.endswith("/dashboard")
        assert driver.find_element(By.ID, "title").text == f"Zaal {server.code}"
        db = tmp_path / "laptop.db"
        sender = connect(server.url, server.join_code, HTML_NAME, db)
        session = new_play("siloed", "samira", server.code, HTML_NAME, db, sender, weeks=2, households=6)
        counter = next(c for c in session.counters() if c.domains)
        session.visit(counter.id, counter.domains[0])
        assert shown_within(driver, HTML_NAME, "loket bezocht", 2.0) < 2.0
        assert driver.find_elements(By.CSS_SELECTOR, "#players img") == [], "a name is text, never markup"
        shot = tmp_path / "dashboard_nl.png"
        driver.save_screenshot(str(shot))
        driver.find_element(By.ID, "lang-en").click()
        assert driver.find_element(By.ID, "title").text == f"Room {server.code}"
        session.end_week()
        assert shown_within(driver, HTML_NAME, "week ended", 2.0) < 2.0
        assert "Household" in driver.find_element(By.ID, "players").text
        driver.save_screenshot(str(tmp_path / "dashboard_en.png"))
        # the room's controls reach the laptop: everybody to the debrief
        driver.find_element(By.ID, "phase-button").click()
        deadline = time.monotonic() + 6
        while sender.settings.get("phase") != "debrief" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sender.settings.get("phase") == "debrief"
    finally:
        if sender is not None:
            sender.stop(flush_s=0)
        driver.quit()


def test_the_game_joins_from_the_title_screen_and_sends_its_play(server, tmp_path, monkeypatch):
    """The title screen's join field, driven like a person: address, code, name, join; then a play
    started in the game reaches the room, and the room's settings reach the game."""
    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    import pygame

    from game.app import App
    from game.join import JoinScreen
    from game.room_link import stop
    from game.title import TitleScreen
    from game.tools import driver as d

    with server.facilitator() as fac:
        assert (
            fac.post("/api/settings", json={"persona": "", "weeks": 2, "seed": 7, "phase": "play"}).status_code == 200
        )
    app = App(lang="nl", households=6)
    try:
        app.push(TitleScreen(app))
        d.frames(app)
        d.click(app, d.button(app, "title_join"))
        assert isinstance(app.top, JoinScreen)
        d.click(app, d.button(app, "join_go"))  # empty fields: a message, no join
        assert app.top.error and app.room_sender is None
        for key, value in (("room", server.url), ("join", server.join_code.lower()), ("player", "Dana")):
            d.type_text(app, app.top.inputs[key], value)
        d.click(app, d.button(app, "join_go"))
        deadline = time.monotonic() + 10
        while isinstance(app.top, JoinScreen) and time.monotonic() < deadline:
            d.frames(app, 1)
            time.sleep(0.02)
        assert isinstance(app.top, TitleScreen) and app.room_sender is not None, getattr(app.top, "error", "")
        assert "title_join" not in d.buttons(app)
        d.frames(app, 2)
        assert app.options["weeks"] == 2 and app.options["seed"] == 7, "the room's settings for new plays"
        app.start_play("siloed", "samira")
        assert app.session.meta["weeks"] == 2 and app.session.meta["seed"] == 7
        d.click(app, d.button(app, "end_week"))
        with server.facilitator() as fac:
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                dana = next((p for p in fac.get("/api/state").json()["players"] if p["name"] == "Dana"), None)
                if dana and dana.get("last") and dana["last"]["cmd"] == "end_week":
                    break
                time.sleep(0.1)
        assert dana and dana["scenario"] == "siloed" and dana["week"] == 2, dana
    finally:
        stop(app)
        pygame.quit()


def test_room_commands_say_what_is_wrong(server, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from loket.cli import app

    monkeypatch.setenv("LOKET_HOME", str(tmp_path / "home"))
    run = CliRunner().invoke
    cases = [
        (["play", "--room", server.url, "--player", "Eve"], "a room needs all three"),
        (["play", "--room", server.url, "--join", "WRONG-CODE", "--player", "Eve"], "wrong join code"),
        (["play", "--room", "http://127.0.0.1:1", "--join", "X", "--player", "Eve"], "cannot be reached"),
        (["play", "--room", "ftp://x", "--join", "X", "--player", "Eve"], "not an address"),
        (
            ["play", "--room", server.url, "--join", server.join_code, "--player", "Eve", "--workshop", "W1"],
            "--workshop comes from the room",
        ),
        (["room", "serve", "no spaces!", "--db", str(tmp_path / "r.db")], "workshop code"),
        (["room", "serve", server.code, "--db", str(server.db), "--port", str(server.port)], "cannot be used"),
    ]
    for args, message in cases:
        result = run(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    # a room database of another workshop is not reused
    result = run(app, ["room", "serve", "OTHER-CODE", "--db", str(server.db)])
    assert result.exit_code == 2 and "not OTHER-CODE" in result.output, result.output


def test_the_room_catalog_is_complete():
    import ast
    from pathlib import Path

    from loket_i18n import missing
    from room.page import TEXTS

    source = Path(__file__).resolve().parent.parent / "loket" / "commands_room.py"
    ids = list(TEXTS.values()) + [
        node.args[0].value
        for node in ast.walk(ast.parse(source.read_text("utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "t"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]
    assert len(ids) > 50
    assert [m for m in missing("room", "en", ids) if m not in ("live", "Scenario", "Week", "Seed")] == []


def test_guessing_codes_or_tokens_is_stopped(server):
    """Last in this module: it blocks 127.0.0.1 from this server for a minute."""
    from room.protocol import MAX_WRONG_PER_MINUTE

    with httpx.Client(base_url=server.url, timeout=10) as client:
        statuses = [
            client.post("/api/join", json={"join": f"GUESS-{i:04d}", "player": "Eve"}).status_code
            for i in range(MAX_WRONG_PER_MINUTE + 1)
        ]  # the tests before may have spent some of the minute
        assert statuses[0] == 403 and statuses[-1] == 429 and set(statuses) == {403, 429}
        assert client.post("/api/join", json={"join": server.join_code, "player": "Eve"}).status_code == 429
        assert client.get(f"/f/{server.token}").status_code == 429
