import pytest

from tests.factories import make_category, make_merchant, make_product


@pytest.fixture
def shop(db):
    """Two validated stores and a pending one, with products in a small category tree."""
    beauty = make_category("beaute", fr="Beauté", ar="الجمال", en="Beauty")
    oils = make_category("huiles", parent=beauty, fr="Huiles", ar="الزيوت", en="Oils")
    crafts = make_category("artisanat", fr="Artisanat", ar="الصناعة التقليدية", en="Crafts")
    argan = make_merchant(name="Argania", slug="argania", featured=True)
    fes = make_merchant(name="Zellige Fassi", slug="zellige-fassi", sector="crafts", region_code=3)
    pending = make_merchant(name="En Attente", slug="en-attente", status="pending")
    oil = make_product(argan, category=oils, fr="Huile d'argan cosmétique", ar="زيت أركان تجميلي",
                       en="Cosmetic argan oil", prices=("150.00", "280.00"), slug="huile-argan")
    soap = make_product(argan, category=beauty, fr="Savon noir", ar="الصابون البلدي", en="", prices=("35.00",),
                        slug="savon-noir")
    table = make_product(fes, category=crafts, fr="Table en zellige", ar="طاولة من الزليج", en="Zellige table",
                         prices=("2400.00",), slug="table-zellige")
    hidden = make_product(pending, category=oils, fr="Huile d'argan cachée", prices=("99.00",), slug="cachee")
    draft = make_product(argan, category=oils, fr="Huile d'argan brouillon", prices=("99.00",), slug="brouillon",
                         is_published=False)
    return {"argan": argan, "fes": fes, "pending": pending, "oil": oil, "soap": soap, "table": table,
            "hidden": hidden, "draft": draft, "beauty": beauty, "oils": oils}
