"""What the documents say of the code: the README's settings table is the declarations', and every pointer
from a comment into bench/RESULTS.md names a section that is there."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import indexer.settings
import search_app.config
from editors.settings_table import HEADER, SETTINGS, settings_table
from indexer.settings import Option
from tests.conftest import ROOT


def test_the_readmes_settings_table_is_made_from_the_declarations():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(HEADER)
    assert readme[start:readme.index("\n\n", start)] == settings_table(), \
        "the README's settings table differs: paste `python -m editors.settings_table` over it"


def test_the_table_is_the_same_wherever_the_machine_keeps_its_caches(tmp_path):
    """A machine with $XDG_CACHE_HOME set (a CI runner, a container) makes the same README."""
    elsewhere = subprocess.run([sys.executable, "-m", "editors.settings_table"], cwd=ROOT, capture_output=True,
                               text=True, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)}, check=True).stdout
    assert elsewhere.strip() == settings_table()


def test_every_declared_setting_is_in_the_table():
    declared = {value.env for module in (indexer.settings, search_app.config)
                for value in vars(module).values() if isinstance(value, Option)}
    assert declared == {option.env for option in SETTINGS}


def test_every_pointer_into_the_results_names_a_section_there():
    """Comments give the decision and name the bench/RESULTS.md section that measured it (its heading, or
    a paragraph's bold or leading label inside one): a renamed or removed section leaves no pointer behind."""
    results = (ROOT / "bench" / "RESULTS.md").read_text(encoding="utf-8")
    labels = set(re.findall(r"^#+ (.+?)(?: \(|$)", results, re.M)) | set(re.findall(r"^(?:- )?\*\*(.+?)[.*]", results, re.M))
    labels |= set(re.findall(r"^([A-Z][\w ]+):", results, re.M))
    sources = [path for folder in ("indexer", "search_app", "editors", "tests") for path in (ROOT / folder).rglob("*.py")]
    pointers = {name for path in sources
                for pointer in re.findall(r'bench/RESULTS\.md, ((?:"[^"]+"(?:: |, )?)+)', path.read_text(encoding="utf-8"))
                for name in re.findall(r'"([^"]+)"', pointer)}
    assert pointers and not {name for name in pointers if not any(label.startswith(name) for label in labels)}
