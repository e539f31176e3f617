"""The order model: enums and records."""

from .enums import Priority, Status
from .records import Order

__all__ = ["Order", "Priority", "Status"]
