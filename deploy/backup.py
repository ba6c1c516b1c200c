"""Back up and restore the database and both buckets; the restore drill uses it.

    python -m deploy.backup save DIR      # pg_dump + every object of both buckets
    python -m deploy.backup restore DIR   # the database and the objects as saved

It reads the same environment as the app (`DATABASE_URL`, `S3_*`, `AWS_*`).
After a restore, cached answers are emptied (the response cache's generation
and the HTTP caches in front), so nobody is served what the restore undid.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parent.parent


def buckets():
    names = [os.environ["S3_MEDIA_BUCKET"], os.environ["S3_PRIVATE_BUCKET"]]
    # restricted documents, when a deployment gives them a bucket of their own
    restricted = os.environ.get("S3_RESTRICTED_MEDIA_BUCKET")
    if restricted and restricted not in names:
        names.append(restricted)
    return names


def s3():
    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("S3_REGION", "us-east-1"),
    )


def pg_tool(name):
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(found[-1]) if found else name


def save(folder):
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            f"--file={folder / 'database.dump'}",
            os.environ["DATABASE_URL"],
        ],
        check=True,
    )
    client = s3()
    count = 0
    for bucket in buckets():
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                target = folder / "buckets" / bucket / item["Key"]
                target.parent.mkdir(parents=True, exist_ok=True)
                client.download_file(bucket, item["Key"], str(target))
                count += 1
    print(f"saved the database and {count} object(s) to {folder}")


RESTORE_ATTEMPTS = 3


def restore(folder):
    command = [
        pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        f"--dbname={os.environ['DATABASE_URL']}",
        str(folder / "database.dump"),
    ]
    for attempt in range(1, RESTORE_ATTEMPTS + 1):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode == 0:
            break
        sys.stderr.write(done.stderr)
        # The restore drops and creates every table in one transaction while
        # the app servers and workers still query them: PostgreSQL may end it
        # as a deadlock. It is then rolled back whole, so trying again is safe;
        # any other failure stops here.
        if "deadlock detected" not in done.stderr or attempt == RESTORE_ATTEMPTS:
            raise SystemExit(f"pg_restore failed (exit {done.returncode})")
        time.sleep(2)
    client = s3()
    count = 0
    for bucket in buckets():
        saved = folder / "buckets" / bucket
        keep = set()
        for path in sorted(p for p in saved.rglob("*") if p.is_file()):
            key = path.relative_to(saved).as_posix()
            client.upload_file(str(path), bucket, key)
            keep.add(key)
            count += 1
        # What was written after the backup is not part of the restored state.
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                if item["Key"] not in keep:
                    client.delete_object(Bucket=bucket, Key=item["Key"])
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from graphql_api.caching.answers import empty; empty()",
        ],
        cwd=ROOT,
        check=True,
    )
    print(f"restored the database and {count} object(s) from {folder}")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("save", "restore"):
        raise SystemExit("usage: python -m deploy.backup save|restore DIR")
    {"save": save, "restore": restore}[sys.argv[1]](Path(sys.argv[2]))


if __name__ == "__main__":
    main()
