"""The integral city as something the player does (a part of :class:`PlayerSession`).

The first conversation with the case manager, where the player decides what to tell; the shared
plan (what the case manager arranges, what is kept back, what is left to the household); asking
for the custom budget or for the breakthrough team; and the epilogue after the last week.  Every
decision is the model's: the custom budget's spending rule (``support.budget_blocker``), the
breakthrough team's (``support.escalation_blocker``), a case manager's applications
(``CaseManager.starts``), and what kept-back facts do to the forms a case manager fills
(``paperwork.fill_form``: a withheld field makes the file incomplete).  Nothing here decides.

Commands (journaled like the others, so a save replays them)::

    tell_case_manager(withhold)   the conversation: of the sensitive facts (fields marked sensitive
                                  in the scenario) the player keeps back ``withhold`` and tells the rest
    ask_custom_budget()           the case manager asks the custom budget to pay arrears now
    ask_escalation(app_id)        an application stuck on a rule goes to the breakthrough team

Views: ``sensitive_facts()``, ``plan()``; ``epilogue(weeks)`` runs a copy of the model on past the
last week (the household now acts as the simulated ones do) and reports what happened.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from loket_i18n.numbers import euro
from simulation import events as ev
from simulation.paperwork import DRAFT

from .commands import Commands

if TYPE_CHECKING:
    from .views import Outcome

#: Model events the epilogue tells (what became of what was started).
EPILOGUE_KINDS = (
    ev.GRANTED,
    ev.REJECTION,
    ev.SANCTION,
    ev.CRISIS,
    ev.OVERRULE,
    ev.BUDGET_SPENT,
    ev.DEADLINE_MISSED,
    ev.CASE_CLOSED,
    ev.ENDED,
    ev.BLOCKED,
)
EPILOGUE_WEEKS = 26


@dataclass(frozen=True)
class FactView:
    fact: str
    label: str
    value: str
    told: bool | None  # True told, False kept back, None not talked about yet


@dataclass(frozen=True)
class Plan:
    case_manager: bool
    arranging: list[str]  # "scheme (counter): state" of what the case manager works on or will start
    kept_back: list[str]  # labels of facts kept back
    own_tasks: list[str]  # what is left to the household
    stuck: list[tuple[int, str, str]]  # (application id, scheme, rule) of applications stuck on a rule
    budget_received: float
    budget_max: float
    contact_hours: float


@dataclass
class Epilogue:
    weeks_played: int
    horizon: int  # the last week the model ran to
    pending: list[str]  # what was still open when the play stopped
    events: list[tuple[int, str]] = field(default_factory=list)  # (week, text) after the play
    numbers: dict[str, Any] = field(default_factory=dict)  # the household's outcomes at the horizon
    before: dict[str, Any] = field(default_factory=dict)  # the same at the end of the play


class IntegralCommands(Commands):
    """The integral city's commands and views; PlayerSession is built on them."""

    # ------------------------------------------------------------------ views
    def _sensitive(self) -> dict[str, Any]:
        """fact -> the field spec that asks it, of the sensitive fields of the scenario."""
        out: dict[str, Any] = {}
        for spec in self.scenario.fields.values():
            if spec.sensitive and spec.fact not in out:
                out[spec.fact] = spec
        return out

    def sensitive_facts(self) -> list[FactView]:
        h = self.household
        facts = h.facts()
        return [
            FactView(
                fact,
                spec.label.get(self.lang),
                str(facts.get(fact, "")),
                True if fact in h.tells else False if fact in h.withholds else None,
            )
            for fact, spec in self._sensitive().items()
        ]

    def plan(self) -> Plan:
        t, h = self._t, self.household
        cm = h.case_manager
        arranging = [
            f"{self.scheme_name(a.scheme)} ({a.counter_name}): {a.state_name}" for a in self.applications() if a.open
        ]
        if cm is not None:
            arranging += [
                f"{self.scheme_name(sid)} ({self.counter_name(self.scenario.schemes[sid].counter)}): "
                + t("start deze week")
                for sid in dict.fromkeys(cm.starts(h))
            ]
        kept = [v.label for v in self.sensitive_facts() if v.told is False]
        tasks = []
        if cm is not None:
            tasks.append(
                t("Elke week een gesprek met uw casemanager ({h} uur van uw tijd).").format(
                    h=self._hours(self.scenario.organisation.case_managers.contact_hours)
                )
            )
        if kept:
            tasks.append(
                t("Wat u nog niet vertelde, ontbreekt op de formulieren die uw casemanager invult: {facts}.").format(
                    facts=", ".join(kept)
                )
            )
        if self.unread():
            tasks.append(t("Uw post lezen: {n} ongelezen.").format(n=self.unread()))
        stuck = [
            (aid, self.scheme_name(app.scheme_id), app.blocked_rule)
            for aid, app in sorted(self._apps.items())
            if app.open and app.status == DRAFT and app.blocked_rule is not None and self._visible(app)
        ]
        for _aid, scheme, rule in stuck:
            tasks.append(
                t("Beslissen over {scheme}: vast op de regel {rule}.").format(scheme=scheme, rule=self.rule_name(rule))
            )
        cb = self.scenario.organisation.custom_budget
        return Plan(
            cm is not None,
            arranging,
            kept,
            tasks,
            stuck,
            round(h.budget_received, 2),
            float(cb.max_per_household),
            self.scenario.organisation.case_managers.contact_hours,
        )

    # ------------------------------------------------------------------ commands
    def tell_case_manager(self, withhold: list[str]) -> Outcome:
        return self._run("tell_case_manager", {"withhold": list(withhold)})

    def _tell_case_manager(self, withhold: Any) -> Outcome:
        from .views import Outcome

        t, h = self._t, self.household
        if self.scenario.organisation.front_door is None or not self.model.support.managers:
            return self._refuse(t("Hier zijn geen casemanagers: u regelt alles zelf, loket voor loket."))
        sensitive = self._sensitive()
        if not isinstance(withhold, list) or any(f not in sensitive for f in withhold):
            return self._refuse(t("Dat is geen gegeven waar de casemanager naar vraagt."))
        kept = frozenset(withhold)
        h.withholds = kept
        h.tells = frozenset(sensitive) - kept
        if kept:
            names = ", ".join(sensitive[f].label.get(self.lang) for f in sorted(kept))
            msg = t("U houdt voor u: {facts}. Formulieren die daarnaar vragen, zijn dan niet volledig.").format(
                facts=names
            )
        else:
            msg = t("U vertelt alles. Uw casemanager kan elk formulier volledig invullen.")
        return Outcome(True, 0.0, msg, {"withhold": sorted(kept)})

    def ask_custom_budget(self) -> Outcome:
        return self._run("ask_custom_budget", {})

    def _ask_custom_budget(self) -> Outcome:
        from .views import Outcome

        t, h, m = self._t, self.household, self.model
        if h.case_manager is None:
            return self._refuse(t("Alleen een casemanager kan het maatwerkbudget aanvragen."))
        why = m.support.budget_blocker(h)
        if why is not None:
            cb = self.scenario.organisation.custom_budget
            reason = {
                "spent": t("het budget van dit jaar is op"),
                "household_max": t("u kreeg al het meeste dat één huishouden mag krijgen ({max})").format(
                    max=euro(cb.max_per_household, self.lang, space=False)
                ),
                "not_urgent": t(
                    "het betaalt alleen achterstanden die een crisis dreigen te worden (een "
                    "deurwaarder of een rechtszaak), en die heeft u nu niet"
                ),
            }[why]
            return Outcome(
                True, 0.0, t("Geen maatwerkbudget: {reason}.").format(reason=reason), {"paid": 0.0, "reason": why}
            )
        before = h.budget_received
        m.support.use_budget(h)
        paid = round(h.budget_received - before, 2)
        return Outcome(
            True,
            0.0,
            t("Het maatwerkbudget betaalt {amount} van uw dreigende achterstanden.").format(
                amount=euro(paid, self.lang, space=False)
            ),
            {"paid": paid, "reason": None},
        )

    def ask_escalation(self, app_id: int) -> Outcome:
        return self._run("ask_escalation", {"app_id": app_id})

    def _ask_escalation(self, app_id: Any) -> Outcome:
        from .views import Outcome

        t, h, m = self._t, self.household, self.model
        if h.case_manager is None:
            return self._refuse(t("Alleen een casemanager kan een regel aan het doorbraakteam voorleggen."))
        app = self._app(app_id)
        if app is None or not app.open or app.blocked_rule is None or app.status != DRAFT:
            return self._refuse(t("Deze aanvraag zit niet vast op een regel."))
        rule = app.blocked_rule
        names = {"rule": self.rule_name(rule), "scheme": self.scheme_name(app.scheme_id)}
        why = m.support.escalation_blocker(rule)
        m.support.escalate(app, rule)
        if why == "no_team":
            msg = t("Er is geen doorbraakteam. {scheme} is afgewezen op de regel {rule}.").format(**names)
        elif why == "not_overrulable":
            msg = t("De regel {rule} mag ook het doorbraakteam niet opzijzetten. {scheme} is afgewezen.").format(
                **names
            )
        else:
            msg = t(
                "Uw casemanager legt de regel {rule} voor aan het doorbraakteam; dat beslist zodra het "
                "tijd heeft voor uw zaak."
            ).format(**names)
        return Outcome(True, 0.0, msg, {"escalated": why is None, "reason": why})

    # ------------------------------------------------------------------ after the last week
    def epilogue(self, weeks: int = EPILOGUE_WEEKS) -> Epilogue:
        """Run a copy of the model ``weeks`` more weeks; the household now acts as the simulated
        households do (its case manager, if any, goes on).  The play itself is not changed."""
        from simulation.metrics import household_outcomes
        from simulation.policy import RulePolicy

        from .narration import event_text

        pending = [f"{a.scheme_name}: {a.state_name}" for a in self.applications() if a.open]
        model = copy.deepcopy(self.model)
        h = model.player
        assert h is not None  # a play always has the player's household
        h.policy = RulePolicy()
        start = model.week
        for _ in range(max(0, int(weeks))):
            model.step()
        events = [
            (e.week + 1, event_text(self, e.kind, e.data))
            for e in model.log.for_household(h.hid, start)
            if e.kind in EPILOGUE_KINDS
        ]
        numbers = next(r for r in household_outcomes(model) if r["household"] == h.hid)
        return Epilogue(self.weeks, model.week, pending, [x for x in events if x[1]], numbers, self.final_numbers())


__all__ = ["EPILOGUE_WEEKS", "Epilogue", "FactView", "IntegralCommands", "Plan"]
