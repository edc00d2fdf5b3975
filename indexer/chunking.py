"""Splitting an article into paragraph chunks that the embedding model sees whole.

One chunk per paragraph, carrying the heading path it sits under. Very short
paragraphs are merged with a neighbour in the same section (alone they embed
poorly); paragraphs whose embedded text exceeds the model's token limit are
split at sentence boundaries, then at word boundaries, so the model never
truncates a chunk and no word is lost. A safety note (a blockquote that opens with
"**Safety note:**") is always a chunk of its own, flagged, so a result from its
article can carry it. A chunk that discusses doses, amounts, overdose or methods of
harm is flagged too, so the answer to a question that shows risk can leave it out.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Callable

from indexer.corpus import Article
from indexer.keywords import tokenize

HEADING_SEPARATOR = " › "
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^(```|~~~)")
_SAFETY_NOTE = re.compile(r"\A>\s*\*\*Safety note:?\*\*", re.I)
# Words of dosing, quantity, toxicity and methods. Broad on purpose: a flagged passage only
# stays out of answers to questions that show risk, where help comes first anyway.
_MEANS = re.compile(
    r"\b(?:dos(?:e|es|ed|age|ages|ing)|overdos\w*|lethal\w*|toxic\w*|poison\w*|fatal\w*|"
    r"milligrams?|mg|tablets?|pills?|how much|how many|amounts?|quantit(?:y|ies)|"
    r"blood levels?|levels? (?:in|of) (?:the |your )?blood|too much|stockpil\w*|"
    r"methods?|means of|ligatures?|firearms?|guns?|weapons?|rope|jump(?:ing|ed)? (?:from|off)|"
    r"bridges?|railways?|train tracks?|sharps?|razors?|blades?)\b", re.I)
# What to do now in an overdose or poisoning, and amounts (which first aid never needs).
_FIRST_AID = re.compile(r"\b(?:call (?:your |the )?(?:local )?emergency (?:number|services)|call (?:911|999|112)|"
                        r"(?:go|get them) to (?:an |the )?(?:nearest )?emergency department|give naloxone|"
                        r"recovery position)\b", re.I)
_AMOUNT = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|milligrams?|g|grams?|ml|tablets?|pills?|capsules?|doses?|times)\b", re.I)
# A sentence ends at . ! ? or … (optionally followed by closing quotes or brackets), whitespace, and
# a capital, digit or opening quote: "e.g. this" and "Yes… mostly" stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[A-Z0-9\"“‘'(\[])")


# Paragraphs under this many words embed poorly alone and are merged with a neighbour.
MIN_WORDS = 25
# A short last paragraph joins the previous one only if that one is under this many words,
# so a section's closing line does not swell an already long chunk.
MERGE_INTO_LIMIT_WORDS = 10 * MIN_WORDS


@dataclass(frozen=True)
class ChunkerSettings:
    """Everything that decides how an article is chunked: recorded in each snapshot, and a
    change of any of it re-chunks every article on the next build."""
    max_tokens: int
    min_words: int = MIN_WORDS

    @classmethod
    def for_model(cls, max_seq_length: int) -> "ChunkerSettings":
        """The one place the settings are derived: every chunk must fit the model whole."""
        return cls(max_tokens=max_seq_length)


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    position: int
    heading: str
    passage: str
    embed_text: str
    start: int
    end: int
    safety_note: bool = False
    discusses_means: bool = False
    # Each sentence's (start, end) in the passage and its keyword terms: highlighting the
    # best-matching sentence of a result then costs set intersections, not tokenizing.
    sentences: tuple[tuple[int, int, tuple[str, ...]], ...] = ()

    @property
    def anchor(self) -> str:
        """The fragment id that marks this passage on its article page."""
        return self.chunk_id.rsplit(":", 1)[1]


@dataclass(frozen=True)
class _Block:
    text: str
    start: int
    end: int


def is_safety_note(paragraph: str) -> bool:
    """Editors mark a paragraph as a safety note by starting a blockquote with **Safety note:**."""
    return bool(_SAFETY_NOTE.match(paragraph))


def safety_notes(body: str) -> list[str]:
    """The safety-note paragraphs of an article's Markdown."""
    return [paragraph.strip() for paragraph in re.split(r"\n\s*\n", body) if is_safety_note(paragraph.strip())]


def safety_note_text(passage: str) -> str:
    """A safety note's words without its Markdown: the blockquote markers and the bold label."""
    text = re.sub(r"^>\s?", "", passage, flags=re.M)
    return re.sub(r"\A\*\*Safety note:?\*\*\s*", "", text, flags=re.I).strip()


def discusses_means(passage: str) -> bool:
    """Whether a passage talks about doses, amounts, overdose, toxicity or methods of harm, other than
    as first aid: a passage that says what to do now (call the emergency number, naloxone, the
    recovery position) and gives no amount is help, and stays in answers to questions showing risk."""
    return bool(_MEANS.search(passage)) and not gives_first_aid(passage)


