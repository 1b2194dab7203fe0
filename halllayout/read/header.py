"""A booth list's header row: which column holds which field, in English or Chinese.

Headers match case-insensitively after Unicode NFKC normalisation (full-width （） become ()), with
white space removed and hyphens read as underscores: "Keep-Apart", " 宽（米） " and "WIDTH" all match.
A header matches a field only as a whole ("company_size" is not "company"); other columns are ignored.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from halllayout.errors import InputError

#: Every header each field is known by; the first is the English name, the second the Chinese one.
FIELD_HEADERS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "展商编号", "id", "编号"),
    "exhibitor": ("exhibitor", "展商名称", "company", "公司名称", "展商"),
    "width": ("width", "宽(米)", "width(m)", "宽", "宽(m)"),
    "depth": ("depth", "深(米)", "depth(m)", "深", "深(m)"),
    "size": ("size", "尺寸", "规格"),
    "type": ("type", "展位类型"),
    "zone": ("zone", "展区"),
    "country": ("country", "国家/地区"),
    "tier": ("tier", "赞助级别"),
    "keep_apart": ("keep_apart", "避让展商"),
    "products": ("products", "展品"),
}


def header_key(text: str) -> str:
    """The form a header is matched in: NFKC, case-folded, no white space, hyphens as underscores.

    >>> header_key(" 宽（米） "), header_key("Keep-Apart")
    ('宽(米)', 'keep_apart')
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(folded.split()).replace("-", "_")


_FIELD_BY_KEY = {header_key(name): field for field, names in FIELD_HEADERS.items() for name in names}


@dataclass(frozen=True)
class Header:
    """The header row: `names` as written (trimmed), `index` the column of each field, `row` its line."""

    names: tuple[str, ...]
    index: dict[str, int]
    row: int

    def name(self, field: str) -> str:
        """The header of `field`'s column as written in the file."""
        return self.names[self.index[field]]


def map_header(cells: list[str], source: str, row: int) -> Header:
    """Map the header row's cells to fields; raises InputError for duplicate or missing columns."""
    names = tuple(cell.strip().removeprefix("\ufeff") for cell in cells)
    index: dict[str, int] = {}
    for column, name in enumerate(names):
        field = _FIELD_BY_KEY.get(header_key(name))
        if field is None:
            continue
        if field in index:
            raise InputError(
                source,
                f'columns "{names[index[field]]}" and "{name}" both give the {field}',
                row=row,
                column=name,
            )
        index[field] = column
    _check_required(names, index, source, row)
    return Header(names, index, row)


def _check_required(names: tuple[str, ...], index: dict[str, int], source: str, row: int) -> None:
    missing = [_both_names(field) for field in ("ref", "exhibitor") if field not in index]
    has_width, has_depth = "width" in index, "depth" in index
    if has_width != has_depth:
        lone, other = ("width", "depth") if has_width else ("depth", "width")
        missing.append(f"{_both_names(other)} (to go with {lone})")
    elif not has_width and "size" not in index:
        missing.append(f"{_both_names('width')} and {_both_names('depth')} (or {_both_names('size')})")
    if missing:
        columns = "column" if len(missing) == 1 else "columns"
        found = ", ".join(f'"{name}"' for name in names)
        raise InputError(source, f"missing required {columns} {', '.join(missing)}; found {found}", row=row)


def _both_names(field: str) -> str:
    english, chinese = FIELD_HEADERS[field][:2]
    return f"{english}/{chinese}"
