"""The officers' applications list at 100,000 applications: a page costs about what a small list costs.

- `ListPaginator`: the unfiltered list's count is PostgreSQL's estimate (reading every row to count
  them is most of the page's time), filtered lists count exactly; the list goes at most `MAX_PAGES`
  deep (filter or search to go further); and a page picks its 50 ids in a subquery, walking the index
  in order, and loads just those rows with their organisations, strands and wards, instead of joining
  every row it skips.
- `search`: each word of the search box as a union of ids found through the trigram indexes.
"""

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal

from ..models import Application, Organisation

MAX_PAGES = 200  # 10,000 applications at 50 a page
ESTIMATE_FROM = 10_000  # below this many rows an exact count is cheap


def _search_word(word: str) -> str:
    """A word of the search box as typed: a "quoted phrase" loses its quotes; a stray quote is just a character."""
    if len(word) >= 2 and word[0] in "\"'" and word[-1] == word[0]:
        return unescape_string_literal(word)
    return word.strip("\"'")


def search(queryset, term: str):
    """Each word must match the reference, the project's name, or its organisation's name or postcode.
    Each word is a union of two index searches (the application's own columns; its organisation's),
    so PostgreSQL reads the trigram indexes of both tables rather than scanning either."""
    for word in smart_split(term):
        word = _search_word(word)
        if not word:
            continue
        own = Application.objects.filter(Q(reference__icontains=word) | Q(title__icontains=word)).values("pk")
        organisations = Organisation.objects.filter(Q(name__icontains=word) | Q(postcode__icontains=word))
        by_organisation = Application.objects.filter(organisation__in=organisations.values("pk")).values("pk")
        queryset = queryset.filter(pk__in=own.union(by_organisation, all=True))
    return queryset


def estimated_count(queryset) -> int | None:
    """PostgreSQL's planner estimate of the rows `queryset` returns (from the table's statistics), or None."""
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.values("pk").order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class ListPaginator(Paginator):
    """See the module's docstring. `estimate` is set for the unfiltered list."""

    def __init__(self, *args, estimate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.estimate = estimate
        self.estimated = False

    @cached_property
    def count(self) -> int:
        if self.estimate:
            guess = estimated_count(self.object_list)
            if guess is not None and guess >= ESTIMATE_FROM:
                self.estimated = True
                return guess
        return super().count

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)

    @property
    def capped(self) -> bool:
        return self.count > MAX_PAGES * self.per_page

    def validate_number(self, number):
        number = self._validate_number_type(number)
        return min(max(number, 1), self.num_pages)

    def _validate_number_type(self, number):
        try:
            return int(number)
        except (TypeError, ValueError):
            return 1

    def page(self, number):
        # The page's ids in a subquery that walks the index and stops; the outer query joins only those.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.object_list.values("pk")[bottom : bottom + self.per_page]
        return Page(self.object_list.filter(pk__in=ids), number, self)
