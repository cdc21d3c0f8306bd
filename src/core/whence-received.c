/* whence-received.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One Received header taken apart, with SpamAssassin's field meanings.
 *
 * Every MTA writes its own dialect, and SpamAssassin's knowledge of them is
 * an ordered list of shapes, most specific first. That knowledge lives here as
 * data: the RULES table below. Each rule is a shape (a regular expression with
 * named groups ip, rdns, helo, by, ident, envfrom, sub), optional guards, and
 * what a match means (a relay, or a line to ignore). The code around it does
 * the parts that are plain scanning: whitespace, the date, the protocol, the
 * recipient, and the clean-up of what the rules captured.
 *
 * Patterns are compiled once, on first use, and the guards are cheap, so a
 * typical line costs a few dozen anchored matches. No rule can loop: each is
 * tried at most once per header, and nothing recurses on the input.
 */

#define G_LOG_DOMAIN "whence-received"

#include "whence-received.h"
#include "whence-date.h"

#include <string.h>

/* PCRE2 directly, not through GRegex: GRegex is this same engine, but it
 * allocates a GMatchInfo and PCRE2 match data for every match and looks
 * named groups up by name at every fetch, which cost more than the matches
 * themselves here. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* The longest header value we look at. Longer values are real (some lists
 * stack comments) but nothing useful sits past this. Keeps every regular
 * expression's work bounded. */
#define MAX_VALUE_LEN 4096

/* SpamAssassin's IP_ADDRESS: IPv4, IPv6 in its compressed forms, IPv4-mapped
 * IPv6, optionally with an "IPv6:" prefix. Substituted for @IP@ in rules. */
#define IPV4_OCTET "(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)"
#define IPV4 IPV4_OCTET "\\." IPV4_OCTET "\\." IPV4_OCTET "\\." IPV4_OCTET
#define H16 "[a-f0-9]{1,4}"
#define IP_ADDRESS \
  "(?i:\\b(?<!:)" IPV4 "\\b" \
  "|(?:IPv6:|(?<![a-f0-9:]))" \
  "(?:(?:(?:" H16 ":){6}|::(?:" H16 ":){0,5}|(?:" H16 ":){1,5}:" \
  "|" H16 "::(?:" H16 ":){1,4}|(?:" H16 ":){2}:(?:" H16 ":){1,3}" \
  "|(?:" H16 ":){3}:(?:" H16 ":){1,2}|(?:" H16 ":){4}:" H16 ":)" IPV4 \
  "|(?:" H16 ":){7}" H16 "|:(?::" H16 "){1,7}|(?:" H16 ":){1,7}:" \
  "|" H16 ":(?::" H16 "){1,6}|(?:" H16 ":){2}(?::" H16 "){1,5}" \
  "|(?:" H16 ":){3}(?::" H16 "){1,4}|(?:" H16 ":){4}(?::" H16 "){1,3}" \
  "|(?:" H16 ":){5}(?::" H16 "){1,2}|(?:" H16 ":){6}:" H16 "|::)" \
  "(?![a-f0-9:]))"

/* SpamAssassin's LOCALHOST: the name, 127.0.0.1, ::1 and ::ffff:127.0.0.1
 * in their spellings. Substituted for @LH@. */
#define Z4 "0{1,4}"
#define LOCALHOST \
  "(?i:localhost(?:\\.localdomain)?|\\b(?<!:)127\\.0\\.0\\.1\\b" \
  "|(?:IPv6:|(?<![a-f0-9:]))" \
  "(?:(?:(?:" Z4 ":){5}ffff:|::(?:" Z4 ":){0,4}ffff:|(?:" Z4 ":){1,4}:ffff:" \
  "|" Z4 "::(?:" Z4 ":){1,3}ffff:|(?:" Z4 ":){2}:0{1,2}:ffff:" \
  "|(?:" Z4 ":){3}:0:ffff:|(?:" Z4 ":){4}:ffff:)127\\.0\\.0\\.1" \
  "|(?:" Z4 ":){7}0{0,3}1|:(?::" Z4 "){0,6}:0{0,3}1|" Z4 ":(?::" Z4 "){0,5}:0{0,3}1" \
  "|(?:" Z4 ":){2}(?::" Z4 "){0,4}:0{0,3}1|(?:" Z4 ":){3}(?::" Z4 "){0,3}:0{0,3}1" \
  "|(?:" Z4 ":){4}(?::" Z4 "){0,2}:0{0,3}1|(?:" Z4 ":){5}(?::" Z4 "){0,1}:0{0,3}1" \
  "|(?:" Z4 ":){6}:0{0,3}1)(?![a-f0-9:]))"

/* Which part of the header a rule applies to. */
typedef enum
{
  SECTION_FROM,       /* "from …" with the "from " removed */
  SECTION_FROM_UPPER, /* simta's "FROM … BY … ID" */
  SECTION_PAREN_FROM, /* "(from …" */
  SECTION_OTHER,      /* "From …", "(FROM …": no shapes, only the last resort */
} Section;

/* Within SECTION_FROM, headers naming certain MTAs get that MTA's rules
 * first; only the first family that matches is consulted. */
typedef enum
{
  FAMILY_ANY,
  FAMILY_SMTPSVC,
  FAMILY_MS_SMTP,
  FAMILY_XMAIL,
  FAMILY_ECELERITY,
  FAMILY_EXIM,
  FAMILY_POSTFIX,
  FAMILY_SCALIX,
  FAMILY_DOMINO,
  N_FAMILIES
} Family;

static const char * const family_signatures[N_FAMILIES] = {
  [FAMILY_SMTPSVC] = " SMTPSVC",
  [FAMILY_MS_SMTP] = " with (?:Microsoft SMTP Server|mapi id) (?:\\([^)]+\\) )?\\d+\\.\\d+\\.\\d+\\.\\d+(?:$| )",
  [FAMILY_XMAIL] = "\\[XMail ",
  [FAMILY_ECELERITY] = "\\(ecelerity\\b",
  [FAMILY_EXIM] = "Exim",
  [FAMILY_POSTFIX] = " \\(Postfix\\) with",
  [FAMILY_SCALIX] = "\\(Scalix SMTP Relay",
  [FAMILY_DOMINO] = " \\(Lotus Domino ",
};

typedef enum
{
  ACTION_RELAY,       /* a handover: take the captured fields, done */
  ACTION_IGNORE,      /* not a handover between machines */
  ACTION_EXIM_LOOSE,  /* odd Exim shapes: take what can be found */
  ACTION_GUESS_HELO,  /* last resort for the HELO: the first word */
} Action;

enum
{
  FLAG_SUB = 1 << 0,          /* group "sub" holds "helo=… ident=…" */
  FLAG_HELO_IS_RDNS = 1 << 1, /* no separate HELO: the MTA omits it when it equals rDNS */
  FLAG_RDNS_IDENT = 1 << 2,   /* "IDENT:user@host" or "user@host" in the rDNS slot */
  FLAG_CLEAR_ID = 1 << 3,     /* the " id " in this shape is not a queue id */
  FLAG_SOFTDNSERR = 1 << 4,   /* courier's "softdnserr" is not an rDNS name */
  FLAG_XMAIL = 1 << 5,        /* id and envelope sender in <…> */
};

typedef struct
{
  Section     section;
  Family      family;
  const char *guard;   /* must also match, anywhere; may be NULL */
  const char *unless;  /* must not match; may be NULL */
  const char *pattern;
  Action      action;
  guint       flags;
} Rule;

/* The order matters: the first rule that matches decides. Example headers
 * are the shapes each rule is for. */
