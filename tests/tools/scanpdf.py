#!/usr/bin/env python3
"""scanpdf.py OUT JPEG[:DPI[:invert]]... - a PDF as a scanner writes it

One page per JPEG, the JPEG's bytes as they are (DCTDecode), drawn over the
whole page at DPI: by default the resolution of its JFIF header in dots
per inch (or per cm), 300 when it says none.  ":invert" adds the decode
array /Decode [1 0] (grey) or [1 0 1 0 1 0] (colour): the PDF then says
to read the JPEG inverted.

As a module (tests that make PDFs of other images): write(OUT, IMAGES),
an image a tuple (width, height, dpi, entries of its image dictionary
after /BitsPerComponent 8, its stream's bytes); jpeg_image(PATH, DPI,
INVERT) such a tuple for a JPEG file.
"""
import struct
import sys


def jpeg_info(data):
    """width, height, components and JFIF dots per inch (0: none) of DATA"""
    if data[:2] != b"\xff\xd8":
        raise SystemExit("not a JPEG")
    i, dpi = 2, 0
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise SystemExit("bad JPEG marker")
        m = data[i + 1]
        n = struct.unpack(">H", data[i + 2:i + 4])[0]
        seg = data[i + 4:i + 2 + n]
        if m == 0xE0 and seg[:5] == b"JFIF\0":
            unit, x = seg[7], struct.unpack(">H", seg[8:10])[0]
            dpi = x if unit == 1 else round(x * 2.54) if unit == 2 else 0
        if m in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", seg[1:5])
            return w, h, seg[5], dpi
        i += 2 + n
    raise SystemExit("no frame header in the JPEG")


def jpeg_image(path, dpi=0, invert=False):
    """the JPEG file PATH as an image of write(), at DPI (0: its own)"""
    data = open(path, "rb").read()
    w, h, n, own = jpeg_info(data)
    dpi = dpi or own
    dpi = dpi if 50 <= dpi <= 2400 else 300
    cs = {1: b"/DeviceGray", 3: b"/DeviceRGB", 4: b"/DeviceCMYK"}[n]
    entries = b"/ColorSpace %s /Filter /DCTDecode" % cs
    if invert:
        entries += b" /Decode [%s]" % b" ".join([b"1 0"] * n)
    return w, h, dpi, entries, data


def write(out_name, images):
    """OUT_NAME: a PDF of a page per image, each drawn over its page"""
    objs, kids = [None, None], []
    for w, h, dpi, entries, data in images:
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        k = len(objs)
        c = b"q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q" % (pw, ph)
        objs.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d"
                    b" /BitsPerComponent 8 %s /Length %d >>\nstream\n"
                    % (w, h, entries, len(data)) + data + b"\nendstream")
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(c), c))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.3f %.3f]"
                    b" /Resources << /XObject << /Im0 %d 0 R >> >>"
                    b" /Contents %d 0 R >>" % (pw, ph, k + 1, k + 2))
        kids.append(k + 3)
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i + 1, o)
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, x)
    with open(out_name, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: scanpdf.py OUT JPEG[:DPI[:invert]]...")
    pages = []
    for arg in sys.argv[2:]:
        p = arg.split(":")
        pages.append(jpeg_image(p[0], int(p[1]) if len(p) > 1 and p[1] else 0,
                                len(p) > 2 and p[2] == "invert"))
    write(sys.argv[1], pages)
