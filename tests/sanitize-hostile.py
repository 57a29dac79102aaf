#!/usr/bin/env python3
# sanitize-hostile.py - write the hostile set of tests/sanitize-run.sh
#
#   tests/sanitize-hostile.py OUTDIR SAMPLES-INBOX FIELD-DIR
#
# Files made to hurt a parser, generated at run time (never committed):
# truncated and bit-flipped copies of the sample TIFF, PNG and JPEG pages
# and of a few field PDFs and zips; a zip bomb (a TIFF-looking member of 200 MB of
# zeros, ratio ~1000) and a tar.gz bomb of text; archives with "../" and
# absolute member names, symbolic and hard links; archives nested past
# the depth limit (ARCHIVE_MAX_DEPTH 3) and one that holds itself; PDFs
# claiming 10^9 pages, with a broken or missing xref, a loop in the page
# tree; a TIFF claiming 100000x100000 pixels and one of 2^31-1 rows; an
# empty file.  The fifo and the fuzz reproducers are the caller's.
# Deterministic: the flips come from a fixed seed.
import io
import os
import random
import struct
import sys
import tarfile
import zipfile

out, inbox, field = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
rnd = random.Random(13)


def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def mangle(tag, path):
    """truncated at 1/2, at 1/10, after 64 bytes; 3 copies bit-flipped"""
    data = open(path, "rb").read()
    base = tag + "-" + os.path.basename(path)
    stem, ext = os.path.splitext(base)
    put(stem + "-half" + ext, data[:len(data) // 2])
    put(stem + "-tenth" + ext, data[:len(data) // 10])
    put(stem + "-head" + ext, data[:64])
    for k in range(3):
        b = bytearray(data)
        # flips in the headers (first 1 KiB) and anywhere
        for _ in range(8):
            b[rnd.randrange(8, min(len(b), 1024))] ^= 1 << rnd.randrange(8)
        for _ in range(24):
            b[rnd.randrange(8, len(b))] ^= 1 << rnd.randrange(8)
        put("%s-flip%d%s" % (stem, k, ext), bytes(b))


# sample pages: the first two of each kind
kinds = {}
for n in sorted(os.listdir(inbox)):
    ext = os.path.splitext(n)[1].lower()
    if ext in (".tif", ".png", ".jpg") and kinds.get(ext, 0) < 2:
        kinds[ext] = kinds.get(ext, 0) + 1
        mangle("sample", os.path.join(inbox, n))
# field PDFs: the four smallest
pdfs = []
for d, _, fs in os.walk(field):
    pdfs += [os.path.join(d, f) for f in fs if f.lower().endswith(".pdf")]
pdfs.sort(key=lambda p: (os.path.getsize(p), p))
for p in pdfs[:4]:
    mangle("field", p)
# field archives: the smallest zip and the largest under 100 KB
zips = []
for d, _, fs in os.walk(field):
    zips += [os.path.join(d, f) for f in fs if f.lower().endswith(".zip")]
zips.sort(key=lambda p: (os.path.getsize(p), p))
small = [p for p in zips if os.path.getsize(p) < 100000]
for p in sorted(set(small[:1] + small[-1:])):
    mangle("field", p)

png = open(os.path.join(inbox, sorted(
    n for n in os.listdir(inbox) if n.endswith(".png"))[0]), "rb").read()


def zinfo(name, mode=0o100644):
    zi = zipfile.ZipInfo(name, (2026, 12, 1, 0, 0, 0))
    zi.create_system = 3
    zi.external_attr = mode << 16
    zi.compress_type = zipfile.ZIP_DEFLATED
    return zi


# zip bomb: a member that looks like a TIFF, then 200 MB of zeros
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z:
    with z.open(zinfo("bomb.tif"), "w", force_zip64=True) as m:
        m.write(b"II*\0\x08\0\0\0")
        zero = bytes(1 << 20)
        for _ in range(200):
            m.write(zero)
put("bomb.zip", b.getvalue())
# tar.gz bomb of text members (drained, not taken)
b = io.BytesIO()
with tarfile.open(fileobj=b, mode="w:gz") as t:
    for i in range(4):
        ti = tarfile.TarInfo("text%d.txt" % i)
        ti.size = 64 << 20
        t.addfile(ti, io.BytesIO(bytes(ti.size)))
put("bomb.tar.gz", b.getvalue())

# names that climb out, absolute names, links
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z:
    z.writestr(zinfo("../../../../tmp/dossier-evil.png"), png)
    z.writestr(zinfo("/tmp/dossier-abs.png"), png + b"\0" * 1)
    z.writestr(zinfo("link-etc", 0o120777), "/etc/passwd")
    z.writestr(zinfo("link-up", 0o120777), "../../../etc/shadow")
    z.writestr(zinfo("dir/"), "")
    z.writestr(zinfo("ok.png"), png + b"\0" * 2)
put("paths.zip", b.getvalue())
b = io.BytesIO()
with tarfile.open(fileobj=b, mode="w") as t:
    for name, data in (("../../escape.png", png + b"\0" * 3),
                       ("/abs/escape.png", png + b"\0" * 4)):
        ti = tarfile.TarInfo(name)
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
    ti = tarfile.TarInfo("sym")
    ti.type = tarfile.SYMTYPE
    ti.linkname = "/etc/passwd"
    t.addfile(ti)
    ti = tarfile.TarInfo("hard")
    ti.type = tarfile.LNKTYPE
    ti.linkname = "../../escape.png"
    t.addfile(ti)
    ti = tarfile.TarInfo("dev")
    ti.type = tarfile.CHRTYPE
    ti.devmajor, ti.devminor = 1, 3
    t.addfile(ti)
    ti = tarfile.TarInfo("fifo")
    ti.type = tarfile.FIFOTYPE
    t.addfile(ti)
put("paths.tar", b.getvalue())

# nested 6 deep (the limit is 3): a zip in a zip in ... a PNG
data, name = png + b"\0" * 5, "page.png"
for d in range(6):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr(zinfo(name), data)
    data, name = b.getvalue(), "level%d.zip" % d
put("nested6.zip", data)
# an archive holding a copy of itself one level down
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w") as z:
    z.writestr(zinfo("p.png"), png + b"\0" * 6)
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z:
    z.writestr(zinfo("self.zip"), inner.getvalue())
    z.writestr(zinfo("p.png"), png + b"\0" * 6)
put("selfish.zip", b.getvalue())
# many entries (past ARCHIVE_MAX_ENTRIES 10000), all empty
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_STORED) as z:
    for i in range(10050):
        z.writestr("e%05d" % i, b"")
put("entries.zip", b.getvalue())


def pdf(objs, xref=True, trailer_extra=b""):
    """a PDF of OBJS (bytes bodies, numbered from 1)"""
    s = io.BytesIO()
    s.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(s.tell())
        s.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    x = s.tell()
    if xref:
        s.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
        for o in offs:
            s.write(b"%010d 00000 n \n" % o)
    s.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, trailer_extra, x))
    return s.getvalue()


page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"
put("pages-1e9.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>", page]))
put("pages-negative.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count -5 >>", page]))
put("pages-loop.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", page]))
put("mediabox-huge.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /UserUnit 75000 >>"]))
good = pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page])
put("xref-none.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page], xref=False))
put("xref-garbage.pdf", good.replace(b"0000000009 00000 n", b"9999999999 99999 n"))
put("startxref-huge.pdf", good[:good.rfind(b"startxref")] +
    b"startxref\n99999999999999999999\n%%EOF\n")
put("pdf-header-only.pdf", b"%PDF-1.7\n")

# TIFFs that claim enormous pages
def tiff(w, h, bps=1):
    ents = [(256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, bps),
            (259, 3, 1, 1), (262, 3, 1, 0), (273, 4, 1, 8),
            (278, 4, 1, h), (279, 4, 1, 16)]
    ifd = struct.pack("<H", len(ents))
    for tag, typ, n, v in ents:
        if typ == 3:
            ifd += struct.pack("<HHIHH", tag, typ, n, v, 0)
        else:
            ifd += struct.pack("<HHII", tag, typ, n, v)
    ifd += struct.pack("<I", 0)
    return b"II*\0" + struct.pack("<I", 24) + bytes(16) + ifd


put("huge-100000x100000.tif", tiff(100000, 100000))
put("huge-1x2147483647.tif", tiff(1, 2147483647, 8))
put("zero-0x0.tif", tiff(0, 0))
# a TIFF whose IFD points at itself (a loop of directories)
t = bytearray(tiff(10, 10))
t[-4:] = struct.pack("<I", 24)
put("ifd-loop.tif", bytes(t))
# a PNG claiming 100000x100000 (IHDR only, its CRC right)
import zlib
ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)
put("huge.png", b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" +
    ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)) +
    struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND")))
put("empty.tif", b"")
put("magic-only.png", b"\x89PNG\r\n\x1a\n")
put("magic-only.jpg", b"\xff\xd8\xff")
