"""XML read as a stream of events, with expat: no tree is built, so neither depth nor size
costs memory, and a DTD, an entity or an external reference stops the parse at once.

The guards are defusedxml's (the same handlers on the same parser, raising its exceptions);
they are set here on pyexpat directly because its SAX layer costs several times as much per
element, and a worksheet has millions of them. The same reader checks uploaded XML documents
and every part of an Office file."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.common import ExternalReferenceForbidden

from hotro.core.errors import ValidationFailed

MAX_DEPTH = 256  # libxml2's own default, which the signature validator's parser applies
# Elements one file may have: an XML document, or all the parts of an Office package (a list of
# 10,000 workers by 64 columns of text is about two million).
MAX_ELEMENTS = 4_000_000
_CHUNK = 64 * 1024

# Markup a browser would run, XInclude and XSLT: not documents of a dossier, wherever they sit.
ACTIVE_NAMESPACES = frozenset(
    {
        "http://www.w3.org/1999/xhtml",
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/2001/XInclude",
        "http://www.w3.org/1999/XSL/Transform",
        "http://www.w3.org/1999/xlink",
    }
)
_ACTIVE_NAMES = frozenset({"html", "svg", "script"})


def _doctype(name: str, sysid: str | None, pubid: str | None, internal: bool) -> NoReturn:
    raise DTDForbidden(name, sysid, pubid)


def _entity(
    name: str, is_param: bool, value: Any, base: Any, sysid: Any, pubid: Any, notation: Any
) -> NoReturn:
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation)


def _unparsed(name: str, base: Any, sysid: Any, pubid: Any, notation: Any) -> NoReturn:
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _external(context: Any, base: Any, sysid: Any, pubid: Any) -> NoReturn:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def split(name: str) -> tuple[str, str]:
    """(namespace, local name) of an expat name, "uri local" or "local"."""
    uri, _, local = name.rpartition(" ")
    return uri, local


def too_deep() -> ValidationFailed:
    return ValidationFailed("xml_too_deep", params={"max": MAX_DEPTH})


def too_many() -> ValidationFailed:
    return ValidationFailed("xml_too_many_elements", params={"max": MAX_ELEMENTS})


class Events:
    """Receives the elements of a parse and bounds their depth (expat keeps every open element,
    about 125 bytes each: depth is memory) and their number (each costs a call: number is
    time). Subclasses override element() and end(), or start() and stop() themselves where
    every call counts; attributes come as a dict whose keys are "uri local" for namespaced
    ones and the bare name otherwise."""

    __slots__ = ("depth", "elements", "max_elements")

    def __init__(self, max_elements: int = MAX_ELEMENTS) -> None:
        self.depth = self.elements = 0
        self.max_elements = max_elements

    def enter(self) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_DEPTH:
            raise too_deep()
        if self.elements > self.max_elements:
            raise too_many()

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.enter()
        self.element(name, attrs)

    def stop(self, name: str) -> None:
        self.depth -= 1
        self.end(name)

    def element(self, name: str, attrs: dict[str, str]) -> None:
        pass

    def end(self, name: str) -> None:
        pass


class Bare(Events):
    """Only depth and number: the cheapest handlers, for parts whose content does not matter."""

    __slots__ = ()

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_DEPTH:
            raise too_deep()
        if self.elements > self.max_elements:
            raise too_many()

    def stop(self, name: str) -> None:
        self.depth -= 1


class Stream:
    """An incremental parse: feed() bytes as they arrive, close() at the end. Errors come out
    as ValidationFailed: `xml_unsafe` for DTDs and entities, `xml_malformed` otherwise.
    Without `events`, well-formedness, depth and the guards are all that is checked."""

    def __init__(
        self,
        events: Events | None = None,
        *,
        on_pi: Callable[[str, str], None] | None = None,
        on_namespace: Callable[[str | None, str], None] | None = None,
        namespaces: bool = True,
    ) -> None:
        # without namespaces, names come as written ("x:c"): what a reader matching local
        # names needs, without expat resolving every prefix
        parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
        parser.StartDoctypeDeclHandler = _doctype
        parser.EntityDeclHandler = _entity
        parser.UnparsedEntityDeclHandler = _unparsed
        parser.ExternalEntityRefHandler = _external
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        events = events if events is not None else Bare()
        parser.StartElementHandler = events.start
        parser.EndElementHandler = events.stop
        if on_pi is not None:
            parser.ProcessingInstructionHandler = on_pi
        if on_namespace is not None:
            parser.StartNamespaceDeclHandler = on_namespace
        self.parser = parser
        self.events = events

    def feed(self, data: bytes) -> None:
        with _errors():
            self.parser.Parse(data, False)

    def close(self) -> None:
        with _errors():
            self.parser.Parse(b"", True)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except ValidationFailed:
        raise
    except DefusedXmlException as exc:
        raise ValidationFailed("xml_unsafe") from exc
    except (expat.ExpatError, ValueError, UnicodeError, LookupError) as exc:
        raise ValidationFailed("xml_malformed") from exc


def parse(data: bytes, stream: Stream) -> None:
    source = io.BytesIO(data)
    while chunk := source.read(_CHUNK):
        stream.feed(chunk)
    stream.close()


class _Document(Events):
    def element(self, name: str, attrs: dict[str, str]) -> None:
        uri, local = split(name)
        if uri in ACTIVE_NAMESPACES or local.lower() in _ACTIVE_NAMES:
            raise ValidationFailed("xml_unsafe")
        for key in attrs:
            if split(key)[0] in ACTIVE_NAMESPACES:
                raise ValidationFailed("xml_unsafe")


def _refuse_namespace(prefix: str | None, uri: str) -> None:
    if uri in ACTIVE_NAMESPACES:
        raise ValidationFailed("xml_unsafe")


def _refuse_pi(target: str, data: str) -> None:
    # <?xml-stylesheet?> makes a browser run a transformation; a document needs no PI
    raise ValidationFailed("xml_unsafe")


def check_xml(content: bytes) -> None:
    """An uploaded XML document: well-formed, no DTD, entity or processing instruction, no
    active namespace or element anywhere, at most MAX_DEPTH deep."""
    parse(content, Stream(_Document(), on_pi=_refuse_pi, on_namespace=_refuse_namespace))
