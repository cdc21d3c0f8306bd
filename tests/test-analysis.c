/* test-analysis.c
 *
 * The analysis building blocks, each rule on its own: attachment risk, the
 * in-memory zip directory reader, sign-in check headers, connection names
 * and grouping by origin.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "whence-attachment-risk.h"
#include "whence-auth-results.h"
#include "whence-connection.h"
#include "whence-domain.h"
#include "whence-grouping.h"
#include "whence-message.h"
#include "whence-phishing.h"
#include "whence-zip.h"

/* A tiny zip built byte by byte: stored entries, no compression. */
typedef struct
{
  const char *name;
  const char *data;
  gboolean    encrypted;
} ZipSpec;

static void
put16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };
  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (out, b, 4);
}

static GBytes *
build_zip (const ZipSpec *specs,
           guint          n,
           const char    *comment)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 cd_start;

  for (guint i = 0; i < n; i++)
    {
      guint32 offset = out->len;
      gsize len = strlen (specs[i].data);

      g_array_append_val (offsets, offset);
      put32 (out, 0x04034b50);
      put16 (out, 20);
      put16 (out, specs[i].encrypted ? 1 : 0);
      put16 (out, 0);          /* stored */
      put16 (out, 0); put16 (out, 0);
      put32 (out, 0);          /* crc, not checked */
      put32 (out, len); put32 (out, len);
      put16 (out, strlen (specs[i].name));
      put16 (out, 0);
      g_byte_array_append (out, (const guint8 *) specs[i].name, strlen (specs[i].name));
      g_byte_array_append (out, (const guint8 *) specs[i].data, len);
    }

  cd_start = out->len;
  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (specs[i].data);

      put32 (out, 0x02014b50);
      put16 (out, 20); put16 (out, 20);
      put16 (out, specs[i].encrypted ? 1 : 0);
      put16 (out, 0);
      put16 (out, 0); put16 (out, 0);
      put32 (out, 0);
      put32 (out, len); put32 (out, len);
      put16 (out, strlen (specs[i].name));
      put16 (out, 0); put16 (out, 0);
      put16 (out, 0); put16 (out, 0);
      put32 (out, 0);
      put32 (out, g_array_index (offsets, guint32, i));
      g_byte_array_append (out, (const guint8 *) specs[i].name, strlen (specs[i].name));
    }

  put32 (out, 0x06054b50);
  put16 (out, 0); put16 (out, 0);
  put16 (out, n); put16 (out, n);
  put32 (out, out->len - cd_start - 12);
  put32 (out, cd_start);
  put16 (out, comment != NULL ? strlen (comment) : 0);
  if (comment != NULL)
    g_byte_array_append (out, (const guint8 *) comment, strlen (comment));

  return g_byte_array_free_to_bytes (out);
}

/* ---- zip reader ---- */

static void
test_zip_central_directory (void)
{
  static const ZipSpec specs[] = {
    { "readme.txt", "hello", FALSE },
    { "folder/", "", FALSE },
    { "folder/game.exe", "MZ harmless stand-in", FALSE },
  };
  g_autoptr(GBytes) zip = build_zip (specs, G_N_ELEMENTS (specs), "a comment");
  g_autoptr(GPtrArray) entries = NULL;
  gboolean truncated = TRUE;
  gsize len;
  const guint8 *data = g_bytes_get_data (zip, &len);

  entries = whence_zip_list_entries (data, len, &truncated);
  g_assert_nonnull (entries);
  g_assert_false (truncated);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (((WhenceZipEntry *) g_ptr_array_index (entries, 2))->name, ==, "folder/game.exe");
  g_assert_cmpuint (((WhenceZipEntry *) g_ptr_array_index (entries, 2))->size, ==, 20);
  g_assert_false (((WhenceZipEntry *) g_ptr_array_index (entries, 0))->encrypted);
}

static void
test_zip_prefix_only (void)
{
  static const ZipSpec specs[] = {
    { "a.txt", "first file", FALSE },
    { "b.scr", "second file", TRUE },
    { "c.txt", "third file, long enough to be cut", FALSE },
  };
  g_autoptr(GBytes) zip = build_zip (specs, G_N_ELEMENTS (specs), NULL);
  g_autoptr(GPtrArray) entries = NULL;
  gboolean truncated = FALSE;
  gsize len;
  const guint8 *data = g_bytes_get_data (zip, &len);

  /* Only the start was peeked: the local headers are walked instead. */
  entries = whence_zip_list_entries (data, 30 + 5 + 10 + 30 + 5 + 11 + 10, &truncated);
  g_assert_nonnull (entries);
  g_assert_true (truncated);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((WhenceZipEntry *) g_ptr_array_index (entries, 1))->name, ==, "b.scr");
  g_assert_true (((WhenceZipEntry *) g_ptr_array_index (entries, 1))->encrypted);
}

static void
test_zip_dos_names (void)
{
  static const ZipSpec specs[] = { { "\x81" "ber.exe", "MZ", FALSE } };
  g_autoptr(GBytes) zip = build_zip (specs, 1, NULL);
  gsize len;
  const guint8 *data = g_bytes_get_data (zip, &len);
  g_autoptr(GPtrArray) entries = whence_zip_list_entries (data, len, NULL);

  /* Code page 437, as Windows writes names without the UTF-8 flag */
  g_assert_cmpstr (((WhenceZipEntry *) g_ptr_array_index (entries, 0))->name, ==, "über.exe");
}