static const Rule rules[] = {
  /* Webmail: "142.169.110.122 (SquirrelMail authenticated user synapse) by
   * mail.nomis80.org with HTTP" */
  { SECTION_FROM, FAMILY_ANY, " \\((?:SquirrelMail|NaSMail) authenticated user ", NULL,
    "(?<ip>@IP@)\\b(?![.-]).{10,80}by (?<by>\\S+) with HTTP", ACTION_RELAY, 0 },
  /* "82.135.198.129 by FWM-M18.sysops.aol.com (64.12.168.82) with HTTP (WebMailUI)" */
  { SECTION_FROM, FAMILY_ANY, "^(?=.*aol\\.com).*with HTTP \\(WebMailUI\\)", NULL,
    "(?<ip>@IP@) by (?<by>\\S+) \\(@IP@\\) with HTTP \\(WebMailUI\\)", ACTION_RELAY, 0 },

  /* Microsoft SMTPSVC never records the rDNS:
   * "tthompson ([217.35.105.172] unverified) by mail.x.com with Microsoft SMTPSVC(5.0)" */
  { SECTION_FROM, FAMILY_SMTPSVC, NULL, NULL,
    "^(?<helo>\\S*) \\(\\[(?<ip>@IP@)\\][^)]{0,40}\\) by (?<by>\\S+) with Microsoft SMTPSVC",
    ACTION_RELAY, 0 },
  { SECTION_FROM, FAMILY_SMTPSVC, NULL, NULL,
    "^mail pickup service by (\\S+) with Microsoft SMTPSVC$", ACTION_IGNORE, 0 },

  /* Exchange: "EXC-DAG-02.global.net (10.45.252.152) by EXC-DAG-02.global.net
   * (10.45.252.152) with Microsoft SMTP Server (…) id 15.1.1261.35" — that id is
   * the server version, not a queue id. */
  { SECTION_FROM, FAMILY_MS_SMTP, NULL, NULL,
    "^(?<helo>\\S+) \\(\\[?(?<ip>@IP@)(?:%[A-Z0-9._~-]*)?\\]?\\) by (?<by>\\S+) ",
    ACTION_RELAY, FLAG_CLEAR_ID },

  /* "list.brainbuzz.com (63.146.189.86:23198) by mx1.yourtech.net with [XMail 1.20
   * ESMTP Server] id <S72E> for <…> from <bounce@…>" */
  { SECTION_FROM, FAMILY_XMAIL, NULL, NULL,
    "^(?<helo>\\S+) \\((?<ip>\\[?@IP@\\]?)(?::\\d+)\\) by (?<by>\\S+)(?: \\(\\S+\\))? with \\[XMail",
    ACTION_RELAY, FLAG_XMAIL },

  /* "([192.168.1.151:49601] helo=dev1.x.org) by m12.x.com (ecelerity 2.1.1.3 r(11743))" */
  { SECTION_FROM, FAMILY_ECELERITY, NULL, NULL,
    "^\\(\\[(?<ip>@IP@):\\d+\\] helo=(?<helo>\\S+)\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  { SECTION_FROM, FAMILY_ECELERITY, NULL, NULL,
    "^\\S+ \\(\\[(?<ip>@IP@):\\d+\\]\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },

  /* Exim. Local submissions first: "andrew by trinity.x.net with local (Exim 4.12)" */
  { SECTION_FROM, FAMILY_EXIM, NULL, NULL, "\\bwith local(?:-\\S+)? ", ACTION_IGNORE, 0 },
  /* "[61.174.163.26] (helo=host) by sc8-sf-list1.sourceforge.net with smtp (Exim 3.31)" */
  { SECTION_FROM, FAMILY_EXIM, NULL, NULL,
    "^\\[(?<ip>@IP@)\\] \\((?<sub>.*?)\\) by (?<by>\\S+) ", ACTION_RELAY, FLAG_SUB },
  /* "dsl092.speakeasy.net ([66.92.72.213] helo=blazing.arsecandle.org) by …":
   * the first word is the verified rDNS, and the HELO defaults to it. */
  { SECTION_FROM, FAMILY_EXIM, NULL, NULL,
    "^(?<rdns>\\S+) \\(\\[(?<ip>@IP@)\\](?<sub>.*?)\\) by (?<by>\\S+) ",
    ACTION_RELAY, FLAG_SUB | FLAG_HELO_IS_RDNS },
  /* "boggle.ihug.co.nz [203.109.252.209] by grunt6.ihug.co.nz with esmtp" */
  { SECTION_FROM, FAMILY_EXIM, NULL, NULL,
    "^(?<rdns>\\S+) \\[(?<ip>@IP@)\\](?::\\d+)? by (?<by>\\S+) ",
    ACTION_RELAY, FLAG_HELO_IS_RDNS },
  /* "helene8.x.net (helene.cats.ms) [10.0.8.6.13219] (mail) by lisbeth.x.net" */
  { SECTION_FROM, FAMILY_EXIM, NULL, NULL, "", ACTION_EXIM_LOOSE, 0 },

  /* Postfix: "localhost (unknown [127.0.0.1]) by cabbage.jmason.org (Postfix) with ESMTP" */
  { SECTION_FROM, FAMILY_POSTFIX, NULL, NULL,
    "^(?<helo>\\S+) \\((?<rdns>\\S+) \\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "207.8.214.3 (unknown[211.94.164.65]) by puzzle.pobox.com (Postfix) with SMTP" */
  { SECTION_FROM, FAMILY_POSTFIX, NULL, NULL,
    "^(?<helo>\\S+) \\((?<rdns>\\S+)\\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },

  /* "DPLAPTOP ( 72.242.176.162) by mail.puryear-it.com (Scalix SMTP Relay 10.0.1.3)" */
  { SECTION_FROM, FAMILY_SCALIX, NULL, NULL,
    "^(?<helo>\\S+) \\( ?(?<ip>@IP@)\\) by (?<by>\\S+)", ACTION_RELAY, 0 },

  /* Domino never records the rDNS. */
  { SECTION_FROM, FAMILY_DOMINO, NULL, NULL,
    "^(?<helo>\\S+) \\(\\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) \\(Lotus", ACTION_RELAY, 0 },

  /* Webmail with a faked numeric HELO: "217.137.58.28 ([217.137.58.28]) by
   * webmail.ukonline.net (IMP) with HTTP" */
  { SECTION_FROM, FAMILY_ANY, "\\bwith HTTP\\b", NULL,
    "^(?<ip>@IP@) \\(\\[@IP@\\]\\) by (?<by>\\S+)", ACTION_RELAY, 0 },

  /* sendmail: "mail1.x.com (host66.x.com [65.217.159.66] (may be forged)) by
   * dogma.slashnull.org (8.11.6/8.11.6)"; qmail-ldap lines look alike but are not. */
  { SECTION_FROM, FAMILY_ANY, NULL, " by \\S+ \\(qmail-\\S+\\) with ",
    "^(?<helo>\\S+) \\((?<rdns>\\S+) \\[(?<ip>@IP@)\\].*\\) by (?<by>\\S+) \\(",
    ACTION_RELAY, FLAG_RDNS_IDENT },

  /* Exchange 5.5: "ns.x.co.kr (66.161.246.58 [66.161.246.58]) by mail.x.pe with SMTP (…)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\((?<rdns>\\S+) \\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) with \\S+ \\(",
    ACTION_RELAY, 0 },
  /* "mail2.x.uk ([51.64.35.18] helo=ahvfw.x.uk) by mail4.gsi.gov.uk with smtp" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+) \\(\\[(?<ip>@IP@)\\] helo=(?<helo>\\S+)\\) by (?<by>\\S+) with ",
    ACTION_RELAY, 0 },
  /* "12-211-5-69.client.attbi.com (<unknown.domain>[12.211.5.69]) by rwcrmhc53.attbi.com" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\(<unknown\\S*>\\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "attbi.com (h000502e08144.ne.client2.attbi.com[24.128.27.103]) by rwcrmhc53.attbi.com" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\((?<rdns>\\S+\\.\\S+)\\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) ",
    ACTION_RELAY, 0 },
  /* "4wtgRl (kgbxn@[211.244.147.115]) by dogma.slashnull.org (8.11.6/8.11.6)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\((?<ident>\\S*)\\@\\[(?<ip>@IP@)\\].*\\) by (?<by>\\S+) \\(",
    ACTION_RELAY, 0 },
  /* Hotmail webmail: "213.123.174.21 by lw11fd.law11.hotmail.msn.com with HTTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?:(?<ip>@IP@) )?.*?by (?<by>\\S+\\.hotmail\\.msn\\.com) ", ACTION_RELAY, 0 },
  /* qpsmtpd: "x71.webspeed.dk (HELO niels) (69.96.3.15) by la.mx.develooper.com
   * (qpsmtpd/0.27-dev) with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+) \\((?:HELO|EHLO) (?<helo>\\S*)\\) \\((?<ip>@IP@)\\) by (?<by>\\S+) \\(qpsmtpd/\\S+\\) with (?:ESMTP|SMTP)",
    ACTION_RELAY, 0 },
  /* "mail-backend.x.com (LHLO mail-backend.x.com) (10.2.2.20) by mail-backend.x.com with LMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+) \\(LHLO (?<helo>\\S*)\\) \\((?<ip>@IP@)\\) by (?<by>\\S+) with LMTP",
    ACTION_RELAY, 0 },
  /* GMX: "dslb-082.arcor-ip.net (EHLO homepc) [82.83.45.64] by mail.gmx.net (mp010) with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+) \\((?:HELO|EHLO) (?<helo>\\S*)\\) \\[(?<ip>@IP@)\\] by (?<by>\\S+) \\([^)]+\\) with (?:ESMTP|SMTP)",
    ACTION_RELAY, 0 },
  /* "imo-m01.mx.aol.com ([64.12.136.4]) by eagle.x.com via smtpd (for [198.85.87.98]) with SMTP(" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\(\\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) via smtpd \\(for \\S+\\) with SMTP\\(",
    ACTION_RELAY, 0 },

  /* qmail and its many patches: "postfix3-2.free.fr (HELO machine.domain.com)
   * (foobar@213.228.0.169) by totor.bouissou.net with SMTP". No HELO means it
   * equalled the rDNS. A " id " after the protocol marks a sendmail line. */
#define QMAIL_GUARD \
  "^\\S+(?: \\((?:HELO|EHLO) \\S*\\))? \\((?:\\S+\\@)?\\[?@IP@\\]?\\)(?: \\(envelope-sender <\\S+>\\))? by \\S+(?: \\(.+\\))* with (?:.* )?(?:SMTP|QMQP)(?! id )"
  { SECTION_FROM, FAMILY_ANY, QMAIL_GUARD, NULL,
    "^(?<rdns>\\S+) \\((?:HELO|EHLO) (?<helo>[^ ()]*)\\) \\((?<ident>\\S*)\\@\\[?(?<ip>@IP@)\\]?\\)(?: \\(envelope-sender <\\S+>\\))? by (?<by>\\S+)",
    ACTION_RELAY, 0 },
  { SECTION_FROM, FAMILY_ANY, QMAIL_GUARD, NULL,
    "^(?<rdns>\\S+) \\((?:HELO|EHLO) (?<helo>[^ ()]*)\\) \\(\\[?(?<ip>@IP@)\\]?\\)(?: \\(envelope-sender <\\S+>\\))? by (?<by>\\S+)",
    ACTION_RELAY, 0 },
  { SECTION_FROM, FAMILY_ANY, QMAIL_GUARD, NULL,
    "^(?<rdns>\\S+) \\((?<ident>\\S*)\\@\\[?(?<ip>@IP@)\\]?\\)(?: \\(envelope-sender <\\S+>\\))? by (?<by>\\S+)",
    ACTION_RELAY, FLAG_HELO_IS_RDNS },
  { SECTION_FROM, FAMILY_ANY, QMAIL_GUARD, NULL,
    "^(?<rdns>\\S+) \\(\\[?(?<ip>@IP@)\\]?\\)(?: \\(envelope-sender <\\S+>\\))? by (?<by>\\S+)",
    ACTION_RELAY, FLAG_HELO_IS_RDNS },
  { SECTION_FROM, FAMILY_ANY, QMAIL_GUARD, NULL, "", ACTION_RELAY, 0 },

  /* Yahoo webmail: "[193.220.176.134] by web40310.mail.yahoo.com via HTTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\[(?<ip>@IP@)\\] by (?<by>\\S+) via HTTP$", ACTION_RELAY, 0 },
  /* "192.168.5.158 ( [192.168.5.158]) as user jason@localhost by mail.reusch.net with HTTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\S+ \\( \\[(?<ip>@IP@)\\]\\).*? by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "(64.52.135.194 [64.52.135.194]) by mail.unearthed.com with ESMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\((?<helo>\\S+) \\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "[65.167.180.251] by relent.cedata.com (MessageWall 1.1.0) with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\[(?<ip>@IP@)\\] by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "([172.16.1.78]) by email2.x.com with Microsoft SMTPSVC"; "(130.215.36.186) by …" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\(\\[?(?<ip>@IP@)\\]?\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* MDaemon: "acecomms [202.83.84.95] by mailscan.acenet.net.au [202.83.84.27] with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\[(?<ip>@IP@)\\] by (?<by>\\S+) \\[@IP@\\] with ", ACTION_RELAY, 0 },
  /* "smtp510.aspkunden.de [(134.97.4.21)] by mail.aspemail.de (134.97.4.24)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\[\\((?<ip>@IP@)\\)\\] by (?<by>\\S+) \\(@IP@\\) ", ACTION_RELAY, 0 },
  /* sendmail without rDNS: "mail.sxptt.zj.cn ([218.0.185.24]) by dogma.slashnull.org (8.11.6)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\(\\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) \\(", ACTION_RELAY, 0 },
  /* "Agni (localhost [::ffff:127.0.0.1]) (TLS: …) by agni.forevermore.net with esmtp" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\((?<rdns>\\S+) \\[(?<ip>@IP@)\\]\\).*? by (?<by>\\S+)\\b",
    ACTION_RELAY, FLAG_SOFTDNSERR },
  /* "jsoliday.x.com ([63.251.66.24.63559]) by mailhost.x.com with esmtp" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\(\\[(?<ip>@IP@)(?:[.:]\\d+)?\\]\\).*? by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "roissy (p573.x.net [159.134.226.61]) (authenticated bits=0) by slate.x.com (8.12.6)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\((?<rdns>\\S+) \\[(?<ip>@IP@)\\]\\)(?: \\(authenticated bits=\\d+\\))? by (?<by>\\S+) \\(",
    ACTION_RELAY, 0 },
  /* fetchmail, getmail: a pickup from a mailbox, not a handover. */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "with (?:POP3|IMAP)", ACTION_IGNORE, 0 },
  /* "unknown (HELO feux01a-isp) (213.199.4.210) by totor.bouissou.net with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+) \\((?:HELO|EHLO) (?<helo>[^)]*)\\) \\((?:(?<ident>\\S*)@)?\\[?(?<ip>@IP@)\\]?\\).* by (?<by>\\S+) ",
    ACTION_RELAY, 0 },
  /* "x1-6.webspeed.dk (benelli@80.167.158.170) by totor.bouissou.net with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+) \\((?:(?<ident>\\S*)@)?\\[?(?<ip>@IP@)\\]?\\).* by (?<by>\\S+) ",
    ACTION_RELAY, FLAG_HELO_IS_RDNS },
  /* "[129.24.215.125] by ws1-7.us4.outblaze.com with http for _bushisevil_@mail.com" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\[(?<ip>@IP@)\\] by (?<by>\\S+) with http for ", ACTION_RELAY, 0 },
  /* smap: "snake.corp.yahoo.com(216.145.52.229) by x.x.org via smap (V1.3)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+)\\((?<ip>@IP@)\\) by (?<by>\\S+) via smap ", ACTION_RELAY, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+)\\((?<ip>@IP@), (?:HELO|EHLO) (?<helo>\\S*)\\) by (?<by>\\S+) via smap ",
    ACTION_RELAY, 0 },
  /* Post.Office, ArGoSoft, InterScan, SMTPL */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\[(?<ip>@IP@)\\] by (?<by>\\S+) \\(Post", ACTION_RELAY, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\[(?<ip>@IP@)\\] by (?<by>\\S+) \\(ArGoSoft", ACTION_RELAY, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<ip>@IP@) by (?<by>\\S+) \\((?:SMTPL|InterScan)\\b", ACTION_RELAY, 0 },
  /* Batch SMTP is not a TCP/IP handover. */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ by \\S+ with BSMTP", ACTION_IGNORE, 0 },
  /* "spike (spike.ig.co.uk [193.32.60.32]) by mail.ig.co.uk with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\((?<rdns>\\S+) \\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) with ", ACTION_RELAY, 0 },
  /* Yahoo: "customer254.x.net (HELO AGAMENON) (baldusi@200.69.254.217 with plain) by
   * smtp.mail.vip.sc5.yahoo.com with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+) \\((?:HELO|EHLO) (?<helo>\\S*)\\) \\((?:(?<ident>\\S+)\\@)?(?<ip>@IP@).*?\\) by (?<by>\\S+) with ",
    ACTION_RELAY, 0 },
  /* CommuniGate: "[192.168.1.104] (account nazgul HELO [192.168.1.104]) by somewhere.com (" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\[(?<ip>@IP@)\\] \\((?:account \\S+ )?(?:HELO|EHLO) (?<helo>\\S*)\\) by (?<by>\\S+) \\(",
    ACTION_RELAY, 0 },
  /* "host.example.com ([192.0.2.1] verified) by mail.example.net (CommuniGate Pro SMTP 5.1.13)" */
  { SECTION_FROM, FAMILY_ANY, " \\(CommuniGate Pro", NULL,
    "^(?<rdns>\\S+) \\(\\[(?<ip>@IP@)\\] verified\\) by (?<by>\\S+) \\(", ACTION_RELAY,
    FLAG_HELO_IS_RDNS },
  /* "([10.0.0.6]) by mail0.ciphertrust.com with ESMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\(\\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) with ", ACTION_RELAY, 0 },
  /* "ironport.com (10.1.1.5) by a50.ironport.com with ESMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>[^\\d]\\S+) \\((?<ip>@IP@)\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* Content Technologies SMTPRS names no address at all. */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\S+ \\(\\S+\\) by \\S+ \\(Content Technologies ", ACTION_IGNORE, 0 },
  /* "01al10015010057.ad.bls.com ([90.152.5.141] [90.152.5.141]) by aismtp3g.bls.com with ESMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\(\\[(?<ip>@IP@)\\] \\[\\S+\\]\\) by (?<by>\\S+) with ", ACTION_RELAY, 0 },
  /* "206.47.0.153 by dm3cn8.bell.ca with ESMTP (Tumbleweed MMS SMTP Relay)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<ip>@IP@) by (?<by>\\S+) with ", ACTION_RELAY, 0 },
  /* "pobox.com (h005018086b3b.ne.client2.attbi.com[66.31.45.164]) by rwcrmhc53.attbi.com" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\((?<rdns>\\S+)\\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* F-Secure: "[10.128.128.81]:50999 (HELO dfintra.f-secure.com) by fsav4im2 ([10.128.128.74]:25)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\[(?<ip>@IP@)\\]\\S+ \\((?:HELO|EHLO) (?<helo>\\S*)\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "62.180.7.250 (HELO daisy) by smtp.altavista.de (209.228.22.152) with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<ip>@IP@) \\((?:HELO|EHLO) (?<helo>\\S*)\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "oemcomputer [63.232.189.195] by highstream.net (SMTPD32-7.07)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\[(?<ip>@IP@)\\] by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "nodnsquery(192.100.64.12) by herbivore.monmouth.edu via csmap (V4.1)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+)\\((?<ip>@IP@)\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "[192.168.0.13] by <server> (MailGate 3.5.172) with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\[(?<ip>@IP@)\\] by (?<by>\\S+) \\(MailGate ", ACTION_RELAY, 0 },
  /* "jmason.org (unverified [195.218.107.131]) by ni-mail1.dna.utvinternet.net" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\(unverified \\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) ", ACTION_RELAY, 0 },
  /* "165.228.131.11 (SquirrelMail authenticated user x) by jmason.org with HTTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<ip>@IP@) \\([A-Za-z][^)]+\\) by (?<by>\\S+) with ", ACTION_RELAY, 0 },
  /* "[212.87.144.30] (account seiz [212.87.144.30] verified) by x.imd.net (CommuniGate …)",
   * "[206.51.230.145] (helo=t-online.de) by mxeu2.kundenserver.de with ESMTP (Nemesis)" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^\\[(?<ip>@IP@)\\] \\((?<sub>[^)]+)\\) by (?<by>\\S+) ", ACTION_RELAY, FLAG_SUB },
  /* "mtsbp606.email-info.net (?dXqpg3b0hiH9faI2OxLT94P/YKDD3rQ1?@64.253.199.166) by
   * kde.informatik.uni-kl.de with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+) \\((?:\\S+\\@)?(?<ip>@IP@)\\) by (?<by>\\S+) with ", ACTION_RELAY, 0 },
  /* Obtuse smtpd: "pl027.x.ne.jp(61.197.82.27), claiming to be \"foo.woas.net\" via SMTP by
   * st.tahina.priv.at, id smtpd1PBsZT" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<rdns>\\S+)\\((?<ip>@IP@)\\)(?:, claiming to be \"(?<helo>\\S+)\")? via \\S+ by (?<by>\\S+),",
    ACTION_RELAY, 0 },
  /* Yahoo authenticated SMTP: "itrqtnlnq (lucilleskinner@93.124.107.183 with login) by
   * smtp111.mail.ne1.yahoo.com with SMTP" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\((\\S+)@(?<ip>@IP@) with login\\) by (?<by>\\S+\\.yahoo\\.com) with SMTP",
    ACTION_RELAY, 0 },
  /* A synthetic header some tools add: "X-Originating-IP: 1.2.3.4" */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL,
    "^X-Originating-IP: (?<ip>@IP@)(?<by>)$", ACTION_RELAY, 0 },

  /* Lines that are not a handover between machines, or that name no address. */
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ \\([^\\s@]+\\@@LH@\\) by \\S+ \\(", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ \\S+ by \\S+ with local-e?smtp ", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^127\\.0\\.0\\.1 \\(AVG SMTP \\S+ \\[\\S+\\]\\)", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+\\@\\S+ by \\S+ by uid \\S+ ", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+\\@\\S+ by \\S+ ", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^Unknown/Local \\(", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^@LH@ \\((?:\\S+\\@)?@LH@[)\\[]", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ \\((?:\\S+\\@)?@LH@\\) ", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ \\(\\S+\\@\\S+ \\[@LH@\\]\\) ", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\(AUTH: \\S+\\) by \\S+ with ", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^localhost \\(localhost \\[\\[UNIX: localhost\\]\\]\\) by ", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+\\.amazon\\.com by \\S+\\.amazon\\.com with ESMTP \\(peer crosscheck: ", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^[^.]+ by \\S+ with Novell_GroupWise", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^no\\.name\\.available by \\S+ via smtpd \\(for ", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ by \\S+ \\(.{0,100}\\) with qmail-scanner", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ by \\S+ with local", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ \\(\\[unix socket\\]\\) by \\S+ \\(Cyrus v[0-9]*?\\.[0-9]*?\\.[0-9]*?\\) with LMTPA", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ by \\S+ (?:with|via|for|\\()", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ (?:(?:with|via|for) \\S+|\\(unverified\\)) by\\b", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ \\(unknown\\) by \\S+ \\(SG\\) with \\b", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ \\(\\S+ \\[local\\]\\) by \\S+ \\(OpenSMTPD\\) with \\b", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "\\(LSMTP for", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\(\\[@LH@\\]\\) with MailEnable ", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^facebook\\.com \\([^)]+\\) by facebook\\.com with Thrift id \\S+$", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ named \\S+ by gmailapi\\.google\\.com with HTTPREST$", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\S+ id \\S+$", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^\\[<.*? \\(Jetsend", ACTION_IGNORE, 0 },
  { SECTION_FROM, FAMILY_ANY, NULL, NULL, "^(?<helo>\\S+)[^-A-Za-z0-9.]", ACTION_GUESS_HELO, 0 },

  /* simta: "FROM hackers.x.edu (smtp.mail.umich.edu [141.211.14.81]) BY madman.x.edu ID 434B508E" */
  { SECTION_FROM_UPPER, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S+) \\((?<rdns>\\S+) \\[(?<ip>@IP@)\\]\\) BY (?<by>\\S+) (?:\\([^)]+\\) WITH SMTP )?ID <?(?<id>\\S+?)>?(?: FOR <[^>]+>)?$",
    ACTION_RELAY, 0 },

  /* Norton AntiVirus Gateway: "(from localhost [24.180.47.240]) by host.name (NAVGW 2.5.2.12)" */
  { SECTION_PAREN_FROM, FAMILY_ANY, NULL, NULL,
    "^(?<helo>\\S*) \\[(?<ip>@IP@)\\]\\) by (?<by>\\S+) \\(NAVGW .*?\\) with ", ACTION_RELAY, 0 },
  /* "(from username@localhost) by home.example.com (8.12.11/8.12.11/Submit)" */
  { SECTION_PAREN_FROM, FAMILY_ANY, NULL, NULL, "^\\S+\\@localhost\\) by \\S+ ", ACTION_IGNORE, 0 },
  { SECTION_PAREN_FROM, FAMILY_ANY, NULL, NULL,
    "^[^\\s@]+\\@[^)]+\\) by \\S+\\(jqueuemail\\) id [^\\s;]+", ACTION_IGNORE, 0 },
};

/* The named groups the rules capture, resolved to numbers once, when a
 * pattern is compiled. */
typedef enum
{
  GROUP_IP,
  GROUP_RDNS,
  GROUP_HELO,
  GROUP_BY,
  GROUP_IDENT,
  GROUP_ID,
  GROUP_SUB,
  N_GROUPS
} Group;

static const char * const group_names[N_GROUPS] = {
  [GROUP_IP] = "ip",
  [GROUP_RDNS] = "rdns",
  [GROUP_HELO] = "helo",
  [GROUP_BY] = "by",
  [GROUP_IDENT] = "ident",
  [GROUP_ID] = "id",
  [GROUP_SUB] = "sub",
};

/* Capture groups of the largest pattern (checked when each is compiled):
 * one match data of this size serves every pattern. */
#define MAX_GROUPS 15

/* A pattern and a piece of text every match must contain, when there is
 * one: looking for that text first is far cheaper than a regex match, and
 * most patterns are tried on headers they cannot match. The regex itself is
 * compiled (with JIT, which costs more than a hundred matches) the first
 * time a header passes that test: many shapes never occur in a run. */
typedef struct
{
  gsize       once;     /* regex compiled */
  pcre2_code *code;
  gboolean    jit;      /* code has machine code: pcre2_jit_match () */
  guint       n_groups; /* capture groups */
  gint8       named[N_GROUPS]; /* each Group's number, -1 if absent */
  char       *literal;  /* NULL: no such text */
  char       *ascii;    /* the pattern to compile; freed once compiled */
  const char *source;   /* as written in this file, for the error */
  gboolean    caseless;
} Pattern;

/* One successful match: where the pattern's groups lie in the subject.
 * Copied out of the thread's match data so that two can be held at once
 * (a guard's and its pattern's) and nothing is allocated per match. */
typedef struct
{
  const Pattern *pattern;
  const char    *subject;
  int            rc;   /* pcre2_match (): the highest group that took part, + 1 */
  PCRE2_SIZE     ovector[2 * (MAX_GROUPS + 1)];
} Match;

typedef struct
{
  gsize    once;
  Pattern *guard;
  Pattern *unless;
  Pattern *pattern;
} CompiledRule;

/* Rules are compiled the first time a header reaches them: most headers
 * are decided by the first few, and compiling (with JIT) all of them up
 * front cost more than parsing a hundred messages. */
static CompiledRule compiled_rules[G_N_ELEMENTS (rules)];

typedef struct
{
  Pattern *families[N_FAMILIES];
  Pattern *skip_with_local_for;
  Pattern *skip_from_by_semicolon;
  Pattern *date_tail;
  Pattern *id;
  Pattern *helo_eq;
  Pattern *helo_word;
  Pattern *by;
  Pattern *envfrom;
  Pattern *ip_anywhere;
  Pattern *fallback_date;
  struct {
    Pattern    *guard;
    Pattern    *pattern;
    const char *label;   /* NULL: the first captured group */
  } auth[10];
} Compiled;

/* The patterns are compiled with PCRE2_UCP, as GRegex always did, which
 * without PCRE2_UTF reads bytes as Latin-1 code points: the 0xA0 inside
 * UTF-8 "à" would be a space, "Ã" a word character. Headers are bytes and SpamAssassin's classes are ASCII,
 * so \s \S \d \w \b are spelled out in ASCII before compiling (and VT as
 * \x0b: PCRE's \v would be "any vertical space", 0x85 included). */
#define ASCII_WORD "A-Za-z0-9_"
static char *
ascii_classes (const char *pattern)
{
  GString *out = g_string_sized_new (strlen (pattern) * 2);
  gboolean in_class = FALSE;

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          char e = *++p;
          const char *inside = NULL, *outside = NULL;

          switch (e)
            {
            case 's':
              inside = "\\t\\n\\x0b\\f\\r ";
              outside = "[\\t\\n\\x0b\\f\\r ]";
              break;
            case 'S':
              outside = "[^\\t\\n\\x0b\\f\\r ]";
              break;
            case 'd':
              inside = "0-9";
              outside = "[0-9]";
              break;
            case 'w':
              inside = ASCII_WORD;
              outside = "[" ASCII_WORD "]";
              break;
            case 'b':
              outside = "(?:(?<=[" ASCII_WORD "])(?![" ASCII_WORD "])|(?<![" ASCII_WORD "])(?=[" ASCII_WORD "]))";
              break;
            default:
              g_string_append_c (out, '\\');
              g_string_append_c (out, e);
              continue;
            }
          if (in_class && inside == NULL)
            g_error ("Built-in pattern uses \\%c in a class: %s", e, pattern);
          g_string_append (out, in_class ? inside : outside);
          continue;
        }
      if (!in_class && *p == '[')
        {
          in_class = TRUE;
          g_string_append_c (out, *p);
          if (p[1] == '^')
            g_string_append_c (out, *++p);
          continue;
        }
      if (in_class && *p == ']')
        in_class = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static char *required_literal (const char *ascii);

/* What every match of the group opening at @open must contain, when the
 * group is plain ("(…)", "(?:…)" or "(?<name>…)", no lookaround, no
 * options) and neither optional nor repeated: a match of the pattern then
 * holds a match of the group, and so what required_literal () finds in
 * it. NULL otherwise. */
static char *
group_literal (const char *open)
{
  g_autofree char *inner = NULL;
  const char *body;
  const char *p;
  int depth = 0;
  gboolean in_class = FALSE;

  if (open[1] != '?')
    body = open + 1;
  else if (open[2] == ':')
    body = open + 3;
  else if (open[2] == '<' && (g_ascii_isalpha (open[3]) || open[3] == '_'))
    {
      body = strchr (open, '>');
      if (body == NULL)
        return NULL;
      body++;
    }
  else
    return NULL;

  for (p = open; *p != '\0'; p++)
    {
      if (in_class)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == ']')
            in_class = FALSE;
          continue;
        }
      if (*p == '\\')
        {
          if (p[1] == '\0')
            return NULL;
          p++;
        }
      else if (*p == '[')
        {
          in_class = TRUE;
          if (p[1] == '^')
            p++;
          if (p[1] == ']')
            p++;
        }
      else if (*p == '(')
        depth++;
      else if (*p == ')' && --depth == 0)
        break;
    }
  if (*p != ')' || p[1] == '?' || p[1] == '*' || p[1] == '+' || p[1] == '{')
    return NULL;

  inner = g_strndup (body, p - body);
  return required_literal (inner);
}

