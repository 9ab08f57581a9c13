"""Reading a large worksheet in a helper process, streamed back in chunks.

python-calamine parses a whole sheet in native code and holds the GIL for up to ~170 ms
at a time (a 200,000-row ledger takes ~0.9 s to parse), which froze the window while an
import read its file in the background. A helper process does the parsing; the import's
thread only receives chunks of rows, and the GUI keeps its GIL time slices.

This module imports nothing heavy: the helper process starts in well under 0.1 s.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

CHUNK_ROWS = 2000


def _stream_sheet(path: str, sheet: str, connection: Any) -> None:
    """In the helper process: send ("rows", [...]) chunks, then ("done", None) or
    ("error", message)."""
    try:
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(path).get_sheet_by_name(sheet).iter_rows()
        chunk: list[list[Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK_ROWS:
                connection.send(("rows", chunk))
                chunk = []
        if chunk:
            connection.send(("rows", chunk))
        connection.send(("done", None))
    except Exception as exc:  # reported to the parent, which names the file
        connection.send(("error", str(exc)))
    finally:
        connection.close()


def read_sheet_in_helper(path: str, sheet: str) -> list[list[Any]]:
    """All rows of ``sheet``; raises RuntimeError with calamine's message on failure."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_stream_sheet, args=(path, sheet, sender), daemon=True)
    process.start()
    sender.close()
    grid: list[list[Any]] = []
    try:
        while True:
            try:
                kind, payload = receiver.recv()
            except EOFError:
                raise RuntimeError("the reading process stopped unexpectedly") from None
            if kind == "rows":
                grid.extend(payload)
            elif kind == "done":
                return grid
            else:
                raise RuntimeError(str(payload))
    finally:
        receiver.close()
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
