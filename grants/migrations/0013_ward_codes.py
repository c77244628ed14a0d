"""Loads the official ONS (GSS) codes of Knowsley's 21 wards of 2015 (the fund's wards) into the wards
that exist, matched by name. From ../shared/wards/knowsley-wards.csv (kept in grants/data/wards/); written
out here so the migration never changes when that file does. Wards made later (seed_demo) take their code
from grants.wards."""

from django.db import migrations

CODES_2015 = {
    "Cherryfield": "E05000865",
    "Halewood North": "E05000866",
    "Halewood South": "E05000867",
    "Halewood West": "E05000868",
    "Kirkby Central": "E05000869",
    "Longview": "E05000870",
    "Northwood": "E05000871",
    "Page Moss": "E05000872",
    "Park": "E05000873",
    "Prescot East": "E05000874",
    "Prescot West": "E05000875",
    "Roby": "E05000876",
    "St Bartholomews": "E05000877",
    "St Gabriels": "E05000878",
    "St Michaels": "E05000879",
    "Shevington": "E05000880",
    "Stockbridge": "E05000881",
    "Swanside": "E05000882",
    "Whiston North": "E05000883",
    "Whiston South": "E05000884",
    "Whitefield": "E05000885",
}


def load_codes(apps, schema_editor):
    Ward = apps.get_model("grants", "Ward")
    for ward in Ward.objects.filter(name__in=CODES_2015, code=""):
        ward.code = CODES_2015[ward.name]
        ward.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("grants", "0012_publication_fields")]

    operations = [migrations.RunPython(load_codes, migrations.RunPython.noop)]
