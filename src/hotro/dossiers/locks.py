"""Taking a dossier's row lock, the one way every write does it."""

from __future__ import annotations

from typing import Any

from hotro.dossiers.models import Dossier


def dossier_lock(**lookup: Any) -> Dossier | None:
    """Lock the dossier's row alone, then read it with what it points to; None when absent.

    A locking query with joins is wrong under READ COMMITTED: a request that waited on the
    lock gets the row as the winner committed it, but the joined rows as re-checked for that
    new version, and a step agency the winner has just set comes back as NULL. The loser then
    acted for the receiving agency (R8 broken by a forward raced by a reject). Once the lock is
    held, a new statement sees the committed state, and nobody changes it until we commit."""
    locked = Dossier.objects.select_for_update().filter(**lookup).values_list("pk", flat=True)
    pk = locked.first()
    if pk is None:
        return None
    return Dossier.objects.select_related("agency", "step_agency", "policy").get(pk=pk)
