"""The officers' applications list at 100,000 applications: a page costs about what a small list costs.

- `ListPaginator`: the unfiltered list's count is PostgreSQL's estimate (reading every row to count
  them is most of the page's time), filtered lists count exactly up to the most it lists; the list
  goes at most `MAX_PAGES` deep (filter or search to go further); and a page picks its 50 ids in a
  subquery, walking the index in order, and loads just those rows with their organisations, strands
  and wards, instead of joining every row it skips.
- `search`: the search box's rarest word finds its ids through the trigram indexes; the others are
  checked on those rows.
"""

import itertools

from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal

from ..models import Application, Organisation

MAX_PAGES = 200  # 10,000 applications at 50 a page
ESTIMATE_FROM = 10_000  # below this many rows an exact count is cheap
RAREST_COUNT_CAP = 500
SPLIT_MOST_WORDS = 3  # 2**3 = 8 parts in the union at most


def _search_word(word: str) -> str:
    """A word of the search box as typed: a "quoted phrase" loses its quotes; a stray quote is just a character."""
    if len(word) >= 2 and word[0] in "\"'" and word[-1] == word[0]:
        return unescape_string_literal(word)
    return word.strip("\"'")


def _matches(word: str) -> Q:
    """The word in the reference, the project's name, or its organisation's name or postcode."""
    return (
        Q(reference__icontains=word)
        | Q(title__icontains=word)
        | Q(organisation__name__icontains=word)
        | Q(organisation__postcode__icontains=word)
    )


def _matching_ids(word: str):
    """The ids of the applications the word matches, as a union of two index searches (the application's
    own columns; its organisation's), so PostgreSQL reads the trigram indexes of both tables."""
    own = Application.objects.filter(Q(reference__icontains=word) | Q(title__icontains=word)).order_by().values("pk")
    organisations = Organisation.objects.filter(Q(name__icontains=word) | Q(postcode__icontains=word)).order_by()
    by_organisation = Application.objects.filter(organisation__in=organisations.values("pk")).order_by().values("pk")
    return own.union(by_organisation, all=True)


def _own(words) -> Q:
    """Every one of the words in the application's own reference or name."""
    condition = Q()
    for word in words:
        condition &= Q(reference__icontains=word) | Q(title__icontains=word)
    return condition


def _organisations(words):
    """The organisations whose name or postcode holds every one of the words."""
    condition = Q()
    for word in words:
        condition &= Q(name__icontains=word) | Q(postcode__icontains=word)
    return Organisation.objects.filter(condition).order_by().values("pk")


def _split_ids(words):
    """The ids of the applications every word matches, as a union over which words match the
    application's own columns and which its organisation's: for two words, both in its own, both in
    its organisation's, or one each way. Each part asks for every word at once, so a common word
    ("L37") met with a rare one ("3F") reads only the rows holding both, through the indexes."""
    parts = []
    for sides in itertools.product((True, False), repeat=len(words)):
        own = [word for word, mine in zip(words, sides, strict=True) if mine]
        theirs = [word for word, mine in zip(words, sides, strict=True) if not mine]
        part = Application.objects.filter(_own(own)) if own else Application.objects.all()
        if theirs:
            part = part.filter(organisation__in=_organisations(theirs))
        parts.append(part.order_by().values("pk"))
    return parts[0].union(*parts[1:])


def search(queryset, term: str):
    """Each word must match the reference, the project's name, or its organisation's name or postcode.

    - One word: its matches through the trigram indexes; a common word ("brook", a fifth of all
      bids) is checked on the rows as the list walks them newest first, which finds a page sooner.
    - Two or three words: every way of the words splitting between the application's own columns and
      its organisation's, each looked up with all its words at once (`_split_ids`).
    - More: the rarest word picks the candidates through the indexes; the other words are checked on
      those rows only.
    """
    words = [word for word in (_search_word(w) for w in smart_split(term)) if word]
    if not words:
        return queryset
    if len(words) == 1:
        (word,) = words
        if len(word) < 3 or _matching_ids(word)[:RAREST_COUNT_CAP].count() >= RAREST_COUNT_CAP:
            return queryset.filter(_matches(word))
        return queryset.filter(pk__in=_matching_ids(word))
    if len(words) <= SPLIT_MOST_WORDS:
        return queryset.filter(pk__in=_split_ids(words))
    candidates = {word: _matching_ids(word) for word in words}
    # How many rows each word finds, counting no further than RAREST_COUNT_CAP (a common word stops early).
    # Words under three letters have no trigrams to look up: they are checked on the rows, never picked.
    searchable = [word for word in words if len(word) >= 3] or words
    rarest = min(searchable, key=lambda word: candidates[word][:RAREST_COUNT_CAP].count())
    queryset = queryset.filter(pk__in=candidates[rarest])
    for word in words:
        if word != rarest:
            queryset = queryset.filter(_matches(word))
    return queryset


def estimated_count(queryset) -> int | None:
    """PostgreSQL's planner estimate of the rows `queryset` returns (from the table's statistics), or None."""
    if connection.vendor != "postgresql":
        return None
    if queryset.query.combinator is None:
        queryset = queryset.values("pk").order_by()
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class ListPaginator(Paginator):
    """See the module's docstring. `estimate` is set for the unfiltered list."""

    def __init__(self, *args, estimate: bool = False, load=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.estimate = estimate
        # load(ids): the page's rows, given their ids, when the list wants only what it shows.
        self.load = load
        self.estimated = False

    @cached_property
    def count(self) -> int:
        if self.estimate:
            guess = estimated_count(self.object_list)
            if guess is not None and guess >= ESTIMATE_FROM:
                self.estimated = True
                return guess
        # Past the last page listed the exact number changes nothing: count no further than that.
        return self.object_list.order_by()[: MAX_PAGES * self.per_page + 1].count()

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)

    @property
    def capped(self) -> bool:
        return self.count > MAX_PAGES * self.per_page

    @property
    def most_listed(self) -> int:
        return MAX_PAGES * self.per_page

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
        listed = self.object_list
        if self.load is not None:
            # The ids first, then their rows by id with their related rows loaded apart: a join of six
            # tables costs PostgreSQL more to plan (about 5 ms) than six lookups by key cost to run.
            rows = self.load(list(ids.values_list("pk", flat=True))).order_by(*listed.query.order_by)
            return Page(rows, number, self)
        # The same rows, joins, prefetches and order, without the filters again: the ids say which.
        rows = listed.model._default_manager.filter(pk__in=ids)
        rows.query.select_related = listed.query.select_related
        rows = rows.prefetch_related(*listed._prefetch_related_lookups).order_by(*listed.query.order_by)
        return Page(rows, number, self)


class LoadedChangeList(ChangeList):
    """A changelist whose rows always come through the admin's `list_rows(ids)` (only what the list
    shows, related rows by key): on a single page and "show all" too, where Django would list its
    queryset directly, so the page runs the same queries however many rows there are."""

    def get_results(self, request):
        super().get_results(request)
        if not ((self.show_all and self.can_show_all) or not self.multi_page):
            return  # the paginator's page came through list_rows already
        ids = list(self.queryset.values_list("pk", flat=True)[: self.list_max_show_all])
        self.result_list = self.model_admin.list_rows(ids).order_by(*self.queryset.query.order_by)
