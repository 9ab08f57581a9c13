"""The desktop bundle's entry point: the same `partnerdesk` command as the installed one
(alone it opens the desktop app; with a command it runs that command)."""

import sys

from partnerdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
