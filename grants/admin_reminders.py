"""Moved to kbt/reminders/admin.py (Reminder timings, Reminders sent), which Django's admin finds itself.
Empty until grants/admin.py stops importing it."""
