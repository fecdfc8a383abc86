"""Room mode: participants' laptops feed the facilitator's live dashboard over the local network.

``room.server`` is the facilitator's web server (FastAPI on uvicorn), ``room.store`` its SQLite
store (a workshop database, see workshop/store.py, plus the room's own tables), ``room.client``
the participant's side (joining, and a background sender that ships the local journal), and
``room.protocol`` the validated shapes of every request.

May import: the workshop records (:mod:`workshop.store`), the bundled scenarios' names
(:mod:`simulation.loader`), the player API for scripted participants (:mod:`player`), user paths
(:mod:`userfiles`), labels (:mod:`reports.labels`), FastAPI/uvicorn/httpx.  Never pygame: the game
talks to a room through game/room_link.py.

User-facing text goes through the gettext domain ``room`` (Dutch message ids, English in
loket_i18n/locale/en/LC_MESSAGES/room.po).
"""

from __future__ import annotations

from collections.abc import Callable

from loket_i18n import translator

DOMAIN = "room"


def texts(lang: str = "nl") -> Callable[[str], str]:
    """The room translator: ``t = texts('en'); t('Zaal')``."""
    return translator(DOMAIN, lang)
