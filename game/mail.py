"""The post: an inbox of letters and the letter itself, in official wording
(rendered by game/letters.py).  Opening the post costs time once per batch."""

from __future__ import annotations

import pygame
import pygame_gui

from .focus import scroll_into_view
from .screen import Screen
from .widgets import LINE, WHITE, button, ellipsize, escape_html, label, px, textbox


def _rendered(session, letter):
    try:
        from .letters import render
    except ImportError:  # the letters module is missing: the bare facts still reach the player
        return None
    return render(letter, session)


def letter_html(session, letter) -> str:
    """The letter as pygame_gui text-box markup, in official wording (game/letters.py)."""
    doc = _rendered(session, letter)
    if doc is None:
        return escape_html(f"{letter.key}\n" + "\n".join(f"{k}: {v}" for k, v in letter.data.items())).replace(
            "\n", "<br>"
        )
    e, lab = escape_html, doc.labels
    head = [
        f"<b>{e(doc.sender)}</b>",
        f"{e(lab.get('date', ''))} {e(doc.date)}",
        f"{e(lab.get('reference', ''))} {e(doc.reference)}",
        f"<b>{e(lab.get('subject', ''))} {e(doc.subject)}</b>",
    ]
    body = [e(doc.salutation)] + [e(p) for p in doc.paragraphs]
    extra = []
    if doc.amount:
        extra.append(f"<b>{e(lab.get('amount', ''))} {e(doc.amount)}</b>")
    if doc.deadline:
        extra.append(f"<b>{e(lab.get('deadline', ''))} {e(doc.deadline)}</b>")
    tail = [e(doc.closing), e(doc.signature)]
    return "<br>".join(head) + "<br><br>" + "<br><br>".join(body) + "<br><br>" + "<br>".join(extra + [""] + tail)


def letter_subject(session, letter) -> str:
    """Sender and subject: three reminders from three creditors must be told apart in the list."""
    doc = _rendered(session, letter)
    return f"{doc.sender}: {doc.subject}" if doc is not None else letter.key


class InboxScreen(Screen):
    def __init__(self, app, session) -> None:
        super().__init__(app)
        self.session = session
        letters = session.mail()
        unread = [x for x in letters if not x.read]
        self.current: int | None = unread[0].id if unread else (letters[-1].id if letters else None)
        self.opened = False  # the current letter was opened (read_letter) on this screen
        self.notice = ""

    def on_enter(self) -> None:
        t, m, s, lang = self.app.t, self.app.manager, self.session, self.app.lang
        w, h = self.app.size
        self.widgets: list = []
        self.letter_buttons: dict[object, int] = {}
        list_w = max(420, int(w * 0.34))
        self.list_rect = pygame.Rect(20, 80, list_w, h - 170)
        self.view_rect = pygame.Rect(list_w + 40, 20, w - list_w - 60, h - 40)
        self.widgets.append(label(m, pygame.Rect(24, 20, list_w, 44), t("Post"), "heading"))
        letters = list(reversed(s.mail()))  # newest first
        scroll = pygame_gui.elements.UIScrollingContainer(self.list_rect, m, allow_scroll_x=False)
        self.widgets.append(scroll)
        y = 0
        inner = list_w - 24
        row = px(44)
        for x in letters:
            # two lines: the subject on the button, who sent it and when under it (nothing cut off
            # that tells letters apart; the whole title is the tooltip as well)
            doc = _rendered(s, x)
            subject = doc.subject if doc is not None else x.key
            sender = f"{t('wk')} {x.week} · {doc.sender}" if doc is not None else f"{t('wk')} {x.week}"
            caption = f"{'• ' if not x.read else ''}{subject}"
            kind = "chosen" if x.id == self.current else ("" if not x.read else "secondary")
            shown = ellipsize(caption, inner - 20, 18)
            b = button(
                m,
                pygame.Rect(0, y, inner, row),
                shown,
                kind,
                container=scroll,
                object_id=f"letter_{x.id}",
                tooltip=letter_subject(s, x) if shown != caption else None,
            )
            self.letter_buttons[b] = x.id
            self.widgets.append(
                label(
                    m,
                    pygame.Rect(6, y + row, inner - 6, px(24)),
                    ellipsize(sender, inner - 16, 16),
                    "subtle",
                    container=scroll,
                )
            )
            y += row + px(30)
        scroll.set_scrollable_area_dimensions((inner, max(y, 1)))
        chosen = next((b for b, lid in self.letter_buttons.items() if lid == self.current), None)
        if chosen is not None:
            scroll_into_view(chosen)
        if not letters:
            self.widgets.append(label(m, pygame.Rect(24, 90, list_w, 30), t("Geen post."), "subtle"))
        self.back = button(m, pygame.Rect(20, h - 76, list_w, 50), t("Terug"), "secondary", object_id="mail_back")
        self.widgets.append(self.back)
        inner_view = self.view_rect.inflate(-20, -90).move(0, -30)
        letter = next((x for x in s.mail() if x.id == self.current), None)
        self.open_button = None
        if letter is None:
            html = escape_html(t("Kies links een brief."))
        elif not letter.read:
            price = s.status().post_hours
            html = (
                "<b>"
                + escape_html(letter_subject(s, letter))
                + "</b><br><br>"
                + escape_html(t("Deze brief is nog dicht. De post openen en lezen kost tijd."))
            )
            if price:
                hours = f"{price:.2f}".replace(".", "," if lang == "nl" else ".")
                html += "<br>" + escape_html(t("Alle nieuwe post openen: {h} uur.").format(h=hours))
            self.open_button = button(
                m,
                pygame.Rect(self.view_rect.x + 10, self.view_rect.bottom - 66, 380, 50),
                t("Brief openen en lezen"),
                "big",
                object_id="letter_open",
            )
            self.widgets.append(self.open_button)
        else:
            html = letter_html(s, letter)
        self.widgets.append(textbox(m, inner_view, html, "letter"))
        if self.notice:
            self.widgets.append(
                label(
                    m,
                    pygame.Rect(self.view_rect.x + 400, self.view_rect.bottom - 58, self.view_rect.width - 410, 32),
                    ellipsize(self.notice, self.view_rect.width - 420, 16, True),
                    "error",
                )
            )

    def on_exit(self) -> None:
        for wdg in self.widgets:
            wdg.kill()

    def open_current(self) -> None:
        if self.current is None:
            return
        outcome = self.session.read_letter(self.current)
        self.notice = "" if outcome.ok else outcome.message
        if not outcome.ok:
            self.app.message = (False, outcome.message)
        self.on_resize()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back:
                self.app.pop()
                return True
            if event.ui_element is self.open_button:
                self.open_current()
                return True
            lid = self.letter_buttons.get(event.ui_element)
            if lid is not None:
                self.current = lid
                self.notice = ""
                self.on_resize()
                return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            if self.open_button is not None:
                self.open_current()
                return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP):
            ids = [x.id for x in reversed(self.session.mail())]
            if ids:
                i = ids.index(self.current) if self.current in ids else 0
                i = min(len(ids) - 1, i + 1) if event.key == pygame.K_DOWN else max(0, i - 1)
                self.current = ids[i]
                self.notice = ""
                self.on_resize()
                return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, WHITE, self.view_rect, border_radius=10)
        pygame.draw.rect(surface, LINE, self.view_rect, 1, border_radius=10)
