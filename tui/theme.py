"""One calm theme in a dark and a light variant; every colour in the stylesheets comes from these."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="briefing-dark",
    primary="#5B9BD5",
    secondary="#8E7CC3",
    accent="#D9A441",
    warning="#E08A4B",
    error="#D9534F",
    success="#6AAF7B",
    foreground="#DADDE1",
    background="#1B1F24",
    surface="#22272E",
    panel="#2D333B",
    dark=True,
)
LIGHT = Theme(
    name="briefing-light",
    primary="#2F6DA8",
    secondary="#6A55A6",
    accent="#9C6B00",
    warning="#B5541C",
    error="#B52A27",
    success="#3C7D4B",
    foreground="#24292F",
    background="#F7F6F2",
    surface="#EFEDE7",
    panel="#E3E0D8",
    dark=False,
)
THEMES = (DARK, LIGHT)


def other_variant(name: str) -> str:
    return LIGHT.name if name == DARK.name else DARK.name
