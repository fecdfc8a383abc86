"""The named numbers of a scenario: money (``budget``), unit costs, life-event hazards,
household behaviour and procedural constants (``mechanics``).  Part of the scenario schema
(:mod:`simulation.schema` re-exports them); every one is a scenario key that ``--set``,
sweeps, sensitivity analysis and calibration reach, with a source or an assumption in
``scenarios/city.yaml``."""

from __future__ import annotations

from pydantic import Field, model_validator

from .schema_base import Range, Strict


class CrisisCosts(Strict):
    eviction: float = 10000.0
    cutoff: float = 1500.0
    seizure: float = 1200.0
    health: float = 6000.0
    shelter_per_week: float = 600.0


class UnitCosts(Strict):
    staff_hour: float = 70.0
    case_manager_hour: float = 80.0
    breakthrough_hour: float = 100.0
    outreach_hour: float = 80.0
    crisis: CrisisCosts = CrisisCosts()


class LifeEvents(Strict):
    """Weekly hazards.  Every household draws all of them every week (common random numbers)."""

    job_loss: float = Field(0.004, ge=0, le=1)
    job_find: float = Field(0.012, ge=0, le=1)
    illness: float = Field(0.003, ge=0, le=1)
    recovery: float = Field(0.02, ge=0, le=1)
    sick_pay_share: float = Field(
        0.0,
        ge=0,
        le=1,
        description="share of the wage a sick single earner still receives (wage continuation or sickness benefit)",
    )
    unexpected_cost: float = Field(0.02, ge=0, le=1)
    unexpected_cost_amount: Range = Range(low=150, high=900)
    separation: float = Field(0.0008, ge=0, le=1)
    separation_job_share: float = Field(
        0.5, ge=0, le=1, description="when one of two adults worked, chance that the one who leaves had the job"
    )
    partnering: float = Field(
        0.0, ge=0, le=1, description="weekly chance that a single adult of working age starts living with a partner"
    )
    partner_employed: float = Field(0.0, ge=0, le=1, description="chance that the new partner has a job")
    health_crisis_base: float = Field(0.0015, ge=0, le=1)
    health_crisis_stress_factor: float = Field(4.0, ge=0)
    health_crisis_care_factor: float = Field(
        2.0, ge=1, description="health-crisis hazard times this with an unmet care need"
    )


class Budget(Strict):
    living_per_adult: float = 110.0
    living_per_child: float = 90.0
    energy: float = 45.0
    insurance_per_adult: float = 34.0
    own_risk_per_adult: float = Field(
        0.0, ge=0, description="euro/week of the compulsory deductible for an adult with a care need"
    )
    local_taxes: float = 9.0
    child_benefit_per_child: float = 22.0
    norm_single: float = 323.0
    norm_couple: float = 462.0
    rent_factor: float = Field(1.0, gt=0, le=100, description="affordable housing: multiplies every rent")
    seizure_free_share: float = Field(0.95, ge=0, le=1, description="share of the norm a bailiff must leave")


