"""``python -m goalgraph``: the command line."""

from goalgraph.cli import main

raise SystemExit(main())
