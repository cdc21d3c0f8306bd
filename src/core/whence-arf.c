/* whence-arf.c
 *
 * The report for a network's abuse desk, in the Abuse Reporting Format
 * (RFC 5965): multipart/report; report-type=feedback-report with a note for
 * people, the message/feedback-report fields for machines, and the original
 * email attached whole, byte for byte.
 *
 * The report is written in English: it goes to abuse desks anywhere in the
 * world, and English is what they all read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-arf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-analysis.h"
#include "whence-arf.h"
#include "whence-attachment-risk.h"
#include "whence-domain.h"
#include "whence-error.h"
#include "whence-gmime-private.h"
#include "whence-summary.h"

/* Longer values are cut: no real address, domain or date comes near it, and
 * a header line must stay under RFC 5322's 998 characters. */
#define MAX_VALUE 400

WhenceReportFacts *
whence_report_facts_new (void)
{
  return g_new0 (WhenceReportFacts, 1);
}

void
whence_report_facts_free (WhenceReportFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->source_ip);
  g_free (facts->source_rdns);
  g_clear_pointer (&facts->arrival_date, g_date_time_unref);
  g_free (facts->original_mail_from);
  g_strfreev (facts->original_rcpt_to);
  g_free (facts->reported_domain);
  g_free (facts->subject);
  g_free (facts->from);
  g_free (facts->reason);
  g_free (facts);
}

/**
 * whence_arf_sanitize_value:
 * @value: (nullable): text taken from an email
 *
 * Makes @value safe to put in one header line: control characters (CR, LF,
 * NUL, tabs …) become spaces, runs of spaces shrink to one, invalid UTF-8 is
 * repaired, and the length is capped.
 *
 * Returns: (transfer full) (nullable): the clean value, %NULL when nothing
 *   is left
 */
char *
whence_arf_sanitize_value (const char *value)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (value == NULL)
    return NULL;

  valid = g_utf8_make_valid (value, -1);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0' && out->len < MAX_VALUE; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Unicode line and paragraph separators count as breaks too. */
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)
        c = ' ';
      if (c == ' ' && (out->len == 0 || out->str[out->len - 1] == ' '))
        continue;
      g_string_append_unichar (out, c);
    }

  g_strchomp (out->str);
  out->len = strlen (out->str);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* An address as the angle-bracket form ARF uses, or NULL if it is not one
 * plausible address. */
static char *
clean_address (const char *value)
{
  g_autofree char *clean = whence_arf_sanitize_value (value);
  g_autofree char *bare = NULL;
  const char *start;

  if (clean == NULL)
    return value != NULL && *value == '\0' ? g_strdup ("<>") : NULL;

  start = clean;
  if (*start == '<')
    start++;
  bare = g_strdup (start);
  if (g_str_has_suffix (bare, ">"))
    bare[strlen (bare) - 1] = '\0';
  g_strstrip (bare);

  if (*bare == '\0')
    return g_strdup ("<>");   /* the null sender of bounces */
  if (strpbrk (bare, " <>,;\"()[]\\") != NULL || strchr (bare, '@') == NULL)
    return NULL;
  return g_strdup_printf ("<%s>", bare);
}

static gboolean
is_ascii (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) text[i] >= 0x80)
      return FALSE;
  return TRUE;
}

static gboolean
has_nul (const guint8 *data,
         gsize         len)
{
  return memchr (data, '\0', len) != NULL;
}

