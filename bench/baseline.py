"""The "before" peer: the code of a git ref, served beside ours in the same run.

BENCH_BASELINE names the ref (default: the merge base of HEAD with main; on
main itself, where that is HEAD, `BEFORE_28_31`, main just before issues 28
and 31). `none` turns the peer off. The ref is checked out with
`git worktree add --detach` under `.bench/` (git-ignored) and removed at the
end of the run.

Its gunicorn serves the baseline's own `cms.wsgi` and `bench.settings`, with
the same interpreter and packages, on a copy of the bench database taken once
each size is seeded: the same rows and the same schema (migrated by the new
code, whose added columns and tables the old code never reads), but not the
same derived rows. Both versions prepare read-model rows on a miss, and the
shape of what they prepare may differ, so the copy starts with the tables
whose name contains `readmodel` emptied and each version reads only what it
prepared itself. A scenario the baseline cannot answer (a field its schema
lacks, an error from a table it no longer matches) is left out of the
comparison with the reason, never failing the run.
"""

import shutil
import sqlite3
import subprocess

from bench.options import BASELINE, RESULTS, env
from bench.server import ROOT, Gunicorn

# main at "bench: a quick run after the house" (2026-12-06), the code before
# issues 28 and 31: the before of their targets once they are merged.
BEFORE_28_31 = "0a26ecd"
WORKTREES = ROOT / ".bench"


def git(*args):
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def resolve(option=BASELINE):
    """(ref as asked, commit) of the baseline, or None when turned off."""
    if option.lower() in ("none", "off", "0", "no"):
        return None
    ref = option
    if not ref:
        ref = git("merge-base", "HEAD", "main")
        if ref == git("rev-parse", "HEAD"):
            ref = BEFORE_28_31
    return ref, git("rev-parse", "--verify", f"{ref}^{{commit}}")


class Baseline:
    """The baseline's checkout, database copy and server."""

    def __init__(self, ref, commit):
        self.ref, self.commit = ref, commit
        self.root = WORKTREES / f"baseline-{commit[:12]}"
        self.database = RESULTS / "baseline.sqlite3"
        self.server = None
        self.problem = None

    def describe(self):
        subject = git("log", "-1", "--format=%h %s", self.commit)
        ref = self.commit[:12] if self.ref == self.commit else self.ref
        return {"ref": ref, "commit": self.commit, "subject": subject}

    def checkout(self):
        self.remove()
        WORKTREES.mkdir(exist_ok=True)
        # --force: a checkout a crashed run left registered but missing is reused.
        git("worktree", "add", "--detach", "--force", str(self.root), self.commit)
        # Its media are ours: renditions and documents resolve to the same files.
        results = self.root / "bench" / "results"
        if not results.exists():
            results.symlink_to(RESULTS, target_is_directory=True)

    def copy_database(self):
        """The seeded bench database, its prepared read-model rows left out."""
        for path in RESULTS.glob("baseline.sqlite3*"):
            path.unlink()
        source = sqlite3.connect(RESULTS / "bench.sqlite3")
        target = sqlite3.connect(self.database)
        with target:
            source.backup(target)
        source.close()
        names = [
            row[0]
            for row in target.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name LIKE '%readmodel%'"
            )
        ]
        with target:
            for name in names:
                target.execute(f'DELETE FROM "{name}"')  # noqa: S608 - names from sqlite_master
        target.close()

    def env(self):
        """The bench's environment, for the baseline's code and database copy."""
        values = env()
        values.update(
            PYTHONPATH=str(self.root),
            BENCH_SQLITE=str(self.database),
            BENCH_RESULTS_DIR=str(RESULTS),
        )
        return values

    def start(self, workers, log_path):
        """Serve the baseline on its database copy; None, with `problem` set, if it fails."""
        self.copy_database()
        self.server = Gunicorn(workers, self.env(), log_path, root=self.root)
        try:
            self.server.wait_ready()
        except RuntimeError as error:
            self.problem = f"the baseline's server did not start: {error}"
            self.stop()
        return self.server

    def stop(self):
        if self.server is not None:
            self.server.stop()
            self.server = None

    def remove(self):
        link = self.root / "bench" / "results"
        if link.is_symlink():
            link.unlink()  # never let a removal reach our results through it
        if self.root.exists():
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(self.root)],
                cwd=ROOT,
                capture_output=True,
            )
            shutil.rmtree(self.root, ignore_errors=True)
