#!/usr/bin/python3
"""Writes the hand-made analysis fixtures in this folder.

Every attachment is a harmless stand-in: text, the two bytes "MZ" followed by
text, or a tiny zip built here whose entries are text. Nothing can run.
Run again after editing; the .eml files are committed as written.
"""
import base64
import io
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
PDF = b"%PDF-1.4\n% harmless stand-in written for the Whence tests\n%%EOF\n"
STANDIN = b"MZ This is a harmless stand-in written for the Whence tests. It is only text.\n"


def b64(data):
    text = base64.b64encode(data).decode()
    return "\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def zip_of(entries, encrypted=False):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 1, 9, 0, 0))
            z.writestr(info, data)
    data = bytearray(buf.getvalue())
    if encrypted:
        # Set the "encrypted" flag in every local and central header: the
        # stand-in is then listed as password protected, as Emotet's were.
        for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            pos = data.find(sig)
            while pos >= 0:
                flags = struct.unpack_from("<H", data, pos + off)[0] | 1
                struct.pack_into("<H", data, pos + off, flags)
                pos = data.find(sig, pos + 4)
    return bytes(data)


def write(name, text):
    with open(os.path.join(HERE, name), "w", newline="\r\n") as f:
        f.write(text.lstrip("\n"))


# Klez.H style: home DSL line, bare-word HELO, forged From taken from an
# address book, a program labelled audio/x-midi, an invisible cid: frame.
write("klez-h.eml", f"""
Return-Path: <lena.fischer@example.com>
Delivered-To: you@example.net
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 1A2B3C4D5E
	for <you@example.net>; Tue, 14 May 2002 08:31:12 +0000 (UTC)
Received: from OFFICEPC (pcb007105.dip0.t-ipconnect.example [203.0.113.5])
	by mx1.example.net (Postfix) with SMTP id 9F8E7D6C5B
	for <you@example.net>; Tue, 14 May 2002 08:31:10 +0000 (UTC)
From: lena.fischer@example.com
To: you@example.net
Subject: W32.Elkern removal tools
Date: Tue, 14 May 2002 10:31:02 +0200
MIME-Version: 1.0
Content-Type: multipart/alternative;
	boundary="----=_NextPart_000_KLEZH"
X-Whence-Fixture: harmless; written for the Whence tests

------=_NextPart_000_KLEZH
Content-Type: text/html; charset=us-ascii
Content-Transfer-Encoding: quoted-printable

<HTML><HEAD></HEAD><BODY>
Klez.E is the most common world-wide spreading worm. This tool can remove it.
Please run the attachment.
<iframe src=3Dcid:H6ZL2Q8 height=3D0 width=3D0></iframe>
</BODY></HTML>

------=_NextPart_000_KLEZH
Content-Type: audio/x-midi;
	name="vide.scr"
Content-Transfer-Encoding: base64
Content-ID: <H6ZL2Q8>

{b64(STANDIN)}

------=_NextPart_000_KLEZH--
""")

# MyDoom style: a fake bounce from a cable modem, a zip holding a .pif.
write("mydoom.eml", f"""
Return-Path: <tom@example.org>
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 2B3C4D5E6F
	for <you@example.net>; Tue, 27 Jan 2004 14:02:44 +0000 (UTC)
Received: from example.org (cpe-198-51-100-23.cable.example-isp.net [198.51.100.23])
	by mx1.example.net (Postfix) with SMTP id 7A6B5C4D3E
	for <you@example.net>; Tue, 27 Jan 2004 14:02:41 +0000 (UTC)
From: tom@example.org
To: you@example.net
Subject: Mail Transaction Failed
Date: Tue, 27 Jan 2004 09:02:37 -0500
MIME-Version: 1.0
Content-Type: multipart/mixed;
	boundary="----=_NextPart_000_MYDOOM"
X-Whence-Fixture: harmless; written for the Whence tests

------=_NextPart_000_MYDOOM
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

The message contains Unicode characters and has been sent as a binary attachment.

------=_NextPart_000_MYDOOM
Content-Type: application/octet-stream;
	name="document.zip"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
	filename="document.zip"

{b64(zip_of([("document.txt                                                   .pif", STANDIN)]))}

------=_NextPart_000_MYDOOM--
""")

