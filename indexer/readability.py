"""How hard an article is to read: Flesch-Kincaid grade and the longest sentence, on its prose.

Public health sites write for about grade 7-9; the corpus's limits (`MAX_GRADE`,
`MAX_SENTENCE_WORDS`) are enforced by tests/test_corpus_content.py. The grade is textstat's
(pinned at 0.7.8: it counts syllables with its bundled dictionaries, where later versions
fetch NLTK data at run time). Only prose is measured: the front matter, heading lines,
list and quote markers, emphasis and link targets are stripped first, and every paragraph,
heading or list item counts as ending a sentence.

    python -m indexer.readability [ARTICLE.md ...]   # each article's grade and longest sentence
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

MAX_GRADE = 9.0
MAX_SENTENCE_WORDS = 35

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MARKERS = re.compile(r"^\s*(?:#+|>|[-*+]|\d+[.)])\s+", re.M)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[*_`]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")


@dataclass(frozen=True)
class Readability:
    grade: float               # Flesch-Kincaid grade of the whole prose
    longest: int               # words in the longest sentence
    longest_sentence: str


def prose_blocks(markdown: str) -> list[str]:
    """The article's paragraphs, headings and list items as plain text, one block each."""
    body = _FRONT_MATTER.sub("", markdown, count=1)
    blocks = []
    for raw in re.split(r"\n\s*\n|\n(?=\s*(?:#+|[-*+]|\d+[.)])\s)", body):
        text = _EMPHASIS.sub("", _LINK.sub(r"\1", _MARKERS.sub("", raw)))
        text = " ".join(text.split())
        if text:
            blocks.append(text)
    return blocks


def sentences(markdown: str) -> list[str]:
    return [sentence for block in prose_blocks(markdown) for sentence in _SENTENCE_END.split(block) if sentence]


def word_count(sentence: str) -> int:
    return len(_WORD.findall(sentence))


def measure(markdown: str) -> Readability:
    import textstat

    blocks = [block if block[-1] in ".!?" else block + "." for block in prose_blocks(markdown)]
    longest = max(sentences(markdown), key=word_count, default="")
    return Readability(round(float(textstat.flesch_kincaid_grade(" ".join(blocks))), 1), word_count(longest), longest)


def main(argv: list[str] | None = None) -> int:
    paths = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)] or sorted(Path("corpus").glob("*.md"))
    over = 0
    for path in paths:
        found = measure(path.read_text(encoding="utf-8"))
        fails = found.grade > MAX_GRADE or found.longest > MAX_SENTENCE_WORDS
        over += fails
        print(f"{'OVER' if fails else 'ok  '} grade {found.grade:4.1f}  longest {found.longest:2d} words  {path.name}")
        if found.longest > MAX_SENTENCE_WORDS:
            print(f"      longest: {found.longest_sentence}")
    print(f"{over} of {len(paths)} over grade {MAX_GRADE:g} or {MAX_SENTENCE_WORDS} words a sentence")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
