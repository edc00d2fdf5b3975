"""The README's settings table is the one the declarations make, and lists every declared setting."""
from __future__ import annotations

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


def test_every_declared_setting_is_in_the_table():
    declared = {value.env for module in (indexer.settings, search_app.config)
                for value in vars(module).values() if isinstance(value, Option)}
    assert declared == {option.env for option in SETTINGS}
