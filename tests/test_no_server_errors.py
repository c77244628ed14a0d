"""Every URL of the site, as every kind of user, with nonsense ids and parameters, by GET and POST:
none answers with a server error. Bad input gets a plain message or a 404, never a 500."""

import re
import sys
from urllib.parse import quote, unquote

import pytest
from django.apps import apps
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve

from grants.models import Document, Status
from tests.deals.factories import full_deal
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    application_at,
    draft,
    member_of,
)

pytestmark = pytest.mark.django_db

NONSENSE = ["0", "999999999", "abc", "²", "' OR '1'='1"]
QUERIES = ["?next=", "?page=-1", "?page=abc", "?q='", "?o=999", "?next=%C2%B2", "?q=' OR '1'='1"]
ROLES = ["anonymous", "applicant", "other_applicant", "councillor", "officer", "panel", "superuser"]
ADMIN_ROLES = {"anonymous", "officer", "panel", "superuser"}  # the others are sent to sign in, like anonymous
POST_DATA = {
    "next": "",
    "organisation": "²",
    "q": "' OR '1'='1",
    "amount": "999999999999",
    "start_date_0": "1",
    "start_date_1": "1",
    "start_date_2": "999999999999",
    "date_established_0": "1",
    "date_established_1": "1",
    "date_established_2": "999999999999",
    "action": "nonsense",
    "_selected_action": "²",
}


def _routes():
    """(route, name) for every pattern, admin's included, with the route as one string."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name or ""

    return list(walk(get_resolver().url_patterns, ""))


ROUTE = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\((?:\?P<\w+>)?([^)]*)\)")


def _fill(route: str, value_for) -> str:
    """A path for `route` with each parameter given by value_for(name), for both route and regex patterns."""
    if "^" in route or "$" in route:
        counter = iter(range(10))

        def group(match):
            alternatives = match.group(1)
            if "|" in alternatives and "[" not in alternatives:
                return alternatives.split("|")[-1] if value_for("app_label") == "real" else "nonsense"
            return value_for(("object_id", "history_id")[min(next(counter), 1)])

        route = REGEX_GROUP.sub(group, route.replace("^", "").replace("$", "")).replace(".*", "")
        return "/" + route
    return "/" + ROUTE.sub(lambda m: value_for(m.group("name")), route)


def _resolves(path: str) -> bool:
    try:
        resolve(unquote(path))
    except Resolver404:
        return False
    return True


class World:
    def __init__(self):
        self.application = application_at(Status.IN_ASSESSMENT)
        cast = self.application.cast
        self.draft = draft(organisation=self.application.organisation, applicant=self.application.applicant)
        self.document = Document.objects.filter(application=self.draft).first()
        self.line = self.draft.budget_lines.first()
        self.deal = full_deal()
        other = OrganisationFactory()
        superuser = UserFactory(is_staff=True, is_superuser=True)
        self.users = {
            "anonymous": None,
            "applicant": cast.applicant,
            "other_applicant": member_of(other),
            "councillor": cast.councillor,
            "officer": cast.officer,
            "panel": cast.panel,
            "superuser": superuser,
        }

    def real(self, route: str, name: str) -> str:
        """The value a real page would have for parameter `name` of `route`."""
        if route.startswith("admin/"):
            parts = route.split("/")
            if name in ("object_id", "pk", "history_id") and len(parts) > 3 and not parts[2].startswith(("<", "^")):
                try:
                    model = apps.get_model(parts[1], parts[2])
                except (LookupError, ValueError):
                    return "1"
                record = model._default_manager.order_by("pk").first()
                if record is None:
                    return "1"
                if name == "history_id":  # a version of that same record
                    return str(record.history.order_by("history_id").first().history_id)
                return quote(str(record.pk))
            if name == "document_pk":
                return str(self.application.documents.first().pk)
            if name == "fmt":
                return "csv"
            if name == "action":
                return "assess"
            if name == "content_type_id":
                return "1"
            return "real"
        if name == "slug":
            if route.startswith("grants/wards/"):
                return self.application.organisation.ward.slug
            return self.deal.slug if route.startswith("deals/") else self.application.strand.slug
        if name == "reference":  # a grant's public page: this bid is not published, so it answers 404
            return self.application.reference
        if name == "document_pk":
            return str(self.document.pk)
        if name == "line_pk":
            return str(self.line.pk)
        if name == "pk":
            if route.startswith("organisation/"):
                return str(self.application.organisation.pk)
            if route.startswith("documents/"):
                return str(self.document.pk)
            if route.startswith("councillors/"):
                return str(self.application.pk)
            return str(self.draft.pk)
        return "real-looking-token"


def _client(world, role):
    client = Client(raise_request_exception=False)
    if world.users[role]:
        client.force_login(world.users[role])
    return client


def _requests(route: str, world, *, thorough: bool):
    """(method, path) to try for `route`: its real page, every nonsense value, and odd query strings
    (all of them on pages without parameters, the lists and forms; ?next= on the others).
    Admin pages are walked thoroughly by the superuser, who may open them all; officers and the
    panel get the real page, one nonsense id and the query strings, to keep the walk quick."""
    real = _fill(route, lambda param: world.real(route, param))
    nonsense = NONSENSE if thorough else ["abc"]
    paths = dict.fromkeys([real] + [_fill(route, lambda _param, v=value: quote(v, safe="")) for value in nonsense])
    has_parameters = "<" in route or "(" in route
    for path in paths:
        if not _resolves(path):
            continue  # an int converter refused "abc": the resolver's 404, no view runs
        yield "get", path
        if path == real or thorough or not route.startswith("admin/"):
            yield "post", path
    for query in QUERIES if not has_parameters else QUERIES[:1]:
        yield "get", real + query


@pytest.mark.parametrize("role", ROLES)
def test_no_url_gives_a_server_error(role, settings):
    settings.AXES_ENABLED = False  # hundreds of sign-in posts would lock the test client out
    world = World()
    client = _client(world, role)
    errors = []

    def record(sender, request, **kwargs):
        errors.append(f"{request.method} {request.get_full_path()}: {sys.exc_info()[1]!r}")

    got_request_exception.connect(record)
    try:
        for route, name in _routes():
            is_admin = route.startswith("admin/")
            if is_admin and role not in ADMIN_ROLES:
                continue
            if name in ("logout", "sign_out"):
                continue  # signing out would end the role's session for the rest of the walk
            thorough = not is_admin or role == "superuser"
            for method, path in _requests(route, world, thorough=thorough):
                response = getattr(client, method)(path, POST_DATA if method == "post" else None)
                if response.status_code >= 500:
                    errors.append(f"{method.upper()} {path}: {response.status_code}")
    finally:
        got_request_exception.disconnect(record)
    assert not errors, "\n".join(dict.fromkeys(errors))
