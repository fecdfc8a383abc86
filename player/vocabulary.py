"""The session's vocabulary: the names of counters, schemes, documents, rules, creditors and
problem domains in the player's language, and hours written the way the language writes them."""

from __future__ import annotations

from loket_i18n.numbers import hours as format_hours

from .state import SessionState
from .views import DOMAIN_NAMES


class Vocabulary(SessionState):
    """Names in ``lang``: scenario labels for the scenario's things, the catalog for the rest."""

    def _name(self, table: str, key: str | None) -> str:
        if key is None:
            return ""
        spec = getattr(self.scenario, table).get(key)
        return spec.label.get(self.lang) if spec is not None else str(key)

    def counter_name(self, cid: str | None) -> str:
        return self._name("counters", cid) if cid is not None else self._t("thuis of telefonisch")

    def scheme_name(self, sid: str | None) -> str:
        return self._name("schemes", sid)

    def document_name(self, did: str | None) -> str:
        return self._name("documents", did)

    def rule_name(self, rid: str | None) -> str:
        return self._name("rules", rid)

    def creditor_name(self, kid: str | None) -> str:
        return self._name("creditors", kid)

    def domain_name(self, dom: str | None) -> str:
        return self._t(DOMAIN_NAMES[dom]) if dom in DOMAIN_NAMES else str(dom or "")

    def _hours(self, hours: float) -> str:
        return format_hours(hours, self.lang)
