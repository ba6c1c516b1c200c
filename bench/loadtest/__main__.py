"""`python -m bench.loadtest` (`make loadtest`): the local run, or through the stack."""

import os

from bench.loadtest import local, stack

if __name__ == "__main__":
    if os.environ.get("LOADTEST_STACK", "") not in ("", "0"):
        stack.main()
    else:
        local.main()
