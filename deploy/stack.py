"""`make stack`: the scaled-out topology on one machine, on loopback.

PostgreSQL, Redis and an S3-compatible server start first (the Procfile's
`postgres`, `redis` and `s3`); once they answer, the database is migrated, the
buckets made and the demo loaded; then two app servers (gunicorn, production
settings), two task workers and the nginx balancer start. Ctrl-C (or SIGTERM)
stops everything. `python -m deploy.stack --env` prints the environment the
processes share, for the stack tests and for running `manage.py` against it.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from deploy.supervisor import STOP_ORDER, Process, Processes, control

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ["postgres", "redis", "s3"]
APPLICATION = ["app1", "app2", "worker1", "worker2", "balancer", "cache"]


def ports():
    base = int(os.environ.get("STACK_PORT", "8080"))
    return {
        "STACK_PORT": base,
        "APP1_PORT": base + 1,
        "APP2_PORT": base + 2,
        "PG_PORT": int(os.environ.get("STACK_PG_PORT", base + 10)),
        "REDIS_PORT": int(os.environ.get("STACK_REDIS_PORT", base + 11)),
        "S3_PORT": int(os.environ.get("STACK_S3_PORT", base + 12)),
        "CACHE_PORT": int(os.environ.get("STACK_CACHE_PORT", base + 13)),
    }


def purge_secret(stack_dir):
    """The HTTP cache's PURGE secret: the running stack's, else a new one.

    Kept in the stack's folder so that `--env` and the tests of a running stack
    (STACK_REUSE) send the secret its Varnish was configured with.
    """
    kept = stack_dir / "purge-secret"
    if kept.exists():
        return kept.read_text().strip()
    return os.environ.setdefault("STACK_PURGE_SECRET", secrets.token_urlsafe(32))


def environment():
    """The variables every process of the stack shares."""
    stack_dir = Path(os.environ.get("STACK_DIR", ROOT / ".stack")).resolve()
    p = ports()
    env = {key: str(value) for key, value in p.items()}
    env.update(
        STACK_DIR=str(stack_dir),
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="stack-only-not-a-secret-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost,.localhost",
        CSRF_TRUSTED_ORIGINS=",".join(
            f"http://{host}:{p['STACK_PORT']}"
            for host in (
                "127.0.0.1",
                "club.localhost",
                "req.localhost",
                "regies.localhost",
            )
        ),
        # Plain HTTP on loopback: no redirect to HTTPS, cookies without `Secure`.
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=f"postgres://cms:cms@127.0.0.1:{p['PG_PORT']}/cms",
        REDIS_URL=f"redis://127.0.0.1:{p['REDIS_PORT']}/0",
        S3_ENDPOINT_URL=f"http://127.0.0.1:{p['S3_PORT']}",
        S3_MEDIA_BUCKET="cms-media",
        S3_PRIVATE_BUCKET="cms-private",
        AWS_ACCESS_KEY_ID="stack",
        AWS_SECRET_ACCESS_KEY="stack-secret",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(stack_dir / "mail"),
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{p['STACK_PORT']}",
        DEMO_SITE_PORT=str(p["STACK_PORT"]),
        FORMS_WORKFLOWS_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR",
        FORMS_WORKFLOWS_TRUSTED_PROXIES="127.0.0.1",
        HTTP_CACHE_PURGE_URLS=f"http://127.0.0.1:{p['CACHE_PORT']}/",
        HTTP_CACHE_PURGE_SECRET=purge_secret(stack_dir),
        # A partner's site that calls the API from browsers (CORS through Varnish).
        GRAPHQL_CORS_ALLOWED_ORIGINS="https://partner.example",
        # Partners' webhook receivers run on loopback beside the stack; in
        # production they are public addresses and private ones are refused.
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES="1",
    )
    return env


NGINX = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/nginx-tmp/body;
    proxy_temp_path {dir}/nginx-tmp/proxy;
    fastcgi_temp_path {dir}/nginx-tmp/fastcgi;
    uwsgi_temp_path {dir}/nginx-tmp/uwsgi;
    scgi_temp_path {dir}/nginx-tmp/scgi;
    client_max_body_size 60m;
    upstream app {{
        server 127.0.0.1:{APP1_PORT} max_fails=1 fail_timeout=5s;
        server 127.0.0.1:{APP2_PORT} max_fails=1 fail_timeout=5s;
    }}
    server {{
        listen 127.0.0.1:{STACK_PORT};
        location / {{
            proxy_pass http://app;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A dead server's requests go to the other one, but a POST is never
            # sent twice (nginx's default for non-idempotent methods). Not on a
            # 503: it is the app's answer while the database is away, the same
            # on every server, and counting it as a failure would take them all
            # out (502 for everything until fail_timeout).
            proxy_next_upstream error timeout http_502;
            # A GET in flight on a server that dies (connection reset) is sent
            # once more, to the other; the dead one is left out for 5 s.
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
        }}
    }}
}}
"""


