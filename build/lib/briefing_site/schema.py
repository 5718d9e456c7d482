"""JSON Schemas generated from the model, for editors running the YAML language server.

Each briefing file starts with `# yaml-language-server: $schema=../../schema/<kind>.schema.json`,
so an editor validates and autocompletes while the editor types. The files are committed;
`python build.py schema` regenerates them and a test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import model

SCHEMA_DIR = "schema"


def schemas() -> dict[str, str]:
    """{file name: JSON text} for every kind of YAML file."""
    out: dict[str, str] = {}
    for filename, cls in {**model.REGISTRY_FILES, **model.BRIEFING_FILES}.items():
        schema = cls.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"{filename} ({cls.__doc__.strip().splitlines()[0] if cls.__doc__ else cls.__name__})"
        out[filename.replace(".yaml", ".schema.json")] = json.dumps(schema, indent=2, ensure_ascii=False,
                                                                    sort_keys=True) + "\n"
    return out


def write_schemas(root: Path) -> list[str]:
    """Write the schemas; return the names of the files that changed."""
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    changed = []
    for name, text in schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def stale_schemas(root: Path) -> list[str]:
    folder = root / SCHEMA_DIR
    return [name for name, text in schemas().items()
            if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text]