/* The longest run of plain characters that every match of @ascii (a
 * pattern as compiled, case-sensitive) must contain, or NULL. Only the top
 * level and plain groups there count: other groups, classes, escapes of
 * letters, anchors and '.' end a run, a quantifier takes its character out,
 * and a top-level '|' or an option switched on for the rest of the pattern
 * ("(?i)") means no run is certain. Conservative by design: any doubt
 * gives NULL. */
static char *
required_literal (const char *ascii)
{
  g_autoptr(GString) run = g_string_new (NULL);
  g_autoptr(GString) best = g_string_new (NULL);
  int depth = 0;
  gboolean in_class = FALSE;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = *p;
      gboolean literal = FALSE;
      char value = c;

      if (in_class)
        {
          if (c == '\\' && p[1] != '\0')
            p++;
          else if (c == ']')
            in_class = FALSE;
          continue;
        }
      if (c == '(')
        {
          /* "(?i)", "(?s-x)": options for the rest of the pattern */
          if (p[1] == '?')
            {
              const char *q = p + 2;
              while (g_ascii_isalpha (*q) || *q == '-')
                q++;
              if (q > p + 2 && *q == ')')
                return NULL;
            }
          if (depth == 0)
            {
              g_autofree char *inner = group_literal (p);

              if (inner != NULL && strlen (inner) > best->len)
                g_string_assign (best, inner);
            }
          depth++;
        }
      else if (c == ')')
        depth--;
      else if (depth == 0 && c == '|')
        return NULL;
      else if (c == '[')
        {
          in_class = TRUE;
          if (p[1] == '^')
            p++;
          if (p[1] == ']')
            p++;
        }
      else if (c == '{')
        {
          /* a counted repeat: its digits are not text to find */
          const char *close = strchr (p, '}');
          if (close == NULL)
            return NULL;
          p = close;
        }
      else if (c == '\\')
        {
          if (p[1] == '\0')
            return NULL;
          value = *++p;
          literal = !g_ascii_isalnum (value);
        }
      else
        literal = strchr (".^$?*+{}", c) == NULL;

      if (depth == 0 && literal)
        {
          /* A quantified character may be absent or repeated. */
          if (p[1] == '?' || p[1] == '*' || p[1] == '+' || p[1] == '{')
            literal = FALSE;
          else
            g_string_append_c (run, value);
        }
      if (depth != 0 || !literal)
        {
          if (run->len > best->len)
            g_string_assign (best, run->str);
          g_string_truncate (run, 0);
        }
    }
  if (depth != 0 || in_class)
    return NULL;
  if (run->len > best->len)
    g_string_assign (best, run->str);

  return best->len >= 2 ? g_strdup (best->str) : NULL;
}

