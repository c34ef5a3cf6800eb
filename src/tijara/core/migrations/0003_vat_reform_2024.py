"""VAT classes of the goods and services the 2024 finance law (loi 55-23, BO 7259 bis) moves [TAX-VAT-RATES].

Rates by class and starting date, frozen here (later laws add rows in new migrations, never edit these):
- water, sanitation and water meter rental: 7 % (CGI art. 99) -> 8 % in 2024 -> 9 % in 2025 -> 10 % in 2026;
- electricity; transport of passengers and goods: 14 % -> 16 % in 2024 -> 18 % in 2025 -> 20 % in 2026;
- medicines, school supplies, canned sardines, milk powder, household soap (7 %) and butter (14 %): exempt
  from 1 January 2024.
Source: the finance bill 2024's presentation note as reported by the press (le360, L'Opinion, La Vie éco).
The rows before 2024 start on 2011-01-01 like the rest of the table.
"""

from django.db import migrations, models

LF_2024 = "LF 2024 (loi 55-23, BO 7259 bis), CGI art. 247-XXXVII (transitional rates)"
EXEMPTION_2024 = "LF 2024 (loi 55-23, BO 7259 bis), CGI art. 91 (exonéré)"
RATES = [
    # (class, valid from, rate, exempt, legal basis)
    ("water", "2011-01-01", "7.00", False, "CGI art. 99"),
    ("water", "2024-01-01", "8.00", False, LF_2024),
    ("water", "2025-01-01", "9.00", False, LF_2024),
    ("water", "2026-01-01", "10.00", False, "CGI art. 99 as amended by LF 2024"),
    ("electricity", "2011-01-01", "14.00", False, "CGI art. 99"),
    ("electricity", "2024-01-01", "16.00", False, LF_2024),
    ("electricity", "2025-01-01", "18.00", False, LF_2024),
    ("electricity", "2026-01-01", "20.00", False, "CGI art. 98 as amended by LF 2024"),
    ("transport", "2011-01-01", "14.00", False, "CGI art. 99"),
    ("transport", "2024-01-01", "16.00", False, LF_2024),
    ("transport", "2025-01-01", "18.00", False, LF_2024),
    ("transport", "2026-01-01", "20.00", False, "CGI art. 98 as amended by LF 2024"),
    ("medicines", "2011-01-01", "7.00", False, "CGI art. 99"),
    ("medicines", "2024-01-01", "0.00", True, EXEMPTION_2024),
    ("school_supplies", "2011-01-01", "7.00", False, "CGI art. 99"),
    ("school_supplies", "2024-01-01", "0.00", True, EXEMPTION_2024),
    ("butter", "2011-01-01", "14.00", False, "CGI art. 99"),
    ("butter", "2024-01-01", "0.00", True, EXEMPTION_2024),
    ("sardine_cans", "2011-01-01", "7.00", False, "CGI art. 99"),
    ("sardine_cans", "2024-01-01", "0.00", True, EXEMPTION_2024),
    ("milk_powder", "2011-01-01", "7.00", False, "CGI art. 99"),
    ("milk_powder", "2024-01-01", "0.00", True, EXEMPTION_2024),
    ("household_soap", "2011-01-01", "7.00", False, "CGI art. 99"),
    ("household_soap", "2024-01-01", "0.00", True, EXEMPTION_2024),
]


def load(apps, schema_editor):
    VatRate = apps.get_model("core", "VatRate")  # noqa: N806
    VatRate.objects.bulk_create(
        [VatRate(vat_class=c, valid_from=d, rate=r, exempt=e, legal_basis=b) for c, d, r, e, b in RATES],
        ignore_conflicts=True,  # a row already there (same class and date) is kept as it is
    )


def unload(apps, schema_editor):
    VatRate = apps.get_model("core", "VatRate")  # noqa: N806
    VatRate.objects.filter(vat_class__in={row[0] for row in RATES}).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_reference_data'),
    ]

    operations = [
        migrations.AlterField(
            model_name='vatrate',
            name='vat_class',
            field=models.CharField(choices=[('standard', 'Standard rate'), ('reduced_14', 'Reduced rate (14 %)'), ('reduced_10', 'Reduced rate (10 %)'), ('reduced_7', 'Reduced rate (7 %)'), ('zero', 'Zero rate'), ('exempt', 'Exempt'), ('water', 'Water, sanitation and water meter rental'), ('electricity', 'Electricity'), ('transport', 'Transport of passengers and goods'), ('medicines', 'Medicines'), ('school_supplies', 'School supplies'), ('butter', 'Butter'), ('sardine_cans', 'Canned sardines'), ('milk_powder', 'Milk powder'), ('household_soap', 'Household soap')], max_length=20),
        ),
        migrations.RunPython(load, unload),
    ]
