"""Reminders for every app: the registry of kinds, working days, the sweep that claims what is due, the send
that writes each claimed reminder's email to the outbox, their Celery tasks, and the admin pages.

Apps plug their kinds in from `<app>/reminders.py` (grants, deals). The timings and the claims are the
models `grants.models.ReminderRule` and `grants.models.SentReminder`, which stay in grants with their
migrations; they ask for the kinds through this app's config, so no model imports the registry.
"""
