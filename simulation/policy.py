"""How a household decides.  The model calls ``policy.act(household)`` at the
start of the household's week and does not know who decides.

* :class:`RulePolicy`: a simulated household (bounded, boundedly rational).
* :class:`PlayerPolicy`: the game's player, who acts between weeks through
  :class:`simulation.session.PlayerSession`; at the step nothing is left to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from . import events as ev

if TYPE_CHECKING:
    from .household import Household


class Policy(Protocol):
    def act(self, h: Household) -> None: ...


class PlayerPolicy:
    def act(self, h: Household) -> None:
        return None


class RulePolicy:
    """Work through what has a deadline; then, once shame is overcome, seek help."""

    def act(self, h: Household) -> None:
        m = h.model
        if h.case_manager is not None:
            return  # the case manager does the paperwork (support.CaseManager.step)
        pw = m.paperwork
        if h.applications:
            work = pw.open_work(h)
            if any(not a.noticed for a in work) and open_post(h):
                for a in work:
                    a.noticed = True
            for app in work:
                if h.hours_left <= 0:
                    return
                if app.noticed:
                    spend(h, pw.work_on(app, h.hours_left))
        if h.hours_left <= 0 or not h.need_since or m.week < h.shame_until:
            return
        for dom in sorted(h.need_since, key=lambda d: (h.need_since[d], d)):
            if m.week - h.need_since[dom] < h.shame_weeks and h.outreach_week is None:
                continue
            if not pw.by_domain.get(dom):
                continue
            todo = startable(h, dom)
            if todo:
                spend(h, pw.work_on(pw.start(h, todo[0]), h.hours_left))
                return  # one new problem a week is as much as anyone takes on
            if not any(s in h.known_schemes for s in pw.by_domain.get(dom, ())):
                seek_help(h, dom)
                return


def startable(h: Household, dom: str) -> list[str]:
    """Schemes for a problem domain that the household knows of and may apply for now."""
    pw = h.model.paperwork
    return [sid for sid in pw.by_domain.get(dom, ()) if sid in h.known_schemes and pw.may_apply(h, sid)]


def open_post(h: Household) -> bool:
    """Stress makes people leave official letters unopened."""
    beh = h.model.scenario.behaviour
    if h.rng_act.random() < beh.mail_avoidance * h.stress:
        return False
    spend(h, 0.25)
    return True


def spend(h: Household, hours: float) -> None:
    """Household hours on paperwork, counted in the tallies."""
    h.hours_left -= hours
    h.model.log.add(h, "paperwork_hours", hours)


def seek_help(h: Household, dom: str) -> None:
    """Go and ask for help with one problem domain.

    With a front door the household goes there and is helped with all its
    problems at once; otherwise it must find the right counter itself and may
    be sent on.  Then it applies for a scheme it knows and thinks it can get.
    """
    m = h.model
    pw = m.paperwork
    sup = m.support
    org = m.scenario.organisation
    w = m.week
    m.log.emit(w, h, ev.HELP_SOUGHT, domain=dom)
    schemes = pw.by_domain.get(dom, [])
    if org.front_door is not None:
        spend(h, pw.visit_hours(org.front_door))
        m.log.emit(w, h, ev.VISIT, counter=org.front_door, purpose="front_door")
        for d in h.domains_now:
            h.known_schemes.update(pw.by_domain.get(d, ()))
        if sup.offer_case_manager(h):
            return
    elif not any(s in h.known_schemes for s in schemes):
        right = sorted({m.scenario.schemes[s].counter for s in schemes})
        if not right:
            return
        wrong = [c for c in m.counter_ids if dom not in m.scenario.counters[c].domains]
        if wrong and h.rng_act.random() < m.scenario.behaviour.wrong_door:
            door = wrong[int(h.rng_act.random() * len(wrong))]
            spend(h, pw.visit_hours(door))
            m.log.emit(w, h, ev.VISIT, counter=door, purpose="ask")
            m.log.emit(w, h, ev.SENT_ON, counter=door, to=right[0], domain=dom)
            h.change_trust(-m.scenario.behaviour.trust_loss_sent_on)
        else:
            spend(h, pw.visit_hours(right[0]))
            m.log.emit(w, h, ev.VISIT, counter=right[0], purpose="ask")
        h.known_schemes.update(schemes)
        return  # the next step is next week
    todo = startable(h, dom)
    if todo:
        spend(h, pw.work_on(pw.start(h, todo[0]), h.hours_left))
