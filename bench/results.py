"""bench/results.json: each measurement's figures under its own key, merged into what earlier
runs wrote, with when and on which database they were measured."""

import datetime
import json
from pathlib import Path

from django.db import connection

RESULTS = Path(__file__).resolve().parent / "results.json"


def save(key, figures):
    saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    saved[key] = {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.settings_dict["NAME"],
        **figures,
    }
    RESULTS.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n")
