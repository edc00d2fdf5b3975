"""The editors' and operators' commands (`python -m indexer build|snapshots|rollback|diff|report|gaps|push|pull`).

The top layer: these commands use both the indexer (building, snapshots, replicas) and the
search side (golden questions, the gap report), and nothing imports them. `indexer/__main__.py`
is only their entry under the command's name. The layers and their order: README, "Layout",
checked by tests/test_layers.py.
"""
