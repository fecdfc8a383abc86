"""The read-only views of the session (see player/session.py for the list): built from the
model's state, with every text in the player's language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulation.metrics import household_outcomes
from simulation.outcomes import public_money
from simulation.paperwork import DONE, DRAFT, WAITING, Application

from .narration import build_log
from .views import (
    DOMAIN_NAMES,
    HINTS,
    KIND_NAMES,
    STAGE_NAMES,
    STATE_NAMES,
    ApplicationView,
    CounterView,
    DebtView,
    DocumentNeed,
    FormField,
    Letter,
    LogEntry,
    Paper,
    SchemeView,
    SessionInfo,
    Status,
)
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    import pandas as pd


class SessionViews(Vocabulary):
    """What the player sees: status, counters, schemes, applications, forms, mail, log, numbers."""

    def info(self, lang: str | None = None) -> SessionInfo:
        """What is played; the title in ``lang`` (default: the session's language)."""
        sc, meta = self.scenario, self.meta
        return SessionInfo(
            scenario=str(meta["scenario"]),
            title=sc.title.get(lang or self.lang),
            persona=meta["persona"],
            persona_name=sc.personas[meta["persona"]].name,
            household_name=self.household.name,
            seed=int(meta["seed"]),
            households=int(meta["households"]),
            weeks=self.weeks,
            session_id=str(meta["session_id"]),
            front_door=sc.organisation.front_door,
        )

    def papers(self) -> list[Paper]:
        """The household's own papers: every fact the scenario's forms can ask for, once each."""
        facts = self.household.facts()
        out: dict[str, Paper] = {}
        for fid, spec in self.scenario.fields.items():
            if spec.fact not in facts:
                continue
            if spec.fact in out:
                out[spec.fact].fields.append(fid)
            else:
                out[spec.fact] = Paper(spec.fact, spec.label.get(self.lang), spec.kind, facts[spec.fact], [fid])
        return list(out.values())

    def status(self) -> Status:
        h = self.household
        debts = {
            k: DebtView(k, self.creditor_name(k), round(d.amount, 2), d.stage, self._t(STAGE_NAMES[d.stage]), False)
            for k, d in sorted(h.debts.items())
        }
        debts.update(
            {
                f"{k}/arranged": DebtView(
                    k, self.creditor_name(k), round(d.amount, 2), d.stage, self._t(STAGE_NAMES[d.stage]), True
                )
                for k, d in sorted(h.arranged.items())
            }
        )
        return Status(
            week=self.week,
            weeks=self.weeks,
            cash=round(h.cash, 2),
            income_week=round(h.income(), 2),
            debt_total=round(h.total_debt(), 2),
            debts=debts,
            stress=round(h.stress, 3),
            trust=round(h.trust, 3),
            hours_left=round(h.hours_left, 2),
            capacity=round(h.capacity(), 2),
            network_hours=round(self._network_left, 2),
            case_manager=h.case_manager is not None,
            homeless=bool(h.homeless),
            problems=list(h.domains_now),
            problem_names=[self.domain_name(d) for d in h.domains_now],
            post_hours=self.model.mechanics.post_hours if len(self._letters) > self._post_opened_upto else 0.0,
            **{k: round(v, 2) for k, v in self._week_hours.items()},
        )

    def counters(self) -> list[CounterView]:
        m, pw = self.model, self.model.paperwork
        out = []
        for cid in m.counter_ids:
            spec = self.scenario.counters[cid]
            c = m.counters[cid]
            # what a counter helps with: the domains it has a scheme for (the front door: all it looks at),
            # so that it never says it covers a problem and then sends you on
            front = cid == self.scenario.organisation.front_door
            helps = [d for d in DOMAIN_NAMES if cid in pw.counters_for(d) or (front and d in spec.domains)]
            out.append(
                CounterView(
                    id=cid,
                    name=spec.label.get(self.lang),
                    domains=helps,
                    domain_names=[self.domain_name(d) for d in helps],
                    queue=len(c.queue),
                    wait_weeks=round(len(c.queue) / c.capacity_per_week, 1)
                    if c.capacity_per_week > 0
                    else float("inf"),
                    travel_hours=spec.travel_hours,
                    visit_hours=round(pw.visit_hours(cid), 2),
                    phone_hours=round(pw.wait_hours(cid), 2),
                    is_front_door=cid == self.scenario.organisation.front_door,
                    digital=spec.digital,
                    map_xy=spec.map_xy,
                )
            )
        return out

    def _document_need(self, doc_id: str, app: Application | None = None) -> DocumentNeed:
        pw = self.model.paperwork
        issuers = pw.document_issuers(self.household, doc_id)
        blocked = pw.document_blocked_by(app, doc_id) if app is not None else None
        hours = self.model.mechanics.blocked_document_hours if blocked else pw.document_hours(self.household, doc_id)
        return DocumentNeed(
            doc_id,
            self.document_name(doc_id),
            [(i, self.counter_name(i)) for i in dict.fromkeys(issuers)],
            blocked,
            round(hours, 2),
        )

    def _scheme_state(self, sid: str) -> str:
        h, m = self.household, self.model
        ent = h.entitlements.get(sid)
        if ent is not None:
            return "automatic" if ent.automatic else "granted"
        app = h.applications.get(sid)
        if app is not None and app.open:
            return "applied"
        if h.rejected_until.get(sid, -1) >= m.week:
            return "rejected"
        return "known"

    def schemes(self) -> list[SchemeView]:
        h, pw = self.household, self.model.paperwork
        out = []
        for sid in sorted(h.known_schemes):
            s = self.scenario.schemes[sid]
            state = self._scheme_state(sid)
            out.append(
                SchemeView(
                    sid,
                    s.label.get(self.lang),
                    s.domain,
                    s.counter,
                    self.counter_name(s.counter),
                    state,
                    self._t(STATE_NAMES[state]),
                    pw.may_apply(h, sid),
                    [self._document_need(d) for d in s.documents],
                    [self.rule_name(r) for r in s.eligibility if not pw.rule_holds(h, r)],
                )
            )
        return out

    def _sync_apps(self) -> None:
        for app in self.household.applications.values():
            self._apps.setdefault(app.aid, app)

    def _visible(self, app: Application) -> bool:
        return app.noticed or app.aid in self._mine or not app.open

    def _app_state(self, app: Application) -> str:
        if app.status != DONE:
            return app.status
        return {"rejected": "rejected_app", "granted": "granted_app"}.get(app.outcome or "", app.outcome or "blocked")

    def applications(self) -> list[ApplicationView]:
        self._sync_apps()
        pw = self.model.paperwork
        out = []
        for aid in sorted(self._apps):
            app = self._apps[aid]
            if not self._visible(app):
                continue
            state = self._app_state(app)
            to_fill = [] if app.form_done else pw.form_to_fill(app)[0]
            out.append(
                ApplicationView(
                    id=aid,
                    scheme=app.scheme_id,
                    scheme_name=self.scheme_name(app.scheme_id),
                    counter=app.counter_id,
                    counter_name=self.counter_name(app.counter_id),
                    kind=app.kind,
                    kind_name=self._t(KIND_NAMES.get(app.kind, app.kind)),
                    state=state,
                    state_name=self._t(STATE_NAMES.get(state, state)),
                    open=app.open,
                    form_done=app.form_done,
                    fields_to_fill=to_fill,
                    documents_missing=[self._document_need(d, app) for d in app.missing_documents()]
                    if app.open
                    else [],
                    deadline=app.deadline + 1 if app.deadline is not None and app.open else None,
                    blocked_rule=app.blocked_rule,
                    form_hours=round(pw.form_hours(app), 2) if app.open and not app.form_done else 0.0,
                    submit_hours=round(pw.submit_hours(app), 2) if app.open else 0.0,
                )
            )
        return out

    def _app(self, app_id: Any) -> Application | None:
        self._sync_apps()
        try:
            app = self._apps.get(int(app_id))
        except (TypeError, ValueError):
            return None
        return app if app is not None and self._visible(app) else None

    def form(self, app_id: int) -> list[FormField]:
        """The questions of the application's form as they stand now ([] when nothing is to be filled)."""
        app = self._app(app_id)
        if app is None or app.form_done or app.status not in (DRAFT, WAITING):
            return []
        h, pw = self.household, self.model.paperwork
        ask, known = pw.form_to_fill(app)
        facts = h.facts()
        out = []
        for f in app.fields:
            if f not in ask and f not in known:
                continue
            spec = self.scenario.fields[f]
            prefilled = facts.get(spec.fact, "") if f in known else None
            out.append(
                FormField(
                    id=f,
                    label=spec.label.get(self.lang),
                    kind=spec.kind,
                    choices=[c.get(self.lang) for c in spec.choices],
                    prefilled=prefilled,
                    asked_before=f in ask and spec.fact in h.supplied_fields and not app.correcting,
                    hint=self._hint(f),
                )
            )
        return out

    def _hint(self, field_id: str) -> str:
        spec = self.scenario.fields[field_id]
        kind = "bsn" if spec.fact == "bsn" else spec.kind
        if kind in HINTS:
            return self._t(HINTS[kind])
        if spec.kind == "choice":
            return " / ".join(c.get(self.lang) for c in spec.choices)
        return ""

    def mail(self) -> list[Letter]:
        return [Letter(x.id, x.week, x.key, dict(x.data), x.id in self._read) for x in self._letters]

    def unread(self) -> int:
        return sum(1 for x in self._letters if x.id not in self._read)

    def history(self) -> list[dict[str, float]]:
        return list(self.household.history or [])

    def log(self) -> list[LogEntry]:
        """What happened to the household and why, from the model's events (oldest first).
        The questions of one form are told in one line."""
        return build_log(self)

    # ------------------------------------------------------------------ final numbers
    def _outcomes(self) -> list[dict[str, Any]]:
        """metrics.household_outcomes of the model, computed once per state (the state changes
        only through commands and weeks)."""
        key = (self.model.week, len(self.commands))
        if self._outcomes_cache is None or self._outcomes_cache[0] != key:
            self._outcomes_cache = (key, household_outcomes(self.model))
        return self._outcomes_cache[1]

    def final_numbers(self) -> dict[str, Any]:
        """The player's outcomes, exactly the record the model keeps for every household."""
        hid = self.household.hid
        return dict(next(r for r in self._outcomes() if r["household"] == hid))

    def public_money(self, row: dict[str, Any]) -> dict[str, float]:
        """Public money spent on the household of an outcome row (final_numbers() or a row of
        population_outcomes()), in three kinds and their sum (simulation.outcomes.public_money)."""
        return public_money(row, self.scenario.unit_costs)

    def population_outcomes(self) -> pd.DataFrame:
        """The simulated households of the same run (without the player), OUTCOME_COLUMNS."""
        import pandas as pd

        from simulation.metrics import OUTCOME_COLUMNS

        rows = [r for r in self._outcomes() if r["household"] != self.household.hid]
        return pd.DataFrame(rows, columns=list(OUTCOME_COLUMNS))
