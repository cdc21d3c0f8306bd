/* whence-analysis.c
 *
 * From a message and its trace to what a frightened person needs to hear:
 * is the named sender real, are the attachments dangerous, was this sent by
 * a worm from an infected home computer. Every conclusion keeps its reasons
 * as plain sentences, so the result page and `whence trace --json` can say
 * why. Nothing here runs, renders or saves any part of the message: the
 * body and attachments are only peeked in memory, a bounded number of bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-analysis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-analysis.h"
#include "whence-auth-results.h"
#include "whence-connection.h"
#include "whence-domain.h"
#include "whence-phishing.h"

/* Bytes of each text part scanned for hidden frames and lures, and how many
 * text parts: enough for any real body's start, little for a hostile one. */
#define BODY_PEEK      (64 * 1024)
#define MAX_TEXT_PARTS 4
/* Attachments looked at; a message with more is hostile or an archive dump. */
#define MAX_ATTACHMENTS 64

struct _WhenceAnalysis
{
  GObject            parent_instance;

  char              *sender_address;
  char              *sender_domain;
  WhenceSpoofed      spoofed;
  GPtrArray         *spoof_reasons;

  WhenceAuthCheck    auth[WHENCE_AUTH_N_METHODS];
  char              *auth_source;

  GPtrArray         *attachments;
  WhenceRisk         highest_risk;

  gboolean           from_home;
  gboolean           worm_like;
  GPtrArray         *worm_reasons;

  GPtrArray         *phishing_reasons;
  guint              phishing_strong;   /* signs enough on their own */
  guint              phishing_weak;     /* signs that need a second one */
  const char        *impersonated;      /* (nullable) the brand the sender's name claims */

  gboolean           has_origin;
  WhenceVerdictKind  verdict;
  char              *headline;
  char              *paragraph;
  char              *sender_summary;
  char              *attachment_summary;
  char              *auth_summary;
};

G_DEFINE_FINAL_TYPE (WhenceAnalysis, whence_analysis, G_TYPE_OBJECT)

static const char * const auth_methods[] = { "spf", "dkim", "dmarc", "arc" };

static void
whence_analysis_finalize (GObject *object)
{
  WhenceAnalysis *self = WHENCE_ANALYSIS (object);

  g_free (self->sender_address);
  g_free (self->sender_domain);
  g_ptr_array_unref (self->spoof_reasons);
  for (guint i = 0; i < WHENCE_AUTH_N_METHODS; i++)
    {
      g_free (self->auth[i].result);
      g_free (self->auth[i].domain);
      g_free (self->auth[i].sentence);
    }
  g_free (self->auth_source);
  g_ptr_array_unref (self->attachments);
  g_ptr_array_unref (self->worm_reasons);
  g_ptr_array_unref (self->phishing_reasons);
  g_free (self->headline);
  g_free (self->paragraph);
  g_free (self->sender_summary);
  g_free (self->attachment_summary);
  g_free (self->auth_summary);

  G_OBJECT_CLASS (whence_analysis_parent_class)->finalize (object);
}

static void
whence_analysis_class_init (WhenceAnalysisClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = whence_analysis_finalize;
}

static void
whence_analysis_init (WhenceAnalysis *self)
{
  self->spoof_reasons = g_ptr_array_new_with_free_func (g_free);
  self->worm_reasons = g_ptr_array_new_with_free_func (g_free);
  self->phishing_reasons = g_ptr_array_new_with_free_func (g_free);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_attachment_free);
  for (guint i = 0; i < WHENCE_AUTH_N_METHODS; i++)
    {
      self->auth[i].method = auth_methods[i];
      self->auth[i].result = g_strdup ("");
      self->auth[i].domain = g_strdup ("");
    }
}

/* ---- helpers ---- */

static char *
address_domain (const char *address)
{
  const char *at = address != NULL ? strrchr (address, '@') : NULL;
  g_autofree char *domain = NULL;

  if (at == NULL || at[1] == '\0')
    return NULL;
  domain = g_ascii_strdown (at + 1, -1);
  g_strdelimit (domain, "<>\"", ' ');
  return g_strdup (g_strstrip (domain));
}

/* Same organisation, for a domain that may itself be registrable. */
static gboolean
same_org (const char *a,
          const char *b)
{
  g_autofree char *ra = NULL;
  g_autofree char *rb = NULL;

  if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
    return FALSE;
  ra = whence_registrable_domain (a);
  rb = whence_registrable_domain (b);
  if (ra == NULL)
    ra = g_ascii_strdown (a, -1);
  if (rb == NULL)
    rb = g_ascii_strdown (b, -1);
  return g_str_equal (ra, rb);
}

/* ---- sign-in checks: only what the recipient's side wrote counts ---- */

typedef struct
{
  char  *name;
  char  *value;
  guint  received_above;   /* Received headers above this one */
} PlacedHeader;

static void
placed_header_free (PlacedHeader *header)
{
  g_free (header->name);
  g_free (header->value);
  g_free (header);
}

static GPtrArray *
collect_auth_headers (WhenceMessage *message)
{
  const char *raw = whence_message_get_raw_headers (message);
  GPtrArray *headers = g_ptr_array_new_with_free_func ((GDestroyNotify) placed_header_free);
  GString *current = NULL;
  char *current_name = NULL;
  guint received = 0;
  const char *next;

  if (raw == NULL)
    return headers;

  /* Line by line (up to each '\n'), read in place: g_strsplit () costs a
   * copy of every line, and under AddressSanitizer its strstr () per line
   * reads the rest of the block each time, which is quadratic on a huge
   * header block. */
  next = raw;
  for (;;)
    {
      const char *line = next;
      const char *nl = line != NULL ? strchr (line, '\n') : NULL;
      gsize len = line == NULL ? 0 : nl != NULL ? (gsize) (nl - line) : strlen (line);
      gboolean continuation = line != NULL && len > 0 && (line[0] == ' ' || line[0] == '\t');

      next = line == NULL ? NULL : nl != NULL ? nl + 1 : NULL;
      if (continuation && current != NULL)
        {
          g_string_append_c (current, ' ');
          g_string_append_len (current, line, len);
          continue;
        }
      if (current != NULL)
        {
          PlacedHeader *header = g_new0 (PlacedHeader, 1);

          header->name = current_name;
          header->value = g_strstrip (g_string_free (current, FALSE));
          g_strdelimit (header->value, "\r", ' ');
          header->received_above = received;
          g_ptr_array_add (headers, header);
          current = NULL;
          current_name = NULL;
        }
      if (line == NULL)
        break;
      if (continuation)
        continue;

      {
        const char *colon = memchr (line, ':', len);
        g_autofree char *name = NULL;

        if (colon == NULL)
          continue;
        name = g_strstrip (g_strndup (line, colon - line));
        if (g_ascii_strcasecmp (name, "Received") == 0)
          received++;
        else if (g_ascii_strcasecmp (name, "Authentication-Results") == 0
                 || g_ascii_strcasecmp (name, "ARC-Authentication-Results") == 0
                 || g_ascii_strcasecmp (name, "Received-SPF") == 0)
          {
            current_name = g_ascii_strdown (name, -1);
            current = g_string_new_len (colon + 1, len - (gsize) (colon + 1 - line));
          }
      }
    }

  return headers;
}

