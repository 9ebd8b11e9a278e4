"""Typed errors and the documented exit codes of the `pipeline` command (codes and keys: the
sentences that explain them are `pipeline.text`).

Every error class carries its exit code (`exit_code`), so there is one path from an
exception to the code the command returns (`pipeline.cli.main`): a `PipelineError`
prints one clear line and returns its code; anything else is a bug, printed as one line
(the traceback with `-v`) and returned as `INTERNAL`.

A document that cannot be read raises an `InputError` subclass; its `code` is the
`error` column of documents.csv (see CONTRACT.md).  The batch catches it, records one
`error` row and goes on with the next document.
"""
from __future__ import annotations

from enum import IntEnum
from typing import Any

from pipeline.model import ErrorCode


class ExitCode(IntEnum):
    OK = 0  # every document read, every total agrees
    FINDINGS = 1  # every document read, at least one is flagged
    USAGE = 2  # bad command line, input folder, output folder or settings (argparse's own code)
    UNREADABLE = 3  # at least one document could not be read (takes precedence over FINDINGS)
    INTERNAL = 4  # a bug: please report it
    INVALID = 5  # the extracted data failed validation (takes precedence over 1 and 3)
    UNDELIVERED = 6  # nightly: the report did not reach every recipient (takes precedence over 1, 3 and 5)
    BUSY = 7  # nightly: another nightly run holds the lock
    ENVIRONMENT = 8  # the output folder or the state could not be written or read (permissions, disk full, damage)
    INTERRUPTED = 130  # stopped by Ctrl-C (SIGINT), as a shell counts it (128 + 2)


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose.  Its message is one line for the
    terminal; `exit_code` is what the command returns.

    An error raised with a `key` (and its facts as keyword arguments) is a fact, like a
    note: this module holds no sentences.  `pipeline.text.messages.error_of(error, lang)`
    writes its sentence in a language (the command prints that, the API raises it in
    English); `str(error)` is the key and its facts, for a traceback."""

    exit_code = ExitCode.INTERNAL

    def __init__(self, message: str = "", *, key: str = "", **params: Any) -> None:
        if key and not message:
            message = key + "".join(f" {name}={value!r}" for name, value in params.items())
        super().__init__(message)
        self.key, self.params = key, params


class UsageError(PipelineError):
    """Bad command line, input folder, output folder or settings file."""

    exit_code = ExitCode.USAGE


class SettingsError(UsageError):
    """A settings file or variable that is unknown, of the wrong type or contradictory."""


class InputMissing(UsageError):
    """A file or folder given to the run does not exist."""


class EmptyInput(UsageError):
    """The input folder holds no PDF (an empty or unmounted folder): not "all fine"."""


class OutputFolderError(UsageError):
    """The output folder is not the run's own: it holds input PDFs or files the run did not write."""


class EnvironmentFailure(PipelineError):
    """The machine failed the run: an output that cannot be written (read-only folder,
    disk full), a damaged state database."""

    exit_code = ExitCode.ENVIRONMENT


class Busy(PipelineError):
    """Another nightly run holds the lock."""

    exit_code = ExitCode.BUSY


class InputError(PipelineError):
    """A document that cannot be read.  `code` is the contract's error code.  Never reaches
    the command: the batch turns it into the document's `error` row."""

    code = ErrorCode.CORRUPT
    exit_code = ExitCode.UNREADABLE

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EmptyFile(InputError):
    code = ErrorCode.EMPTY


class NotPdf(InputError):
    code = ErrorCode.NOT_PDF


class CorruptPdf(InputError):
    code = ErrorCode.CORRUPT


class EncryptedPdf(InputError):
    code = ErrorCode.ENCRYPTED


class NoTextLayer(InputError):
    code = ErrorCode.NO_TEXT_LAYER


class TooLarge(InputError):
    code = ErrorCode.TOO_LARGE


# Errors that depend on the run's settings (time and memory limits), not on the file alone:
# never cached as a file's result, so a run with other limits reads the file again.
SETTINGS_DEPENDENT = frozenset({ErrorCode.TIMEOUT, ErrorCode.TOO_LARGE, ErrorCode.INTERNAL})
