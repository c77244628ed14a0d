"""Where uploaded documents are kept: a private folder (the default), or an S3-compatible bucket when
AWS_STORAGE_BUCKET_NAME is set (django-storages). Read by settings; a function so the switch is tested.

Either way documents are served only through the views that check who asks, which stream the file:
objects are private, and the storage makes no signed (query-string) links a page could leak."""

import environ


def document_storage(env: environ.Env, *, private_root: str) -> dict:
    """STORAGES["default"] for the environment `env`."""
    bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": private_root, "base_url": None},
        }
    encryption = env("AWS_S3_SERVER_SIDE_ENCRYPTION", default="AES256")
    options = {
        "bucket_name": bucket,
        # Empty for AWS itself; the address of another S3-compatible store (MinIO, Ceph...).
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env("AWS_S3_REGION_NAME", default="") or None,
        # Keys in the environment, or none to use the machine's role (boto3 finds it).
        "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
        "location": env("AWS_LOCATION", default=""),
        "default_acl": "private",
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"ServerSideEncryption": encryption} if encryption else {},
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
