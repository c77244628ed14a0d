"""Forms, one module per audience: applicant, councillor, officers; fields.py holds the fields they
share. Forms check what a person typed; the rules they call live in grants.services."""
