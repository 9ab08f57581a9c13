"""PartnerDesk: MOUs, clauses, funding and stakeholders for crisis-response partnerships."""

__version__ = "0.1.0"
APP_NAME = "PartnerDesk"
