"""Saving a session (its meta, the journal of commands, a checksum of the state and the unsent
form drafts) as one JSON file, written atomically; reading one back for :meth:`PlayerSession.load`
and :meth:`PlayerSession.peek`.

Form drafts are UI state: what the player typed on a form and has not sent yet, kept per
application so that a form can be left and reopened (also after save/resume).  They are not
commands: not journaled, not replayed, not in the checksum."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .state import SessionError
from .view_builders import SessionViews

FORMAT_VERSION = 1


def read_save(path: Path) -> dict[str, Any]:
    """The saved session in ``path`` (its format checked); SessionError when it is not one."""
    try:
        saved = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise SessionError(f"{path}: cannot be read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise SessionError(f"{path}: not a saved session (invalid JSON: {exc.msg}, line {exc.lineno})") from None
    if not isinstance(saved, dict) or saved.get("format") != FORMAT_VERSION:
        raise SessionError(f"{path}: not a saved session of format {FORMAT_VERSION}")
    return saved


class SavesAndDrafts(SessionViews):
    """save(), checksum() and the form drafts a save keeps."""

    def save(self, path: str | Path | None = None) -> Path | None:
        """Write meta + commands + checksum as JSON; atomic (temporary file, then replace).
        Without ``path`` the autosave file is written (nothing happens without one)."""
        if path is None:
            if self.autosave is None:
                return None
            path = self.autosave
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        blob = json.dumps(
            {
                "format": FORMAT_VERSION,
                "meta": self.meta,
                "commands": self.commands,
                "week": self.week,
                "finished": self.finished,
                "checksum": self.checksum(),
                "drafts": {str(k): v for k, v in sorted(self.drafts().items())},
            },
            ensure_ascii=False,
            indent=1,
        )
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(blob)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def checksum(self) -> str:
        """A fingerprint of the state: the player's household, its papers and the whole neighbourhood."""
        h, m = self.household, self.model
        state = {
            "week": m.week,
            "player": h.snapshot(),
            "tally": sorted((k, round(v, 6)) for k, v in h.tally.items()),
            "debts": sorted((k, round(d.amount, 4), d.stage, False) for k, d in h.debts.items()),
            "arranged": sorted((k, round(d.amount, 4), d.stage) for k, d in h.arranged.items()),
            "apps": sorted(
                (a.aid, a.scheme_id, a.status, a.outcome or "", sorted(a.docs_done), a.form_done)
                for a in self._apps.values()
            ),
            "letters": len(self._letters),
            "read": sorted(self._read),
            "network_left": round(self._network_left, 6),
            "known": sorted(h.known_schemes),
            "case_manager": h.case_manager is not None,
            "neighbourhood": sorted((k, round(v, 4)) for k, v in (m.log.total_tally + m.log.week_tally).items()),
            "cash_all": round(sum(x.cash for x in m.households), 2),
        }
        return hashlib.blake2b(json.dumps(state, sort_keys=True).encode(), digest_size=12).hexdigest()

    def _autosave(self) -> None:
        if self.autosave is not None and not self._replaying:
            self.save(self.autosave)

    def _draft_key(self, app_id: Any) -> int | None:
        """The application's id when its form can still be filled in, else None."""
        app = self._app(app_id)
        if app is None or app.form_done or not app.open:
            return None
        return app.aid

    def drafts(self) -> dict[int, dict[str, str]]:
        """The unsent answers of every form that can still be filled in."""
        return {k: dict(v) for k, v in self._drafts.items() if v and self._draft_key(k) is not None}

    def draft(self, app_id: int) -> dict[str, str]:
        """What was typed or picked on the application's form and not sent yet ({} when none)."""
        key = self._draft_key(app_id)
        return dict(self._drafts.get(key, {})) if key is not None else {}

    def set_draft(self, app_id: int, answers: dict[str, str]) -> None:
        """Keep the unsent answers of a form (empty texts are dropped); autosaves when they changed.
        A draft is not a command: it is not journaled, not replayed and not in the checksum."""
        key = self._draft_key(app_id)
        if key is None:
            return
        clean = {str(k): str(v) for k, v in answers.items() if v is not None and str(v) != ""}
        if clean == self._drafts.get(key, {}):
            return
        if clean:
            self._drafts[key] = clean
        else:
            self._drafts.pop(key, None)
        self._autosave()

    def clear_draft(self, app_id: int) -> None:
        try:
            key = int(app_id)
        except (TypeError, ValueError):
            return
        if self._drafts.pop(key, None) is not None:
            self._autosave()

    def _load_drafts(self, saved: Any) -> None:
        """Drafts from a save file; anything malformed is skipped (a draft is a convenience)."""
        if not isinstance(saved, dict):
            return
        for k, answers in saved.items():
            try:
                key = int(k)
            except (TypeError, ValueError):
                continue
            if isinstance(answers, dict) and self._draft_key(key) is not None:
                clean = {str(f): str(v) for f, v in answers.items() if isinstance(v, (str, int, float)) and str(v)}
                if clean:
                    self._drafts[key] = clean
