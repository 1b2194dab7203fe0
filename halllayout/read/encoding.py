"""Booth-list bytes to text: UTF-8 (with or without BOM) or GBK/GB18030, decoded strictly.

Excel on a Chinese Windows saves "CSV" as GBK, "CSV UTF-8" as UTF-8 with a BOM; other tools write
plain UTF-8. Anything else (a workbook, UTF-16 text, binary data, Western code pages) is refused with
a message saying what the file looks like, never decoded into something plausible but wrong.
`looks_like` tells workbooks from text by their first bytes, whatever the file's name.
"""

from __future__ import annotations

import re
from collections import Counter

from halllayout.errors import InputError

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: XLSX (and ODS) workbooks are zip archives.
ZIP_MAGIC = b"PK\x03\x04"
#: Legacy Excel .xls workbooks are OLE2 compound files.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Read as GBK, at most this share of the non-ASCII characters may fall outside GB2312 (the common
#: simplified characters); more means the file is most likely in a Western code page instead.
MAX_RARE_GBK_SHARE = 0.5
SAVE_AS_CSV = 'save it from the spreadsheet as "CSV UTF-8" (or CSV)'
XLS_REFUSED = (
    "an XLS workbook (Excel 97-2003); XLS is not read, save it from Excel as an .xlsx workbook "
    'or as "CSV UTF-8" and use that'
)

#: Unicode control characters (category Cc) except tab, LF and CR, which a CSV text may contain.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


def looks_like(data: bytes) -> str:
    """What the bytes are: "xlsx" for a zip archive, "xls" for an OLE2 compound file, else "text".

    >>> looks_like(b"PK\\x03\\x04..."), looks_like(b"ref,exhibitor")
    ('xlsx', 'text')
    """
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    return "xls" if data.startswith(OLE2_MAGIC) else "text"


def decode_booth_text(data: bytes, source: str) -> str:
    """Decode a booth list's bytes: UTF-8 BOM → UTF-8, else strict UTF-8, else strict GB18030.

    Raises InputError for workbooks, UTF-16 text, binary content (NUL bytes or control characters
    other than tab, CR and LF) and bytes that are neither UTF-8 nor GBK/GB18030 text.
    """
    _refuse_known_formats(data, source)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise InputError(source, f"a binary file, not CSV text (NUL byte at offset {offset})")
    if data.startswith(UTF8_BOM):
        text = _decode_utf8_with_bom(data, source)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_gbk(data, source)
    _refuse_control_characters(text, source)
    return text


def _refuse_known_formats(data: bytes, source: str) -> None:
    if data.startswith(ZIP_MAGIC):
        raise InputError(
            source, "an XLSX workbook (zip archive), not CSV text; give the file the extension .xlsx"
        )
    if data.startswith(OLE2_MAGIC):
        raise InputError(source, XLS_REFUSED)
    if data.startswith(UTF16_BOMS):
        raise InputError(source, f"UTF-16 text is not read, {SAVE_AS_CSV}")


def _decode_utf8_with_bom(data: bytes, source: str) -> str:
    body = data[len(UTF8_BOM) :]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            source,
            f"starts with a UTF-8 byte order mark but is not UTF-8 (byte 0x{body[error.start]:02X})",
            row=_byte_line(body, error.start),
        ) from error


def _decode_gbk(data: bytes, source: str) -> str:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise InputError(
            source,
            f"not a text file in UTF-8 or GBK/GB18030 (byte 0x{data[error.start]:02X}); {SAVE_AS_CSV}",
            row=_byte_line(data, error.start),
        ) from error
    _refuse_unlikely_gbk(text, source)
    return text


def _refuse_unlikely_gbk(text: str, source: str) -> None:
    """Refuse text that decodes as GBK only by chance, such as "Müller" in Windows-1252 ("M黮ler")."""
    counts = Counter(_NON_ASCII.findall(text))
    rare = [char for char in counts if not _in_gb2312(char)]
    if sum(counts[char] for char in rare) > MAX_RARE_GBK_SHARE * counts.total():
        first = min(text.index(char) for char in rare)
        raise InputError(
            source,
            "not a text file in UTF-8 or GBK/GB18030: it is not UTF-8, and read as GBK it gives unlikely "
            f'characters such as "{text[first]}" (a Western code page?); {SAVE_AS_CSV}',
            row=_text_line(text, first),
        )


def _in_gb2312(char: str) -> bool:
    """Whether `char` is in GB2312, the common core of GBK: two bytes, both 0xA1 or above."""
    encoded = char.encode("gb18030")
    return len(encoded) == 2 and encoded[0] >= 0xA1 and encoded[1] >= 0xA1


def _refuse_control_characters(text: str, source: str) -> None:
    found = _CONTROL.search(text)
    if found:
        raise InputError(
            source,
            f"control character U+{ord(found.group()):04X} in the text; a binary file or a damaged export?",
            row=_text_line(text, found.start()),
        )


def _text_line(text: str, index: int) -> int:
    """The 1-based line of `text[index]`, counting CR LF, CR and LF as line breaks like the csv reader."""
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


def _byte_line(data: bytes, offset: int) -> int:
    """The 1-based line of `data[offset]`."""
    return len(_LINE_BREAK_BYTES.findall(data, 0, offset)) + 1