class Behaviour(Strict):
    """How simulated households act; also the stress and trust dynamics."""

    stress_from_debt: float = 0.5
    stress_from_arrears: float = 0.25
    stress_from_deadlines: float = 0.05
    stress_recovery: float = 0.15
    stress_hours_penalty: float = 0.6
    form_error_rate: float = Field(0.12, ge=0, le=1, description="chance a field is wrong at skill 0")
    wrong_door: float = Field(0.45, ge=0, le=1, description="chance to pick a wrong counter when unaware")
    trust_loss_rejection: float = 0.06
    trust_loss_sanction: float = 0.10
    trust_loss_sent_on: float = 0.04
    trust_loss_asked_again: float = 0.004
    trust_gain_help: float = 0.05
    trust_gain_continuity: float = 0.006
    stigma_chance: float = Field(0.15, ge=0, le=1, description="chance a rejection at low trust adds a year of delay")
    withhold_below_trust: float = Field(0.35, ge=0, le=1)
    debt_need_threshold: float = 500.0
    mail_avoidance: float = Field(0.8, ge=0, le=1, description="at full stress, chance a week's post stays unopened")
    # Stress, hours and skill.
    crisis_stress: float = Field(0.2, ge=0, le=1, description="stress added by a crisis")
    crisis_trust_loss: float = Field(0.05, ge=0, le=1, description="trust lost in a crisis")
    arranged_debt_stress_weight: float = Field(
        0.3, ge=0, le=1, description="share of a debt under an arrangement that still weighs on stress"
    )
    stress_debt_months: float = Field(
        3.0, gt=0, description="open debt of this many months' income gives the full stress_from_debt"
    )
    stress_homeless: float = Field(0.4, ge=0, le=1, description="stress added by homelessness")
    stress_youth_need: float = Field(0.1, ge=0, le=1, description="stress added by a child's unmet need for help")
    stress_rise_factor: float = Field(2.0, ge=1, description="stress rises this many times faster than it falls")
    stress_skill_penalty: float = Field(0.5, ge=0, le=1, description="share of skill lost at full stress")
    min_skill: float = Field(0.05, gt=0, le=1, description="skill never falls below this")
    care_need_hours_factor: float = Field(
        0.7, ge=0, le=1, description="share of paperwork hours left with an unmet care need"
    )
    min_hours: float = Field(0.5, ge=0, description="paperwork hours a week that every household has at least")
    job_find_stress_penalty: float = Field(
        0.5, ge=0, le=1, description="share of the job-finding chance lost at full stress"
    )
    income_need_margin: float = Field(0.98, gt=0, description="income below norm x this is an income problem")
    # Money.
    cash_buffer: float = Field(100.0, ge=0, description="euro kept in hand before extra money goes to debts")
    living_cut_share: float = Field(
        0.0,
        ge=0,
        le=1,
        description="share of living costs a household short of money goes without before it leaves bills unpaid",
    )
    instalment_share: float = Field(
        0.05,
        ge=0,
        le=1,
        description="a payment of at least this share of a debt "
        "counts as an instalment and holds its collection off for a week",
    )
    # Withholding information and outreach.
    withhold_factor_household: float = Field(
        2.0,
        ge=0,
        description="chance of withholding a sensitive field = factor x trust below withhold_below_trust, "
        "when the household fills in the form itself",
    )
    withhold_factor_case_manager: float = Field(0.5, ge=0, description="the same factor with a case manager")
    shame_scale: float = Field(
        1.0,
        gt=0,
        le=10,
        description="multiplies every household type's shame_weeks "
        "(weeks a problem lasts before the household asks for help)",
    )
    income_urgency: float = Field(
        0.0,
        ge=0,
        le=1,
        description="how much an income gap shortens the shame of "
        "asking about income: shame x (1 - this x gap below the norm as a share of it)",
    )
    topup_min_gain: float = Field(
        0.0,
        ge=0,
        le=1000,
        description="euro a week: a household does not claim an "
        "income top-up smaller than this (the trouble is not worth it)",
    )
    ask_chance: float = Field(
        1.0,
        ge=0,
        le=1,
        description="once shame is overcome, weekly chance that the household goes to ask for help "
        "(the rest of the weeks it puts it off)",
    )
    ask_chance_pressed: float = Field(
        1.0,
        ge=0,
        le=1,
        description="the same chance when a problem has become acute: homeless, a bailiff, "
        "or an eviction or cut-off procedure",
    )
    stigma_weeks: int = Field(52, ge=0, le=520, description="weeks a stigmatising rejection delays asking again")
    outreach_acceptance_base: float = Field(
        0.4, ge=0, le=1, description="chance to accept an outreach visit at trust 0"
    )
    outreach_acceptance_trust: float = Field(0.6, ge=0, le=1, description="extra acceptance chance at trust 1")
    outreach_effect_weeks: int = Field(
        26, ge=0, le=520, description="weeks an accepted outreach visit overcomes the shame of asking for help"
    )


