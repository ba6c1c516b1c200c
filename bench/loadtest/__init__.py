"""`make loadtest`: two minutes of mixed traffic through faults, then checks nothing is lost.

A throw-away PostgreSQL on loopback, gunicorn with several workers, the task
worker (`manage.py db_worker`, restarted like a supervisor would if it dies)
and a bench-only mail backend that fails while a flag file exists. Clients
read (GraphQL) and submit charter adhesions, each with an idempotencyKey they
retry until they get a reference, some of them repeated on purpose. During
the run one worker is killed with SIGKILL, PostgreSQL is stopped and
restarted, the mail backend fails for a while, and a partner's webhook
receiver is down for a while as pages are published (bench/webhooks.py).
Afterwards the run checks:

- no 5xx outside the database outage, and during it only 503 with a JSON body;
- every accepted submission stored exactly once;
- every repeated key answered with the same reference;
- every e-mail eventually sent (the hourly `send_pending_notifications` is run
  once after the traffic, as cron would);
- no half-written row (each application has its log entry and e-mails);
- every publish acknowledged during the run was delivered to the webhook
  receiver exactly once after dropping repeats by `webhook-id`, none lost, and
  no rolled-back publish was sent.

LOADTEST_QUICK=1: 40 seconds of traffic instead of 120. Exit status 1 when a
check fails. Everything runs on 127.0.0.1 and stops by itself.

The parts: `options.py` (LOADTEST_* and the processes' environment),
`clients.py` (the partner clients and the timeline of faults), `local.py` (the
run on loopback: PostgreSQL, gunicorn, the supervised task worker, the
faults), `stack.py` (the same through the stack's balancer, LOADTEST_STACK=1),
`checks.py` (what is checked afterwards) and `report.py` (the report, the
docs' figures, the exit status). `python -m bench.loadtest` runs one of the two.
"""
