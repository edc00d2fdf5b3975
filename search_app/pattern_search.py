"""One regular-expression search for many patterns, cheap on the questions none of them match.

The crisis check asks of every question whether any of some 150 word patterns matches
(`crisis_patterns`), and most questions match none. Python's engine tries every alternative
of a merged pattern at every word start; `any_of` puts each pattern behind a look-ahead on
the letters its matches can start with, worked out from the parsed pattern, so that a word
start turns most patterns away with one test each (bench/RESULTS.md, "Judgement": "Cost":
listing the patterns under each letter instead was faster with warm caches and slower after
an encoding, as at search time). The letters come from the parser the `re` module itself
uses (`re._parser`, CPython's own): a pattern whose first letters it cannot tell is tried
as it is, never left out.
"""
from __future__ import annotations

import re
from re import _constants as op
from re import _parser

WORD_START = r"\b"
_REPEATS = (op.MAX_REPEAT, op.MIN_REPEAT)
# Items that match no character: word boundaries and look-arounds.
_ZERO_WIDTH = (op.AT, op.ASSERT, op.ASSERT_NOT)


def first_letters(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, or None when any character can (or it can
    match nothing at all)."""
    letters, can_be_empty = _first(_parser.parse(pattern))
    return None if letters is None or can_be_empty else frozenset(letters)


def _first(items) -> tuple[set[str] | None, bool]:
    """(the first characters of a parsed sequence, None for any; whether it can match the empty string)."""
    letters: set[str] = set()
    for kind, value in items:
        if kind in _ZERO_WIDTH:
            continue
        if kind is op.LITERAL:
            return letters | {chr(value)}, False
        if kind is op.IN:
            if any(item not in (op.LITERAL, op.RANGE) for item, _ in value):
                return None, False  # a category (\w, \s) or a negated class
            for item, bound in value:
                letters |= {chr(bound)} if item is op.LITERAL else {chr(c) for c in range(bound[0], bound[1] + 1)}
            return letters, False
        if kind is op.BRANCH or kind is op.SUBPATTERN or kind in _REPEATS:
            parts = value[1] if kind is op.BRANCH else [value[-1]]
            found = [_first(part) for part in parts]
            if any(part_letters is None for part_letters, _ in found):
                return None, False
            letters = letters.union(*(part_letters for part_letters, _ in found))
            optional = any(empty for _, empty in found) or (kind in _REPEATS and value[0] == 0)
            if not optional:
                return letters, False
            continue
        return None, False  # any other item: a dot, a back-reference
    return letters, True


def _gated(body: str) -> str:
    """`body` (a pattern after its word boundary) behind a look-ahead on its first letters, when they are known."""
    letters = first_letters(body)
    if letters is None:
        return f"(?:{body})"
    return f"(?=[{''.join(re.escape(letter) for letter in sorted(letters))}])(?:{body})"


def any_of(patterns: list[str]) -> re.Pattern:
    """One search for all of `patterns`: those starting at a word boundary share one boundary test and are
    each gated on their first letters; the others join as they are."""
    bounded = "|".join(_gated(p.removeprefix(WORD_START)) for p in patterns if p.startswith(WORD_START))
    others = [f"(?:{p})" for p in patterns if not p.startswith(WORD_START)]
    return re.compile("|".join(([f"{WORD_START}(?:{bounded})"] if bounded else []) + others))
