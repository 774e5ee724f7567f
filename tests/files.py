"""Small .docx and .pdf files made in the test itself (invented text only)."""

from __future__ import annotations

import io


def make_docx(paragraphs: list[tuple[str, str]], title: str | None = None) -> bytes:
    """``paragraphs``: (style, text) with styles like "Title", "Heading 1", "List Bullet", "Normal"."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_string(text: str) -> str:
    out = []
    for byte in text.encode("cp1252"):
        char = chr(byte)
        if char in "()\\":
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A valid PDF with one text line per entry (Helvetica, WinAnsi, so æøå work); '' is a gap."""
    objects: list[str] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    info_id = font_id + 1
    objects.append("<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] /Count {len(pages)} >>")
    for page_id, lines in zip(page_ids, pages):
        ops = ["BT", "/F1 11 Tf", "14 TL", "60 780 Td"]
        for line in lines:
            ops.append(f"{_pdf_string(line)} Tj T*" if line else "T*")
        ops.append("ET")
        stream = "\n".join(ops)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {page_id + 1} 0 R "
                       f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>")
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(f"<< /Title {_pdf_string(title)} >>" if title else "<< >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_id} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return out


def make_blank_pdf() -> bytes:
    """A PDF without a text layer, like a scan."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


SAMPLE_PDF_PAGES = [[
    "Erfaringer fra salonen om partnerskabets skala",
    "",
    "Deltagerne drøftede, hvor stor en portefølje et strategisk partnerskab bør have,",
    "før de faste samarbejdspartnere kan høste gevinsterne ved gentagelse.",
    "",
    "Portefølje og tempo",
    "",
    "En bygherre fortalte, at en jævn strøm af renoveringssager gør det lettere at",
    "holde på de samme folk fra sag til sag, og at læringen dermed bliver i teamet.",
]]
