"""A published grant's page shows what it achieved once a report is accepted: the measures, people and
volunteers, the story the group agreed to publish, and the photos it agreed to publish, served without
their metadata. Nothing else is shown, and any other photo number answers 404."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from grants.demo_reports import fill_report
from grants.models import Document, OutcomeMeasure, OutcomeTarget
from grants.services import publication, report_answers, reports
from tests.register.factories import published_grant

pytestmark = pytest.mark.django_db


def photo_with_location() -> bytes:
    """A JPEG carrying EXIF metadata (a camera make and a GPS block), as a phone's photo does."""
    image = Image.new("RGB", (40, 30), (20, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (53.0, 24.0, 0.0), 1: "N"}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def grant_with_accepted_report():
    grant = published_grant()
    measure = OutcomeMeasure.objects.filter(strand_kind="environmental").first() or OutcomeMeasure.objects.first()
    OutcomeTarget.objects.create(application=grant, measure=measure, target=50)
    report = reports.make_schedule(grant, actor=grant.cast.officer)[0]
    fill_report(report, grant.applicant)
    shown = report_answers.report_evidence_add(
        report=report,
        actor=grant.applicant,
        uploaded=SimpleUploadedFile("planting.jpg", photo_with_location(), content_type="image/jpeg"),
        caption="Volunteers planting bulbs",
        publish_consent=True,
    )
    private = report_answers.report_evidence_add(
        report=report,
        actor=grant.applicant,
        uploaded=SimpleUploadedFile("faces.jpg", photo_with_location(), content_type="image/jpeg"),
        caption="Children at the event",
        publish_consent=False,
    )
    Document.objects.filter(pk__in=[shown.document_id, private.document_id]).update(
        scan_status=Document.ScanStatus.CLEAN
    )
    return grant, report, measure, shown, private


def test_nothing_about_outcomes_until_a_report_is_accepted(client):
    grant, report, *_ = grant_with_accepted_report()
    page = client.get(f"/grants/{grant.reference}/").content.decode()
    assert "What the project achieved" not in page
    reports.report_send(report=report, actor=grant.applicant)
    page = client.get(f"/grants/{grant.reference}/").content.decode()
    assert "What the project achieved" not in page  # sent is not checked yet


def test_an_accepted_report_shows_the_figures_story_and_consented_photo_only(client):
    grant, report, measure, shown, private = grant_with_accepted_report()
    reports.report_send(report=report, actor=grant.applicant)
    reports.report_accept(report=report, actor=grant.cast.officer)
    page = client.get(f"/grants/{grant.reference}/").content.decode()
    assert "What the project achieved" in page
    assert measure.name in page and ">50<" in page.replace(" ", "")
    assert 'id="outcomes-people">120<' in page
    report.refresh_from_db()
    assert report.story.split()[0] in page
    assert f"/grants/{grant.reference}/photos/{shown.pk}/" in page
    assert f"/photos/{private.pk}/" not in page

    response = client.get(f"/grants/{grant.reference}/photos/{shown.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    served = Image.open(io.BytesIO(response.content))
    assert served.size == (40, 30)
    assert not served.getexif()  # no camera, no GPS: nothing but the picture
    assert client.get(f"/grants/{grant.reference}/photos/{private.pk}/").status_code == 404


def test_photos_of_a_withheld_grant_or_an_unscanned_file_answer_404(client):
    grant, report, measure, shown, private = grant_with_accepted_report()
    reports.report_send(report=report, actor=grant.applicant)
    reports.report_accept(report=report, actor=grant.cast.officer)
    address = f"/grants/{grant.reference}/photos/{shown.pk}/"
    Document.objects.filter(pk=shown.document_id).update(scan_status=Document.ScanStatus.PENDING)
    assert client.get(address).status_code == 404
    Document.objects.filter(pk=shown.document_id).update(scan_status=Document.ScanStatus.CLEAN)
    assert client.get(address).status_code == 200
    publication.grant_withhold(grant, reason="A refuge's work", actor=grant.cast.officer)
    assert client.get(address).status_code == 404
    assert client.get(f"/grants/KBT-ENV-99999/photos/{shown.pk}/").status_code == 404
