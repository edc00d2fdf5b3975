"""Site data editors keep beside the articles: topics (topics.yaml) and crisis helplines (helplines.yaml).

Both are checked at build time and published inside the snapshot, so a change to a
helpline goes live atomically with the articles, and rolls back with them.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from indexer.corpus import CorpusError, load_yaml

TOPICS_FILE = "topics.yaml"
HELPLINES_FILE = "helplines.yaml"
INTERNATIONAL = "international"
AUDIENCES = ("self", "someone_else")
DEFAULT_LANGUAGE = "en"
_COUNTRY_CODE = re.compile(r"[A-Z]{2}\Z")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}\Z")
_TAG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# A phone number as people write it: digits with single spaces or hyphens between groups, or a leading +.
PHONE_NUMBER = re.compile(r"(?<![\w/.,+-])\+?\d(?:[ -]?\d){2,14}(?![\w/-]|[.,]\d)")
_PHONE_FIELD = re.compile(r"\+?\d(?:[ -]?\d){1,14}\Z")


@dataclass(frozen=True)
class SiteData:
    topics: dict[str, str] = field(default_factory=dict)     # tag -> name readers see
    helplines: dict | None = None                             # the checked helplines.yaml
    guides: dict[str, dict] = field(default_factory=dict)     # tag -> {"intro": str, "key_articles": [ids]}

    def to_json(self) -> str:
        return json.dumps({"topics": self.topics, "helplines": self.helplines, "guides": self.guides},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "SiteData":
        raw = json.loads(text)
        helplines = raw["helplines"]
        if helplines and "self" in helplines["messages"]:  # published before helplines had languages and actions
            helplines = {"messages": {DEFAULT_LANGUAGE: helplines["messages"]}, "linked_numbers": [], "homes": {},
                         "countries": {code: {**entry, "emergency": [], "languages": []}
                                       for code, entry in helplines["countries"].items()}}
        return cls(topics=dict(raw["topics"]), helplines=helplines, guides=raw.get("guides", {}))


def read_site(corpus_dir: Path) -> SiteData:
    """The corpus folder's site files; either may be absent. A malformed one is a CorpusError."""
    topics, guides = _topics(corpus_dir / TOPICS_FILE)
    return SiteData(topics=topics, helplines=_helplines(corpus_dir / HELPLINES_FILE), guides=guides)


def _load(path: Path):
    if not path.is_file():
        return None
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CorpusError(str(path), f"cannot be read as YAML: {exc}") from None