def write_nginx_conf(env):
    stack_dir = Path(env["STACK_DIR"])
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (stack_dir / "nginx-tmp" / sub).mkdir(parents=True, exist_ok=True)
    os.chmod(stack_dir / "nginx-tmp", 0o777)
    for sub in (stack_dir / "nginx-tmp").iterdir():
        os.chmod(sub, 0o777)
    (stack_dir / "nginx.conf").write_text(NGINX.format(dir=stack_dir, **env))
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    (stack_dir / "varnish.vcl").write_text(
        vcl.replace("{BALANCER_PORT}", env["STACK_PORT"]).replace(
            "{PURGE_SECRET}", env["HTTP_CACHE_PURGE_SECRET"]
        )
    )
    (stack_dir / "purge-secret").write_text(env["HTTP_CACHE_PURGE_SECRET"])
    os.chmod(stack_dir / "purge-secret", 0o600)


def init_postgres(env):
    """Create the stack's cluster once; PostgreSQL runs as `postgres` under root."""
    data = Path(env["STACK_DIR"]) / "pg"
    if (data / "PG_VERSION").exists():
        return
    data.mkdir(parents=True, exist_ok=True)
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    command = f"{pg_bin}/initdb -D {data} -A trust -U postgres >/dev/null"
    if os.getuid() == 0:
        shutil.chown(data, "postgres")
        os.chmod(Path(env["STACK_DIR"]), 0o755)
        subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", command], check=True)
    else:
        subprocess.run(command, shell=True, check=True)


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", int(port))) == 0


