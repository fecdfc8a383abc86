"""The real room server as a separate process (`loket room serve` on 127.0.0.1 and a free port),
for the room tests and the load benchmark (benchmarks/room_load.py)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

LOKET = Path(sys.executable).with_name("loket")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RoomServer:
    code: str
    db: Path
    port: int
    home: Path
    proc: subprocess.Popen | None = None
    join_code: str = ""
    token: str = ""
    options: tuple[str, ...] = ()  # more options of `loket room serve`, e.g. its storage limits

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def link(self) -> str:
        return f"{self.url}/f/{self.token}"

    def start(self, timeout: float = 60.0) -> RoomServer:
        env = {**os.environ, "LOKET_HOME": str(self.home)}
        self.proc = subprocess.Popen(
            [str(LOKET), "room", "serve", self.code, "--port", str(self.port), "--db", str(self.db), *self.options],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        printed = ""
        deadline = time.monotonic() + timeout
        while "/f/" not in printed:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"the room server stopped: {printed}")
            printed += line
        self.join_code = re.search(r"--join (\S+)", printed).group(1)
        self.token = re.search(r"/f/(\S+)", printed).group(1)
        while time.monotonic() < deadline:
            try:
                httpx.get(self.url + "/", timeout=1.0)
                return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("the room server did not answer")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None

    def facilitator(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"X-Room-Token": self.token}, timeout=10)


def room_server(tmp: Path, code: str = "ROOM-TEST", options: tuple[str, ...] = ()) -> RoomServer:
    home = tmp / "server-home"
    home.mkdir(parents=True, exist_ok=True)
    return RoomServer(code, tmp / "room.db", free_port(), home, options=options).start()
