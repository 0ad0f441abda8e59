"""Seed data for 掌上通 and the code that turns it into table items (`python -m seeds.load`).

Data files live beside this module so the repository is self-contained; see docs/seeds.md.
"""
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def read_json(name):
    """A JSON data file of the seeds package, by path relative to it."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
