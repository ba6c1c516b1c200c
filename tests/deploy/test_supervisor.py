"""The stack's supervisor restarts, gives up and stops as the systemd units do."""

import configparser
import os
import signal
import time
from pathlib import Path

import pytest

from deploy import supervisor
from deploy.supervisor import STOP_ORDER, Process, Processes

UNITS = Path(supervisor.ROOT) / "deploy" / "systemd"


def wait_until(check, timeout=30):
    deadline = time.monotonic() + timeout
    while not (value := check()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


@pytest.fixture
def processes(tmp_path):
    running = Processes()
    yield running
    running.stop_all()


def process(name, tmp_path, command):
    return Process(name, {"STACK_DIR": str(tmp_path)}, command=f"sh -c '{command}'")


def test_a_killed_process_is_restarted_and_its_orphans_killed(processes, tmp_path):
    # given a server whose main process has a child, as a gunicorn master has
    processes["app1"] = process(
        "app1", tmp_path, f"sleep 600 & echo $! > {tmp_path}/child; exec sleep 600"
    ).start()
    processes.supervise()
    assert wait_until(lambda: (tmp_path / "child").exists())
    child = int((tmp_path / "child").read_text())
    killed = processes["app1"].pid
    # when its main process is killed with SIGKILL
    os.kill(killed, signal.SIGKILL)
    # then the child is killed too, and the server started again
    assert wait_until(lambda: not Path(f"/proc/{child}").exists(), timeout=10)
    assert wait_until(lambda: processes["app1"].pid not in (None, killed))
    assert processes.status()["app1"]["restarts"] == 1


def test_a_process_that_keeps_failing_is_given_up_on_with_growing_delays(
    processes, tmp_path
):
    # given a worker that fails as soon as it starts
    processes["worker1"] = process(
        "worker1", tmp_path, f"date +%s.%N >> {tmp_path}/starts; exit 3"
    ).start()
    processes.supervise()
    # then it is given up on after 5 failures, each start later than the last
    assert wait_until(
        lambda: processes.status()["worker1"]["state"] == "failed", timeout=60
    )
    starts = [float(line) for line in (tmp_path / "starts").read_text().split()]
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert len(starts) == supervisor.START_LIMIT_BURST
    # 1, 2, 4 and 8 s at least (more on a busy machine: a start takes time too)
    assert [
        round(gap, 1) >= wanted for gap, wanted in zip(gaps, [1, 2, 4, 8], strict=True)
    ] == [True] * 4
    time.sleep(1)
    assert len((tmp_path / "starts").read_text().split()) == len(starts)


def test_a_clean_exit_is_not_restarted(processes, tmp_path):
    processes["worker2"] = process("worker2", tmp_path, "exit 0").start()
    processes.supervise()
    time.sleep(2)
    assert processes.status()["worker2"] == {
        "state": "stopped",
        "pid": None,
        "restarts": 0,
    }


def test_a_stop_goes_from_the_cache_to_the_database_each_waited_for(tmp_path):
    # given the stack's processes, each noting when it received SIGTERM
    running = Processes()
    for name in reversed(STOP_ORDER):
        running[name] = process(
            name,
            tmp_path,
            f'trap "sleep 0.2; echo {name} >> {tmp_path}/stopped; exit 0" TERM; '
            "while :; do sleep 0.05; done",
        ).start()
    running.supervise()
    time.sleep(0.5)
    # when the stack stops
    running.stop_all()
    # then each stopped after the one before it, in order, and none restarted
    assert (tmp_path / "stopped").read_text().split() == STOP_ORDER
    assert {state["state"] for state in running.status().values()} == {"stopped"}


@pytest.mark.parametrize("unit", ["cms-app@.service", "cms-worker@.service"])
def test_the_systemd_units_restart_as_the_stack_does(unit):
    parsed = configparser.ConfigParser(strict=False, interpolation=None)
    parsed.optionxform = str
    parsed.read(UNITS / unit)
    service, start = parsed["Service"], parsed["Unit"]

    assert service["Restart"] == "on-failure"
    assert service["KillMode"] == "mixed"
    assert int(service["RestartSec"]) == supervisor.RESTART_SEC
    assert int(service["RestartMaxDelaySec"]) == supervisor.RESTART_MAX_DELAY_SEC
    # RestartSteps doubles the delay from RestartSec up to RestartMaxDelaySec
    steps = int(service["RestartSteps"])
    assert supervisor.RESTART_SEC * 2**steps == supervisor.RESTART_MAX_DELAY_SEC
    assert int(start["StartLimitBurst"]) == supervisor.START_LIMIT_BURST
    assert int(start["StartLimitIntervalSec"]) == supervisor.START_LIMIT_INTERVAL_SEC
    name = "app1" if unit.startswith("cms-app") else "worker1"
    assert int(service["TimeoutStopSec"]) == supervisor.STOP_TIMEOUT.get(name, 20)