static Pattern *
compile (const char *pattern,
         gboolean    caseless)
{
  g_autoptr(GString) expanded = g_string_new (pattern);
  Pattern *compiled = g_new0 (Pattern, 1);

  g_string_replace (expanded, "@IP@", IP_ADDRESS, 0);
  g_string_replace (expanded, "@LH@", LOCALHOST, 0);
  compiled->ascii = ascii_classes (expanded->str);
  compiled->source = pattern;
  compiled->caseless = caseless;
  if (!caseless)
    compiled->literal = required_literal (compiled->ascii);
  return compiled;
}

/* Compiled on first use, once, whichever thread asks first, with the
 * options GRegex used for these patterns until it was dropped
 * (G_REGEX_RAW | G_REGEX_OPTIMIZE, and G_REGEX_CASELESS where asked):
 * no PCRE2_UTF (headers are bytes, often not UTF-8), PCRE2_UCP (GRegex
 * always adds it; ascii_classes () keeps it from mattering), any Unicode
 * newline ends a line, \R is any Unicode newline, and JIT code when PCRE2
 * can make it. The results are those GRegex gave, byte for byte. */
static const pcre2_code *
pattern_code (const Pattern *pattern)
{
  Pattern *lazy = (Pattern *) pattern;

  if (g_once_init_enter (&lazy->once))
    {
      pcre2_compile_context *context = pcre2_compile_context_create (NULL);
      uint32_t capture_count = 0;
      PCRE2_SIZE error_offset;
      int error_code;

      if (context == NULL ||
          pcre2_set_newline (context, PCRE2_NEWLINE_ANY) != 0 ||
          pcre2_set_bsr (context, PCRE2_BSR_UNICODE) != 0)
        g_error ("Cannot set up the regular expression compiler");
      lazy->code = pcre2_compile ((PCRE2_SPTR) lazy->ascii, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UCP | (lazy->caseless ? PCRE2_CASELESS : 0),
                                  &error_code, &error_offset, context);
      pcre2_compile_context_free (context);
      if (lazy->code == NULL)
        {
          PCRE2_UCHAR message[256];

          pcre2_get_error_message (error_code, message, sizeof message);
          g_error ("Bad built-in pattern %s at %" G_GSIZE_FORMAT ": %s",
                   lazy->source, (gsize) error_offset, (const char *) message);
        }

      pcre2_pattern_info (lazy->code, PCRE2_INFO_CAPTURECOUNT, &capture_count);
      if (capture_count > MAX_GROUPS)
        g_error ("Built-in pattern %s has %u groups, more than %d",
                 lazy->source, capture_count, MAX_GROUPS);
      lazy->n_groups = capture_count;
      for (guint i = 0; i < N_GROUPS; i++)
        {
          int number = pcre2_substring_number_from_name (lazy->code,
                                                          (PCRE2_SPTR) group_names[i]);
          lazy->named[i] = number > 0 ? number : -1;
        }

      /* Without JIT (no support on this CPU, or turned off as under
       * valgrind by .ci/pcre2-nojit.c) the interpreter gives the same
       * answers, more slowly. */
      lazy->jit = pcre2_jit_compile (lazy->code, PCRE2_JIT_COMPLETE) == 0;

      g_clear_pointer (&lazy->ascii, g_free);
      g_once_init_leave (&lazy->once, 1);
    }
  return lazy->code;
}

