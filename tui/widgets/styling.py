"""Component-class styles of a Line API widget as a Palette, so the theme colours its text."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from tui.blocks import Palette


def component_palette(widget: Widget, prefix: str) -> Palette:
    """Roles named after `prefix--role` component classes, as partial styles (no background fill)."""
    names = [name for name in widget.COMPONENT_CLASSES if name.startswith(prefix)]
    return Palette.of({name.removeprefix(prefix): _blended(widget, name) for name in names})


def _blended(widget: Widget, name: str) -> Style:
    """The component's own style, translucent theme colours (`$foreground-muted`) mixed over the
    widget's background: Rich styles have no alpha and would show them at full strength."""
    styles = widget.get_component_styles(name)
    background = widget.background_colors[1]
    color = bgcolor = None
    if styles.has_rule("color") and styles.color.a > 0:
        color = (background + styles.color).rich_color
    if styles.has_rule("background") and styles.background.a > 0:
        bgcolor = (background + styles.background).rich_color
    return Style(color=color, bgcolor=bgcolor) + styles.text_style


def text_strip(widget: Widget, row: Text, width: int) -> Strip:
    """One line of Rich text as a strip `width` cells wide, over the widget's own colours."""
    base = widget.rich_style
    segments = Segment.apply_style(row.render(widget.app.console), base)
    return Strip(segments, row.cell_len).crop_extend(0, width, base)
