"""Every collection form carries the privacy notice, versioned, and the version is kept with what was collected
[DP-NOTICE]; marketing boxes are unticked and what the buyer chose enters the ledger [DP-CONSENT]."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_merchant
from tijara.merchants.models import MerchantMembership, Role
from tijara.privacy.models import CollectionRecord, ConsentEvent, ConsentState, NoticeVersion
from tijara.privacy.selectors import notice_current
from tijara.privacy.services import marketing_send_allowed

pytestmark = pytest.mark.django_db


def notice_of(html: str) -> str:
    match = re.search(r'<details class="privacy-notice".*?</details>', html, re.S)
    assert match, "no privacy notice on the form"
    return match.group(0)


def assert_complete(block: str, *, controller: str, receipt: str) -> None:
    for part in ("Responsable du traitement", "Finalités", "Destinataires", "Obligatoire", "Vos droits",
                 "CNDP", controller, receipt, 'name="notice_version"'):
        assert part in block, part


def test_sign_up_forms_carry_the_platform_notice(client, settings):
    for url in (reverse("storefront:signup"), reverse("dashboard:signup"), reverse("storefront:privacy")):
        block = notice_of(client.get(url).content.decode())
        assert_complete(block, controller=settings.TIJARA_CONTROLLER_NAME, receipt=settings.TIJARA_CNDP_RECEIPT)


def test_team_invitation_carries_the_store_notice(client):
    store = make_merchant(name="Argania", slug="argania")
    store.cndp_receipt = "D-GC-123/2025"
    store.save(update_fields=["cndp_receipt"])
    owner = get_user_model().objects.create_user("owner@argania.ma", "x-strong-pass-1")
    MerchantMembership.objects.create(merchant=store, user=owner, role=Role.OWNER)
    client.force_login(owner)
    block = notice_of(client.get(reverse("dashboard:team")).content.decode())
    assert_complete(block, controller=store.legal_name, receipt="D-GC-123/2025")
    client.post(reverse("dashboard:team"), {"email": "new@argania.ma", "role": "staff"})
    invitation = store.invitations.get()
    [record] = CollectionRecord.objects.select_related("notice")
    assert record.reference == f"invitation:{invitation.pk}"  # a reference, never the address itself
    assert record.notice.version == notice_current(store.pk, "invitation").version


def test_the_version_changes_with_the_words_and_each_version_keeps_its_text():
    store = make_merchant(name="Argania", slug="argania")
    first = notice_current(store.pk, "checkout")
    assert notice_current(store.pk, "checkout").version == first.version  # same words, same version
    store.cndp_receipt = "D-GC-999/2026"
    store.save(update_fields=["cndp_receipt"])
    assert notice_current(store.pk, "checkout").version != first.version
    assert notice_current(None, "checkout").version != first.version  # the platform's own notice differs


def test_checkout_records_the_notice_with_each_order_and_the_buyers_choices(client, shop):
    from tests.checkout.test_pages import add, details, recap_form

    add(client, shop["oil"], 1)
    add(client, shop["tile"], 1)
    page = client.get(reverse("storefront:checkout")).content.decode()
    assert page.count('class="privacy-notice"') == 2  # one per store: each is the controller of its buyers
    for name in ("marketing_email", "marketing_sms", "no_similar_offers"):
        assert re.search(rf'name="{name}" value="1">', page), f"{name} must be unticked"
    client.post(reverse("storefront:checkout"), details(shop, marketing_sms="1"))
    recap = client.get(reverse("storefront:checkout_recap"))
    client.post(reverse("storefront:checkout_confirm"), recap_form(recap))
    records = {r.reference: r.notice for r in CollectionRecord.objects.select_related("notice")}
    assert set(records) == {"ARG-000001", "ZEL-000001"}
    argan_version = notice_current(shop["argan"].pk, "checkout").version
    assert records["ARG-000001"].version == argan_version and records["ARG-000001"].content["controller"]["name"] \
        == shop["argan"].legal_name
    assert NoticeVersion.objects.count() == 2
    # SMS ticked: consent; e-mail not ticked and no opt-out: the soft opt-in of past buyers, its own basis
    sms = ConsentEvent.objects.get(merchant=shop["argan"], channel="sms")
    assert (sms.basis, sms.source, sms.notice_version) == ("consent", "checkout", argan_version)
    assert ConsentState.objects.get(merchant=shop["argan"], channel="email").basis == "soft_opt_in"
    assert marketing_send_allowed(merchant_id=shop["argan"].pk, email="salma@example.ma")
    from tijara.dataprotection.export import person_data  # the buyer's copy says which notice they were shown

    shown = {s["key"]: s for s in person_data("salma@example.ma")["sections"]}["notices"]["rows"]
    assert {(r["order"], r["notice_version"]) for r in shown} == {(n, records[n].version) for n in records}


def test_the_opt_out_offered_at_checkout_is_honoured(client, shop):
    from tests.checkout.test_pages import add, details, recap_form

    add(client, shop["oil"], 1)
    client.post(reverse("storefront:checkout"), details(shop, no_similar_offers="1"))
    client.post(reverse("storefront:checkout_confirm"), recap_form(client.get(reverse("storefront:checkout_recap"))))
    assert CollectionRecord.objects.count() == 1
    assert ConsentEvent.objects.count() == 0
    assert not marketing_send_allowed(merchant_id=shop["argan"].pk, email="salma@example.ma")
