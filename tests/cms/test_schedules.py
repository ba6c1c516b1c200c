"""The shipped systemd timers run each job as often as the docs say.

An operator reads the README, docs/workflows.md (the crontab) or docs/deploy.md
(the units) and installs one of them: all must give the same schedule.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
UNITS = ROOT / "deploy" / "systemd"
COMMAND = re.compile(r"manage\.py ([a-z_]+)")
EVERY = {"minute": "minute", "5 minutes": "5 minutes", "hour": "hour", "day": "day"}


def every_of_calendar(calendar: str) -> str:
    """The period of a systemd OnCalendar value, in the docs' words."""
    calendar = calendar.strip()
    named = {"minutely": "minute", "hourly": "hour", "daily": "day"}
    if calendar in named:
        return named[calendar]
    if re.fullmatch(r"\*:\*(:00)?", calendar):
        return "minute"
    if match := re.fullmatch(r"\*:0/(\d+)(:00)?", calendar):
        return "minute" if match[1] == "1" else f"{match[1]} minutes"
    if re.fullmatch(r"\*:\d\d(:00)?", calendar):
        return "hour"
    if re.fullmatch(r"(\*-\*-\* )?\d\d:\d\d(:\d\d)?", calendar):
        return "day"
    raise AssertionError(f"unknown OnCalendar value {calendar!r}")


def every_of_cron(minute, hour, day, month, weekday) -> str:
    assert (day, month, weekday) == ("*", "*", "*")
    if hour == "*":
        if minute == "*":
            return "minute"
        if match := re.fullmatch(r"\*/(\d+)", minute):
            return f"{match[1]} minutes"
        return "hour"
    return "day"


def every_of_words(words: str) -> str:
    words = words.strip().lower()
    words = {"hourly": "every hour", "daily": "every day", "at night": "every day"}.get(
        words, words
    )
    match = re.fullmatch(r"every (.+)", words)
    assert match and match[1] in EVERY, f"unknown schedule {words!r}"
    return EVERY[match[1]]


def timers() -> dict[str, str]:
    """{command: period} as the shipped units run them."""
    schedule = {}
    for timer in sorted(UNITS.glob("*.timer")):
        (calendar,) = re.findall(r"^OnCalendar=(.+)$", timer.read_text(), re.M)
        service = timer.with_suffix(".service").read_text()
        for line in re.findall(r"^ExecStart=(.+)$", service, re.M):
            for command in COMMAND.findall(line):
                schedule[command] = every_of_calendar(calendar)
    return schedule


def crontab() -> dict[str, str]:
    """{command: period} from the crontab in docs/workflows.md."""
    text = (ROOT / "docs" / "workflows.md").read_text()
    schedule = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) > 5 and (match := COMMAND.search(line)):
            if re.fullmatch(r"[\d*/,-]+", fields[0]):
                schedule[match[1]] = every_of_cron(*fields[:5])
    return schedule


def readme() -> dict[str, str]:
    """{command: period} from the README's table of scheduled commands."""
    text = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| `manage\.py ([a-z_]+)[^`]*` \| ([^|]+) \|", text, re.M)
    return {command: every_of_words(when) for command, when in rows}


def deploy_units() -> dict[str, str]:
    """{command: period} from the units table of docs/deploy.md."""
    text = (ROOT / "docs" / "deploy.md").read_text()
    schedule = {}
    for when, what in re.findall(
        r"^\| `cms-[a-z]+\.service` \+ `\.timer` \| ([^:|]+): ([^|]+)\|", text, re.M
    ):
        for command in re.findall(r"`([a-z_]+)`", what):
            schedule[command] = every_of_words(when)
    return schedule


def test_the_docs_give_webhooks_every_minute_and_publishing_every_5_minutes():
    for documented in (crontab(), readme(), deploy_units()):
        assert documented["send_pending_webhooks"] == "minute"
        assert documented["publish_scheduled"] == "5 minutes"


def test_the_shipped_timers_run_every_job_as_the_docs_say():
    shipped = timers()
    assert shipped == crontab()
    assert shipped == readme()
    assert shipped == deploy_units()
