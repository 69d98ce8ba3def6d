"""Office Open XML packages (.xlsx, .docx): a checked zip whose main part is found through the
package's relationships and has the right content type, without macros, whose parts are all
well-formed XML without DTDs, and whose every worksheet addresses a grid within the limits.

Two passes. The first reads the small parts that say where everything is ([Content_Types].xml,
the relationships, the workbook). The second inflates every member once, within the byte
budget: each sheet part through the extent reader, the shared strings through a counter, every
other part that looks like XML through the bare parser. A sheet part is any part a reader could
take for one: the targets of the workbook's sheet relationships resolved both as the standard
says (OPC) and as calamine does (the folder of the workbook prefixed, no ".." resolved), parts
whose content type says sheet, and parts in a worksheets folder. The zip check has already made
every name unambiguous, case and separators included."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from hotro.core.errors import ValidationFailed
from hotro.core.uploads.xlsx import Extent, SheetLimits
from hotro.core.uploads.xml import (
    MAX_DEPTH,
    MAX_ELEMENTS,
    Bare,
    Events,
    Stream,
    parse,
    split,
    too_deep,
    too_many,
)
from hotro.core.uploads.zip import (
    READ_ERRORS,
    Budget,
    Package,
    Sink,
    budget_for,
    inflate,
    open_package,
    unreadable,
)

CONTENT_TYPES = "[content_types].xml"
MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
}
_SHEET_RELATIONSHIPS = ("/worksheet", "/chartsheet", "/dialogsheet", "/macrosheet")
_R_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_STRUCTURE_MAX = 4 * 1024 * 1024  # bytes one of the small parts may inflate to
_MAX_RECORDS = 10_000  # relationships, content types or sheets in one part
_STRING = re.compile(rb"[<:]si[\s/>]")  # <si> or <prefix:si>


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str
    external: bool


class _Structure(Events):
    """The records of a small part: relationships, content types, a workbook's sheets."""

    def __init__(self) -> None:
        super().__init__()
        self.root = ""
        self.relationships: list[Relationship] = []
        self.types: dict[str, str] = {}  # "/part" or extension -> content type
        self.sheets: list[str] = []  # the relationship ids of a workbook's sheets, in order

    def _count(self, n: int) -> None:
        if n >= _MAX_RECORDS:
            raise unreadable()

    def element(self, name: str, attrs: dict[str, str]) -> None:
        local = split(name)[1]
        if not self.root:
            self.root = local
        if self.root == "Relationships" and local == "Relationship":
            self._count(len(self.relationships))
            mode = attrs.get("TargetMode", "").lower()
            self.relationships.append(
                Relationship(
                    attrs.get("Id", ""),
                    attrs.get("Type", ""),
                    attrs.get("Target", ""),
                    mode == "external",
                )
            )
        elif self.root == "Types" and local in ("Default", "Override"):
            self._count(len(self.types))
            key = attrs.get("Extension") if local == "Default" else attrs.get("PartName")
            self.types[(key or "").lower()] = attrs.get("ContentType", "").lower()
        elif self.root == "workbook" and local == "sheet":
            self._count(len(self.sheets))
            ids = (
                v for k, v in attrs.items() if split(k)[1] == "id" and split(k)[0] in _R_NAMESPACES
            )
            self.sheets.append(next(ids, ""))


class _Sheet(Events):
    """A sheet part as a reader walks it: `dimension`, then rows and cells in sheetData. The
    handlers are inlined: they run for every element of the sheet."""

    __slots__ = ("extent",)

    def __init__(self, limits: SheetLimits, max_elements: int) -> None:
        super().__init__(max_elements)
        self.extent = Extent(limits)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_DEPTH:
            raise too_deep()
        if self.elements > self.max_elements:
            raise too_many()
        local = name[name.find(":") + 1 :]  # names as written: "c" or "x:c"
        extent = self.extent
        if extent.sheet_data:
            if local == "c":
                extent.cell(attrs.get("r"))
            elif local == "row":
                extent.start_row(attrs.get("r"))
        if local == "sheetData":
            extent.sheet_data += 1
        elif local == "dimension":
            extent.dimension(attrs.get("ref"))

    def stop(self, name: str) -> None:
        self.depth -= 1
        if self.extent.sheet_data:
            local = name[name.find(":") + 1 :]
            if local == "row":
                self.extent.end_row()
            elif local == "sheetData":
                self.extent.sheet_data -= 1


