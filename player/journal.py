"""The journal: every command runs through :meth:`Journal._run`, which makes its arguments plain
JSON, records it (so a save can be replayed), takes the model's new events for the household
(letters, form fields, events) and tells the subscribers."""

from __future__ import annotations

import json
from typing import Any

from simulation import events as ev

from .saves import SavesAndDrafts
from .views import Letter, Outcome


class Journal(SavesAndDrafts):
    """Running, refusing and recording commands; the start of a week."""

    def _emit(self, kind: str, data: dict[str, Any]) -> None:
        entry = {"week": self.week, "kind": kind, "data": data}
        self.journal.append(entry)
        if not self._replaying:
            for fn in self._subscribers:
                fn(entry)

    def _take_events(self) -> tuple[list[Letter], list[dict[str, Any]]]:
        """Turn the model's new events for the household into letters and journal entries."""
        events = self.model.log.events.get(self.household.hid, [])
        new = events[self._seen_events :]
        self._seen_events = len(events)
        letters, others = [], []
        for e in new:
            if e.kind == ev.LETTER:
                data = {k: v for k, v in e.data.items() if k != "letter"}
                if isinstance(data.get("deadline"), int):
                    data["deadline"] += 1
                letter = Letter(len(self._letters), e.week + 1, e.data["letter"], data, False)
                self._letters.append(letter)
                letters.append(letter)
                self._emit("letter", {"id": letter.id, "week": letter.week, "key": letter.key, "data": data})
            elif e.kind == ev.FIELD_REPEATED:
                self._repeated.add((e.data["field"], e.data["counter"]))
            elif e.kind in (ev.FIELD_SUPPLIED, ev.FIELD_PREFILLED):
                key = (e.data["field"], e.data["counter"])
                again = key in self._repeated
                self._repeated.discard(key)
                self._emit(
                    "field",
                    {
                        "field": key[0],
                        "counter": key[1],
                        "prefilled": e.kind == ev.FIELD_PREFILLED,
                        "asked_before": again,
                    },
                )
            else:
                item = {"kind": e.kind, "week": e.week + 1, **e.data}
                others.append(item)
                self._emit("event", item)
        self._sync_apps()
        return letters, others

    def _run(self, cmd: str, args: dict[str, Any]) -> Outcome:
        """Run one command (``self._<cmd>(**args)``), journal it, take the model's events, autosave.
        The arguments are made plain JSON first and the command runs on exactly what is saved,
        so a replay meets the same input."""
        h = self.household
        before = h.hours_left
        args = json.loads(json.dumps(args, default=str))
        if self.finished and cmd != "read_letter":
            out = self._refuse(self._t("Het spel is afgelopen."))
        else:
            out = getattr(self, f"_{cmd}")(**args)
        if out.ok and out.hours == 0.0 and cmd not in ("end_week", "ask_network") and before - h.hours_left > 0:
            out = Outcome(out.ok, round(before - h.hours_left, 2), out.message, out.data)
        self.commands.append({"cmd": cmd, "args": args})
        self._emit(
            "action",
            {
                "cmd": cmd,
                "args": args,
                "ok": out.ok,
                "hours": out.hours,
                "message": out.message,
                "hours_left": round(h.hours_left, 2),
            },
        )
        self._take_events()
        if cmd == "end_week" and out.ok and self.finished:
            self._emit("end", self.final_numbers())
        self._autosave()
        return out

    def _refuse(self, message: str, **data: Any) -> Outcome:
        return Outcome(False, 0.0, message, data)

    def _too_little_time(self, price: float) -> Outcome | None:
        """The model's rule: a step may start when at least half its price is left."""
        left = self.household.hours_left
        if price <= 0 or (left > 0 and left >= price / 2):
            return None
        return self._refuse(
            self._t("Te weinig tijd over deze week: dit kost {need} uur, u heeft nog {left} uur.").format(
                need=self._hours(price), left=self._hours(max(left, 0.0))
            ),
            price=round(price, 2),
        )

    def _new_week(self) -> None:
        """Network hours are there only when asked for: set them aside at the start of the week.
        Note why the week has the hours it has (shown by status(); changes nothing in the model)."""
        h = self.household
        capacity = h.capacity()
        overtime = max(0.0, capacity - h.hours_left)  # the model: hours_left = min(last week, 0) + capacity
        self._network_left = min(h.network_hours, max(0.0, h.hours_left))
        h.hours_left -= self._network_left
        usual = float(h.hours)
        stress = usual * self.model.behaviour.stress_hours_penalty * h.stress
        own = capacity - h.network_hours  # the model's hours without the network: after stress and care
        care = max(0.0, usual - stress - own) if h.care_need and not h.care_relieved else 0.0
        self._week_hours = {
            "hours_week": h.hours_left,
            "hours_usual": usual,
            "hours_stress": stress,
            "hours_care": care,
            "hours_overtime": overtime,
            "network_used": 0.0,
        }
