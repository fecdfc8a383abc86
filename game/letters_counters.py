"""Letters from the counters: requests for information, decisions on applications, changes to
report, re-examinations, schemes granted, ended or clawed back; and the letters of the integral
help (the case manager, the breakthrough team, the custom budget, outreach).

Each template takes the letter's context and names (game/letter_parts.py) and writes its parts in
Dutch, the message id; English is in loket_i18n/locale/en/LC_MESSAGES/letters.po.
"""

from __future__ import annotations

from typing import Any

from game.letter_parts import LetterContext, LetterParts, Template


def _request_information(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    paras = [
        _(
            "Wij hebben uw aanvraag voor {scheme} ontvangen. Wij kunnen uw aanvraag nog niet in behandeling "
            "nemen, omdat gegevens ontbreken."
        ).format(**n)
    ]
    if n["documents"]:
        paras.append(_("Wij missen de volgende stukken: {documents}.").format(**n))
    if n["fields"]:
        paras.append(_("De volgende gegevens zijn niet of niet juist ingevuld: {fields}.").format(**n))
    paras.append(
        _(
            "Stuur de ontbrekende gegevens uiterlijk in week {deadline}. Ontvangen wij ze niet op tijd, "
            "dan kunnen wij uw aanvraag niet verder behandelen. Dit kan gevolgen hebben voor uw "
            "uitkering of toeslag."
        ).format(**n)
    )
    return LetterParts(
        c.scheme_counter(), _("Verzoek om aanvullende gegevens – {scheme}").format(**n), paras, deadline=True
    )


def _rejection(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    reason = c.data.get("reason")
    if reason == "incomplete":
        why = _("Uw aanvraag was niet volledig. Zonder de gevraagde gegevens kunnen wij uw recht niet vaststellen.")
    elif reason == "not_eligible" or not n["rule"]:
        why = _("Uit de gegevens blijkt dat u niet voldoet aan de voorwaarden.")
    else:
        why = _("U voldoet niet aan de volgende voorwaarde: {rule}.").format(**n)
    return LetterParts(
        c.scheme_counter(),
        _("Besluit op uw aanvraag {scheme}").format(**n),
        [
            _("Wij hebben uw aanvraag voor {scheme} beoordeeld. Wij wijzen uw aanvraag af.").format(**n),
            why,
            _(
                "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken. U kunt pas na acht "
                "weken opnieuw een aanvraag indienen."
            ),
        ],
    )


def _deadline_extended(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        c.scheme_counter(),
        _("Nieuwe termijn – {scheme}").format(**n),
        [
            _("Wij hebben de gevraagde gegevens voor {scheme} niet op tijd ontvangen.").format(**n),
            _("Wij geven u eenmalig een nieuwe termijn: stuur de gegevens uiterlijk in week {deadline}.").format(**n),
        ],
        deadline=True,
    )


def _sanction(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    paras = [
        _(
            "U heeft de gevraagde gegevens voor {scheme} niet binnen de termijn aangeleverd. Daarmee bent u "
            "uw inlichtingenplicht niet nagekomen."
        ).format(**n)
    ]
    if c.data.get("step") == "intake":
        paras.append(_("Wij behandelen uw aanvraag daarom niet verder."))
    else:
        paras.append(_("Wij verlagen uw uitkering daarom gedurende {weeks} weken.").format(**n))
        if float(c.data.get("fine") or 0) > 0:
            paras.append(_("Daarnaast leggen wij u een boete op van {fine}.").format(**n))
    paras.append(_("Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken."))
    return LetterParts(
        c.scheme_counter(),
        _("Maatregel wegens het niet nakomen van de inlichtingenplicht"),
        paras,
        amount=float(c.data.get("fine") or 0) > 0,
    )


def _report_change(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        c.scheme_counter(),
        _("Wijziging doorgeven – {scheme}").format(**n),
        [
            _("Uw inkomen of uw huishouden is veranderd. Dit kan gevolgen hebben voor {scheme}.").format(**n),
            _(
                "U bent verplicht deze wijziging door te geven, uiterlijk in week {deadline}. Te veel ontvangen "
                "bedragen vorderen wij terug."
            ).format(**n),
        ],
        deadline=True,
    )


def _blocked(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        c.scheme_counter(),
        _("Uw aanvraag {scheme} kan niet verder").format(**n),
        [
            _("Voor uw aanvraag voor {scheme} is een stuk nodig dat u nu niet kunt krijgen.").format(**n),
            _(
                "Reden: {rule}. Wij hebben uw aanvraag daarom beëindigd. U kunt over acht weken opnieuw aanvragen."
            ).format(**n),
        ],
    )


def _sent_on(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        n["counter"],
        _("Uw vraag over {domain}").format(**n),
        [
            _("U heeft bij ons een vraag gesteld over {domain}. Wij zijn hiervoor niet het juiste loket.").format(**n),
            _("Wij verwijzen u naar {to}. Neem daar zelf contact op; wij sturen uw gegevens niet door.").format(**n),
        ],
    )


def _granted(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    if c.data.get("automatic"):
        first = _(
            "Op basis van gegevens die wij al van u hebben, kennen wij u {scheme} toe. U hoefde hiervoor niets "
            "aan te vragen."
        ).format(**n)
    else:
        first = _("Wij hebben uw aanvraag voor {scheme} beoordeeld. Wij kennen uw aanvraag toe.").format(**n)
    paras = [first]
    has_amount = float(c.data.get("amount") or 0) > 0
    if has_amount:
        paras.append(_("U ontvangt {amount} per week.").format(**n))
    paras.append(_("Geef wijzigingen in uw inkomen of huishouden altijd direct door."))
    return LetterParts(c.scheme_counter(), _("Besluit: {scheme} toegekend").format(**n), paras, amount=has_amount)


def _ended(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    why = {
        "no_longer_eligible": _("U voldoet niet meer aan de voorwaarden."),
        "duration": _("De maximale duur is bereikt."),
        "paid": _("De achterstand is volledig betaald."),
        "completed": _("De regeling is afgerond."),
    }.get(c.data.get("reason"), _("De regeling is afgelopen."))
    return LetterParts(
        c.scheme_counter(), _("Beëindiging {scheme}").format(**n), [_("Wij beëindigen {scheme}.").format(**n), why]
    )


def _clawback(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    if "year" in c.data:  # the final calculation of last year's advances
        why = _(
            "Wij hebben {scheme} over vorig jaar definitief berekend met uw werkelijke inkomen. U heeft als "
            "voorschot te veel ontvangen."
        ).format(**n)
    else:
        why = _("Uw situatie is veranderd. Wij hebben {scheme} opnieuw berekend. U heeft te veel ontvangen.").format(
            **n
        )
    return LetterParts(
        c.scheme_counter(),
        _("Terugvordering {scheme}").format(**n),
        [
            why,
            _(
                "Wij vorderen {amount} van u terug. Dit bedrag moet u terugbetalen, ook als de wijziging niet "
                "uw schuld was."
            ).format(**n),
        ],
        amount=True,
    )


def _backpayment(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        c.scheme_counter(),
        _("Definitieve berekening {scheme}: nabetaling").format(**n),
        [
            _(
                "Wij hebben {scheme} over vorig jaar definitief berekend met uw werkelijke inkomen. U heeft als "
                "voorschot te weinig ontvangen."
            ).format(**n),
            _("Wij betalen u {amount} na. Dit bedrag staat deze week op uw rekening.").format(**n),
        ],
        amount=True,
    )


def _debt_free(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        c.scheme_counter(),
        _("Einde schuldregeling: schone lei"),
        [
            _(
                "U heeft de schuldregeling volgehouden. De resterende schulden van {amount} hoeft u niet meer te "
                "betalen."
            ).format(**n),
        ],
        amount=True,
    )


def _reproof(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        c.scheme_counter(),
        _("Heronderzoek {scheme}").format(**n),
        [
            _("Wij controleren regelmatig of u nog recht heeft op {scheme}.").format(**n),
            _(
                "Vul het formulier opnieuw in en stuur de gevraagde bewijsstukken mee, uiterlijk in week {deadline}. "
                "Doet u dat niet, dan kunnen wij een maatregel opleggen."
            ).format(**n),
        ],
        deadline=True,
    )


def _case_manager_intro(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        c.front_door(),
        _("Uw vaste contactpersoon"),
        [
            _(
                "Vanaf nu heeft u één vaste contactpersoon: uw casemanager. Die kijkt met u naar alle problemen "
                "tegelijk."
            ),
            _(
                "Uw gegevens vragen wij één keer. Uw casemanager regelt de aanvragen en de contacten met de andere "
                "loketten samen met u."
            ),
        ],
    )


def _overrule(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        _("Gemeente – doorbraakteam"),
        _("Uw aanvraag {scheme} kan toch verder").format(**n),
        [
            _("Uw aanvraag voor {scheme} liep vast op de regel: {rule}.").format(**n),
            _(
                "Het doorbraakteam heeft besloten dat deze regel in uw situatie niet geldt. Uw aanvraag wordt verder "
                "behandeld."
            ),
        ],
    )


def _budget_paid(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        _("Gemeente – maatwerkbudget"),
        _("Betaling uit het maatwerkbudget"),
        [
            _("Om erger te voorkomen heeft de gemeente {amount} betaald aan {creditor}.").format(**n),
            _("Een deel hiervan is een renteloze lening. U betaalt die terug in overleg met uw casemanager."),
        ],
        amount=True,
    )


def _outreach(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        c.front_door(),
        _("Wij komen graag bij u langs"),
        [
            _("Wij hebben een signaal gekregen dat u een betalingsachterstand heeft. Dat kan iedereen overkomen."),
            _(
                "Een medewerker van het wijkteam komt bij u langs om te kijken of wij kunnen helpen. U hoeft daarvoor "
                "niets in te vullen."
            ),
        ],
    )


COUNTER_LETTERS: dict[str, Template] = {
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
    "backpayment": _backpayment,
    "debt_free": _debt_free,
    "reproof": _reproof,
    "case_manager_intro": _case_manager_intro,
    "overrule": _overrule,
    "budget_paid": _budget_paid,
    "outreach": _outreach,
}