# Sobig.F style: "Re: Details" with a .pif, from a computer with no name
# that calls itself by a made-up single word.
write("sobig.eml", f"""
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 3C4D5E6F7A
	for <you@example.net>; Tue, 19 Aug 2003 11:20:05 +0000 (UTC)
Received: from COMPUTER-7F3A (unknown [203.0.113.44])
	by mx1.example.net (Postfix) with ESMTP id 8B7C6D5E4F
	for <you@example.net>; Tue, 19 Aug 2003 11:20:03 +0000 (UTC)
From: <admin@internet.example>
To: <you@example.net>
Subject: Re: Details
Date: Tue, 19 Aug 2003 13:19:58 +0200
MIME-Version: 1.0
Content-Type: multipart/mixed;
	boundary="_NextPart_000_SOBIGF"
X-Whence-Fixture: harmless; written for the Whence tests

--_NextPart_000_SOBIGF
Content-Type: text/plain; charset=us-ascii

Please see the attached file for details.

--_NextPart_000_SOBIGF
Content-Type: application/octet-stream; name="your_details.pif"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="your_details.pif"

{b64(STANDIN)}

--_NextPart_000_SOBIGF--
""")

# Emotet style: a hijacked thread. Sent through a real but stolen mail
# account (so the origin is a proper server and SPF passes), the display name
# shows a partner's address, the reply answers nothing, and the attachment is
# a locked zip holding a macro document; the password is in the text.
write("emotet.eml", f"""
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 4D5E6F7A8B
	for <you@example.net>; Wed, 12 Oct 2022 07:45:31 +0000 (UTC)
Authentication-Results: mx1.example.net;
	spf=pass smtp.mailfrom=bakery-shop.example;
	dkim=none;
	dmarc=none header.from=bakery-shop.example
Received: from mail.bakery-shop.example (mail.bakery-shop.example [192.0.2.77])
	by mx1.example.net (Postfix) with ESMTPS id 9C8D7E6F5A
	for <you@example.net>; Wed, 12 Oct 2022 07:45:29 +0000 (UTC)
From: "maria.lopez@partner-firm.example" <info@bakery-shop.example>
To: you@example.net
Subject: RE: RE: Quarterly invoice 4471
Date: Wed, 12 Oct 2022 09:45:20 +0200
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="emotet-standin"
X-Whence-Fixture: harmless; written for the Whence tests

--emotet-standin
Content-Type: text/plain; charset=utf-8

Hello,

please find the corrected invoice attached. The password is 4471.

> On Mon, 10 Oct 2022 you wrote:
> Could you send the quarterly invoice again?

--emotet-standin
Content-Type: application/zip; name="Invoice_4471.zip"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="Invoice_4471.zip"

{b64(zip_of([("Invoice_4471.docm", b"harmless stand-in text")], encrypted=True))}

--emotet-standin--
""")

# Benign: a normal Gmail message with a PDF, checked by the recipient's MX.
write("gmail-pdf.eml", f"""
Delivered-To: you@example.net
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 5E6F7A8B9C
	for <you@example.net>; Mon, 23 Nov 2026 16:02:10 +0000 (UTC)
Authentication-Results: mx1.example.net;
	dkim=pass (2048-bit key) header.d=gmail.com header.i=@gmail.com header.b="aBcDeF12";
	spf=pass (mx1.example.net: domain of alice.martin@gmail.com designates 209.85.128.41 as permitted sender) smtp.mailfrom=alice.martin@gmail.com;
	dmarc=pass (p=NONE sp=QUARANTINE) header.from=gmail.com
Received: from mail-yw1-f41.google.com (mail-yw1-f41.google.com [209.85.128.41])
	by mx1.example.net (Postfix) with ESMTPS id 0A1B2C3D4E
	for <you@example.net>; Mon, 23 Nov 2026 16:02:08 +0000 (UTC)
Received: by mail-yw1-f41.google.com with SMTP id 00721157ae682-6f0a1b2c3d4so12345607b3.1
        for <you@example.net>; Mon, 23 Nov 2026 08:02:07 -0800 (PST)
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=gmail.com; s=20230601; h=to:subject:message-id:date:from:mime-version; bh=standin; b=standin
MIME-Version: 1.0
From: Alice Martin <alice.martin@gmail.com>
Date: Mon, 23 Nov 2026 17:01:55 +0100
Message-ID: <CAEXAMPLE1234567890abcdef@mail.gmail.com>
Subject: Minutes from Thursday
To: you@example.net
Content-Type: multipart/mixed; boundary="000000000000a1b2c3d4e5f6"
X-Whence-Fixture: harmless; written for the Whence tests

--000000000000a1b2c3d4e5f6
Content-Type: text/plain; charset="UTF-8"

Hi, here are the minutes from Thursday's meeting.
Alice

--000000000000a1b2c3d4e5f6
Content-Type: application/pdf; name="minutes.pdf"
Content-Disposition: attachment; filename="minutes.pdf"
Content-Transfer-Encoding: base64

{b64(PDF)}
--000000000000a1b2c3d4e5f6--
""")

