"""Terms of sale: the model terms every store completes and publishes as numbered, immutable versions
[CP-TERMS]."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.checkout.helpers import new_key
from tests.dashboard.conftest import make_member
from tests.factories import make_merchant, publish_terms
from tijara.checkout.services import checkout_confirm, checkout_prepare
from tijara.legal import selectors, services
from tijara.legal.models import PART_NAMES, TermsVersion, TermsVersionChangeRefused
from tijara.merchants.models import Role
from tijara.merchants.permissions import PermissionRefused

pytestmark = pytest.mark.django_db


def full_parts(**overrides) -> dict[str, str]:
    values = {f"{name}_{lang}": f"{name} {lang}" for name in PART_NAMES for lang in ("fr", "ar")}
    return values | overrides


@pytest.fixture
def store():
    return make_merchant(name="Atlas Miel", slug="atlas-miel", terms=False)


def test_publishing_is_refused_while_a_part_is_missing_in_arabic(store):
    """Arabic is required: a part left empty in Arabic blocks publishing, and nothing is saved [CP-TERMS]."""
    membership = _membership(store, Role.OWNER)
    with pytest.raises(services.TermsError) as refused:
        services.terms_publish(merchant=store, membership=membership, values=full_parts(warranties_ar=" "))
    assert refused.value.field == "warranties_ar"
    assert "« Garanties et service après-vente » (Arabe)" in refused.value.message  # said in the user's language
    assert selectors.terms_current(store.pk) is None
    assert not TermsVersion.objects.filter(merchant=store).exists()


def _membership(merchant, role):
    from tijara.merchants.models import MerchantMembership

    user = make_member(merchant, role, email=f"{role}-{merchant.pk}@example.ma")
    return MerchantMembership.objects.get(user=user)


def test_published_text_covers_every_item_the_law_lists_in_both_languages(store):
    """The generated terms state order steps, input errors, languages, archiving, delivery (30 days), withdrawal
    (7 days, 30 without confirmation, exceptions), warranties, complaints and the consumer's court [CP-TERMS]."""
    version = publish_terms(store)
    fr, ar = version.text_fr, version.text_ar
    for heading in ["Étapes de la commande", "corriger les erreurs de saisie", "Langues du contrat",
                    "Archivage du contrat", "Livraison", "Droit de rétractation", "Garanties", "Réclamations",
                    "Droit applicable"]:
        assert heading in fr, heading
    assert "30 jours à compter du lendemain de la commande" in fr
    assert "7 jours" in fr and "porté à 30 jours" in fr and "art. 38" in fr
    assert "tribunal de son domicile" in fr and "art. 202" in fr
    assert store.legal_name in fr and store.ice in fr and store.if_number in fr  # the seller's identity
    assert store.email in fr  # the complaints address from the model
    for heading in ["مراحل الطلب", "أخطاء الإدخال", "لغات العقد", "حفظ العقد", "التسليم", "حق التراجع",
                    "الضمانات", "الشكايات", "القانون المطبق"]:
        assert heading in ar, heading
    assert "7 أيام" in ar and "30 يوما" in ar and "محكمة موطنه" in ar
    assert version.text_en and "Article 7 — Right of withdrawal" in version.text_en  # the model also has English


def test_a_clause_giving_one_court_exclusive_jurisdiction_is_refused(store):
    """No exclusive-jurisdiction clause: the consumer keeps their court (law 31-08 art. 202) [CP-TERMS]."""
    membership = _membership(store, Role.OWNER)
    for field, text in [("applicable_law_fr", "Le tribunal de commerce de Casablanca est seul compétent."),
                        ("applicable_law_ar", "تكون المحكمة التجارية بالدار البيضاء وحدها المختصة."),
                        ("applicable_law_en", "The courts of Casablanca have exclusive jurisdiction.")]:
        with pytest.raises(services.TermsError) as refused:
            services.terms_draft_save(merchant=store, membership=membership, values={field: text})
        assert refused.value.field == field
    assert selectors.terms_draft(store.pk) is None or not selectors.terms_draft(store.pk).applicable_law_fr


