"""Typed errors and the documented exit codes of the `pipeline` command.

A document that cannot be read raises an `InputError` subclass; its `code` is the
`error` column of documents.csv (see CONTRACT.md).  The batch catches it, records one
`error` row and goes on with the next document.
"""
from __future__ import annotations

from enum import IntEnum

from .model import ErrorCode


class ExitCode(IntEnum):
    OK = 0  # every document read, every total agrees
    FINDINGS = 1  # every document read, at least one is flagged
    USAGE = 2  # bad command line or input folder (argparse's own code)
    UNREADABLE = 3  # at least one document could not be read (takes precedence over FINDINGS)
    INTERNAL = 4  # a bug: please report it
    INVALID = 5  # the extracted data failed validation (takes precedence over 1 and 3)
    UNDELIVERED = 6  # nightly: the report could not be delivered; it stays queued for the next run
    BUSY = 7  # nightly: another nightly run holds the lock


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose."""


class UsageError(PipelineError):
    exit_code = ExitCode.USAGE


class InputError(PipelineError):
    """A document that cannot be read.  `code` is the contract's error code."""

    code = ErrorCode.CORRUPT

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


class Timeout(InputError):
    code = ErrorCode.TIMEOUT


class TooLarge(InputError):
    code = ErrorCode.TOO_LARGE


ERROR_CODES = [str(code) for code in ErrorCode]