static void
test_zip_hostile (void)
{
  static const ZipSpec specs[] = { { "x.exe", "MZ", FALSE } };
  g_autoptr(GBytes) zip = build_zip (specs, 1, NULL);
  gsize len;
  const guint8 *data = g_bytes_get_data (zip, &len);
  g_autofree guint8 *copy = g_memdup2 (data, len);
  g_autoptr(GPtrArray) many = NULL;
  GByteArray *big;

  g_assert_null (whence_zip_list_entries ((const guint8 *) "MZ not a zip", 12, NULL));
  g_assert_null (whence_zip_list_entries (NULL, 0, NULL));

  /* Every truncation and a corrupted count must be survived. */
  for (gsize cut = 0; cut <= len; cut++)
    {
      g_autoptr(GPtrArray) entries = whence_zip_list_entries (data, cut, NULL);
      if (entries != NULL)
        g_assert_cmpuint (entries->len, <=, 1);
    }
  copy[len - 22 + 10] = 0xff;   /* total entries: 255 */
  copy[len - 22 + 11] = 0xff;
  {
    g_autoptr(GPtrArray) entries = whence_zip_list_entries (copy, len, NULL);
    g_assert_nonnull (entries);
    g_assert_cmpuint (entries->len, <=, 1);
  }
  copy[30 + 5] ^= 0;

  /* Far more entries than listed: capped. */
  big = g_byte_array_new ();
  for (guint i = 0; i < WHENCE_ZIP_MAX_ENTRIES + 50; i++)
    {
      put32 (big, 0x04034b50);
      put16 (big, 20); put16 (big, 0); put16 (big, 0); put16 (big, 0); put16 (big, 0);
      put32 (big, 0); put32 (big, 0); put32 (big, 0);
      put16 (big, 5); put16 (big, 0);
      g_byte_array_append (big, (const guint8 *) "a.txt", 5);
    }
  many = whence_zip_list_entries (big->data, big->len, NULL);
  g_assert_cmpuint (many->len, ==, WHENCE_ZIP_MAX_ENTRIES);
  g_byte_array_unref (big);
}

/* ---- attachment risk, one rule per row ---- */

typedef struct
{
  const char           *filename;
  const char           *content_type;
  const char           *head;     /* NULL: nothing peeked */
  WhenceRisk            risk;
  WhenceAttachmentFlags must_have;
  WhenceAttachmentFlags must_not_have;
  const char           *advice_has;
} RiskCase;

static const RiskCase risk_cases[] = {
  /* Klez: a program labelled as a sound file */
  { "game.exe", "audio/x-wav", "This is a harmless stand-in", WHENCE_RISK_HIGH,
    WHENCE_ATTACHMENT_PROGRAM | WHENCE_ATTACHMENT_DISGUISED | WHENCE_ATTACHMENT_KLEZ_LABEL, 0,
    "pretending to be a sound file" },
  { "vide.scr", "audio/x-midi", NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_KLEZ_LABEL, 0, "Do not open" },
  /* executable and script names */
  { "setup.exe", "application/octet-stream", NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM,
    WHENCE_ATTACHMENT_DISGUISED | WHENCE_ATTACHMENT_KLEZ_LABEL, "Windows program" },
  { "document.pif", "application/octet-stream", NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, NULL },
  { "run.bat", NULL, NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, "script" },
  { "invoice.js", "application/javascript", NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, NULL },
  { "love.VBS", "text/plain", NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM | WHENCE_ATTACHMENT_DISGUISED, 0, NULL },
  { "update.hta", NULL, NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, NULL },
  { "tool.jar", NULL, NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, "Java" },
  { "photo.lnk", NULL, NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, "shortcut" },
  { "order.iso", NULL, NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, "disk image" },
  { "fix.ps1", NULL, NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, NULL },
  { "settings.reg", NULL, NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, NULL },
  { "game.exe. ", NULL, NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, NULL },
  /* double extension */
  { "invoice.pdf.exe", "application/pdf", NULL, WHENCE_RISK_HIGH,
    WHENCE_ATTACHMENT_DOUBLE_EXTENSION | WHENCE_ATTACHMENT_DISGUISED, WHENCE_ATTACHMENT_KLEZ_LABEL,
    "pretending to be a PDF document" },
  { "letter.doc          .pif", NULL, NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_DOUBLE_EXTENSION, 0, NULL },
  { "archive.tar.gz", NULL, NULL, WHENCE_RISK_MEDIUM, WHENCE_ATTACHMENT_ARCHIVE,
    WHENCE_ATTACHMENT_DOUBLE_EXTENSION | WHENCE_ATTACHMENT_PROGRAM, NULL },
  /* content says otherwise: magic bytes */
  { "holiday.jpg", "image/jpeg", "MZ\x90 harmless stand-in", WHENCE_RISK_HIGH,
    WHENCE_ATTACHMENT_PROGRAM | WHENCE_ATTACHMENT_DISGUISED, 0, "pretending to be a picture" },
  { "song.wav", "audio/x-wav", "MZ stand-in", WHENCE_RISK_HIGH,
    WHENCE_ATTACHMENT_PROGRAM | WHENCE_ATTACHMENT_KLEZ_LABEL, 0, NULL },
  { "report.pdf", "application/pdf", "\x7f" "ELF stand-in", WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM, 0, NULL },
  { "notes.txt", "text/plain", "\xd0\xcf\x11\xe0 stand-in", WHENCE_RISK_MEDIUM, WHENCE_ATTACHMENT_DISGUISED,
    WHENCE_ATTACHMENT_PROGRAM, NULL },
  /* macro-enabled Office */
  { "Invoice.docm", "application/vnd.ms-word.document.macroenabled.12", NULL, WHENCE_RISK_MEDIUM,
    WHENCE_ATTACHMENT_MACROS, WHENCE_ATTACHMENT_PROGRAM, "macros" },
  { "budget.xlsm", NULL, NULL, WHENCE_RISK_MEDIUM, WHENCE_ATTACHMENT_MACROS, 0, NULL },
  { "slides.pptm", NULL, NULL, WHENCE_RISK_MEDIUM, WHENCE_ATTACHMENT_MACROS, 0, NULL },
  { "old.doc", "application/msword", NULL, WHENCE_RISK_LOW, 0, WHENCE_ATTACHMENT_MACROS, NULL },
  /* web pages and archives Whence cannot open */
  { "login.html", "text/html", NULL, WHENCE_RISK_MEDIUM, WHENCE_ATTACHMENT_WEB_PAGE, 0, "sign-in" },
  { "files.rar", NULL, NULL, WHENCE_RISK_MEDIUM, WHENCE_ATTACHMENT_ARCHIVE, 0, NULL },
  /* one packed file: its name says what it is */
  { "amazonses.com!example.org!1663545600.xml.gz", "application/gzip", "\x1f\x8b\x08", WHENCE_RISK_LOW, 0,
    WHENCE_ATTACHMENT_PROGRAM_INSIDE, NULL },
  { "setup.exe.gz", "application/gzip", NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_PROGRAM_INSIDE, 0, "program inside" },
  /* harmless */
  { "report.pdf", "application/pdf", "%PDF-1.7", WHENCE_RISK_NONE, 0,
    WHENCE_ATTACHMENT_PROGRAM | WHENCE_ATTACHMENT_DISGUISED, "nothing wrong" },
  { "photo.jpg", "image/jpeg", "\xff\xd8\xff\xe0", WHENCE_RISK_NONE, 0, WHENCE_ATTACHMENT_DISGUISED, NULL },
  { NULL, "image/png", "\x89PNG", WHENCE_RISK_NONE, 0, 0, "this attachment" },
  { "letter.docx", NULL, NULL, WHENCE_RISK_NONE, 0, 0, NULL },
  { "Mr. Smith.vcf", "text/vcard", NULL, WHENCE_RISK_NONE, 0, WHENCE_ATTACHMENT_PROGRAM, NULL },
  /* a right-to-left mark flips the name on screen */
  { "annexe\xe2\x80\xaegnp.exe", NULL, NULL, WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_DISGUISED, 0, NULL },
};

