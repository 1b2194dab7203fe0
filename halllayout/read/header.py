"""A booth list's header row (or a JSON booth's keys): which column holds which field.

Headers match case-insensitively after Unicode NFKC normalisation (full-width （） become (), ㎡ and
m² become m2), with white space, hyphens, underscores and full stops removed and a trailing unit in
brackets that says metres or square metres dropped: "Keep-Apart", " 宽（米） ", "Width [m]" and
"面积(㎡)" all match. A unit that is not metres ("宽(cm)") does not match, so nothing is read in the
wrong unit. A header matches a field only as a whole ("company_size" is not "company"); other
columns are ignored.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from halllayout.errors import InputError
from halllayout.read.problems import raise_problems

#: Every header each field is known by; the first is the English name, the second the Chinese one,
#: then the aliases organisers' spreadsheets carry.
FIELD_HEADERS: dict[str, tuple[str, ...]] = {
    "ref": (
        "ref", "展商编号", "id", "编号", "exhibitor id", "exhibitor no", "exhibitor number",
        "exhibitor code", "展商id", "展商代码", "参展商编号", "企业编号", "客户编号",
    ),
    "exhibitor": (
        "exhibitor", "展商名称", "company", "company name", "exhibitor name", "公司名称", "企业名称",
        "展商", "参展商", "参展商名称", "参展企业", "参展单位", "单位名称", "公司",
    ),
    "width": ("width", "宽(米)", "宽", "宽度", "面宽", "frontage", "booth width", "stand width"),
    "depth": ("depth", "深(米)", "深", "深度", "进深", "booth depth", "stand depth"),
    "size": (
        "size", "尺寸", "规格", "booth size", "stand size", "dimensions", "展位尺寸", "展位规格", "展位大小",
    ),
    "area": ("area", "面积", "展位面积", "booth area", "stand area", "sqm", "平米"),
    "type": ("type", "展位类型", "booth type", "stand type", "类型", "展位形式"),
    "zone": ("zone", "展区", "section", "sector", "theme", "专区", "分区", "展区名称"),
    "country": ("country", "国家/地区", "国家", "国别", "国家或地区", "国家和地区", "country/region"),
    "tier": ("tier", "赞助级别", "sponsor", "sponsorship", "sponsor level", "赞助", "赞助等级"),
    "keep_apart": ("keep_apart", "避让展商", "avoid", "避让", "不相邻展商"),
    "products": ("products", "展品", "product", "exhibits", "产品", "主要展品", "展品范围"),
    "exhibitor_en": (
        "exhibitor_en", "英文名称", "english name", "exhibitor (english)", "company (english)",
        "company name (english)", "英文名", "英文公司名称", "展商英文名称", "name en",
    ),
    "colour": ("colour", "颜色", "color", "brand colour", "brand color", "品牌色", "fascia colour"),
    "description": ("description", "简介", "展商简介", "企业简介", "公司简介", "company profile"),
    "website": ("website", "网址", "官网", "homepage", "网站", "公司网址", "官方网站"),
    "live_stream": ("live_stream", "直播", "直播链接", "live stream", "直播地址"),
    "live_from": ("live_from", "直播开始", "live start", "stream start", "直播开始时间"),
    "live_until": ("live_until", "直播结束", "live end", "stream end", "直播结束时间"),
}  # fmt: skip

#: A trailing unit in brackets that a header may carry: metres or square metres only.
_UNIT = re.compile(r"[(\[](?:m|米|metres|meters|m2|平方米|sqm)[)\]]$")
_IGNORED = re.compile(r"[\s\-_.]")


def header_key(text: str) -> str:
    """The form a header is matched in (see the module's docstring).

    >>> header_key(" 宽（米） "), header_key("Keep-Apart"), header_key("Area (m²)"), header_key("宽(cm)")
    ('宽', 'keepapart', 'area', '宽(cm)')
    """
    folded = _IGNORED.sub("", unicodedata.normalize("NFKC", text).casefold())
    return _UNIT.sub("", folded) or folded


_FIELD_BY_KEY = {header_key(name): field for field, names in FIELD_HEADERS.items() for name in names}


@functools.lru_cache(maxsize=4096)
def field_of(name: str) -> str | None:
    """The field a header or JSON key names, or None.

    >>> field_of("Company Name"), field_of("面积（㎡）"), field_of("notes")
    ('exhibitor', 'area', None)
    """
    return _FIELD_BY_KEY.get(header_key(name))


def known_fields(cells: Sequence[str]) -> int:
    """How many different fields the cells of a row name: tells a header row from a title row."""
    return len({field for cell in cells if (field := field_of(cell)) is not None})


#: How many non-blank rows may stand above the header (a title, a date, notes).
MAX_TITLE_ROWS = 20


def header_position(rows: Sequence[Sequence[object]]) -> int | None:
    """Which of a table's first non-blank rows is its header: the first naming at least two fields.

    Looks at the first MAX_TITLE_ROWS + 1 rows; None where none does (the caller takes the first).

    >>> header_position([["Spring Fair 2026"], ["printed 1 May"], ["Ref", "Company", "Size"], ["EX1"]])
    2
    """
    for position, cells in enumerate(rows[: MAX_TITLE_ROWS + 1]):
        if known_fields([cell for cell in cells if isinstance(cell, str)]) >= 2:
            return position
    return None


@dataclass(frozen=True)
class Header:
    """The header row: `names` as written (white space runs as one space), `index` the column of each
    field, `row` its number."""

    names: tuple[str, ...]
    index: dict[str, int]
    row: int

    def name(self, field: str) -> str:
        """The header of `field`'s column as written in the file."""
        return self.names[self.index[field]]

    @functools.cached_property
    def field_names(self) -> dict[str, str]:
        """The header of each field's column as written in the file."""
        return {field: self.names[column] for field, column in self.index.items()}


def map_header(cells: Sequence[str], source: str, row: int) -> Header:
    """Map the header row's cells to fields.

    Raises InputError (InputErrors for several) for every column repeating a field and for the
    required columns missing: ref, exhibitor, and width with depth, or size, or area.
    """
    names = tuple(" ".join(cell.replace("\ufeff", "").split()) for cell in cells)
    index: dict[str, int] = {}
    problems: list[InputError] = []
    for column, name in enumerate(names):
        field = field_of(name)
        if field is None:
            continue
        if field in index:
            message = f'columns "{names[index[field]]}" and "{name}" both give the {field}'
            problems.append(InputError(source, message, row=row, column=name))
            continue
        index[field] = column
    missing = missing_fields(index)
    if missing:
        columns = "column" if len(missing) == 1 else "columns"
        found = ", ".join(f'"{name}"' for name in names)
        problems.append(
            InputError(source, f"missing required {columns} {', '.join(missing)}; found {found}", row=row)
        )
    raise_problems(problems)
    return Header(names, index, row)


def missing_fields(present: dict[str, int] | set[str]) -> list[str]:
    """The required fields absent from `present`, each named in English and Chinese.

    >>> missing_fields({"ref", "width"})
    ['exhibitor/展商名称', 'depth/深(米) (to go with width)']
    """
    missing = [both_names(field) for field in ("ref", "exhibitor") if field not in present]
    has_width, has_depth = "width" in present, "depth" in present
    if has_width != has_depth:
        lone, other = ("width", "depth") if has_width else ("depth", "width")
        missing.append(f"{both_names(other)} (to go with {lone})")
    elif not has_width and "size" not in present and "area" not in present:
        missing.append(
            f"{both_names('width')} and {both_names('depth')} "
            f"(or {both_names('size')}, or {both_names('area')})"
        )
    return missing


def both_names(field: str) -> str:
    """A field's English and Chinese header, e.g. "width/宽(米)"."""
    english, chinese = FIELD_HEADERS[field][:2]
    return f"{english}/{chinese}"
