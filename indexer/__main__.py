"""`python -m indexer ...`: the entry under the command's name, and nothing else.

The editors' and operators' commands live in `editors.cli`, the layer above both the
indexer and the search side (the golden-question gate and the gap report are the search
side's). This file is the one module under indexer/ that imports from a higher layer, and
nothing imports it: tests/test_layers.py allows exactly this import and checks the rest.
"""
import sys

try:
    from editors.cli import main
except KeyboardInterrupt:  # Ctrl-C while the tools load: no command has started, so nothing has changed
    print("interrupted while starting; nothing was changed", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
