"""Generate the demo's images (Pillow) and documents (a hand-written PDF).

Nothing binary is committed: the files are drawn from `media.yaml` on load.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


def draw_neighbourhood(data):
    """Return a PNG of a few houses and trees under a sun."""
    width, height = 800, 450
    image = Image.new("RGB", (width, height), "#cfe8f7")
    draw = ImageDraw.Draw(image)
    draw.ellipse((640, 40, 740, 140), fill="#f7c948")
    draw.rectangle((0, 330, width, height), fill="#7cb342")
    for left, colour in ((90, "#e57373"), (300, "#ffb74d"), (510, "#90a4ae")):
        draw.rectangle((left, 220, left + 150, 340), fill=colour)
        draw.polygon(
            [(left - 15, 225), (left + 75, 150), (left + 165, 225)], fill="#6d4c41"
        )
        draw.rectangle((left + 60, 280, left + 90, 340), fill="#5d4037")
    for left in (30, 250, 460, 700):
        draw.rectangle((left + 17, 290, left + 27, 340), fill="#5d4037")
        draw.ellipse((left, 230, left + 44, 300), fill="#2e7d32")
    return png_bytes(image)


def draw_monogram(data):
    """Return a PNG of white letters on a coloured disc, a stand-in for a logo."""
    size = 400
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, size - 10, size - 10), fill=data.get("colour", "#2e7d32"))
    font = ImageFont.load_default(size=150 if len(data["text"]) < 3 else 110)
    draw.text((size / 2, size / 2), data["text"], fill="white", font=font, anchor="mm")
    return png_bytes(image)


DRAWINGS = {"neighbourhood": draw_neighbourhood, "monogram": draw_monogram}


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_string(text):
    """Return `text` as a PDF literal string in WinAnsi (cp1252) encoding."""
    raw = text.encode("cp1252", errors="replace")
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def minimal_pdf(title, date, lines=()):
    """Return the bytes of a valid one-page PDF showing `title`, `date` and `lines`."""
    text = [b"BT /F1 18 Tf 56 770 Td " + pdf_string(title) + b" Tj ET"]
    text.append(b"BT /F1 12 Tf 56 740 Td " + pdf_string(date) + b" Tj ET")
    for index, line in enumerate(lines):
        y = str(700 - 18 * index).encode()
        text.append(b"BT /F1 11 Tf 56 " + y + b" Td " + pdf_string(line) + b" Tj ET")
    stream = b"\n".join(text)
    day, month, year = date.split("/")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream",
        b"<< /Title "
        + pdf_string(title)
        + f" /CreationDate (D:{year}{month}{day}000000) >>".encode(),
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = output.tell()
    output.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        output.write(f"{offset:010d} 00000 n \n".encode())
    output.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return output.getvalue()


def ensure_image(data):
    """Return the image titled `data['title']`, drawing it if missing, and whether it was made."""
    Image_ = get_image_model()
    image = Image_.objects.filter(title=data["title"]).first()
    if image is not None:
        return image, False
    content = DRAWINGS[data["drawing"]](data)
    image = Image_(
        title=data["title"],
        file=ImageFile(io.BytesIO(content), name=f"demo-{data['key']}.png"),
        credit=data.get("credit", ""),
        description=data.get("description", ""),
    )
    image.save()
    return image, True


def ensure_document(data):
    """Return the document titled `data['title']`, generating its PDF if missing."""
    Document = get_document_model()
    document = Document.objects.filter(title=data["title"]).first()
    if document is not None:
        return document, False
    pdf = data["pdf"]
    content = minimal_pdf(pdf["title"], pdf["date"], pdf.get("lines", ()))
    document = Document(
        title=data["title"], file=ContentFile(content, name=data["filename"])
    )
    document.save()
    return document, True
