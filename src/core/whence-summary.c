/* whence-summary.c
 *
 * Plain-text summaries to paste: the note for the abuse desk (the first part
 * of the ARF report), and the account of what happened for IC3's form or
 * for the police.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-summary"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "whence-summary.h"

static char *
clean (const char *value)
{
  return whence_arf_sanitize_value (value);
}

static char *
format_date (GDateTime *date)
{
  return date != NULL ? g_date_time_format (date, "%Y-%m-%d %H:%M:%S UTC") : NULL;
}

static char *
origin_text (const WhenceReportFacts *facts)
{
  g_autofree char *ip = clean (facts->source_ip);
  g_autofree char *rdns = clean (facts->source_rdns);

  if (ip == NULL)
    return NULL;
  if (rdns != NULL)
    return g_strdup_printf ("%s (%s)", ip, rdns);
  return g_steal_pointer (&ip);
}

/**
 * whence_summary_for_abuse_desk:
 * @facts: what the report says
 *
 * The human part of the ARF report: what, when, from which computer, and
 * why it is likely an infected machine. In English, like the report.
 *
 * Returns: (transfer full): the text, lines ending in "\n"
 */
char *
whence_summary_for_abuse_desk (const WhenceReportFacts *facts)
{
  GString *out = g_string_new (NULL);
  g_autofree char *origin = origin_text (facts);
  g_autofree char *when = format_date (facts->arrival_date);
  g_autofree char *subject = clean (facts->subject);
  g_autofree char *from = clean (facts->from);
  g_autofree char *reason = clean (facts->reason);

  g_string_append (out, "Hello,\n\n");
  if (origin != NULL)
    g_string_append_printf (out, "A computer on your network, %s, sent me %s.\n\n", origin,
                            facts->worm_like ? "an email that carries a harmful program"
                                             : "an unwanted email");
  else
    g_string_append_printf (out, "I received %s. The headers are attached.\n\n",
                            facts->worm_like ? "an email that carries a harmful program"
                                             : "an unwanted email");

  g_string_append (out, "What happened:\n");
  if (when != NULL)
    g_string_append_printf (out, "- Received: %s\n", when);
  if (origin != NULL)
    g_string_append_printf (out, "- Sending computer: %s\n", origin);
  if (from != NULL)
    g_string_append_printf (out, "- From line (most likely forged): %s\n", from);
  if (subject != NULL)
    g_string_append_printf (out, "- Subject: %s\n", subject);
  if (facts->incidents > 1)
    g_string_append_printf (out, "- Emails like this so far: %u\n", facts->incidents);
  if (reason != NULL)
    g_string_append_printf (out, "- How the sender was found: %s\n", reason);
  g_string_append (out, "\n");

  g_string_append (out, "Why it is likely an infected computer:\n");
  if (facts->worm_like)
    g_string_append (out,
                     "The email carries a program disguised as a harmless file, as email worms do.\n"
                     "Worms copy the From address out of an infected address book, so the person\n"
                     "named in From is most likely not involved. The computer above is the one\n"
                     "that really sent it.\n\n");
  else
    g_string_append (out,
                     "The email came straight from this address to my provider's mail server,\n"
                     "not through a known mail service. That usually means a home or office\n"
                     "computer that malware uses to send email without its owner knowing.\n\n");

  g_string_append (out,
                   "The complete original email is attached unchanged, with all its Received\n"
                   "lines. The machine-readable part follows the Abuse Reporting Format (RFC 5965).\n\n"
                   "Please help the owner of this computer find and remove the malware.\n\n"
                   "Thank you.\n\n"
                   "-- \nPrepared with Whence " PACKAGE_VERSION " by the person who received the email.\n");

  return g_string_free (out, FALSE);
}

/**
 * whence_summary_for_ic3:
 * @facts: what the report says
 * @headers: (nullable): the email's header block, to paste where IC3 asks
 *   for "Email header(s)"
 *
 * Text for the "what happened" box of IC3's form. In English, since IC3
 * takes complaints in English.
 *
 * Returns: (transfer full): the text
 */
char *
whence_summary_for_ic3 (const WhenceReportFacts *facts,
                        const char              *headers)
{
  GString *out = g_string_new (NULL);
  g_autofree char *origin = origin_text (facts);
  g_autofree char *when = format_date (facts->arrival_date);
  g_autofree char *subject = clean (facts->subject);
  g_autofree char *from = clean (facts->from);

  g_string_append_printf (out, "I received %s.\n",
                          facts->worm_like ? "an email carrying a harmful program (an email worm)"
                                           : "an unwanted email");
  if (when != NULL)
    g_string_append_printf (out, "Date received: %s\n", when);
  if (from != NULL)
    g_string_append_printf (out, "From line (may be forged): %s\n", from);
  if (subject != NULL)
    g_string_append_printf (out, "Subject: %s\n", subject);
  if (origin != NULL)
    g_string_append_printf (out, "IP address of the computer that sent it, from the headers: %s\n", origin);
  if (facts->incidents > 1)
    g_string_append_printf (out, "Emails like this so far: %u\n", facts->incidents);
  g_string_append (out, "I kept the original email file and can provide it.\n");
  if (headers != NULL)
    g_string_append_printf (out, "\nEmail headers:\n%s\n", headers);

  return g_string_free (out, FALSE);
}

/**
 * whence_summary_for_police:
 * @facts: what the report says
 * @headers: (nullable): the email's header block
 *
 * A plain account for the police, in the person's own language.
 *
 * Returns: (transfer full): the text
 */
char *
whence_summary_for_police (const WhenceReportFacts *facts,
                           const char              *headers)
{
  GString *out = g_string_new (NULL);
  g_autofree char *origin = origin_text (facts);
  g_autofree char *when = format_date (facts->arrival_date);
  g_autofree char *subject = clean (facts->subject);
  g_autofree char *from = clean (facts->from);

  g_string_append (out, facts->worm_like
                   ? _("I received an email with a harmful program attached.")
                   : _("I received an unwanted email."));
  g_string_append_c (out, '\n');
  if (when != NULL)
    g_string_append_printf (out, _("Received on: %s"), when), g_string_append_c (out, '\n');
  if (from != NULL)
    g_string_append_printf (out, _("From line (it may be false): %s"), from), g_string_append_c (out, '\n');
  if (subject != NULL)
    g_string_append_printf (out, _("Subject: %s"), subject), g_string_append_c (out, '\n');
  if (origin != NULL)
    g_string_append_printf (out, _("Internet address of the computer that sent it: %s"), origin),
    g_string_append_c (out, '\n');
  if (facts->incidents > 1)
    g_string_append_printf (out, _("Emails like this so far: %u"), facts->incidents), g_string_append_c (out, '\n');
  g_string_append (out, _("I kept the original email file, unchanged, with its SHA-256 checksum."));
  g_string_append_c (out, '\n');
  if (headers != NULL)
    g_string_append_printf (out, "\n%s\n%s\n", _("Email headers:"), headers);

  return g_string_free (out, FALSE);
}
