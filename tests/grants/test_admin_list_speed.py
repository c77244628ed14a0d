"""The applications list's rows, written straight out for speed (grants/admin/application_rows.py), say
exactly what Django admin's own `items_for_result` would: every cell, every escape, every link with the
list's filters kept (issue 18)."""

import pytest
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.urls import reverse

from grants.admin import application_rows
from grants.admin.applications import ApplicationAdmin
from grants.models import Application, Status
from tests.factories import administrator, application_at, assessed, officer
from tests.grants.test_admin_list import many

pytestmark = pytest.mark.django_db
LIST = reverse("admin:grants_application_changelist")


def djangos_rows(cl) -> list[str]:
    return ["".join(items_for_result(cl, result, None)) for result in cl.result_list]


def ours(cl) -> list[str]:
    return ["".join(row) for row in application_rows.rows(cl)]


@pytest.mark.parametrize(
    "params",
    [{}, {"status__exact": "submitted"}, {"o": "-7"}, {"q": "Bulk"}, {"officer": "me", "o": "3"}],
    ids=["plain", "filtered", "sorted by score", "searched", "mine by organisation"],
)
def test_every_cell_is_what_django_would_write(client, params):
    me = officer(full_name='Sam "Ace" <O\'Neil>')
    many(12, me)
    # Awkward values: markup and quotes in the name, no amount, a score, a decision, a withdrawn draft.
    odd = application_at(Status.IN_ASSESSMENT, title="Bulk <b>bold</b> & \"quoted\" 'project'")
    assessed(odd, odd.cast.officer)
    Application.objects.filter(pk=odd.pk).update(amount_requested=None)
    application_at(Status.APPROVED)
    Application.objects.filter(reference="KBT-BLK-00003").update(title="   ")
    client.force_login(me)
    response = client.get(LIST, params)
    assert response.status_code == 200
    cl = response.context["cl"]
    assert len(cl.result_list) >= 3
    assert ours(cl) == djangos_rows(cl)
    # And it is what the page shows.
    body = response.content.decode()
    for row in ours(cl):
        assert row in body


def test_an_administrator_sees_drafts_written_the_same_way(client):
    application_at(Status.DRAFT, title="Draft <i>not sent</i>")
    client.force_login(administrator())
    response = client.get(LIST, {"status__exact": "draft"})
    cl = response.context["cl"]
    assert [a.status for a in cl.result_list] == [Status.DRAFT]
    assert ours(cl) == djangos_rows(cl)


def test_the_rows_follow_the_list_display():
    assert ApplicationAdmin.list_display == application_rows.COLUMNS
