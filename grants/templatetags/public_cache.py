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
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        address = context["request"].get_full_path()
        if len(address) > LONGEST_ADDRESS:
            return self.nodelist.render(context)
        where = hashlib.blake2b(address.encode(), digest_size=12).hexdigest()
        return cached(f"public:{self.name}:{where}", lambda: self.nodelist.render(context))


@register.tag
def public_cache(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("public_cache takes one name")
    nodelist = parser.parse(("endpublic_cache",))
    parser.delete_first_token()
    return PublicCacheNode(bits[1].strip("\"'"), nodelist)
