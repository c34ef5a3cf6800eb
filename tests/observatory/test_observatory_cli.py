"""The command line contract operators and scripts rely on."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tijara.observatory.errors import ObservatoryInputError
from tijara.observatory.periods import parse_period


@pytest.mark.parametrize(("code", "months"), [
    ("2017", 12), ("2017-H1", 6), ("2017-H2", 6), ("2017-Q3", 3), ("2017-09M", 9), ("2017-03", 1),
])
def test_period_codes(code, months):
    period = parse_period(code)
    assert period.code == code
    assert len(period.months()) == months
    assert period.previous_year().year == 2016


@pytest.mark.parametrize("code", ["", "17", "2017-H3", "2017-Q5", "2017-13", "2017-00M", "abc"])
def test_bad_period_codes_are_refused_with_the_accepted_forms(code):
    with pytest.raises(ObservatoryInputError, match="YYYY-H1"):
        parse_period(code)


def test_generate_then_report_json(obs_dir, capsys):
    """Generated and reported from the command line, H1 2017 comes back as published [OBS-SERIES]."""
    call_command("observatory", "generate", "--from", "2016", "--to", "2017", "--scale", "0.01", "--seed", "3")
    assert "generated" in capsys.readouterr().out
    call_command("observatory", "report", "--period", "2017-H1", "--json")
    data = json.loads(capsys.readouterr().out, parse_float=Decimal)
    for key in ("operations", "amount_mad", "operations_yoy_pct", "amount_yoy_pct", "active_merchants", "scope",
                "by_card_origin"):
        assert key in data
    # 3.1 M as published: 31,000 generated rows at scale 0.01, each counted 100 times
    assert data["operations"] == 3_100_000 and data["sample_weight"] == 100
    assert data["amount_mad"] == Decimal("1300000000.00")
    assert data["operations_yoy_pct"] == Decimal("81.7")
    assert {row["key"] for row in data["by_card_origin"]} == {"moroccan", "foreign"}
    assert "Card payments" in data["scope"] or "cartes" in data["scope"].lower()


def test_report_table_output(obs_dir, capsys):
    call_command("observatory", "generate", "--from", "2022", "--to", "2022", "--scale", "0.001", "--workers", "1")
    capsys.readouterr()
    call_command("observatory", "report", "--period", "2022-Q4")
    out = capsys.readouterr().out
    assert "2022-Q4" in out and "scope" in out


def test_report_bad_period_is_a_clear_error(obs_dir):
    with pytest.raises(CommandError, match="2017-Q9"):
        call_command("observatory", "report", "--period", "2017-Q9")


def test_generate_refuses_years_before_the_series(obs_dir):
    with pytest.raises(CommandError, match="from"):
        call_command("observatory", "generate", "--from", "2005", "--to", "2006")


def test_generate_twice_replaces_instead_of_doubling(obs_dir, capsys):
    for _ in range(2):
        call_command("observatory", "generate", "--from", "2022", "--to", "2022", "--scale", "0.0005", "--workers", "1")
    capsys.readouterr()
    call_command("observatory", "report", "--period", "2022", "--json")
    # 14,050 rows at 1/2000, each counted 2000 times: the national 28.1 M, not twice it
    assert json.loads(capsys.readouterr().out)["operations"] == 28_100_000


def test_export_open_data(obs_dir, tmp_path, capsys):
    call_command("observatory", "generate", "--from", "2022", "--to", "2022", "--scale", "0.0005", "--workers", "1")
    call_command("observatory", "export", "--out", str(tmp_path / "open"))
    csv_text = (tmp_path / "open" / "observatory-monthly-card.csv").read_text()
    assert csv_text.splitlines()[0] == "month,scope,operations,amount_mad,active_merchants,sample_weight"
    assert len(csv_text.splitlines()) == 13
    assert (tmp_path / "open" / "observatory-monthly-card.parquet").stat().st_size > 0
