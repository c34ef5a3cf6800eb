"""The legal delivery limit (law 31-08, distance selling) [CP-DELIVERY-30]: unless agreed otherwise, an
order is delivered within 30 days counted from the day after the order, whatever a delivery method promises."""

from datetime import date, timedelta

import pytest

from tijara.shipping.rules import MAX_DELIVERY_DAYS, deliver_by

ORDER_DAY = date(2025, 6, 10)


def test_the_latest_legal_day_is_the_day_after_the_order_plus_30_days():
    assert deliver_by(ORDER_DAY, 90) == ORDER_DAY + timedelta(days=1) + timedelta(days=30) == date(2025, 7, 11)
    assert MAX_DELIVERY_DAYS == 31


@pytest.mark.parametrize("days,expected", [
    (0, date(2025, 6, 10)),
    (29, date(2025, 7, 9)),
    (30, date(2025, 7, 10)),
    (31, date(2025, 7, 11)),
    (32, date(2025, 7, 11)),
    (90, date(2025, 7, 11)),
])
def test_a_method_promise_is_kept_up_to_the_limit_and_capped_beyond(days, expected):
    assert deliver_by(ORDER_DAY, days) == expected


@pytest.mark.parametrize("order_day,days,expected", [
    (date(2025, 1, 31), 31, date(2025, 3, 3)),     # across a 28-day February
    (date(2024, 1, 31), 31, date(2024, 3, 2)),     # across a leap-year February
    (date(2025, 4, 30), 1, date(2025, 5, 1)),      # month end
    (date(2025, 12, 31), 1, date(2026, 1, 1)),     # year end
    (date(2025, 12, 15), 90, date(2026, 1, 15)),   # capped across the year end
])
def test_deadline_crosses_month_and_year_ends_by_calendar_days(order_day, days, expected):
    assert deliver_by(order_day, days) == expected


def test_a_negative_promise_is_refused():
    with pytest.raises(ValueError):
        deliver_by(ORDER_DAY, -1)
