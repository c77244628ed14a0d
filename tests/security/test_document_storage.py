"""Documents on the filesystem by default, in a private S3-compatible bucket when one is configured;
never behind a link anyone could use. No network: the storage is made, not used."""

import environ
from django.core.files.storage import FileSystemStorage, storages
from storages.backends.s3 import S3Storage

from kbt.document_storage import document_storage


def _env(**values) -> environ.Env:
    env = environ.Env()
    env.ENVIRON = values
    return env


def test_with_no_bucket_documents_stay_in_the_private_folder(tmp_path):
    config = document_storage(_env(), private_root=str(tmp_path))
    storage = storages.create_storage(config)
    assert isinstance(storage, FileSystemStorage) and storage.location == str(tmp_path)


def test_with_a_bucket_documents_go_to_s3_private_and_unsigned(tmp_path):
    env = _env(
        AWS_STORAGE_BUCKET_NAME="kbt-documents",
        AWS_S3_ENDPOINT_URL="https://objects.example.invalid",
        AWS_S3_REGION_NAME="eu-west-2",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="not-a-real-secret",  # noqa: S106
    )
    storage = storages.create_storage(document_storage(env, private_root=str(tmp_path)))
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "kbt-documents" and storage.endpoint_url == "https://objects.example.invalid"
    assert storage.default_acl == "private" and storage.file_overwrite is False
    assert storage.object_parameters == {"ServerSideEncryption": "AES256"}
    # An object's address carries no signature: on its own it opens nothing in a private bucket.
    url = storage.url("documents/abc.pdf")
    assert url.startswith("https://objects.example.invalid/kbt-documents/documents/abc.pdf")
    assert "Signature" not in url and "X-Amz" not in url and "not-a-real-secret" not in url


def test_the_project_settings_use_the_switch(settings):
    # The tests' own settings (conftest) point at a temporary folder; the project's default is the folder too.
    from kbt import settings as project_settings

    assert project_settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert project_settings.STORAGES["default"]["OPTIONS"]["location"] == str(project_settings.PRIVATE_STORAGE_ROOT)