# Benign: a mailing-list post. The list server sends for its member, so
# the envelope and the seal are the list's; that is normal.
write("mailing-list.eml", """
Return-Path: <tools-devel-bounces+you=example.net@lists.example.org>
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 6F7A8B9C0D
	for <you@example.net>; Thu, 26 Nov 2026 12:00:04 +0000 (UTC)
Authentication-Results: mx1.example.net;
	spf=pass smtp.mailfrom=lists.example.org;
	dkim=pass header.d=lists.example.org;
	dkim=fail (body hash did not verify) header.d=example.com;
	dmarc=none header.from=example.com
Received: from lists.example.org (lists.example.org [192.0.2.33])
	by mx1.example.net (Postfix) with ESMTPS id 1B2C3D4E5F
	for <you@example.net>; Thu, 26 Nov 2026 12:00:02 +0000 (UTC)
Received: from laptop.example.com (dsl-192-0-2-99.home.example-isp.net [192.0.2.99])
	(Authenticated sender: bob)
	by smtp.example.com (Postfix) with ESMTPSA id 7C8D9E0F1A;
	Thu, 26 Nov 2026 11:59:50 +0000 (UTC)
From: Bob Stone <bob@example.com>
To: tools-devel@lists.example.org
Subject: Re: [tools-devel] Release plan for 2.4
Date: Thu, 26 Nov 2026 12:59:48 +0100
Message-ID: <87abc123.fsf@example.com>
In-Reply-To: <87xyz789.fsf@example.org>
References: <87xyz789.fsf@example.org>
List-Id: Tools development <tools-devel.lists.example.org>
List-Unsubscribe: <https://lists.example.org/mailman/options/tools-devel>
Precedence: list
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
X-Whence-Fixture: harmless; written for the Whence tests

I agree with the plan. Let's branch on Monday.

Bob
_______________________________________________
tools-devel mailing list
""")

# A phishing mail that names a bank: sent from a rented server, the bank's
# own domain says no, and a copy of "all passed" was forged below the
# boundary, where the sender can write anything.
write("phishing.eml", """
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 7A8B9C0D1E
	for <you@example.net>; Fri, 27 Nov 2026 08:10:05 +0000 (UTC)
Authentication-Results: mx1.example.net;
	spf=fail smtp.mailfrom=bank.example;
	dkim=none;
	dmarc=fail (p=REJECT) header.from=bank.example
Received: from vps-4412.cheap-host.example (vps-4412.cheap-host.example [192.0.2.150])
	by mx1.example.net (Postfix) with ESMTP id 2C3D4E5F6A
	for <you@example.net>; Fri, 27 Nov 2026 08:10:03 +0000 (UTC)
Authentication-Results: mx1.example.net; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; dmarc=pass header.from=bank.example
Received: from secure.bank.example (secure.bank.example [192.0.2.1])
	by vps-4412.cheap-host.example with ESMTP; Fri, 27 Nov 2026 08:09:58 +0000
From: "Bank Example Security" <security@bank.example>
To: you@example.net
Subject: Your account is locked
Date: Fri, 27 Nov 2026 08:09:55 +0000
Message-ID: <locked-4412@bank.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
X-Whence-Fixture: harmless; written for the Whence tests

Your account is locked. Sign in at the link below within 24 hours.
""")

