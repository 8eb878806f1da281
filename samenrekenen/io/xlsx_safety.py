"""Safety of spreadsheets going out and coming in.

Going out: text from users is written so that no spreadsheet program runs it as a formula
(:func:`neutralise`; :func:`restore` undoes it when such a workbook comes back). Coming in:
:func:`check_workbook_file` refuses an uploaded file before any spreadsheet library opens it —
too large, not an .xlsx at all, an archive bomb, or a workbook with macros.
"""

from __future__ import annotations

import io
import zipfile
import zlib

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""First characters that make a spreadsheet program read a cell's text as a formula (OWASP
CSV/formula injection); a tab or line break before one hides it from a reader."""

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest workbook accepted (20 MB); a filled-in template is a few dozen kilobytes."""

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
"""Largest total of the declared uncompressed sizes of a workbook's parts. The workbook is
opened in full (merged cells are needed), which takes several times this in memory."""

MAX_COMPRESSION_RATIO = 100
"""Largest ratio of uncompressed to compressed size of one part. Worksheet XML compresses
about 10–30 times; archive bombs compress thousands of times."""

RATIO_CHECKED_FROM_BYTES = 1024 * 1024
"""Parts smaller than this (uncompressed) are not held to the ratio: a tiny part of repeated
text compresses extremely well and harms nobody."""

MAX_PARTS = 10_000
"""Largest number of parts in the archive."""

MACRO_CONTENT_TYPE = "macroenabled"
"""Fragment of the content type of a macro-enabled workbook (.xlsm, .xltm), in lower case."""


class UnsafeWorkbookError(ValueError):
    """An uploaded file that is refused before it is opened; the message is Dutch."""


def neutralise(text: str) -> str:
    """Text a user wrote, safe to put in a spreadsheet cell: a leading formula character gets
    an apostrophe in front, so the cell shows the text and never computes it."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def restore(text: str) -> str:
    """The text that :func:`neutralise` made safe, as the user wrote it."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def check_workbook_file(data: bytes) -> None:
    """Refuse a file that must not be opened as a workbook (UnsafeWorkbookError, Dutch).

    In this order: larger than :data:`MAX_FILE_BYTES`; not a zip archive (an .xls, a CSV, a
    password-protected workbook); a zip whose declared sizes or compression ratios betray an
    archive bomb; a workbook with macros (a ``vbaProject.bin`` part or a macro-enabled content
    type). Only the archive's directory and its content-types part are read.
    """
    check_file_size(len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise UnsafeWorkbookError(_NOT_XLSX) from None
    with archive:
        parts = archive.infolist()
        _check_sizes(parts)
        _check_macros(archive, parts)


def check_file_size(size: int) -> None:
    """Refuse a file of ``size`` bytes when it is larger than :data:`MAX_FILE_BYTES`."""
    if size > MAX_FILE_BYTES:
        megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise UnsafeWorkbookError(
            f"het bestand is {megabytes} MB; een werkmap mag hoogstens "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB zijn. Verwijder overbodige tabbladen of "
            "afbeeldingen en probeer het opnieuw"
        )


_NOT_XLSX = (
    "dit bestand is geen Excel-werkmap (.xlsx); sla het in Excel of LibreOffice op als "
    "'Excel-werkmap (*.xlsx)', zonder wachtwoord, en probeer het opnieuw"
)


def _check_sizes(parts: list[zipfile.ZipInfo]) -> None:
    # Python's zipfile never returns more bytes than a part declares, so the declared sizes
    # bound what opening the workbook can unpack.
    refusal = UnsafeWorkbookError(
        "dit bestand pakt uit tot een veel groter bestand dan een werkmap kan zijn (mogelijk "
        "een zip-bom) en wordt niet geopend; stuur een gewone werkmap"
    )
    if len(parts) > MAX_PARTS:
        raise refusal
    if sum(part.file_size for part in parts) > MAX_UNCOMPRESSED_BYTES:
        raise refusal
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise refusal


def _check_macros(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names:
        raise UnsafeWorkbookError(_NOT_XLSX)
    has_vba = any(name.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for name in names)
    try:
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace").lower()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise UnsafeWorkbookError(_NOT_XLSX) from None
    if has_vba or MACRO_CONTENT_TYPE in content_types:
        raise UnsafeWorkbookError(
            "deze werkmap bevat macro's (.xlsm) en wordt om veiligheidsredenen niet geopend; "
            "sla hem in Excel op als 'Excel-werkmap (*.xlsx)' (zonder macro's) en probeer het "
            "opnieuw"
        )
