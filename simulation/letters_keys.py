"""Every kind of letter the model can send: the one list of letter keys.

``CityModel.letter`` refuses a key that is not here, and the game's letter
templates (game/letters.py) are tested against this list, so a new letter in
the model cannot reach a player without official wording in both languages.
"""

from __future__ import annotations

from typing import get_args

from .debts import STAGE_LETTERS
from .metrics import CRISES
from .schema import CreditorSpec

#: Crises that a court procedure can end in (``<crisis>_notice`` announces the procedure).
PROCEDURE_CRISES: tuple[str, ...] = tuple(
    c for c in get_args(CreditorSpec.model_fields["crisis"].annotation) if c != "none"
)

LETTER_KEYS: frozenset[str] = frozenset(
    [
        # applications and their decisions
        "request_information",
        "rejection",
        "deadline_extended",
        "sanction",
        "report_change",
        "blocked",
        "sent_on",
        "granted",
        "ended",
        "clawback",
        "backpayment",
        "debt_free",
        "reproof",
        # integral help
        "case_manager_intro",
        "overrule",
        "budget_paid",
        "outreach",
        # debt collection and court procedures
        *STAGE_LETTERS.values(),
        "payment_plan_imposed",
        *(f"{c}_notice" for c in PROCEDURE_CRISES),
        # crises
        *(f"crisis_{c}" for c in CRISES),
    ]
)
