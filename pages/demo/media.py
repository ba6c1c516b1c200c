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


def draw_tree(draw, x, ground, size=1.0, leaves="#2e7d32"):
    trunk = int(10 * size)
    draw.rectangle(
        (x - trunk // 2, ground - 60 * size, x + trunk // 2, ground), fill="#5d4037"
    )
    draw.ellipse(
        (x - 34 * size, ground - 120 * size, x + 34 * size, ground - 45 * size),
        fill=leaves,
    )


def draw_eco_district(data):
    """Return a PNG of apartment blocks with green roofs and solar panels, a tram and trees."""
    width, height = 1200, 675
    image = Image.new("RGB", (width, height), "#d6ecfa")
    draw = ImageDraw.Draw(image)
    draw.ellipse((1020, 50, 1120, 150), fill="#f7c948")
    for left, top, colour in (
        (60, 220, "#e8d5b5"),
        (300, 160, "#f1e3c8"),
        (560, 250, "#d7ccc8"),
        (800, 190, "#eadbc8"),
    ):
        right = left + 200
        draw.rectangle((left, top, right, 520), fill=colour, outline="#8d6e63", width=3)
        draw.rectangle((left, top - 18, right, top), fill="#689f38")
        for panel in range(left + 15, right - 40, 45):
            draw.polygon(
                [
                    (panel, top - 18),
                    (panel + 35, top - 18),
                    (panel + 28, top - 42),
                    (panel + 7, top - 42),
                ],
                fill="#1e3a5f",
            )
        for row in range(top + 25, 480, 55):
            for col in range(left + 22, right - 30, 48):
                draw.rectangle(
                    (col, row, col + 28, row + 34), fill="#90caf9", outline="#5d4037"
                )
                draw.rectangle((col - 2, row + 34, col + 30, row + 40), fill="#66bb6a")
    draw.rectangle((0, 520, width, height), fill="#9e9e9e")
    draw.rectangle((0, 560, width, 575), fill="#4caf50")
    draw.rectangle((0, 600, width, 612), fill="#616161")
    draw.rectangle((0, 630, width, height), fill="#c5e1a5")
    draw.rounded_rectangle((380, 505, 760, 598), radius=18, fill="#00796b")
    for window in range(400, 740, 55):
        draw.rectangle((window, 520, window + 40, 555), fill="#b2dfdb")
    draw.line((380, 470, 1200, 470), fill="#424242", width=2)
    draw.line((570, 470, 570, 505), fill="#424242", width=3)
    for x in (40, 280, 540, 1040, 1160):
        draw_tree(draw, x, 660, 0.9)
    for x in (860, 940):
        draw.ellipse((x, 600, x + 26, 626), outline="#212121", width=3)
        draw.ellipse((x + 40, 600, x + 66, 626), outline="#212121", width=3)
        draw.line((x + 13, 613, x + 33, 590, x + 53, 613), fill="#c62828", width=3)
    return png_bytes(image)


def draw_park(data):
    """Return a PNG of a neighbourhood park with a path, trees and compost bins."""
    width, height = 1200, 675
    image = Image.new("RGB", (width, height), "#cfe8f7")
    draw = ImageDraw.Draw(image)
    for left, top, colour in (
        (0, 150, "#b0826a"),
        (230, 110, "#c49a6c"),
        (900, 140, "#a1887f"),
        (1070, 100, "#bcaaa4"),
    ):
        draw.rectangle((left, top, left + 200, 360), fill=colour)
        for row in range(top + 20, 340, 50):
            for col in range(left + 20, left + 180, 45):
                draw.rectangle((col, row, col + 24, row + 30), fill="#fff3e0")
        draw.polygon(
            [
                (left + 40, top),
                (left + 40, top - 30),
                (left + 70, top - 30),
                (left + 70, top),
            ],
            fill="#424242",
        )
    draw.rectangle((0, 360, width, height), fill="#8bc34a")
    draw.polygon([(520, height), (680, height), (640, 360), (580, 360)], fill="#d7ccc8")
    for x, size in (
        (100, 1.3),
        (330, 1.6),
        (850, 1.5),
        (1100, 1.2),
        (460, 1.0),
        (760, 1.1),
    ):
        draw_tree(draw, x, 470 + int(60 * (size - 1)), size, "#388e3c")
    for left in (860, 910, 960):
        draw.rectangle(
            (left, 560, left + 42, 620), fill="#558b2f", outline="#33691e", width=3
        )
    draw.rectangle((200, 580, 330, 595), fill="#795548")
    draw.rectangle((210, 595, 220, 620), fill="#5d4037")
    draw.rectangle((310, 595, 320, 620), fill="#5d4037")
    return png_bytes(image)


def draw_shared_garden(data):
    """Return a PNG of vegetable beds and residents at the foot of apartment blocks."""
    width, height = 1200, 675
    image = Image.new("RGB", (width, height), "#e1f5fe")
    draw = ImageDraw.Draw(image)
    for left, colour in ((40, "#ffccbc"), (420, "#ffe0b2"), (800, "#d1c4e9")):
        draw.rectangle(
            (left, 80, left + 340, 400), fill=colour, outline="#6d4c41", width=3
        )
        for row in range(110, 380, 60):
            for col in range(left + 25, left + 320, 62):
                draw.rectangle(
                    (col, row, col + 36, row + 40), fill="#b3e5fc", outline="#6d4c41"
                )
                draw.line((col, row + 40, col + 36, row + 40), fill="#6d4c41", width=4)
    draw.rectangle((0, 400, width, height), fill="#a5d6a7")
    for left in (80, 400, 720):
        draw.rectangle((left, 470, left + 260, 560), fill="#6d4c41")
        for plant in range(left + 20, left + 250, 34):
            draw.ellipse((plant, 440, plant + 26, 480), fill="#2e7d32")
            draw.ellipse((plant + 8, 478, plant + 18, 488), fill="#e53935")
    for x, shirt in ((350, "#1565c0"), (700, "#ef6c00"), (1050, "#ad1457")):
        draw.ellipse((x - 16, 540, x + 16, 572), fill="#8d5524")
        draw.rectangle((x - 20, 572, x + 20, 630), fill=shirt)
        draw.rectangle((x - 18, 630, x - 4, 665), fill="#37474f")
        draw.rectangle((x + 4, 630, x + 18, 665), fill="#37474f")
    draw.rectangle((1040, 430, 1180, 445), fill="#795548")
    draw_tree(draw, 1130, 640, 1.2)
    return png_bytes(image)


DRAWINGS = {
    "neighbourhood": draw_neighbourhood,
    "monogram": draw_monogram,
    "eco_district": draw_eco_district,
    "park": draw_park,
    "shared_garden": draw_shared_garden,
}


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