static char *
feedback_fields (const WhenceReportFacts *facts)
{
  GString *out = g_string_new (NULL);
  g_autofree char *mail_from = clean_address (facts->original_mail_from);
  g_autofree char *domain = whence_arf_sanitize_value (facts->reported_domain);
  g_autofree char *ip = whence_arf_sanitize_value (facts->source_ip);

  /* The three required fields first, each once (RFC 5965 section 3.1). */
  g_string_append_printf (out, "Feedback-Type: %s\n", facts->worm_like ? "virus" : "abuse");
  g_string_append (out, "User-Agent: Whence/" PACKAGE_VERSION "\n");
  g_string_append (out, "Version: 1\n");

  if (mail_from != NULL)
    g_string_append_printf (out, "Original-Mail-From: %s\n", mail_from);
  for (guint i = 0; facts->original_rcpt_to != NULL && facts->original_rcpt_to[i] != NULL; i++)
    {
      g_autofree char *rcpt = clean_address (facts->original_rcpt_to[i]);

      if (rcpt != NULL && !g_str_equal (rcpt, "<>"))
        g_string_append_printf (out, "Original-Rcpt-To: %s\n", rcpt);
    }
  if (facts->arrival_date != NULL)
    {
      g_autofree char *date = g_mime_utils_header_format_date (facts->arrival_date);

      g_string_append_printf (out, "Arrival-Date: %s\n", date);
    }
  if (ip != NULL && g_hostname_is_ip_address (ip))
    g_string_append_printf (out, "Source-IP: %s\n", ip);
  if (facts->incidents > 1)
    g_string_append_printf (out, "Incidents: %u\n", facts->incidents);
  /* A domain is one label run of letters, digits, dots and dashes. */
  if (domain != NULL && strspn (domain, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
                        == strlen (domain) && strchr (domain, '.') != NULL)
    g_string_append_printf (out, "Reported-Domain: %s\n", domain);

  return g_string_free (out, FALSE);
}

static GMimeContentEncoding
encoding_for (const void *data,
              gsize       len)
{
  if (has_nul (data, len))
    return GMIME_CONTENT_ENCODING_BINARY;
  if (is_ascii (data, len))
    return GMIME_CONTENT_ENCODING_7BIT;
  return GMIME_CONTENT_ENCODING_8BIT;
}

static GMimePart *
part_for_bytes (const char           *type,
                const char           *subtype,
                const void           *data,
                gsize                 len,
                GMimeContentEncoding  encoding)
{
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (data, len);
  GMimeDataWrapper *wrapper;
  GMimePart *part = g_mime_part_new_with_type (type, subtype);

  /* The same encoding on the wrapper and the part: GMime then copies the
   * bytes with no transfer encoding in between. */
  wrapper = g_mime_data_wrapper_new_with_stream (stream, encoding);
  g_mime_part_set_content (part, wrapper);
  g_object_unref (wrapper);
  g_mime_part_set_content_encoding (part, encoding);
  return part;
}

static gboolean
contains (const guint8 *data,
          gsize         len,
          const char   *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= len && i <= len - n; i++)
    if (data[i] == (guint8) needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/**
 * whence_arf_build:
 * @message: the email being reported
 * @facts: what the report says about it
 * @abuse_address: (nullable): the abuse desk's address, for To
 * @reporter_address: (nullable): the person's own address, for From; left
 *   out when %NULL (their mail app fills it in)
 * @error: return location for a #GError
 *
 * Builds the complete report as an RFC 5322 message. Never sends anything.
 *
 * Returns: (transfer full): the report's bytes (save as .eml, attach, or
 *   print), or %NULL with @error set when the original cannot be read back
 */
GBytes *
whence_arf_build (WhenceMessage            *message,
                  const WhenceReportFacts  *facts,
                  const char               *abuse_address,
                  const char               *reporter_address,
                  GError                  **error)
{
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GMimeMessage) report = NULL;
  g_autoptr(GMimeObject) multipart = NULL;
  g_autoptr(GMimeObject) human = NULL;
  g_autoptr(GMimeObject) machine = NULL;
  g_autoptr(GMimeObject) attached = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *human_text = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *ip = whence_arf_sanitize_value (facts->source_ip);
  g_autofree char *subject = NULL;
  g_autofree char *message_id = NULL;
  g_autoptr(GMimeStream) out = NULL;
  g_autofree char *token = NULL;
  GMimeFormatOptions *options;
  GByteArray *written = NULL;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (message), NULL);
  g_return_val_if_fail (facts != NULL, NULL);

  whence_core_init ();

  original = whence_message_dup_original (message, error);
  if (original == NULL)
    return NULL;
  data = g_bytes_get_data (original, &len);

  report = g_mime_message_new (TRUE);
  if (reporter_address != NULL)
    {
      g_autofree char *from = clean_address (reporter_address);

      if (from != NULL && !g_str_equal (from, "<>"))
        {
          from[strlen (from) - 1] = '\0';
          g_mime_message_add_mailbox (report, GMIME_ADDRESS_TYPE_FROM, NULL, from + 1);
        }
    }
  if (abuse_address != NULL)
    {
      g_autofree char *to = clean_address (abuse_address);

      if (to != NULL && !g_str_equal (to, "<>"))
        {
          to[strlen (to) - 1] = '\0';
          g_mime_message_add_mailbox (report, GMIME_ADDRESS_TYPE_TO, NULL, to + 1);
        }
    }
  if (ip != NULL && g_hostname_is_ip_address (ip))
    subject = g_strdup_printf ("Abuse report: %s from %s",
                               facts->worm_like ? "email worm" : "unwanted email", ip);
  else
    subject = g_strdup_printf ("Abuse report: %s", facts->worm_like ? "email worm" : "unwanted email");
  g_mime_message_set_subject (report, subject, "utf-8");
  g_mime_message_set_date (report, now);
  message_id = g_mime_utils_generate_message_id ("whence.invalid");
  g_mime_message_set_message_id (report, message_id);

  multipart = GMIME_OBJECT (g_mime_multipart_new_with_subtype ("report"));
  g_mime_object_set_content_type_parameter (multipart, "report-type", "feedback-report");

  human_text = whence_summary_for_abuse_desk (facts);
  human = GMIME_OBJECT (g_mime_text_part_new_with_subtype ("plain"));
  g_mime_text_part_set_text (GMIME_TEXT_PART (human), human_text);
  g_mime_part_set_content_encoding (GMIME_PART (human),
                                    is_ascii (human_text, strlen (human_text))
                                    ? GMIME_CONTENT_ENCODING_7BIT
                                    : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_multipart_add (GMIME_MULTIPART (multipart), human);

  fields = feedback_fields (facts);
  machine = GMIME_OBJECT (part_for_bytes ("message", "feedback-report", fields, strlen (fields),
                                          encoding_for (fields, strlen (fields))));
  g_mime_multipart_add (GMIME_MULTIPART (multipart), machine);

  /* GMime rewrites line ends in part content. The original must stay byte
   * for byte, so a placeholder is written and the bytes spliced in after. */
  token = g_strdup_printf ("WHENCE-ORIGINAL-%08x%08x%08x", g_random_int (), g_random_int (), g_random_int ());
  attached = GMIME_OBJECT (part_for_bytes ("message", "rfc822", token, strlen (token),
                                           encoding_for (data, len)));
  g_mime_multipart_add (GMIME_MULTIPART (multipart), attached);

  g_mime_message_set_mime_part (report, multipart);

  /* The report's own lines end like the original's, so the file is not a
   * mix of both. */
  options = g_mime_format_options_new ();
  if (contains (data, len, "\r\n"))
    g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);

  for (guint attempt = 0; ; attempt++)
    {
      g_autofree char *delimiter = NULL;

      g_clear_pointer (&written, g_byte_array_unref);
      written = g_byte_array_new ();
      out = g_mime_stream_mem_new_with_byte_array (written);
      g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (out), FALSE);
      if (g_mime_object_write_to_stream (GMIME_OBJECT (report), options, out) < 0)
        {
          g_clear_object (&out);
          g_mime_format_options_free (options);
          g_byte_array_unref (written);
          g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_FAILED,
                               _("The report could not be written."));
          return NULL;
        }
      g_clear_object (&out);

      /* A boundary that the original happens to contain would cut it. */
      delimiter = g_strconcat ("--", g_mime_multipart_get_boundary (GMIME_MULTIPART (multipart)), NULL);
      if (!contains (data, len, delimiter) || attempt >= 8)
        break;
      g_mime_multipart_set_boundary (GMIME_MULTIPART (multipart), NULL);
    }
  g_mime_format_options_free (options);

  {
    gsize token_len = strlen (token);
    GByteArray *result;
    gsize at = 0;
    gboolean found = FALSE;

    for (gsize i = 0; i + token_len <= written->len; i++)
      if (memcmp (written->data + i, token, token_len) == 0)
        {
          at = i;
          found = TRUE;
          break;
        }
    if (!found)
      {
        g_byte_array_unref (written);
        g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_FAILED,
                             _("The report could not be written."));
        return NULL;
      }

    result = g_byte_array_sized_new (written->len + len);
    g_byte_array_append (result, written->data, at);
    g_byte_array_append (result, data, len);
    g_byte_array_append (result, written->data + at + token_len, written->len - at - token_len);
    g_byte_array_unref (written);
    return g_byte_array_free_to_bytes (result);
  }
}

