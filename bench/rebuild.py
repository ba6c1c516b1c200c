"""How long `manage.py rebuild_read_model` takes on the bench database (issue 31).

Run in-process at the largest N once the load is measured, as an operator runs
it after a deploy that changes the prepared answers' shape: wall-clock and CPU
seconds. Skipped, with the reason, when the code under test has no such
command. Django is imported inside the function: this module is imported
before `django.setup()`.
"""

import io
import time

COMMAND = "rebuild_read_model"


def measure(n):
    """{"n", "seconds", "cpu_seconds", "output"} or {"n", "skipped": why}."""
    # Imported here: the orchestrator sets the bench's environment up first.
    from django.core.management import call_command, get_commands

    if COMMAND not in get_commands():
        return {"n": n, "skipped": f"no `manage.py {COMMAND}` in the code under test"}
    output = io.StringIO()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        call_command(COMMAND, stdout=output, stderr=output)
    except Exception as error:  # noqa: BLE001 - the measures taken so far stay
        return {"n": n, "skipped": f"`manage.py {COMMAND}` failed: {error!r}"[:300]}
    return {
        "n": n,
        "seconds": round(time.perf_counter() - wall, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "output": output.getvalue().strip()[-300:],
    }


def line(result):
    if result is None:
        return "Read model rebuild: not measured."
    if "skipped" in result:
        return (
            f"Read model rebuild at N = {result['n']}: skipped ({result['skipped']})."
        )
    return (
        f"Read model rebuild (`manage.py {COMMAND}`) at N = {result['n']}: "
        f"{result['seconds']} s wall-clock, {result['cpu_seconds']} s CPU, in-process."
    )