/* One match data per thread (the loader traces in worker threads), sized
 * for the largest pattern: matching allocates nothing. The thread-local
 * pointer is the fast way to it; the GPrivate frees it when the thread
 * ends. */
static void
match_data_free (gpointer data)
{
  pcre2_match_data_free (data);
}

static GPrivate thread_match_data_owner = G_PRIVATE_INIT (match_data_free);
static _Thread_local pcre2_match_data *thread_match_data;

static pcre2_match_data *
get_match_data (void)
{
  if (G_UNLIKELY (thread_match_data == NULL))
    {
      thread_match_data = pcre2_match_data_create (MAX_GROUPS + 1, NULL);
      if (thread_match_data == NULL)
        g_error ("Out of memory for regular expression matches");
      g_private_set (&thread_match_data_owner, thread_match_data);
    }
  return thread_match_data;
}

/* A match of @pattern in @text from byte @start, as g_regex_match () and
 * g_match_info_next () found it. Returns what pcre2_match () does: >= 0 for
 * a match, PCRE2_ERROR_NOMATCH, or another error (a limit reached), which
 * GRegex's callers here took as no match too. */
static int
pattern_exec (const Pattern *pattern,
              const char    *text,
              gsize          start,
              Match         *match)
{
  const pcre2_code *code = pattern_code (pattern);
  pcre2_match_data *data = get_match_data ();
  gsize len = strlen (text);
  int rc;

  if (start > len)
    return PCRE2_ERROR_NOMATCH;
  /* GRegex also passed PCRE2_NO_UTF_CHECK, which means nothing without
   * PCRE2_UTF. pcre2_jit_match () skips pcre2_match ()'s checks. */
  if (pattern->jit)
    rc = pcre2_jit_match (code, (PCRE2_SPTR) text, len, start, 0, data, NULL);
  else
    rc = pcre2_match (code, (PCRE2_SPTR) text, len, start, 0, data, NULL);
  if (rc >= 0 && match != NULL)
    {
      match->pattern = pattern;
      match->subject = text;
      match->rc = rc;
      memcpy (match->ovector, pcre2_get_ovector_pointer (data),
              2 * (pattern->n_groups + 1) * sizeof (PCRE2_SIZE));
    }
  return rc;
}

/* A match, after the cheap test for the text a match needs. */
static gboolean
pattern_match (const Pattern *pattern,
               const char    *text,
               Match         *match)
{
  if (pattern->literal != NULL && strstr (text, pattern->literal) == NULL)
    return FALSE;
  return pattern_exec (pattern, text, 0, match) >= 0;
}

/* Where group @n lies, as g_match_info_fetch_pos (): FALSE if the pattern
 * has no such group; a group that took no part has *@start == -1. */
static gboolean
match_pos (const Match *match,
           guint        n,
           gssize      *start,
           gssize      *end)
{
  if (n > match->pattern->n_groups)
    return FALSE;
  if ((int) n >= match->rc || match->ovector[2 * n] == PCRE2_UNSET)
    {
      *start = *end = -1;
      return TRUE;
    }
  *start = match->ovector[2 * n];
  *end = match->ovector[2 * n + 1];
  return TRUE;
}

/* Group @n's text, as g_match_info_fetch (): NULL if the pattern has no
 * such group, "" if the group took no part. */
static char *
match_fetch (const Match *match,
             guint        n)
{
  gssize start, end;

  if (!match_pos (match, n, &start, &end))
    return NULL;
  if (start < 0)
    return g_strdup ("");
  return g_strndup (match->subject + start, end - start);
}

/* The next match in the same text, as g_match_info_next () finds it: from
 * where this one ended, or a byte further after an empty match. */
static int
match_next (Match *match)
{
  gsize from = match->ovector[1];

  if (match->ovector[0] == match->ovector[1])
    from++;
  return pattern_exec (match->pattern, match->subject, from, match);
}