def _topics(path: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """Names by tag, and each topic page's intro and key articles. A topic is `tag: Name`, or
    `tag: {name: Name, intro: ..., key_articles: [id, ...]}`."""
    raw = _load(path)
    if raw is None:
        return {}, {}

    def fail(reason: str):
        raise CorpusError(str(path), reason)

    if not isinstance(raw, dict):
        fail("must map each tag to the name readers see (`tag: Name`, or `tag:` with `name`, `intro`, `key_articles`)")
    names, guides = {}, {}
    for tag, entry in raw.items():
        if not (isinstance(tag, str) and _TAG.match(tag.strip().lower())):
            fail(f"{tag!r} is not a tag: lowercase letters, digits and hyphens")
        tag = tag.strip().lower()
        entry = {"name": entry} if isinstance(entry, str) else entry
        if not (isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry["name"].strip()):
            fail(f"{tag}: needs the name readers see")
        intro, key_articles = entry.get("intro", ""), entry.get("key_articles", [])
        if not isinstance(intro, str) or not (isinstance(key_articles, list) and all(isinstance(a, str) for a in key_articles)):
            fail(f"{tag}: `intro` must be text and `key_articles` a list of article ids")
        names[tag] = entry["name"].strip()
        if intro.strip() or key_articles:
            guides[tag] = {"intro": " ".join(intro.split()), "key_articles": key_articles}
    return names, guides


def tel_href(number: str) -> str:
    """The tel: address of a number as written locally ("116 123" -> tel:116123)."""
    return "tel:" + re.sub(r"[^\d+]", "", number)


def sms_href(number: str, body: str | None) -> str:
    """The sms: address of a text line, with its keyword ready to send (`?&body=` opens on both
    Android and iOS)."""
    digits = re.sub(r"[^\d+]", "", number)
    return f"sms:{digits}?&body={body}" if body else f"sms:{digits}"


def _actions(resource: dict) -> list[dict]:
    """How a reader reaches a line from a page: one link each to call, text and chat."""
    actions = []
    if resource.get("call"):
        actions.append({"kind": "call", "number": resource["call"], "href": tel_href(resource["call"])})
    if resource.get("text"):
        actions.append({"kind": "text", "number": resource["text"], "body": resource.get("text_body"),
                        "href": sms_href(resource["text"], resource.get("text_body"))})
    if resource.get("chat"):
        actions.append({"kind": "chat", "href": resource["chat"]})
    return actions


def number_links(helplines: dict | None) -> dict[str, str]:
    """Every number the helplines name, by its digits, with the address that calls it (or texts it,
    for a number that only takes texts): what pages make tappable wherever the number is printed."""
    if not helplines:
        return {}
    links = {}
    for entry in helplines["countries"].values():
        for resource in entry["resources"]:
            for action in resource.get("actions", ()):
                if action["kind"] == "text":
                    links.setdefault(re.sub(r"\D", "", action["number"]), sms_href(action["number"], None))
    calls = [linked["number"] for linked in helplines.get("linked_numbers", [])]
    for entry in helplines["countries"].values():
        calls += entry["emergency"]
        calls += [action["number"] for resource in entry["resources"] for action in resource.get("actions", ())
                  if action["kind"] == "call"]
    return links | {re.sub(r"\D", "", number): tel_href(number) for number in calls}


def unlinked_numbers(text: str, helplines: dict | None) -> list[str]:
    """Phone numbers in `text` (a safety note) that the helplines do not list: they could not be tapped."""
    known = number_links(helplines)
    return [found for found in PHONE_NUMBER.findall(text) if re.sub(r"\D", "", found) not in known]


def _helplines(path: Path) -> dict | None:
    raw = _load(path)
    if raw is None:
        return None

    def fail(reason: str):
        raise CorpusError(str(path), reason)

    def text(value) -> bool:
        return isinstance(value, str) and bool(value.strip())

    def phone(value) -> bool:
        return isinstance(value, str) and bool(_PHONE_FIELD.match(value.strip()))

    def https(value) -> bool:
        return isinstance(value, str) and value.startswith("https://")

    def languages(value) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) and _LANGUAGE_CODE.match(v) for v in value)

    if not isinstance(raw, dict) or not isinstance(raw.get("countries"), dict):
        fail("needs a `countries` mapping")
    messages = raw.get("messages")
    if not (isinstance(messages, dict) and DEFAULT_LANGUAGE in messages):
        fail(f"needs `messages` by language, with `{DEFAULT_LANGUAGE}`")
    for language, words in messages.items():
        if not (isinstance(language, str) and _LANGUAGE_CODE.match(language) and isinstance(words, dict)
                and all(text(words.get(a)) for a in AUDIENCES)):
            fail(f"messages {language!r}: needs a two-letter language code and text for {' and '.join(AUDIENCES)}")
    linked = raw.get("linked_numbers", [])
    if not (isinstance(linked, list) and all(isinstance(n, dict) and phone(n.get("number")) and text(n.get("name"))
                                             for n in linked)):
        fail("`linked_numbers` must be a list of {number, name} with numbers as digits, spaces and hyphens")
    countries = {}
    for code, entry in raw["countries"].items():
        if code != INTERNATIONAL and not (isinstance(code, str) and _COUNTRY_CODE.match(code)):
            fail(f"country {code!r} is not a two-letter ISO 3166 code (or `{INTERNATIONAL}`)")
        if not isinstance(entry, dict) or not text(entry.get("name")):
            fail(f"{code}: needs a `name`")
        emergency = entry.get("emergency")
        if not (isinstance(emergency, list) and all(phone(n) for n in emergency)):
            fail(f"{code}: `emergency` must be a list of numbers to dial, like [\"112\"]")
        if not languages(entry.get("languages", [])):
            fail(f"{code}: `languages` must be a list of two-letter language codes")
        resources = entry.get("resources")
        if not isinstance(resources, list) or not resources:
            fail(f"{code}: needs at least one resource")
        checked = []
        for resource in resources:
            if not (isinstance(resource, dict) and text(resource.get("name"))):
                fail(f"{code}: each resource needs a `name`")
            name = resource["name"]
            for key in ("call", "text"):
                if key in resource and not phone(resource[key]):
                    fail(f"{code}, {name}: `{key}` must be a number to dial (digits, spaces, hyphens), not {resource[key]!r}")
            for key in ("url", "chat"):
                if key in resource and not https(resource[key]):
                    fail(f"{code}, {name}: `{key}` must start with https:// ({resource[key]!r})")
            for key in ("text_body", "hours", "for", "note"):
                if key in resource and not text(resource[key]):
                    fail(f"{code}, {name}: `{key}` must be text")
            if "text_body" in resource and ("text" not in resource or not re.fullmatch(r"[A-Za-z0-9]+", resource["text_body"])):
                fail(f"{code}, {name}: `text_body` is the one-word keyword sent to its `text` number")
            if not languages(resource.get("languages", [])):
                fail(f"{code}, {name}: `languages` must be a list of two-letter language codes")
            if not (resource.get("call") or resource.get("text") or resource.get("chat") or resource.get("url")):
                fail(f"{code}, {name}: needs a way to reach it: `call`, `text`, `chat` or `url`")
            kept = {key: resource.get(key) for key in ("name", "url", "hours", "for", "note")}
            kept["languages"] = resource.get("languages", [])
            kept["actions"] = _actions(resource)
            kept["contact"] = _contact(resource)
            checked.append(kept)
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and _COUNTRY_CODE.match(a) for a in aliases):
            fail(f"{code}: `aliases` must be a list of two-letter codes")
        countries[code] = {"name": entry["name"], "emergency": [n.strip() for n in emergency], "aliases": aliases,
                           "languages": entry.get("languages", []), "resources": checked}
    if INTERNATIONAL not in countries:
        fail(f"needs an `{INTERNATIONAL}` list for readers whose country is not listed")
    checked = {"linked_numbers": [{"number": n["number"].strip(), "name": n["name"]} for n in linked],
               "countries": countries}
    for code, entry in countries.items():
        for resource in entry["resources"]:
            for words in (resource["name"], resource["hours"], resource["for"], resource["note"]):
                if words and (unlisted := unlinked_numbers(words, checked)):
                    fail(f"{code}, {resource['name']}: {', '.join(unlisted)} cannot be tapped: give it as the "
                         "line's `call` or `text`, or add it to `linked_numbers`")
    # Each language's home: the first country in the file with it as its main language (published sorted, so kept here).
    homes: dict[str, str] = {}
    for code, entry in countries.items():
        if entry["languages"]:
            homes.setdefault(entry["languages"][0], code)
    return {"messages": {language: {a: " ".join(words[a].split()) for a in AUDIENCES} for language, words in messages.items()},
            "homes": homes,
            "linked_numbers": [{"number": n["number"].strip(), "name": n["name"]} for n in linked],
            "countries": countries}


def _contact(resource: dict) -> str:
    """One line saying how to reach a line, for programs that show text (the JSON's `contact`)."""
    ways = []
    if resource.get("call"):
        ways.append(f"call {resource['call']}")
    if resource.get("text"):
        body = resource.get("text_body")
        ways.append(f"text {body} to {resource['text']}" if body else f"text {resource['text']}")
    if resource.get("chat"):
        ways.append("chat online")
    line = ", or ".join(ways)
    line = line[:1].upper() + line[1:]
    return "; ".join(part for part in (line, resource.get("note")) if part)