static gboolean
is_recipient_side (const char *authserv_id,
                   GPtrArray  *recipient_hosts)
{
  for (guint i = 0; authserv_id != NULL && *authserv_id != '\0' && i < recipient_hosts->len; i++)
    if (same_org (authserv_id, g_ptr_array_index (recipient_hosts, i)))
      return TRUE;
  return FALSE;
}

/* A header written at or after the handover to the recipient's side sits at
 * most boundary Received lines down (one more when a server puts its result
 * below its own Received line, which it then must sign with its own name).
 * Of those, one whose writer names itself as the recipient's side wins;
 * otherwise the topmost. */
static WhenceAuthResults *
pick_results (GPtrArray  *headers,
              const char *name,
              int         boundary,
              GPtrArray  *recipient_hosts,
              char      **source)
{
  WhenceAuthResults *topmost = NULL;

  for (guint i = 0; i < headers->len; i++)
    {
      const PlacedHeader *h = g_ptr_array_index (headers, i);
      WhenceAuthResults *r;
      gboolean mine, placed;

      if (!g_str_equal (h->name, name))
        continue;
      r = g_str_equal (name, "received-spf") ? whence_received_spf_parse (h->value)
                                              : whence_auth_results_parse (h->value);
      mine = is_recipient_side (r->authserv_id, recipient_hosts);
      placed = boundary >= 0 && (int) h->received_above <= boundary;
      if (boundary >= 0 && (int) h->received_above == boundary + 1 && mine)
        placed = TRUE;

      if ((placed || boundary < 0) && mine)
        {
          whence_auth_results_free (topmost);
          g_free (*source);
          *source = g_strdup (h->value);
          return r;
        }
      if (placed && topmost == NULL)
        {
          topmost = r;
          g_free (*source);
          *source = g_strdup (h->value);
          continue;
        }
      whence_auth_results_free (r);
    }

  return topmost;
}

static void
set_check (WhenceAuthCheck *check,
           const char      *result,
           const char      *domain)
{
  g_free (check->result);
  g_free (check->domain);
  check->result = g_strdup (result != NULL ? result : "");
  check->domain = g_strdup (domain != NULL ? domain : "");
}

static void
analyse_auth (WhenceAnalysis *self,
              WhenceMessage  *message,
              WhenceTrace    *trace)
{
  g_autoptr(GPtrArray) headers = collect_auth_headers (message);
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(WhenceAuthResults) ar = NULL;
  g_autoptr(WhenceAuthResults) arc = NULL;
  g_autoptr(WhenceAuthResults) spf = NULL;
  g_autofree char *ar_source = NULL;
  g_autofree char *arc_source = NULL;
  g_autofree char *spf_source = NULL;
  int boundary = -1;

  if (trace != NULL)
    {
      boundary = whence_trace_get_boundary (trace);
      if (whence_trace_get_recipient_domain (trace) != NULL)
        g_ptr_array_add (hosts, g_strdup (whence_trace_get_recipient_domain (trace)));
      for (guint i = 0; i < whence_trace_get_n_hops (trace); i++)
        {
          const WhenceHop *hop = whence_trace_get_hop (trace, i);

          if (hop->trust == WHENCE_TRUST_UNVERIFIED)
            break;
          if (hop->received != NULL && hop->received->by != NULL && *hop->received->by != '\0')
            g_ptr_array_add (hosts, g_strdup (hop->received->by));
        }
      /* Every line is on the recipient's side: every header is theirs too. */
      if (boundary < 0 && whence_trace_get_n_hops (trace) > 0)
        boundary = (int) whence_trace_get_n_hops (trace) - 1;
    }

  ar = pick_results (headers, "authentication-results", boundary, hosts, &ar_source);
  arc = pick_results (headers, "arc-authentication-results", boundary, hosts, &arc_source);
  spf = pick_results (headers, "received-spf", boundary, hosts, &spf_source);

  /* Authentication-Results is the main record; ARC's copy of it by the
   * same side and Received-SPF fill what it leaves out. */
  for (guint i = 0; i < 2; i++)
    {
      WhenceAuthResults *r = i == 0 ? ar : arc;

      if (r == NULL)
        continue;
      if (*self->auth[WHENCE_AUTH_SPF].result == '\0')
        set_check (&self->auth[WHENCE_AUTH_SPF], r->spf, r->spf_domain);
      if (*self->auth[WHENCE_AUTH_DKIM].result == '\0')
        set_check (&self->auth[WHENCE_AUTH_DKIM], r->dkim, r->dkim_domain);
      if (*self->auth[WHENCE_AUTH_DMARC].result == '\0')
        set_check (&self->auth[WHENCE_AUTH_DMARC], r->dmarc, r->dmarc_domain);
      if (*self->auth[WHENCE_AUTH_ARC].result == '\0')
        set_check (&self->auth[WHENCE_AUTH_ARC], r->arc, NULL);
      if (self->auth_source == NULL)
        self->auth_source = g_strdup (i == 0 ? ar_source : arc_source);
    }
  if (spf != NULL && *self->auth[WHENCE_AUTH_SPF].result == '\0')
    {
      set_check (&self->auth[WHENCE_AUTH_SPF], spf->spf, spf->spf_domain);
      if (self->auth_source == NULL)
        self->auth_source = g_strdup (spf_source);
    }

  for (guint i = 0; i < WHENCE_AUTH_N_METHODS; i++)
    self->auth[i].sentence = whence_auth_sentence (self->auth[i].method, self->auth[i].result,
                                                   self->auth[i].domain);
}

/* ---- attachments ---- */

/**
 * whence_analysis_assess_attachment:
 * @message: the email
 * @part: one of its attachments
 *
 * Peeks the start of @part in memory and, when that shows a zip, the whole
 * part (capped) to read the zip's directory at its end, then assesses it.
 * The report and the analysis share this, so both see a program hidden
 * anywhere in a zip.
 *
 * Returns: (transfer full): what the attachment is and how risky
 */
WhenceAttachment *
whence_analysis_assess_attachment (WhenceMessage        *message,
                                   const WhenceMimePart *part)
{
  g_autoptr(GBytes) head = whence_message_peek_part (message, part, WHENCE_ATTACHMENT_PEEK, NULL);

  if (whence_attachment_wants_zip_peek (part->filename, part->content_type, head))
    {
      g_clear_pointer (&head, g_bytes_unref);
      head = whence_message_peek_part (message, part, WHENCE_ATTACHMENT_ZIP_PEEK, NULL);
    }
  return whence_attachment_assess (part->filename, part->content_type, part->encoded_size, head);
}

static void
analyse_attachments (WhenceAnalysis *self,
                     WhenceMessage  *message)
{
  GPtrArray *parts = whence_message_get_parts (message);

  for (guint i = 0; i < parts->len && self->attachments->len < MAX_ATTACHMENTS; i++)
    {
      const WhenceMimePart *part = g_ptr_array_index (parts, i);
      WhenceAttachment *attachment;

      if (!part->is_attachment)
        continue;

      attachment = whence_analysis_assess_attachment (message, part);
      self->highest_risk = MAX (self->highest_risk, attachment->risk);
      g_ptr_array_add (self->attachments, attachment);
    }
}