class _StringTable(Bare):
    """The shared-strings root's own counts: calamine reserves `uniqueCount` string slots
    (24 bytes each) before it reads one, so a 2 KB file claiming four billion asks for 96 GB.
    Both counts are bounded like the cells, and must be plain numbers."""

    __slots__ = ("limits",)

    def __init__(self, limits: SheetLimits) -> None:
        super().__init__()
        self.limits = limits

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.depth == 0:
            for key in ("count", "uniqueCount"):
                value = attrs.get(key)
                if value is None:
                    continue
                if not value.isascii() or not value.strip().isdigit():
                    raise unreadable()
                if int(value) > self.limits.cells:
                    raise self.limits.refuse()
        super().start(name, attrs)


class _Strings:
    """Counts a shared-strings part's <si> elements as the bytes pass (a reader keeps one
    string per element, so their number is bounded like the cells'), checks the counts its
    root claims, and checks its XML. The pattern may also match text: the count is an upper
    bound."""

    def __init__(self, limits: SheetLimits) -> None:
        self.limits = limits
        self.count = 0
        self.tail = b""
        self.xml = Stream(_StringTable(limits))

    def feed(self, data: bytes) -> None:
        self.xml.feed(data)
        window = self.tail + data
        # a match (4 bytes) that ends inside the carried-over tail was counted before
        self.count += len(_STRING.findall(window, max(len(self.tail) - 3, 0)))
        self.tail = window[-8:]
        if self.count > self.limits.cells:
            raise self.limits.refuse()

    def close(self) -> None:
        self.xml.close()


class _Elements:
    """The XML elements the parts still to come may have, all together."""

    def __init__(self) -> None:
        self.left = MAX_ELEMENTS


class _Counted:
    """A part's parse that charges its elements to the package's count when it ends."""

    def __init__(self, stream: Stream, events: Events, pool: _Elements) -> None:
        self.stream, self.events, self.pool = stream, events, pool

    def feed(self, data: bytes) -> None:
        self.stream.feed(data)

    def close(self) -> None:
        self.stream.close()
        self.pool.left -= self.events.elements


def _looks_like_xml(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or head.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    )


def resolve(source_dir: str, target: str) -> str | None:
    """A relationship's target as a part name (OPC: relative to the source part's folder, or
    from the package root with a leading slash); None when it leaves the package."""
    path = target[1:] if target.startswith("/") else posixpath.join(source_dir, target)
    path = posixpath.normpath(path) if path else path
    if not path or path.startswith("../") or path in (".", ".."):
        return None
    return path.lower()


def rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels").lower()


@dataclass
class _Package:
    zip: Package
    budget: Budget
    types: dict[str, str] = field(default_factory=dict)
    read: dict[str, _Structure | None] = field(default_factory=dict)

    def structure(self, name: str) -> _Structure | None:
        """One of the small parts, read and parsed (once); None when there is no such part."""
        if name not in self.read:
            self.read[name] = self._structure(name)
        return self.read[name]

    def _structure(self, name: str) -> _Structure | None:
        info = self.zip.find(name)
        if info is None:
            return None
        if info.file_size > _STRUCTURE_MAX:
            raise unreadable()
        try:
            with self.zip.archive.open(info) as member:
                data = member.read(_STRUCTURE_MAX + 1)
        except READ_ERRORS as exc:
            raise unreadable() from exc
        self.budget.spend(len(data))
        if len(data) > _STRUCTURE_MAX:
            raise unreadable()
        records = _Structure()
        parse(data, Stream(records))
        return records

    def content_type(self, part: str) -> str:
        ext = posixpath.splitext(part)[1].lstrip(".")
        return self.types.get(f"/{part}", self.types.get(ext, ""))

    def relationships(self, part: str) -> list[Relationship]:
        rels = self.structure(rels_of(part) if part else "_rels/.rels")
        return rels.relationships if rels is not None else []


