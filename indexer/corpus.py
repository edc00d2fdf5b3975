"""Reading articles from the corpus folder.

Articles are Markdown files with a YAML front-matter header (`title` required;
`summary`, `also_called`, `tags`, `updated`, `reviewed`, `next_review`, `url`,
`source` and `sources` optional) or plain `.txt` files whose first line is the
title. A file that cannot be read is reported with its path and reason, never
silently dropped.
"""
from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)


# libyaml's loader where PyYAML was built with it: the same safe subset, much faster
# (bench/RESULTS.md, "Judgement").
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes):
    """Parse YAML with the safe loader: plain data only, never objects."""
    return yaml.load(text, Loader=_SAFE_LOADER)


class CorpusError(Exception):
    """An article that cannot be parsed; `path` says which and the message says why."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Reference:
    name: str
    url: str


@dataclass(frozen=True)
class Article:
    doc_id: str
    path: str
    title: str
    body: str
    content_hash: str
    summary: str = ""
    also_called: tuple[str, ...] = ()   # everyday, older and brand names readers search by
    tags: tuple[str, ...] = ()
    updated: str | None = None
    reviewed: str | None = None
    next_review: str | None = None
    url: str | None = None
    source: str | None = None
    sources: tuple[Reference, ...] = ()
    related: tuple[str, ...] = ()       # filled by the build: the most similar articles, by meaning


def doc_id_for(relative_path: Path) -> str:
    """A document's id is its path inside the corpus, without the suffix."""
    return relative_path.with_suffix("").as_posix()


def read_corpus(corpus_dir: Path) -> tuple[list[Article], list[CorpusError]]:
    """Every article under `corpus_dir` (sorted by path) and the files that failed to parse."""
    if not corpus_dir.is_dir():
        raise CorpusError(str(corpus_dir), "corpus folder does not exist")
    articles, errors = [], []
    for path in sorted(p for p in corpus_dir.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file()):
        relative = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if not path.resolve().is_relative_to(corpus_dir.resolve()):
            errors.append(CorpusError(str(path), "is a link to a file outside the corpus folder; not read"))
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            errors.append(CorpusError(str(path), f"cannot read file: {exc.strerror}"))
            continue
        try:
            articles.append(parse_article(raw, relative))
        except CorpusError as exc:
            errors.append(CorpusError(str(path), exc.reason))
    return articles, errors


def reviews_due(articles: list[Article], today: datetime.date) -> list[Article]:
    """Articles whose `next_review` date has passed: editors should check them against current guidance."""
    return [a for a in articles if a.next_review and datetime.date.fromisoformat(a.next_review) < today]


def parse_article(raw: bytes, relative_path: Path) -> Article:
    """Parse one article file's bytes; raise CorpusError with a reason a person can act on."""
    name = relative_path.as_posix()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(name, f"not UTF-8 text (byte {exc.start})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CorpusError(name, "empty file")
    content_hash = hashlib.sha256(raw).hexdigest()
    doc_id = doc_id_for(relative_path)
    if relative_path.suffix == ".txt":
        title, _, body = text.strip().partition("\n")
        if not body.strip():
            raise CorpusError(name, "no text after the title line")
        return Article(doc_id=doc_id, path=name, title=title.strip(), body=body.strip("\n"),
                       content_hash=content_hash)

    match = _FRONT_MATTER.match(text)
    if not match:
        raise CorpusError(name, "no front matter: the file must start with a '---' header holding at least 'title'")
    try:
        header = load_yaml(match.group(1))
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where else ""
        raise CorpusError(name, f"front matter is not valid YAML{line}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(header, dict):
        raise CorpusError(name, "front matter must be a mapping of fields")
    body = text[match.end():].strip("\n")
    if not body.strip():
        raise CorpusError(name, "no text after the front matter")
    return Article(
        doc_id=doc_id, path=name, body=body, content_hash=content_hash,
        title=_required_text(header, "title", name),
        summary=_optional_text(header, "summary", name) or "",
        also_called=_names(header.get("also_called"), name),
        tags=_tags(header.get("tags"), name),
        updated=_date(header, "updated", name),
        reviewed=_date(header, "reviewed", name),
        next_review=_date(header, "next_review", name),
        url=_url(header.get("url"), "url", name),
        source=_optional_text(header, "source", name),
        sources=_references(header.get("sources"), name),
    )


def _required_text(header: dict, field: str, name: str) -> str:
    value = _optional_text(header, field, name)
    if not value:
        raise CorpusError(name, f"front matter has no '{field}'")
    return value


def _optional_text(header: dict, field: str, name: str) -> str | None:
    value = header.get(field)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise CorpusError(name, f"'{field}' must be text")
    return " ".join(str(value).split())


def _tags(value, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(t, (str, int)) for t in value):
        raise CorpusError(name, "'tags' must be a list of words")
    return tuple(str(t).strip().lower() for t in value if str(t).strip())


def _names(value, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(n, (str, int)) for n in value):
        raise CorpusError(name, "'also_called' must be a list of names")
    return tuple(" ".join(str(n).split()) for n in value if str(n).strip())


def _date(header: dict, field: str, name: str) -> str | None:
    value = header.get(field)
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise CorpusError(name, f"'{field}' must be a date like 2026-01-31, not {value!r}") from None


def _url(value, field: str, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.match(r"https?://[^\s/]+\.[^\s]+\Z", value.strip()):
        raise CorpusError(name, f"'{field}' must be an http(s) URL, not {value!r}")
    return value.strip()


def _references(value, name: str) -> tuple[Reference, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CorpusError(name, "'sources' must be a list of {name, url} entries")
    references = []
    for entry in value:
        if not isinstance(entry, dict) or not entry.get("name"):
            raise CorpusError(name, "each entry of 'sources' needs a 'name' (and a 'url')")
        references.append(Reference(name=" ".join(str(entry["name"]).split()),
                                    url=_url(entry.get("url"), "sources.url", name) or ""))
    return tuple(references)
