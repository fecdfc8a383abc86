"""The player's log: what happened to the household and why, told from the model's events
in the session's language (i18n domain "session")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulation import events as ev

from .views import LogEntry

if TYPE_CHECKING:
    from .vocabulary import Vocabulary


def build_log(s: Vocabulary) -> list[LogEntry]:
    """What happened to the household and why, from the model's events (oldest first).
    The questions of one form are told in one line."""
    items: list[LogEntry | tuple[int, str]] = []
    forms: dict[tuple[int, str], list[int]] = {}
    order = (ev.FIELD_SUPPLIED, ev.FIELD_REPEATED, ev.FIELD_PREFILLED)
    for e in s.model.log.for_household(s.household.hid):
        if e.kind in order:
            key = (e.week, e.data.get("counter", ""))
            if key not in forms:
                forms[key] = [0, 0, 0]
                items.append(key)
            forms[key][order.index(e.kind)] += 1
            continue
        text = event_text(s, e.kind, e.data)
        if text:
            items.append(LogEntry(e.week + 1, e.kind, text))
    out = []
    for item in items:
        if isinstance(item, tuple):
            n, again, pre = forms[item]
            text = (
                s._t(
                    "{counter}: formulier met {n} vraag, waarvan {again} die u al eens aan een ander loket "
                    "gaf; {pre} gegevens waren al ingevuld."
                )
                if n == 1
                else s._t(
                    "{counter}: formulier met {n} vragen, waarvan {again} die u al eens aan een ander loket gaf; "
                    "{pre} gegevens waren al ingevuld."
                )
            )
            item = LogEntry(
                item[0] + 1, "form", text.format(counter=s.counter_name(item[1]), n=n, again=again, pre=pre)
            )
        out.append(item)
    return out


def event_text(s: Vocabulary, kind: str, d: dict[str, Any]) -> str:
    t = s._t
    names = {
        "scheme": s.scheme_name(d.get("scheme")),
        "counter": s.counter_name(d.get("counter")),
        "to": s.counter_name(d.get("to")) if d.get("to") else t("niemand"),
        "rule": s.rule_name(d.get("rule")),
        "document": s.document_name(d.get("document")),
        "creditor": s.creditor_name(d.get("creditor")),
        "domain": s.domain_name(d.get("domain")).lower(),
        "deadline": (d["deadline"] + 1) if isinstance(d.get("deadline"), int) else "",
        "amount": d.get("amount", ""),
        "fee": d.get("fee", ""),
        "statements": d.get("statements", 1),
    }
    if kind == ev.VISIT:
        if d.get("purpose") == "document":
            return t("U ging naar {counter} om een document te halen.").format(**names)
        if d.get("purpose") == "submit":
            return t("U leverde uw papieren in bij {counter}.").format(**names)
        return ""  # a visit to ask is told by help_sought
    if kind == ev.SENT_ON and not d.get("to"):
        return t("{counter} had geen regeling voor {domain}, en geen ander loket heeft die.").format(**names)
    if kind == ev.HELP_SOUGHT:
        if d.get("by") == "phone":
            return t("U belde met {counter}.").format(**names)
        return t("U vroeg bij {counter} om hulp bij {domain}.").format(**names)
    if kind == ev.REJECTION:
        msg = {
            "incomplete": t("Aanvraag {scheme} afgewezen: uw aanvraag was niet compleet."),
            "not_eligible": t("Aanvraag {scheme} afgewezen: u voldoet niet aan de voorwaarden."),
            "rule": t("Aanvraag {scheme} afgewezen: {rule}."),
        }.get(str(d.get("reason")), t("Aanvraag {scheme} afgewezen."))
        return msg.format(**names)
    if kind == ev.GRANTED:
        if d.get("automatic"):
            return t("{scheme} automatisch toegekend, uit gegevens die de overheid al had.").format(**names)
        return t("{scheme} toegekend.").format(**names)
    if kind == ev.ENDED:
        reason = {
            "no_longer_eligible": t("u heeft er geen recht meer op"),
            "duration": t("de looptijd is om"),
            "paid": t("de achterstand is betaald"),
            "completed": t("de regeling is afgerond"),
        }
        return t("{scheme} gestopt: {reason}.").format(
            reason=reason.get(str(d.get("reason")), d.get("reason")), **names
        )
    if kind == ev.CRISIS:
        return {
            "eviction": t("Huisuitzetting: u bent uw woning kwijt."),
            "cutoff": t("De energie is afgesloten."),
            "seizure": t("De deurwaarder legt beslag op uw inkomen."),
            "health": t("Gezondheidscrisis: de stress eist zijn tol."),
        }.get(str(d.get("what")), "")
    if kind == ev.DEBT_ESCALATED:
        return {
            1: t("Herinnering van {creditor}."),
            2: t("{creditor} schakelt een incassobureau in: EUR {fee} kosten erbij."),
            3: t("{creditor} schakelt de deurwaarder in: EUR {fee} kosten erbij."),
        }.get(int(d.get("stage") or 0), "").format(**names)
    if kind == ev.LIFE_EVENT:
        return {
            "job_loss": t("Er is een baan verloren gegaan."),
            "job_found": t("Er is werk gevonden."),
            "illness": t("Ziek geworden."),
            "separation": t("Uit elkaar gegaan."),
            "partner": t("Er is een partner bij u komen wonen."),
            "unexpected_cost": t("Onverwachte kosten: de wasmachine, de tandarts, een boete."),
        }.get(str(d.get("what")), "")
    if kind == ev.CLAWBACK and "year" in d:
        return t(
            "Terugvordering {scheme} na de definitieve berekening over vorig jaar: EUR {amount}; uw inkomen was "
            "hoger dan geschat."
        ).format(**names)
    templates = {
        ev.APPLICATION_FILED: t("Aanvraag {scheme} ingediend bij {counter}."),
        ev.SENT_ON: t("Verkeerd loket: {counter} gaat niet over {domain} en stuurde u door naar {to}."),
        ev.DOCUMENT_REQUESTED: t("{counter} mist nog: {document}."),
        ev.DOCUMENT_FETCHED: t("{document} opgehaald."),
        ev.DOCUMENT_SHARED: t("{document} ging van loket naar loket: geen werk voor u."),
        ev.DEADLINE_SET: t("Lever de ontbrekende stukken voor {scheme} uiterlijk in week {deadline} aan."),
        ev.DEADLINE_MISSED: t("De termijn voor {scheme} is verstreken."),
        ev.DEADLINE_EXTENDED: t("De termijn voor {scheme} is verlengd tot en met week {deadline}."),
        ev.SANCTION: t("Sanctie op {scheme}: een gemiste termijn telt als niet willen meewerken."),
        ev.CLAWBACK: t("Terugvordering {scheme}: EUR {amount}, omdat een wijziging niet op tijd bekend was."),
        ev.BACKPAYMENT: t("Nabetaling {scheme} na de definitieve berekening over vorig jaar: EUR {amount}."),
        ev.BLOCKED: t("Vastgelopen ({scheme}): {rule}."),
        ev.REPROOF: t("{scheme}: u moet opnieuw aantonen dat u er recht op heeft, uiterlijk in week {deadline}."),
        ev.OVERRULE: t("Het doorbraakteam zette de regel '{rule}' opzij voor {scheme}."),
        ev.WAIVED: t("De professional gebruikte de ruimte in de regels: '{rule}' geldt niet voor {scheme}."),
        ev.ESCALATED: t("Uw casemanager legde '{rule}' voor aan het doorbraakteam ({scheme})."),
        ev.BUDGET_SPENT: t("Het maatwerkbudget betaalde EUR {amount} aan {creditor}."),
        ev.SIGNAL: t("{creditor} meldde uw achterstand aan de gemeente (vroegsignalering)."),
        ev.OUTREACH: t("Iemand van het wijkteam kwam bij u langs na het vroegsignaal."),
        ev.CASE_OPENED: t("U heeft nu een casemanager, die uw papierwerk met u overneemt."),
        ev.CASE_CLOSED: t("Uw situatie is stabiel; de casemanager sluit het dossier."),
    }
    tpl = templates.get(kind)
    return tpl.format(**names) if tpl else ""
