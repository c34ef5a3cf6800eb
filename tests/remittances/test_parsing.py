"""Reading carriers' remittance files: French or English headers, CSV or XLSX, amounts as carriers write them;
an unknown or missing column refuses the file whole, an unreadable cell flags its row [COD-REMIT-PREVIEW]."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from tijara.remittances.parsing import RemittanceFileError, parse_amount, read_remittance


@pytest.mark.parametrize(("text", "amount"), [
    ("240", Decimal("240.00")), ("240,5", Decimal("240.50")), ("1 234,50", Decimal("1234.50")),
    ("1,234.50", Decimal("1234.50")), ("1.234,50", Decimal("1234.50")), ("99.90 MAD", Decimal("99.90")),
    ("120 DH", Decimal("120.00")), (45.5, Decimal("45.50")),
    ("-10", None), ("douze", None), ("", None), ("1.234", None), ("12.345,678", None), ("NaN", None),
    ("1e5", None), (0.001, None), ("99999999999", None),
])
def test_amounts_as_carriers_write_them(text, amount):
    assert parse_amount(text) == amount


def test_a_french_csv_with_semicolons():
    data = "N° de suivi;Montant encaissé;Frais;Date de versement\nAM1;240,00;25;31/03/2026\n\nAM2;abc;25;31/03/2026\n"
    rows = read_remittance(name="remise.csv", data=data.encode())
    assert [(r.line, r.reference, r.amount, r.fee, r.paid_on, r.problem) for r in rows] == [
        (2, "AM1", Decimal("240.00"), Decimal("25.00"), dt.date(2026, 3, 31), ""),
        (4, "AM2", None, Decimal("25.00"), dt.date(2026, 3, 31), "amount"),  # line numbers keep the blank line
    ]


def test_an_xlsx_with_an_order_number_column_and_no_fee():
    book = Workbook()
    sheet = book.active
    sheet.append(["Commande", "Montant", "Date"])
    sheet.append(["ARG-000001", 240.5, dt.datetime(2026, 3, 31)])
    buffer = io.BytesIO()
    book.save(buffer)
    [row] = read_remittance(name="remise.xlsx", data=buffer.getvalue())
    assert (row.reference, row.amount, row.fee, row.paid_on) == ("ARG-000001", Decimal("240.50"), Decimal("0.00"),
                                                                 dt.date(2026, 3, 31))


@pytest.mark.parametrize(("name", "data", "says"), [
    ("r.csv", "tracking,amount,fees,date,colour\nAM1,1,0,2026-03-31,red\n", "colour"),
    ("r.csv", "tracking,fees,date\nAM1,0,2026-03-31\n", "amount"),
    ("r.csv", "tracking,amount,date\n", "no data rows"),
    ("r.csv", "", "empty"),
    ("r.pdf", "tracking,amount,date\n", ".csv"),
    ("r.xlsx", "not a workbook", "XLSX"),
    ("r.csv", "tracking,amount,date\n\"" + "x" * 200_000 + "\",1,2026-03-31\n", "CSV"),
])
def test_files_that_cannot_be_used_are_refused_whole(name, data, says):
    with translation.override("en"), pytest.raises(RemittanceFileError) as refused:
        read_remittance(name=name, data=data.encode())
    assert says in refused.value.message


def test_a_fee_above_the_amount_flags_the_row():
    [row] = read_remittance(name="r.csv", data=b"tracking,amount,fees,date\nAM1,10,25,2026-03-31\n")
    assert row.problem == "fee_above_amount"
