/* whence-trace-text.c
 *
 * The one readable form of a trace: what `whence trace` prints and what the
 * result page's "Copy Trace" puts on the clipboard, for a technical helper
 * to paste into a ticket. The answer comes first, then every Received line
 * with the trust the answer rests on, newest first and numbered as in
 * `whence trace --json`, each followed by the line as the server wrote it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-trace-text"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "whence-trace-text.h"

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static const char *
trust_mark (WhenceTrust trust)
{
  switch (trust)
    {
    case WHENCE_TRUST_RECIPIENT:
      /* Translators: short trust marks in the hop list; keep them the same width */
      return C_("trust", "recipient ");
    case WHENCE_TRUST_BOUNDARY:
      return C_("trust", "BOUNDARY  ");
    case WHENCE_TRUST_UNVERIFIED:
    default:
      return C_("trust", "unverified");
    }
}

static void
append_hop (GString         *text,
            const WhenceHop *hop)
{
  const WhenceReceived *r = hop->received;

  g_string_append_printf (text, "  #%-3u %s  ", hop->index, trust_mark (hop->trust));
  if (!r->relay)
    g_string_append_printf (text, "(%s)", _("not a handover between machines"));
  else if (!is_blank (r->ip))
    {
      g_string_append (text, r->ip);
      if (!is_blank (r->rdns))
        g_string_append_printf (text, " %s", r->rdns);
      if (!is_blank (r->helo) && g_ascii_strcasecmp (r->helo, r->rdns != NULL ? r->rdns : "") != 0)
        g_string_append_printf (text, " (HELO %s)", r->helo);
    }
  else if (!is_blank (r->helo) || !is_blank (r->rdns))
    g_string_append_printf (text, "%s (%s)", !is_blank (r->rdns) ? r->rdns : r->helo,
                            _("no address logged"));
  else
    g_string_append_printf (text, "(%s)", _("no address logged"));
  if (!is_blank (r->by))
    g_string_append_printf (text, " -> %s", r->by);
  if (r->has_date)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (r->date);
      g_autofree char *iso = date != NULL ? g_date_time_format (date, "%Y-%m-%d %H:%M:%SZ") : NULL;

      if (iso != NULL)
        g_string_append_printf (text, "  %s", iso);
    }
  if (hop->has_delay)
    {
      g_string_append_printf (text, "  %+" G_GINT64_FORMAT "s", hop->delay_s);
      if (hop->delay_s < 0)
        g_string_append_printf (text, " (%s)", _("clock skew"));
    }
  g_string_append_c (text, '\n');
  /* The line itself, so a helper can check what it was read from. */
  if (!is_blank (r->raw))
    g_string_append_printf (text, "        Received: %s\n", r->raw);
}

static gboolean
names_an_address (WhenceTrace *trace)
{
  for (guint i = 0; i < whence_trace_get_n_hops (trace); i++)
    if (!is_blank (whence_trace_get_hop (trace, i)->received->ip))
      return TRUE;
  return FALSE;
}

static void
append_reasons (GString   *text,
                GPtrArray *reasons)
{
  for (guint i = 0; i < reasons->len; i++)
    g_string_append_printf (text, "  - %s\n", (const char *) g_ptr_array_index (reasons, i));
}

/* Each list of reasons under its own heading, so that a worm's signs are not
 * read as reasons to think the sender was faked. */
