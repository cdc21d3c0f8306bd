/* test-arf.c: the ARF report parses back with GMime as RFC 5965 describes,
 * carries the original byte for byte, and no value from an email can add a
 * header line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gmime/gmime.h>
#include <string.h>
#include <sys/wait.h>

#include "whence-arf.h"
#include "whence-gmime-private.h"
#include "whence-summary.h"
#include "whence-trace.h"
#include "whence-test-util.h"

static GMimeMessage *
parse_report (GBytes *report)
{
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (g_bytes_get_data (report, NULL),
                                                                     g_bytes_get_size (report));
  g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);
  GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);

  g_assert_nonnull (message);
  return message;
}

/* The machine-readable fields, as "Name: value" lines, in order. */
static GPtrArray *
feedback_lines (GMimeObject *part)
{
  g_autoptr(GMimeStream) mem = g_mime_stream_mem_new ();
  GByteArray *array;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (GMIME_IS_PART (part));
  g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (GMIME_PART (part)), mem);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  text = g_strndup ((char *) array->data, array->len);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_ptr_array_add (out, g_strdup (lines[i]));
  return out;
}

static guint
count_field (GPtrArray  *lines,
             const char *name,
             const char *value)
{
  g_autofree char *prefix = g_strconcat (name, ": ", NULL);
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (g_str_has_prefix (line, prefix) && (value == NULL || g_str_equal (line + strlen (prefix), value)))
        n++;
    }
  return n;
}

/* The bytes between part 3's header block and the closing delimiter. */
static GBytes *
third_part_body (GBytes      *report,
                 const char  *boundary)
{
  gsize len;
  const char *data = g_bytes_get_data (report, &len);
  /* The report's lines end like the original's. */
  const char *nl = g_strstr_len (data, len, "\r\n") != NULL ? "\r\n" : "\n";
  g_autofree char *close = g_strdup_printf ("%s--%s--", nl, boundary);
  g_autofree char *open = g_strdup_printf ("%s--%s%s", nl, boundary, nl);
  g_autofree char *blank = g_strconcat (nl, nl, NULL);
  const char *p = data, *third = NULL, *body, *end = NULL;
  guint n = 0;

  for (const char *q = data; (q = g_strstr_len (q, len - (q - data), open)) != NULL; q += strlen (open))
    if (++n == 3)
      third = q + strlen (open);
  g_assert_nonnull (third);
  body = strstr (third, blank);
  g_assert_nonnull (body);
  body += strlen (blank);
  for (p = body; (p = g_strstr_len (p, len - (p - data), close)) != NULL; p++)
    end = p;
  g_assert_nonnull (end);
  return g_bytes_new (body, end - body);
}

static void
check_report (WhenceMessage           *message,
              const WhenceReportFacts *facts,
              const char              *fixture,
              GPtrArray              **lines_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) report = whence_arf_build (message, facts, "abuse@example-telecom.es", NULL, &error);
  g_autoptr(GMimeMessage) parsed = NULL;
  g_autoptr(GBytes) original = whence_test_data_bytes ("report", fixture);
  g_autoptr(GBytes) attached = NULL;
  GMimeObject *body;
  GMimeContentType *type;
  GMimeMultipart *multipart;
  GMimeObject *third;
  GMimeMessage *inner;

  g_assert_no_error (error);
  parsed = parse_report (report);
  body = g_mime_message_get_mime_part (parsed);
  type = g_mime_object_get_content_type (body);

  g_assert_true (g_mime_content_type_is_type (type, "multipart", "report"));
  g_assert_cmpstr (g_mime_content_type_get_parameter (type, "report-type"), ==, "feedback-report");
  multipart = GMIME_MULTIPART (body);
  g_assert_cmpint (g_mime_multipart_get_count (multipart), ==, 3);
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (g_mime_multipart_get_part (multipart, 0)),
                                              "text", "plain"));
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (g_mime_multipart_get_part (multipart, 1)),
                                              "message", "feedback-report"));
  third = g_mime_multipart_get_part (multipart, 2);
  g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (third), "message", "rfc822"));

  /* GMime sees the attached message as a message with the original's id. */
  g_assert_true (GMIME_IS_MESSAGE_PART (third));
  inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (third));
  g_assert_cmpstr (g_mime_message_get_message_id (inner), ==, whence_message_get_message_id (message));

  /* And byte for byte. */
  attached = third_part_body (report, g_mime_multipart_get_boundary (multipart));
  g_assert_true (g_bytes_equal (attached, original));

  {
    g_autofree char *to = internet_address_list_to_string (g_mime_message_get_to (parsed), NULL, FALSE);

    g_assert_cmpstr (to, ==, "abuse@example-telecom.es");
  }

  *lines_out = feedback_lines (g_mime_multipart_get_part (multipart, 1));
}

