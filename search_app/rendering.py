"""Article Markdown as readers see it: whole articles, result cards and safety notes, with every
helpline number made a link a phone can call.

CommonMark with raw HTML disabled: an article's <script> or onerror= is shown as text, never run.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup, escape

from indexer.chunking import safety_note_text
from indexer.site import PHONE_NUMBER

_MARKDOWN = MarkdownIt("commonmark", {"html": False})
# Where a card's marked sentence starts and ends while its passage loses its Markdown: two
# punctuation characters articles do not use, so emphasis next to them still opens and closes.
_MARK_START, _MARK_END = "\u2042", "\u2051"
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_BLOCK_MARKERS = re.compile(r"[ \t]*(?:(?:>|#{1,6}|[-*+]|\d{1,9}[.)])[ \t]+|>)*")


def _image_as_link(renderer, tokens, index, options, env) -> str:
    """An image becomes a link to it: a page never makes the reader's browser fetch from another host."""
    token = tokens[index]
    label = escapeHtml(renderer.renderInlineAsText(token.children or [], options, env) or "image")
    return f'<a href="{escapeHtml(token.attrGet("src") or "")}">{label}</a>'


_MARKDOWN.add_render_rule("image", _image_as_link)


def markdown_html(markdown: str, number_links: dict[str, str]) -> Markup:
    """Markdown as HTML, helpline numbers as tel:/sms: links."""
    return link_numbers(_MARKDOWN.render(markdown), number_links)


def link_numbers(html: str, number_links: dict[str, str]) -> Markup:
    """`html` with each phone number the helplines list (by its digits) wrapped in a link that dials it;
    numbers already inside a link, and numbers no helpline lists, are left as they are."""
    parts, inside_link = [], False
    for part in _TAG_OR_TEXT.split(html):
        if part.startswith("<"):
            inside_link = part.startswith("<a ") or (inside_link and not part.startswith("</a"))
        elif not inside_link and number_links:
            part = PHONE_NUMBER.sub(lambda m: _number_link(m.group(0), number_links), part)
        parts.append(part)
    return Markup("".join(parts))


def _number_link(number: str, number_links: dict[str, str]) -> str:
    href = number_links.get(re.sub(r"\D", "", number))
    return f'<a class="number" href="{href}">{number}</a>' if href else number


def passage_html(passage: str, highlight: tuple[int, int], number_links: dict[str, str]) -> Markup:
    """A result card's passage as plain text (its Markdown's words, list items on their own lines),
    the best sentence marked and helpline numbers linked."""
    start, end = (_after_block_markers(passage, at) for at in highlight)
    text = plain_text(passage[:start] + _MARK_START + passage[start:end] + _MARK_END + passage[end:])
    html = str(escape(text)).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    return link_numbers(html, number_links)


def _after_block_markers(markdown: str, at: int) -> int:
    """`at`, moved past the quote, heading or list markers when it is at the start of a line: a mark put
    before them would turn the line into plain text."""
    line_start = markdown.rfind("\n", 0, at) + 1
    markers_end = _BLOCK_MARKERS.match(markdown, line_start).end()
    return markers_end if line_start <= at <= markers_end else at


def safety_note_html(passage: str, number_links: dict[str, str]) -> Markup:
    """A safety note's words rendered from their Markdown, without the blockquote and the label."""
    return markdown_html(safety_note_text(passage), number_links)


def plain_text(markdown: str) -> str:
    """The words of some Markdown, one line per paragraph, heading or list item ("• ", "1. ")."""
    lines, marker = [], ""
    for token in _MARKDOWN.parse(markdown):
        if token.type == "list_item_open":  # "1." for a numbered item, else a bullet
            marker = f"{token.info}{token.markup} " if token.info else "• "
        elif token.type == "inline":
            lines.append(marker + "".join(_inline_text(child) for child in token.children or []))
            marker = ""
    return "\n".join(lines)


def _inline_text(token) -> str:
    if token.type in ("softbreak", "hardbreak"):
        return "\n" if token.type == "hardbreak" else " "
    if token.type == "image":
        return "".join(_inline_text(child) for child in token.children or [])
    return token.content if token.type in ("text", "code_inline") else ""