static void
test_attachment_rules (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (risk_cases); i++)
    {
      const RiskCase *c = &risk_cases[i];
      g_autoptr(GBytes) head = c->head != NULL ? g_bytes_new (c->head, strlen (c->head)) : NULL;
      g_autoptr(WhenceAttachment) a = whence_attachment_assess (c->filename, c->content_type, 1234, head);

      g_test_message ("case %u: %s → %s (%s)", i, c->filename, whence_risk_to_string (a->risk), a->advice);
      g_assert_cmpstr (whence_risk_to_string (a->risk), ==, whence_risk_to_string (c->risk));
      g_assert_cmphex (a->flags & c->must_have, ==, c->must_have);
      g_assert_cmphex (a->flags & c->must_not_have, ==, 0);
      g_assert_nonnull (a->advice);
      if (c->advice_has != NULL)
        g_assert_nonnull (strstr (a->advice, c->advice_has));
      /* Anything above "none" says why. */
      if (a->risk > WHENCE_RISK_NONE)
        g_assert_cmpuint (a->reasons->len, >, 0);
      g_assert_cmpuint (a->size, ==, 1234);
    }
}

static void
test_attachment_klez_reason (void)
{
  g_autoptr(GBytes) head = g_bytes_new_static ("harmless", 8);
  g_autoptr(WhenceAttachment) a = whence_attachment_assess ("game.exe", "audio/x-wav", 10, head);
  gboolean klez = FALSE;

  for (guint i = 0; i < a->reasons->len; i++)
    klez |= strstr (g_ptr_array_index (a->reasons, i), "Klez") != NULL;
  g_assert_true (klez);
  g_assert_cmpstr (a->advice, ==, "Do not open “game.exe”. It is a Windows program pretending to be a sound file.");
}

typedef struct
{
  const char           *filename;
  ZipSpec               entries[3];
  guint                 n;
  WhenceRisk            risk;
  WhenceAttachmentFlags must_have;
  WhenceAttachmentFlags must_not_have;
} ZipCase;

static const ZipCase zip_cases[] = {
  { "details.zip", { { "details.pif", "MZ stand-in", FALSE } }, 1, WHENCE_RISK_HIGH,
    WHENCE_ATTACHMENT_ARCHIVE | WHENCE_ATTACHMENT_PROGRAM_INSIDE, WHENCE_ATTACHMENT_PROGRAM },
  { "Invoice_4471.zip", { { "Invoice_4471.docm", "stand-in", TRUE } }, 1, WHENCE_RISK_MEDIUM,
    WHENCE_ATTACHMENT_ENCRYPTED | WHENCE_ATTACHMENT_MACROS, WHENCE_ATTACHMENT_PROGRAM_INSIDE },
  { "locked.zip", { { "a.txt", "x", TRUE }, { "b.exe", "MZ", TRUE } }, 2, WHENCE_RISK_HIGH,
    WHENCE_ATTACHMENT_ENCRYPTED | WHENCE_ATTACHMENT_PROGRAM_INSIDE, 0 },
  { "photos.zip", { { "inner.zip", "PK stand-in", FALSE }, { "a.jpg", "x", FALSE } }, 2, WHENCE_RISK_MEDIUM,
    WHENCE_ATTACHMENT_NESTED_ARCHIVE, WHENCE_ATTACHMENT_PROGRAM_INSIDE },
  { "photos.zip", { { "a.jpg", "x", FALSE }, { "b.jpg", "y", FALSE } }, 2, WHENCE_RISK_LOW,
    WHENCE_ATTACHMENT_ARCHIVE, WHENCE_ATTACHMENT_PROGRAM_INSIDE | WHENCE_ATTACHMENT_ENCRYPTED },
  /* a zip that calls itself a picture */
  { "photo.jpg", { { "photo.scr", "MZ", FALSE } }, 1, WHENCE_RISK_HIGH,
    WHENCE_ATTACHMENT_DISGUISED | WHENCE_ATTACHMENT_PROGRAM_INSIDE, 0 },
  /* a program inside, named like a document */
  { "email-doc.zip", { { "email-doc.txt.exe", "MZ", FALSE } }, 1, WHENCE_RISK_HIGH,
    WHENCE_ATTACHMENT_PROGRAM_INSIDE | WHENCE_ATTACHMENT_DOUBLE_EXTENSION | WHENCE_ATTACHMENT_DISGUISED, 0 },
  /* Office documents are zips; their parts are not "files inside" */
  { "letter.docx", { { "word/document.xml", "<x/>", FALSE } }, 1, WHENCE_RISK_NONE,
    0, WHENCE_ATTACHMENT_ARCHIVE | WHENCE_ATTACHMENT_DISGUISED },
  { "letter.docx", { { "word/document.xml", "<x/>", FALSE }, { "word/vbaProject.bin", "x", FALSE } }, 2,
    WHENCE_RISK_HIGH, WHENCE_ATTACHMENT_MACROS | WHENCE_ATTACHMENT_DISGUISED, WHENCE_ATTACHMENT_ARCHIVE },
};

