"""The start-up baseline: a bare PySide6 window, shown, reported like the app's probe.

Run as a script (``python benchmarks/gui_baseline.py``) so that nothing of PartnerDesk or
of the benchmarks package is imported: what it measures is Python + Qt and nothing else.
"""

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def seconds_since_process_start() -> float:
    """The same measure as partnerdesk.ui.app's probe (Linux /proc; NaN elsewhere)."""
    try:
        with open("/proc/self/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime") as handle:
            uptime = float(handle.read().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Baseline")
    window.resize(1200, 800)
    window.show()

    def report() -> None:
        print(f"main-window-shown {seconds_since_process_start():.3f}", flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(0, report)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
