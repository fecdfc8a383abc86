"""Named packages of lever choices for council mode, kept in one small JSON file per user.

A package holds the base scenario, the value of *every* lever (not only the changed ones, so a
reopened package is the same set of choices even if the scenario's own values change later),
the municipality it was made for (households in the target group, horizon in years) and the
precision.  The same file keeps the council screen's last settings, so choices survive closing
the screen.  Writes go through a temporary file and ``os.replace``: a killed program leaves the
old file or the new one, never half of one.  A file that cannot be read is set aside as
``.broken`` with a message, never a traceback.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from simulation.loader import ScenarioError

from . import N_, texts

#: Precision of a council run: number of runs (seeds) and simulated households per run.
PRECISIONS: dict[str, tuple[int, int]] = {"quick": (3, 80), "normal": (4, 150), "thorough": (6, 250)}
PRECISION_NAMES = {"quick": N_("Snel"), "normal": N_("Normaal"), "thorough": N_("Grondig")}
DEFAULT_TARGET, DEFAULT_YEARS, MAX_YEARS = 10_000, 4, 10
MAX_TARGET = 10_000_000
MAX_NAME = 40
MAX_PACKAGES = 200
FORMAT = 1


class PackageError(ScenarioError):
    """A package name, file or setting that cannot be used; the message says why."""


@dataclass
class Package:
    name: str
    scenario: str
    levers: dict[str, Any]
    households: int = DEFAULT_TARGET
    years: int = DEFAULT_YEARS
    precision: str = "normal"
    extra: dict[str, Any] = field(default_factory=dict)

    def changed(self, baseline: Mapping[str, Any]) -> dict[str, Any]:
        """The levers set to another value than the scenario's own."""
        return {k: v for k, v in self.levers.items() if k in baseline and v != baseline[k]}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_name(name: str, lang: str = "nl") -> str:
    """A package name: 1-40 printable characters, no path separators; surrounding spaces dropped."""
    t = texts(lang)
    clean = str(name).strip()
    if (
        not clean
        or len(clean) > MAX_NAME
        or any(unicodedata.category(c)[0] == "C" for c in clean)
        or any(c in clean for c in "/\\")
    ):
        raise PackageError(
            t("een pakketnaam is 1 tot {n} gewone tekens zonder / of \\, niet '{name}'").format(
                n=MAX_NAME, name=clean[:60]
            )
        )
    return clean


def check_settings(households: Any, years: Any, precision: Any, lang: str = "nl") -> tuple[int, int, str]:
    """Households in the target group (1..10 million), horizon (1..10 years) and a known precision."""
    t = texts(lang)
    try:
        n = int(str(households).replace(".", "").replace(",", "").replace(" ", "").replace("_", ""))
    except ValueError:
        n = -1
    if not 1 <= n <= MAX_TARGET:
        raise PackageError(
            t("aantal huishoudens in de doelgroep: een geheel getal van 1 tot {max}, niet '{v}'").format(
                max=f"{MAX_TARGET:,}".replace(",", "."), v=households
            )
        )
    try:
        y = int(years)
    except (TypeError, ValueError):
        y = -1
    if not 1 <= y <= MAX_YEARS:
        raise PackageError(t("looptijd: 1 tot {max} jaar, niet '{v}'").format(max=MAX_YEARS, v=years))
    if precision not in PRECISIONS:
        raise PackageError(t("precisie: {known}, niet '{v}'").format(known=", ".join(PRECISIONS), v=precision))
    return n, y, str(precision)


def _package(name: str, raw: Any) -> Package:
    if not isinstance(raw, dict) or not isinstance(raw.get("levers"), dict) or not isinstance(raw.get("scenario"), str):
        raise ValueError(f"package '{name}' lacks a scenario or levers")
    n, y, p = check_settings(
        raw.get("households", DEFAULT_TARGET), raw.get("years", DEFAULT_YEARS), raw.get("precision", "normal")
    )
    return Package(check_name(name), raw["scenario"], dict(raw["levers"]), n, y, p, dict(raw.get("extra") or {}))


class PackageStore:
    """The user's council file: named packages and the screen's last settings."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            from userfiles.paths import council_file

            path = council_file()
        self.path = Path(path)
        self.warning = ""
        self._data = self._read()

    def _read(self) -> dict[str, Any]:
        empty: dict[str, Any] = {"format": FORMAT, "packages": {}, "current": {}}
        if not self.path.exists():
            return empty
        try:
            if self.path.stat().st_size > 2_000_000:
                raise ValueError("larger than 2 MB")
            data = json.loads(self.path.read_text("utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("packages", {}), dict):
                raise ValueError("not a council file")
            packages = {name: _package(name, raw) for name, raw in data.get("packages", {}).items()}
            current = data.get("current") if isinstance(data.get("current"), dict) else {}
            return {"format": FORMAT, "packages": {k: v.as_dict() for k, v in packages.items()}, "current": current}
        except (OSError, ValueError, UnicodeDecodeError, ScenarioError) as exc:
            broken = self.path.with_suffix(".json.broken")
            try:
                os.replace(self.path, broken)
                where = f"; set aside as {broken.name}"
            except OSError:
                where = ""
            self.warning = f"{self.path}: cannot be read ({exc}){where}; starting with no saved packages"
            return empty

    def _write(self) -> None:
        tmp = self.path.with_suffix(".json.tmp")
        try:
            tmp.write_text(json.dumps(self._data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            raise PackageError(f"{self.path}: cannot be written ({exc.strerror or exc})") from None

    # ---------------------------------------------------------------- packages
    def names(self) -> list[str]:
        return sorted(self._data["packages"], key=str.casefold)

    def save(self, package: Package, lang: str = "nl") -> Package:
        package.name = check_name(package.name, lang)
        check_settings(package.households, package.years, package.precision, lang)
        if package.name not in self._data["packages"] and len(self._data["packages"]) >= MAX_PACKAGES:
            t = texts(lang)
            raise PackageError(t("er zijn al {n} pakketten bewaard; verwijder er eerst een").format(n=MAX_PACKAGES))
        self._data["packages"][package.name] = package.as_dict()
        self._write()
        return package

    def load(self, name: str, lang: str = "nl") -> Package:
        raw = self._data["packages"].get(str(name).strip())
        if raw is None:
            t = texts(lang)
            raise PackageError(
                t("geen bewaard pakket '{name}' (bewaard: {known})").format(
                    name=name, known=", ".join(self.names()) or t("geen")
                )
            )
        return _package(raw["name"], raw)

    def delete(self, name: str) -> None:
        if self._data["packages"].pop(name, None) is not None:
            self._write()

    # ---------------------------------------------------------------- the screen's last settings
    @property
    def current(self) -> dict[str, Any]:
        return dict(self._data.get("current") or {})

    def remember(self, **settings: Any) -> None:
        """Keep the screen's settings (scenario, lever values, municipality, precision, chosen packages)."""
        self._data["current"] = {**self._data.get("current", {}), **settings}
        self._write()