static gboolean
any_attachment (WhenceAnalysis        *self,
                WhenceAttachmentFlags  flags)
{
  for (guint i = 0; i < self->attachments->len; i++)
    if (((WhenceAttachment *) g_ptr_array_index (self->attachments, i))->flags & flags)
      return TRUE;
  return FALSE;
}

/* ---- the body, read as text only ---- */

typedef struct
{
  gboolean        hidden_frame;
  gboolean        lure;
  gboolean        bounce_text;
  WhenceLure      scam_words;   /* in the subject or the text */
  WhenceLinkSigns links;        /* what the HTML's links show and lead to */
} BodySigns;

static gboolean
has_cid_frame (const char *html)
{
  for (const char *p = strstr (html, "<iframe"); p != NULL; p = strstr (p + 1, "<iframe"))
    {
      const char *end = strchr (p, '>');
      g_autofree char *tag = g_strndup (p, end != NULL ? (gsize) (end - p) : strlen (p));

      if (strstr (tag, "cid:") != NULL)
        return TRUE;
    }
  return FALSE;
}

static const char * const lure_phrases[] = {
  "removal tool", "funny game", "immunity tool", "immunity patch", "this tool can remove",
  "w32.elkern", "w32.klez", "klez removal", "let's be friends",
};

/* Text of MyDoom, Sobig and Netsky fake bounces and "details" mails. */
static const char * const bounce_phrases[] = {
  "mail delivery system", "mail delivery subsystem", "mail transaction failed",
  "partial message is available", "has been sent as a binary attachment",
  "message could not be delivered", "delivery status notification", "returned mail",
  "undeliverable", "please see the attached file for details",
  "see the attached file for details", "your details", "thank you!", "re: details",
  "re: approved", "re: wicked screensaver", "re: that movie", "re: your application",
  "re: my details", "mail system error", "server report", "status",
};

/* g_ascii_strdown (data, len) without a function call per byte: a text
 * part is read up to BODY_PEEK bytes. */
static char *
ascii_lower_dup (const char *data,
                 gsize       len)
{
  char *result = g_strndup (data, len);

  for (char *s = result; *s != '\0'; s++)
    if (*s >= 'A' && *s <= 'Z')
      *s += 'a' - 'A';
  return result;
}

/* Bits of whence_phrase_set_scan() for text_phrases(); the first two are
 * the WhenceLure bits. */
enum
{
  PHRASES_LURE = 1 << 2,
  PHRASES_BOUNCE = 1 << 3,  /* bounce_phrases without the last, "status" */
  PHRASES_STATUS = 1 << 4,
};

/* All the phrases scan_text() looks for, read in one pass per text. */
static const WhencePhraseSet *
text_phrases (void)
{
  static gsize set = 0;

  if (g_once_init_enter (&set))
    {
      const WhencePhraseList *lures = whence_lure_phrase_lists ();
      const WhencePhraseList lists[] = {
        lures[0],
        lures[1],
        { lure_phrases, G_N_ELEMENTS (lure_phrases) },
        { bounce_phrases, G_N_ELEMENTS (bounce_phrases) - 1 },
        { bounce_phrases + G_N_ELEMENTS (bounce_phrases) - 1, 1 },
      };

      g_once_init_leave (&set, (gsize) whence_phrase_set_new (lists, G_N_ELEMENTS (lists)));
    }
  return (const WhencePhraseSet *) set;
}

