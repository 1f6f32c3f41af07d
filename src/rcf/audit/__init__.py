"""The audit trail: who did what, to which object, allowed or denied, hash-chained."""