def test_versions_are_numbered_hashed_and_never_change(store):
    """Publishing again makes version 2; version 1 keeps its text and its SHA-256 [CP-TERMS]."""
    first = publish_terms(store)
    second = publish_terms(store, warranties_fr="Garantie commerciale de 2 ans sur les pots.")
    assert (first.number, second.number) == (1, 2)
    assert selectors.terms_current(store.pk).number == 2
    assert "Garantie commerciale de 2 ans" in second.text_fr
    old = selectors.terms_version(store.pk, 1)
    assert "Garantie commerciale de 2 ans" not in old.text_fr
    assert old.sha256_fr == hashlib.sha256(old.text_fr.encode()).hexdigest()
    assert old.sha256_ar == hashlib.sha256(old.text_ar.encode()).hexdigest()
    assert old.sha256_fr != second.sha256_fr
    old.text_fr = "changed"
    with pytest.raises(TermsVersionChangeRefused):
        old.save()
    with pytest.raises(TermsVersionChangeRefused):
        old.delete()
    assert selectors.terms_version(store.pk, 1).sha256_fr == first.sha256_fr


def test_only_the_owner_and_managers_edit_the_terms(store):
    """Staff members cannot change the contract buyers accept; nothing changes when refused [CP-TERMS]."""
    staff = _membership(store, Role.STAFF)
    with pytest.raises(PermissionRefused):
        services.terms_publish(merchant=store, membership=staff, values=full_parts())
    with pytest.raises(PermissionRefused):
        services.terms_draft_save(merchant=store, membership=staff, values=full_parts())
    other = make_merchant(name="Autre", slug="autre", terms=False)
    with pytest.raises(PermissionRefused):
        services.terms_publish(merchant=store, membership=None, values=full_parts())
    with pytest.raises(PermissionRefused):  # the owner of another store
        services.terms_publish(merchant=store, membership=_membership(other, Role.OWNER), values=full_parts())
    assert selectors.terms_draft(store.pk) is None and selectors.terms_current(store.pk) is None
    manager = _membership(store, Role.MANAGER)
    version = services.terms_publish(merchant=store, membership=manager, values=full_parts())
    assert version.number == 1 and version.part("order_steps", "ar") == "order_steps ar"
    assert selectors.terms_current(other.pk) is None


def test_an_order_keeps_its_version_after_a_new_one_is_published(filled_cart, shop):
    """Each order records the version in force when placed; publishing later does not move it [CP-TERMS]."""
    publish_terms(shop["argan"])  # Argania is at version 2, Zellige at version 1
    recap = checkout_prepare(cart=filled_cart)
    orders = checkout_confirm(cart=filled_cart, idempotency_key=new_key(), fingerprint=recap.fingerprint)
    placed = {o.merchant_id: o.terms_version for o in orders}
    assert placed == {shop["argan"].pk: 2, shop["zellige"].pk: 1}
    publish_terms(shop["argan"], delivery_fr="Livraison en 48 heures à Casablanca.")
    for order in orders:
        order.refresh_from_db()
    assert {o.merchant_id: o.terms_version for o in orders} == placed
    assert selectors.terms_current(shop["argan"].pk).number == 3


def test_current_versions_of_many_stores_cost_one_query(shop):
    """orders_place reads every store's version in one query, whatever the number of stores [CP-TERMS]."""
    third = make_merchant(name="Sans CGV", slug="sans-cgv", terms=False)
    with CaptureQueriesContext(connection) as queries:
        numbers = selectors.terms_current_numbers([shop["argan"].pk, shop["zellige"].pk, third.pk])
    assert len(queries) == 1
    assert numbers == {shop["argan"].pk: 1, shop["zellige"].pk: 1}


def test_seeded_validated_stores_have_published_terms():
    """The demo's validated stores sell under published terms in both languages; pending ones have none
    [CP-TERMS]."""
    from tijara.catalog.seed import seed
    from tijara.merchants.models import Merchant, MerchantStatus

    seed(seed=5, products=40)
    validated = list(Merchant.objects.filter(status=MerchantStatus.VALIDATED).values_list("pk", flat=True))
    numbers = selectors.terms_current_numbers(validated)
    assert numbers == {pk: 1 for pk in validated}
    pending = Merchant.objects.filter(status=MerchantStatus.PENDING).values_list("pk", flat=True)
    assert selectors.terms_current_numbers(pending) == {}
    version = selectors.terms_current(validated[0])
    assert version.text_ar and version.text_fr
