"""
Where a secret could be left behind after an Airflow run, read back as text for the
secret-leak checks: every row of every table of a PostgreSQL database, every file under
a folder. Callers report only where a token was found (a table, a path, a form), never
the text itself.
"""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import quote

import psycopg2


def token_forms(token: str) -> dict[str, str]:
    """The token as it could appear: verbatim, URL-encoded (a query string), base64 (a Basic header)."""
    return {"verbatim": token, "url-encoded": quote(token, safe=""), "base64": base64.b64encode(token.encode()).decode()}


def leaked_forms(text: str, token: str) -> list[str]:
    found: dict[str, str] = {}
    for name, form in token_forms(token).items():
        # A token of unreserved characters is its own URL encoding: name each text once.
        if form in text and form not in found.values():
            found[name] = form
    return list(found)


def table_rows(url: str) -> dict[str, list[str]]:
    """Every row of every table outside the catalogs, each row as PostgreSQL's text of the record."""
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        )
        tables = [name for (name,) in cur.fetchall()]
        rows: dict[str, list[str]] = {}
        for table in tables:
            # The name comes from the catalog, quoted by quote_ident: an identifier, not a value.
            cur.execute(f"SELECT x::text FROM {table} x")
            rows[table] = [line for (line,) in cur.fetchall()]
        return rows


def folder_files(folder: Path) -> dict[Path, str]:
    """Every file under `folder`, decoded leniently: a log may hold any bytes."""
    return {path: path.read_text(encoding="utf-8", errors="replace") for path in sorted(folder.rglob("*")) if path.is_file()}
