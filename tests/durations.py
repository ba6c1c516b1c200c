"""`--store-durations`: write how long each test took to tests/durations.json.

The committed file says where the suite's time goes (docs/testing.md reads it);
refresh it with `make durations`. Under xdist the controller adds up the
reports its workers send, so the file covers the whole run.
"""

import json
from collections import defaultdict
from pathlib import Path

FILE = Path(__file__).parent / "durations.json"


def pytest_addoption(parser):
    parser.addoption(
        "--store-durations",
        action="store_true",
        help="write each test's duration (setup, call, teardown) to tests/durations.json",
    )


def pytest_configure(config):
    if config.getoption("store_durations") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_Recorder(), "store-durations")


class _Recorder:
    def __init__(self):
        self.durations = defaultdict(float)

    def pytest_runtest_logreport(self, report):
        self.durations[report.nodeid] += report.duration

    def pytest_sessionfinish(self, session):
        ordered = dict(
            sorted(self.durations.items(), key=lambda item: (-item[1], item[0]))
        )
        rounded = {nodeid: round(seconds, 3) for nodeid, seconds in ordered.items()}
        FILE.write_text(json.dumps(rounded, indent=1, ensure_ascii=False) + "\n")
