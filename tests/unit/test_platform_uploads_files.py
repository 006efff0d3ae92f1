"""The kernel's file rules used by chat attachments: a PDF's skeleton check and the names files are shown
and downloaded with."""

from __future__ import annotations

import pytest

from conectar.platform.errors import BusinessRuleError
from conectar.platform.uploads import check_pdf, safe_filename
from tests.factories import PDF

XREF_PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
)
XREF_PDF += b"xref\n0 3\ntrailer\n<< /Root 1 0 R /Size 3 >>\nstartxref\n" + str(len(XREF_PDF)).encode()
XREF_PDF += b"\n%%EOF\n"


@pytest.mark.parametrize(
    "data", [PDF, XREF_PDF, XREF_PDF + b"\r\n", b"%PDF-2.0\n1 0 obj<<>>endobj trailer<<>>%%EOF"]
)
def test_real_pdfs_pass(data: bytes) -> None:
    check_pdf(data)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-",  # a signature and nothing else
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n",  # no end-of-file marker
        b"%PDF-1.4\ntrailer\n<<>>\n%%EOF",  # no object at all
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n99999\n%%EOF",  # cross-reference outside the file
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF",  # neither trailer nor startxref
        b"  %PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF",  # not at byte 0
        b"%PDF-9.9\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF",  # no such version
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF" + b"\x00" * 4096,  # the marker is not near the end
    ],
)
def test_what_only_looks_like_a_pdf_is_refused(data: bytes) -> None:
    with pytest.raises(BusinessRuleError, match="PDF"):
        check_pdf(data)


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("foto.jpg", "webp", "foto.webp"),
        ("C:\\Users\\ana\\Desktop\\plano.final.png", "webp", "plano.final.webp"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ('a"b<c>d|e?.pdf', "pdf", "a_b_c_d_e.pdf"),
        ("línea\r\nX-Header: 1.pdf", "pdf", "línea_X-Header_ 1.pdf"),
        ("", "pdf", "archivo.pdf"),
        (None, "webp", "archivo.webp"),
        ("...", "pdf", "archivo.pdf"),
        (".bashrc", "pdf", "bashrc.pdf"),
        ("x" * 300 + ".pdf", "pdf", "x" * 116 + ".pdf"),
    ],
)
def test_file_names_are_cleaned_and_carry_the_stored_extension(
    name: str | None, extension: str, expected: str
) -> None:
    assert safe_filename(name, extension) == expected
