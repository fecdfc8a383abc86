"""A counter's form: typed or picked answers, validation messages from the session,
fields the counter already knows shown filled in (ask once).

The player's own papers lie beside the form (name, BSN, IBAN …): they have to be
looked up and typed in again at every counter that asks for them.

What the player types is never lost: leaving the form without sending it (the back button,
Escape, another screen, quitting) keeps the answers as the application's draft in the session
(``session.set_draft``), which is saved with the play; the form reopens with them.
"""

from __future__ import annotations

import pygame
import pygame_gui

from .screen import Screen
from .widgets import INK, LINE, WHITE, button, ellipsize, escape_html, label, px, text, textbox, wrap

ROW = 78
YESNO = {"nl": ("ja", "nee"), "en": ("yes", "no")}


class FormScreen(Screen):
    def __init__(self, app, session, app_id: int) -> None:
        super().__init__(app)
        self.session = session
        self.app_id = app_id
        #: Typed or picked answers by field id; starts from the draft kept when the form was left before.
        self.answers: dict[str, str] = dict(session.draft(app_id))
        self.errors: dict[str, str] = {}
        self.message = ""
        self.fields: list = []
        self._live = False  # the widgets exist (between on_enter and on_exit)
        self._entered = False  # shown before (then a rebuild keeps the focus where it was)

    def view(self):
        return next((a for a in self.session.applications() if a.id == self.app_id), None)

    def on_enter(self) -> None:
        t, m, s = self.app.t, self.app.manager, self.session
        w, h = self.app.size
        self.widgets: list = []
        self.inputs: dict[str, object] = {}
        self.picks: dict[object, tuple[str, str]] = {}
        self.order: list[str] = []
        view = self.view()
        self.fields = s.form(self.app_id)
        papers_w = max(340, int(w * 0.28))
        form_w = w - papers_w - 60
        self.form_rect = pygame.Rect(20, 20, form_w, h - 40)
        self.papers_rect = pygame.Rect(self.form_rect.right + 20, 20, papers_w, h - 40)
        title = t("Formulier") if view is None else view.scheme_name
        self.widgets.append(
            label(m, pygame.Rect(40, 30, form_w - 40, px(40)), ellipsize(title, form_w - 60, 28, True), "heading")
        )
        sub = (
            t("{kind} bij {counter}").format(kind=view.kind_name, counter=view.counter_name) if view is not None else ""
        )
        if view is not None and view.form_hours:
            sub += " · " + t("invullen kost u ongeveer {h} uur").format(
                h=f"{view.form_hours:.1f}".replace(".", "," if self.app.lang == "nl" else ".")
            )
        self.widgets.append(label(m, pygame.Rect(40, 30 + px(42), form_w - 40, px(28)), sub, "subtle"))
        top = 36 + px(72)
        bottom = self.form_rect.bottom - 62 - px(80)  # below: the form's message line, the keys and the buttons
        self.scroll = pygame_gui.elements.UIScrollingContainer(
            pygame.Rect(30, top, form_w - 20, bottom - top), m, allow_scroll_x=False
        )
        inner = form_w - 20 - 24
        label_w = int(inner * 0.46)
        y = 4
        if not self.fields:
            nothing = t("Er valt op dit formulier niets in te vullen.")
            self.widgets.append(label(m, pygame.Rect(10, y, inner, 30), nothing, container=self.scroll))
        for f in self.fields:
            lines = wrap(f.label, label_w - 8, 18)[:2]  # two lines at most; the papers show it whole
            for i, line in enumerate(lines):
                self.widgets.append(
                    label(m, pygame.Rect(6, y + 4 + i * px(24), label_w, px(26)), line, container=self.scroll)
                )
            r = pygame.Rect(label_w + 10, y + 2, inner - label_w - 14, px(42))
            if f.prefilled is not None:
                # ask once: the answer is there already, shown filled in on a light panel, not as a field
                known = f"{f.prefilled}  ·  {t('al bekend')}"
                entry = label(m, r, ellipsize(known, r.width - 16, 18, True), "known", container=self.scroll)
                self.widgets.append(
                    label(
                        m,
                        pygame.Rect(label_w + 10, y + px(46), inner - label_w - 14, px(24)),
                        t("Al ingevuld: de gemeente kent dit al"),
                        "subtle",
                        container=self.scroll,
                    )
                )
            elif f.kind in ("yesno", "choice"):
                # a pick: one button per answer, the chosen one marked (a drop-down would be clipped
                # by the scrolling form)
                options = ["ja", "nee"] if f.kind == "yesno" else list(f.choices)
                shown = list(YESNO[self.app.lang]) if f.kind == "yesno" else options
                bw = min(160, (r.width - 10 * (len(options) - 1)) // max(1, len(options)))
                entry = None
                for i, (value, caption) in enumerate(zip(options, shown)):
                    b = button(
                        m,
                        pygame.Rect(r.x + i * (bw + 10), r.y, bw, r.height),
                        caption,
                        "chosen" if self.answers.get(f.id) == value else "secondary",
                        container=self.scroll,
                        object_id=f"pick_{f.id}_{i}",
                    )
                    self.picks[b] = (f.id, value)
                    self.widgets.append(b)
                    entry = entry or b
                self.order.append(f.id)
            else:
                entry = pygame_gui.elements.UITextEntryLine(
                    r, m, container=self.scroll, initial_text=self.answers.get(f.id, "")
                )
                self.order.append(f.id)
            self.inputs[f.id] = entry
            self.widgets.append(entry)
            under = pygame.Rect(label_w + 10, y + px(46), inner - label_w - 14, px(24))
            if f.id in self.errors:
                self.widgets.append(
                    label(
                        m,
                        under,
                        ellipsize(self.errors[f.id], under.width - 6, 16, True),
                        "error",
                        container=self.scroll,
                    )
                )
            elif f.hint and f.prefilled is None and f.kind not in ("yesno", "choice"):
                self.widgets.append(
                    label(m, under, ellipsize(f.hint, under.width - 6, 16), "subtle", container=self.scroll)
                )
            y += px(ROW)
        self.scroll.set_scrollable_area_dimensions((inner, y + 8))
        by = self.form_rect.bottom - 62
        if self.message:
            self.widgets.append(
                label(
                    m,
                    pygame.Rect(40, by - px(70), form_w - 40, px(30)),
                    ellipsize(self.message, form_w - 60, 16, True),
                    "error",
                )
            )
        elif self.fields:
            note = t("Wat u invult, blijft bewaard als u teruggaat; tijd kost het pas bij versturen.")
            self.widgets.append(
                label(m, pygame.Rect(40, by - px(70), form_w - 40, px(30)), ellipsize(note, form_w - 60, 16), "subtle")
            )
        keys = t("Tab: volgende vraag · Enter: kiezen · Ctrl+Enter: versturen · Esc: terug")
        self.widgets.append(
            label(m, pygame.Rect(40, by - px(38), form_w - 40, px(30)), ellipsize(keys, form_w - 60, 16), "subtle")
        )
        self.cancel = button(
            m, pygame.Rect(40, by, px(220), 48), t("Terug (niet versturen)"), "secondary", object_id="form_cancel"
        )
        self.send = button(
            m,
            pygame.Rect(self.form_rect.right - px(280) - 20, by, px(280), 48),
            t("Formulier versturen"),
            "big",
            object_id="form_send",
        )
        if not self.fields:
            self.send.disable()
        self.widgets += [self.cancel, self.send, self.scroll]
        self.papers = textbox(m, self.papers_rect.inflate(-16, -60).move(0, 22), self.papers_html())
        self.widgets.append(self.papers)
        self._live = True
        if not self._entered:  # the first time: the first open question has the focus
            self._entered = True
            first = next(iter(self.focus_order()), None)
            if first is not None and first is not self.send:
                self.app.focus.focus(first)

    def focus_order(self) -> list:
        """Tab order: every open question (text fields and yes/no answers) top-down, then send, then back."""
        out: list = []
        for fid in self.order:
            out += [b for b, (field_id, _) in self.picks.items() if field_id == fid] or [self.inputs[fid]]
        return out + [self.send, self.cancel]

    def papers_html(self) -> str:
        """The household's own papers: every fact the scenario's forms can ask for."""
        lang = self.app.lang
        rows = []
        for paper in self.session.papers():
            value = paper.value
            if paper.kind == "yesno":
                value = YESNO[lang][0] if value == "ja" else YESNO[lang][1]
            rows.append(f"<b>{escape_html(paper.label)}</b><br>{escape_html(str(value))}")
        return "<br>".join(rows)

    def on_exit(self) -> None:
        self.keep_state()
        self._live = False
        for wdg in self.widgets:
            wdg.kill()

    # ------------------------------------------------------------------ answers
    def collect(self) -> None:
        """Remember what was typed or picked (survives a resize, the pause menu or a language change)."""
        if not self._live:
            return
        for f in self.fields:
            el = self.inputs.get(f.id)
            if el is None or f.prefilled is not None:
                continue
            if isinstance(el, pygame_gui.elements.UITextEntryLine):
                self.answers[f.id] = el.get_text()

    def keep_state(self) -> None:
        """The unsent answers become the application's draft in the session (saved with the play)."""
        self.collect()
        open_ids = {f.id for f in self.fields if f.prefilled is None}
        self.session.set_draft(self.app_id, {k: v for k, v in self.answers.items() if k in open_ids or not self.fields})

    def submit(self) -> None:
        self.collect()
        answers = {f.id: self.answers.get(f.id, "") for f in self.fields if f.prefilled is None}
        outcome = self.session.fill_form(self.app_id, answers)
        if outcome.ok:
            self.app.message = (True, outcome.message)
            self.app.pop()
            return
        self.errors = dict(outcome.data.get("errors") or {})
        self.message = outcome.message
        if not self.errors:  # refused for another reason (time): back to the week with the message
            self.app.message = (False, outcome.message)
            self.app.pop()
            return
        self.on_resize()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.send:
                self.submit()
                return True
            if event.ui_element is self.cancel:
                self.app.pop()
                return True
            if event.ui_element in self.picks:
                field_id, value = self.picks[event.ui_element]
                self.answers[field_id] = value
                self.errors.pop(field_id, None)
                self.on_resize()
                return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:  # Enter in a field: on to the next question
            self.app.focus.move()
            return True
        return False

    def handle_shortcut(self, event: pygame.event.Event) -> bool:
        """Ctrl+Enter sends the form (the send button's shortcut), also from inside a text field."""
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.fields:
            self.submit()
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, WHITE, self.form_rect, border_radius=10)
        pygame.draw.rect(surface, LINE, self.form_rect, 1, border_radius=10)
        pygame.draw.rect(surface, (250, 247, 236), self.papers_rect, border_radius=10)
        pygame.draw.rect(surface, LINE, self.papers_rect, 1, border_radius=10)
        head = text(self.app.t("Uw eigen papieren"), 18, INK, True)
        surface.blit(head, (self.papers_rect.x + 10, self.papers_rect.y + 4))
