"""Vectorised checks of incoming fact rows (CSV files and tijara's own payments), in DuckDB SQL.

Input: a stream of Arrow record batches with the 14 schema columns as text plus ``line`` (the line
in the file, or the record number). Output: a temp table ``checked`` holding typed values and, per
row, the list of problems ``errors`` (column, message, value). Field rules run first; rules across
fields only when every field of the row is valid. The messages are the ones people see in the
rejection report.
"""

from __future__ import annotations

import duckdb

from .reference import METHODS, SECTORS, STATUSES
from .validation import RESERVED_PLATFORMS

LOCAL_TZ = "Africa/Casablanca"


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _err(column: str, message: str, value: str | None = None) -> str:
    message = message.replace("'", "''")
    return f"{{'c': '{column}', 'm': '{message}', 'v': {value or column}}}"


FIELD_RULES = [
    ("NOT regexp_full_match(transaction_id, '[A-Za-z0-9_.:/-]{1,64}')",
     _err("transaction_id", "must be 1-64 characters among letters, digits and _ . : / -")),
    ("ts_v IS NULL", _err("ts", "not an ISO 8601 date-time (e.g. 2023-05-14T21:04:00+01:00)")),
    ("NOT regexp_full_match(reporting_platform, '[a-z0-9][a-z0-9_-]{1,31}')",
     _err("reporting_platform", "must be 2-32 characters among lower-case letters, digits, _ and -")),
    ("NOT $allow_reserved AND reporting_platform IN " + _in(sorted(RESERVED_PLATFORMS)),
     _err("reporting_platform", "this platform code is reserved")),
    ("NOT regexp_full_match(merchant_ref, '[A-Za-z0-9_.:-]{1,64}')",
     _err("merchant_id", "must be a pseudonym of 1-64 characters among letters, digits and _ . : -", "merchant_ref")),
    ("regexp_full_match(merchant_ref, '\\+?[0-9]{9,15}')",
     _err("merchant_id", "looks like a phone number: send a pseudonym, never personal data", "merchant_ref")),
    ("mregion_v IS NULL", _err("merchant_region", "unknown region: use a code from 1 to 12")),
    (f"merchant_sector NOT IN {_in(SECTORS)}",
     _err("merchant_sector", f"unknown sector: use one of {', '.join(SECTORS)}")),
    ("valid_v IS NULL", _err("merchant_validated_on", "not an ISO date (YYYY-MM-DD)")),
    ("starts_with(amount_mad, '-') OR (amount_v IS NOT NULL AND amount_v <= 0)",
     _err("amount_mad", "amount must be positive (a refund is reported with status=refunded, not a negative amount)")),
    ("NOT starts_with(amount_mad, '-') AND regexp_full_match(amount_mad, '[0-9]+\\.[0-9]{3,}')",
     _err("amount_mad", "at most 2 decimal places")),
    ("regexp_full_match(amount_mad, '[0-9]{17,}(\\.[0-9]{0,2})?')", _err("amount_mad", "amount too large")),
    ("amount_v IS NULL AND NOT starts_with(amount_mad, '-') AND NOT regexp_full_match(amount_mad, "
     "'[0-9]+\\.[0-9]{3,}|[0-9]{17,}(\\.[0-9]{0,2})?')",
     _err("amount_mad", "not a decimal number (use a dot: 1234.50)")),
    ("NOT regexp_full_match(original_currency, '[A-Z]{3}')",
     _err("original_currency", "must be an ISO 4217 code such as MAD or EUR")),
    (f"payment_method NOT IN {_in(METHODS)}",
     _err("payment_method", f"unknown payment method: use one of {', '.join(METHODS)}")),
    (f"status NOT IN {_in(STATUSES)}", _err("status", f"unknown status: use one of {', '.join(STATUSES)}")),
    ("NOT regexp_full_match(buyer_country, '[A-Z]{2}')",
     _err("buyer_country", "must be an ISO 3166 alpha-2 code such as MA or FR")),
    ("buyer_region <> '' AND bregion_v IS NULL",
     _err("buyer_region", "unknown region: use a code from 1 to 12, or leave empty for buyers abroad")),
    ("cross_border NOT IN ('true', 'false', '1', '0')", _err("cross_border", "must be true or false")),
]

