#!/usr/bin/env python3
# generate.py - writes the malformed-mail corpus.
#
#   generate.py small DIR   the small inputs, committed in tests/data/malformed/
#   generate.py big DIR [STAMP]  the big ones (megabytes each), written at test time
#
# Every input is deterministic: the same bytes on every run. manifest.tsv
# says what Whence must make of each one.
import base64
import os
import random
import sys

RCVD_DATE = b"Fri, 1 Jan 2021 00:00:00 +0000"


def msg(headers, body=b"hello\n"):
    return headers + b"\n" + body


def received(i):
    return (b"Received: from h%d.example.net (h%d.example.net [192.0.2.%d]) "
            b"by mx.example.com (Postfix) with ESMTP id ID%d for <you@example.com>; %s\n"
            % (i, i, i % 250 + 1, i, RCVD_DATE))


BASIC = (b"Return-Path: <a@example.org>\n" + received(1) +
         b"From: Alice <a@example.org>\nTo: you@example.com\nSubject: test\n"
         b"Date: Fri, 1 Jan 2021 00:00:00 +0000\nMessage-ID: <1@example.org>\n")


def with_date(date):
    return msg(b"Received: from x.example.net ([192.0.2.1]) by mx.example.com; " + date + b"\n"
               b"From: a@example.org\nSubject: date\nDate: " + date + b"\n")


def with_rcvd(line):
    return msg(b"Received: " + line + b"\n" + received(2) + b"From: a@example.org\nSubject: ip\n")


def attachment(filename_header, payload=b"TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAA=\n"):
    return (b"From: a@example.org\nSubject: att\nMIME-Version: 1.0\n"
            b"Content-Type: multipart/mixed; boundary=\"XX\"\n\n"
            b"--XX\nContent-Type: text/plain\n\nsee attached\n"
            b"--XX\nContent-Type: application/octet-stream\n"
            b"Content-Transfer-Encoding: base64\n" + filename_header + b"\n\n" + payload +
            b"--XX--\n")


