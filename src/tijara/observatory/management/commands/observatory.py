"""`tijara observatory generate|ingest|report|aggregate|export|bulletin|vacuum` (thin: calls services)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tijara.observatory import publishing, services
from tijara.observatory.errors import IngestionRejected, ObservatoryInputError
from tijara.observatory.periods import parse_period
from tijara.observatory.queries import Filters
from tijara.observatory.reference import METHOD_LABELS, SECTOR_LABELS, regions
from tijara.observatory.store import FactStore


class Command(BaseCommand):
    help = "National e-commerce observatory: generate, ingest and report figures."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="generate calibrated raw transactions")
        gen.add_argument("--from", dest="year_from", type=int, required=True)
        gen.add_argument("--to", dest="year_to", type=int, required=True)
        gen.add_argument("--scale", type=float, default=1.0, help="1.0 = national volume, 0.01 for tests")
        gen.add_argument("--seed", type=int, default=1)
        gen.add_argument("--cards-only", action="store_true", help="only card payments (the CMI scope)")
        gen.add_argument("--workers", type=int, default=None)
        ing = sub.add_parser("ingest", help="ingest a CSV file in the documented schema")
        ing.add_argument("file")
        rep = sub.add_parser("report", help="figures of a period")
        rep.add_argument("--period", required=True, help="2017, 2017-H1, 2017-Q3, 2017-09M or 2017-03")
        rep.add_argument("--json", action="store_true")
        rep.add_argument("--scope", choices=["card", "all"], default="card")
        rep.add_argument("--region", default=None)
        rep.add_argument("--sector", default=None)
        rep.add_argument("--method", default=None)
        rep.add_argument("--source", choices=["auto", "agg", "raw"], default="auto")
        sub.add_parser("aggregate", help="rebuild missing or stale month aggregates")
        sub.add_parser("vacuum", help="delete superseded and uncommitted files")
        exp = sub.add_parser("export", help="write open data (monthly series) as CSV and Parquet")
        exp.add_argument("--out", required=True)
        exp.add_argument("--scope", choices=["card", "all"], default="card")
        bul = sub.add_parser("bulletin", help="printable PDF bulletin for a quarter or a year")
        bul.add_argument("--period", required=True)
        bul.add_argument("--lang", choices=["fr", "ar", "en"], default="fr")
        bul.add_argument("--out", required=True)

    def handle(self, *args, **opts):
        try:
            getattr(self, f"_{opts['action']}")(opts)
        except ObservatoryInputError as exc:
            raise CommandError(exc.message) from None
        except IngestionRejected as exc:
            self.stderr.write(exc.report.as_text())
            raise CommandError("file rejected; the store is unchanged", returncode=2) from None
        except (ValueError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from None

    # ---- actions --------------------------------------------------------------------------------------
    def _generate(self, opts):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        months = (opts["year_to"] - opts["year_from"] + 1) * 12
        started = time.perf_counter()
        with Progress(TextColumn("generate {task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[rows]:,} rows"), TimeElapsedColumn(),
                      console=_console(self.stderr)) as bar:
            task = bar.add_task("", total=months, rows=0)
            result = services.generate(
                year_from=opts["year_from"], year_to=opts["year_to"], scale=opts["scale"], seed=opts["seed"],
                cards_only=opts["cards_only"], workers=opts["workers"],
                progress=lambda label, rows: bar.update(task, advance=1, description=label, rows=rows))
        elapsed = time.perf_counter() - started
        self.stdout.write(f"generated {result['rows']:,} rows over {result['months']} months in {elapsed:.1f} s "
                          f"({result['rows'] / max(elapsed, 1e-9):,.0f} rows/s) into {FactStore().root}")

    def _ingest(self, opts):
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        started = time.perf_counter()
        with Progress(TextColumn(f"ingest {path.name}"), BarColumn(), DownloadColumn(), TimeElapsedColumn(),
                      console=_console(self.stderr)) as bar:
            task = bar.add_task("", total=path.stat().st_size)
            result = services.ingest_csv(path, progress=lambda done, total: bar.update(task, completed=done))
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{path.name}: {result.rows_read:,} rows read, {result.rows_added:,} added, "
            f"{result.rows_replaced:,} replaced, {result.rows_unchanged:,} already stored "
            f"({result.rows_read / max(elapsed, 1e-9):,.0f} rows/s)")

    def _report(self, opts):
        period = parse_period(opts["period"])
        filters = Filters.parse(opts["region"], opts["sector"], opts["method"])
        report = publishing.period_report(period, scope=opts["scope"], filters=filters, source=opts["source"])
        if opts["json"]:
            self.stdout.write(publishing.to_json(report))
            return
        _print_report(report, _console(self.stdout))

    def _aggregate(self, opts):
        built = FactStore().refresh_aggregates()
        self.stdout.write(f"{built} aggregate file(s) built (months, quarters, years)")

    def _vacuum(self, opts):
        self.stdout.write(f"{FactStore().vacuum()} file(s) removed")

    def _export(self, opts):
        out = Path(opts["out"])
        out.mkdir(parents=True, exist_ok=True)
        rows = publishing.open_data_rows(scope=opts["scope"])
        (out / f"observatory-monthly-{opts['scope']}.csv").write_text(publishing.open_data_csv(rows), "utf-8")
        (out / f"observatory-monthly-{opts['scope']}.parquet").write_bytes(publishing.open_data_parquet(rows))
        self.stdout.write(f"{len(rows)} months written to {out}")

    def _bulletin(self, opts):
        from django.utils import translation

        from tijara.observatory.bulletin import bulletin_pdf

        period = parse_period(opts["period"])
        with translation.override(opts["lang"]):
            data = bulletin_pdf(period, lang=opts["lang"])
        Path(opts["out"]).write_bytes(data)
        self.stdout.write(f"bulletin {period.code} ({opts['lang']}) written to {opts['out']}")


def _console(stream):
    from rich.console import Console

    return Console(file=stream if hasattr(stream, "write") else sys.stdout, highlight=False)


def _fmt(value) -> str:
    if value is None:
        return "–"
    if value == publishing.SUPPRESSED:
        return "s"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,}" if not isinstance(value, str) else value


def _print_report(r: dict, console) -> None:
    from rich.table import Table

    head = Table(title=f"Observatory — {r['period']} ({r['period_start']} … {r['period_end']})", show_header=True)
    head.add_column("figure")
    head.add_column("value", justify="right")
    head.add_column("year on year", justify="right")
    head.add_row("operations", _fmt(r["operations"]), _pct(r["operations_yoy_pct"]))
    head.add_row("amount (MAD)", _fmt(r["amount_mad"]), _pct(r["amount_yoy_pct"]))
    head.add_row("active e-merchants", _fmt(r["active_merchants"]), "")
    head.add_row("new / cumulative validated e-merchants", f"{r['new_merchants']:,} / {r['validated_merchants']:,}", "")
    head.add_row("average basket (MAD)", _fmt(r["average_basket_mad"]), "")
    head.add_row("refund rate (%)", _fmt(r["refund_rate_pct"]), "")
    head.add_row("cross-border share (%)", _fmt(r["cross_border_share_pct"]), "")
    console.print(head)
    labels = {"by_card_origin": {"moroccan": "Moroccan cards", "foreign": "Foreign cards"},
              "by_payment_method": {k: str(v) for k, v in METHOD_LABELS.items()},
              "by_sector": {k: str(v) for k, v in SECTOR_LABELS.items()},
              "by_merchant_region": {str(k): v.name_fr for k, v in regions().items()},
              "by_buyer_region": {**{str(k): v.name_fr for k, v in regions().items()}, "abroad": "abroad"}}
    for name in ("by_card_origin", "by_payment_method", "by_merchant_region", "by_buyer_region", "by_sector"):
        t = Table(title=name.replace("_", " "))
        for col in ("key", "operations", "% ops", "amount (MAD)", "% amount", "merchants"):
            t.add_column(col, justify="left" if col == "key" else "right")
        for row in r[name]:
            t.add_row(labels.get(name, {}).get(row["key"], row["key"]), _fmt(row["operations"]),
                      _fmt(row["share_operations_pct"]), _fmt(row["amount_mad"]), _fmt(row["share_amount_pct"]),
                      _fmt(row["merchants"]))
        console.print(t)
    console.print(f"scope: {r['scope']}")
    console.print(f"secrecy: {r.get('suppressed_cells', 0)} cell(s) suppressed (s); source: {r['source']}")


def _pct(value) -> str:
    if value is None:
        return "–"
    if value == publishing.SUPPRESSED:
        return "s"
    arrow = "▲" if value > 0 else ("▼" if value < 0 else "=")
    return f"{arrow} {value:+}%"
