"""The Danish and the English catalogues (`pipeline/text/da.py`, `en.py`) say the same things:
every catalogue `text/messages.py` picks from has the same keys in both languages, and each
sentence takes the same facts ({placeholders}), so a run in either language can write it."""
from __future__ import annotations

import string

import pytest

from pipeline.text import messages

PER_LANGUAGE = sorted(name for name, value in vars(messages).items()
                      if isinstance(value, dict) and set(value) == set(messages.LANGUAGES))


def _fields(value: object) -> object:
    """The placeholders of a sentence; a list's entries as they are (header rows)."""
    if isinstance(value, str):
        return sorted({name for _, name, _, _ in string.Formatter().parse(value) if name is not None})
    if isinstance(value, list):
        return len(value)
    return value


def test_the_reports_and_the_email_take_their_words_from_the_catalogues():
    for name in ("MAIL", "MAIL_CSV_HEAD", "REPORT_HTML", "WORKBOOK", "WORKBOOK_HEADS", "VALIDATION_PAGE",
                 "VALIDATION_HEAD"):
        assert name in PER_LANGUAGE


@pytest.mark.parametrize("name", PER_LANGUAGE)
def test_both_languages_have_the_same_keys_and_placeholders(name):
    da, en = getattr(messages, name)["da"], getattr(messages, name)["en"]
    if isinstance(da, list):
        assert len(da) == len(en)
        return
    assert set(da) == set(en)
    for key in da:
        assert _fields(da[key]) == _fields(en[key]), (name, key)