static char *
registrable_domain_of (const char *host)
{
  if (host == NULL || *host == '\0' || g_hostname_is_ip_address (host))
    return NULL;
  return whence_registrable_domain (host);
}

static gboolean
carries_program (WhenceMessage *message)
{
  GPtrArray *parts = whence_message_get_parts (message);

  for (guint i = 0; parts != NULL && i < parts->len; i++)
    {
      const WhenceMimePart *part = g_ptr_array_index (parts, i);
      g_autoptr(WhenceAttachment) assessed = NULL;

      if (!part->is_attachment)
        continue;
      assessed = whence_analysis_assess_attachment (message, part);
      if (assessed != NULL
          && (assessed->flags & (WHENCE_ATTACHMENT_PROGRAM | WHENCE_ATTACHMENT_PROGRAM_INSIDE)) != 0)
        return TRUE;
    }
  return FALSE;
}

static char *
strip_angles (const char *value)
{
  g_autofree char *unfolded = NULL;
  char *start, *end;

  if (value == NULL)
    return NULL;
  unfolded = whence_unfold_header (value);
  start = unfolded;
  if (*start == '<')
    start++;
  end = strrchr (start, '>');
  if (end != NULL)
    *end = '\0';
  return g_strdup (start);
}

/**
 * whence_report_facts_new_from_trace:
 * @message: the email
 * @trace: its trace
 *
 * Returns: (transfer full): the facts the trace and the headers give: the
 *   origin's address and host name, when the recipient's side took the
 *   email in, the envelope sender and recipients where logged, and whether
 *   it carries a program
 */
