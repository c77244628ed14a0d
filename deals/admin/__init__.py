"""Officers keep deals here: a deal with its parties, its commitments (grouped by party) and its
progress updates on one page, and the history of every change.

One module a family of pages (deals, commitments, figures), sharing the inlines; importing them
registers their admin classes."""

from . import commitments, deals, figures  # noqa: F401