def small():
    rnd = random.Random(8)
    files = {
        "empty.eml": b"",
        "one-byte.eml": b"x",
        "one-newline.eml": b"\n",
        "only-blank-lines.eml": b"\r\n\r\n\n\n   \n",
        "binary-random.bin": rnd.randbytes(4096),
        "png-named-eml.eml": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "zip-named-eml.eml": b"PK\x03\x04" + b"\0" * 200,
        "elf-named-eml.eml": b"\x7fELF\x02\x01\x01" + b"\0" * 200,
        "nul-in-header-name.eml": b"Subj\0ect: hi\nFrom: a@example.org\n\nbody\n",
        "nul-in-header-value.eml": b"From: a@example.org\nSubject: a\0b\n\nbody\n",
        "nul-late-in-received.eml": (b"X-Pad: " + b"p" * 5000 + b"\n" + BASIC +
                                     b"Received: from evil\0.example ([192.0.2.9]) by mx; "
                                     + RCVD_DATE + b"\n\nbody\n"),
        "text-no-colon.txt": b"Dear friend, this is not an email at all\nreally\n",
        "colon-first.eml": b": no name\n\nbody\n",
        "mbox-from-line-only.mbox": b"From nobody Thu Jan  1 00:00:00 1970\n",
        "mbox-empty-messages.mbox": b"From a\n\nFrom b\n\nFrom c\n\n",
        "headers-only.eml": BASIC,
        "header-without-value.eml": b"Received:\nFrom: a@example.org\n\n",
        "received-only-semicolon.eml": b"Received: ;\nReceived: from\nReceived: by\nFrom: a@example.org\n\n",
        "bom-and-blank-lines.eml": b"\xef\xbb\xbf\n\n" + msg(BASIC),
        "cr-only.eml": msg(BASIC).replace(b"\n", b"\r"),
        "crlf.eml": msg(BASIC).replace(b"\n", b"\r\n"),
        "mixed-line-endings.eml": b"".join(
            line + [b"\n", b"\r\n", b"\r", b"\n\r"][i % 4]
            for i, line in enumerate(msg(BASIC + received(7)).split(b"\n"))),
        "folded-forever.eml": b"Received: from a\n" + b" \n\t\n" * 2000 + b" by b; " + RCVD_DATE + b"\nFrom: a@example.org\n\n",
        "invalid-utf8-headers.eml": msg(b"Received: from \xff\xfe.example ([192.0.2.1]) by mx\xc3; " + RCVD_DATE +
                                        b"\nFrom: \xc3\x28 <a@example.org>\nSubject: \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf\n"),
        "mixed-charsets.eml": msg(b"From: =?koi8-r?b?8NLJ18XU?= <a@example.org>\n"
                                  b"Subject: =?iso-2022-jp?b?GyRCJEskWyRzJDQbKEI=?= =?x-unknown?q?=FF=FE?= "
                                  b"=?utf-8?b?w6k=?= \xe9t\xe9 =?utf-8?q?=E2=82?=\n" + received(1),
                                  b"Content-Type: text/plain; charset=x-no-such\n\n\xff\xfe body"),
        "rfc2047-bogus.eml": msg(b"From: =?utf-8?x?abc?= <a@example.org>\nSubject: =?utf-8?b?####?= =?=?= =??=\n"),
        "latin1-8bit-from.eml": msg(b"From: Andr\xe9 M\xfcller <a@example.org>\nSubject: \xe9\xe8\xe0\n" + received(3)),
        "unterminated-boundary.eml": (b"From: a@example.org\nSubject: u\nMIME-Version: 1.0\n"
                                      b"Content-Type: multipart/mixed; boundary=\"ZZ\"\n\n--ZZ\nContent-Type: text/plain\n\nhi\n"
                                      b"--ZZ\nContent-Type: application/octet-stream; name=\"a.exe\"\n"
                                      b"Content-Transfer-Encoding: base64\n\nTVqQAAMAAAAEAAAA\n"),
        "empty-boundary.eml": (b"From: a@example.org\nSubject: e\nContent-Type: multipart/mixed; boundary=\"\"\n\n"
                               b"--\nContent-Type: text/plain\n\nx\n----\n"),
        "multipart-no-boundary.eml": (b"From: a@example.org\nSubject: nb\nContent-Type: multipart/mixed\n\n"
                                      b"--a\nContent-Type: text/plain\n\nx\n--a--\n"),
        "boundary-in-boundary.eml": (b"From: a@example.org\nContent-Type: multipart/mixed; boundary=\"a\"\n\n"
                                     b"--a\nContent-Type: multipart/mixed; boundary=\"a\"\n\n--a\n--a\n--a--\n--a--\n"),
        "base64-on-multipart.eml": (b"From: a@example.org\nContent-Type: multipart/mixed; boundary=\"b\"\n"
                                    b"Content-Transfer-Encoding: base64\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n"),
        "base64-garbage.eml": attachment(b"Content-Disposition: attachment; filename=\"g.bin\"",
                                         b"!!!!====****\x01\x02\n" * 50),
        "uuencode-body.eml": msg(b"From: a@example.org\nSubject: uu\n",
                                 b"begin 644 evil.exe\nM35J0``,````$````__\\``+@`````````0```````\n`\nend\n"),
        "date-year-0.eml": with_date(b"Sat, 1 Jan 0000 00:00:00 +0000"),
        "date-year-99999.eml": with_date(b"Mon, 1 Jan 99999 00:00:00 +0000"),
        "date-month-13.eml": with_date(b"Fri, 1 Tri 2021 00:00:00 +0000"),
        "date-month-number-13.eml": with_date(b"2021-13-45T25:61:61Z"),
        "date-zone-plus9999.eml": with_date(b"Fri, 1 Jan 2021 00:00:00 +9999"),
        "date-zone-minus9999.eml": with_date(b"Fri, 1 Jan 2021 00:00:00 -9999"),
        "date-huge-numbers.eml": with_date(b"Fri, 99999999999999999999 Jan 18446744073709551617 "
                                           b"99999999999:99999999999:9999999999 +99999999999"),
        "date-negative.eml": with_date(b"Fri, -1 Jan -2021 -1:-1:-1 -0000"),
        "date-empty-and-junk.eml": with_date(b";;;; ,,,, :::: ((((((((("),
        "date-many-digits.eml": with_date(b"1" * 10000),
        "ip-999.eml": with_rcvd(b"from a.example.net (a.example.net [999.1.1.1]) by mx.example.com; Fri, 1 Jan 2021 00:00:00 +0000"),
        "ip-too-many-octets.eml": with_rcvd(b"from a ([1.2.3.4.5]) by mx.example.com; Fri, 1 Jan 2021 00:00:00 +0000"),
        "ip-leading-zeros.eml": with_rcvd(b"from a ([010.001.002.003]) by mx.example.com; Fri, 1 Jan 2021 00:00:00 +0000"),
        "ip-v4-mapped.eml": with_rcvd(b"from a ([IPv6:::ffff:198.51.100.7]) by mx.example.com; Fri, 1 Jan 2021 00:00:00 +0000"),
        "ip-v4-mapped-bogus.eml": with_rcvd(b"from a ([IPv6:::ffff:999.1.1.1]) by mx.example.com; Fri, 1 Jan 2021 00:00:00 +0000"),
        "ip-v6-too-long.eml": with_rcvd(b"from a ([IPv6:1:2:3:4:5:6:7:8:9:a]) by mx.example.com; Fri, 1 Jan 2021 00:00:00 +0000"),
        "ip-v6-zone-and-port.eml": with_rcvd(b"from a ([fe80::1%eth0]:25 [::ffff:0:0:1.2.3.4]) by mx.example.com; Fri, 1 Jan 2021 00:00:00 +0000"),
        "ip-ffff-tricks.eml": with_rcvd(b"from a (helo=[::ffff:10.0.0.1]) (::ffff:127.0.0.1) ([::ffff:] [:::]) by mx; Fri, 1 Jan 2021 00:00:00 +0000"),
        "received-deep-comments.eml": with_rcvd(b"from a " + b"(" * 20000 + b"[192.0.2.1]" + b")" * 19000 + b" by mx; " + RCVD_DATE),
        "received-repeated-words.eml": with_rcvd(b"from from from by by by with with id id for for " * 2000 + b"; " + RCVD_DATE),
        "received-all-brackets.eml": with_rcvd(b"[" * 5000 + b"]" * 5000 + b"<" * 5000 + b";" * 100),
        "header-injection-subject.eml": msg(received(1) + b"From: a@example.org\n"
                                            b"Subject: =?utf-8?q?Hi=0D=0ABcc:_victim@example.com=0D=0A=0D=0A<script>?=\n"),
        "header-injection-from.eml": msg(received(1) + b"From: =?utf-8?q?Bob=0D=0AX-Evil:_1?= <a@example.org>\n"
                                         b"Message-ID: <x\r\nBcc: y@example.com@example.org>\nSubject: inj\n"),
        "filename-path-traversal.eml": attachment(b"Content-Disposition: attachment; filename=\"../../../../.bashrc\""),
        "filename-absolute-and-backslash.eml": attachment(b"Content-Disposition: attachment; filename=\"/etc/passwd\"\n"
                                                          b"Content-Type: application/x-msdownload; name=\"..\\\\..\\\\Windows\\\\evil.exe\""),
        "filename-control-chars.eml": attachment(b"Content-Disposition: attachment; filename*=utf-8''evil%0D%0A%1B%5B31m%00.exe"),
        "filename-rtlo.eml": attachment(b"Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEgpj.exe"),
        "filename-very-long.eml": attachment(b"Content-Disposition: attachment; filename=\"" + b"A" * 100000 + b".exe\""),
        "html-remote-references.eml": (b"From: a@example.org\nSubject: look\nMIME-Version: 1.0\n"
                                       b"Content-Type: text/html\n\n<html><img src=\"http://127.0.0.1:9/x.png\">"
                                       b"<iframe src=\"cid:frame\"></iframe><a href=\"http://127.0.0.1:9/\">x</a></html>\n"),
        "content-type-garbage.eml": msg(b"From: a@example.org\nContent-Type: ;;;/;=\"\"\"; charset=\nContent-Transfer-Encoding: x-bogus\n"),
        "message-rfc822-empty.eml": (b"From: a@example.org\nContent-Type: message/rfc822\n\n"),
        # A binary entry inside an mbox: GMime stops there; the emails after it
        # must still be read.
        "mbox-binary-entry.mbox": (b"From a@example.org Fri Jan  1 00:00:00 2021\n" + msg(BASIC) + b"\n"
                                   + b"X" * 4096 + b"\nFrom b@example.org Fri Jan  1 00:00:00 2021\n"
                                   + b"\xd0\xcf\x11\xe0\0\0\x01\x02" + bytes(range(256)) * 8 + b"\n\n"
                                   + b"From c@example.org Fri Jan  1 00:00:00 2021\n" + msg(BASIC)),
        "x-originating-ip-bogus.eml": msg(received(1) + b"X-Originating-IP: [999.999.999.999]\n"
                                          b"X-Originating-IP: <script>\nFrom: a@example.org\n"),
    }
    return files