# Netsky/MyDoom style "account suspended": From forged at the recipient's own
# domain, the sending computer greets with that domain too, and the zip holds
# a program named like a document.
write("own-domain.eml", f"""
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 8B9C0D1E2F
	for <you@example.net>; Mon, 26 Jul 2004 10:15:09 +0000 (UTC)
Received: from example.net (unknown [203.0.113.61])
	by mx1.example.net (Postfix) with SMTP id 3D4E5F6A7B
	for <you@example.net>; Mon, 26 Jul 2004 10:15:07 +0000 (UTC)
From: "Staff" <staff@example.net>
To: you@example.net
Subject: YOUR EMAIL ACCOUNT IS SUSPENDED FOR SECURITY REASONS
Date: Mon, 26 Jul 2004 12:15:01 +0200
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_NextPart_000_OWN"
X-Whence-Fixture: harmless; written for the Whence tests

------=_NextPart_000_OWN
Content-Type: text/plain; charset=us-ascii

Dear user, your account will be closed. Read the attached file for details.

------=_NextPart_000_OWN
Content-Type: application/octet-stream; name="email-doc.zip"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="email-doc.zip"

{b64(zip_of([("email-doc.txt.exe", STANDIN)]))}

------=_NextPart_000_OWN--
""")

# Pasted headers with no Received lines at all.
write("no-received.eml", """
From: Carol <carol@example.com>
To: you@example.net
Subject: Lunch?
Date: Fri, 27 Nov 2026 11:00:00 +0000
Message-ID: <lunch-1@example.com>
""")

# A zip whose program comes after a big first file: its entry starts beyond
# the first 4 KB, so only the zip's directory at the end shows it. The report
# must call it a worm like the analysis does.
LATE_ZIP = zip_of([("readme.txt", b"Harmless stand-in text for the Whence tests.\n" * 150),
                   ("photos.jpg.exe", STANDIN)])
write("late-zip-program.eml", f"""
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 5C6D7E8F9A
	for <you@example.net>; Wed, 03 Mar 2004 07:12:44 +0000 (UTC)
Received: from HOMEPC (adsl-203-0-113-88.dsl.example-isp.example [203.0.113.88])
	by mx1.example.net (Postfix) with SMTP id 1B2C3D4E5F
	for <you@example.net>; Wed, 03 Mar 2004 07:12:41 +0000 (UTC)
From: "Mark" <mark.jensen@example.org>
To: you@example.net
Subject: Re: the photos
Date: Wed, 03 Mar 2004 08:12:30 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_NextPart_000_LATE"
X-Whence-Fixture: harmless; written for the Whence tests

------=_NextPart_000_LATE
Content-Type: text/plain; charset=us-ascii

Here are the photos you asked for. Open the zip.

------=_NextPart_000_LATE
Content-Type: application/zip; name="photos.zip"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="photos.zip"

{b64(LATE_ZIP)}

------=_NextPart_000_LATE--
""")

# MyDoom's fake bounce sent through a proper mail server: not from a home
# line, the sender's domain matches the server, so only the words of the
# bounce (read from the text) make the program attached a worm's.
write("bounce-via-server.eml", f"""
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 6E7F8A9B0C
	for <you@example.net>; Tue, 27 Jan 2004 15:02:11 +0000 (UTC)
Received: from mail.example-host.example (mail.example-host.example [198.51.100.77])
	by mx1.example.net (Postfix) with ESMTP id 2C3D4E5F6A
	for <you@example.net>; Tue, 27 Jan 2004 15:02:09 +0000 (UTC)
From: postmaster@example-host.example
To: you@example.net
Subject: Status
Date: Tue, 27 Jan 2004 15:02:01 +0000
Message-ID: <status-2004@example-host.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_NextPart_000_BOUNCE"
X-Whence-Fixture: harmless; written for the Whence tests

------=_NextPart_000_BOUNCE
Content-Type: text/plain; charset=us-ascii

Mail transaction failed. Partial message is available.

------=_NextPart_000_BOUNCE
Content-Type: application/octet-stream; name="transcript.scr"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="transcript.scr"

{b64(STANDIN)}

------=_NextPart_000_BOUNCE--
""")
