"""The officers' review of applications in Django admin: the list, an application's page, its
assessment, the workflow's actions, exports and the printable page. Every write calls grants.services."""
