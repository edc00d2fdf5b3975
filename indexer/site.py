"""Site data editors keep beside the articles: topic names (topics.yaml) and crisis helplines (helplines.yaml).

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
_COUNTRY_CODE = re.compile(r"[A-Z]{2}\Z")


@dataclass(frozen=True)
class SiteData:
    topics: dict[str, str] = field(default_factory=dict)     # tag -> name readers see
    helplines: dict | None = None                             # the checked helplines.yaml

    def to_json(self) -> str:
        return json.dumps({"topics": self.topics, "helplines": self.helplines}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "SiteData":
        raw = json.loads(text)
        return cls(topics=dict(raw["topics"]), helplines=raw["helplines"])


def read_site(corpus_dir: Path) -> SiteData:
    """The corpus folder's site files; either may be absent. A malformed one is a CorpusError."""
    return SiteData(topics=_topics(corpus_dir / TOPICS_FILE), helplines=_helplines(corpus_dir / HELPLINES_FILE))


def _load(path: Path):
    if not path.is_file():
        return None
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CorpusError(str(path), f"cannot be read as YAML: {exc}") from None


def _topics(path: Path) -> dict[str, str]:
    raw = _load(path)
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in raw.items()):
        raise CorpusError(str(path), "must map each tag to the name readers see, one `tag: Name` per line")
    return {tag.strip().lower(): name.strip() for tag, name in raw.items()}


def _helplines(path: Path) -> dict | None:
    raw = _load(path)
    if raw is None:
        return None

    def fail(reason: str):
        raise CorpusError(str(path), reason)

    if not isinstance(raw, dict) or not isinstance(raw.get("countries"), dict):
        fail("needs a `countries` mapping")
    messages = raw.get("messages")
    if not isinstance(messages, dict) or not all(isinstance(messages.get(a), str) and messages[a].strip() for a in AUDIENCES):
        fail(f"needs `messages` with text for {' and '.join(AUDIENCES)}")
    countries = {}
    for code, entry in raw["countries"].items():
        if code != INTERNATIONAL and not (isinstance(code, str) and _COUNTRY_CODE.match(code)):
            fail(f"country {code!r} is not a two-letter ISO 3166 code (or `{INTERNATIONAL}`)")
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not isinstance(entry.get("emergency"), str):
            fail(f"{code}: needs a `name` and an `emergency` number")
        resources = entry.get("resources")
        if not isinstance(resources, list) or not resources:
            fail(f"{code}: needs at least one resource")
        for resource in resources:
            if not (isinstance(resource, dict) and isinstance(resource.get("name"), str)
                    and isinstance(resource.get("contact"), str)):
                fail(f"{code}: each resource needs a `name` and a `contact`")
            url = resource.get("url")
            if url is not None and not (isinstance(url, str) and url.startswith("https://")):
                fail(f"{code}: resource urls must start with https:// ({url!r})")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and _COUNTRY_CODE.match(a) for a in aliases):
            fail(f"{code}: `aliases` must be a list of two-letter codes")
        countries[code] = {"name": entry["name"], "emergency": entry["emergency"], "aliases": aliases,
                           "resources": [{"name": r["name"], "contact": r["contact"], "url": r.get("url")} for r in resources]}
    if INTERNATIONAL not in countries:
        fail(f"needs an `{INTERNATIONAL}` list for readers whose country is not listed")
    return {"messages": {a: " ".join(messages[a].split()) for a in AUDIENCES}, "countries": countries}
