"""PDF uploads: the whole structure must parse, within bounds, with pyHanko's reader (the one
the signature validator uses): header, cross-reference sections, trailer, catalog, page tree
and every object the file lists; nothing after the last end-of-file marker; streams that
inflate within limits. A file that is HTML or SVG behind a `%PDF-` line has no structure and
is refused; one that is also a valid PDF is caught by the markup scan of the whole file."""

from __future__ import annotations

import io
import re
import struct
import zlib

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.decode_limits import DecodeLimits, DocumentDecodeBudget, StreamDecodeLimits
from pyhanko.pdf_utils.filters import ASCII85Decode, ASCIIHexDecode
from pyhanko.pdf_utils.misc import PdfDecodeLimitError, PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from hotro.core.errors import ValidationFailed

MiB = 1024 * 1024
# pyHanko's own bounds on what it inflates while reading (object and xref streams), tighter
# than its defaults: a document may inflate to 20 times its size, at least 64 MB.
DECODE_LIMITS = DecodeLimits(
    per_stream=StreamDecodeLimits(max_output_size=64 * MiB),
    document_budget=DocumentDecodeBudget(base_allowance=64 * MiB, max_ratio=20),
)
MAX_OBJECTS = 50_000  # a thousand-page report has about twenty thousand
MAX_REVISIONS = 64  # a signature adds one or two
MAX_PAGE_NODES = 100_000
STREAM_MAX_INFLATED = 64 * MiB
_FLATE = ("/FlateDecode", "/Fl")
_TEXT = {
    "/ASCII85Decode": ASCII85Decode,
    "/A85": ASCII85Decode,
    "/ASCIIHexDecode": ASCIIHexDecode,
    "/AHx": ASCIIHexDecode,
}
# Whatever pyHanko's parser trips on in a broken file (it has no single error type, and asserts
# some of the structure), and the recursion of its parser on deeply nested arrays, dictionaries
# or references.
PARSE_ERRORS = (
    PdfError,
    AssertionError,
    RecursionError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    NotImplementedError,
    OverflowError,
    struct.error,
    zlib.error,
)


def too_complex() -> ValidationFailed:
    return ValidationFailed("pdf_too_complex")


def reader_of(content: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(content), strict=False, decode_limits=DECODE_LIMITS)


_TABLE_ENTRY = re.compile(rb"\d{10} \d{5} [nf]")
_SIZE = re.compile(rb"/Size\s+(\d{1,12})")
_INDEX = re.compile(rb"/Index\s*\[([\d\s]{0,4096})\]")


def _too_many_entries(content: bytes) -> bool:
    """Whether the cross-reference sections declare more entries than any file within the
    limits needs, found by looking, before pyHanko parses them one by one in Python: the
    entries of classic tables, and the /Size and /Index of trailers and xref streams."""
    bound = 2 * MAX_OBJECTS
    sizes = [int(n) for n in _SIZE.findall(content)]
    indexes = [sum(int(n) for n in m.split()[1::2]) for m in _INDEX.findall(content)]
    if max([0, *sizes, *indexes]) > bound:
        return True
    return any(i > bound for i, _ in enumerate(_TABLE_ENTRY.finditer(content)))


def check_pdf(content: bytes) -> None:
    if not content.rstrip(b"\r\n\t \x00").endswith(b"%%EOF"):
        raise ValidationFailed("pdf_malformed")  # truncated, or something appended
    if _too_many_entries(content):
        raise too_complex()
    try:
        reader = reader_of(content)
        if reader.encrypted:
            raise ValidationFailed("file_encrypted")
        _check_objects(reader, content)
    except ValidationFailed:
        raise
    except PdfDecodeLimitError as exc:
        raise too_complex() from exc
    except PARSE_ERRORS as exc:
        raise ValidationFailed("pdf_malformed") from exc


def _check_objects(reader: PdfFileReader, content: bytes) -> None:
    revisions = reader.xrefs.total_revisions
    if revisions > MAX_REVISIONS:
        raise too_complex()
    refs: set[generic.Reference] = set()
    for revision in range(revisions):
        refs |= reader.xrefs.explicit_refs_in_revision(revision)
        if len(refs) > MAX_OBJECTS:
            raise too_complex()
    budget = _Budget(max(64 * MiB, 20 * len(content)))
    last = revisions - 1
    for ref in sorted(refs, key=lambda r: (r.idnum, r.generation)):
        # read as of the last revision: the same object, without filling the reader's cache
        obj = reader.get_object(ref, revision=last)
        if isinstance(obj, generic.StreamObject):
            _check_stream(obj, budget)
    _check_pages(reader.root)


class _Budget:
    def __init__(self, left: int) -> None:
        self.left = left

    def cap(self) -> int:
        return min(STREAM_MAX_INFLATED, self.left)

    def spend(self, n: int) -> None:
        self.left -= n


def _check_stream(obj: generic.StreamObject, budget: _Budget) -> None:
    """Inflate what a viewer would: the text and Flate layers of the filter chain, counting
    the output (not kept unless another layer follows) against the stream's and the
    document's limits. A damaged stream is the viewer's problem, a bomb is ours."""
    filters = obj.get("/Filter")
    names = [filters] if isinstance(filters, generic.NameObject) else list(filters or [])
    data = obj.encoded_data
    try:
        for i, name in enumerate(names):
            if name in _TEXT:
                data = _TEXT[name]().decode(data, {})
            elif name in _FLATE:
                last = i == len(names) - 1 or names[i + 1] not in (*_FLATE, *_TEXT)
                data = _inflate(data, budget, keep=not last)
            else:
                return  # image codecs: not inflated by this check
    except (zlib.error, PdfError, ValueError):
        return


def _inflate(data: bytes, budget: _Budget, *, keep: bool) -> bytes:
    inflater = zlib.decompressobj()
    kept = bytearray()
    cap, size = budget.cap(), 0
    pending = data
    while True:
        chunk = inflater.decompress(pending, MiB)
        pending = inflater.unconsumed_tail
        size += len(chunk)
        if size > cap:
            raise too_complex()
        if keep:
            kept += chunk
        if not pending or not chunk:
            break
    size += len(inflater.flush())  # what zlib still holds, at most its window
    if size > cap:
        raise too_complex()
    budget.spend(size)
    return bytes(kept)


def _check_pages(root: generic.DictionaryObject) -> None:
    """Walk the page tree by its /Kids (not its /Count, which may lie), refusing a cycle."""
    stack: list[generic.PdfObject] = [root.raw_get("/Pages")]
    seen: set[tuple[int, int]] = set()
    pages = 0
    while stack:
        item = stack.pop()
        if isinstance(item, generic.IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                raise ValidationFailed("pdf_malformed")
            seen.add(key)
            if len(seen) > MAX_PAGE_NODES:
                raise too_complex()
        node = item.get_object()
        if not isinstance(node, generic.DictionaryObject):
            raise ValidationFailed("pdf_malformed")
        if "/Kids" in node:
            kids = node.raw_get("/Kids")
            if not isinstance(kids, generic.ArrayObject):
                raise ValidationFailed("pdf_malformed")
            stack.extend(kids)
        else:
            pages += 1
    if pages == 0:
        raise ValidationFailed("pdf_malformed")
