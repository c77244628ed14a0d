"""Reads that several pages share, shaped so each page does a fixed number of queries; one module per
audience: public, budget (the officers' budget panel), councillors."""
