"""Test data for groups and councillors working together: a ward with councillors and a shared draft."""

from grants import services
from tests.factories import OrganisationFactory, StrandFactory, draft
from tests.grants.councillor_factories import Ward


class SharedDraft:
    """A Longview ward (three councillors) and a group's environmental draft, shared with them."""

    def __init__(self, *, share=True, name="Longview"):
        self.ward = Ward(name=name)
        self.strand = self.ward.strand
        self.organisation = OrganisationFactory(ward=self.ward.ward)
        self.application = draft(strand=self.strand, organisation=self.organisation, amount="2000.00")
        self.member = self.application.applicant
        self.councillors = self.ward.councillors
        if share:
            services.draft_share(application=self.application, actor=self.member)


__all__ = ["SharedDraft", "StrandFactory"]
