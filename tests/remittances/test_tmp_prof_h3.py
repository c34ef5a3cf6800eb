import time
from tests.remittances.test_large_file import *  # noqa
from tijara.remittances import services, selectors

def test_prof(store_a, carrier_a):
    many_delivered_parcels(store_a, carrier_a, ROWS)
    data = csv_file([(f"AM{i:08d}", "240.00", "25.00", TODAY) for i in range(ROWS)])
    t=time.monotonic()
    b = services.remittance_upload(merchant=store_a, carrier_id=carrier_a.pk, actor=None, name="big.csv", data=data)
    t1=time.monotonic()
    services.remittance_check(batch_id=b.pk)
    t2=time.monotonic()
    b.refresh_from_db()
    selectors.import_preview(store_a, b)
    t3=time.monotonic()
    print(f"\nupload {t1-t:.2f} check {t2-t1:.2f} preview {t3-t2:.2f}")
