"""Shared fixtures: the real bundled model, and a real index built once per test session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.embedding import shared_embedder

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def embedder():
    return shared_embedder()


def copy_fixture_corpus(target: Path) -> Path:
    shutil.copytree(FIXTURES / "corpus", target)
    return target


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, embedder):
    """(corpus_dir, index_dir) of the fixture articles, built once. Tests must not modify it."""
    root = tmp_path_factory.mktemp("built")
    corpus = copy_fixture_corpus(root / "corpus")
    build_index(corpus, root / "index", get_embedder=lambda: embedder, progress=False, log=lambda line: None)
    return corpus, root / "index"


@pytest.fixture
def fresh_corpus(tmp_path):
    """A private, writable copy of the fixture corpus and an empty index folder."""
    return copy_fixture_corpus(tmp_path / "corpus"), tmp_path / "index"


@pytest.fixture
def build(embedder):
    """Build with the session's model, quietly; returns the BuildReport."""
    def run(corpus: Path, index: Path, **options):
        return build_index(corpus, index, get_embedder=lambda: embedder, progress=False,
                           log=lambda line: None, **options)
    return run