class Mechanics(Strict):
    """Procedural constants of the city: prices in hours, waiting periods, how often things are
    checked.  Every one is a scenario key (``--set mechanics.post_hours=0.5``), so sweeps and the
    sensitivity analysis reach it; the scenario file gives a source or marks it an assumption."""

    post_hours: float = Field(0.25, ge=0, description="hours to open and read a week's official post")
    field_skill_offset: float = Field(0.4, gt=0, description="hours per field = minutes / 60 / (offset + skill)")
    digital_form_factor: float = Field(
        1.6, ge=1, description="online forms take (factor - digital skill) times as long"
    )
    digital_submit_hours: float = Field(0.3, ge=0, description="hours to submit an application online")
    digital_skill_threshold: float = Field(
        0.7, ge=0, le=1, description="below this digital skill, submitting online costs extra hours"
    )
    digital_skill_hours: float = Field(3.0, ge=0, description="extra hours per unit of digital skill short")
    case_manager_document_hours: float = Field(
        0.5, ge=0, description="case-manager hours to get a document from another counter"
    )
    blocked_document_hours: float = Field(
        0.5, ge=0, description="hours lost finding out that a rule keeps a document out of reach"
    )
    reapply_after_ineligible_weeks: int = Field(
        26, ge=0, le=520, description="weeks before a household found not eligible applies again"
    )
    reapply_after_rejection_weeks: int = Field(
        8, ge=0, le=520, description="weeks before applying again after any other rejection or a blocked application"
    )
    max_discretion: float = Field(0.95, ge=0, le=1, description="chance of a waiver never exceeds this")
    automatic_check_weeks: int = Field(
        4,
        ge=1,
        le=52,
        description="with automatic allowances, entitlement is checked from shared data every this many weeks",
    )
    clawback_trust_factor: float = Field(
        0.5, ge=0, description="a claw-back costs this share of the trust a sanction costs"
    )
    initial_debt_age_weeks: int = Field(
        16, ge=1, le=520, description="initial debts are up to this many weeks old at the start"
    )
    creditor_letter_hours: float = Field(
        0.5,
        ge=0,
        description="household hours to deal with a debt that "
        "reaches a new collection stage (letters, calls, a bailiff at the door)",
    )


class Taper(Strict):
    """How a weekly amount falls with income: in full up to ``full_below`` times the household's
    norm, nothing from ``zero_at`` times the norm, linear in between.  The income is the one the
    counter computes with (the reported income while a change is unreported)."""

    full_below: float = Field(1.0, ge=0, le=10, description="full amount below this multiple of the norm")
    zero_at: float = Field(1.5, gt=0, le=10, description="no amount from this multiple of the norm on")

    @model_validator(mode="after")
    def _ordered(self) -> Taper:
        if self.zero_at <= self.full_below:
            raise ValueError(f"zero_at ({self.zero_at}) must be above full_below ({self.full_below})")
        return self


class Reconciliation(Strict):
    """The final calculation of advances (the Dutch *definitieve berekening* of allowances):
    schemes with ``reconciled: true`` are paid as advances on the income the counter knows, and
    settled once a year on the year's actual income."""

    week: int = Field(36, ge=0, le=51, description="week of the year in which last year's advances are settled")
    income_drift: float = Field(
        0.03,
        ge=-1,
        le=1,
        description="mean surprise of a year's wage income against the income the advances were "
        "paid on, as a share of it",
    )
    income_spread: float = Field(
        0.10, ge=0, le=1, description="standard deviation of that surprise between households and years"
    )
    min_clawback: float = Field(
        116.0, ge=0, description="euro per scheme and year: a smaller overpayment is not clawed back"
    )
    min_backpayment: float = Field(
        1.0, ge=0, description="euro per scheme and year: a smaller underpayment is not paid out"
    )
