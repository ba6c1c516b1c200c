"""The order of the run, and `--store-durations`, which records each test's time.

`--store-durations` writes how long each test took (setup, call, teardown) to
tests/durations.json; the committed file says where the suite's time goes
(docs/testing.md) and orders the browser tests. Refresh it with `make
durations`. Under xdist the controller adds up the reports its workers send,
so the file covers the whole run.
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


def _recorded_durations():
    try:
        return json.loads(FILE.read_text())
    except (OSError, ValueError):
        return {}


def _needs_demo(item):
    return bool({"demo_content", "live_demo", "demo"} & set(item.fixturenames))


def pytest_collection_modifyitems(items):
    """Order the run so that every worker stays busy until the end.

    One test that loads the demo runs first and the other demo tests late, so
    that under xdist one worker loads the demo while the others run tests that
    need none, and every later worker copies it (tests/demo_snapshot.py).
    Browser tests run last: they use a live server, so their database is
    emptied when each ends, down to the rows Wagtail's migrations create (the
    root page, the default locale); a transactional test after them would
    start from nothing.
    """
    first = next((item for item in items if "demo_loader" in item.name), None)
    durations = _recorded_durations()

    def order(item):
        browser = "tests/e2e/" in str(item.fspath)
        # Browser tests, last, go longest first (tests/durations.json): the
        # workers then finish together instead of one waiting for a long test.
        return (
            item is not first,
            browser,
            _needs_demo(item),
            -durations.get(item.nodeid, 0) if browser else 0,
        )

    items.sort(key=order)