static void
test_attachment_zips (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (zip_cases); i++)
    {
      const ZipCase *c = &zip_cases[i];
      g_autoptr(GBytes) zip = build_zip (c->entries, c->n, NULL);
      g_autoptr(WhenceAttachment) a = NULL;

      g_assert_true (whence_attachment_wants_zip_peek (c->filename, "application/zip", zip));
      a = whence_attachment_assess (c->filename, "application/zip", g_bytes_get_size (zip), zip);
      g_test_message ("zip case %u: %s → %s (%s)", i, c->filename, whence_risk_to_string (a->risk), a->advice);
      g_assert_cmpstr (whence_risk_to_string (a->risk), ==, whence_risk_to_string (c->risk));
      g_assert_cmphex (a->flags & c->must_have, ==, c->must_have);
      g_assert_cmphex (a->flags & c->must_not_have, ==, 0);
      if (a->flags & WHENCE_ATTACHMENT_ARCHIVE)
        {
          g_assert_nonnull (a->entries);
          g_assert_cmpstr (g_ptr_array_index (a->entries, 0), ==, c->entries[0].name);
        }
    }
}

static void
test_attachment_copy (void)
{
  static const ZipSpec specs[] = { { "game.exe", "MZ", FALSE } };
  g_autoptr(GBytes) zip = build_zip (specs, 1, NULL);
  g_autoptr(WhenceAttachment) a = whence_attachment_assess ("x.zip", NULL, 5, zip);
  g_autoptr(WhenceAttachment) b = whence_attachment_copy (a);

  g_assert_cmpstr (a->advice, ==, b->advice);
  g_assert_cmpuint (a->reasons->len, ==, b->reasons->len);
  g_assert_cmpstr (g_ptr_array_index (b->entries, 0), ==, "game.exe");
  g_assert_cmpint (b->risk, ==, WHENCE_RISK_HIGH);
}

/* ---- sign-in check headers ---- */

static void
test_auth_results_parse (void)
{
  g_autoptr(WhenceAuthResults) r = NULL;

  r = whence_auth_results_parse ("mx.google.com;\r\n dkim=pass header.i=@gmail.com header.s=20230601 header.b=abc;\r\n"
                                 " spf=pass (google.com: domain of a@gmail.com designates 209.85.220.41 as permitted sender) smtp.mailfrom=a@gmail.com;\r\n"
                                 " dmarc=pass (p=NONE sp=QUARANTINE dis=NONE) header.from=gmail.com");
  g_assert_cmpstr (r->authserv_id, ==, "mx.google.com");
  g_assert_cmpstr (r->spf, ==, "pass");
  g_assert_cmpstr (r->spf_domain, ==, "gmail.com");
  g_assert_cmpstr (r->dkim, ==, "pass");
  g_assert_cmpstr (r->dkim_domain, ==, "gmail.com");
  g_assert_cmpstr (r->dmarc, ==, "pass");
  g_assert_cmpstr (r->dmarc_domain, ==, "gmail.com");
  g_assert_cmpstr (r->arc, ==, "");
  g_clear_pointer (&r, whence_auth_results_free);

  /* Version after the id, several signatures (a pass wins), ARC, case. */
  r = whence_auth_results_parse ("mx.example.net 1; DKIM=fail header.d=evil.example; dkim=pass header.d=lists.example.org;"
                                 " arc=pass (i=1); SPF=SoftFail smtp.mailfrom=\"x@y.example\"");
  g_assert_cmpstr (r->authserv_id, ==, "mx.example.net");
  g_assert_cmpstr (r->dkim, ==, "pass");
  g_assert_cmpstr (r->dkim_domain, ==, "lists.example.org");
  g_assert_cmpstr (r->arc, ==, "pass");
  g_assert_cmpstr (r->spf, ==, "softfail");
  g_assert_cmpstr (r->spf_domain, ==, "y.example");
  g_clear_pointer (&r, whence_auth_results_free);

  /* ARC's copy starts with its instance. */
  r = whence_auth_results_parse ("i=1; mx.microsoft.com 1; spf=fail smtp.mailfrom=example.org; dmarc=fail header.from=example.org");
  g_assert_cmpstr (r->authserv_id, ==, "mx.microsoft.com");
  g_assert_cmpstr (r->spf, ==, "fail");
  g_assert_cmpstr (r->dmarc, ==, "fail");
  g_clear_pointer (&r, whence_auth_results_free);

  /* Nothing, garbage and "none" never crash. */
  r = whence_auth_results_parse ("mx.example.net; none");
  g_assert_cmpstr (r->spf, ==, "");
  g_clear_pointer (&r, whence_auth_results_free);
  r = whence_auth_results_parse (";;;((( = ;");
  g_assert_nonnull (r);
  g_clear_pointer (&r, whence_auth_results_free);
  r = whence_auth_results_parse (NULL);
  g_assert_cmpstr (r->authserv_id, ==, "");
}

