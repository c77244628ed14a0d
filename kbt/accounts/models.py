from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

OFFICER_GROUP = "Officer"
PANEL_GROUP = "Decision panel"
# The only people who change roles: staff groups, councillors and memberships (see kbt/accounts/roles.py).
ADMINISTRATOR_GROUP = "Administrators"
# Build, approve (never one's own) and pay payment runs (grants/services/payment_runs.py).
FINANCE_GROUP = "Finance"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Email addresses are matched without regard to case: "Jo@Example.org" signs in as jo@example.org.
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address: applicant, officer, panel member or councillor."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150, blank=True)
    is_staff = models.BooleanField(
        "officers' site access", default=False, help_text="Can sign in to the officers' site (Django admin)."
    )
    is_active = models.BooleanField("active", default=True)
    email_verified = models.BooleanField("email address confirmed", default=False)
    date_joined = models.DateTimeField("date joined", default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "user"
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def _in_group(self, name: str) -> bool:
        # Cached per instance: the workflow asks several times in one request.
        cache = self.__dict__.setdefault("_group_names", None)
        if cache is None:
            cache = set(self.groups.values_list("name", flat=True)) if self.pk else set()
            self.__dict__["_group_names"] = cache
        return name in cache

    @property
    def is_officer(self) -> bool:
        return self.is_active and self._in_group(OFFICER_GROUP)

    @property
    def is_finance(self) -> bool:
        return self.is_active and self._in_group(FINANCE_GROUP)

    @property
    def is_panel_member(self) -> bool:
        return self.is_active and self._in_group(PANEL_GROUP)

    @property
    def is_administrator(self) -> bool:
        """In the Administrators group. A superuser counts too: it is the break-glass account made with
        `createsuperuser` on the server, never in the officers' site, and every look it takes at a draft
        is audited the same way."""
        return self.is_active and (self.is_superuser or self._in_group(ADMINISTRATOR_GROUP))