static void
test_fields_by_hand (void)
{
  g_autoptr(WhenceMessage) message = whence_test_data_message ("report", "klez-style-sample.eml");
  g_autoptr(WhenceReportFacts) facts = whence_report_facts_new ();
  g_autoptr(GPtrArray) lines = NULL;
  const char *rcpt[] = { "you@example.net", "other@example.net", NULL };

  facts->source_ip = g_strdup ("203.0.113.77");
  facts->source_rdns = g_strdup ("dsl-203-0-113-77.dyn.example-telecom.es");
  facts->arrival_date = g_date_time_new_utc (2026, 11, 26, 9, 14, 3);
  facts->original_mail_from = g_strdup ("anna.keller@example.org");
  facts->original_rcpt_to = g_strdupv ((char **) rcpt);
  facts->reported_domain = g_strdup ("example-telecom.es");
  facts->worm_like = TRUE;
  facts->incidents = 12;

  check_report (message, facts, "klez-style-sample.eml", &lines);

  /* The three required fields first, each exactly once. */
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "Feedback-Type: virus");
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==, "User-Agent: Whence/" PACKAGE_VERSION);
  g_assert_cmpstr (g_ptr_array_index (lines, 2), ==, "Version: 1");
  g_assert_cmpuint (count_field (lines, "Feedback-Type", NULL), ==, 1);
  g_assert_cmpuint (count_field (lines, "Version", NULL), ==, 1);
  g_assert_cmpuint (count_field (lines, "Source-IP", "203.0.113.77"), ==, 1);
  g_assert_cmpuint (count_field (lines, "Arrival-Date", "Thu, 26 Nov 2026 09:14:03 +0000"), ==, 1);
  g_assert_cmpuint (count_field (lines, "Original-Mail-From", "<anna.keller@example.org>"), ==, 1);
  g_assert_cmpuint (count_field (lines, "Original-Rcpt-To", NULL), ==, 2);
  g_assert_cmpuint (count_field (lines, "Original-Rcpt-To", "<other@example.net>"), ==, 1);
  g_assert_cmpuint (count_field (lines, "Reported-Domain", "example-telecom.es"), ==, 1);
  g_assert_cmpuint (count_field (lines, "Incidents", "12"), ==, 1);
  g_assert_cmpuint (lines->len, ==, 10);
}

static void
test_abuse_type_and_crlf_original (void)
{
  g_autoptr(WhenceMessage) message = whence_test_data_message ("report", "crlf-8bit.eml");
  g_autoptr(WhenceReportFacts) facts = whence_report_facts_new ();
  g_autoptr(GPtrArray) lines = NULL;

  facts->source_ip = g_strdup ("192.0.2.55");
  facts->original_mail_from = g_strdup ("");   /* the null sender */
  check_report (message, facts, "crlf-8bit.eml", &lines);

  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "Feedback-Type: abuse");
  g_assert_cmpuint (count_field (lines, "Original-Mail-From", "<>"), ==, 1);
  g_assert_cmpuint (count_field (lines, "Reported-Domain", NULL), ==, 0);
  g_assert_cmpuint (count_field (lines, "Arrival-Date", NULL), ==, 0);
  g_assert_cmpuint (lines->len, ==, 5);
}

/* Values taken from an email never start a new header line: not in the
 * feedback fields, not in the outer headers. */
