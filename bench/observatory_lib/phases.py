"""One benchmark phase per process, so each phase's peak memory is its own. Prints one JSON line."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tijara.config.settings")
django.setup()

from tijara.observatory.generator import generate  # noqa: E402
from tijara.observatory.periods import parse_period  # noqa: E402
from tijara.observatory.publishing import period_report  # noqa: E402
from tijara.observatory.store import FactStore  # noqa: E402


def peak_mb() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own), "peak_child_rss_mb": round(children)}


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def main() -> None:
    phase, root = sys.argv[1], Path(sys.argv[2])
    args = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    store = FactStore(root)
    out: dict = {"phase": phase}
    if phase == "generate":
        t = time.perf_counter()
        res = generate(store=store, year_from=args["from"], year_to=args["to"], scale=args["scale"], seed=1,
                       workers=args["workers"], aggregate=False)
        out.update(rows=res["rows"], seconds=time.perf_counter() - t)
    elif phase == "aggregate":
        t = time.perf_counter()
        out.update(months=store.refresh_aggregates(), seconds=time.perf_counter() - t)
    elif phase == "report":
        out["page_cache_dropped"] = drop_page_cache() if args.get("drop_cache") else False
        times = []
        for _ in range(args.get("repeat", 1)):
            t = time.perf_counter()
            rep = period_report(parse_period(args["period"]), scope=args.get("scope", "all"), store=store,
                                source=args["source"])
            times.append(time.perf_counter() - t)
        out.update(seconds=times, operations=rep["operations"], amount_mad=str(rep["amount_mad"]),
                   operations_yoy_pct=str(rep["operations_yoy_pct"]), amount_yoy_pct=str(rep["amount_yoy_pct"]),
                   active_merchants=rep["active_merchants"], source=rep["source"])
    elif phase == "floor":
        import duckdb

        out["page_cache_dropped"] = drop_page_cache() if args.get("drop_cache", True) else False
        files = store.snapshot().fact_files(parse_period(args["period"]).months())
        con = duckdb.connect(config={"threads": 2})
        times = []
        for _ in range(2):
            t = time.perf_counter()
            con.execute("SELECT count(*), sum(amount_mad) FROM read_parquet(?)", [files]).fetchall()
            times.append(time.perf_counter() - t)
        out.update(seconds=times)
    elif phase == "pandas":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import pandas_report

        period = parse_period(args["period"])
        snap = store.snapshot()
        t = time.perf_counter()
        rep = pandas_report.report(snap.fact_files(period.months()), snap.fact_files(period.previous_year().months()))
        # The report counts each generated row 1/scale times (the sampling weight); the baseline counts rows.
        weights = {snap.month_weights().get(m, 1) for m in period.months()}
        if len(weights) != 1:
            raise SystemExit(f"the pandas baseline needs one sampling weight for {args['period']}, found {weights}")
        out.update(seconds=time.perf_counter() - t, operations=rep["operations"] * weights.pop(),
                   active_merchants=rep["active_merchants"], operations_yoy_pct=rep["operations_yoy_pct"])
    elif phase == "make_csv":
        import duckdb

        snap = store.snapshot()
        files = snap.fact_files([args["month"]])
        duckdb.connect().execute(f"""
            COPY (SELECT 'bench-' || transaction_id AS transaction_id, strftime(ts, '%Y-%m-%dT%H:%M:%S') AS ts,
                         'bench-platform' AS reporting_platform, 'p' || (merchant_id % 100000)::VARCHAR AS merchant_id,
                         merchant_region, merchant_sector, merchant_validated_on, amount_mad, original_currency,
                         payment_method, status, buyer_country, buyer_region, cross_border
                  FROM read_parquet(?) LIMIT {int(args['rows'])})
            TO '{args['csv']}' (HEADER, DELIMITER ',')""", [files])
        out.update(bytes=Path(args["csv"]).stat().st_size)
    elif phase == "ingest":
        from tijara.observatory.services import ingest_csv

        t = time.perf_counter()
        res = ingest_csv(args["csv"], store=store)
        out.update(seconds=time.perf_counter() - t, rows=res.rows_read, added=res.rows_added,
                   unchanged=res.rows_unchanged)
    else:
        raise SystemExit(f"unknown phase {phase}")
    out.update(peak_mb())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
