"""The facilitator's room server: FastAPI on uvicorn.

Participants (``Authorization: Bearer <player key>``, a key they get by joining with the join
code) send their own plays; the facilitator (the token in the link ``/f/<token>``, kept in a
same-site cookie) sees the dashboard, changes the room's settings and opens the debrief deck.
Every body is read with a size limit and validated (room/protocol.py) before anything is stored;
a request that does not fit gets a 4xx and changes nothing, one beyond the storage quota
(room/quota.py) a 507.

All database work runs on the event loop's thread (short SQLite transactions in WAL mode), the
debrief deck in a worker thread with its own connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ValidationError

from .protocol import (
    MAX_WRONG_PER_MINUTE,
    PLAY_ID,
    POPULATION_BODY,
    SMALL_BODY,
    SYNC_BODY,
    Join,
    Population,
    Settings,
    Sync,
)
from .quota import Quota
from .state import snapshot, warm_up
from .store import Refused, RoomStore, same

STATIC = Path(__file__).resolve().parent / "static"
COOKIE = "loket_room"
#: Dashboards get the room at most this often while it changes, and at least this often while quiet.
COALESCE_S = 0.1
HEARTBEAT_S = 5.0
QUOTA_NOTE = (
    "Opslaglimiet bereikt: de zaal neemt niets meer aan van {name} (ruimer met --max-player-mb, "
    "--max-room-mb en --max-player-entries, --max-room-entries); het spel blijft op die laptop bewaard."
)
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class Hub:
    """Wakes every dashboard stream when the room changes."""

    def __init__(self) -> None:
        self.changed = asyncio.Event()

    def notify(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()


async def read_body(request: Request, limit: int) -> bytes:
    """The body, at most ``limit`` bytes (413 beyond), sent as JSON (415 otherwise: a form on another
    site cannot send it without the browser asking first)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(415, "send JSON (Content-Type: application/json)")
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limit):
        raise HTTPException(413, f"the body is larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"the body is larger than {limit} bytes")
    return bytes(body)


async def parse(request: Request, model: type[BaseModel], limit: int) -> Any:
    body = await read_body(request, limit)
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise HTTPException(422, f"{where}: {first['msg']}"[:300]) from None


def create_app(db: str | Path, code: str, quota: Quota | None = None, lang: str = "nl") -> FastAPI:
    """The room of workshop ``code``, stored in ``db`` (created, or reopened after a restart), at most
    ``quota`` of it (room/quota.py); the facilitator's terminal hears in ``lang`` who reached it."""
    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state["store"] = RoomStore(db, code, quota)
        state["hub"] = Hub()
        state["deck_lock"] = asyncio.Lock()
        try:
            yield
        finally:
            state["store"].close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def store() -> RoomStore:
        return state["store"]

    def households() -> asyncio.Task:
        """The bundled scenarios' households, read once in the background when the facilitator first
        comes (it imports the model: seconds); participants never wait for it."""
        if "households" not in state:
            state["households"] = asyncio.create_task(asyncio.to_thread(warm_up))
        return state["households"]

    def changed() -> None:
        state["hub"].notify()

    wrong: dict[str, deque[float]] = defaultdict(deque)  # address -> times of wrong codes and tokens

    def guessing(request: Request) -> None:
        """An address that gave too many wrong codes or tokens this minute waits (429): no guessing."""
        times = wrong[request.client.host if request.client else ""]
        while times and times[0] < time.monotonic() - 60:
            times.popleft()
        if len(times) >= MAX_WRONG_PER_MINUTE:
            raise Refused(429, "too many wrong codes from this address; wait a minute")

    full: set[str] = set()  # players whose quota the facilitator has heard about

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> JSONResponse:
        if exc.wrong_secret:
            wrong[request.client.host if request.client else ""].append(time.monotonic())
        if exc.status == 507 and exc.player not in full:
            full.add(exc.player)
            from . import texts

            name = "".join(c if c.isprintable() else "?" for c in exc.player)  # no escapes to the terminal
            print(texts(lang)(QUOTA_NOTE).format(name=name), file=sys.stderr)
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    def player(request: Request) -> str:
        guessing(request)
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or len(auth) > 200:
            raise Refused(401, "join the room first (no player key)", wrong_secret=True)
        return store().player_of(auth.removeprefix("Bearer ").strip())

    def facilitator(request: Request) -> None:
        guessing(request)
        token = request.cookies.get(COOKIE) or request.headers.get("x-room-token") or ""
        if not token or len(token) > 200 or not same(token, store().token):
            raise Refused(403, "only the facilitator's link opens this", wrong_secret=True)

    # ------------------------------------------------------------------ participants
    @app.get("/", response_class=HTMLResponse)
    async def home() -> str:
        return (
            "<!doctype html><meta charset=utf-8><title>Loketdoolhof</title>"
            "<p>Loketdoolhof: <code>loket play --room URL --join CODE --player NAME</code></p>"
        )

    @app.post("/api/join")
    async def join(request: Request) -> dict[str, Any]:
        guessing(request)
        req = await parse(request, Join, SMALL_BODY)
        auth = request.headers.get("authorization", "")
        shown = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") and len(auth) <= 200 else None
        key, new = store().join(req.join, req.player, shown)
        if new:
            changed()
        return {
            "player": req.player,
            "key": key,
            "workshop": store().code,
            "settings": store().settings().model_dump(),
            "plays": store().own_plays(req.player),
        }

    @app.get("/api/plays")
    async def own_plays(request: Request) -> dict[str, Any]:
        name = player(request)
        store().touch(name)
        return {"settings": store().settings().model_dump(), "plays": store().own_plays(name)}

    def play_id_of(play_id: str) -> str:
        if not PLAY_ID.fullmatch(play_id):
            raise HTTPException(404, "no such play")
        return play_id

    @app.post("/api/plays/{play_id}/sync")
    async def sync(play_id: str, request: Request) -> dict[str, Any]:
        name = player(request)
        req = await parse(request, Sync, SYNC_BODY)
        if req.play.play_id != play_id_of(play_id):
            raise HTTPException(422, "the play in the body is not the play in the address")
        added = store().sync(name, req.play, req.entries)
        changed()
        return {"added": added, "settings": store().settings().model_dump()}

    @app.put("/api/plays/{play_id}/population")
    async def population(play_id: str, request: Request) -> dict[str, Any]:
        name = player(request)
        req = await parse(request, Population, POPULATION_BODY)
        added = store().add_population(name, play_id_of(play_id), req.outcomes)
        changed()
        return {"added": added}

    # ------------------------------------------------------------------ the facilitator
    @app.get("/f/{token}")
    async def enter(token: str, request: Request) -> Response:
        guessing(request)
        if len(token) > 200 or not same(token, store().token):
            raise Refused(403, "this is not the facilitator's link", wrong_secret=True)
        households()
        response = RedirectResponse("/dashboard", status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", max_age=7 * 24 * 3600)
        return response

    @app.get("/dashboard")
    async def dashboard(request: Request) -> Response:
        facilitator(request)
        from .page import page

        return HTMLResponse(page(store(), await households()))

    def room_json() -> str:
        """The room as JSON, made once per change and second however many dashboards watch."""
        key = (store().version, int(time.time()))
        if state.get("room_key") != key:
            state["room_json"] = json.dumps({**snapshot(store()), "now": time.time()}, ensure_ascii=True)
            state["room_key"] = key
        return state["room_json"]

    @app.get("/api/state")
    async def room_state(request: Request) -> Response:
        facilitator(request)
        return Response(room_json(), media_type="application/json")

    @app.get("/api/events")
    async def events(request: Request) -> StreamingResponse:
        facilitator(request)

        async def stream() -> AsyncIterator[str]:
            while not await request.is_disconnected():
                wake = state["hub"].changed
                yield f"data: {room_json()}\n\n"
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), HEARTBEAT_S)
                await asyncio.sleep(COALESCE_S)  # a burst of actions is one update

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"X-Accel-Buffering": "no"})

    @app.post("/api/settings")
    async def settings(request: Request) -> dict[str, Any]:
        facilitator(request)
        req = await parse(request, Settings, SMALL_BODY)
        if req.persona and req.persona not in await households():
            raise HTTPException(422, "persona: not a household of the bundled scenarios")
        store().set_settings(req)
        changed()
        return req.model_dump()

    @app.post("/api/deck/{lang}")
    async def make_deck(lang: str, request: Request) -> dict[str, Any]:
        facilitator(request)
        if lang not in ("nl", "en"):
            raise HTTPException(404, "no such language")
        from workshop.deck import DeckError, write_deck

        folder = deck_folder(lang)
        async with state["deck_lock"]:  # one deck at a time: it is heavy
            try:
                deck = await asyncio.to_thread(write_deck, store().code, folder, db_path=store().path, lang=lang)
            except DeckError as exc:
                raise HTTPException(409, str(exc)) from None
        return {"url": f"/deck/{lang}/{deck.html.name}", "problems": deck.problems[:20]}

    def deck_folder(lang: str) -> Path:
        return store().path.with_name(f"{store().path.stem}-debrief-{lang}")

    @app.get("/deck/{lang}/{name}")
    async def deck_file(lang: str, name: str, request: Request) -> Response:
        facilitator(request)
        if lang not in ("nl", "en") or name != "debrief.html":
            raise HTTPException(404, "no such file")
        path = deck_folder(lang) / name
        if not path.is_file():
            raise HTTPException(404, "make the deck first")
        return FileResponse(path, media_type="text/html; charset=utf-8")

    return app