def big():
    files = {}
    # A 10 MB header line.
    files["header-line-10mb.eml"] = msg(BASIC + b"X-Long: " + b"A" * (10 * 1024 * 1024) + b"\n" + received(9))
    # 100,000 Received headers.
    files["received-100000.eml"] = msg(b"".join(received(i) for i in range(100000)) +
                                       b"From: a@example.org\nSubject: many hops\n")
    # A header block far bigger than any real one, of ordinary headers.
    files["header-block-8mb.eml"] = msg(BASIC + b"".join(b"X-Junk-%d: %s\n" % (i, b"j" * 70) for i in range(100000)))
    # 10,000-deep multipart nesting.
    depth = 10000
    parts = [b"From: a@example.org\nSubject: deep\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n"]
    for i in range(1, depth):
        parts.append(b"--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n" % (i - 1, i))
    parts.append(b"--b%d\nContent-Type: application/octet-stream; name=\"deep.exe\"\n\nMZ\n" % (depth - 1))
    for i in range(depth - 1, -1, -1):
        parts.append(b"--b%d--\n" % i)
    files["multipart-10000-deep.eml"] = b"".join(parts)
    # 10,000-deep message/rfc822 nesting.
    inner = b"From: z@example.org\nSubject: core\n\nx\n"
    for _ in range(10000):
        inner = b"From: a@example.org\nContent-Type: message/rfc822\n\n" + inner
    files["rfc822-10000-deep.eml"] = inner
    # 20,000 sibling parts.
    body = b"".join(b"--s\nContent-Type: application/octet-stream; name=\"p%d.bin\"\n\nx\n" % i for i in range(20000))
    files["parts-20000.eml"] = (b"From: a@example.org\nSubject: parts\nContent-Type: multipart/mixed; boundary=\"s\"\n\n"
                                + body + b"--s--\n")
    # 24 MB of base64 without a single line break.
    blob = base64.b64encode(random.Random(9).randbytes(3 * 1024 * 1024) * 6)
    files["base64-24mb-one-line.eml"] = attachment(b"Content-Disposition: attachment; filename=\"big.zip\"", blob + b"\n")
    # A content type with 20,000 parameters, and a file name in 5,000 RFC 2231 pieces.
    files["content-type-20000-params.eml"] = msg(b"From: a@example.org\nContent-Type: text/plain; "
                                                 + b"; ".join(b"p%d=v" % i for i in range(20000)) + b"\n")
    files["filename-5000-pieces.eml"] = attachment(b"Content-Disposition: attachment; "
                                                   + b"; ".join(b"filename*%d=\"ab\"" % i for i in range(5000)))
    # An mbox of 5,000 small messages.
    files["mbox-5000.mbox"] = b"".join(b"From sender%d@example.org Fri Jan  1 00:00:00 2021\n" % i
                                       + msg(received(i) + b"From: s%d@example.org\nSubject: n%d\n" % (i, i))
                                       for i in range(5000))
    # 30 MB of CR-only text, parsed straight from the file.
    files["cr-only-30mb.eml"] = (msg(BASIC) + (b"line of text " * 6 + b"\n") * 400000).replace(b"\n", b"\r")
    return files


def main():
    kind, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    files = small() if kind == "small" else big()
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    if kind == "big":
        # Over the size limit, as a sparse file: no disk used.
        with open(os.path.join(out, "over-512mb.eml"), "wb") as f:
            f.write(BASIC + b"\n")
            f.truncate(513 * 1024 * 1024)
        os.makedirs(os.path.join(out, "a-folder.eml"), exist_ok=True)
        stamp = sys.argv[3] if len(sys.argv) > 3 else os.path.join(out, "stamp")
        with open(stamp, "w") as f:
            f.write("\n".join(sorted(files)) + "\n")


if __name__ == "__main__":
    main()
