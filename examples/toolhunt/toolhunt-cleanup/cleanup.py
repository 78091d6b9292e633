"""Scheduled cleanup: removes stale temporary files of the tool's data folder."""
import os
import pathlib
import time

data = pathlib.Path(os.environ.get("TOOLHUNT_DATA_DIR") or os.environ.get("TOOL_DATA_DIR", "."))
removed = 0
for path in data.glob("*.tmp"):
    if time.time() - path.stat().st_mtime > 3600:
        path.unlink()
        removed += 1
print(f"cleanup: removed {removed} stale files from {data}", flush=True)
