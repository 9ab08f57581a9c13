"""The desktop bundle's entry point: the same `partnerdesk` command as the installed one
(alone it opens the desktop app; with a command it runs that command)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Templates are filled in a spawned helper process with hard limits
    # (core/platform/limited.py). A frozen executable is its own Python: the helper and
    # multiprocessing's resource tracker start this same executable with their own
    # arguments, which freeze_support() recognises and runs instead of the command line.
    multiprocessing.freeze_support()
    from partnerdesk.cli import main

    sys.exit(main())
