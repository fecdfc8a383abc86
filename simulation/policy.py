"""How a household decides.  The model calls ``policy.act(household)`` at the
start of the household's week and does not know who decides.

* :class:`RulePolicy`: a simulated household (bounded, boundedly rational).
* :class:`PlayerPolicy`: the game's player, who acts between weeks through
  :class:`player.session.PlayerSession`; at the step nothing is left to do.
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
        if h.todo:
            work = pw.open_work(h)
            if any(not a.noticed for a in work) and not_avoiding_post(h):
                read_post(h)
            for app in work:
                if h.hours_left <= 0:
                    return
                if app.noticed:
                    spend(h, pw.work_on(app, h.hours_left))
        if h.hours_left <= 0 or not h.need_since or m.week < h.shame_until:
            return
        # An accepted outreach visit overcomes shame for a while, not for ever.
        reached = h.outreach_week is not None and m.week - h.outreach_week < m.behaviour.outreach_effect_weeks
        week = m.week
        need = h.need_since
        shame = h.shame_weeks
        income_shame = income_shame_weeks(h) if "income" in need else shame
        if (
            not reached
            and week - min(need.values()) < shame
            and ("income" not in need or week - need["income"] < income_shame)
        ):
            return  # still too ashamed to take on any problem
        if not reached and not goes_this_week(h):
            return  # puts it off for another week
        for dom in sorted(need, key=lambda d: (need[d], d)):
            if not reached and week - need[dom] < (income_shame if dom == "income" else shame):
                continue
            if not pw.by_domain.get(dom):
                continue
            todo = startable(h, dom)
            if todo:
                spend(h, pw.work_on(pw.start(h, todo[0]), h.hours_left))
                return  # one new problem a week is as much as anyone takes on
            if not all(s in h.known_schemes for s in pw.by_domain.get(dom, ())):
                # Nothing it knows of can be tried now: ask whether there is more (once: a counter
                # that handles the problem names all its schemes).
                seek_help(h, dom)
                return


def income_shame_weeks(h: Household) -> float:
    """Weeks an income problem must last before the household asks about it.

    Shame holds every problem back for the household's ``shame_weeks``; the deeper its
    income falls below the norm, the sooner it asks about income (``income_urgency``:
    non-take-up of bijstand is highest where the entitlement is small, ESB 2022).
    """
    urgency = h.model.behaviour.income_urgency
    if urgency <= 0:
        return h.shame_weeks
    norm = h.norm()
    gap = max(0.0, min(1.0, (norm - h.income_against_norm()) / norm)) if norm > 0 else 0.0
    return h.shame_weeks * (1.0 - urgency * gap)


def goes_this_week(h: Household) -> bool:
    """Past its shame, a household still puts off asking for help from week to week: it goes
    with chance ``ask_chance`` a week, or ``ask_chance_pressed`` when the problem has become
    acute (homeless, a bailiff, or an eviction or cut-off procedure: NVVK, "pas als de
    deurwaarder voor de deur staat").  No draw is made when both chances are 1."""
    beh = h.model.behaviour
    if beh.ask_chance >= 1.0 and beh.ask_chance_pressed >= 1.0:
        return True  # nobody puts anything off: whether the problem is acute does not matter
    pressed = h.homeless or any(h.model.support.urgent(d) for d in h.debts.values())
    chance = beh.ask_chance_pressed if pressed else beh.ask_chance
    return chance >= 1.0 or h.rng_act.random() < chance


def startable(h: Household, dom: str) -> list[str]:
    """Schemes for a problem domain that the household knows of, may apply for now and thinks
    worth the trouble."""
    pw = h.model.paperwork
    return [
        sid
        for sid in pw.by_domain.get(dom, ())
        if sid in h.known_schemes and pw.may_apply(h, sid) and worth_claiming(h, sid)
    ]


def worth_claiming(h: Household, sid: str) -> bool:
    """A household does not claim an income top-up smaller than ``topup_min_gain`` euro a week:
    non-take-up of bijstand is highest where the entitlement is small (ESB 2022)."""
    least = h.model.behaviour.topup_min_gain
    if least <= 0 or sid not in h.model.provisions.income_topups:
        return True
    return h.norm() - h.own_income() >= least


def not_avoiding_post(h: Household) -> bool:
    """Stress makes people leave official letters unopened."""
    beh = h.model.behaviour
    return not h.rng_act.random() < beh.mail_avoidance * h.stress


def read_post(h: Household) -> None:
    """Open the post: every request that came by letter is now known to the household."""
    spend(h, h.model.mechanics.post_hours)
    for a in h.model.paperwork.open_work(h):
        a.noticed = True


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
    org = m.scenario.organisation
    if org.front_door is not None:
        ask_at_counter(h, org.front_door, dom)
        if h.case_manager is not None:
            return
    else:
        right = pw.counters_for(dom)
        if not right:
            return
        wrong = [c for c in m.counter_ids if c not in right]
        if wrong and h.rng_act.random() < m.behaviour.wrong_door:
            ask_at_counter(h, wrong[int(h.rng_act.random() * len(wrong))], dom)
        else:
            ask_at_counter(h, right[0], dom)
        return  # the next step is next week
    todo = startable(h, dom)
    if todo:
        spend(h, pw.work_on(pw.start(h, todo[0]), h.hours_left))


def ask_at_counter(h: Household, counter_id: str, dom: str) -> str:
    """Visit a counter and ask about a problem.  Returns 'front_door', 'helped' or 'sent_on'.

    The front door learns all the household's problems and may offer a case
    manager; a counter that handles the problem explains its schemes; any other
    counter sends the household on to the right one (which it then knows).
    """
    m = h.model
    pw = m.paperwork
    w = m.week
    spend(h, pw.visit_hours(counter_id))
    m.log.emit(w, h, ev.HELP_SOUGHT, domain=dom, counter=counter_id)
    m.log.emit(w, h, ev.VISIT, counter=counter_id, purpose="ask")
    if counter_id == m.scenario.organisation.front_door:
        for d in {*h.domains_now, dom}:
            h.known_schemes.update(pw.by_domain.get(d, ()))
        m.support.offer_case_manager(h)
        return "front_door"
    right = pw.counters_for(dom)
    h.known_schemes.update(pw.by_domain.get(dom, ()))
    if counter_id in right:
        return "helped"
    m.log.emit(w, h, ev.SENT_ON, counter=counter_id, to=right[0] if right else None, domain=dom)
    m.letter(h, "sent_on", counter=counter_id, to=right[0] if right else None, domain=dom)
    h.change_trust(-m.behaviour.trust_loss_sent_on)
    return "sent_on"
