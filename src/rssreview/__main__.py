"""`python -m rssreview`: the command line, with Ctrl+C while it starts up handled like Ctrl+C later."""

import sys

try:
    from rssreview.bytecode import hash_checked

    hash_checked()  # the command line's own modules too, before they are imported
    from rssreview.cli import main
except KeyboardInterrupt:
    print("rssreview: interrupted; nothing published", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
