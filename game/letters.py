"""Official letters: a letter key and its data (from the model's LETTER events) in official wording.

Pure text (no pygame), so the mail window, the debrief deck and tests share it::

    from game.letters import render, render_letter
    doc = render(letter, session)                 # a player.session.Letter of a PlayerSession
    doc = render_letter("reminder", {"creditor": "energy", "amount": 345, "fee": 0},
                        scenario, lang="en", week=3, letter_id=7, recipient="Samira El Amrani")
    doc.sender, doc.date, doc.reference, doc.subject, doc.paragraphs, doc.deadline, doc.amount
    doc.text()                                    # the whole letter as plain text

Every key in simulation.letters_keys.LETTER_KEYS has a template here (tests check it); the
Dutch text is the message id, English is in loket_i18n/locale/en/LC_MESSAGES/letters.po.
Weeks in ``data`` are 1-based game weeks, as PlayerSession.mail() gives them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from babel.numbers import format_currency

from loket_i18n import translator
from player import DOMAIN_NAMES, LETTER_KEYS

if TYPE_CHECKING:
    from player import Letter, PlayerSession, Scenario

LOCALES = {"nl": "nl_NL", "en": "en_GB"}


@dataclass(frozen=True)
class RenderedLetter:
    key: str
    sender: str
    date: str
    reference: str
    subject: str
    salutation: str
    paragraphs: list[str]
    deadline: str | None = None
    amount: str | None = None
    closing: str = ""
    signature: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        head = [self.sender, f"{self.labels.get('date', '')} {self.date}".strip(),
                f"{self.labels.get('reference', '')} {self.reference}".strip(),
                f"{self.labels.get('subject', '')} {self.subject}".strip(), ""]
        body = [self.salutation, "", *sum(([p, ""] for p in self.paragraphs), [])]
        extra = []
        if self.amount:
            extra.append(f"{self.labels.get('amount', '')} {self.amount}".strip())
        if self.deadline:
            extra.append(f"{self.labels.get('deadline', '')} {self.deadline}".strip())
        tail = [*extra, "" if extra else None, self.closing, self.signature]
        return "\n".join(x for x in [*head, *body, *tail] if x is not None).strip() + "\n"


class _Context:
    """Names and numbers of one letter, in its language."""

    def __init__(self, data: dict[str, Any], scenario: Scenario, lang: str) -> None:
        self.data = data
        self.sc = scenario
        self.lang = lang
        self._ = translator("letters", lang)
        self._domain = translator("session", lang)

    def label(self, table: str, key: Any) -> str:
        spec = getattr(self.sc, table).get(key) if key is not None else None
        return spec.label.get(self.lang) if spec is not None else str(key or "")

    def money(self, amount: Any) -> str:
        value = float(amount or 0)
        return format_currency(value, "EUR", locale=LOCALES.get(self.lang, "nl_NL"),
                               format="¤ #,##0.00" if self.lang == "nl" else "¤#,##0.00", currency_digits=False)

    def names(self) -> dict[str, Any]:
        d = self.data
        scheme = d.get("scheme")
        spec = self.sc.schemes.get(scheme) if scheme else None
        return {
            "scheme": self.label("schemes", scheme),
            "counter": self.label("counters", d.get("counter") or (spec.counter if spec else None)),
            "to": self.label("counters", d.get("to")) if d.get("to") else self._("een ander loket"),
            "domain": self._domain(DOMAIN_NAMES[d["domain"]]).lower() if d.get("domain") in DOMAIN_NAMES else "",
            "creditor": self.label("creditors", d.get("creditor")),
            "rule": self.label("rules", d.get("rule")),
            "deadline": d.get("deadline", ""),
            "amount": self.money(d.get("amount")),
            "fee": self.money(d.get("fee")),
            "fine": self.money(d.get("fine")),
            "weeks": d.get("weeks", ""),
            "documents": "; ".join(self.label("documents", x) for x in d.get("documents") or []),
            "fields": "; ".join(self.label("fields", x) for x in d.get("fields") or []),
        }

    def scheme_counter(self) -> str:
        d = self.data
        if d.get("counter"):
            return self.label("counters", d["counter"])
        spec = self.sc.schemes.get(d.get("scheme") or "")
        return self.label("counters", spec.counter) if spec else self._("Gemeente")

    def creditor_with_crisis(self, crisis: str) -> str:
        """The creditor whose court procedure ends in this crisis (the scenario says which)."""
        return next((k.label.get(self.lang) for k in self.sc.creditors.values() if k.crisis == crisis),
                    self._("Gemeente"))

    def front_door(self) -> str:
        door = self.sc.organisation.front_door
        return self.label("counters", door) if door else self._("Gemeente")


@dataclass(frozen=True)
class _Parts:
    sender: str
    subject: str
    paragraphs: list[str]
    deadline: bool = False
    amount: bool = False


Template = Callable[[_Context, dict[str, Any]], _Parts]


def _request_information(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    paras = [_("Wij hebben uw aanvraag voor {scheme} ontvangen. Wij kunnen uw aanvraag nog niet in behandeling "
               "nemen, omdat gegevens ontbreken.").format(**n)]
    if n["documents"]:
        paras.append(_("Wij missen de volgende stukken: {documents}.").format(**n))
    if n["fields"]:
        paras.append(_("De volgende gegevens zijn niet of niet juist ingevuld: {fields}.").format(**n))
    paras.append(_("Stuur de ontbrekende gegevens uiterlijk in week {deadline}. Ontvangen wij ze niet op tijd, "
                   "dan kunnen wij uw aanvraag niet verder behandelen. Dit kan gevolgen hebben voor uw "
                   "uitkering of toeslag.").format(**n))
    return _Parts(c.scheme_counter(), _("Verzoek om aanvullende gegevens – {scheme}").format(**n), paras,
                  deadline=True)


def _rejection(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    reason = c.data.get("reason")
    if reason == "incomplete":
        why = _("Uw aanvraag was niet volledig. Zonder de gevraagde gegevens kunnen wij uw recht niet vaststellen.")
    elif reason == "not_eligible" or not n["rule"]:
        why = _("Uit de gegevens blijkt dat u niet voldoet aan de voorwaarden.")
    else:
        why = _("U voldoet niet aan de volgende voorwaarde: {rule}.").format(**n)
    return _Parts(c.scheme_counter(), _("Besluit op uw aanvraag {scheme}").format(**n), [
        _("Wij hebben uw aanvraag voor {scheme} beoordeeld. Wij wijzen uw aanvraag af.").format(**n), why,
        _("Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken. U kunt pas na acht "
          "weken opnieuw een aanvraag indienen."),
    ])


def _deadline_extended(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(c.scheme_counter(), _("Nieuwe termijn – {scheme}").format(**n), [
        _("Wij hebben de gevraagde gegevens voor {scheme} niet op tijd ontvangen.").format(**n),
        _("Wij geven u eenmalig een nieuwe termijn: stuur de gegevens uiterlijk in week {deadline}.").format(**n),
    ], deadline=True)


def _sanction(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    paras = [_("U heeft de gevraagde gegevens voor {scheme} niet binnen de termijn aangeleverd. Daarmee bent u "
               "uw inlichtingenplicht niet nagekomen.").format(**n)]
    if c.data.get("step") == "intake":
        paras.append(_("Wij behandelen uw aanvraag daarom niet verder."))
    else:
        paras.append(_("Wij verlagen uw uitkering daarom gedurende {weeks} weken.").format(**n))
        if float(c.data.get("fine") or 0) > 0:
            paras.append(_("Daarnaast leggen wij u een boete op van {fine}.").format(**n))
    paras.append(_("Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken."))
    return _Parts(c.scheme_counter(), _("Maatregel wegens het niet nakomen van de inlichtingenplicht"), paras,
                  amount=float(c.data.get("fine") or 0) > 0)


def _report_change(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(c.scheme_counter(), _("Wijziging doorgeven – {scheme}").format(**n), [
        _("Uw inkomen of uw huishouden is veranderd. Dit kan gevolgen hebben voor {scheme}.").format(**n),
        _("U bent verplicht deze wijziging door te geven, uiterlijk in week {deadline}. Te veel ontvangen "
          "bedragen vorderen wij terug.").format(**n),
    ], deadline=True)


def _blocked(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(c.scheme_counter(), _("Uw aanvraag {scheme} kan niet verder").format(**n), [
        _("Voor uw aanvraag voor {scheme} is een stuk nodig dat u nu niet kunt krijgen.").format(**n),
        _("Reden: {rule}. Wij hebben uw aanvraag daarom beëindigd. U kunt over acht weken opnieuw "
          "aanvragen.").format(**n),
    ])


def _sent_on(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(n["counter"], _("Uw vraag over {domain}").format(**n), [
        _("U heeft bij ons een vraag gesteld over {domain}. Wij zijn hiervoor niet het juiste loket.").format(**n),
        _("Wij verwijzen u naar {to}. Neem daar zelf contact op; wij sturen uw gegevens niet door.").format(**n),
    ])


def _granted(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    if c.data.get("automatic"):
        first = _("Op basis van gegevens die wij al van u hebben, kennen wij u {scheme} toe. U hoefde hiervoor niets "
                  "aan te vragen.").format(**n)
    else:
        first = _("Wij hebben uw aanvraag voor {scheme} beoordeeld. Wij kennen uw aanvraag toe.").format(**n)
    paras = [first]
    has_amount = float(c.data.get("amount") or 0) > 0
    if has_amount:
        paras.append(_("U ontvangt {amount} per week.").format(**n))
    paras.append(_("Geef wijzigingen in uw inkomen of huishouden altijd direct door."))
    return _Parts(c.scheme_counter(), _("Besluit: {scheme} toegekend").format(**n), paras, amount=has_amount)


def _ended(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    why = {"no_longer_eligible": _("U voldoet niet meer aan de voorwaarden."),
           "duration": _("De maximale duur is bereikt."),
           "paid": _("De achterstand is volledig betaald."),
           "completed": _("De regeling is afgerond.")}.get(c.data.get("reason"), _("De regeling is afgelopen."))
    return _Parts(c.scheme_counter(), _("Beëindiging {scheme}").format(**n), [
        _("Wij beëindigen {scheme}.").format(**n), why])


def _clawback(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(c.scheme_counter(), _("Terugvordering {scheme}").format(**n), [
        _("Uw situatie is veranderd. Wij hebben {scheme} opnieuw berekend. U heeft te veel ontvangen.").format(**n),
        _("Wij vorderen {amount} van u terug. Dit bedrag moet u terugbetalen, ook als de wijziging niet uw schuld "
          "was.").format(**n),
    ], amount=True)


def _debt_free(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(c.scheme_counter(), _("Einde schuldregeling: schone lei"), [
        _("U heeft de schuldregeling volgehouden. De resterende schulden van {amount} hoeft u niet meer te "
          "betalen.").format(**n),
    ], amount=True)


def _reproof(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(c.scheme_counter(), _("Heronderzoek {scheme}").format(**n), [
        _("Wij controleren regelmatig of u nog recht heeft op {scheme}.").format(**n),
        _("Vul het formulier opnieuw in en stuur de gevraagde bewijsstukken mee, uiterlijk in week {deadline}. "
          "Doet u dat niet, dan kunnen wij een maatregel opleggen.").format(**n),
    ], deadline=True)


def _case_manager_intro(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(c.front_door(), _("Uw vaste contactpersoon"), [
        _("Vanaf nu heeft u één vaste contactpersoon: uw casemanager. Die kijkt met u naar alle problemen "
          "tegelijk."),
        _("Uw gegevens vragen wij één keer. Uw casemanager regelt de aanvragen en de contacten met de andere "
          "loketten samen met u."),
    ])


def _overrule(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(_("Gemeente – doorbraakteam"), _("Uw aanvraag {scheme} kan toch verder").format(**n), [
        _("Uw aanvraag voor {scheme} liep vast op de regel: {rule}.").format(**n),
        _("Het doorbraakteam heeft besloten dat deze regel in uw situatie niet geldt. Uw aanvraag wordt verder "
          "behandeld."),
    ])


def _budget_paid(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(_("Gemeente – maatwerkbudget"), _("Betaling uit het maatwerkbudget"), [
        _("Om erger te voorkomen heeft de gemeente {amount} betaald aan {creditor}.").format(**n),
        _("Een deel hiervan is een renteloze lening. U betaalt die terug in overleg met uw casemanager."),
    ], amount=True)


def _outreach(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(c.front_door(), _("Wij komen graag bij u langs"), [
        _("Wij hebben een signaal gekregen dat u een betalingsachterstand heeft. Dat kan iedereen overkomen."),
        _("Een medewerker van het wijkteam komt bij u langs om te kijken of wij kunnen helpen. U hoeft daarvoor "
          "niets in te vullen."),
    ])


def _reminder(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(n["creditor"], _("Betalingsherinnering"), [
        _("Volgens onze administratie staat er een bedrag open van {amount}.").format(**n),
        _("Wij verzoeken u dit bedrag binnen 14 dagen te betalen. Betaalt u niet, dan worden extra kosten in "
          "rekening gebracht."),
    ], amount=True)


def _collection(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(_("Incassobureau namens {creditor}").format(**n), _("Sommatie"), [
        _("{creditor} heeft ons opdracht gegeven het openstaande bedrag bij u te innen.").format(**n),
        _("Hierbij komen incassokosten van {fee}. U moet nu in totaal {amount} betalen.").format(**n),
        _("Betaalt u niet binnen 14 dagen, dan dragen wij de vordering over aan de gerechtsdeurwaarder."),
    ], amount=True)


def _bailiff(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(_("Gerechtsdeurwaarder namens {creditor}").format(**n), _("Aankondiging van beslag"), [
        _("Namens {creditor} vorderen wij {amount}, inclusief {fee} deurwaarderskosten.").format(**n),
        _("Betaalt u niet, dan leggen wij beslag op uw inkomen. U houdt dan alleen de beslagvrije voet over."),
    ], amount=True)


def _payment_plan_imposed(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    return _Parts(_("Rechtbank, sector kanton"), _("Vonnis: betalingsregeling"), [
        _("In de zaak van {creditor} tegen u heeft de kantonrechter uitspraak gedaan.").format(**n),
        _("U moet de achterstand van {amount} in termijnen betalen volgens een betalingsregeling. Houdt u zich "
          "niet aan de regeling, dan kan {creditor} alsnog verdere stappen zetten.").format(**n),
    ], amount=True)


def _procedure_notice(c: _Context, n: dict[str, Any]) -> _Parts:
    _ = c._
    if c.data.get("_kind") == "eviction":
        what = _("ontbinding van de huurovereenkomst en ontruiming van uw woning")
    else:
        what = _("afsluiting van gas en elektriciteit")
    return _Parts(_("Gerechtsdeurwaarder namens {creditor}").format(**n), _("Dagvaarding"), [
        _("Namens {creditor} roepen wij u op voor de kantonrechter, omdat u een achterstand heeft van "
          "{amount}.").format(**n),
        _("{creditor} vraagt de rechter om: {what}.").format(what=what, **n),
        _("Neem contact op met {creditor} of zoek hulp. Komt u niet, dan kan de rechter de eis toewijzen.").format(**n),
    ], amount=True)


def _crisis(kind: str) -> Template:
    def render(c: _Context, n: dict[str, Any]) -> _Parts:
        _ = c._
        if kind == "eviction":
            return _Parts(_("Gerechtsdeurwaarder"), _("Aanzegging ontruiming"), [
                _("Op grond van het vonnis van de kantonrechter wordt uw woning ontruimd."),
                _("U moet de woning verlaten. Neem contact op met de gemeente voor opvang."),
            ])
        if kind == "cutoff":
            return _Parts(c.creditor_with_crisis("cutoff"), _("Afsluiting energie"), [
                _("Omdat de achterstand niet is betaald, sluiten wij uw gas en elektriciteit af."),
                _("Na betaling van de achterstand en de kosten kunt u opnieuw aansluiting aanvragen."),
            ])
        if kind == "seizure":
            return _Parts(_("Gerechtsdeurwaarder"), _("Beslag op uw inkomen"), [
                _("Wij hebben beslag gelegd op uw inkomen. Uw werkgever of uitkeringsinstantie betaalt een deel van "
                  "uw inkomen voortaan aan ons."),
                _("U houdt de beslagvrije voet over. Heeft u meer schulden, dan kan de beslagvrije voet te laag "
                  "zijn vastgesteld; laat dit controleren."),
            ])
        return _Parts(_("Huisartsenpost"), _("Verslag van uw bezoek aan de spoedpost"), [
            _("U bent bij ons geweest met ernstige klachten. Langdurige stress speelt daarbij een grote rol."),
            _("Wij raden u dringend aan hulp te zoeken bij uw problemen. Uw huisarts kan u verwijzen."),
        ])

    return render


TEMPLATES: dict[str, Template] = {
    "request_information": _request_information,
    "rejection": _rejection,
    "deadline_extended": _deadline_extended,
    "sanction": _sanction,
    "report_change": _report_change,
    "blocked": _blocked,
    "sent_on": _sent_on,
    "granted": _granted,
    "ended": _ended,
    "clawback": _clawback,
    "debt_free": _debt_free,
    "reproof": _reproof,
    "case_manager_intro": _case_manager_intro,
    "overrule": _overrule,
    "budget_paid": _budget_paid,
    "outreach": _outreach,
    "reminder": _reminder,
    "collection": _collection,
    "bailiff": _bailiff,
    "payment_plan_imposed": _payment_plan_imposed,
    "eviction_notice": _procedure_notice,
    "cutoff_notice": _procedure_notice,
    **{f"crisis_{k}": _crisis(k) for k in ("eviction", "cutoff", "seizure", "health")},
}


class UnknownLetter(KeyError):
    pass


def render_letter(key: str, data: dict[str, Any], scenario: Scenario, lang: str = "nl", week: int | None = None,
                  letter_id: int = 0, recipient: str = "") -> RenderedLetter:
    """One letter in official wording.  ``week`` is the game week it was sent (1-based)."""
    template = TEMPLATES.get(key)
    if template is None or key not in LETTER_KEYS:
        raise UnknownLetter(f"no letter template for '{key}'")
    c = _Context(dict(data), scenario, lang)
    if key.endswith("_notice"):
        c.data["_kind"] = key.removesuffix("_notice")
    _ = c._
    n = c.names()
    parts = template(c, n)
    ref_prefix = "".join(ch for ch in parts.sender.upper() if ch.isalpha())[:3] or "LET"
    return RenderedLetter(
        key=key,
        sender=parts.sender,
        date=_("spelweek {week}").format(week=week) if week is not None else "",
        reference=f"{ref_prefix}-{(week or 0):02d}-{letter_id:04d}",
        subject=parts.subject,
        salutation=_("Geachte {name},").format(name=recipient) if recipient else _("Geachte heer/mevrouw,"),
        paragraphs=parts.paragraphs,
        deadline=_("uiterlijk in week {deadline}").format(**n) if parts.deadline and n["deadline"] != "" else None,
        amount=n["fine"] if key == "sanction" and parts.amount else (n["amount"] if parts.amount else None),
        closing=_("Met vriendelijke groet,"),
        signature=parts.sender,
        labels={"date": _("Datum:"), "reference": _("Kenmerk:"), "subject": _("Onderwerp:"),
                "amount": _("Bedrag:"), "deadline": _("Termijn:")},
    )


def render(letter: Letter, session: PlayerSession) -> RenderedLetter:
    """A letter from ``session.mail()``, to the player's household, in the session's language."""
    return render_letter(letter.key, letter.data, session.scenario, session.lang, week=letter.week,
                         letter_id=letter.id, recipient=session.info().household_name)
