"""Letters about debts: reminders and summons from creditors and collection agencies, the bailiff,
the court's notices and judgments, and the letters of a crisis (eviction, energy cut off, income
seized, the emergency doctor).

Each template takes the letter's context and names (game/letter_parts.py) and writes its parts in
Dutch, the message id; English is in loket_i18n/locale/en/LC_MESSAGES/letters.po.
"""

from __future__ import annotations

from typing import Any

from game.letter_parts import LetterContext, LetterParts, Template


def _reminder(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        n["creditor"],
        _("Betalingsherinnering"),
        [
            _("Volgens onze administratie staat er een bedrag open van {amount}.").format(**n),
            _(
                "Wij verzoeken u dit bedrag binnen 14 dagen te betalen. Betaalt u niet, dan worden extra kosten in "
                "rekening gebracht."
            ),
        ],
        amount=True,
    )


def _collection(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        _("Incassobureau namens {creditor}").format(**n),
        _("Sommatie"),
        [
            _("{creditor} heeft ons opdracht gegeven het openstaande bedrag bij u te innen.").format(**n),
            _("Hierbij komen incassokosten van {fee}. U moet nu in totaal {amount} betalen.").format(**n),
            _("Betaalt u niet binnen 14 dagen, dan dragen wij de vordering over aan de gerechtsdeurwaarder."),
        ],
        amount=True,
    )


def _bailiff(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        _("Gerechtsdeurwaarder namens {creditor}").format(**n),
        _("Aankondiging van beslag"),
        [
            _("Namens {creditor} vorderen wij {amount}, inclusief {fee} deurwaarderskosten.").format(**n),
            _("Betaalt u niet, dan leggen wij beslag op uw inkomen. U houdt dan alleen de beslagvrije voet over."),
        ],
        amount=True,
    )


def _payment_plan_imposed(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    return LetterParts(
        _("Rechtbank, sector kanton"),
        _("Vonnis: betalingsregeling"),
        [
            _("In de zaak van {creditor} tegen u heeft de kantonrechter uitspraak gedaan.").format(**n),
            _(
                "U moet de achterstand van {amount} in termijnen betalen volgens een betalingsregeling. Houdt u zich "
                "niet aan de regeling, dan kan {creditor} alsnog verdere stappen zetten."
            ).format(**n),
        ],
        amount=True,
    )


def _procedure_notice(c: LetterContext, n: dict[str, Any]) -> LetterParts:
    _ = c._
    if c.data.get("_kind") == "eviction":
        what = _("ontbinding van de huurovereenkomst en ontruiming van uw woning")
    else:
        what = _("afsluiting van gas en elektriciteit")
    return LetterParts(
        _("Gerechtsdeurwaarder namens {creditor}").format(**n),
        _("Dagvaarding"),
        [
            _(
                "Namens {creditor} roepen wij u op voor de kantonrechter, omdat u een achterstand heeft van {amount}."
            ).format(**n),
            _("{creditor} vraagt de rechter om: {what}.").format(what=what, **n),
            _("Neem contact op met {creditor} of zoek hulp. Komt u niet, dan kan de rechter de eis toewijzen.").format(
                **n
            ),
        ],
        amount=True,
    )


def _crisis(kind: str) -> Template:
    def render(c: LetterContext, n: dict[str, Any]) -> LetterParts:
        _ = c._
        if kind == "eviction":
            return LetterParts(
                _("Gerechtsdeurwaarder"),
                _("Aanzegging ontruiming"),
                [
                    _("Op grond van het vonnis van de kantonrechter wordt uw woning ontruimd."),
                    _("U moet de woning verlaten. Neem contact op met de gemeente voor opvang."),
                ],
            )
        if kind == "cutoff":
            return LetterParts(
                c.creditor_with_crisis("cutoff"),
                _("Afsluiting energie"),
                [
                    _("Omdat de achterstand niet is betaald, sluiten wij uw gas en elektriciteit af."),
                    _("Na betaling van de achterstand en de kosten kunt u opnieuw aansluiting aanvragen."),
                ],
            )
        if kind == "seizure":
            return LetterParts(
                _("Gerechtsdeurwaarder"),
                _("Beslag op uw inkomen"),
                [
                    _(
                        "Wij hebben beslag gelegd op uw inkomen. Uw werkgever of uitkeringsinstantie betaalt een "
                        "deel van uw inkomen voortaan aan ons."
                    ),
                    _(
                        "U houdt de beslagvrije voet over. Heeft u meer schulden, dan kan de beslagvrije voet te laag "
                        "zijn vastgesteld; laat dit controleren."
                    ),
                ],
            )
        return LetterParts(
            _("Huisartsenpost"),
            _("Verslag van uw bezoek aan de spoedpost"),
            [
                _("U bent bij ons geweest met ernstige klachten. Langdurige stress speelt daarbij een grote rol."),
                _("Wij raden u dringend aan hulp te zoeken bij uw problemen. Uw huisarts kan u verwijzen."),
            ],
        )

    return render


DEBT_LETTERS: dict[str, Template] = {
    "reminder": _reminder,
    "collection": _collection,
    "bailiff": _bailiff,
    "payment_plan_imposed": _payment_plan_imposed,
    "eviction_notice": _procedure_notice,
    "cutoff_notice": _procedure_notice,
    **{f"crisis_{k}": _crisis(k) for k in ("eviction", "cutoff", "seizure", "health")},
}
