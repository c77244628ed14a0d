# Deals, parties, commitments and progress arrive with the Deals issue.