WhenceReportFacts *
whence_report_facts_new_from_trace (WhenceMessage *message,
                                    WhenceTrace   *trace)
{
  WhenceReportFacts *facts = whence_report_facts_new ();
  const WhenceOrigin *origin = whence_trace_get_origin (trace);
  g_autoptr(GPtrArray) rcpts = g_ptr_array_new_with_free_func (g_free);
  const char *return_path = whence_message_get_header (message, "Return-Path");
  const char * const rcpt_headers[] = { "X-Original-To", "Delivered-To", "Envelope-To" };

  facts->subject = g_strdup (whence_message_get_subject (message));
  facts->from = g_strdup (whence_message_get_from (message));
  facts->worm_like = carries_program (message);
  if (return_path != NULL)
    facts->original_mail_from = strip_angles (return_path);

  if (origin != NULL)
    {
      const WhenceHop *hop = whence_trace_get_hop (trace, origin->hop);

      facts->source_ip = g_strdup (origin->ip);
      facts->source_rdns = origin->rdns != NULL && *origin->rdns ? g_strdup (origin->rdns) : NULL;
      facts->reason = g_strdup (origin->reason);
      facts->reported_domain = registrable_domain_of (origin->rdns);
      if (hop != NULL && hop->received != NULL)
        {
          if (hop->received->has_date)
            facts->arrival_date = g_date_time_new_from_unix_utc (hop->received->date);
          if (facts->original_mail_from == NULL && hop->received->envfrom[0] != '\0')
            facts->original_mail_from = g_strdup (hop->received->envfrom);
        }
    }

  /* Recipients the recipient's own servers logged, newest line first. */
  for (guint i = 0; i < whence_trace_get_n_hops (trace); i++)
    {
      const WhenceHop *hop = whence_trace_get_hop (trace, i);

      if (hop->trust == WHENCE_TRUST_UNVERIFIED || hop->received == NULL)
        continue;
      if (hop->received->for_ != NULL && hop->received->for_[0] != '\0')
        {
          g_autofree char *rcpt = strip_angles (hop->received->for_);
          gboolean seen = FALSE;

          for (guint j = 0; j < rcpts->len; j++)
            seen |= g_ascii_strcasecmp (g_ptr_array_index (rcpts, j), rcpt) == 0;
          if (!seen)
            g_ptr_array_add (rcpts, g_steal_pointer (&rcpt));
        }
    }
  for (guint i = 0; rcpts->len == 0 && i < G_N_ELEMENTS (rcpt_headers); i++)
    {
      const char *value = whence_message_get_header (message, rcpt_headers[i]);

      if (value != NULL)
        g_ptr_array_add (rcpts, strip_angles (value));
    }
  if (rcpts->len > 0)
    {
      g_ptr_array_add (rcpts, NULL);
      facts->original_rcpt_to = (char **) g_ptr_array_steal (rcpts, NULL);
    }

  if (facts->arrival_date == NULL && whence_message_get_date (message) != NULL)
    facts->arrival_date = g_date_time_to_utc (whence_message_get_date (message));

  return facts;
}

