"""Reading settings from the environment: lists and booleans."""

import os


def env_list(name, default=""):
    """Return a comma-separated environment variable as a list of stripped items."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}