static void
test_header_injection (void)
{
  g_autoptr(WhenceMessage) message = whence_test_data_message ("report", "klez-style-sample.eml");
  g_autoptr(WhenceReportFacts) facts = whence_report_facts_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) report = NULL;
  g_autoptr(GMimeMessage) parsed = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  const char *rcpt[] = { "you@example.net\r\nBcc: victim@example.com", "x@example.net\nX-Evil: 1", NULL };
  GMimeMultipart *multipart;

  facts->source_ip = g_strdup ("203.0.113.77\r\nX-Injected: yes");
  facts->original_mail_from = g_strdup ("a@example.org\r\nReported-Domain: innocent.example");
  facts->original_rcpt_to = g_strdupv ((char **) rcpt);
  facts->reported_domain = g_strdup ("evil.example\nFeedback-Type: not-spam");
  facts->subject = g_strdup ("Hi\r\n\r\nfake body");
  facts->from = g_strdup ("A\nX-Also: injected");
  facts->reason = g_strdup ("because\r\n--boundary");

  report = whence_arf_build (message, facts, "abuse@example.net\r\nBcc: victim@example.com",
                             "me@example.com\nX-From-Injected: 1", &error);
  g_assert_no_error (error);
  parsed = parse_report (report);

  /* Outer headers: nothing injected. */
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (parsed), "Bcc"));
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (parsed), "X-From-Injected"));
  g_assert_cmpint (internet_address_list_length (g_mime_message_get_bcc (parsed)), ==, 0);

  multipart = GMIME_MULTIPART (g_mime_message_get_mime_part (parsed));
  g_assert_cmpint (g_mime_multipart_get_count (multipart), ==, 3);
  lines = feedback_lines (g_mime_multipart_get_part (multipart, 1));

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      g_assert_false (g_str_has_prefix (line, "X-"));
      g_assert_false (g_str_has_prefix (line, "Bcc"));
    }
  g_assert_cmpuint (count_field (lines, "Feedback-Type", NULL), ==, 1);
  g_assert_cmpuint (count_field (lines, "Feedback-Type", "abuse"), ==, 1);
  /* Not a valid IP or domain any more once cleaned: left out, not forged. */
  g_assert_cmpuint (count_field (lines, "Source-IP", NULL), ==, 0);
  g_assert_cmpuint (count_field (lines, "Reported-Domain", NULL), ==, 0);
  g_assert_cmpuint (count_field (lines, "Original-Mail-From", NULL), ==, 0);
  g_assert_cmpuint (count_field (lines, "Original-Rcpt-To", NULL), ==, 0);
}

static void
test_sanitize (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain", "plain" },
    { "a\r\nb", "a b" },
    { "  lead and trail \n", "lead and trail" },
    { "tab\there", "tab here" },
    { "nul\x01" "ctl\x7f", "nul ctl" },
    { "line\xe2\x80\xa8sep", "line sep" },       /* U+2028 */
    { "\r\n\r\n", NULL },
    { "caf\xc3\xa9", "caf\xc3\xa9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *clean = whence_arf_sanitize_value (cases[i].in);

      g_assert_cmpstr (clean, ==, cases[i].out);
    }
  {
    g_autofree char *big = g_strnfill (5000, 'a');
    g_autofree char *clean = whence_arf_sanitize_value (big);

    g_assert_cmpuint (strlen (clean), <=, 400);
  }
}

/* From the trace: the origin the trace names is the report's Source-IP. */
static void
test_facts_from_trace (void)
{
  g_autoptr(WhenceMessage) message = whence_test_data_message ("report", "klez-style-sample.eml");
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceTrace) trace = whence_trace_new (message, NULL, &error);
  g_autoptr(WhenceReportFacts) facts = NULL;
  const WhenceOrigin *origin;

  g_assert_no_error (error);
  facts = whence_report_facts_new_from_trace (message, trace);
  origin = whence_trace_get_origin (trace);

  g_assert_cmpstr (facts->original_mail_from, ==, "anna.keller@example.org");
  g_assert_cmpstr (facts->subject, ==, "A very funny game");
  g_assert_nonnull (facts->original_rcpt_to);
  g_assert_cmpstr (facts->original_rcpt_to[0], ==, "you@example.net");
  /* The sample carries a Windows program labelled audio/x-wav. */
  g_assert_true (facts->worm_like);
  g_assert_nonnull (facts->arrival_date);

  if (origin == NULL)
    {
      g_test_skip ("the trace names no origin for the sample yet");
      return;
    }
  g_assert_cmpstr (facts->source_ip, ==, origin->ip);
  g_assert_cmpstr (facts->source_ip, ==, "203.0.113.77");
  g_assert_cmpstr (facts->reported_domain, ==, "example-telecom.es");
  {
    g_autoptr(GDateTime) expected = g_date_time_new_utc (2026, 11, 26, 9, 14, 3);

    g_assert_true (g_date_time_equal (facts->arrival_date, expected));
  }
}

/* A program deep in a zip (its entry starts beyond the first 4 KB) makes the
 * report a virus report, as it makes the analysis call the email a worm. */
static void
test_facts_late_zip_program (void)
{
  g_autoptr(WhenceMessage) message = whence_test_data_message ("analysis", "late-zip-program.eml");
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceTrace) trace = whence_trace_new (message, NULL, &error);
  g_autoptr(WhenceReportFacts) facts = NULL;

  g_assert_no_error (error);
  facts = whence_report_facts_new_from_trace (message, trace);
  g_assert_true (facts->worm_like);
}

