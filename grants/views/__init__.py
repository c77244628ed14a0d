"""Pages by audience: public.py (anyone), applicant.py (community groups), councillor.py (ward
councillors). Officers work in Django admin (grants/admin.py)."""
