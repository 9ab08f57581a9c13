"""Run a command as this small process's child, then print the child's peak RSS.

Why not measure the child from the bench process directly: Linux records the parent's
peak RSS into a child started with fork/vfork + exec, so any child of the bench process
(hundreds of MB of generated rows) would report at least that much. Started from this
launcher, the child's figure is its own; the floor is the launcher's own ~10 MB.

Usage: ``python benchmarks/rss_launcher.py COMMAND [ARG...]``; the child's output passes
straight through, then a last line ``child-max-rss <value> <unit>`` follows. The exit
code is the child's.
"""

import resource
import subprocess
import sys

MARKER = "child-max-rss"


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    code = subprocess.call(sys.argv[1:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    megabytes = peak / 1e6 if sys.platform == "darwin" else peak / 1024
    print(f"{MARKER} {megabytes:.1f} MB", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
