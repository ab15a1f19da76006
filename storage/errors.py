"""Errors the storage layer raises, with messages fit for staff."""


class NotFound(LookupError):
    """No such record (or not visible to the asker)."""


class Conflict(RuntimeError):
    """Someone else changed the record first."""
