"""CityModel: one neighbourhood, one step = one week."""

from __future__ import annotations

from typing import Any, cast

import mesa

from . import events as ev
from .counter import Counter
from .events import Tally
from .household import Entitlement, Household
from .letters_keys import LETTER_KEYS
from .metrics import WEEKLY_COLUMNS, WeeklyStats
from .paperwork import Paperwork
from .policy import PlayerPolicy, RulePolicy
from .population import draw_profile, persona_profile
from .provisions import Provisions
from .reconcile import Reconciler
from .schema import Behaviour, Budget, CreditorRole, CreditorSpec, LifeEvents, Mechanics, Plain, Scenario
from .streams import uniform_rows
from .support import Support

#: uniform numbers per household per week for its life events (Household._life_events)
LIFE_DRAWS = 8


class CityModel(mesa.Model):
    """The world that the game, the council mode and batch runs all share.

    ``households`` simulated households are drawn from the scenario's population;
    with ``player_persona`` one more household (the player's) takes its decisions
    from the player.  ``track`` keeps full event lists for the first households
    of the population (the player's is always tracked).
    """

    def __init__(
        self,
        scenario: Scenario,
        seed: int = 0,
        households: int | None = None,
        player_persona: str | None = None,
        track: int = 0,
    ) -> None:
        super().__init__(rng=seed)
        self.seed = int(seed)
        self.scenario = scenario
        # The one way the model reads a scenario's settings: these four, as plain attributes (fast to
        # read every household-week, see schema.Plain) with the section's own values and type.
        self.budget = cast(Budget, Plain(scenario.budget))
        self.life_events = cast(LifeEvents, Plain(scenario.life_events))
        self.behaviour = cast(Behaviour, Plain(scenario.behaviour))
        self.mechanics = cast(Mechanics, Plain(scenario.mechanics))
        self.creditors = {k: cast(CreditorSpec, Plain(c)) for k, c in scenario.creditors.items()}
        #: the creditor that holds each role (rent, energy, insurance, consumer, municipality, ...)
        self.creditor_for: dict[CreditorRole, str] = {
            c.role: k for k, c in scenario.creditors.items() if c.role != "other"
        }
        self.week = 0
        self.log = ev.EventLog()
        self.public = Tally()
        self.paperwork = Paperwork(self)
        self.provisions = Provisions(self)
        self.reconciler = Reconciler(self)
        n = scenario.households if households is None else households
        self.population_size = n  # simulated households; capacities per 1,000 are per these
        self.counter_ids = list(scenario.counters)
        #: creditors that can start an eviction or cut-off procedure
        self.procedure_creditors = frozenset(
            k for k, c in scenario.creditors.items() if c.procedure_weeks is not None and c.crisis != "none"
        )
        self.counters = {cid: Counter(self, cid) for cid in self.counter_ids}
        self.support = Support(self)
        policy = RulePolicy()
        self.households: list[Household] = []
        for hid in range(n):
            if hid < track:
                self.log.track(hid)
            self.households.append(Household(self, hid, draw_profile(scenario, self.seed, hid), policy))
        self.player: Household | None = None
        if player_persona is not None:
            self.log.track(n)
            profile = persona_profile(scenario, self.seed, player_persona, n)
            self.player = Household(self, n, profile, PlayerPolicy())
            self.player.history = []
            self.households.append(self.player)
        self.household_by_hid = {h.hid: h for h in self.households}
        for h in self.households:
            self._initial_entitlements(h)
            h.domains_now = h.problem_domains()
            h.stress = h.stress_target()  # start in equilibrium, not from zero
            h.hours_left = h.capacity()
        self.stats = WeeklyStats(self)
        self.datacollector = mesa.DataCollector(
            model_reporters={col: (lambda m, c=col: m.stats.row[c]) for col in WEEKLY_COLUMNS}
        )

    def _initial_entitlements(self, h: Household) -> None:
        """At the start, a household already receives what it is known to have (``starts_with``)
        and the benefits it knows of and is entitled to.  Non-take-up is what it does not know."""
        pw = self.paperwork
        for sid in sorted(set(h.starts_with) | h.known_schemes):
            s = self.scenario.schemes[sid]
            explicit = sid in h.starts_with
            if not explicit and (
                s.effect not in ("income_topup", "weekly_amount", "cost_reduction")
                or not pw.eligible(h, sid)
                or not all(pw.rule_holds(h, r) for r in s.blocking_rules)
            ):
                continue
            proof = -1 - (h.hid % (s.reproof_weeks or 1))  # re-proofs spread over the year
            h.entitlements[sid] = Entitlement(sid, -1, proof, reported_income=h.own_income())
            h.known_schemes.add(sid)
            if s.effect == "cost_reduction" and s.cost:
                h.cost_reductions.add(s.cost)

    # ------------------------------------------------------------------ services used by agents
    def benefit_amount(self, h: Household, ent: Entitlement, actual: bool = False) -> float:
        return self.provisions.benefit_amount(h, ent, actual)

    def letter(self, h: Household, key: str, **data: Any) -> None:
        if key not in LETTER_KEYS:
            raise ValueError(f"unknown letter '{key}': add it to simulation/letters_keys.py and game/letters.py")
        self.log.emit(self.week, h, ev.LETTER, letter=key, **data)

    def crisis(self, h: Household, kind: str) -> None:
        costs = self.scenario.unit_costs.crisis
        self.public["crisis_costs"] += getattr(costs, kind)
        self.log.emit(self.week, h, ev.CRISIS, what=kind)
        self.log.add(h, f"crisis_{kind}", 1)
        self.letter(h, f"crisis_{kind}")
        beh = self.behaviour
        h.stress = min(1.0, h.stress + beh.crisis_stress)
        h.change_trust(-beh.crisis_trust_loss)

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        self.public = Tally()
        self.stats.begin_week()
        # Row hid: household hid's numbers for this week's life events, the same in every organisation.
        self.life_draws = uniform_rows(len(self.households), LIFE_DRAWS, self.seed, "life", self.week)
        self.reconciler.week()  # a new year; last year's advances settled
        # Households in a random order: the permutation of mesa's AgentSet.shuffle_do (the model's
        # generator shuffles the households in the order they were added), without its weak refs.
        order = self.households.copy()
        self.random.shuffle(order)
        for h in order:
            h.step()
        self.support.step()
        for cid in self.counter_ids:
            self.counters[cid].step()
        flows = self.log.close_week()
        self.stats.end_week(flows, self.public)
        self.datacollector.collect(self)
        if self.player is not None and self.player.history is not None:
            self.player.history.append(self.player.snapshot())
        self.week += 1

    def in_weeks(self, window: tuple[int, int] | None) -> bool:
        """Whether this week of the year (0-51; the model starts in week 0 of a year) lies in
        ``window`` (first, last), which may wrap round the new year."""
        if window is None:
            return False
        first, last = window
        wk = self.week % 52
        return first <= wk <= last if first <= last else (wk >= first or wk <= last)

    def run(self, weeks: int | None = None) -> None:
        for _ in range(self.scenario.weeks if weeks is None else weeks):
            self.step()
