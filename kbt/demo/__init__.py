"""The demo for `make run`: `manage.py seed_demo` seeds grants' demo data (grants/demo.py), then deals'
(deals/demo/), and prints the sign-ins last. Here, so grants never imports deals."""

# Every demo account signs in with this password.
DEMO_PASSWORD = "better-together-demo"  # noqa: S105  (a demo, printed for everyone to use)
