"""Official letters: a letter key and its data (from the model's LETTER events) in official wording.

Pure text (no pygame), so the mail window, the debrief deck and tests share it::

    from game.letters import render, render_letter
    doc = render(letter, session)                 # a player.session.Letter of a PlayerSession
    doc = render_letter("reminder", {"creditor": "energy", "amount": 345, "fee": 0},
                        scenario, lang="en", week=3, letter_id=7, recipient="Samira El Amrani")
    doc.sender, doc.date, doc.reference, doc.subject, doc.paragraphs, doc.deadline, doc.amount
    doc.text()                                    # the whole letter as plain text

Every key in simulation.letters_keys.LETTER_KEYS has a template (tests check it): letters from
the counters in game/letters_counters.py, letters about debts in game/letters_debts.py, built on
game/letter_parts.py.  The Dutch text is the message id, English is in
loket_i18n/locale/en/LC_MESSAGES/letters.po.
Weeks in ``data`` are 1-based game weeks, as PlayerSession.mail() gives them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.letter_parts import LetterContext, Template
from game.letters_counters import COUNTER_LETTERS
from game.letters_debts import DEBT_LETTERS
from player import LETTER_KEYS

if TYPE_CHECKING:
    from player import Letter, PlayerSession, Scenario


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
        head = [
            self.sender,
            f"{self.labels.get('date', '')} {self.date}".strip(),
            f"{self.labels.get('reference', '')} {self.reference}".strip(),
            f"{self.labels.get('subject', '')} {self.subject}".strip(),
            "",
        ]
        body = [self.salutation, "", *sum(([p, ""] for p in self.paragraphs), [])]
        extra = []
        if self.amount:
            extra.append(f"{self.labels.get('amount', '')} {self.amount}".strip())
        if self.deadline:
            extra.append(f"{self.labels.get('deadline', '')} {self.deadline}".strip())
        tail = [*extra, "" if extra else None, self.closing, self.signature]
        return "\n".join(x for x in [*head, *body, *tail] if x is not None).strip() + "\n"


#: The template of every letter key: the counters' letters (game/letters_counters.py), then the
#: letters about debts (game/letters_debts.py).
TEMPLATES: dict[str, Template] = {**COUNTER_LETTERS, **DEBT_LETTERS}


class UnknownLetter(KeyError):
    pass


def render_letter(
    key: str,
    data: dict[str, Any],
    scenario: Scenario,
    lang: str = "nl",
    week: int | None = None,
    letter_id: int = 0,
    recipient: str = "",
) -> RenderedLetter:
    """One letter in official wording.  ``week`` is the game week it was sent (1-based)."""
    template = TEMPLATES.get(key)
    if template is None or key not in LETTER_KEYS:
        raise UnknownLetter(f"no letter template for '{key}'")
    c = LetterContext(dict(data), scenario, lang)
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
        labels={
            "date": _("Datum:"),
            "reference": _("Kenmerk:"),
            "subject": _("Onderwerp:"),
            "amount": _("Bedrag:"),
            "deadline": _("Termijn:"),
        },
    )


def render(letter: Letter, session: PlayerSession) -> RenderedLetter:
    """A letter from ``session.mail()``, to the player's household, in the session's language."""
    return render_letter(
        letter.key,
        letter.data,
        session.scenario,
        session.lang,
        week=letter.week,
        letter_id=letter.id,
        recipient=session.info().household_name,
    )