static void
test_received_spf_parse (void)
{
  g_autoptr(WhenceAuthResults) r = NULL;

  r = whence_received_spf_parse ("pass (mx.example.net: domain of bob@example.com designates 192.0.2.1 as permitted sender)"
                                 " client-ip=192.0.2.1; envelope-from=<bob@example.com>; helo=mail.example.com;");
  g_assert_cmpstr (r->spf, ==, "pass");
  g_assert_cmpstr (r->spf_domain, ==, "example.com");
  g_assert_cmpstr (r->authserv_id, ==, "mx.example.net");
  g_clear_pointer (&r, whence_auth_results_free);

  r = whence_received_spf_parse ("Fail (domain does not designate) receiver=mx2.example.net; client-ip=203.0.113.77;"
                                 " envelope-from=\"anna@example.org\"; helo=hjkp;");
  g_assert_cmpstr (r->spf, ==, "fail");
  g_assert_cmpstr (r->spf_domain, ==, "example.org");
  g_assert_cmpstr (r->authserv_id, ==, "mx2.example.net");
  g_clear_pointer (&r, whence_auth_results_free);

  r = whence_received_spf_parse ("none (no SPF record) helo=mail.example.com; envelope-from=<>");
  g_assert_cmpstr (r->spf, ==, "none");
  g_assert_cmpstr (r->spf_domain, ==, "mail.example.com");
}

static void
test_auth_sentences (void)
{
  static const char * const methods[] = { "spf", "dkim", "dmarc" };
  static const char * const results[] = { "pass", "fail", "softfail", "none", "", "temperror" };

  g_autofree char *spf = whence_auth_sentence ("spf", "pass", "example.com");
  g_assert_cmpstr (spf, ==, "The sender's domain says this computer may send its email.");

  /* Every pair has a sentence, and pass never reads like fail. */
  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autofree char *pass = whence_auth_sentence (methods[m], "pass", NULL);
      for (guint r = 0; r < G_N_ELEMENTS (results); r++)
        {
          g_autofree char *s = whence_auth_sentence (methods[m], results[r], NULL);
          g_assert_nonnull (s);
          g_assert_cmpuint (strlen (s), >, 10);
          if (r > 0)
            g_assert_cmpstr (s, !=, pass);
        }
    }
  g_assert_null (whence_auth_sentence ("arc", "", NULL));
  g_assert_null (whence_auth_sentence ("bogus", "pass", NULL));
}

/* ---- connections ---- */

typedef struct
{
  const char *rdns;
  const char *ip;
  gboolean    residential;
  gboolean    ip_in_name;
} RdnsCase;

static const RdnsCase rdns_cases[] = {
  { "dsl-203-0-113-77.dyn.example-telecom.es", "203.0.113.77", TRUE, TRUE },
  { "c-73-12-34-56.hsd1.ca.comcast.net", "73.12.34.56", TRUE, TRUE },
  { "pool-71-105-33-2.nycmny.fios.verizon.net", "71.105.33.2", TRUE, TRUE },
  { "p5B0C2238.dip0.t-ipconnect.de", "91.12.34.56", TRUE, FALSE },
  { "p5B0C2238.dip0.t-ipconnect.de", "91.12.34.56", TRUE, FALSE },
  { "p5b0c2238.dip0.t-ipconnect.de", "91.12.34.56", TRUE, FALSE },
  { "host81-2-3-4.range81-2.btcentralplus.com", "81.2.3.4", FALSE, TRUE },
  { "4.3.2.81.example-isp.net", "81.2.3.4", FALSE, TRUE },
  { "cpc1-live1-2-0-cust123.example.virginm.net", "81.2.3.4", TRUE, FALSE },
  { "ppp85-140-1-2.pppoe.example.ru", "85.140.1.2", TRUE, TRUE },
  /* mail servers */
  { "mail-yw1-f41.google.com", "209.85.128.41", FALSE, FALSE },
  { "mx2.example.net", "198.51.100.25", FALSE, FALSE },
  { "o1.email.sendgrid.net", "167.89.1.2", FALSE, FALSE },
  { "a8-12.smtp-out.amazonses.com", "54.240.8.12", FALSE, FALSE },
  { "mail.dynamicsolutions.example", "192.0.2.8", FALSE, FALSE },
  { "poolside.example.com", "192.0.2.9", FALSE, FALSE },
  { "", "192.0.2.9", FALSE, FALSE },
};

static void
test_rdns (void)
{
  /* p5B0C2238 is 91.12.34.56 in hexadecimal */
  g_assert_true (whence_rdns_contains_ip ("p5B0C2238.dip0.t-ipconnect.de", "91.12.34.56"));

  for (guint i = 0; i < G_N_ELEMENTS (rdns_cases); i++)
    {
      const RdnsCase *c = &rdns_cases[i];
      g_autofree char *why = NULL;
      gboolean ip_in_name = whence_rdns_contains_ip (c->rdns, c->ip);

      g_test_message ("rdns %s", c->rdns);
      g_assert_cmpint (whence_rdns_looks_residential (c->rdns, &why), ==, c->residential);
      g_assert_true ((why != NULL) == c->residential);
      if (!g_str_has_prefix (c->rdns, "p5"))
        g_assert_cmpint (ip_in_name, ==, c->ip_in_name);
      else
        g_assert_true (ip_in_name);
    }
}