def check_office(content: bytes, limits: SheetLimits) -> str | None:
    """The kind of an Office package ("xlsx" or "docx"), None when the zip is not one of
    them; a package that is broken, bloated, encrypted or carries macros is refused."""
    zip_ = open_package(content)
    package = _Package(zip_, budget_for(zip_, limits.inflated))
    types = package.structure(CONTENT_TYPES)
    if types is None:
        return None
    package.types = types.types
    names = zip_.members
    if any(n.endswith("vbaproject.bin") for n in names) or any(
        "macroenabled" in t or "vbaproject" in t for t in types.types.values()
    ):
        raise ValidationFailed("office_macros")
    main = [
        r
        for r in package.relationships("")
        if r.type.endswith("/officeDocument") and not r.external
    ]
    if not main:
        return None
    part = resolve("", main[0].target)
    if len(main) > 1 or part is None or zip_.find(part) is None:
        raise unreadable()
    kind = MAIN_TYPES.get(package.content_type(part))
    if kind is None:
        return None  # another kind of package (a presentation, a macro template…)
    sheets: set[str] = set()
    strings: set[str] = set()
    if kind == "xlsx":
        sheets, strings = _workbook_parts(package, part, main[0].target)
    sheets |= {
        n for n in names if "sheet+xml" in package.content_type(n) or "/worksheets/" in f"/{n}"
    }
    strings |= {n for n in names if n.endswith("sharedstrings.xml")}

    pool = _Elements()

    def sink_for(info: zipfile.ZipInfo, head: bytes) -> Sink | None:
        name = info.filename.lower()
        if name in strings:
            return _Strings(limits)
        if name not in sheets and not _looks_like_xml(head):
            return None
        events = _Sheet(limits, pool.left) if name in sheets else Bare(pool.left)
        return _Counted(Stream(events, namespaces=name not in sheets), events, pool)

    inflate(zip_, package.budget, sink_for)
    return kind


def _workbook_parts(package: _Package, book: str, target: str) -> tuple[set[str], set[str]]:
    """The sheet and shared-strings parts of a workbook, by its relationships; every sheet the
    workbook lists must be there."""
    folder = posixpath.dirname(book)
    # calamine: the folder of the main part's target, the workbook and its relationships by
    # their usual names there, targets appended to that folder as they are written
    prefix = target.lstrip("/").rpartition("/")[0]
    prefix = f"{prefix}/" if prefix else ""
    sheets: set[str] = set()
    strings: set[str] = set()
    rels = package.relationships(book)
    for r in [*rels, *package.relationships(f"{prefix}workbook.xml".lower())]:
        if r.external:
            continue
        found = {
            resolve(folder, r.target),
            (r.target[1:] if r.target.startswith("/") else prefix + r.target).lower(),
        }
        if r.type.endswith(_SHEET_RELATIONSHIPS):
            sheets |= {p for p in found if p}
        elif r.type.endswith("/sharedStrings"):
            strings |= {p for p in found if p}
    workbook = package.structure(book)
    by_id = {r.id: r for r in rels}
    if workbook is None or not workbook.sheets:
        raise unreadable()
    for rel_id in workbook.sheets:
        rel = by_id.get(rel_id)
        sheet = resolve(folder, rel.target) if rel is not None and not rel.external else None
        if sheet is None or package.zip.find(sheet) is None:
            raise unreadable()
    return sheets, strings
