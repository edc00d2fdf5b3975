"""How a corpus differs from a snapshot, or one snapshot from another: articles added, changed, renamed, deleted."""
from __future__ import annotations

from dataclasses import dataclass, field

from indexer.corpus import Article


@dataclass(frozen=True)
class Changes:
    """How the corpus differs from the published snapshot, by document id."""
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def diff_articles(articles: list[Article], old_hashes: dict[str, str]) -> Changes:
    """Classify documents as added, changed, renamed or deleted, by content hash."""
    return diff_hashes({a.doc_id: a.content_hash for a in articles}, old_hashes)


def diff_hashes(new_hashes: dict[str, str], old_hashes: dict[str, str]) -> Changes:
    """`diff_articles` between two {document id: content hash} maps, e.g. of two snapshots."""
    gone_by_hash = {content_hash: doc_id for doc_id, content_hash in old_hashes.items() if doc_id not in new_hashes}
    added, changed, renamed = [], [], []
    for doc_id, content_hash in new_hashes.items():
        before = old_hashes.get(doc_id)
        if before is None:
            if content_hash in gone_by_hash:
                renamed.append((gone_by_hash.pop(content_hash), doc_id))
            else:
                added.append(doc_id)
        elif before != content_hash:
            changed.append(doc_id)
    return Changes(added, changed, renamed, sorted(set(gone_by_hash.values())))