static void
scan_text (WhenceAnalysis *self,
           WhenceMessage  *message,
           BodySigns      *signs)
{
  GPtrArray *parts = whence_message_get_parts (message);
  const char *subject = whence_message_get_subject (message);
  const char *from = whence_message_get_from (message);
  g_autofree char *head_raw = g_strconcat (subject != NULL ? subject : "", "\n",
                                           from != NULL ? from : "", NULL);
  g_autofree char *head_text = g_ascii_strdown (head_raw, -1);
  guint scanned = 0;

  const WhencePhraseSet *phrases = text_phrases ();
  guint found;

  (void) self;
  found = whence_phrase_set_scan (phrases, head_text);
  signs->lure = (found & PHRASES_LURE) != 0;
  signs->scam_words = found & (WHENCE_LURE_CREDENTIAL | WHENCE_LURE_MONEY);
  /* "status" alone is too common in a body; only a subject may say it. */
  signs->bounce_text = (found & (PHRASES_BOUNCE | PHRASES_STATUS)) != 0
                       || (from != NULL && (strstr (head_text, "mailer-daemon") != NULL
                                            || strstr (head_text, "postmaster") != NULL));

  for (guint i = 0; i < parts->len && scanned < MAX_TEXT_PARTS; i++)
    {
      const WhenceMimePart *part = g_ptr_array_index (parts, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *text = NULL;
      gsize len;
      const char *data;

      if (!g_str_has_prefix (part->content_type, "text/")
          || (part->is_attachment && !g_str_equal (part->content_type, "text/html")))
        continue;
      scanned++;
      bytes = whence_message_peek_part (message, part, BODY_PEEK, NULL);
      data = g_bytes_get_data (bytes, &len);
      if (data == NULL || len == 0)
        continue;
      text = ascii_lower_dup (data, len);

      if (g_str_equal (part->content_type, "text/html") && has_cid_frame (text))
        signs->hidden_frame = TRUE;
      if (g_str_equal (part->content_type, "text/html"))
        whence_link_signs_scan (&signs->links, text, strlen (text));
      found = whence_phrase_set_scan (phrases, text);
      signs->scam_words |= found & (WHENCE_LURE_CREDENTIAL | WHENCE_LURE_MONEY);
      if (found & PHRASES_LURE)
        signs->lure = TRUE;
      if (found & PHRASES_BOUNCE)
        signs->bounce_text = TRUE;
    }
}

/* ---- the origin's connection ---- */

static const WhenceOrigin *
direct_origin (WhenceTrace *trace)
{
  const WhenceOrigin *origin = trace != NULL ? whence_trace_get_origin (trace) : NULL;

  /* Only a handover from outside says where the sender connected from. */
  if (origin == NULL || whence_trace_get_boundary (trace) < 0
      || (int) origin->hop != whence_trace_get_boundary (trace))
    return NULL;
  return origin;
}

static void
analyse_connection (WhenceAnalysis *self,
                    WhenceTrace    *trace,
                    gboolean       *helo_odd)
{
  const WhenceOrigin *origin = direct_origin (trace);
  const WhenceHop *hop;
  g_autofree char *word = NULL;
  g_autofree char *helo_why = NULL;
  gboolean residential, ip_in_name, authenticated, no_name;
  const char *recipient;

  *helo_odd = FALSE;
  if (origin == NULL)
    return;

  hop = whence_trace_get_hop (trace, origin->hop);
  authenticated = origin->webmail != NULL
                  || (hop != NULL && hop->received != NULL
                      && whence_received_is_authenticated (hop->received->with, hop->received->auth));
  if (authenticated)
    return;

  residential = whence_rdns_looks_residential (origin->rdns, &word);
  ip_in_name = whence_rdns_contains_ip (origin->rdns, origin->ip);
  no_name = origin->rdns == NULL || *origin->rdns == '\0';
  *helo_odd = whence_helo_is_odd (origin->helo, &helo_why);

  self->from_home = residential || ip_in_name || (no_name && *helo_odd);
  if (self->from_home)
    {
      if (!no_name)
        g_ptr_array_add (self->worm_reasons,
                         /* Translators: %s is a host name like dsl-1-2-3-4.dyn.example.es */
                         g_strdup_printf (_("It was sent straight from a computer on a home internet connection (%s), not through an email provider."),
                                          origin->rdns));
      else
        g_ptr_array_add (self->worm_reasons,
                         g_strdup_printf (_("It was sent straight from a computer with no name on the internet (%s), not through an email provider."),
                                          origin->ip));
    }
  if (*helo_odd)
    g_ptr_array_add (self->worm_reasons, g_steal_pointer (&helo_why));

  /* Worms and spam robots often greet with the recipient's own domain,
   * hoping to be waved through as a local machine. */
  recipient = whence_trace_get_recipient_domain (trace);
  if (!*helo_odd && same_org (origin->helo, recipient) && !same_org (origin->rdns, recipient))
    {
      *helo_odd = TRUE;
      g_ptr_array_add (self->worm_reasons,
                       g_strdup_printf (_("The computer that sent it called itself “%s”, a name of your own email provider. It is not one of theirs."),
                                        origin->helo));
    }
}

/* ---- the sender ---- */

/* A list server resends its members' mail from its own machines, under its
 * own envelope: that is not spoofing. */
static gboolean
is_list_mail (WhenceMessage *message)
{
  static const char * const list_headers[] = {
    "List-Id", "List-Post", "List-Unsubscribe", "Mailing-List", "X-Mailing-List", "X-BeenThere",
  };
  const char *precedence = whence_message_get_header (message, "Precedence");

  for (guint i = 0; i < G_N_ELEMENTS (list_headers); i++)
    if (whence_message_get_header (message, list_headers[i]) != NULL)
      return TRUE;
  return precedence != NULL && strstr (precedence, "list") != NULL;
}


typedef struct
{
  const char *domain;
  const char *senders[3];
} Freemail;

/* Big providers send their users' mail only from their own servers. */
static const Freemail freemail[] = {
  { "gmail.com", { "google.com", NULL } },
  { "googlemail.com", { "google.com", NULL } },
  { "yahoo.com", { "yahoo.com", "yahoodns.net", NULL } },
  { "ymail.com", { "yahoo.com", "yahoodns.net", NULL } },
  { "aol.com", { "aol.com", "yahoodns.net", NULL } },
  { "hotmail.com", { "outlook.com", "hotmail.com", NULL } },
  { "outlook.com", { "outlook.com", "hotmail.com", NULL } },
  { "live.com", { "outlook.com", "hotmail.com", NULL } },
  { "msn.com", { "outlook.com", "hotmail.com", NULL } },
  { "icloud.com", { "icloud.com", "apple.com", NULL } },
  { "me.com", { "icloud.com", "apple.com", NULL } },
  { "gmx.net", { "gmx.net", "gmx.com", NULL } },
  { "gmx.de", { "gmx.net", "gmx.com", NULL } },
  { "web.de", { "web.de", NULL } },
};

typedef enum
{
  SAYS_NOTHING,
  SAYS_UNLIKELY,
  SAYS_POSSIBLE,
  SAYS_LIKELY,
} Evidence;

static void
add_spoof_reason (WhenceAnalysis *self,
                  Evidence       *strongest_against,
                  gboolean       *any_for,
                  Evidence        evidence,
                  char           *sentence)
{
  g_ptr_array_add (self->spoof_reasons, sentence);
  if (evidence == SAYS_UNLIKELY)
    *any_for = TRUE;
  else
    *strongest_against = MAX (*strongest_against, evidence);
}

static char *
display_name_address (const char *from)
{
  const char *lt;
  g_autofree char *display = NULL;
  g_auto(GStrv) words = NULL;

  if (from == NULL || (lt = strrchr (from, '<')) == NULL)
    return NULL;
  display = g_ascii_strdown (from, lt - from);
  g_strdelimit (display, "\"'()<>,;", ' ');
  words = g_strsplit_set (display, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (strchr (words[i], '@') != NULL && strchr (strchr (words[i], '@'), '.') != NULL)
      return g_strdup (words[i]);
  return NULL;
}

static void
analyse_sender (WhenceAnalysis *self,
                WhenceMessage  *message,
                WhenceTrace    *trace,
                gboolean        fake_reply)
{
  const WhenceOrigin *origin = trace != NULL ? whence_trace_get_origin (trace) : NULL;
  const WhenceOrigin *direct = direct_origin (trace);
  const WhenceAuthCheck *spf = &self->auth[WHENCE_AUTH_SPF];
  const WhenceAuthCheck *dkim = &self->auth[WHENCE_AUTH_DKIM];
  const WhenceAuthCheck *dmarc = &self->auth[WHENCE_AUTH_DMARC];
  g_autofree char *shown = display_name_address (whence_message_get_from (message));
  g_autofree char *from_org = NULL;
  g_autofree char *return_path = NULL;
  g_autoptr(GPtrArray) return_paths = NULL;
  Evidence against = SAYS_NOTHING;
  gboolean any_for = FALSE;
  gboolean list = is_list_mail (message);
  const char *domain = self->sender_domain;

  if (*self->sender_address == '\0')
    {
      self->spoofed = WHENCE_SPOOFED_UNKNOWN;
      g_ptr_array_add (self->spoof_reasons, g_strdup (_("The email does not name a sender address.")));
      return;
    }
  from_org = whence_registrable_domain (domain);
  if (from_org == NULL)
    from_org = g_strdup (domain);

  if (shown != NULL && g_ascii_strcasecmp (shown, self->sender_address) != 0)
    add_spoof_reason (self, &against, &any_for, SAYS_LIKELY,
                      g_strdup_printf (_("The sender's name shows the address %s, but the email really comes from %s."),
                                       shown, self->sender_address));

  /* What the recipient's side checked */
  if (g_str_equal (dmarc->result, "pass"))
    add_spoof_reason (self, &against, &any_for, SAYS_UNLIKELY,
                      g_strdup_printf (_("The domain %s confirmed this email."), domain));
  else if (g_str_equal (dmarc->result, "fail"))
    add_spoof_reason (self, &against, &any_for, SAYS_LIKELY,
                      g_strdup_printf (_("The domain %s did not confirm this email."), domain));

  if (g_str_equal (dkim->result, "pass") && same_org (dkim->domain, domain))
    add_spoof_reason (self, &against, &any_for, SAYS_UNLIKELY,
                      g_strdup_printf (_("It carries a valid digital seal from %s."), dkim->domain));
  else if ((g_str_equal (dkim->result, "fail") || g_str_equal (dkim->result, "permerror"))
           && same_org (dkim->domain, domain))
    add_spoof_reason (self, &against, &any_for, SAYS_POSSIBLE,
                      g_strdup_printf (_("Its digital seal from %s is broken."), dkim->domain));

  if (same_org (spf->domain, domain))
    {
      if (g_str_equal (spf->result, "pass"))
        add_spoof_reason (self, &against, &any_for, SAYS_UNLIKELY,
                          g_strdup_printf (_("The domain %s allows the computer that sent it to send its email."), domain));
      else if (g_str_equal (spf->result, "fail"))
        add_spoof_reason (self, &against, &any_for, SAYS_LIKELY,
                          g_strdup_printf (_("The domain %s says the computer that sent it may not send its email."), domain));
      else if (g_str_equal (spf->result, "softfail"))
        add_spoof_reason (self, &against, &any_for, SAYS_POSSIBLE,
                          g_strdup_printf (_("The domain %s says the computer that sent it should probably not send its email."), domain));
    }

  /* Where it really came from */
  if (direct != NULL)
    {
      g_autofree char *origin_org = whence_registrable_domain (direct->rdns);

      if (self->from_home)
        add_spoof_reason (self, &against, &any_for, SAYS_LIKELY,
                          g_strdup_printf (_("It came from a home internet connection, not from a mail server of %s."), from_org));
      else if (origin_org != NULL && g_str_equal (origin_org, from_org))
        add_spoof_reason (self, &against, &any_for, SAYS_UNLIKELY,
                          g_strdup_printf (_("It came from a mail server of %s, the sender's own domain."), from_org));
      else
        for (guint i = 0; i < G_N_ELEMENTS (freemail); i++)
          {
            gboolean theirs = FALSE;

            if (!g_str_equal (freemail[i].domain, from_org))
              continue;
            for (guint j = 0; freemail[i].senders[j] != NULL; j++)
              theirs |= same_org (direct->rdns, freemail[i].senders[j])
                        || same_org (direct->helo, freemail[i].senders[j]);
            if (!theirs && origin->webmail == NULL && !list)
              add_spoof_reason (self, &against, &any_for, SAYS_LIKELY,
                                g_strdup_printf (_("Email from %s addresses is sent by %s's own servers. This one came from somewhere else."),
                                                 from_org, from_org));
          }
    }

  /* Mail from your own domain does not arrive from outside it, unless it
   * was checked (a service sending for it) or came through a list. */
  if (direct != NULL && trace != NULL && !any_for
      && same_org (domain, whence_trace_get_recipient_domain (trace))
      && !list)
    add_spoof_reason (self, &against, &any_for, SAYS_LIKELY,
                      g_strdup_printf (_("It claims to come from your own email domain, %s, but it came from outside."),
                                       from_org));

  if (fake_reply)
    add_spoof_reason (self, &against, &any_for, SAYS_POSSIBLE,
                      g_strdup (_("It looks like a reply, but it does not answer any earlier email. Some worms send fake replies to look familiar.")));

  return_paths = whence_message_dup_headers (message, "Return-Path");
  if (return_paths->len > 0)
    return_path = address_domain (g_ptr_array_index (return_paths, 0));
  if (return_path != NULL && !same_org (return_path, domain) && !list)
    /* Lists and mailing services bounce to their own address: worth
     * showing, not enough to doubt the sender. */
    add_spoof_reason (self, &against, &any_for, SAYS_NOTHING,
                      g_strdup_printf (_("Replies about delivery problems go to %s, not to the sender's domain."),
                                       return_path));
  if (list)
    g_ptr_array_add (self->spoof_reasons,
                     g_strdup (_("It came through a mailing list, which sends email for its members.")));

  if (against == SAYS_LIKELY)
    self->spoofed = WHENCE_SPOOFED_LIKELY;
  else if (any_for)
    self->spoofed = WHENCE_SPOOFED_UNLIKELY;
  else if (against == SAYS_POSSIBLE)
    self->spoofed = WHENCE_SPOOFED_POSSIBLE;
  else
    self->spoofed = WHENCE_SPOOFED_UNKNOWN;

  if (self->spoofed == WHENCE_SPOOFED_UNKNOWN && self->spoof_reasons->len == 0)
    g_ptr_array_add (self->spoof_reasons,
                     g_strdup (_("Nothing in the email shows whether the named sender really sent it.")));
}

static gboolean
is_fake_reply (WhenceMessage *message)
{
  const char *subject = whence_message_get_subject (message);

  if (subject == NULL)
    return FALSE;
  while (*subject == ' ')
    subject++;
  if (g_ascii_strncasecmp (subject, "re:", 3) != 0 && g_ascii_strncasecmp (subject, "aw:", 3) != 0)
    return FALSE;
  return whence_message_get_header (message, "In-Reply-To") == NULL
         && whence_message_get_header (message, "References") == NULL
         && !is_list_mail (message);
}

/* ---- worm signs ---- */

static void
analyse_worm (WhenceAnalysis *self,
              gboolean        helo_odd,
              gboolean        fake_reply,
              const BodySigns *body)
{
  gboolean program = any_attachment (self, WHENCE_ATTACHMENT_PROGRAM);
  gboolean inside = any_attachment (self, WHENCE_ATTACHMENT_PROGRAM_INSIDE);
  gboolean klez = any_attachment (self, WHENCE_ATTACHMENT_KLEZ_LABEL);
  gboolean locked = any_attachment (self, WHENCE_ATTACHMENT_ENCRYPTED);
  gboolean macros = any_attachment (self, WHENCE_ATTACHMENT_MACROS);
  gboolean payload, delivery, bounce, disguised = FALSE;

  for (guint i = 0; i < self->attachments->len; i++)
    {
      const WhenceAttachment *a = g_ptr_array_index (self->attachments, i);

      if ((a->flags & WHENCE_ATTACHMENT_DISGUISED)
          && (a->flags & (WHENCE_ATTACHMENT_PROGRAM | WHENCE_ATTACHMENT_PROGRAM_INSIDE)))
        disguised = TRUE;
    }

  if (program)
    g_ptr_array_add (self->worm_reasons, g_strdup (_("It carries a program as an attachment.")));
  if (inside)
    g_ptr_array_add (self->worm_reasons, g_strdup (_("It carries a zip archive with a program inside.")));
  if (klez)
    g_ptr_array_add (self->worm_reasons,
                     g_strdup (_("Its attachment is a program labelled as a sound file, as the Klez worm did.")));
  if (body->hidden_frame)
    g_ptr_array_add (self->worm_reasons,
                     g_strdup (_("Its text hides an invisible frame that points at the attachment, as Klez did to start itself.")));
  if (body->lure && (program || inside))
    g_ptr_array_add (self->worm_reasons,
                     g_strdup (_("It offers a game or a virus removal tool, the bait the Klez worm used.")));
  bounce = body->bounce_text && (program || inside);
  if (bounce)
    g_ptr_array_add (self->worm_reasons,
                     g_strdup (_("It looks like a message about mail that could not be delivered, with a program attached. MyDoom and Sobig sent fake messages like this.")));
  if (locked && (macros || inside))
    g_ptr_array_add (self->worm_reasons,
                     g_strdup (_("It carries a locked archive with a program or macros inside, as Emotet did.")));
  if (fake_reply && (program || inside || macros || locked))
    g_ptr_array_add (self->worm_reasons,
                     g_strdup (_("It pretends to answer an earlier email and carries a dangerous attachment. Emotet did this.")));
  if (self->spoofed == WHENCE_SPOOFED_LIKELY)
    g_ptr_array_add (self->worm_reasons, g_strdup (_("The named sender is probably fake.")));

  if (disguised)
    g_ptr_array_add (self->worm_reasons,
                     g_strdup (_("The program is disguised as a harmless file. Worms do that.")));

  payload = program || inside || (locked && (macros || inside)) || (macros && fake_reply);
  delivery = self->from_home || helo_odd || self->spoofed == WHENCE_SPOOFED_LIKELY || klez
             || body->hidden_frame || bounce || fake_reply || disguised;
  self->worm_like = payload && delivery;
}

/* ---- scam signs ---- */

static void
add_phishing_reason (WhenceAnalysis *self,
                     gboolean        strong,
                     char           *sentence)
{
  g_ptr_array_add (self->phishing_reasons, sentence);
  if (strong)
    self->phishing_strong++;
  else
    self->phishing_weak++;
}

/* The From domain vouched for itself (DMARC, or a seal of its own), and it
 * is not a free webmail domain where anyone can get an address. */
static gboolean
sender_vouched (WhenceAnalysis *self)
{
  const WhenceAuthCheck *dkim = &self->auth[WHENCE_AUTH_DKIM];
  const WhenceAuthCheck *dmarc = &self->auth[WHENCE_AUTH_DMARC];

  if (whence_is_freemail (self->sender_domain))
    return FALSE;
  return (g_str_equal (dmarc->result, "pass")
          && (*dmarc->domain == '\0' || same_org (dmarc->domain, self->sender_domain)))
         || (g_str_equal (dkim->result, "pass") && same_org (dkim->domain, self->sender_domain));
}

static void
analyse_phishing (WhenceAnalysis  *self,
                  WhenceMessage   *message,
                  const BodySigns *body)
{
  const char *from = whence_message_get_from (message);
  const char *subject = whence_message_get_subject (message);
  g_autofree char *name = whence_display_name (from);
  g_autofree char *shown_org = whence_display_domain (self->sender_domain);
  g_autofree char *reply_to = address_domain (whence_message_get_header (message, "Reply-To"));
  g_autofree char *mixed = NULL;
  g_autoptr(GPtrArray) return_paths = whence_message_dup_headers (message, "Return-Path");
  g_autofree char *return_path = NULL;
  const char *org = shown_org != NULL ? shown_org : self->sender_domain;
  const char *imitated;
  gboolean list = is_list_mail (message);
  gboolean vouched = sender_vouched (self);
  gboolean diverted = FALSE;

  if (return_paths->len > 0)
    return_path = address_domain (g_ptr_array_index (return_paths, 0));

  /* The name borrows a brand the address does not belong to. */
  if (*self->sender_domain != '\0')
    self->impersonated = whence_brand_named_by (name, self->sender_domain);
  if (self->impersonated != NULL)
    add_phishing_reason (self, TRUE,
                         /* Translators: "The sender's name says “PayPal”, but the email comes from example.com." */
                         g_strdup_printf (_("The sender's name says “%s”, but the email comes from %s."),
                                          self->impersonated, org));

  imitated = whence_domain_imitates (self->sender_domain);
  if (imitated != NULL)
    add_phishing_reason (self, TRUE,
                         g_strdup_printf (_("The sender's domain %s is made to look like %s. It is not theirs."),
                                          self->sender_domain, imitated));

  if (whence_text_hides_characters (name) || whence_text_hides_characters (subject))
    add_phishing_reason (self, TRUE,
                         g_strdup (_("The sender's name or the subject hides invisible marks inside words. Scammers do this to get past filters.")));
  mixed = whence_text_mixed_script_word (name);
  if (mixed == NULL)
    mixed = whence_text_mixed_script_word (subject);
  if (mixed != NULL)
    add_phishing_reason (self, TRUE,
                         g_strdup_printf (_("The word “%s” uses letters from another alphabet that look like normal ones. Scammers do this to fake a name."),
                                          mixed));

  /* Links whose text shows one place and lead to another. */
  if (body->links.shown != NULL)
    {
      const char *shown_brand = whence_domain_brand (body->links.shown);
      const char *shown_fake = whence_domain_imitates (body->links.shown);
      /* Showing a brand's address (or a look-alike) and leading elsewhere,
       * in an email that brand did not send, is a trap, not a tracker. */
      gboolean strong = body->links.to_number || shown_fake != NULL
                        || (shown_brand != NULL && g_strcmp0 (shown_brand, whence_domain_brand (self->sender_domain)) != 0);

      add_phishing_reason (self, strong,
                           g_strdup_printf (_("A link shows %s, but it really leads to %s."),
                                            body->links.shown, body->links.actual));
    }
  if (body->links.to_number)
    add_phishing_reason (self, FALSE,
                         g_strdup_printf (_("A link leads to a bare number (%s), not to a named website. Real companies do not do that."),
                                          body->links.number));

  /* Replies to a free mailbox elsewhere: the classic way to reach a scammer
   * through someone else's account or a look-alike name. */
  diverted = reply_to != NULL && !list && whence_is_freemail (reply_to)
             && !same_org (reply_to, self->sender_domain);
  if (diverted)
    add_phishing_reason (self, FALSE,
                         g_strdup_printf (_("Replies go to a free email address at %s, not to %s."),
                                          reply_to, org));

  /* A free webmail address that webmail did not send. */
  if (return_path != NULL && !list && whence_is_freemail (self->sender_domain)
      && !whence_is_freemail (return_path) && !same_org (return_path, self->sender_domain))
    add_phishing_reason (self, FALSE,
                         g_strdup_printf (_("It claims a free %s address, but it was sent by %s."),
                                          org, return_path));

  /* A name under a free subdomain service (ddns.net, …), not a domain of
   * the sender's own. */
  if (*self->sender_domain != '\0')
    {
      g_autofree char *registrable = whence_registrable_domain (self->sender_domain);

      if (registrable != NULL && shown_org != NULL && !g_str_equal (registrable, shown_org)
          && !whence_is_freemail (self->sender_domain))
        add_phishing_reason (self, FALSE,
                             g_strdup_printf (_("The sender's address is a free name under %s, not a company's own domain."),
                                              shown_org));
    }

  /* The words that make people hurry. A sender that proved its own domain
   * may ask you to update a card; anyone else asking is a warning, and so
   * is a proven sender that wants the answer somewhere else. */
  if (diverted)
    vouched = FALSE;
  if ((body->scam_words & WHENCE_LURE_CREDENTIAL) && !vouched)
    add_phishing_reason (self, FALSE,
                         g_strdup (_("It asks you to check or update your account, password or payment. Scammers ask this to steal them.")));
  if ((body->scam_words & WHENCE_LURE_MONEY) && !vouched)
    add_phishing_reason (self, FALSE,
                         g_strdup (_("It promises money or a prize, or asks for help to move money. This is a common scam.")));
}

/* ---- plain words ---- */

static void
compose_words (WhenceAnalysis *self)
{
  const WhenceAttachment *worst = NULL;
  const char *who = *self->sender_address != '\0' ? self->sender_address : NULL;
  gboolean failed = FALSE, passed = FALSE, recorded = FALSE;

  for (guint i = 0; i < self->attachments->len; i++)
    {
      const WhenceAttachment *a = g_ptr_array_index (self->attachments, i);

      if (worst == NULL || a->risk > worst->risk)
        worst = a;
    }

  /* Sender card */
  if (who == NULL)
    self->sender_summary = g_strdup (_("The email does not name a sender."));
  else if (self->spoofed == WHENCE_SPOOFED_LIKELY)
    self->sender_summary = g_strdup_printf (_("%s probably did not send this email. Worms and scammers copy real addresses, so this person may be a victim too."), who);
  else if (self->spoofed == WHENCE_SPOOFED_POSSIBLE)
    self->sender_summary = g_strdup_printf (_("We could not confirm that %s sent this email. Some signs say it may be fake."), who);
  else if (self->impersonated != NULL)
    /* Translators: "The name says “PayPal”, but the address, x@example.com, is not PayPal's." */
    self->sender_summary = g_strdup_printf (_("The name says “%s”, but the address, %s, is not theirs."),
                                            self->impersonated, who);
  else if (self->spoofed == WHENCE_SPOOFED_UNLIKELY)
    self->sender_summary = g_strdup_printf (_("This email really seems to come from %s."), who);
  else
    self->sender_summary = g_strdup_printf (_("We cannot tell if %s really sent this email."), who);

  /* Attachment card */
  if (worst == NULL)
    self->attachment_summary = g_strdup (_("The email has no attachments."));
  else if (self->attachments->len == 1)
    self->attachment_summary = g_strdup (worst->advice);
  else
    self->attachment_summary = g_strdup_printf (ngettext ("%s It has %u other attachment.",
                                                          "%s It has %u other attachments.",
                                                          self->attachments->len - 1),
                                                worst->advice, self->attachments->len - 1);

  /* Sign-in checks card */
  for (guint i = 0; i < WHENCE_AUTH_ARC; i++)
    {
      const char *r = self->auth[i].result;

      recorded |= *r != '\0';
      passed |= g_str_equal (r, "pass");
      failed |= g_str_equal (r, "fail") || (i == WHENCE_AUTH_SPF && g_str_equal (r, "softfail"));
    }
  if (!recorded)
    self->auth_summary = g_strdup (_("Your email provider did not record any checks of the sender."));
  else if (failed)
    self->auth_summary = g_strdup (_("The checks of the sender failed. The sender's domain does not vouch for this email."));
  else if (g_str_equal (self->auth[WHENCE_AUTH_DMARC].result, "pass")
           || (passed && self->spoofed == WHENCE_SPOOFED_UNLIKELY))
    self->auth_summary = g_strdup (_("The checks of the sender passed. The sender's domain vouches for this email."));
  else
    self->auth_summary = g_strdup (_("The checks of the sender gave no clear answer."));

  /* Headline */
  if (self->worm_like)
    {
      self->verdict = WHENCE_VERDICT_WORM;
      self->headline = g_strdup (_("This email was almost certainly sent by a worm."));
      if (self->from_home)
        self->paragraph = g_strdup (_("This email was sent by a computer on a home internet connection. "
                                      "It was almost certainly infected by a worm. "
                                      "The person named as sender probably did not send it. "
                                      "Worms copy addresses from the address books of the computers they infect. "
                                      "Do not open the attachment."));
      else
        self->paragraph = g_strdup (_("This email carries a harmful program made to look harmless. "
                                      "Worms send emails like this from the computers they infect. "
                                      "The person named as sender probably did not send it. "
                                      "Do not open the attachment."));
    }
  else if (self->spoofed == WHENCE_SPOOFED_LIKELY)
    {
      self->verdict = WHENCE_VERDICT_PHISHING_OR_SPOOF;
      self->headline = g_strdup (_("The sender of this email is probably fake."));
      self->paragraph = g_strdup (_("The email uses the name of someone else. It was sent from somewhere else. "
                                    "Do not reply, click its links or open its files. "
                                    "If it asks for money or a password, it is a scam."));
    }
  else if (self->phishing_strong > 0 || self->phishing_weak >= 2)
    {
      self->verdict = WHENCE_VERDICT_PHISHING_OR_SPOOF;
      self->headline = g_strdup (_("This email is probably a scam."));
      self->paragraph = g_strdup (_("It uses tricks that scammers use to look like someone you trust. "
                                    "Do not click its links, reply or open its files. "
                                    "If it asks for a password, money or your details, it is a scam. "
                                    "If you are unsure, go to the company's website yourself."));
    }
  else if (self->highest_risk >= WHENCE_RISK_MEDIUM || self->from_home
           || self->spoofed == WHENCE_SPOOFED_POSSIBLE || failed || self->phishing_weak > 0)
    {
      self->verdict = WHENCE_VERDICT_SUSPICIOUS;
      self->headline = g_strdup (_("Be careful with this email."));
      if (self->highest_risk >= WHENCE_RISK_MEDIUM)
        self->paragraph = g_strdup (_("It has an attachment that could harm your computer. "
                                      "Do not open it unless you know who sent it and why."));
      else if (self->from_home)
        self->paragraph = g_strdup (_("It was sent straight from a home computer, not through an email provider. "
                                      "Real email rarely travels that way."));
      else if (self->phishing_weak > 0 && self->spoofed != WHENCE_SPOOFED_POSSIBLE && !failed)
        self->paragraph = g_strdup (_("It shows a sign that scammers use. "
                                      "Do not click its links or send any details until you have checked who sent it."));
      else
        self->paragraph = g_strdup (_("We could not confirm that the named sender really sent it. "
                                      "Do not trust links or requests in it until you have checked with them."));
    }
  else if (self->has_origin)
    {
      self->verdict = WHENCE_VERDICT_PROBABLY_FINE;
      self->headline = g_strdup (_("We found no signs of a worm or a fake sender."));
      self->paragraph = g_strdup (_("The email came through normal mail servers. "
                                    "The checks we could make came out fine. "
                                    "Still, be careful with links and files you did not expect."));
    }
  else
    {
      self->verdict = WHENCE_VERDICT_UNKNOWN;
      self->headline = g_strdup (_("We cannot tell where this email came from."));
      self->paragraph = g_strdup (_("The email holds too little about its path. "
                                    "That happens with pasted headers or saved drafts. "
                                    "We found no signs of a worm in what there is."));
    }
}

/* A worm needs a payload: without a program, macros or a locked archive
 * attached, nothing the text says can make the email worm-like. */
static gboolean
could_carry_payload (WhenceAnalysis *self)
{
  return any_attachment (self, WHENCE_ATTACHMENT_PROGRAM | WHENCE_ATTACHMENT_PROGRAM_INSIDE
                               | WHENCE_ATTACHMENT_MACROS | WHENCE_ATTACHMENT_ENCRYPTED);
}

static WhenceAnalysis *
analyse (WhenceMessage *message,
         WhenceTrace   *trace,
         gboolean       everything)
{
  WhenceAnalysis *self;
  BodySigns body = { 0 };
  gboolean helo_odd, fake_reply;
  const char *address;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (message), NULL);
  g_return_val_if_fail (trace == NULL || WHENCE_IS_TRACE (trace), NULL);

  self = g_object_new (WHENCE_TYPE_ANALYSIS, NULL);
  address = whence_message_get_from_address (message);
  self->sender_address = g_strdup (address != NULL ? address : "");
  self->sender_domain = address_domain (address);
  if (self->sender_domain == NULL)
    self->sender_domain = g_strdup ("");
  self->has_origin = trace != NULL && whence_trace_get_origin (trace) != NULL;

  fake_reply = is_fake_reply (message);
  analyse_auth (self, message, trace);
  analyse_attachments (self, message);
  if (everything || could_carry_payload (self))
    scan_text (self, message, &body);
  analyse_connection (self, trace, &helo_odd);
  analyse_sender (self, message, trace, fake_reply);
  analyse_worm (self, helo_odd, fake_reply, &body);
  if (everything)
    {
      analyse_phishing (self, message, &body);
      compose_words (self);
    }
  whence_link_signs_clear (&body.links);

  return self;
}

/**
 * whence_analysis_new:
 * @message: a loaded message
 * @trace: (nullable): its trace; without one, only what the message itself
 *   says is judged
 *
 * Returns: (transfer full): the analysis
 */
WhenceAnalysis *
whence_analysis_new (WhenceMessage *message,
                     WhenceTrace   *trace)
{
  return analyse (message, trace, TRUE);
}

/**
 * whence_analysis_new_for_contract:
 * @message: a loaded message
 * @trace: (nullable): its trace
 *
 * Only what `whence trace --json` reports: the sender and whether it is
 * forged, the sign-in checks, the attachments and whether the email is
 * worm-like. The text of the email is read only when an attachment could
 * make it a worm. Scam signs, the verdict and the summary sentences are left
 * out: read those from whence_analysis_new().
 *
 * Returns: (transfer full): the analysis
 */
WhenceAnalysis *
whence_analysis_new_for_contract (WhenceMessage *message,
                                  WhenceTrace   *trace)
{
  return analyse (message, trace, FALSE);
}

const char *
whence_analysis_get_sender_address (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  return self->sender_address;
}

/**
 * whence_analysis_get_sender_domain:
 *
 * Returns: the domain of the From address as written ("" when none)
 */
const char *
whence_analysis_get_sender_domain (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  return self->sender_domain;
}

WhenceSpoofed
whence_analysis_get_spoofed (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), WHENCE_SPOOFED_UNKNOWN);
  return self->spoofed;
}

