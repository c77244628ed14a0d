"""{% public_cache "name" %}…{% endpublic_cache %}: a public page's part that is the same for everyone
who asks for the same address, kept under the database's snapshot (kbt/snapshot_cache.py): never
older than the data it shows. The view hands the template its figures lazily (grants.lazy), so a
part served from the cache runs none of the queries behind it.

Only for parts that do not depend on who is looking (no user, no form with a CSRF token, no messages)."""

import hashlib

from django import template

from kbt.snapshot_cache import cached

register = template.Library()
LONGEST_ADDRESS = 500  # past this (nobody's real address), worked out afresh rather than kept


class PublicCacheNode(template.Node):
    def __init__(self, name, nodelist, per_person=False):
        self.name, self.nodelist, self.per_person = name, nodelist, per_person

    def render(self, context):
        request = context["request"]
        address = request.get_full_path()
        if len(address) > LONGEST_ADDRESS:
            return self.nodelist.render(context)
        where = hashlib.blake2b(address.encode(), digest_size=12).hexdigest()
        who = f":{request.user.pk}" if self.per_person else ""
        return cached(f"public:{self.name}{who}:{where}", lambda: self.nodelist.render(context))


@register.tag
def public_cache(parser, token):
    """{% public_cache "name" %}, or {% public_cache "name" per_person %} for a part that differs by
    who is signed in (a councillor's own wards): then kept for that person only."""
    bits = token.split_contents()
    if len(bits) not in (2, 3) or (len(bits) == 3 and bits[2] != "per_person"):
        raise template.TemplateSyntaxError('public_cache takes a name and, optionally, "per_person"')
    nodelist = parser.parse(("endpublic_cache",))
    parser.delete_first_token()
    return PublicCacheNode(bits[1].strip("\"'"), nodelist, per_person=len(bits) == 3)
