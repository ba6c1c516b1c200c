"""The reference partner site's operations hold against the published schema.

ariadne-codegen validates every operation of examples/partner-site/queries
against schema.graphql while it generates the typed client: a schema change
that breaks a partner's operation fails here, before a release.
"""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

PARTNER = Path(settings.BASE_DIR) / "examples" / "partner-site"
CODEGEN = PARTNER / ".venv" / "bin" / "ariadne-codegen"


@pytest.fixture
def codegen():
    if not CODEGEN.exists():
        message = "the partner site's environment is missing: run `make install`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    def run(schema_text, target):
        schema = target / "schema.graphql"
        schema.write_text(schema_text, encoding="utf-8")
        config = target / "pyproject.toml"
        config.write_text(
            "[tool.ariadne-codegen]\n"
            f'schema_path = "{schema}"\n'
            f'queries_path = "{PARTNER / "queries"}"\n'
            'target_package_name = "partner_client"\n'
            f'target_package_path = "{target}"\n'
            "async_client = false\n",
            encoding="utf-8",
        )
        return subprocess.run(
            [str(CODEGEN), "--config", str(config)],
            capture_output=True,
            text=True,
            cwd=target,
        )

    return run


def published_schema():
    return (Path(settings.BASE_DIR) / "schema.graphql").read_text(encoding="utf-8")


def test_the_partner_client_is_generated_from_the_published_schema(codegen, tmp_path):
    result = codegen(published_schema(), tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "partner_client" / "client.py").exists()


def test_a_schema_without_a_field_the_partner_uses_fails_the_build(codegen, tmp_path):
    # given a schema change that drops a field the partner site reads
    schema = published_schema()
    broken = schema.replace("  lastPublishedAt: DateTime\n", "")
    assert broken != schema
    # when the partner's client is generated from it
    result = codegen(broken, tmp_path)
    # then the generation fails, naming the field
    assert result.returncode != 0
    assert "lastPublishedAt" in result.stdout + result.stderr
