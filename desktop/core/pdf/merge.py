"""Several PDFs as one file, for printing many documents at once (each keeps its own page numbers)."""

from __future__ import annotations

import io


def merge_pdfs(parts: list[bytes]) -> bytes:
    if len(parts) == 1:
        return parts[0]
    import pypdfium2 as pdfium  # loads only when several documents are printed together

    out = pdfium.PdfDocument.new()
    for data in parts:
        out.import_pages(pdfium.PdfDocument(data))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
