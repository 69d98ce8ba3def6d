"""Hostile documents: XML bombs and external references, PDF bombs and broken structure,
polyglots, images, and the trust store's certificates. Each generator is named for its attack;
corpus.py registers them."""

from __future__ import annotations

import base64
import io
import itertools
import re
import struct
import zlib

from tests.factories import pdf_bytes, png_bytes
from tests.hostile import builders as b
from tests.hostile.builders import HTML, SVG, jpeg

# --- XML: entities, external references, inclusions, active content --------------------------


def xml_billion_laughs() -> bytes:
    names = b"abcdefghij"
    entities = [b'<!ENTITY a "lol">']
    for prev, cur in itertools.pairwise(names):
        entities.append(b'<!ENTITY %c "%s">' % (cur, b"&%c;" % prev * 10))
    return b'<?xml version="1.0"?><!DOCTYPE l [' + b"".join(entities) + b"]><l>&j;</l>"


def xml_quadratic() -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "'
        + b"a" * 50_000
        + b'">]><q>'
        + b"&a;" * 50_000
        + b"</q>"
    )


XML_FILES = {
    "xml_external_entity": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    "xml_parameter_entity": (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><r/>'
    ),
    "xml_bare_doctype": b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/r.dtd"><r/>',
    "xml_xinclude": b'<r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></r>',
    "xml_stylesheet": b'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="data:,x"?><ToKhai/>',
    "xml_stylesheet_late": b"<ToKhai><Muc/><?xml-stylesheet href='x.xsl'?></ToKhai>",
    "xml_xslt_inside": (
        b'<r><x:stylesheet xmlns:x="http://www.w3.org/1999/XSL/Transform" version="1.0"/></r>'
    ),
    "xml_svg_inside": b"<ToKhai><Muc>1</Muc>" + SVG + b"</ToKhai>",
    "xml_xhtml_namespace_declared": b'<ToKhai xmlns:h="http://www.w3.org/1999/xhtml"><Muc h:onclick="x"/></ToKhai>',
    "xml_script_element": b"<ToKhai><script>alert(1)</script></ToKhai>",
    "xml_utf7": b'<?xml version="1.0" encoding="UTF-7"?><r>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</r>',
    "xml_deep_nesting": b"<a>" * 100_000 + b"</a>" * 100_000,
}


# --- PDF bombs and broken structure -----------------------------------------------------------


def pdf_deep_nesting() -> bytes:
    """The finding: 100,000 nested arrays (RecursionError in the reader)."""
    return b.pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 100_000 + b"]" * 100_000 + b" >>",
            *b.PAGE_TREE[1:],
        ]
    )


def pdf_deep_dictionaries() -> bytes:
    return b.pdf([*b.PAGE_TREE, b"<< /A " * 50_000 + b">>" * 50_000])


def pdf_flate_bomb() -> bytes:
    """A page whose content stream inflates to 512 MB."""
    bomb = b.zeros_deflated(512 * b.MiB)
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
    return b.pdf([*b.PAGE_TREE[:2], page, content])


def pdf_object_stream_bomb() -> bytes:
    """An object stream (read to find objects) that claims a million objects and inflates
    to 256 MB."""
    head = b" ".join(b"%d 0" % (i + 10) for i in range(1000))
    data, _ = b.deflate_repeated(b"\0" * b.MiB, 256, prefix=head + b" ")
    objstm = (
        b"<< /Type /ObjStm /N 1000000 /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
        % (
            len(head) + 1,
            len(data),
        )
    )
    return b.pdf([*b.PAGE_TREE, objstm + data + b"\nendstream"])


def pdf_xref_stream_bomb() -> bytes:
    body = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\n"
    data = b.zeros_deflated(256 * b.MiB)
    xref_at = len(body)
    body += (
        b"2 0 obj\n<< /Type /XRef /Size 3 /W [1 4 2] /Root 1 0 R /Length %d /Filter /FlateDecode >>\nstream\n"
        % len(data)
    )
    body += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return body


