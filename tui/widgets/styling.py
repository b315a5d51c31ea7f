"""Component-class styles of a Line API widget as a Palette, so the theme colours its text."""

from __future__ import annotations

from textual.widget import Widget

from tui.render import Palette


def component_palette(widget: Widget, prefix: str) -> Palette:
    """Roles named after `prefix--role` component classes, as partial styles (no background fill)."""
    return Palette.of(
        {
            name.removeprefix(prefix): widget.get_component_rich_style(name, partial=True)
            for name in widget.COMPONENT_CLASSES
            if name.startswith(prefix)
        }
    )
