"""`loket room serve`: the facilitator's live room (room/server.py) on this laptop."""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

from room.quota import Quota

from .common import err, fail, out, user_errors

DEFAULT_QUOTA = Quota()


def room_db(code: str) -> Path:
    from userfiles.paths import home

    return home() / "rooms" / f"{code}.db"


def shown_hosts(host: str) -> list[str]:
    """The addresses participants can use: the host itself, or for 0.0.0.0 this machine's addresses."""
    if host not in ("0.0.0.0", "::", ""):
        return [host]
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            found.append(s.getsockname()[0])
    except OSError:
        pass
    try:
        found += [a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    return list(dict.fromkeys(a for a in found if not a.startswith("127."))) or ["127.0.0.1"]


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            fail(f"{host}:{port} cannot be used ({exc.strerror or exc}); choose another --port or --host")


def register(app: typer.Typer) -> None:
    room = typer.Typer(help="Room mode: participants' laptops feed your live dashboard.", no_args_is_help=True)
    app.add_typer(room, name="room")

    @room.command("serve")
    def serve(
        code: Annotated[str, typer.Argument(help="Workshop code, e.g. ZAAN-0412")],
        host: Annotated[
            str,
            typer.Option(
                help="Address to listen on: 127.0.0.1 (this laptop only, the default) "
                "or 0.0.0.0 (every network this laptop is on)"
            ),
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="Port")] = 8765,
        db: Annotated[
            Path | None,
            typer.Option(
                "--db", help="The room's database (default: LOKET_HOME/rooms/CODE.db; reopened after a restart)"
            ),
        ] = None,
        lang: Annotated[str, typer.Option("--lang", help="Language: nl (default) or en")] = "nl",
        max_player_entries: Annotated[
            int, typer.Option(min=1, help="Journal entries one player may store in the room")
        ] = DEFAULT_QUOTA.player_entries,
        max_player_mb: Annotated[
            float, typer.Option(min=0.001, help="Megabytes one player may store in the room")
        ] = DEFAULT_QUOTA.player_bytes / 1e6,
        max_room_entries: Annotated[
            int, typer.Option(min=1, help="Journal entries the whole room may store")
        ] = DEFAULT_QUOTA.room_entries,
        max_room_mb: Annotated[
            float, typer.Option(min=0.001, help="Megabytes the whole room may store")
        ] = DEFAULT_QUOTA.room_bytes / 1e6,
    ) -> None:
        """Serve the room: participants join with the join code, you watch with the facilitator link.
        Beyond the storage limits (--max-...) the room takes nothing more from a player: their game
        stays saved on their laptop."""
        import uvicorn

        from room import texts
        from room.server import create_app
        from room.store import Refused, RoomStore
        from workshop.store import StoreError

        if lang not in ("nl", "en"):
            fail(f"--lang must be 'nl' or 'en', got '{lang}'")
        t = texts(lang)
        quota = Quota(
            player_entries=max_player_entries,
            player_bytes=round(max_player_mb * 1e6),
            room_entries=max_room_entries,
            room_bytes=round(max_room_mb * 1e6),
        )
        with user_errors():
            path = db or room_db(code)
            try:
                store = RoomStore(path, code)  # checks the code and the file before the server starts
            except (StoreError, Refused) as exc:
                fail(str(exc))
            join_code, token = store.join_code, store.token
            store.close()
            check_port_free(host, port)
        hosts = shown_hosts(host)
        base = [f"http://{h}:{port}" for h in hosts]
        out.print(t("Zaal {code} ({path})").format(code=code, path=path), highlight=False)
        out.print(
            t("Luistert op {host}:{port}").format(host=host, port=port)
            + (
                "  " + t("(alleen deze laptop)")
                if host.startswith("127.") or host == "localhost"
                else "  " + t("(iedereen op dit netwerk die het adres kent)")
            ),
            highlight=False,
        )
        if len(base) > 1:
            out.print(
                t("Deze laptop is ook te bereiken op: {others}").format(others=", ".join(base[1:])), highlight=False
            )
        out.print(t("Deelnemers doen mee met:"), highlight=False)
        out.print(f"    loket play --room {base[0]} --join {join_code} --player {t('NAAM')}", highlight=False)
        out.print(t("Aanmeldcode voor het titelscherm: {join}").format(join=join_code), highlight=False)
        out.print(t("Uw dashboard (geheim, niet delen):"), highlight=False)
        out.print(f"    {base[0]}/f/{token}", highlight=False, soft_wrap=True)
        err.print(t("Stoppen met Ctrl-C; alles blijft bewaard en komt terug bij opnieuw starten."), highlight=False)
        sys.stdout.flush()  # the addresses are read by whoever started the server, also through a pipe
        config = uvicorn.Config(
            create_app(path, code, quota, lang), host=host, port=port, log_level="warning", timeout_graceful_shutdown=2
        )
        uvicorn.Server(config).run()