static void
append_analysis (GString        *text,
                 WhenceAnalysis *analysis)
{
  const char *headline = NULL;
  WhenceVerdictKind kind = whence_analysis_get_verdict (analysis, &headline, NULL);
  GPtrArray *scam = whence_analysis_get_phishing_reasons (analysis);
  GPtrArray *worm = whence_analysis_get_worm_reasons (analysis);

  g_string_append_printf (text, "%s: %s — %s\n", _("Verdict"), whence_verdict_kind_to_string (kind),
                          headline != NULL ? headline : "");
  /* Translators: "Sender faked: likely/possible/unlikely/unknown" */
  g_string_append_printf (text, "%s: %s\n", _("Sender faked"),
                          whence_spoofed_to_string (whence_analysis_get_spoofed (analysis)));
  append_reasons (text, whence_analysis_get_spoof_reasons (analysis));
  if (scam->len > 0)
    {
      /* Translators: a heading, followed by a list of reasons */
      g_string_append_printf (text, "%s:\n", _("Signs of a scam"));
      append_reasons (text, scam);
    }
  if (worm->len > 0)
    {
      /* Translators: a heading, followed by a list of reasons */
      g_string_append_printf (text, "%s:\n", _("Signs of a worm"));
      append_reasons (text, worm);
    }
}

/**
 * whence_trace_format_text:
 * @message: the email
 * @trace: (nullable): its trace; %NULL when it could not be traced
 * @analysis: (nullable): its analysis, to add the verdict and its reasons
 *
 * Returns: (transfer full): the readable trace, lines ending in "\n"
 */
char *
whence_trace_format_text (WhenceMessage  *message,
                          WhenceTrace    *trace,
                          WhenceAnalysis *analysis)
{
  GString *text;
  const WhenceOrigin *origin;
  guint n;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (message), NULL);
  g_return_val_if_fail (trace == NULL || WHENCE_IS_TRACE (trace), NULL);
  g_return_val_if_fail (analysis == NULL || WHENCE_IS_ANALYSIS (analysis), NULL);

  text = g_string_new (NULL);
  origin = trace != NULL ? whence_trace_get_origin (trace) : NULL;
  n = trace != NULL ? whence_trace_get_n_hops (trace) : 0;

  g_string_append_printf (text, "%s: %s\n", _("Subject"), whence_message_get_subject (message) ?: "");
  g_string_append_printf (text, "%s: %s\n", _("From"), whence_message_get_from (message) ?: "");
  if (whence_message_get_message_id (message) != NULL)
    g_string_append_printf (text, "%s: %s\n", _("Message-ID"), whence_message_get_message_id (message));

  if (origin != NULL)
    {
      g_string_append_printf (text, "%s: %s", _("Origin"), origin->ip);
      if (!is_blank (origin->rdns))
        g_string_append_printf (text, " %s", origin->rdns);
      if (!is_blank (origin->helo) && g_ascii_strcasecmp (origin->helo, origin->rdns != NULL ? origin->rdns : "") != 0)
        g_string_append_printf (text, " (HELO %s)", origin->helo);
      if (origin->webmail != NULL)
        /* Translators: "webmail: gmail.com", the provider whose web page sent it */
        g_string_append_printf (text, ", %s: %s", _("webmail"), origin->webmail);
      /* Translators: "confidence: high/medium/low" */
      g_string_append_printf (text, ", %s: %s\n", _("confidence"), whence_confidence_to_string (origin->confidence));
      if (!is_blank (origin->reason))
        g_string_append_printf (text, "  %s\n", origin->reason);
    }
  else if (n == 0)
    g_string_append_printf (text, "%s: %s\n", _("Origin"), _("unknown — the email has no Received lines to trace."));
  else if (names_an_address (trace))
    g_string_append_printf (text, "%s: %s\n", _("Origin"),
                            _("none outside — every server named is part of your own provider or network."));
  else
    g_string_append_printf (text, "%s: %s\n", _("Origin"), _("unknown — no Received line names a machine’s address."));

  if (analysis != NULL)
    append_analysis (text, analysis);

  if (n > 0)
    {
      g_string_append_printf (text, "%s\n", _("Received lines, newest first (recipient = written by your side; "
                                               "BOUNDARY = where it came in; unverified = could be made up):"));
      for (guint i = 0; i < n; i++)
        append_hop (text, whence_trace_get_hop (trace, i));
    }

  return g_string_free (text, FALSE);
}
