"""Step-by-step forms over chat; the application intake (申请公开) is the one flow so far."""

from .flow import EXPIRED, answer, start
from .store import drop, load, settle

__all__ = ["EXPIRED", "answer", "drop", "load", "settle", "start"]
