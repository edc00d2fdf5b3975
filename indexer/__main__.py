import sys

try:
    from indexer.cli import main
except KeyboardInterrupt:  # Ctrl-C while the tools load: no command has started, so nothing has changed
    print("interrupted while starting; nothing was changed", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
