"""Markdown card text as Blocks, walked from markdown-it-py tokens.

Textual's Markdown widget costs ~150 ms per card; walking the tokens ourselves costs well under
a millisecond and lets the reader wrap, cache and scroll plain lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.style import Style
from rich.text import Text

from briefings.text import CITATION, visible_controls
from briefings.wording import CUT_MARK, CUT_OFF
from tui.blocks import Block, Palette, plain


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


_MARKDOWN = _parser()


def _append_prose(text: Text, value: str, style: Style, palette: Palette) -> None:
    """Plain text with citation markers styled and tagged so a click can follow them."""
    position = 0
    for match in CITATION.finditer(value):
        text.append(visible_controls(value[position : match.start()]), style)
        marker = style + palette["citation"] + Style(meta={"citation": int(match.group(1))})
        text.append(match.group(0), marker)
        position = match.end()
    text.append(visible_controls(value[position:]), style)


def _inline(children: Iterable[Token], palette: Palette, base: Style) -> Text:
    text = Text(end="")
    stack = [base]
    for token in children:
        kind = token.type
        if kind == "text":
            _append_prose(text, token.content, stack[-1], palette)
        elif kind in ("softbreak", "hardbreak"):
            text.append(" " if kind == "softbreak" else "\n", stack[-1])
        elif kind == "code_inline":
            text.append(visible_controls(token.content), stack[-1] + palette["code"])
        elif kind in ("em_open", "strong_open", "link_open"):
            extra = {"em_open": Style(italic=True), "strong_open": Style(bold=True)}.get(
                kind, palette["link"]
            )
            stack.append(stack[-1] + extra)
        elif kind in ("em_close", "strong_close", "link_close") and len(stack) > 1:
            stack.pop()
        elif kind == "image":
            text.append(visible_controls(f"[image: {token.content}]"), stack[-1] + palette["muted"])
        elif token.content:
            text.append(visible_controls(token.content), stack[-1])
    return text


@dataclass
class _Walker:
    """State while turning block tokens into Blocks: list nesting and the pending bullet."""

    palette: Palette
    base: Style
    blocks: list[Block] = field(default_factory=list)
    indents: list[str] = field(default_factory=list)
    counters: list[int | None] = field(default_factory=list)
    bullet: str | None = None
    tight: list[bool] = field(default_factory=list)
    style: Style = field(default_factory=Style.null)

    def emit(self, text: Text) -> None:
        continuation = "".join(self.indents)
        prefix = continuation
        if self.bullet is not None:
            prefix = continuation[: -len(self.bullet)] + self.bullet if continuation else self.bullet
            self.bullet = None
        spaced = not (self.tight and self.tight[-1])
        self.blocks.append(Block(text, prefix, continuation, spaced=spaced))

    def walk(self, tokens: list[Token]) -> list[Block]:
        for token in tokens:
            self.step(token)
        return spaced(self.blocks)

    def step(self, token: Token) -> None:
        kind = token.type
        if kind == "inline":
            self.emit(_inline(token.children or (), self.palette, self.base + self.style))
        elif kind == "heading_open":
            self.style = self.palette["subheading"]
        elif kind == "heading_close":
            self.style = Style.null()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrs.get("start", 1) if kind == "ordered_list_open" else None
            self.counters.append(int(start) if start is not None else None)
            self.indents.append("   " if kind == "ordered_list_open" else "  ")
            self.tight.append(True)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.counters.pop()
            self.indents.pop()
            self.tight.pop()
            if not self.tight:
                self.blocks = spaced(self.blocks)
        elif kind == "list_item_open":
            number = self.counters[-1]
            if number is None:
                self.bullet = "• " if len(self.counters) % 2 else "◦ "
            else:
                self.bullet = f"{number}.".ljust(len(self.indents[-1]))
                self.counters[-1] = number + 1
        elif kind == "paragraph_open" and not token.hidden and self.tight:
            self.tight[-1] = False
        elif kind == "blockquote_open":
            self.indents.append("│ ")
        elif kind == "blockquote_close":
            self.indents.pop()
        elif kind in ("fence", "code_block"):
            self.emit(plain(token.content.rstrip("\n"), self.base + self.palette["code"]))
        elif kind == "hr":
            self.emit(plain("─" * 24, self.palette["muted"]))
        elif kind == "html_block":
            self.emit(plain(token.content.rstrip("\n"), self.base))


def markdown_blocks(source: str, palette: Palette, base: Style | None = None) -> list[Block]:
    """Markdown prose as Blocks; unknown constructs degrade to their plain text."""
    return _Walker(palette, base or Style.null()).walk(_MARKDOWN.parse(source))


def cut(blocks: list[Block], palette: Palette) -> list[Block]:
    """Mark the end of the last block as cut off, in words and not by colour alone."""
    if not blocks:
        return [Block(plain(CUT_OFF, palette["cut"]))]
    last = blocks[-1]
    text = last.text.copy()
    text.append(CUT_MARK, palette["cut"])
    return [*blocks[:-1], replace(last, text=text)]


def prose(source: str, truncated: bool, palette: Palette, base: Style | None = None) -> list[Block]:
    blocks = markdown_blocks(source, palette, base)
    return cut(blocks, palette) if truncated else blocks


def spaced(blocks: list[Block]) -> list[Block]:
    """The blocks with a blank line after the last; `replace` keeps its other fields (its anchor too)."""
    if blocks and not blocks[-1].spaced:
        blocks = [*blocks[:-1], replace(blocks[-1], spaced=True)]
    return blocks