def pdf_xref_loop() -> bytes:
    """Two xref sections, each naming the other as the previous one."""
    base = pdf_bytes("loop")
    first = int(base.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    update = b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /Root 1 0 R /Prev %d >>\n"
    second = len(base)
    out = base + update % (second,) + b"startxref\n%d\n%%%%EOF\n" % second
    return out.replace(
        b"/Root 1 0 R >>\nstartxref\n%d" % first,
        b"/Root 1 0 R /Prev %d >>\nstartxref\n%d" % (second, first),
        1,
    )


def pdf_page_tree_loop() -> bytes:
    return b.pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b.PAGE_TREE[2],
        ]
    )


def pdf_many_objects() -> bytes:
    return b.pdf([*b.PAGE_TREE, *([b"null"] * 150_000)])


def pdf_many_revisions() -> bytes:
    data = pdf_bytes("revisions")
    for i in range(300):
        prev = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
        at = len(data)
        obj = b"4 0 obj\n(%d)\nendobj\n" % i
        xref = at + len(obj)
        data += (
            obj
            + b"xref\n4 1\n%010d 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (
                at,
                prev,
                xref,
            )
        )
    return data


def pdf_signature_deep_cms() -> bytes:
    """A signature field whose CMS blob is 20,000 SEQUENCEs deep: the file's structure is
    sound, the signature is not readable."""
    cms = b.der_nested(20_000)
    sig = (
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <%s> >>"
        % cms.hex().encode()
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
        b.PAGE_TREE[1],
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /FT /Sig /T (Signature1) /V 5 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>",
        sig,
    ]
    return b.pdf(objects)


def pdf_encrypted() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- polyglots ------------------------------------------------------------------------------


def pdf_html_after_64k() -> bytes:
    base = pdf_bytes("polyglot")
    pad = b"%" + b"p" * 70_000 + b"\n%" + HTML + b"\n"
    header_end = base.index(b"\n", base.index(b"\n") + 1) + 1
    body = base[:header_end] + pad + base[header_end:]
    # the offsets moved: rebuild the xref from the shifted objects
    return _reindex(body)


def _reindex(data: bytes) -> bytes:
    """Fix the xref offsets of a file built by b.pdf after bytes were inserted before them."""
    head, _, _ = data.rpartition(b"xref\n")
    offsets = [m.start() for m in re.finditer(rb"(?m)^\d+ 0 obj\n", head)]
    xref = len(head)
    table = b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1) + b"".join(
        b"%010d 00000 n \n" % o for o in offsets
    )
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref,
    )
    return head + table + trailer


POLYGLOTS = {
    "pdf_svg_onload": b"%PDF-1.7\n" + SVG + b"\n%%EOF\n",
    "pdf_html_appended": pdf_bytes("appended") + HTML,
    "png_magic_then_html": b"\x89PNG\r\n\x1a\n" + HTML,
    "jpeg_magic_then_html": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + HTML,
}


def png_then_html() -> bytes:
    return png_bytes() + HTML


def jpeg_then_html() -> bytes:
    return jpeg() + HTML


def xml_svg_polyglot() -> bytes:
    return b'<?xml version="1.0"?>' + SVG


# --- images ---------------------------------------------------------------------------------


def png_decompression_bomb() -> bytes:
    """A PNG header claiming 60,000 x 60,000 pixels over a few kilobytes of zeros."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 60_000, 60_000, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * (60_000 // 8 + 1) * 1000, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_huge_frame() -> bytes:
    data = bytearray(jpeg((16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = bytes.fromhex("fde8fde8")  # 65000 x 65000
    return bytes(data)


def png_bad_crc() -> bytes:
    data = bytearray(png_bytes())
    data[29] ^= 0xFF  # inside IHDR's CRC
    return bytes(data)


# --- truncated ------------------------------------------------------------------------------


# --- certificates and revocation lists (the trust store) -------------------------------------


def certificate_deep_nesting() -> bytes:
    return b.der_nested(50_000)


def certificate_huge_length() -> bytes:
    return b"\x30\x88\x7f\xff\xff\xff\xff\xff\xff\xff" + b"\x00" * 64


def certificate_pem_of_garbage() -> bytes:
    return b"-----BEGIN CERTIFICATE-----\n" + b"QUJD" * 100 + b"\n-----END CERTIFICATE-----\n"


def crl_pem_deep_nesting() -> bytes:

    der = b.der_nested(20_000)
    return b"-----BEGIN X509 CRL-----\n" + base64.encodebytes(der) + b"-----END X509 CRL-----\n"