/**
 * whence_analysis_get_spoof_reasons:
 *
 * Returns: (transfer none) (element-type utf8): why, in plain sentences
 */
GPtrArray *
whence_analysis_get_spoof_reasons (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  return self->spoof_reasons;
}

/**
 * whence_analysis_get_auth:
 *
 * Returns: (transfer none): one check as the recipient's side recorded it
 */
const WhenceAuthCheck *
whence_analysis_get_auth (WhenceAnalysis   *self,
                          WhenceAuthMethod  method)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  g_return_val_if_fail (method < WHENCE_AUTH_N_METHODS, NULL);
  return &self->auth[method];
}

/**
 * whence_analysis_get_auth_source:
 *
 * Returns: (nullable): the header value the checks were read from, for
 *   "Show details"
 */
const char *
whence_analysis_get_auth_source (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  return self->auth_source;
}

/**
 * whence_analysis_get_attachments:
 *
 * Returns: (transfer none) (element-type WhenceAttachment): in message order
 */
GPtrArray *
whence_analysis_get_attachments (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  return self->attachments;
}

WhenceRisk
whence_analysis_get_highest_risk (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), WHENCE_RISK_NONE);
  return self->highest_risk;
}

/**
 * whence_analysis_is_from_home_connection:
 *
 * Returns: %TRUE when a home computer handed the email straight to the
 *   recipient's side, without signing in to any provider
 */