CROSS_RULES = [
    ("year(ts_v) < 2000 OR ts_v > $now + INTERVAL 1 DAY", _err("ts", "date out of range (before 2000 or in the future)")),
    ("valid_v > ts_v::DATE", _err("merchant_validated_on", "merchant validated after the transaction")),
    ("buyer_country <> 'MA' AND bregion_v IS NOT NULL", _err("buyer_region", "must be empty for a buyer abroad")),
    ("buyer_country = 'MA' AND bregion_v IS NULL", _err("buyer_region", "required for a buyer in Morocco (code 1-12)")),
    ("(cross_border IN ('true', '1')) <> (buyer_country <> 'MA')",
     _err("cross_border", "must be true exactly when buyer_country is not MA")),
]

TEXT_COLUMNS = ["transaction_id", "ts", "reporting_platform", "merchant_id", "merchant_region", "merchant_sector",
                "merchant_validated_on", "amount_mad", "original_currency", "payment_method", "status",
                "buyer_country", "buyer_region", "cross_border"]


def _cases(rules) -> str:
    return ", ".join(f"CASE WHEN {cond} THEN {err} END" for cond, err in rules)


CHECK_SQL = f"""
CREATE TEMP TABLE checked AS
WITH r AS (
  SELECT line::BIGINT AS line, trim(transaction_id) AS transaction_id, trim(ts) AS ts,
         trim(reporting_platform) AS reporting_platform, trim(merchant_id) AS merchant_ref,
         trim(merchant_region) AS merchant_region, trim(merchant_sector) AS merchant_sector,
         trim(merchant_validated_on) AS merchant_validated_on, trim(amount_mad) AS amount_mad,
         trim(original_currency) AS original_currency, trim(payment_method) AS payment_method,
         trim(status) AS status, trim(buyer_country) AS buyer_country, trim(buyer_region) AS buyer_region,
         lower(trim(cross_border)) AS cross_border
  FROM src),
t AS (
  SELECT r.*,
    timezone('{LOCAL_TZ}', TRY_CAST(ts AS TIMESTAMPTZ)) AS ts_v,
    CASE WHEN regexp_full_match(merchant_validated_on, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}')
         THEN TRY_CAST(merchant_validated_on AS DATE) END AS valid_v,
    CASE WHEN regexp_full_match(amount_mad, '[0-9]{{1,16}}(\\.[0-9]{{1,2}})?')
         THEN CAST(amount_mad AS DECIMAL(18,2)) END AS amount_v,
    CASE WHEN regexp_full_match(merchant_region, '1[0-2]|[1-9]') THEN CAST(merchant_region AS TINYINT) END AS mregion_v,
    CASE WHEN regexp_full_match(buyer_region, '1[0-2]|[1-9]') THEN CAST(buyer_region AS TINYINT) END AS bregion_v
  FROM r),
e AS (SELECT t.*, list_filter([{_cases(FIELD_RULES)}], lambda x: x IS NOT NULL) AS field_errors FROM t)
SELECT e.*, CASE WHEN len(field_errors) > 0 THEN field_errors
                 ELSE list_filter([{_cases(CROSS_RULES)}], lambda x: x IS NOT NULL) END AS errors
FROM e
"""


def run_checks(con: duckdb.DuckDBPyConnection, *, allow_reserved: bool, now) -> None:
    """Create ``checked`` from the registered relation ``src``; add in-file duplicate ids."""
    con.execute("SET TimeZone = 'Africa/Casablanca'")
    con.execute(CHECK_SQL, {"allow_reserved": allow_reserved, "now": now})
    con.execute("""
        CREATE TEMP TABLE duplicates AS
        SELECT line, transaction_id, first_line FROM (
            SELECT line, transaction_id, min(line) OVER (PARTITION BY transaction_id) AS first_line
            FROM checked WHERE len(errors) = 0)
        WHERE line > first_line""")
