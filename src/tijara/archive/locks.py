"""Row locks of the archive: the heads of the merchants' chains, always in primary-key order."""

from collections.abc import Iterable

from tijara.archive.models import ArchiveHead


def heads_for_update(merchant_ids: Iterable[int]) -> list[ArchiveHead]:
    return list(ArchiveHead.objects.select_for_update().filter(merchant_id__in=set(merchant_ids)).order_by("pk"))
