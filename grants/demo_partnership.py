"""Issue 19's demo data for `seed_demo`: drafts groups have shared with their ward councillors, with
comments, answers, support and one declared interest, and councillors' ideas, in several wards. Made
through the real services; running it again changes nothing."""

from grants import services
from grants.demo import _draft  # the demo's complete draft, with its documents and budget
from grants.models import Application, Councillor, CouncillorIdea, Organisation, Priority, Status, Strand, Ward

# (ward, group, draft title, comment, the group's answer or "", support note or None)
SHARED = [
    (
        "Longview",
        "Longview Green Neighbours",
        "Longview Drive verge planting",
        "Could you include bulbs for spring? Residents on Longview Drive asked me about this.",
        "Yes: we have added 500 daffodil bulbs to the budget.",
        "The verges have been bare for years. This will make a real difference.",
    ),
    (
        "Whiston North",
        "Friends of Stadt Moers Park",
        "Stadt Moers Park wildflower meadow",
        "Have you spoken to the park's ranger about mowing times?",
        "",
        None,
    ),
    (
        "Kirkby Central",
        "Kirkby Tidy Streets",
        "Kirkby alleyway gardens",
        "Please check which alleys are gated before you plan the planters.",
        "We walked them all with the residents' association: six are gated, and we have keys for each.",
        "A good group with a strong record of tidy-ups.",
    ),
]
# (ward, title, description, place)
IDEAS = [
    ("Longview", "The verges on Longview Drive need planting",
     "Bare mud every winter; bulbs and wildflowers would brighten the road.", "Longview Drive"),
    ("Longview", "A community noticeboard by the shops",
     "Groups have nowhere to put up posters near the parade.", "Longview Parade"),
    ("Whiston North", "Clear the brook behind the library",
     "Litter collects in the brook after every storm.", "Windy Arbor Brook"),
    ("Kirkby Central", "Planters on Cherryfield Drive",
     "The wide pavements could take planters the school could look after.", "Cherryfield Drive"),
    ("Halewood South", "Benches along the Trans Pennine Trail",
     "Older walkers need somewhere to rest on the long stretch.", "Trans Pennine Trail"),
]  # fmt: skip


def _councillors(ward: Ward) -> list:
    return [c.user for c in Councillor.objects.filter(wards=ward).select_related("user").order_by("user__email")]


def seed_partnership() -> int:
    """Creates what does not exist yet (after grants.demo.seed_grants); returns how many shared drafts
    it made."""
    env = Strand.objects.get(code="ENV")
    priorities = list(Priority.objects.order_by("number"))

    for ward_name, title, description, place in IDEAS:
        ward = Ward.objects.get(name=ward_name)
        if not CouncillorIdea.objects.filter(ward=ward, title=title).exists():
            services.idea_post(
                councillor=_councillors(ward)[0], ward=ward, title=title, description=description, place=place
            )
    created = 0
    round_ = env.rounds.get(name="Round 1")
    for index, (ward_name, group, title, comment, answer, support) in enumerate(SHARED):
        organisation = Organisation.objects.get(name=group)
        if Application.objects.filter(organisation=organisation, title=title).exists():
            continue
        lead = organisation.memberships.select_related("user").order_by("pk").first().user
        application = _draft(env, round_, organisation, lead, title, index + 2, env.minimum_award * 4, priorities)
        assert application.status == Status.DRAFT and application.ward.name == ward_name
        first, second, third = _councillors(application.ward)
        services.draft_share(application=application, actor=lead)
        thread = services.draft_comment_add(application=application, councillor=first, text=comment)
        if answer:
            services.draft_comment_reply(comment=thread, actor=lead, text=answer)
        if support is not None:
            services.draft_support(application=application, councillor=second, note=support)
        if index == 0:
            services.draft_interest_declare(
                application=application, councillor=third, kind="family_or_friend", note="My sister runs the group."
            )
        created += 1
    return created
