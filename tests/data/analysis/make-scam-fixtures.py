#!/usr/bin/python3
"""Writes the hand-made scam fixtures (scam-*.eml) and their benign controls
(ok-*.eml) in this folder: one per scam sign the analysis looks for.

Each email travels the same honest path: the sender's own server hands it to
the recipient's MX, which records the sign-in checks. Only the sign under
test differs. Nothing here is real; every link is only text.
Run again after editing; the .eml files are committed as written.
"""
import base64
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def b64_header(text):
    return "=?UTF-8?B?" + base64.b64encode(text.encode()).decode() + "?="


def write(name, *, sender, domain, subject, text=None, html=None, dmarc="none",
          extra="", server=None, server_ip="192.0.2.80"):
    server = server or "mail." + domain
    envelope = sender.split("<")[-1].strip(">")
    parts = []
    if text is not None:
        parts.append(("text/plain", text))
    if html is not None:
        parts.append(("text/html", html))
    body = ""
    for ctype, content in parts:
        body += (f"--scam-boundary\nContent-Type: {ctype}; charset=UTF-8\n"
                 f"Content-Transfer-Encoding: 8bit\n\n{content.strip()}\n\n")
    body += "--scam-boundary--\n"
    mail = f"""Return-Path: <{envelope}>
Delivered-To: you@example.net
Received: from mx1.example.net (mx1.example.net [198.51.100.25])
	by mailstore1.example.net (Postfix) with ESMTPS id 7A8B9C0D1E
	for <you@example.net>; Thu, 26 Nov 2026 10:15:03 +0000 (UTC)
Authentication-Results: mx1.example.net;
	spf=pass smtp.mailfrom={domain};
	dkim=none;
	dmarc={dmarc} header.from={domain}
Received: from {server} ({server} [{server_ip}])
	by mx1.example.net (Postfix) with ESMTPS id 1F2E3D4C5B
	for <you@example.net>; Thu, 26 Nov 2026 10:15:01 +0000 (UTC)
From: {sender}
To: you@example.net
Subject: {subject}
Date: Thu, 26 Nov 2026 11:14:58 +0100
Message-ID: <{name}@{domain}>
MIME-Version: 1.0
{extra}Content-Type: multipart/alternative; boundary="scam-boundary"
X-Whence-Fixture: harmless; written for the Whence tests

{body}"""
    with open(os.path.join(HERE, name), "w", newline="\r\n") as f:
        f.write(mail)


# A brand's name on someone else's address; the domain itself checks out,
# which is why it used to look normal (phishpot-0006 did this as Microsoft).
write("scam-brand-name.eml", sender="PayPal Service <billing@shop-notices.example>",
      domain="shop-notices.example", dmarc="pass", subject="Your receipt",
      text="Thank you for your order. Your receipt is attached to your account.")
# Control: the brand writing from its own domain.
write("ok-brand-name.eml", sender="PayPal <service@paypal.com>", domain="paypal.com",
      server="mx0.slc.paypal.com", dmarc="pass", subject="Your receipt",
      text="Thank you for your order. Your receipt is in your account.")

# A domain made to look like a brand's: a digit for a letter.
write("scam-lookalike-domain.eml", sender="Service <service@paypa1.example>",
      domain="paypa1.example", dmarc="pass", subject="Your receipt",
      text="Thank you for your order.")
# Control: a domain with digits that imitates nobody.
write("ok-digits-domain.eml", sender="Orders <orders@web2print.example>",
      domain="web2print.example", dmarc="pass", subject="Your receipt",
      text="Thank you for your order.")

# A link whose text shows the bank's address and leads somewhere else.
write("scam-link-mismatch.eml", sender="Notices <notices@shop-notices.example>",
      domain="shop-notices.example", dmarc="pass", subject="New message",
      html='<p>You have a new message.</p>\n'
           '<p><a href="http://paypal.account-check.example/login">https://www.paypal.com/signin</a></p>')
# Control: a newsletter whose links go through its own click counter.
write("ok-link-tracking.eml", sender="Shop <news@shop.example>", domain="shop.example",
      dmarc="pass", subject="This week at the shop",
      html='<p>New this week.</p>\n'
           '<p><a href="https://click.shop.example/t/1234">https://www.shop.example/sale</a>\n'
           '<a href="https://tracker.mailer.example/c/99">See the sale</a></p>')

# A link to a bare IP address, with a credential lure: two weak signs.
write("scam-ip-link.eml", sender="Online Banking <alerts@bank-mailer.example>",
      domain="bank-mailer.example", subject="Account notice",
      html='<p>We noticed unusual activity. Please verify your account.</p>\n'
           '<p><a href="http://198.51.100.7/bank/login.php">Log in here</a></p>')
# Control: the bank's own links, no lure.
write("ok-named-links.eml", sender="Online Banking <alerts@bank-mailer.example>",
      domain="bank-mailer.example", subject="Your statement is ready",
      html='<p>Your monthly statement is ready.</p>\n'
           '<p><a href="https://www.bank-mailer.example/statements">Statements</a></p>')

# Advance-fee: replies go to a free mailbox, and money is promised.
write("scam-reply-to.eml", sender="Dr. John Mensah <office@motors.example>",
      domain="motors.example", dmarc="pass", subject="Business proposal",
      extra="Reply-To: john.mensah.office@gmail.com\n",
      text="I have an urgent business proposal for you: 7.5 million dollars to move abroad.")
# Control: replies go to the same company.
write("ok-reply-to.eml", sender="Anna Berg <anna@motors.example>", domain="motors.example",
      dmarc="pass", subject="Your service appointment", extra="Reply-To: service@motors.example\n",
      text="Your car is booked for service on Monday at 9.")

# "Your password expires": alone it only says be careful.
write("scam-password-lure.eml", sender="IT Helpdesk <helpdesk@mail-notice.example>",
      domain="mail-notice.example", subject="Your password expires today",
      text="Your password expires today. Keep your password by signing in below.")
# Control: the same words from a sender whose own domain vouched for it.
write("ok-password-notice.eml", sender="IT Helpdesk <helpdesk@motors.example>",
      domain="motors.example", dmarc="pass", subject="Your password expires today",
      text="Your password expires today. Change it at the office as usual.")

# Letters from another alphabet that look Latin (a Cyrillic "а" in Amazon).
write("scam-mixed-letters.eml", sender="Orders <orders@shop-notices.example>",
      domain="shop-notices.example", dmarc="pass",
      subject=b64_header("Your Am\u0430zon order is on hold"),
      text="Please look at your order.")
# Control: a subject in Russian, all of one alphabet.
write("ok-cyrillic.eml", sender="Olga <olga@shop.example>", domain="shop.example",
      dmarc="pass", subject=b64_header("\u0417\u0430\u043a\u0430\u0437 \u0433\u043e\u0442\u043e\u0432"),
      text="Your order is ready.")

# Invisible marks inside the words of the sender's name.
write("scam-hidden-marks.eml",
      sender=b64_header("Acc\u200bount Sec\u200burity") + " <notice@shop-notices.example>",
      domain="shop-notices.example", dmarc="pass", subject="Notice",
      text="Please read this notice.")
# Control: an emoji with its invisible style mark after it.
write("ok-emoji-name.eml", sender=b64_header("Anna \u2764\ufe0f") + " <anna@shop.example>",
      domain="shop.example", dmarc="pass", subject="Hello",
      text="See you soon.")
