"""Stage 6b: amounts stated in the running text, checked against the tables (kind `narrative`)."""
from __future__ import annotations

from .model import DocumentContent, Finding, Proposal, Table


def check(document: str, doc: DocumentContent, tables: list[Table], proposals: list[Proposal],
          lang: str = "da") -> list[Finding]:
    return []
