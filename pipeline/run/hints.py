"""What a person tells the reader about a document: which pages to read, and the reader's
settings (`pipeline.tables.settings.ReaderSettings`) from a settings file.

A settings file is TOML with the settings to change at its top level or in a `[reader]`
section, by their names in `ReaderSettings` (`pipeline inspect --debug` shows what they do):

    [reader]
    cell_gap = 1.2          # words further apart than this (ems) are in different cells
    indent_step = 0.8

A name that is not a setting, a value of the wrong kind or out of its range is refused with
the setting named (`SettingsError`, exit 2), as the nightly settings are.
"""
from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from pipeline.errors import SettingsError, UsageError
from pipeline.tables.settings import (
    DEFAULT,
    InvalidSetting,
    ReaderSettings,
    UnknownSetting,
    known_settings,
    settings_from,
)

SECTION = "reader"
PAGE_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def reader_settings(values: Mapping[str, Any], where: str = "") -> ReaderSettings:
    """The defaults with `values` changed, each name and value checked (`SettingsError`)."""
    try:
        return settings_from(values)
    except UnknownSetting as exc:
        close = get_close_matches(exc.name, known_settings(), n=3)
        raise SettingsError(key="reader-setting-unknown", setting=exc.name, path=where,
                            known=", ".join(close) or "ReaderSettings") from None
    except InvalidSetting as exc:
        raise SettingsError(key=f"reader-setting-{exc.rule}", setting=exc.name, path=where,
                            value=repr(exc.value)) from None
    except TypeError:  # replace() given something that is not a setting's value at all
        raise SettingsError(key="reader-setting-number", setting="?", path=where, value=repr(values)) from None


def load_settings(path: Path | str | None) -> ReaderSettings:
    """The reader settings of the TOML file `path` (the defaults when `path` is None)."""
    if path is None:
        return DEFAULT
    path = Path(path)
    where = os.fspath(path)
    if not path.is_file():
        raise SettingsError(key="config-missing", path=where)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(key="config-toml", path=where, detail=str(exc)) from None
    if SECTION in data:
        if not isinstance(data[SECTION], dict):
            raise SettingsError(key="config-not-section", section=SECTION, path=where)
        others = sorted(set(data) - {SECTION})
        if others:
            raise SettingsError(key="config-section", section=others[0], path=where, known=SECTION)
        data = data[SECTION]
    return reader_settings(data, where)


def page_selection(pages: str | int | Iterable[int] | None) -> frozenset[int] | None:
    """The pages to read, numbered from 1: `"1-3,7"`, a number, or numbers (None: every page).
    Anything else, a page 0 or a range that runs backwards, is a `UsageError`."""
    if pages is None:
        return None
    if isinstance(pages, bool):
        raise UsageError(key="option-pages", value=repr(pages))
    if isinstance(pages, int):
        pages = [pages]
    chosen: set[int] = set()
    if isinstance(pages, str):
        for part in pages.split(","):
            match = PAGE_RANGE.match(part)
            first, last = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
            if first < 1 or last < first:
                raise UsageError(key="option-pages", value=repr(pages))
            chosen.update(range(first, last + 1))
    else:
        for number in pages:
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                raise UsageError(key="option-pages", value=repr(number))
            chosen.add(number)
    if not chosen:
        raise UsageError(key="option-pages", value=repr(pages))
    return frozenset(chosen)

