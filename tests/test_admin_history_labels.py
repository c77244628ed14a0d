"""The admin's History page (issue 20): labels, not stored codes, and the wide table in a focusable
region that scrolls instead of widening the page."""

import re

import pytest
from django.urls import reverse

from grants.models import Status
from tests.factories import application_at

pytestmark = pytest.mark.django_db


def test_the_history_page_shows_labels_in_a_scrolling_region(client):
    application = application_at(Status.AWAITING_DECISION)
    client.force_login(application.cast.officer)
    response = client.get(reverse("admin:grants_application_history", args=[application.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Awaiting decision" in page
    assert not re.search(r">\s*awaiting_decision\s*<", page) and "&rarr; awaiting_decision" not in page
    assert re.search(r'<div class="kbt-scroll-region" role="region" aria-label="Change history" tabindex="0">', page)
    assert '<th scope="col">Assigned officer</th>' in page