gboolean
whence_analysis_is_from_home_connection (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), FALSE);
  return self->from_home;
}

gboolean
whence_analysis_is_worm_like (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), FALSE);
  return self->worm_like;
}

/**
 * whence_analysis_get_worm_reasons:
 *
 * Returns: (transfer none) (element-type utf8): every worm sign found, in
 *   plain sentences, also when they were not enough for a worm verdict
 */
GPtrArray *
whence_analysis_get_worm_reasons (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  return self->worm_reasons;
}

/**
 * whence_analysis_get_phishing_reasons:
 *
 * Returns: (transfer none) (element-type utf8): every scam sign found (a
 *   borrowed brand name, a look-alike domain, a link that hides where it
 *   leads, scam words …), in plain sentences, also when they were not
 *   enough for a scam verdict
 */
GPtrArray *
whence_analysis_get_phishing_reasons (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  return self->phishing_reasons;
}

/**
 * whence_analysis_get_verdict:
 * @headline: (out) (optional) (transfer none): one plain sentence
 * @paragraph: (out) (optional) (transfer none): a few plain sentences
 *
 * Returns: what kind of email this is, for the result page's headline
 */
WhenceVerdictKind
whence_analysis_get_verdict (WhenceAnalysis  *self,
                             const char     **headline,
                             const char     **paragraph)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), WHENCE_VERDICT_UNKNOWN);
  if (headline != NULL)
    *headline = self->headline;
  if (paragraph != NULL)
    *paragraph = self->paragraph;
  return self->verdict;
}