static const Compiled *
get_compiled (void)
{
  static gsize once = 0;
  static Compiled c;

  if (g_once_init_enter (&once))
    {
      static const struct {
        const char *guard;
        const char *pattern;
        const char *label;
        gboolean    caseless;
      } auth[] = {
        /* RFC 3848 / 6531 protocol names, and webmail */
        { " by ", " with ((?:ES|L|UTF8S|UTF8L)MTPS?A|ASMTP|HTTP[SU]?)(?: |;|$)", NULL, TRUE },
        /* Gmail authenticates without saying ESMTPSA */
        { "\\(version=([^ ]+) cipher=([^)]+)\\)",
          " by mx\\.google\\.com with ESMTPS id [a-z0-9]{1,4}sm[0-9]{2,9}[a-z]{3}\\.[0-9]{1,3}\\.[0-9]{4}\\.(?:[0-6][0-9]\\.){4}[0-6][0-9]",
          "GMail", FALSE },
        /* Courier */
        { NULL, "^from .*?(?:\\]\\)|\\)\\]) \\(AUTH: (LOGIN|PLAIN|DIGEST-MD5|CRAM-MD5) \\S+(?:, .*?)?\\) by ", NULL, FALSE },
        /* sendmail, MDaemon and many webmails */
        { "authenticated", "^from .*?(?:\\](?: \\([^)]*\\))?\\)|\\)\\]) .*?\\(.*?authenticated.*?\\).*? by", "Sendmail", FALSE },
        /* GMX authenticates without saying so */
        { NULL, "from \\S* \\((?:HELO|EHLO) (\\S*)\\) \\[(@IP@)\\] by (mail\\.gmx\\.(?:net|com)) \\([^)]+\\) with ((?:ESMTP|SMTP))", "GMX", FALSE },
        /* Critical Path */
        { " \\(authenticated as ", "\\) by .+ \\(\\d{1,2}\\.\\d\\.\\d{3}(?:\\.\\d{1,3})?\\) \\(authenticated as .+\\) id ", "CriticalPath", FALSE },
        /* Postfix with smtpd_sasl_authenticated_header */
        { NULL, "\\) \\(Authenticated sender: \\S+\\) by \\S+ \\(([^)]+)\\) with ", "Postfix", FALSE },
        /* CommuniGate Pro */
        { " \\(account ", "CommuniGate Pro (HTTP|SMTP|XIMSS|IMAP)", "Communigate", FALSE },
        /* Exchange's webmail */
        { NULL, " with Microsoft Exchange Server HTTP-DAV\\b", "HTTP-DAV", FALSE },
        /* "(via HTTP)" comments, United Internet */
        { " by ", " \\(via (HTTP.?)\\)(?: |;|$)", NULL, TRUE },
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (auth) == G_N_ELEMENTS (c.auth));

      for (guint i = 0; i < N_FAMILIES; i++)
        if (family_signatures[i] != NULL)
          c.families[i] = compile (family_signatures[i], FALSE);

      for (guint i = 0; i < G_N_ELEMENTS (auth); i++)
        {
          c.auth[i].guard = auth[i].guard ? compile (auth[i].guard, FALSE) : NULL;
          c.auth[i].pattern = compile (auth[i].pattern, auth[i].caseless);
          c.auth[i].label = auth[i].label;
        }

      c.skip_with_local_for = compile ("\\bwith local for\\b", FALSE);
      c.skip_from_by_semicolon = compile ("^from (\\S+) by [^\\s;]+ ?;", TRUE);
      /* date_tail_search_start () relies on this shape: change both. */
      c.date_tail = compile ("[\\s;]+(?:(?:Mon|T(?:ue|hu)|Wed|Fri|S(?:at|un)), )?\\d+ "
                             "(?:J(?:an|u[nl])|Feb|Ma[ry]|A(?:pr|ug)|Sep|Oct|Nov|Dec) "
                             "\\d+ \\d+:\\d+(?::\\d+)? \\S+$", FALSE);
      c.id = compile (" id <?([^\\s<>;]{3,})", FALSE);
      c.helo_eq = compile ("\\bhelo=([-A-Za-z0-9.^+_&:=?!@%*$\\\\/]+)(?:[^-A-Za-z0-9.^+_&:=?!@%*$\\\\/]|$)", FALSE);
      c.helo_word = compile ("\\b(?:HELO|EHLO) ([-A-Za-z0-9.^+_&:=?!@%*$\\\\/]+)(?:[^-A-Za-z0-9.^+_&:=?!@%*$\\\\/]|$)", FALSE);
      c.by = compile (" by (\\S+)(?:[^-A-Za-z0-9;.]|$)", FALSE);
      c.envfrom = compile ("(?:return-path:? |envelope-(?:sender|from)[ =])(\\S+)\\b", TRUE);
      c.ip_anywhere = compile ("\\[(@IP@)\\]", FALSE);
      /* RFC 5322 order, or ISO order as Go-written headers (SendGrid) have it */
      c.fallback_date = compile ("(?:\\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\w*,? +)?"
                                 "\\b\\d{1,2} +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\w* +\\d{2,4} +\\d{1,2}:\\d{2}"
                                 "|\\b\\d{4}-\\d{1,2}-\\d{1,2}[ T]\\d{1,2}:\\d{2}",
                                 TRUE);

      g_once_init_leave (&once, 1);
    }

  return &c;
}

static const CompiledRule *
get_compiled_rule (guint i)
{
  CompiledRule *cr = &compiled_rules[i];

  if (g_once_init_enter (&cr->once))
    {
      if (rules[i].guard != NULL)
        cr->guard = compile (rules[i].guard, FALSE);
      if (rules[i].unless != NULL)
        cr->unless = compile (rules[i].unless, FALSE);
      cr->pattern = compile (rules[i].pattern, FALSE);
      g_once_init_leave (&cr->once, 1);
    }

  return cr;
}

/* What the rules found, before the clean-up. */
typedef struct
{
  char *ip;
  char *rdns;
  char *helo;
  char *by;
  char *ident;
  char *envfrom; /* NULL: none found */
  char *id;
  char *auth;
} Fields;

static void
fields_clear (Fields *f)
{
  g_free (f->ip);
  g_free (f->rdns);
  g_free (f->helo);
  g_free (f->by);
  g_free (f->ident);
  g_free (f->envfrom);
  g_free (f->id);
  g_free (f->auth);
}

static void
set_field (char       **slot,
           char        *value)
{
  g_free (*slot);
  *slot = value;
}

/* Takes a named group if the pattern has it ("" if it took no part in
 * the match, as g_match_info_fetch_named () gave). */
static gboolean
take_group (const Match  *match,
            Group         group,
            char        **slot)
{
  int n = match->pattern->named[group];

  if (n < 0)
    return FALSE;
  set_field (slot, match_fetch (match, n));
  return TRUE;
}

static gboolean
has_group (const Pattern *pattern,
           Group          group)
{
  return pattern->named[group] >= 0;
}

/* Collapses every run of whitespace to one space and trims: SpamAssassin
 * reads headers that way, and folding can land anywhere. NULs go too. */
