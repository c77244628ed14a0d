"""Moved to kbt/reminders/services.py; this name stays only for `grants.services`' re-exports until they go."""

from kbt.reminders.services import reminder_retry, reminder_send, reminders_queue, reminders_sweep

__all__ = ["reminder_retry", "reminder_send", "reminders_queue", "reminders_sweep"]
