"""Site-wide response headers that Django does not set itself."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Switches off browser features no page uses (camera, microphone, location, payment...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