static void
test_helo (void)
{
  static const struct { const char *helo; gboolean odd; } cases[] = {
    { "hjkp", TRUE }, { "[192.0.2.4]", TRUE }, { "192.0.2.4", TRUE }, { "IPv6:2001:db8::1", TRUE },
    { "localhost", TRUE }, { "DESKTOP-4F2K.local", TRUE }, { "pc.localdomain", TRUE },
    { "mail.example.com", FALSE }, { "mail-yw1-f41.google.com", FALSE }, { "", FALSE }, { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *why = NULL;

      g_assert_cmpint (whence_helo_is_odd (cases[i].helo, &why), ==, cases[i].odd);
      g_assert_true ((why != NULL) == cases[i].odd);
    }
}

static void
test_authenticated (void)
{
  g_assert_true (whence_received_is_authenticated ("ESMTPSA", ""));
  g_assert_true (whence_received_is_authenticated ("esmtpa", NULL));
  g_assert_true (whence_received_is_authenticated ("SMTP", "PLAIN"));
  g_assert_false (whence_received_is_authenticated ("ESMTPS", ""));
  g_assert_false (whence_received_is_authenticated ("SMTP", ""));
  g_assert_false (whence_received_is_authenticated (NULL, NULL));
}

/* ---- grouping ---- */

static void
test_grouping (void)
{
  g_autoptr(WhenceGrouping) g = whence_grouping_new ();
  static const char * const ips[] = {
    "203.0.113.77", "203.0.113.77", "203.0.113.80", "198.51.100.9", "203.0.113.77",
    "2001:db8:1:2::5", "2001:db8:1:3::9", NULL, "::ffff:198.51.100.9",
  };
  GPtrArray *networks, *computers;
  const WhenceComputerGroup *top;
  g_autofree char *summary = NULL;

  g_assert_cmpstr ((summary = whence_grouping_dup_summary (g)), ==, "No emails yet.");
  g_clear_pointer (&summary, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (ips); i++)
    whence_grouping_add (g, i, ips[i], i == 1 ? "dsl-203-0-113-77.dyn.example-telecom.es" : NULL);

  g_assert_cmpuint (whence_grouping_get_n_items (g), ==, 9);
  g_assert_cmpuint (whence_grouping_get_n_unknown (g), ==, 1);
  g_assert_cmpuint (whence_grouping_get_n_computers (g), ==, 5);
  g_assert_cmpuint (whence_grouping_get_n_networks (g), ==, 3);

  computers = whence_grouping_get_computers (g);
  top = g_ptr_array_index (computers, 0);
  g_assert_cmpstr (top->ip, ==, "203.0.113.77");
  g_assert_cmpstr (top->rdns, ==, "dsl-203-0-113-77.dyn.example-telecom.es");
  g_assert_cmpuint (top->items->len, ==, 3);
  g_assert_cmpuint (g_array_index (top->items, guint, 2), ==, 4);
  g_assert_cmpstr (((WhenceComputerGroup *) g_ptr_array_index (computers, 1))->ip, ==, "198.51.100.9");
  g_assert_cmpstr (((WhenceComputerGroup *) g_ptr_array_index (computers, computers->len - 1))->ip, ==, "");

  networks = whence_grouping_get_networks (g);
  g_assert_cmpstr (((WhenceNetworkGroup *) g_ptr_array_index (networks, 0))->network, ==, "203.0.113.0/24");
  g_assert_cmpuint (((WhenceNetworkGroup *) g_ptr_array_index (networks, 0))->n_items, ==, 4);
  g_assert_cmpuint (((WhenceNetworkGroup *) g_ptr_array_index (networks, 0))->computers->len, ==, 2);
  g_assert_cmpstr (((WhenceNetworkGroup *) g_ptr_array_index (networks, 2))->network, ==, "2001:db8:1::/48");

  summary = whence_grouping_dup_summary (g);
  g_assert_cmpstr (summary, ==, "8 emails from 5 computers. For 1 email, where it came from is not known.");
}

static void
test_grouping_summary (void)
{
  g_autoptr(WhenceGrouping) g = whence_grouping_new ();
  g_autofree char *one = NULL;
  g_autofree char *many = NULL;

  for (guint i = 0; i < 37; i++)
    whence_grouping_add (g, i, i < 20 ? "192.0.2.1" : "192.0.2.2", NULL);
  many = whence_grouping_dup_summary (g);
  g_assert_cmpstr (many, ==, "37 emails from 2 computers.");

  g_clear_pointer (&g, whence_grouping_free);
  g = whence_grouping_new ();
  whence_grouping_add (g, 0, "192.0.2.1", NULL);
  one = whence_grouping_dup_summary (g);
  g_assert_cmpstr (one, ==, "1 email from one computer.");
  g_assert_null (whence_network_for_ip ("not an address"));
}

/* Organisation matching keeps the Public Suffix List's private section
 * (each cloud customer is its own organisation); what a person reads uses
 * only the ICANN section, so a rented server reads as its cloud. */
static void
test_domains (void)
{
  static const struct { const char *host; const char *registrable; const char *display; } cases[] = {
    { "ec2-3-8-5-225.eu-west-2.compute.amazonaws.com",
      "ec2-3-8-5-225.eu-west-2.compute.amazonaws.com", "amazonaws.com" },
    { "EC2-3-8-5-225.eu-west-2.compute.amazonaws.com.", NULL, "amazonaws.com" },
    { "infracc24.ddns.net", "infracc24.ddns.net", "ddns.net" },
    { "mail-lj1-f230.google.com", "google.com", "google.com" },
    { "smtp.example.co.uk", "example.co.uk", "example.co.uk" },
    { "example.co.uk", "example.co.uk", "example.co.uk" },
    { "co.uk", NULL, NULL },
    { "com", NULL, NULL },
    { "192.0.2.1", NULL, NULL },
    { "localhost", NULL, NULL },
    { "", NULL, NULL },
    { NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *display = whence_display_domain (cases[i].host);

      g_assert_cmpstr (display, ==, cases[i].display);
      if (cases[i].registrable != NULL)
        {
          g_autofree char *registrable = whence_registrable_domain (cases[i].host);
          g_assert_cmpstr (registrable, ==, cases[i].registrable);
        }
    }

  /* Two customers of one cloud are not one organisation. */
  g_assert_false (whence_same_organisation ("a.eu-west-2.compute.amazonaws.com",
                                            "b.eu-west-2.compute.amazonaws.com"));
  g_assert_true (whence_same_organisation ("mx1.example.co.uk", "smtp.example.co.uk"));
}

static void
test_phishing_brands (void)
{
  static const struct { const char *name; const char *domain; const char *brand; } cases[] = {
    { "PayPal Service", "shop-notices.example", "PayPal" },
    { "PayPal", "paypal.com", NULL },
    { "PayPal", "mail.paypal.co.uk", NULL },
    { "Paypal", "yahoo.com", "PayPal" },                       /* nazario-0008 */
    { "Mic\xf3\xa0\x84\xb9ros\xf3\xa0\x84\xb9o\xf3\xa0\x84\xb9" "ft Service", "lancerleather.com", "Microsoft" },
    { "PepeBinance", "o1su91b.onmicrosoft.com", "Binance" },
    { "Bank of America Alerts", "alerts.example", "Bank of America" },
    { "Apple Support", "apple-care.example", "Apple" },
    { "Tim Apple", "example.org", NULL },                      /* a person, not the brand */
    { "Ledger Security", "secureliveupdates.com", "Ledger" },
    { "Ledger and Co accountants", "ledger-co.example", NULL },
    { "Google Calendar", "google.com", NULL },
    { "Upstream Team", "example.org", NULL },                  /* "ups" only as a word */
    { "Alice Martin", "gmail.com", NULL },
    { "", "example.org", NULL },
    { NULL, "example.org", NULL },
  };
  static const struct { const char *domain; const char *brand; } fakes[] = {
    { "paypa1.com", "PayPal" },
    { "micr0soft.com", "Microsoft" },
    { "netfix.com", "Netflix" },
    { "paypal-secure.com", "PayPal" },
    { "secure-paypal.co", "PayPal" },
    { "paypal.com.account-check.info", "PayPal" },
    { "paypal.com", NULL },
    { "paypal.co.uk", NULL },
    { "finance.com", NULL },
    { "applebees.com", NULL },
    { "web2print.example", NULL },
    { "example.org", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (whence_brand_named_by (cases[i].name, cases[i].domain), ==, cases[i].brand);
  for (guint i = 0; i < G_N_ELEMENTS (fakes); i++)
    g_assert_cmpstr (whence_domain_imitates (fakes[i].domain), ==, fakes[i].brand);

  g_assert_cmpstr (whence_domain_brand ("www.paypal.de"), ==, "PayPal");
  g_assert_null (whence_domain_brand ("example.org"));
  g_assert_true (whence_is_freemail ("gmail.com"));
  g_assert_true (whence_is_freemail ("hotmail.fr"));
  g_assert_true (whence_is_freemail ("yahoo.co.uk"));
  g_assert_false (whence_is_freemail ("example.org"));
  g_assert_false (whence_is_freemail (NULL));
}

/* The one-pass phrase set must say exactly what strstr () per phrase says:
 * phrases at the very start and end, overlapping ones, one byte and empty
 * phrases, and random texts made of the phrases' own letters. */
static void
test_phrase_set (void)
{
  static const char * const a[] = { "verify your account", "lottery", "ab", "re: details" };
  static const char * const b[] = { "x", "bcd", "status" };
  static const char * const c[] = { "" };
  static const char * const texts[] = {
    "", "a", "ab", "xab", "abx", "lottery", "a lotter", "the lottery", "re: detail",
    "re: details", "status", "statu", "bc", "bcd", "verify your accoun", "..verify your account",
    "abababab", "\xc3\xa9t\xc3\xa9 status",
  };
  const WhencePhraseList lists[] = {
    { a, G_N_ELEMENTS (a) }, { b, G_N_ELEMENTS (b) }, { c, 0 }, { c, 1 },
  };
  WhencePhraseSet *set = whence_phrase_set_new (lists, G_N_ELEMENTS (lists));
  const WhencePhraseList *lures = whence_lure_phrase_lists ();
  WhencePhraseSet *lure_set = whence_phrase_set_new (lures, 2);
  const char alphabet[] = "abcdelorstuvxy :";
  GRand *rand = g_rand_new_with_seed (9);

  g_assert_cmpuint (whence_phrase_set_scan (set, NULL), ==, 0);
  for (guint t = 0; t < G_N_ELEMENTS (texts) + 2000; t++)
    {
      char random[64];
      const char *text = random;
      guint expected = 0;

      if (t < G_N_ELEMENTS (texts))
        text = texts[t];
      else
        {
          guint len = g_rand_int_range (rand, 0, sizeof random);

          for (guint i = 0; i < len; i++)
            random[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
          random[len] = '\0';
        }
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        if (whence_text_contains_any (text, lists[l].phrases, lists[l].n))
          expected |= 1u << l;
      g_assert_cmpuint (whence_phrase_set_scan (set, text), ==, expected);
      g_assert_cmpuint (whence_phrase_set_scan (lure_set, text), ==, whence_text_lure (text));
    }
  g_assert_cmpuint (whence_phrase_set_scan (lure_set, "please verify your account today"), ==,
                    WHENCE_LURE_CREDENTIAL);
  g_assert_cmpuint (whence_phrase_set_scan (lure_set, "next of kin: lottery"), ==, WHENCE_LURE_MONEY);

  g_rand_free (rand);
  whence_phrase_set_free (lure_set);
  whence_phrase_set_free (set);
}

static void
test_phishing_text (void)
{
  g_autofree char *cyrillic_a = whence_text_mixed_script_word ("Your Am\xd0\xb0zon account");
  g_autofree char *russian = whence_text_mixed_script_word ("\xd0\x97\xd0\xb0\xd0\xba\xd0\xb0\xd0\xb7 ready");
  g_autofree char *name = whence_display_name ("\"Dr. John\" <john@example.org>");

  g_assert_cmpint (whence_text_lure ("please verify your account today"), ==, WHENCE_LURE_CREDENTIAL);
  g_assert_cmpint (whence_text_lure ("your password expires in 2 days"), ==, WHENCE_LURE_CREDENTIAL);
  g_assert_cmpint (whence_text_lure ("i am the next of kin"), ==, WHENCE_LURE_MONEY);
  g_assert_cmpint (whence_text_lure ("minutes from thursday"), ==, WHENCE_LURE_NONE);
  g_assert_cmpint (whence_text_lure (NULL), ==, WHENCE_LURE_NONE);

  g_assert_true (whence_text_hides_characters ("Acc\xe2\x80\x8bount"));
  g_assert_false (whence_text_hides_characters ("Anna \xe2\x9d\xa4\xef\xb8\x8f"));
  g_assert_false (whence_text_hides_characters ("Plain name"));
  g_assert_false (whence_text_hides_characters (NULL));

  g_assert_cmpstr (cyrillic_a, ==, "Am\xd0\xb0zon");
  g_assert_null (russian);
  g_assert_cmpstr (name, ==, "Dr. John");
  g_assert_null (whence_display_name ("john@example.org"));
}

static void
test_phishing_links (void)
{
  static const struct
  {
    const char *html;
    const char *shown, *actual, *number;
  } cases[] = {
    { "<a href=\"http://evil.example/x\">https://www.paypal.com/</a>", "paypal.com", "evil.example", NULL },
    { "<a href='http://198.51.100.7/bank/'>Log in</a>", NULL, NULL, "198.51.100.7" },
    { "<a href=http://198.51.100.7/>www.bank.example</a>", "bank.example", "198.51.100.7", "198.51.100.7" },
    /* The "@" trick: a browser goes to the host after it. */
    { "<a href=\"http://www.paypal.com@evil.example/\">www.paypal.com</a>", "paypal.com", "evil.example", NULL },
    /* Nested links, as nazario-0011 has: the inner one is read too. */
    { "<a href=\"\"><a onmouseover=\"x\" href=\"http://61.61.160.6/r/\">Here</a></a>", NULL, NULL, "61.61.160.6" },
    { "<a href=\"https://click.shop.example/t?a=1&amp;b=2\">https://www.shop.example/sale</a>", NULL, NULL, NULL },
    { "<a href=\"https://tracker.example/c\">See the sale</a>", NULL, NULL, NULL },
    { "<a href=\"mailto:a@example.org\">a@example.org</a>", NULL, NULL, NULL },
    { "<abbr title=x>www.bank.example</abbr>", NULL, NULL, NULL },
    { "<a href=\"http://evil.example/", NULL, NULL, NULL },   /* cut off */
    { "", NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      WhenceLinkSigns signs = { 0 };

      whence_link_signs_scan (&signs, cases[i].html, strlen (cases[i].html));
      g_assert_cmpstr (signs.shown, ==, cases[i].shown);
      g_assert_cmpstr (signs.actual, ==, cases[i].actual);
      g_assert_cmpstr (signs.number, ==, cases[i].number);
      g_assert_cmpint (signs.to_number, ==, cases[i].number != NULL);
      whence_link_signs_clear (&signs);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analysis/zip/central-directory", test_zip_central_directory);
  g_test_add_func ("/analysis/zip/prefix-only", test_zip_prefix_only);
  g_test_add_func ("/analysis/zip/hostile", test_zip_hostile);
  g_test_add_func ("/analysis/zip/dos-names", test_zip_dos_names);
  g_test_add_func ("/analysis/attachment/rules", test_attachment_rules);
  g_test_add_func ("/analysis/attachment/klez-reason", test_attachment_klez_reason);
  g_test_add_func ("/analysis/attachment/zips", test_attachment_zips);
  g_test_add_func ("/analysis/attachment/copy", test_attachment_copy);
  g_test_add_func ("/analysis/auth/authentication-results", test_auth_results_parse);
  g_test_add_func ("/analysis/auth/received-spf", test_received_spf_parse);
  g_test_add_func ("/analysis/auth/sentences", test_auth_sentences);
  g_test_add_func ("/analysis/connection/rdns", test_rdns);
  g_test_add_func ("/analysis/connection/helo", test_helo);
  g_test_add_func ("/analysis/connection/authenticated", test_authenticated);
  g_test_add_func ("/analysis/grouping/networks", test_grouping);
  g_test_add_func ("/analysis/grouping/summary", test_grouping_summary);
  g_test_add_func ("/analysis/domain/display-and-registrable", test_domains);
  g_test_add_func ("/analysis/phishing/brands", test_phishing_brands);
  g_test_add_func ("/analysis/phishing/text", test_phishing_text);
  g_test_add_func ("/analysis/phishing/phrase-set", test_phrase_set);
  g_test_add_func ("/analysis/phishing/links", test_phishing_links);

  return g_test_run ();
}
