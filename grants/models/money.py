from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models


class MoneyField(models.DecimalField):
    """Pounds and pence, never a float: up to £9,999,999,999.99."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("validators", [MinValueValidator(Decimal("0.00"))])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, value in (("max_digits", 12), ("decimal_places", 2)):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        kwargs.pop("validators", None)
        return name, path, args, kwargs
