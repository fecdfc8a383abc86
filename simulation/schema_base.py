"""Base types of the scenario schema: strict, frozen models; texts in both languages;
ranges; and the plain read-only view the model reads every household-week."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Plain:
    """A read-only view of a validated section's fields as plain attributes, for code that
    reads them every household-week: pydantic models define ``__getattr__``, which makes every
    attribute read go through a slow generic lookup (about three times a plain object's).
    The values are the section's own objects, so results do not change."""

    def __init__(self, section: BaseModel) -> None:
        object.__setattr__(self, "__dict__", dict(section))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")


class Text(Strict):
    """User-facing text in both languages (Dutch is the default)."""

    nl: str
    en: str

    def get(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


class Range(Strict):
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.high < self.low:
            raise ValueError(f"high ({self.high}) is below low ({self.low})")
        return self
