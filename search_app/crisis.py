"""Recognising questions about suicide or self-harm, and the crisis resources shown first for them.

Matching is deliberately broad on phrasings of wanting to die or hurt oneself, and
deliberately does not fire on ordinary questions about medicines, therapy or symptoms.
"""
from __future__ import annotations

import re

CRISIS_RESOURCES = {
    "message": ("If you are thinking about suicide or hurting yourself, you deserve support right now. "
                "You can talk to someone today, for free, at any hour."),
    "resources": [
        {"name": "988 Suicide & Crisis Lifeline (US)", "contact": "Call or text 988", "url": "https://988lifeline.org/"},
        {"name": "Samaritans (UK and Ireland)", "contact": "Call 116 123", "url": "https://www.samaritans.org/"},
        {"name": "Find a helpline in your country", "contact": "Free, confidential helplines worldwide",
         "url": "https://findahelpline.com/"},
        {"name": "Emergency services", "contact": "If you are in immediate danger, call 911 (US), 999 (UK) or 112 (EU)",
         "url": None},
    ],
}

_SELF = r"(?:my\s?self|me|my life|my own life)"
_PATTERNS = [
    r"\bsuicid\w*", r"\bself[\s-]?harm\w*", r"\bself[\s-]?injur\w*", r"\bself[\s-]?mutilat\w*",
    r"\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning|end|ending|take|taking|hang|hanging|shoot|shooting|poison|poisoning|starve|starving)\s+" + _SELF + r"\b",
    r"\b(?:want|wanted|wanting|wish|wishing|going|ready|plan|planning)\s+(?:to\s+)?(?:die|be dead|disappear forever|not wake up)\b",
    r"\bwant(?:ing)? to end it\b", r"\bend it all\b", r"\bbetter off dead\b", r"\bbetter off without me\b",
    r"\b(?:do not|dont|don't) want to (?:live|be alive|be here|wake up|exist)\b",
    r"\b(?:no|any|the) (?:reason|point) (?:to|in|of) (?:live|living|going on|being alive|life)\b",
    r"\bnot worth living\b", r"\b(?:wish|want|hope)\w*\b.{0,40}\bnot wake up\b",
    r"\boverdos\w*\s+on purpose\b", r"\b(?:intentional|deliberate)\w*\s+overdos\w*",
    r"\bhow (?:to|do i|can i) (?:die|overdose)\b", r"\blethal dose\b",
]
_CRISIS = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


def crisis_resources_for(normalized_query: str) -> dict | None:
    """The crisis block for a query about suicide or self-harm (already normalised), else None."""
    return CRISIS_RESOURCES if _CRISIS.search(normalized_query) else None
