"""The player's commands (see player/session.py for the list).  Each public command runs its
``_command`` through the journal; every step goes through the functions the simulated households
use (simulation/paperwork.py, policy.py, support.py), so nothing here decides a rule."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from simulation import events as ev
from simulation.answers import check_answer
from simulation.paperwork import DRAFT, QUEUED, WAITING, Application
from simulation.policy import ask_at_counter, read_post, spend

from .journal import Journal
from .views import DOMAIN_NAMES, STATE_NAMES, Outcome


class Commands(Journal):
    """read_letter, visit, phone, apply, fill_form, fetch_document, submit, ask_network,
    ask_case_manager, end_week."""

    def read_letter(self, letter_id: int) -> Outcome:
        return self._run("read_letter", {"letter_id": letter_id})

    def _read_letter(self, letter_id: Any) -> Outcome:
        try:
            letter = self._letters[int(letter_id)]
        except (TypeError, ValueError, IndexError):
            return self._refuse(self._t("Die brief bestaat niet."))
        hours = 0.0
        if letter.id >= self._post_opened_upto and not self.finished:
            refusal = self._too_little_time(self.model.mechanics.post_hours)
            if refusal:
                return refusal
            read_post(self.household)
            self._post_opened_upto = len(self._letters)
            hours = self.model.mechanics.post_hours
        self._read.add(letter.id)
        return Outcome(True, hours, self._t("Brief gelezen."), {"letter": asdict(letter) | {"read": True}})

    def visit(self, counter_id: str, domain: str) -> Outcome:
        return self._run("visit", {"counter_id": counter_id, "domain": domain})

    def _visit(self, counter_id: str, domain: str) -> Outcome:
        t, h, m = self._t, self.household, self.model
        if counter_id not in self.scenario.counters:
            return self._refuse(t("Dat loket bestaat niet."))
        if domain not in DOMAIN_NAMES:
            return self._refuse(
                t("Kies waar uw vraag over gaat: {domains}.").format(
                    domains=", ".join(self.domain_name(d) for d in DOMAIN_NAMES)
                )
            )
        refusal = self._too_little_time(m.paperwork.visit_hours(counter_id))
        if refusal:
            return refusal
        known = set(h.known_schemes)
        had_cm = h.case_manager is not None
        result = ask_at_counter(h, counter_id, domain)
        learned = sorted(h.known_schemes - known)
        names = {
            "counter": self.counter_name(counter_id),
            "domain": self.domain_name(domain).lower(),
            "schemes": ", ".join(self.scheme_name(s) for s in learned) or t("niets nieuws"),
        }
        data: dict[str, Any] = {"result": result, "learned": learned}
        if result == "sent_on":
            right = m.paperwork.counters_for(domain)
            data["to"] = right[0] if right else None
            if data["to"] is None:  # no counter has a scheme for it: there is nowhere to send you
                msg = t(
                    "{counter} heeft geen regeling voor {domain}, en geen ander loket heeft die: "
                    "u kunt hiermee nergens terecht."
                ).format(**names)
            else:
                msg = t("Verkeerd loket: {counter} gaat niet over {domain}. U wordt doorgestuurd naar {to}.").format(
                    to=self.counter_name(data["to"]), **names
                )
        elif result == "front_door":
            data["case_manager"] = h.case_manager is not None
            msg = t("{counter} kijkt naar al uw problemen tegelijk. Nieuw voor u: {schemes}.").format(**names)
            if h.case_manager is not None and not had_cm:
                msg += " " + t("U krijgt een casemanager.")
        else:
            msg = t("{counter} legt uit wat er is voor {domain}. Nieuw voor u: {schemes}.").format(**names)
        return Outcome(True, 0.0, msg, data)

    def phone(self, counter_id: str) -> Outcome:
        return self._run("phone", {"counter_id": counter_id})

    def _phone(self, counter_id: str) -> Outcome:
        t, h, m = self._t, self.household, self.model
        if counter_id not in self.scenario.counters:
            return self._refuse(t("Dat loket bestaat niet."))
        price = m.paperwork.wait_hours(counter_id)
        refusal = self._too_little_time(price)
        if refusal:
            return refusal
        spend(h, price)
        m.log.emit(m.week, h, ev.HELP_SOUGHT, counter=counter_id, domain=None, by="phone")
        schemes = sorted(sid for sid, s in self.scenario.schemes.items() if s.counter == counter_id)
        learned = sorted(set(schemes) - h.known_schemes)
        h.known_schemes.update(schemes)
        docs = sorted({d for sid in schemes for d in self.scenario.schemes[sid].documents})
        issuers = {d: [i for i, _ in self._document_need(d).issuers] for d in docs}
        parts = [f"{self.scheme_name(s)}" for s in schemes]
        msg = t("{counter} aan de telefoon: hier kunt u terecht voor {schemes}.").format(
            counter=self.counter_name(counter_id), schemes=", ".join(parts) or t("geen regelingen")
        )
        if docs:
            msg += " " + t("Nodig: {documents}.").format(
                documents="; ".join(
                    f"{self.document_name(d)} ({', '.join(self.counter_name(i) for i in issuers[d])})" for d in docs
                )
            )
        return Outcome(True, 0.0, msg, {"schemes": schemes, "learned": learned, "documents": issuers})

    def apply(self, scheme_id: str) -> Outcome:
        return self._run("apply", {"scheme_id": scheme_id})

    def _apply(self, scheme_id: str) -> Outcome:
        t, h, m = self._t, self.household, self.model
        pw = m.paperwork
        if scheme_id not in self.scenario.schemes:
            return self._refuse(t("Die regeling bestaat niet."))
        name = self.scheme_name(scheme_id)
        if scheme_id not in h.known_schemes:
            return self._refuse(t("U weet nog niet dat {scheme} bestaat of waar u die aanvraagt.").format(scheme=name))
        if not pw.may_apply(h, scheme_id):
            state = self._scheme_state(scheme_id)
            reason = {
                "granted": t("U krijgt {scheme} al."),
                "automatic": t("U krijgt {scheme} al."),
                "applied": t("U heeft {scheme} al aangevraagd."),
                "rejected": t("{scheme} is kort geleden afgewezen; u kunt pas vanaf week {week} opnieuw aanvragen."),
            }.get(state, t("{scheme} wordt automatisch toegekend; u hoeft niets aan te vragen."))
            return self._refuse(reason.format(scheme=name, week=h.rejected_until.get(scheme_id, 0) + 2))
        app = pw.start(h, scheme_id)
        self._mine.add(app.aid)
        self._sync_apps()
        return Outcome(
            True,
            0.0,
            t("Aanvraag {scheme} gestart bij {counter}.").format(
                scheme=name, counter=self.counter_name(app.counter_id)
            ),
            {"app_id": app.aid},
        )

    def _open_app(self, app_id: Any) -> tuple[Application | None, Outcome | None]:
        app = self._app(app_id)
        if app is None:
            return None, self._refuse(self._t("Die aanvraag bestaat niet."))
        if app.status not in (DRAFT, WAITING):
            return None, self._refuse(
                self._t("Aan deze aanvraag valt nu niets te doen ({state}).").format(
                    state=self._t(STATE_NAMES.get(self._app_state(app), app.status))
                )
            )
        return app, None

    def fill_form(self, app_id: int, answers: dict[str, str]) -> Outcome:
        return self._run("fill_form", {"app_id": app_id, "answers": answers})

    def _fill_form(self, app_id: Any, answers: Any) -> Outcome:
        t, h, m = self._t, self.household, self.model
        pw = m.paperwork
        app, refusal = self._open_app(app_id)
        if refusal:
            return refusal
        assert app is not None
        if app.form_done:
            return self._refuse(t("Dit formulier is al ingevuld."))
        if not isinstance(answers, dict):
            return self._refuse(t("De antwoorden ontbreken."))
        ask, _known = pw.form_to_fill(app)
        errors: dict[str, str] = {}
        clean: dict[str, str] = {}
        for key in answers:
            if key not in ask:
                errors[str(key)] = t("Deze vraag staat niet op dit formulier.")
        for f in ask:
            text = answers.get(f)
            text = "" if text is None else str(text).strip()
            problem, value = self._check_answer(f, text)
            if problem:
                errors[f] = problem
            else:
                clean[f] = value
        if errors:
            return self._refuse(
                (
                    t("Het formulier is niet goed ingevuld: {n} vraag verbeteren.")
                    if len(errors) == 1
                    else t("Het formulier is niet goed ingevuld: {n} vragen verbeteren.")
                ).format(n=len(errors)),
                errors=errors,
            )
        refusal = self._too_little_time(pw.form_hours(app))
        if refusal:
            return refusal
        before = h.tally[ev.FIELD_REPEATED], h.tally[ev.FIELD_PREFILLED]
        spend(h, pw.fill_form(app, clean))
        self._drafts.pop(app.aid, None)  # sent: nothing left to keep
        again = h.tally[ev.FIELD_REPEATED] - before[0]
        pre = h.tally[ev.FIELD_PREFILLED] - before[1]
        msg = (
            t(
                "Formulier ingevuld: {n} vraag, waarvan {again} die u al eens aan een ander loket gaf; "
                "{pre} gegevens waren al ingevuld."
            )
            if len(ask) == 1
            else t(
                "Formulier ingevuld: {n} vragen, waarvan {again} die u al eens aan een ander loket gaf; "
                "{pre} gegevens waren al ingevuld."
            )
        ).format(n=len(ask), again=again, pre=pre)
        return Outcome(True, 0.0, msg, {"asked": len(ask), "asked_again": again, "prefilled": pre, "errors": {}})

    def _check_answer(self, field_id: str, text: str) -> tuple[str, str]:
        return check_answer(self.scenario.fields[field_id], text, self._t, self.lang)

    def fetch_document(self, app_id: int, doc_id: str) -> Outcome:
        return self._run("fetch_document", {"app_id": app_id, "doc_id": doc_id})

    def _fetch_document(self, app_id: Any, doc_id: str) -> Outcome:
        t, h, m = self._t, self.household, self.model
        pw = m.paperwork
        app, refusal = self._open_app(app_id)
        if refusal:
            return refusal
        assert app is not None
        if doc_id not in app.missing_documents():
            return self._refuse(t("Dat document is voor deze aanvraag niet (meer) nodig."))
        blocked = pw.document_blocked_by(app, doc_id)
        refusal = self._too_little_time(
            self.model.mechanics.blocked_document_hours if blocked else pw.document_hours(h, doc_id)
        )
        if refusal:
            return refusal
        ok, hours = pw.fetch_document(app, doc_id)
        spend(h, hours)
        names = {"document": self.document_name(doc_id), "scheme": self.scheme_name(app.scheme_id)}
        if not ok:
            if h.case_manager is not None:  # the case manager can take the rule further: the player decides
                return Outcome(
                    True,
                    hours,
                    t(
                        "U kunt {document} niet krijgen: {rule}. Uw casemanager kan de regel "
                        "voorleggen aan het doorbraakteam."
                    ).format(rule=self.rule_name(app.blocked_rule), **names),
                    {"obtained": False, "blocked_by": app.blocked_rule},
                )
            pw.blocked_document(app, None)  # the model decides what a blocked document means
            return Outcome(
                True,
                hours,
                t("U kunt {document} niet krijgen: {rule}. De aanvraag {scheme} stopt.").format(
                    rule=self.rule_name(app.blocked_rule), **names
                ),
                {"obtained": False, "blocked_by": app.blocked_rule},
            )
        if hours == 0.0:
            return Outcome(
                True,
                0.0,
                t("{document} is tussen de loketten gedeeld: geen werk voor u.").format(**names),
                {"obtained": True, "shared": True},
            )
        return Outcome(True, hours, t("U heeft {document}.").format(**names), {"obtained": True, "shared": False})

    def submit(self, app_id: int) -> Outcome:
        return self._run("submit", {"app_id": app_id})

    def _submit(self, app_id: Any) -> Outcome:
        t, h, m = self._t, self.household, self.model
        pw = m.paperwork
        app, refusal = self._open_app(app_id)
        if refusal:
            return refusal
        assert app is not None
        if not app.form_done:
            return self._refuse(t("Vul eerst het formulier in."))
        if app.blocked_rule is not None and app.status == DRAFT:
            return self._refuse(t("Deze aanvraag zit vast: {rule}.").format(rule=self.rule_name(app.blocked_rule)))
        refusal = self._too_little_time(pw.submit_hours(app))
        if refusal:
            return refusal
        spend(h, pw.submit(app))
        names = {"scheme": self.scheme_name(app.scheme_id), "counter": self.counter_name(app.counter_id)}
        state = self._app_state(app)
        if app.status == QUEUED:
            c = m.counters[app.counter_id]
            queue_weeks = len(c.queue) / c.capacity_per_week if c.capacity_per_week > 0 else 0.0
            weeks = round(queue_weeks + self.scenario.schemes[app.scheme_id].processing_weeks)
            msg = t(
                "{counter} neemt uw aanvraag {scheme} in behandeling. Een besluit volgt over ongeveer {weeks} weken."
            ).format(weeks=weeks, **names)
        elif app.status == WAITING:
            msg = t("{counter} mist nog iets voor {scheme}: u krijgt een brief met een termijn.").format(**names)
        else:
            msg = t("{counter} heeft uw aanvraag {scheme} afgewezen: u krijgt een brief.").format(**names)
        return Outcome(True, 0.0, msg, {"state": state})

    def ask_network(self) -> Outcome:
        return self._run("ask_network", {})

    def _ask_network(self) -> Outcome:
        t, h = self._t, self.household
        if self._network_left <= 0:
            if h.network_hours <= 0:
                return self._refuse(t("Er is niemand in uw omgeving die kan helpen."))
            return self._refuse(t("Uw familie en vrienden helpen deze week al zoveel ze kunnen."))
        gained = self._network_left
        h.hours_left += gained
        self._network_left = 0.0
        self._week_hours["hours_week"] = self._week_hours.get("hours_week", 0.0) + gained
        self._week_hours["network_used"] = self._week_hours.get("network_used", 0.0) + gained
        return Outcome(
            True,
            0.0,
            t("Familie en vrienden helpen u deze week {hours} uur met uw papieren.").format(hours=self._hours(gained)),
            {"hours_gained": round(gained, 2)},
        )

    def ask_case_manager(self) -> Outcome:
        return self._run("ask_case_manager", {})

    def _ask_case_manager(self) -> Outcome:
        t, h, m = self._t, self.household, self.model
        door = self.scenario.organisation.front_door
        if door is None or not m.support.managers:
            return self._refuse(t("Hier zijn geen casemanagers: u regelt alles zelf, loket voor loket."))
        if h.case_manager is not None:
            return self._refuse(t("U heeft al een casemanager."))
        refusal = self._too_little_time(m.paperwork.visit_hours(door))
        if refusal:
            return refusal
        dom = (
            min(h.need_since, key=lambda d: (h.need_since[d], d))
            if h.need_since
            else (
                h.domains_now[0]
                if h.domains_now
                else self.scenario.counters[door].domains[0]
                if self.scenario.counters[door].domains
                else "income"
            )
        )
        ask_at_counter(h, door, dom)
        if h.case_manager is not None:
            return Outcome(
                True,
                0.0,
                t("{counter}: u krijgt een casemanager. Die vraagt alles één keer en neemt uw papierwerk over.").format(
                    counter=self.counter_name(door)
                ),
                {"case_manager": True},
            )
        need = self.scenario.organisation.case_managers.min_domains
        if len(h.domains_now) < need:
            why = t(
                "een casemanager is er voor wie op {need} of meer levensdomeinen tegelijk vastloopt; "
                "bij u zijn dat er nu {n}"
            ).format(need=need, n=len(h.domains_now))
        else:
            why = t("alle casemanagers hebben een volle caseload")
        return Outcome(
            True,
            0.0,
            t("{counter}: geen casemanager, want {why}.").format(counter=self.counter_name(door), why=why),
            {"case_manager": False},
        )

    def end_week(self) -> Outcome:
        return self._run("end_week", {})

    def _end_week(self) -> Outcome:
        t = self._t
        first_new_letter = len(self._letters)
        first_log = len(self.log())
        self.model.step()
        letters, _ = self._take_events()
        self._new_week()
        log = self.log()[first_log:]
        if self.finished:
            msg = t("Dit was de laatste week.")
        else:
            msg = (
                t("Week {week} begint. {n} nieuwe brief.")
                if len(letters) == 1
                else t("Week {week} begint. {n} nieuwe brieven.")
            ).format(week=self.week, n=len(letters))
        return Outcome(
            True,
            0.0,
            msg,
            {"letters": [asdict(x) for x in self._letters[first_new_letter:]], "log": [asdict(x) for x in log]},
        )
