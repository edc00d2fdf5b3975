"""Which language a question is written in, told by its function words.

Two readers of the answer: the judgement (`looks_english`: the model compares meanings
well only in English, elsewhere its similarities follow the language more than the meaning)
and the page (`language_of`: a question showing risk in Spanish gets the crisis box, the
page and the helplines in Spanish). Function words decide because they are in every
question, even three words long, and cost a set lookup each; words shared by two languages
count for both, and words common in English too (die, son, plus, sin...) are left out.
"""
from __future__ import annotations

from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

ENGLISH = "en"
# The languages the page, the crisis box and the help page speak: each has a catalogue in
# search_app/translations and crisis messages in corpus/helplines.yaml.
SITE_LANGUAGES = (ENGLISH, "es", "fr", "de", "pt", "it")
_WORDS = {
    "en": """the a an and or but to of in on for with at from by about is are was were be been am i im my me you your
             it its this that what how why when where who do does did can could would should will not no so just have has
             had want wanna anymore really feel like get got going any all some more as if""",
    "es": """el los las y una por para es como pero este esta muy sobre estoy quiero tengo todo nada del yo puedo
             siento vida morir hacer cómo qué porque cuando ya ayuda""",
    "fr": """le les des et je tu il elle est pas ne qui dans au avec ce mon mes moi comment combien faut suis veux
             j'ai mais plus vivre mourir aide rien envie""",
    "pt": """os não eu meu minha mais está estou quero mim você tenho viver morrer ajuda nada também""",
    "de": """der das und ist nicht ich mich mir ein eine zu mit wie bin habe mein meine nur noch will sterben
             leben hilfe kann mehr""",
    "it": """di che sono voglio il non ho mio mia più vivere morire aiuto niente perché""",
    "nl": """ik het een niet van wil""",
}
# Words several of the other languages share: a sign the question is not English, but of no one language.
_SHARED = "de la que en mi da le"
FUNCTION_WORDS = {language: frozenset(words.split()) for language, words in _WORDS.items()}
_ENGLISH_WORDS = FUNCTION_WORDS[ENGLISH]
_OTHER_WORDS = {language: words - _ENGLISH_WORDS for language, words in FUNCTION_WORDS.items() if language != ENGLISH}
_ANY_OTHER = frozenset().union(*_OTHER_WORDS.values(), _SHARED.split()) - _ENGLISH_WORDS


def looks_english(text: str) -> bool:
    """More English function words than other languages' (or none of theirs: slang, single words)."""
    words = text.split()
    other = sum(w in _ANY_OTHER for w in words)
    return other == 0 or sum(w in _ENGLISH_WORDS for w in words) > other


def language_of(text: str) -> str | None:
    """The language whose function words a normalised question uses most, if one leads; English
    when it looks English; None when nothing tells."""
    if looks_english(text):
        return ENGLISH if any(w in _ENGLISH_WORDS for w in text.split()) else None
    counts = {language: sum(w in words for w in text.split()) for language, words in _OTHER_WORDS.items()}
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    return ranked[0][0] if ranked[0][1] > ranked[1][1] else None


def browser_language(accept_language: str | None) -> str:
    """The site language the browser prefers most (Accept-Language), else English."""
    return parse_accept_header(accept_language or "", LanguageAccept).best_match(SITE_LANGUAGES) or ENGLISH


def reply_language(text: str, accept_language: str | None) -> str:
    """The language to answer a question in: the question's own, if the site speaks it, else the browser's."""
    spoken = language_of(text)
    return spoken if spoken in SITE_LANGUAGES else browser_language(accept_language)