static void
test_summaries (void)
{
  g_autoptr(WhenceReportFacts) facts = whence_report_facts_new ();
  g_autofree char *desk = NULL;
  g_autofree char *ic3 = NULL;
  g_autofree char *police = NULL;

  facts->source_ip = g_strdup ("203.0.113.77");
  facts->source_rdns = g_strdup ("dsl.example-telecom.es");
  facts->arrival_date = g_date_time_new_utc (2026, 11, 26, 9, 14, 3);
  facts->subject = g_strdup ("A very\r\nfunny game");
  facts->from = g_strdup ("Anna Keller <anna.keller@example.org>");
  facts->worm_like = TRUE;

  desk = whence_summary_for_abuse_desk (facts);
  g_assert_nonnull (strstr (desk, "203.0.113.77 (dsl.example-telecom.es)"));
  g_assert_nonnull (strstr (desk, "2026-11-26 09:14:03 UTC"));
  g_assert_nonnull (strstr (desk, "infected"));
  g_assert_nonnull (strstr (desk, "Subject: A very funny game\n"));

  ic3 = whence_summary_for_ic3 (facts, "Received: from x\nSubject: y");
  g_assert_nonnull (strstr (ic3, "203.0.113.77"));
  g_assert_nonnull (strstr (ic3, "Email headers:\nReceived: from x"));

  police = whence_summary_for_police (facts, NULL);
  g_assert_nonnull (strstr (police, "203.0.113.77"));
  g_assert_nonnull (strstr (police, "SHA-256"));
}

/* `whence report --arf FILE`, the way scripts run it. */
static void
test_cli (void)
{
  g_autofree char *exe = g_test_build_filename (G_TEST_BUILT, "..", "src", "whence", NULL);
  g_autofree char *klez = g_test_build_filename (G_TEST_DIST, "data", "report", "klez-style-sample.eml", NULL);
  g_autoptr(GBytes) original = whence_test_data_bytes ("report", "klez-style-sample.eml");
  g_autoptr(GError) error = NULL;
  static const struct { const char *args[4]; int status; } usage[] = {
    { { "report", NULL }, 2 },
    { { "report", "FILE", NULL }, 2 },                 /* --arf is required */
    { { "report", "--arf", "FILE", "FILE" }, 2 },      /* one email per report */
    { { "report", "--arf", "/nonexistent.eml", NULL }, 1 },
  };

  if (!g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("the whence executable is not built");
      return;
    }

  {
    const char *argv[] = { exe, "report", "--arf", klez, NULL };
    g_autofree char *out = NULL;
    gsize out_len = 0;
    int status = -1;
    g_autoptr(GBytes) report = NULL;
    g_autoptr(GMimeMessage) parsed = NULL;
    g_autoptr(GBytes) attached = NULL;
    g_autoptr(GPtrArray) lines = NULL;
    GMimeMultipart *multipart;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    out_len = strlen (out);
    report = g_bytes_new (out, out_len);
    parsed = parse_report (report);
    multipart = GMIME_MULTIPART (g_mime_message_get_mime_part (parsed));
    g_assert_cmpint (g_mime_multipart_get_count (multipart), ==, 3);
    lines = feedback_lines (g_mime_multipart_get_part (multipart, 1));
    g_assert_cmpuint (count_field (lines, "Feedback-Type", "virus"), ==, 1);
    g_assert_cmpuint (count_field (lines, "Source-IP", "203.0.113.77"), ==, 1);
    g_assert_cmpuint (count_field (lines, "Reported-Domain", "example-telecom.es"), ==, 1);
    attached = third_part_body (report, g_mime_multipart_get_boundary (multipart));
    g_assert_true (g_bytes_equal (attached, original));
  }

  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      const char *argv[6] = { exe };
      int status = -1;

      for (guint j = 0; j < 4 && usage[i].args[j] != NULL; j++)
        argv[j + 1] = g_str_equal (usage[i].args[j], "FILE") ? klez : usage[i].args[j];
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                   G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, &error));
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, usage[i].status);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  whence_core_init ();

  g_test_add_func ("/arf/fields-by-hand", test_fields_by_hand);
  g_test_add_func ("/arf/abuse-type-and-crlf-original", test_abuse_type_and_crlf_original);
  g_test_add_func ("/arf/header-injection", test_header_injection);
  g_test_add_func ("/arf/sanitize", test_sanitize);
  g_test_add_func ("/arf/facts-from-trace", test_facts_from_trace);
  g_test_add_func ("/arf/facts-late-zip-program", test_facts_late_zip_program);
  g_test_add_func ("/arf/summaries", test_summaries);
  g_test_add_func ("/arf/cli", test_cli);

  return g_test_run ();
}
