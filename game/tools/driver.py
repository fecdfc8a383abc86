"""Drive the game without a person: real pygame events into App.step.

Used by the tests and by the screenshot tour.  ``click`` presses a button the
way a mouse does when the button is on screen (mouse down and up over it) and
falls back to pygame_gui's own UI_BUTTON_PRESSED event for a button scrolled
out of view; ``type_text`` clicks a text field and types into it key by key.
"""

from __future__ import annotations

import os

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # no screen: draw into memory
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pygame_gui

import game  # noqa: F401

FRAMES = 2


def frames(app, n: int = FRAMES) -> None:
    for _ in range(n):
        app.step()


def visible(element) -> bool:
    """The element is drawn and its centre lies inside every container that clips it."""
    if not element.visible or not element.alive():
        return False
    container = element.ui_container
    while container is not None:
        rect = container.get_container().get_rect() if hasattr(container, "get_container") else container.get_rect()
        if not rect.collidepoint(element.rect.center):
            return False
        container = getattr(container, "ui_container", None)
        if container is not None and container is element.ui_manager.get_root_container():
            break
    return True


def mouse_click(app, pos: tuple[int, int]) -> None:
    """Move there, press and release the left button; the frame after handles what the click posted."""
    pygame.mouse.set_pos(pos)
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)])
    app.step(
        [
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False),
        ]
    )
    frames(app, 1)


def click(app, button) -> None:
    """Press ``button`` (a pygame_gui UIButton of the top screen)."""
    assert button.alive(), "the button is not on the screen any more"
    assert button.is_enabled, f"the button '{button.text}' is disabled"
    if visible(button):
        mouse_click(app, button.rect.center)
        return
    app.step(
        [
            pygame.event.Event(
                pygame_gui.UI_BUTTON_PRESSED,
                ui_element=button,
                ui_object_id=button.most_specific_combined_id,
                mouse_button=1,
            )
        ]
    )
    frames(app, 1)


def key(app, k: int, mod: int = 0, unicode: str = "") -> None:
    app.step(
        [
            pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0),
            pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode=unicode, scancode=0),
        ]
    )
    frames(app, 1)


def type_text(app, entry, text: str) -> None:
    """Focus a UITextEntryLine and type ``text`` into it as text-input events."""
    app.manager.set_focus_set(entry)
    entry.focus()
    if entry.get_text():
        entry.set_text("")
    app.step([pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text])
    frames(app, 1)


def answer_form(app, session) -> None:
    """On the form on top: type the household's true facts into every open question and click
    the yes/no answers (prefilled questions are left alone)."""
    truth = {field: paper.value for paper in session.papers() for field in paper.fields}
    for f in list(app.top.fields):
        if f.prefilled is not None:
            continue
        answer = truth[f.id]
        el = app.top.inputs[f.id]
        if isinstance(el, pygame_gui.elements.UITextEntryLine):
            type_text(app, el, answer)
            assert el.get_text() == answer
        else:
            click(app, button(app, f"pick_{f.id}_{0 if answer == 'ja' else 1}"))


def pick(app, menu, option: str) -> None:
    """Choose ``option`` in a UIDropDownMenu with the mouse: open it, click the option."""
    mouse_click(app, menu.rect.center)
    listing = getattr(menu.current_state, "options_selection_list", None)
    assert listing is not None, "the drop-down did not open"
    for item in listing.item_list:
        if item["text"] == option and item.get("button_element") is not None:
            mouse_click(app, item["button_element"].rect.center)
            return
    raise AssertionError(f"no option '{option}' in {[i['text'] for i in listing.item_list]}")


def buttons(app) -> dict[str, object]:
    """Every live button on screen by its object id (without '#')."""
    out = {}
    for el in app.manager.get_sprite_group().sprites():
        if isinstance(el, pygame_gui.elements.UIButton) and el.alive():
            oid = el.most_specific_combined_id.split(".")[-1]
            if oid.startswith("#"):
                out[oid[1:]] = el
    return out


def button(app, object_id: str):
    found = buttons(app).get(object_id)
    assert found is not None, f"no button '{object_id}' on {type(app.top).__name__}: {sorted(buttons(app))}"
    return found


def focused_id(app) -> str:
    """The object id (without '#') of the control with the keyboard focus, or ''."""
    el = app.focus.current
    if el is None or not el.alive():
        return ""
    oid = el.most_specific_combined_id.split(".")[-1]
    return oid[1:] if oid.startswith("#") else oid


def tab_to(app, object_id: str, most: int = 120) -> None:
    """Press Tab until the control ``object_id`` (or the first whose id starts with it, given
    with a trailing '*') has the focus; fails when Tab never gets there."""
    prefix = object_id.endswith("*")
    want = object_id.rstrip("*")
    for _ in range(most):
        key(app, pygame.K_TAB)
        now = focused_id(app)
        if now == want or (prefix and now.startswith(want)):
            assert app.focus.shown, "the focus ring is shown"
            return
    raise AssertionError(f"Tab never reached '{object_id}'")


def press_focused(app, object_id: str) -> None:
    """Tab to a control and press Enter on it."""
    tab_to(app, object_id)
    key(app, pygame.K_RETURN)


def end_week(app) -> None:
    """Press "end the week", then go on from the week's summary (to the next week or the debrief)."""
    click(app, button(app, "end_week"))
    if "summary_continue" in buttons(app):
        click(app, button(app, "summary_continue"))
    if type(app.top).__name__ == "EpilogueScreen":  # after the last week: the model runs on, then the debrief
        frames(app, 3)
        click(app, button(app, "epilogue_continue"))


def choose(app, option: str, value) -> None:
    """A choice on the new-game screen (weeks, households), by its button."""
    click(app, button(app, f"{option}_{value}"))
