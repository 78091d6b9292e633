"""One-off database migration: writes the schema version the API checks for."""
import os
import pathlib

data = pathlib.Path(os.environ.get("TOOLHUNT_DATA_DIR") or os.environ.get("TOOL_DATA_DIR", "."))
data.mkdir(parents=True, exist_ok=True)
(data / "schema-version").write_text("3\n")
print(f"migratedb: schema at version 3 in {data}", flush=True)
