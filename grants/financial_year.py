"""The council's financial year: it starts on 1 April. A year is named by the calendar year it starts
in (2026 is April 2026 to March 2027) and labelled "2026/27"."""

from datetime import date

FIRST_MONTH = 4  # April


def financial_year_of(day: date) -> int:
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def financial_year_span(year: int) -> str:
    return f"April {year} to March {year + 1}"