def wait_for_port(port, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(port):
            return
        time.sleep(0.2)
    raise SystemExit(f"stack: {what} did not start on port {port}")


def psql(env, sql):
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    subprocess.run(
        [
            f"{pg_bin}/psql",
            "-h",
            "127.0.0.1",
            "-p",
            env["PG_PORT"],
            "-U",
            "postgres",
            "-v",
            "ON_ERROR_STOP=0",
            "-qc",
            sql,
        ],
        check=False,
        capture_output=True,
    )


def manage(env, *args):
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def make_buckets(env):
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    existing = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
    for name in (env["S3_MEDIA_BUCKET"], env["S3_PRIVATE_BUCKET"]):
        if name not in existing:
            s3.create_bucket(Bucket=name)
    # Anyone may read the media bucket (images, renditions, documents); the
    # private one has no policy: only signed requests reach it.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{env['S3_MEDIA_BUCKET']}/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket=env["S3_MEDIA_BUCKET"], Policy=json.dumps(public_read))


def start_services(env, running):
    """Start PostgreSQL, Redis and S3 into `running`, wait for them, prepare the data.

    The S3 server keeps its objects in memory, so every start begins afresh:
    the database goes with the files it points to.
    """
    stack_dir = Path(env["STACK_DIR"])
    busy = [key for key in ports() if port_open(env[key])]
    if busy:
        raise SystemExit(
            f"stack: port(s) {', '.join(env[key] for key in busy)} already in use: "
            "is another stack running? (STACK_PORT=… moves them all)"
        )
    shutil.rmtree(stack_dir, ignore_errors=True)
    (stack_dir / "mail").mkdir(parents=True, exist_ok=True)
    (stack_dir / "pgsock").mkdir(parents=True, exist_ok=True)
    os.chmod(stack_dir / "pgsock", 0o777)
    init_postgres(env)
    write_nginx_conf(env)
    for name in SERVICES:
        running[name] = Process(name, env).start()
    wait_for_port(env["PG_PORT"], "PostgreSQL")
    wait_for_port(env["REDIS_PORT"], "Redis")
    wait_for_port(env["S3_PORT"], "the S3 server")
    for _ in range(50):
        ready = subprocess.run(
            ["pg_isready", "-q", "-h", "127.0.0.1", "-p", env["PG_PORT"]]
        )
        if ready.returncode == 0:
            break
        time.sleep(0.2)
    psql(env, "CREATE ROLE cms LOGIN CREATEDB PASSWORD 'cms'")
    psql(env, "CREATE DATABASE cms OWNER cms")
    make_buckets(env)
    # Varnish starts with the application, empty: nothing to purge yet.
    setup = {**env, "HTTP_CACHE_PURGE_URLS": ""}
    manage(setup, "migrate", "--noinput", "-v", "0")
    manage(setup, "collectstatic", "--noinput", "-v", "0")
    manage(setup, "compile_catalogues")
    manage(setup, "load_demo", "--allow-demo-accounts", "-v", "0")


def start_application(env, running):
    for name in APPLICATION:
        running[name] = Process(name, env).start()
    wait_for_port(env["APP1_PORT"], "app server 1")
    wait_for_port(env["APP2_PORT"], "app server 2")
    wait_for_port(env["STACK_PORT"], "the balancer")
    wait_for_port(env["CACHE_PORT"], "the HTTP cache")
    wait_until_ready(env)
    return running


def answer(env, port, path, timeout=30):
    """The status of a GET of `path` on `port`, for the club's host name."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": f"club.localhost:{env['STACK_PORT']}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


READY_PATHS = ["/", "/graphql/?query=%7B__typename%7D", "/healthz/"]


def wait_until_ready(env, timeout=180):
    """Return once each app server, the balancer and Varnish answer every READY_PATHS.

    Each app server is asked several times: each of its gunicorn workers compiles
    templates and fills its memos on its first requests, which must not be the
    first visitor's.
    """
    targets = [env["APP1_PORT"], env["APP2_PORT"]] * 3
    targets += [env["STACK_PORT"], env["CACHE_PORT"]]
    deadline = time.monotonic() + timeout
    for port in targets:
        for path in READY_PATHS:
            while (status := answer(env, port, path)) != 200:
                if time.monotonic() > deadline:
                    raise SystemExit(f"stack: {path} on port {port} answers {status}")
                time.sleep(0.5)


def stop_all(running):
    """Stop in STOP_ORDER: the cache and balancer, apps, workers, then the stores."""
    if isinstance(running, Processes):
        running.stop_all()
        return
    for name in [name for name in STOP_ORDER if name in running]:
        running[name].stop()


def ctl(args):
    """`python -m deploy.stack ctl status|start NAME|stop NAME`, as systemctl."""
    stack_dir = environment()["STACK_DIR"]
    command, name = (args + [None, None])[:2]
    try:
        answer = control(stack_dir, command or "status", name)
    except OSError:
        raise SystemExit(f"stack: no stack running in {stack_dir}") from None
    if "error" in answer:
        raise SystemExit(f"stack: {answer['error']}")
    for process, state in answer.items():
        print(
            f"{process:9} {state['state']:10} pid {state['pid']}  "
            f"restarts {state['restarts']}"
        )


def main():
    if "--env" in sys.argv:
        for key, value in environment().items():
            print(f"export {key}={value}")
        return
    if sys.argv[1:2] == ["ctl"]:
        ctl(sys.argv[2:])
        return
    env = environment()
    running = Processes()

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        start_services(env, running)
        start_application(env, running)
        running.supervise(Path(env["STACK_DIR"]) / "control.sock")
        print(
            f"\nstack ready:\n"
            f"  HTTP cache    http://127.0.0.1:{env['CACHE_PORT']}/ (Varnish)\n"
            f"  balancer      http://127.0.0.1:{env['STACK_PORT']}/ "
            f"(club.localhost, req.localhost, regies.localhost)\n"
            f"  app servers   http://127.0.0.1:{env['APP1_PORT']}/ "
            f"http://127.0.0.1:{env['APP2_PORT']}/\n"
            f"  admin         http://127.0.0.1:{env['STACK_PORT']}/admin/\n"
            f"  PostgreSQL    {env['DATABASE_URL']}\n"
            f"  Redis         {env['REDIS_URL']}\n"
            f"  S3            {env['S3_ENDPOINT_URL']} "
            f"(buckets {env['S3_MEDIA_BUCKET']}, {env['S3_PRIVATE_BUCKET']})\n"
            f"  mail          {env['EMAIL_FILE_PATH']}\n"
            f"  logs          {env['STACK_DIR']}/<process>.log\n"
            f"A process that dies is restarted (python -m deploy.stack ctl status); "
            f"Ctrl-C stops everything.",
            flush=True,
        )
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stop_all(running)
        print("stack: stopped", flush=True)


if __name__ == "__main__":
    main()
