"""The right-hand panel of the week screen (game/week.py): what you can do now.

On your affairs: your time this week and why, your problems and debts, the case manager, your
applications with their next steps (fill in the form, fetch a document, submit), and the schemes
you can apply for.  At a counter: what it is about, its queue, a visit or a call about the life
domain you choose, its schemes and your applications there.  The steps are buttons in a
game.widgets.Flow; each runs a command of the session through the screen (``self.run``).

:class:`WeekPanel` is mixed into :class:`game.week.WeekScreen` and reads what the screen keeps:
``app``, ``s`` (the session), ``flow``, ``_status`` (this week's ``session.status()``) and
``domain_choice``; it calls the screen's actions (``run``, ``open_mail``, ``open_form``,
``open_plan``, ``choose_domain``, ``deselect``, ``number_keys``).
"""

from __future__ import annotations

from player import events as ev

from .status import hours_text
from .widgets import font, money, px

ACTIONABLE = ("draft", "waiting")


class WeekPanel:
    """Builds the right-hand panel's contents into the screen's ``flow``."""

    def hours(self, h: float) -> str:
        return f"{hours_text(self.app.lang, h)} {self.app.t('uur')}"

    # ------------------------------------------------------------------ right panel: overview
    def build_overview(self) -> None:
        t, f, st = self.app.t, self.flow, self._status
        f.heading(t("Uw zaken deze week"))
        self.build_time()
        if st.problem_names:
            f.text(t("Waar u mee zit: {problems}.").format(problems=", ".join(st.problem_names)))
        if st.debts:
            f.text(t("Schulden:"))
            for d in st.debts.values():
                f.text(f"  • {d.name}: {money(d.amount, self.app.lang)} ({d.stage_name})", "subtle")
        unread = self.s.unread()
        if unread:
            f.button(
                t("Post openen: {n} ongelezen").format(n=unread), self.open_mail, "secondary", object_id="overview_mail"
            )
        self.build_case_manager()
        apps = self.s.applications()
        open_apps = [a for a in apps if a.open]
        f.gap()
        f.heading(t("Uw aanvragen"))
        if not open_apps:
            f.text(t("Geen lopende aanvragen. Vraag bij een loket wat er voor u is."), "subtle")
        for a in open_apps:
            self.build_application(a)
        closed = [a for a in apps if not a.open][-4:]
        for a in closed:
            f.text(f"{a.scheme_name}: {a.state_name}", "subtle")
        schemes = [sc for sc in self.s.schemes() if sc.can_apply and not sc.unmet]
        unlikely = [sc for sc in self.s.schemes() if sc.can_apply and sc.unmet]
        if schemes:
            f.gap()
            f.heading(t("Regelingen die u kunt aanvragen"))
            for sc in schemes:
                names = {"scheme": sc.name, "counter": sc.counter_name}
                f.button(
                    [
                        t("Aanvragen: {scheme} ({counter})").format(**names),
                        (t("Aanvragen: {scheme}").format(**names), t("bij {counter}").format(**names)),
                    ],
                    lambda sid=sc.id: self.run("apply", sid),
                    "secondary",
                    object_id=f"apply_{sc.id}",
                )
        if unlikely:  # known, but a condition is not met: not offered as a step (the counter would refuse)
            f.gap()
            f.text(t("Waarschijnlijk niet voor u, want u voldoet niet aan een voorwaarde:"), "subtle")
            for sc in unlikely:
                f.text(f"  • {sc.name}: {', '.join(sc.unmet)}", "subtle")
        others = [sc for sc in self.s.schemes() if not sc.can_apply and sc.state in ("granted", "automatic")]
        if others:
            f.gap()
            f.text(t("U krijgt: {schemes}.").format(schemes=", ".join(sc.name for sc in others)), "subtle")
        f.gap()
        f.text(
            t("Klik op een gebouw op de kaart, of toets het teken op het gebouw ({keys}).").format(
                keys=", ".join(self.number_keys().values())
            ),
            "subtle",
        )
        f.text(
            t(
                "Toetsen: Tab en Enter bedienen alle knoppen, M post, E week afsluiten, Esc terug of menu, "
                "F11 volledig scherm."
            ),
            "subtle",
        )

    def time_lines(self) -> list[str]:
        """Why this week has the hours it has: the persona's usual hours, what stress, care and last
        week's overtime took, and what family and friends add (the numbers of session.status())."""
        t, st = self.app.t, self._status
        lines = [t("Uw tijd deze week: {hours}.").format(hours=self.hours(max(st.hours_week, 0.0)))]
        lost = [
            (t("stress kost nu {h}"), st.hours_stress),
            (t("de zorg thuis kost {h}"), st.hours_care),
            (t("overuren van vorige week: {h}"), st.hours_overtime),
        ]
        reasons = [msg.format(h=self.hours(h)) for msg, h in lost if h >= 0.05]
        if reasons:
            lines[0] += " " + t("Normaal {usual}; {reasons}.").format(
                usual=self.hours(st.hours_usual), reasons=", ".join(reasons)
            )
        if st.network_used > 0:
            lines.append(t("Daarin zit {h} hulp van familie en vrienden.").format(h=self.hours(st.network_used)))
        if st.network_hours > 0:
            lines.append(
                t("Familie en vrienden kunnen nog {h} bijspringen: knop Familie helpt.").format(
                    h=self.hours(st.network_hours)
                )
            )
        return lines

    def build_time(self) -> None:
        for line in self.time_lines():
            self.flow.text(line, "subtle")

    def build_application(self, a) -> None:
        t, f, s = self.app.t, self.flow, self.s
        head = f"{a.scheme_name} — {a.counter_name}"
        f.text(head)
        state = f"{a.kind_name}: {a.state_name}"
        if a.deadline is not None:
            state += " · " + t("termijn: week {week}").format(week=a.deadline)
        if a.blocked_rule:
            state += " · " + t("vast op: {rule}").format(rule=s.rule_name(a.blocked_rule))
        f.text(state, "error" if a.deadline is not None or a.blocked_rule else "subtle")
        if a.state not in ACTIONABLE:
            f.gap(4)
            return
        if not a.form_done:
            done = len(set(s.draft(a.id)) & set(a.fields_to_fill))
            n = len(a.fields_to_fill)
            caption = (
                self.app.tn("Verder invullen: {done} van {n} vraag", "Verder invullen: {done} van {n} vragen", n)
                if done
                else self.app.tn("Formulier invullen: {n} vraag", "Formulier invullen: {n} vragen", n)
            )
            f.button(
                caption.format(n=len(a.fields_to_fill), done=done) + f" ({self.hours(a.form_hours)})",
                lambda aid=a.id: self.open_form(aid),
                indent=16,
                object_id=f"form_{a.id}",
            )
        for d in a.documents_missing:
            where = ", ".join(dict.fromkeys(name for _, name in d.issuers)) or t("zelf")
            tip = t("Geblokkeerd: {rule}").format(rule=s.rule_name(d.blocked_by)) if d.blocked_by else None
            names = {"document": d.name, "where": where, "cost": self.hours(d.hours)}
            from_where = t("Te krijgen bij: {where}").format(**names)
            # the fullest caption that fits; what it leaves out is written under the button
            f.button(
                [
                    t("Ophalen: {document} ({where}, {cost})").format(**names),
                    (t("Ophalen: {document} ({cost})").format(**names), from_where),
                    (f"{d.name} ({names['cost']})", from_where),
                    (t("Ophalen ({cost})").format(**names), t("{document}, te krijgen bij: {where}").format(**names)),
                ],
                lambda aid=a.id, did=d.id: self.run("fetch_document", aid, did),
                "secondary",
                tooltip=tip,
                indent=16,
                object_id=f"doc_{a.id}_{d.id}",
            )
        if a.blocked_rule and self._status.case_manager and a.state == "draft":
            f.button(
                t("Vraag uw casemanager: leg de regel voor aan het doorbraakteam"),
                lambda aid=a.id: self.run("ask_escalation", aid),
                "secondary",
                indent=16,
                object_id=f"escalate_{a.id}",
            )
        if a.form_done:
            f.button(
                t("Indienen bij {counter}").format(counter=a.counter_name) + f" ({self.hours(a.submit_hours)})",
                lambda aid=a.id: self.run("submit", aid),
                indent=16,
                object_id=f"submit_{a.id}",
            )
        f.gap(4)

    def build_case_manager(self) -> None:
        """Integral settings: the case manager who asks once and takes over the paperwork."""
        t, f, s, st = self.app.t, self.flow, self.s, self._status
        door = s.info().front_door
        if door is None:
            return
        f.gap()
        f.heading(t("Casemanager"))
        if st.case_manager:
            f.text(
                t(
                    "Uw casemanager vraagt alles één keer, vult formulieren met u in, haalt papieren op, kan het "
                    "maatwerkbudget inzetten en legt vastgelopen regels voor aan het doorbraakteam."
                ),
                "subtle",
            )
            kinds = (
                ev.CASE_OPENED,
                ev.BUDGET_SPENT,
                ev.ESCALATED,
                ev.OVERRULE,
                ev.WAIVED,
                ev.OUTREACH,
                ev.SIGNAL,
                ev.CASE_CLOSED,
            )
            recent = [e for e in s.log() if e.kind in kinds][-3:]
            for e in recent:
                f.text(f"{t('Week')} {e.week}: {e.text}", "subtle")
            f.button(
                t("Ons plan: wat er geregeld wordt en wat u kunt vragen"),
                self.open_plan,
                "secondary",
                object_id="cm_plan",
            )
        else:
            f.text(
                t(
                    "Bij {door} kunt u vragen om één vaste casemanager: eerst een gesprek, waarin u zelf "
                    "beslist wat u vertelt."
                ).format(door=s.counter_name(door)),
                "subtle",
            )

    # ------------------------------------------------------------------ right panel: a counter
    def build_counter(self, c) -> None:
        t, f, s = self.app.t, self.flow, self.s
        f.heading(c.name, 26)
        domains = ", ".join(c.domain_names) or t("geen eigen regelingen")
        f.text(t("Gaat over: {domains}").format(domains=domains), "subtle")
        wait = t("onbekend") if c.wait_weeks == float("inf") else hours_text(self.app.lang, c.wait_weeks)
        queue = self.app.tn("Wachtrij: {n} aanvraag", "Wachtrij: {n} aanvragen", c.queue).format(n=c.queue)
        if c.wait_weeks == float("inf"):
            queue += " " + t("(wachttijd onbekend)")
        else:
            queue += " " + self.app.tn(
                "(ongeveer {weeks} week)", "(ongeveer {weeks} weken)", round(c.wait_weeks, 1)
            ).format(weeks=wait)
        f.text(queue, "subtle")
        if c.digital:
            f.text(t("Dit loket werkt vooral digitaal."), "subtle")
        if c.is_front_door:
            f.text(t("Dit is de voordeur in de wijk: hier kijken ze naar al uw problemen tegelijk."), "subtle")
        f.gap()
        f.text(t("Mijn vraag gaat over:"))
        from player import DOMAIN_NAMES

        problems = self._status.problems
        default = self.domain_choice.get(c.id) or next(
            (d for d in problems if d in c.domains), problems[0] if problems else next(iter(DOMAIN_NAMES))
        )
        self.domain_choice.setdefault(c.id, default)
        chosen = self.domain_choice[c.id]
        # one button per life domain, the chosen one marked (reachable by Tab, unlike a drop-down)
        for d in DOMAIN_NAMES:
            name = s.domain_name(d)
            f.button(
                name,
                lambda dom=d: self.choose_domain(c.id, dom),
                "chosen" if d == chosen else "secondary",
                height=36,
                width=max(px(120), font(18).size(name)[0] + 24),
                object_id=f"domain_{d}",
            )
        f.gap(4)
        f.button(
            t("Ga erheen en stel uw vraag ({cost})").format(cost=self.hours(c.visit_hours)),
            lambda: self.run("visit", c.id, self.domain_choice[c.id]),
            object_id="visit",
        )
        f.button(
            t("Bel de hulplijn ({cost})").format(cost=self.hours(c.phone_hours)),
            lambda: self.run("phone", c.id),
            "secondary",
            object_id="phone",
        )
        here = [sc for sc in s.schemes() if sc.counter == c.id]
        if here:
            f.gap()
            f.heading(t("Regelingen hier"))
            for sc in here:
                if sc.can_apply:
                    f.button(
                        t("Aanvragen: {scheme}").format(scheme=sc.name),
                        lambda sid=sc.id: self.run("apply", sid),
                        "secondary",
                        object_id=f"apply_{sc.id}",
                    )
                    if sc.unmet:
                        f.text(
                            t("Voorwaarde die u niet haalt: {rules}").format(rules=", ".join(sc.unmet)),
                            "error",
                            indent=8,
                        )
                else:
                    f.text(f"{sc.name}: {sc.state_name}", "subtle")
        apps = [a for a in s.applications() if a.open and a.counter == c.id]
        if apps:
            f.gap()
            f.heading(t("Uw aanvragen hier"))
            for a in apps:
                self.build_application(a)
        f.gap()
        f.button(t("Terug naar uw zaken"), self.deselect, "secondary", object_id="back_overview")