/**
 * whence_arf_build_for_message:
 * @message: the email
 * @trusted_networks: (nullable): as for whence_trace_new()
 * @lookup: (nullable): when given, the person consented: the origin's
 *   address is looked up and the abuse contact found goes in To
 * @error: return location for a #GError
 *
 * Traces @message and builds its report in one go (`whence report --arf`).
 * Blocks while a lookup runs; call it from a worker thread in the UI.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
GBytes *
whence_arf_build_for_message (WhenceMessage  *message,
                              const char     *trusted_networks,
                              WhenceLookup   *lookup,
                              GError        **error)
{
  g_autoptr(WhenceTrace) trace = whence_trace_new (message, trusted_networks, error);
  g_autoptr(WhenceReportFacts) facts = NULL;
  g_autoptr(WhenceLookupResult) result = NULL;
  const char *abuse = NULL;

  if (trace == NULL)
    return NULL;

  facts = whence_report_facts_new_from_trace (message, trace);
  if (lookup != NULL && facts->source_ip != NULL)
    {
      const WhenceContact *contact;

      result = whence_lookup_ip_sync (lookup, facts->source_ip, WHENCE_LOOKUP_CONSENT_GIVEN,
                                      WHENCE_LOOKUP_FLAGS_NONE);
      contact = result != NULL ? whence_lookup_result_get_abuse_contact (result) : NULL;
      if (contact != NULL && contact->address != NULL && strchr (contact->address, '@') != NULL)
        abuse = contact->address;
      if (result != NULL && facts->source_rdns == NULL
          && whence_lookup_result_get_rdns_verified (result)
          && whence_lookup_result_get_rdns (result) != NULL
          && *whence_lookup_result_get_rdns (result) != '\0')
        {
          facts->source_rdns = g_strdup (whence_lookup_result_get_rdns (result));
          if (facts->reported_domain == NULL)
            facts->reported_domain = registrable_domain_of (facts->source_rdns);
        }
    }

  return whence_arf_build (message, facts, abuse, NULL, error);
}