const char *
whence_analysis_get_sender_summary (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  return self->sender_summary;
}

const char *
whence_analysis_get_attachment_summary (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  return self->attachment_summary;
}

const char *
whence_analysis_get_auth_summary (WhenceAnalysis *self)
{
  g_return_val_if_fail (WHENCE_IS_ANALYSIS (self), NULL);
  return self->auth_summary;
}

const char *
whence_spoofed_to_string (WhenceSpoofed spoofed)
{
  switch (spoofed)
    {
    case WHENCE_SPOOFED_LIKELY: return "likely";
    case WHENCE_SPOOFED_POSSIBLE: return "possible";
    case WHENCE_SPOOFED_UNLIKELY: return "unlikely";
    case WHENCE_SPOOFED_UNKNOWN:
    default: return "unknown";
    }
}

const char *
whence_verdict_kind_to_string (WhenceVerdictKind kind)
{
  switch (kind)
    {
    case WHENCE_VERDICT_WORM: return "worm";
    case WHENCE_VERDICT_PHISHING_OR_SPOOF: return "phishing-or-spoof";
    case WHENCE_VERDICT_SUSPICIOUS: return "suspicious";
    case WHENCE_VERDICT_PROBABLY_FINE: return "probably-fine";
    case WHENCE_VERDICT_UNKNOWN:
    default: return "unknown";
    }
}
