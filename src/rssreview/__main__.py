import sys

from rssreview.cli import main

sys.exit(main())