static char *
collapse_whitespace (const char *value)
{
  GString *out = g_string_sized_new (MIN (strlen (value), MAX_VALUE_LEN) + 1);
  gboolean space = FALSE;

  for (const char *p = value; *p != '\0' && out->len < MAX_VALUE_LEN; p++)
    {
      if (g_ascii_isspace (*p) || *p == '\v')
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* "helo=… ident=…" inside Exim's comment. */
static void
parse_sub (const char *sub,
           Fields     *f)
{
  g_autofree char *rest = g_strdup (sub);
  char *p;

  p = strstr (rest, "helo=");
  if (p != NULL && p[5] != '\0' && !g_ascii_isspace (p[5]))
    {
      char *end = p + 5;
      while (*end != '\0' && !g_ascii_isspace (*end))
        end++;
      set_field (&f->helo, g_strndup (p + 5, end - (p + 5)));
      memmove (p, end, strlen (end) + 1);
    }

  p = strstr (rest, "ident=");
  if (p != NULL)
    {
      char *end = p + 6;
      while (*end != '\0' && !g_ascii_isspace (*end))
        end++;
      set_field (&f->ident, g_strndup (p + 6, end - (p + 6)));
    }
}

static void
apply_rule (const Rule  *rule,
            const Match *match,
            Fields      *f)
{
  const Pattern *regex = match->pattern;

  take_group (match, GROUP_IP, &f->ip);
  take_group (match, GROUP_BY, &f->by);
  take_group (match, GROUP_IDENT, &f->ident);
  if (has_group (regex, GROUP_RDNS))
    take_group (match, GROUP_RDNS, &f->rdns);
  if (has_group (regex, GROUP_HELO))
    take_group (match, GROUP_HELO, &f->helo);
  else if (rule->flags & FLAG_HELO_IS_RDNS)
    set_field (&f->helo, g_strdup (f->rdns));
  if (has_group (regex, GROUP_ID))
    take_group (match, GROUP_ID, &f->id);

  if ((rule->flags & FLAG_SUB) && has_group (regex, GROUP_SUB))
    {
      g_autofree char *sub = match_fetch (match, regex->named[GROUP_SUB]);
      parse_sub (sub, f);
    }

  if (rule->flags & FLAG_CLEAR_ID)
    set_field (&f->id, g_strdup (""));

  if ((rule->flags & FLAG_SOFTDNSERR) && g_strcmp0 (f->rdns, "softdnserr") == 0)
    set_field (&f->rdns, g_strdup (""));

  if (rule->flags & FLAG_RDNS_IDENT)
    {
      /* "IDENT:qmailr@one.develooper.com" or "user@host" in the rDNS slot:
       * the part before the @ is an ident answer, not part of the name. */
      const char *start = f->rdns;
      const char *at;

      if (g_str_has_prefix (start, "IDENT:") && strchr (start, '@') != NULL)
        {
          start += 6;
          at = strchr (start, '@');
          set_field (&f->ident, g_strndup (start, at - start));
          set_field (&f->rdns, g_strdup (at + 1));
        }
      at = strchr (f->rdns, '@');
      if (at != NULL)
        {
          set_field (&f->ident, g_strndup (f->rdns, at - f->rdns));
          set_field (&f->rdns, g_strdup (at + 1));
        }
    }
}

static void
apply_xmail (const char     *text,
             Fields         *f)
{
  const char *p = strstr (text, " id <");
  if (p != NULL)
    {
      const char *start = p + 5;
      const char *end = start;
      while (*end != '\0' && !g_ascii_isspace (*end))
        end++;
      /* " id <(\S+)>": the last '>' inside the word closes it */
      while (end > start && end[-1] != '>')
        end--;
      if (end - start >= 2)
        set_field (&f->id, g_strndup (start, end - 1 - start));
    }
  p = strstr (text, " from <");
  if (p != NULL)
    {
      const char *start = p + 7;
      const char *end = start;
      while (*end != '\0' && !g_ascii_isspace (*end))
        end++;
      while (end > start && end[-1] != '>')
        end--;
      if (end - start >= 2)
        set_field (&f->envfrom, g_strndup (start, end - 1 - start));
    }
}

/* Odd Exim shapes: take the first word as the rDNS, a lone (word) as the
 * HELO, a bracketed address, and the by. Enough if both ip and by. */
static gboolean
exim_loose (const char     *text,
            Fields         *f)
{
  static gsize once = 0;
  static Pattern *first, *paren, *addr, *by;
  Match m;

  if (g_once_init_enter (&once))
    {
      first = compile ("^(\\S+) ", FALSE);
      paren = compile (" \\((\\S+)\\) ", FALSE);
      addr = compile (" \\[(@IP@)(?:\\.\\d+)?\\] ", FALSE);
      by = compile ("by (\\S+) ", FALSE);
      g_once_init_leave (&once, 1);
    }

  if (pattern_match (first, text, &m))
    set_field (&f->rdns, match_fetch (&m, 1));
  if (pattern_match (paren, text, &m))
    set_field (&f->helo, match_fetch (&m, 1));
  if (pattern_match (addr, text, &m))
    set_field (&f->ip, match_fetch (&m, 1));
  if (pattern_match (by, text, &m))
    {
      set_field (&f->by, match_fetch (&m, 1));
      return *f->ip != '\0';
    }
  return FALSE;
}

static void
find_auth (const Compiled *c,
           const char     *text,
           Fields         *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (c->auth); i++)
    {
      Match guard;
      Match m;
      const char *label = c->auth[i].label;

      if (c->auth[i].guard != NULL && !pattern_match (c->auth[i].guard, text, &guard))
        continue;
      if (!pattern_match (c->auth[i].pattern, text, &m))
        continue;

      if (label == NULL)
        set_field (&f->auth, match_fetch (&m, 1));
      else if (strcmp (label, "GMail") == 0)
        {
          g_autofree char *version = match_fetch (&guard, 1);
          g_autofree char *cipher = match_fetch (&guard, 2);
          set_field (&f->auth, g_strdup_printf ("GMail - transport=%s cipher=%s", version, cipher));
        }
      else if (strcmp (label, "GMX") == 0)
        {
          g_autofree char *host = match_fetch (&m, 3);
          g_autofree char *proto = match_fetch (&m, 4);
          set_field (&f->auth, g_strdup_printf ("GMX (%s / %s)", proto, host));
        }
      else if (strcmp (label, "Postfix") == 0)
        {
          /* mail_name may have been changed from "Postfix" */
          g_autofree char *name = match_fetch (&m, 1);
          set_field (&f->auth, strcmp (name, "Postfix") == 0
                                 ? g_strdup (name)
                                 : g_strdup_printf ("Postfix (%s)", name));
        }
      else
        set_field (&f->auth, g_strdup (label));
      return;
    }
}

static Family
find_family (const Compiled *c,
             const char     *text)
{
  for (guint i = 0; i < N_FAMILIES; i++)
    if (c->families[i] != NULL && pattern_match (c->families[i], text, NULL))
      return i;
  return FAMILY_ANY;
}

typedef enum
{
  OUTCOME_RELAY,
  OUTCOME_IGNORED,
  OUTCOME_UNPARSEABLE,
} Outcome;

static Outcome
run_rules (const Compiled *c,
           Section         section,
           const char     *text,
           Fields         *f)
{
  Family family = FAMILY_ANY;
  /* qmail's five rules share one costly guard: its answer for this text is
   * remembered, not asked five times. */
  const char *last_guard = NULL;
  gboolean last_guard_matched = FALSE;

  if (section == SECTION_FROM)
    {
      Match m;

      if (pattern_match (c->envfrom, text, &m))
        set_field (&f->envfrom, match_fetch (&m, 1));
      family = find_family (c, text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      const Rule *rule = &rules[i];
      const CompiledRule *cr;
      Match m;

      if (rule->section != section)
        continue;
      if (rule->family != FAMILY_ANY && rule->family != family)
        continue;
      cr = get_compiled_rule (i);
      if (cr->guard != NULL)
        {
          if (last_guard == NULL || strcmp (last_guard, rule->guard) != 0)
            {
              last_guard = rule->guard;
              last_guard_matched = pattern_match (cr->guard, text, NULL);
            }
          if (!last_guard_matched)
            continue;
        }
      if (cr->unless != NULL && pattern_match (cr->unless, text, NULL))
        continue;

      switch (rule->action)
        {
        case ACTION_EXIM_LOOSE:
          if (exim_loose (text, f))
            return OUTCOME_RELAY;
          continue;

        case ACTION_GUESS_HELO:
          if (*f->helo == '\0' && pattern_match (cr->pattern, text, &m))
            take_group (&m, GROUP_HELO, &f->helo);
          continue;

        case ACTION_IGNORE:
          if (pattern_match (cr->pattern, text, NULL))
            return OUTCOME_IGNORED;
          continue;

        case ACTION_RELAY:
          if (!pattern_match (cr->pattern, text, &m))
            continue;
          apply_rule (rule, &m, f);
          if (rule->flags & FLAG_XMAIL)
            apply_xmail (text, f);
          return OUTCOME_RELAY;

        default:
          g_assert_not_reached ();
        }
    }

  /* Last resort: any bracketed address, if there is a "by". */
  if (*f->ip == '\0')
    {
      Match m;
      if (pattern_match (c->ip_anywhere, text, &m))
        set_field (&f->ip, match_fetch (&m, 1));
    }
  if (*f->ip != '\0' && *f->by != '\0')
    return OUTCOME_RELAY;

  return OUTCOME_UNPARSEABLE;
}

/* SpamAssassin's tidying of what was captured: these are meanings (an
 * "unknown" rDNS is no rDNS, "IPv6:" is not part of an address), not the
 * '!' character substitution, which we do not do. */
static void
tidy (Fields *f)
{
  gsize len;
  char *pct;

  /* rDNS: no trailing dot, "unknown" and "[…]" mean none */
  len = strlen (f->rdns);
  while (len > 0 && f->rdns[len - 1] == '.')
    f->rdns[--len] = '\0';
  if (g_ascii_strcasecmp (f->rdns, "unknown") == 0 || f->rdns[0] == '[')
    f->rdns[0] = '\0';

  /* IP: no "IPv6:" prefix, no brackets, no %zone, IPv4-mapped as IPv4 */
  if (g_ascii_strncasecmp (f->ip, "ipv6:", 5) == 0)
    memmove (f->ip, f->ip + 5, strlen (f->ip + 5) + 1);
  if (f->ip[0] == '[')
    memmove (f->ip, f->ip + 1, strlen (f->ip + 1) + 1);
  len = strlen (f->ip);
  if (len > 0 && f->ip[len - 1] == ']')
    f->ip[--len] = '\0';
  pct = strrchr (f->ip, '%');
  if (pct != NULL)
    {
      const char *q = pct + 1;
      while (*q != '\0' && (g_ascii_isalnum (*q) || strchr ("._~-", *q) != NULL))
        q++;
      if (*q == '\0')
        *pct = '\0';
    }
  {
    /* "0*:0*:(0*:)*ffff:a.b.c.d" */
    const char *p = f->ip;
    int colons = 0;
    while (*p == '0' || *p == ':')
      colons += *p++ == ':';
    if (colons >= 2 && p > f->ip && p[-1] == ':' &&
        g_ascii_strncasecmp (p, "ffff:", 5) == 0)
      {
        const char *v4 = p + 5;
        int dots = 0;
        gboolean ok = g_ascii_isdigit (*v4);
        for (const char *q = v4; *q != '\0' && ok; q++)
          {
            if (*q == '.')
              {
                dots++;
                ok = g_ascii_isdigit (q[1]);
              }
            else if (!g_ascii_isdigit (*q))
              ok = FALSE;
          }
        if (ok && dots == 3)
          memmove (f->ip, v4, strlen (v4) + 1);
      }
  }

  len = strlen (f->by);
  if (len > 0 && f->by[len - 1] == ';')
    f->by[--len] = '\0';

  if (f->envfrom != NULL)
    {
      char *s = f->envfrom;
      char *start = s;
      while (g_ascii_isspace (*start) || *start == '<')
        start++;
      memmove (s, start, strlen (start) + 1);
      len = strlen (s);
      while (len > 0 && (g_ascii_isspace (s[len - 1]) || s[len - 1] == '>'))
        s[--len] = '\0';
    }
}

/* The protocol after " with ", as written: "ESMTPS", "SMTP", "HTTP",
 * "Microsoft SMTP Server" for Exchange's multi-word name. */
static char *
find_with (const char *text)
{
  const char *by = strstr (text, " by ");
  const char *p = strstr (by != NULL ? by : text, " with ");
  const char *start, *end;

  if (p == NULL)
    p = strstr (text, " with ");
  if (p == NULL)
    return g_strdup ("");

  start = p + 6;
  /* qmail: "with (DHE-RSA-AES256-SHA encrypted) SMTP" */
  while (*start == '(')
    {
      const char *close = strchr (start, ')');
      if (close == NULL)
        break;
      start = close + 1;
      while (*start == ' ')
        start++;
    }
  if (g_str_has_prefix (start, "Microsoft SMTP Server"))
    return g_strdup ("Microsoft SMTP Server");
  if (g_str_has_prefix (start, "Microsoft SMTPSVC"))
    return g_strdup ("Microsoft SMTPSVC");
  end = start;
  while (*end != '\0' && !g_ascii_isspace (*end) && *end != ';' && *end != ',' && *end != '(')
    end++;
  return g_strndup (start, end - start);
}

/* The recipient after " for ": "<user@example.org>" gives "user@example.org".
 * Only an address counts; "for [1.2.3.4]" in a comment does not. */
static char *
find_for (const char *text)
{
  const char *p = text;

  while ((p = strstr (p, " for ")) != NULL)
    {
      const char *start = p + 5;
      const char *end;

      if (*start == '<')
        start++;
      end = start;
      while (*end != '\0' && !g_ascii_isspace (*end) && *end != '>' && *end != ';' && *end != ')')
        end++;
      if (memchr (start, '@', end - start) != NULL)
        return g_strndup (start, end - start);
      p = start;
    }
  return g_strdup ("");
}

static void
find_date (const Compiled *c,
           const char     *text,
           WhenceReceived *r)
{
  const char *semi = strrchr (text, ';');
  Match m;

  if (semi != NULL && whence_date_parse (semi + 1, &r->date))
    {
      r->has_date = TRUE;
      return;
    }

  /* No ';' (or junk after it): look for a date's shape anywhere. */
  if (pattern_match (c->fallback_date, text, &m))
    {
      if (whence_date_parse (text + m.ovector[0], &r->date))
        r->has_date = TRUE;
    }
}

/* The host named after "by" in a line that is not a handover: "by
 * mail.example.com (Postfix, from userid 1001)". qmail's "invoked by uid"
 * names no host. */
static char *
find_writer (const Compiled *c,
             const char     *line)
{
  g_autofree char *spaced = g_strconcat (" ", line, NULL);
  Match m;

  if (pattern_match (c->by, spaced, &m))
    {
      do
        {
          g_autofree char *by = match_fetch (&m, 1);
          gsize len = strlen (by);

          if (len > 0 && by[len - 1] == ';')
            by[--len] = '\0';
          if (len > 0 && strcmp (by, "uid") != 0)
            return g_steal_pointer (&by);
        }
      while (match_next (&m) >= 0);
    }
  return g_strdup ("");
}

/* "from virtual-access.org by bolero.conactive.com ;": two names and
 * nothing else, unless the first is an address literal. */
static gboolean
is_from_by_semicolon (const Compiled *c,
                      const char     *line)
{
  Match m;
  const char *first;
  gssize start, end;
  gsize len;

  if (!pattern_match (c->skip_from_by_semicolon, line, &m))
    return FALSE;
  /* The name in place, not a copy: the ']' that ends it stops strspn (). */
  if (!match_pos (&m, 1, &start, &end) || start < 0)
    return TRUE;
  first = line + start;
  len = end - start;
  if (len >= 3 && first[0] == '[' && first[len - 1] == ']' &&
      strspn (first + 1, "0123456789.") == len - 2)
    return FALSE;
  return TRUE;
}

/* Where a match of c->date_tail in @line can start at the earliest. After
 * its leading [\s;]+ the pattern holds four or five single spaces and no
 * other blank, and at most a line break follows its end: so a match starts
 * after the sixth space from the end, or in the run of blanks and ';'
 * around that space. Searching from there finds the first match a search
 * from the start finds, without trying the pattern at every word. */
static gsize
date_tail_search_start (const char *line)
{
  gsize q = strlen (line);
  int spaces = 0;

  while (q > 0)
    {
      q--;
      if (line[q] == ' ' && ++spaces == 6)
        break;
    }
  if (spaces < 6)
    return 0;
  while (q > 0 && strchr (" \t\n\v\f\r;", line[q - 1]) != NULL)
    q--;
  return q;
}

/* @line without the date at its end, as g_regex_replace_literal () with ""
 * gave it: every match cut out, or @line whole if matching failed. */
static char *
without_date_tail (const Compiled *c,
                   const char     *line)
{
  const Pattern *tail = c->date_tail;
  GString *out;
  gsize kept = 0;
  Match m;
  int rc;

  if (tail->literal != NULL && strstr (line, tail->literal) == NULL)
    return g_strdup (line);
  rc = pattern_exec (tail, line, date_tail_search_start (line), &m);
  if (rc < 0)
    return g_strdup (line);

  out = g_string_sized_new (strlen (line));
  do
    {
      g_string_append_len (out, line + kept, m.ovector[0] - kept);
      kept = m.ovector[1];
      rc = match_next (&m);
    }
  while (rc >= 0);
  if (rc != PCRE2_ERROR_NOMATCH)
    {
      g_string_free (out, TRUE);
      return g_strdup (line);
    }
  g_string_append (out, line + kept);
  return g_string_free (out, FALSE);
}

WhenceReceived *
whence_received_parse (const char *value)
{
  const Compiled *c = get_compiled ();
  Match m;
  WhenceReceived *r;
  g_autofree char *line = NULL;
  Fields f = { 0 };
  Outcome outcome;
  gsize len;

  g_return_val_if_fail (value != NULL, NULL);

  r = g_new0 (WhenceReceived, 1);
  r->raw = g_strdup (value);

  line = collapse_whitespace (value);

  r->with = find_with (line);
  r->for_ = find_for (line);
  find_date (c, line, r);

  /* A header ending in ';' (the date went missing) */
  len = strlen (line);
  while (len > 0 && line[len - 1] == ';')
    {
      line[--len] = '\0';
      if (len > 0 && line[len - 1] == ' ')
        line[--len] = '\0';
    }

  f.ip = g_strdup ("");
  f.rdns = g_strdup ("");
  f.helo = g_strdup ("");
  f.by = g_strdup ("");
  f.ident = g_strdup ("");
  f.id = g_strdup ("");
  f.auth = g_strdup ("");

  /* Only "from …" lines describe a handover: "(qmail 123 invoked by uid
   * 225)", "by host (Postfix, from userid 1002)" and the like do not. */
  if (g_ascii_strncasecmp (line, "from ", 5) != 0 && g_ascii_strncasecmp (line, "(from ", 6) != 0)
    outcome = OUTCOME_IGNORED;
  else if (pattern_match (c->skip_with_local_for, line, NULL))
    outcome = OUTCOME_IGNORED;
  else if (is_from_by_semicolon (c, line))
    outcome = OUTCOME_IGNORED;
  else
    {
      g_autofree char *text = NULL;
      char *p;

      /* The date is not part of what the rules read. */
      text = without_date_tail (c, line);

      /* "(localhost [127.0.0.1])by  localhost" */
      p = strstr (text, ")by ");
      if (p != NULL)
        {
          GString *fixed = g_string_new_len (text, p + 1 - text);
          g_string_append (fixed, " ");
          g_string_append (fixed, p + 1);
          g_free (text);
          text = g_string_free (fixed, FALSE);
        }

      if (pattern_match (c->id, text, &m))
        set_field (&f.id, match_fetch (&m, 1));
      if (pattern_match (c->helo_eq, text, &m))
        set_field (&f.helo, match_fetch (&m, 1));
      else
        {
          if (pattern_match (c->helo_word, text, &m))
            set_field (&f.helo, match_fetch (&m, 1));
        }
      if (pattern_match (c->by, text, &m))
        set_field (&f.by, match_fetch (&m, 1));

      find_auth (c, text, &f);

      if (g_str_has_prefix (text, "from "))
        outcome = run_rules (c, SECTION_FROM, text + 5, &f);
      else if (g_str_has_prefix (text, "FROM "))
        outcome = run_rules (c, SECTION_FROM_UPPER, text + 5, &f);
      else if (g_str_has_prefix (text, "(from "))
        outcome = run_rules (c, SECTION_PAREN_FROM, text + 6, &f);
      else
        outcome = run_rules (c, SECTION_OTHER, text, &f);
    }

  r->relay = outcome != OUTCOME_IGNORED;
  r->parsed = outcome == OUTCOME_RELAY;

  if (outcome == OUTCOME_RELAY)
    {
      tidy (&f);
      r->ip = g_steal_pointer (&f.ip);
      r->rdns = g_steal_pointer (&f.rdns);
      r->helo = g_steal_pointer (&f.helo);
      r->by = g_steal_pointer (&f.by);
      r->ident = g_steal_pointer (&f.ident);
      r->envfrom = f.envfrom ? g_steal_pointer (&f.envfrom) : g_strdup ("");
      r->id = g_steal_pointer (&f.id);
      r->auth = g_steal_pointer (&f.auth);
    }
  else
    {
      /* Not a handover, or nothing read: no client to speak of. The host
       * that wrote the line and its queue id still help to follow the
       * chain, so those are kept. */
      r->ip = g_strdup ("");
      r->rdns = g_strdup ("");
      r->helo = g_strdup ("");
      r->by = find_writer (c, line);
      r->ident = g_strdup ("");
      r->envfrom = g_strdup ("");
      if (pattern_match (c->id, line, &m))
        r->id = match_fetch (&m, 1);
      else
        r->id = g_strdup ("");
      r->auth = g_strdup ("");
    }

  fields_clear (&f);
  return r;
}

void
whence_received_free (WhenceReceived *received)
{
  if (received == NULL)
    return;

  g_free (received->raw);
  g_free (received->ip);
  g_free (received->rdns);
  g_free (received->helo);
  g_free (received->by);
  g_free (received->ident);
  g_free (received->envfrom);
  g_free (received->id);
  g_free (received->auth);
  g_free (received->with);
  g_free (received->for_);
  g_free (received);
}