def gives_first_aid(passage: str) -> bool:
    """Whether a passage tells what to do in an emergency and names no amount (a number of anything)."""
    return bool(_FIRST_AID.search(passage)) and not _AMOUNT.search(passage)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in `text`; together they cover every word."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start() + len(match.group(0).rstrip())))
        start = match.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def paragraphs_by_section(body: str) -> list[tuple[tuple[str, ...], list[_Block]]]:
    """Group the body's paragraphs under their heading path, in order."""
    sections: list[tuple[tuple[str, ...], list[_Block]]] = [((), [])]
    path: list[tuple[int, str]] = []
    offset = 0
    para_lines: list[str] = []
    para_start = 0
    in_fence = False

    def close_paragraph() -> None:
        if para_lines:
            text = "\n".join(para_lines)
            sections[-1][1].append(_Block(text, para_start, para_start + len(text)))
            para_lines.clear()

    for line in body.split("\n"):
        heading = None if in_fence else _HEADING.match(line)
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
        if heading:
            close_paragraph()
            level, title = len(heading.group(1)), heading.group(2).strip()
            path = [(lvl, t) for lvl, t in path if lvl < level] + [(level, title)]
            sections.append((tuple(t for _, t in path if t), []))
        elif not line.strip() and not in_fence:
            close_paragraph()
        else:
            if not para_lines:
                para_start = offset
            para_lines.append(line)
        offset += len(line) + 1
    close_paragraph()
    return [(p, blocks) for p, blocks in sections if blocks]


class Chunker:
    """Chunks articles for one model: `count_tokens` is that model's tokenizer count."""

    def __init__(self, settings: ChunkerSettings, count_tokens: Callable[[str], int]):
        self.settings = settings
        self._count_tokens = count_tokens

    def chunk(self, article: Article) -> list[Chunk]:
        pieces: list[tuple[tuple[str, ...], str, _Block]] = []
        for path, blocks in paragraphs_by_section(article.body):
            context = self._context(article, path)
            for block in self._merge_short(context, blocks):
                pieces.extend((path, context, part) for part in self._fit(context, block))
        spans = [split_sentences(block.text) or [(0, len(block.text))] for _, _, block in pieces]
        terms = iter(tokenize([block.text[s:e] for (_, _, block), block_spans in zip(pieces, spans) for s, e in block_spans]))
        chunks, seen = [], set()
        for position, ((path, context, block), block_spans) in enumerate(zip(pieces, spans)):
            digest = hashlib.sha1(block.text.encode("utf-8")).hexdigest()[:10]
            chunk_id = f"{article.doc_id}:{digest}"
            if chunk_id in seen:  # the same paragraph twice in one article
                chunk_id = f"{chunk_id}-{position}"
            seen.add(chunk_id)
            chunks.append(Chunk(
                chunk_id=chunk_id, doc_id=article.doc_id, position=position,
                heading=HEADING_SEPARATOR.join(path), passage=block.text,
                embed_text=self._embed_text(context, block.text), start=block.start, end=block.end,
                safety_note=is_safety_note(block.text), discusses_means=discusses_means(block.text),
                sentences=tuple((s, e, tuple(next(terms))) for s, e in block_spans),
            ))
        return chunks

    @staticmethod
    def _context(article: Article, path: tuple[str, ...]) -> str:
        """What the model and BM25 see above each passage: the article (with its everyday names) and section."""
        title = f"{article.title} (also called {', '.join(article.also_called)})" if article.also_called else article.title
        return HEADING_SEPARATOR.join(part for part in (title, *path) if part)

    @staticmethod
    def _embed_text(context: str, passage: str) -> str:
        return f"{context}\n{passage}" if context else passage

    def _fits(self, context: str, text: str) -> bool:
        return self._count_tokens(self._embed_text(context, text)) <= self.settings.max_tokens

    def _merge_short(self, context: str, blocks: list[_Block]) -> list[_Block]:
        """Merge each paragraph under `min_words` into its next neighbour (or the previous one at the end)."""
        merged: list[_Block] = []
        pending: _Block | None = None
        for block in blocks:
            if is_safety_note(block.text):  # a safety note stays whole and alone, whatever its length
                if pending is not None:
                    merged.append(pending)
                    pending = None
                merged.append(block)
                continue
            if pending is not None:
                joined = _join(pending, block)
                if self._fits(context, joined.text):
                    block = joined
                else:
                    merged.append(pending)
                pending = None
            if len(block.text.split()) < self.settings.min_words:
                pending = block
            else:
                merged.append(block)
        if pending is not None:
            if merged and not is_safety_note(merged[-1].text) and len(merged[-1].text.split()) < MERGE_INTO_LIMIT_WORDS:
                joined = _join(merged[-1], pending)
                if self._fits(context, joined.text):
                    merged[-1] = joined
                    return merged
            merged.append(pending)
        return merged

    def _fit(self, context: str, block: _Block) -> list[_Block]:
        """The block itself if the model sees it whole, else sentence-packed parts that it does."""
        if self._fits(context, block.text):
            return [block]
        units = [_Block(block.text[s:e], block.start + s, block.start + e) for s, e in split_sentences(block.text)]
        units = [part for unit in units for part in (
            [unit] if self._fits(context, unit.text) else self._split_words(context, unit))]
        parts: list[_Block] = []
        for unit in units:
            if parts and self._fits(context, _join(parts[-1], unit, " ").text):
                parts[-1] = _join(parts[-1], unit, " ")
            else:
                parts.append(unit)
        return parts

    def _split_words(self, context: str, block: _Block) -> list[_Block]:
        """Last resort for a 'sentence' too long for the model: cut between words."""
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", block.text)]
        parts, first = [], 0
        while first < len(words):
            last = first + 1
            while last < len(words) and self._fits(context, block.text[words[first][0]:words[last][1]]):
                last += 1
            s, e = words[first][0], words[last - 1][1]
            parts.append(_Block(block.text[s:e], block.start + s, block.start + e))
            first = last
        return parts


def _join(first: _Block, second: _Block, separator: str = "\n\n") -> _Block:
    """Two neighbouring blocks as one; the gap between them is normalised to `separator`."""
    return _Block(first.text + separator + second.text, first.start, second.end)
