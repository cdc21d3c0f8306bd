/* test-analysis-messages.c
 *
 * Whole messages through message → trace → analysis: the hand-written
 * worm fixtures must come out as worms for the right reasons, and the
 * benign controls must not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "whence-analysis.h"
#include "whence-json.h"
#include "whence-message.h"
#include "whence-trace.h"
#include "whence-trace-text.h"

static WhenceAnalysis *
analyse_file (const char   *name,
              WhenceTrace **trace_out)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analysis", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, &error);
  g_autoptr(WhenceTrace) trace = NULL;
  WhenceMessage *message;

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  message = g_ptr_array_index (messages, 0);
  trace = whence_trace_new (message, NULL, &error);
  g_assert_no_error (error);
  if (trace_out != NULL)
    *trace_out = g_object_ref (trace);
  return whence_analysis_new (message, trace);
}

static gboolean
reasons_mention (GPtrArray  *reasons,
                 const char *word)
{
  for (guint i = 0; i < reasons->len; i++)
    if (strstr (g_ptr_array_index (reasons, i), word) != NULL)
      return TRUE;
  return FALSE;
}

static void
dump (const char     *name,
      WhenceAnalysis *a)
{
  const char *headline, *paragraph;
  WhenceVerdictKind kind = whence_analysis_get_verdict (a, &headline, &paragraph);
  GPtrArray *worm = whence_analysis_get_worm_reasons (a);
  GPtrArray *spoof = whence_analysis_get_spoof_reasons (a);

  g_test_message ("%s: %s, spoofed %s, worm %d, home %d — %s", name, whence_verdict_kind_to_string (kind),
                  whence_spoofed_to_string (whence_analysis_get_spoofed (a)),
                  whence_analysis_is_worm_like (a), whence_analysis_is_from_home_connection (a), headline);
  for (guint i = 0; i < worm->len; i++)
    g_test_message ("  worm: %s", (char *) g_ptr_array_index (worm, i));
  for (guint i = 0; i < spoof->len; i++)
    g_test_message ("  spoof: %s", (char *) g_ptr_array_index (spoof, i));
}

typedef struct
{
  const char        *file;
  WhenceVerdictKind  verdict;
  gboolean           worm_like;
  gboolean           from_home;
  WhenceSpoofed      spoofed;
  WhenceRisk         risk;
  const char        *worm_reason;   /* a word one worm reason must hold, or NULL */
  const char        *spf;           /* expected recorded results */
  const char        *dmarc;
} FixtureCase;

static const FixtureCase fixture_cases[] = {
  { "klez-h.eml", WHENCE_VERDICT_WORM, TRUE, TRUE, WHENCE_SPOOFED_LIKELY, WHENCE_RISK_HIGH, "Klez", "", "" },
  { "mydoom.eml", WHENCE_VERDICT_WORM, TRUE, TRUE, WHENCE_SPOOFED_LIKELY, WHENCE_RISK_HIGH, "MyDoom", "", "" },
  { "sobig.eml", WHENCE_VERDICT_WORM, TRUE, TRUE, WHENCE_SPOOFED_LIKELY, WHENCE_RISK_HIGH, "Sobig", "", "" },
  { "emotet.eml", WHENCE_VERDICT_WORM, TRUE, FALSE, WHENCE_SPOOFED_LIKELY, WHENCE_RISK_MEDIUM, "Emotet", "pass", "none" },
  { "own-domain.eml", WHENCE_VERDICT_WORM, TRUE, FALSE, WHENCE_SPOOFED_LIKELY, WHENCE_RISK_HIGH, "your own email provider", "", "" },
  { "late-zip-program.eml", WHENCE_VERDICT_WORM, TRUE, TRUE, WHENCE_SPOOFED_LIKELY, WHENCE_RISK_HIGH, NULL, "", "" },
  { "bounce-via-server.eml", WHENCE_VERDICT_WORM, TRUE, FALSE, WHENCE_SPOOFED_UNLIKELY, WHENCE_RISK_HIGH, "could not be delivered", "", "" },
  { "gmail-pdf.eml", WHENCE_VERDICT_PROBABLY_FINE, FALSE, FALSE, WHENCE_SPOOFED_UNLIKELY, WHENCE_RISK_NONE, NULL, "pass", "pass" },
  { "mailing-list.eml", WHENCE_VERDICT_PROBABLY_FINE, FALSE, FALSE, WHENCE_SPOOFED_UNKNOWN, WHENCE_RISK_NONE, NULL, "pass", "none" },
  { "phishing.eml", WHENCE_VERDICT_PHISHING_OR_SPOOF, FALSE, FALSE, WHENCE_SPOOFED_LIKELY, WHENCE_RISK_NONE, NULL, "fail", "fail" },
  { "no-received.eml", WHENCE_VERDICT_UNKNOWN, FALSE, FALSE, WHENCE_SPOOFED_UNKNOWN, WHENCE_RISK_NONE, NULL, "", "" },
};

/* One scam sign per fixture, each with a benign control that must stay
 * quiet (tests/data/analysis/make-scam-fixtures.py). */
typedef struct
{
  const char        *file;
  WhenceVerdictKind  verdict;
  const char        *reason;   /* a word one scam reason must hold; NULL: there must be none */
} ScamCase;

static const ScamCase scam_cases[] = {
  { "scam-brand-name.eml", WHENCE_VERDICT_PHISHING_OR_SPOOF, "“PayPal”" },
  { "scam-lookalike-domain.eml", WHENCE_VERDICT_PHISHING_OR_SPOOF, "made to look like PayPal" },
  { "scam-link-mismatch.eml", WHENCE_VERDICT_PHISHING_OR_SPOOF, "shows paypal.com, but it really leads to account-check.example" },
  { "scam-ip-link.eml", WHENCE_VERDICT_PHISHING_OR_SPOOF, "bare number (198.51.100.7)" },
  { "scam-reply-to.eml", WHENCE_VERDICT_PHISHING_OR_SPOOF, "free email address at gmail.com" },
  { "scam-password-lure.eml", WHENCE_VERDICT_SUSPICIOUS, "password" },
  { "scam-mixed-letters.eml", WHENCE_VERDICT_PHISHING_OR_SPOOF, "another alphabet" },
  { "scam-hidden-marks.eml", WHENCE_VERDICT_PHISHING_OR_SPOOF, "invisible marks" },
  { "phishing.eml", WHENCE_VERDICT_PHISHING_OR_SPOOF, NULL },
  { "ok-brand-name.eml", WHENCE_VERDICT_PROBABLY_FINE, NULL },
  { "ok-digits-domain.eml", WHENCE_VERDICT_PROBABLY_FINE, NULL },
  { "ok-link-tracking.eml", WHENCE_VERDICT_PROBABLY_FINE, NULL },
  { "ok-named-links.eml", WHENCE_VERDICT_PROBABLY_FINE, NULL },
  { "ok-reply-to.eml", WHENCE_VERDICT_PROBABLY_FINE, NULL },
  { "ok-password-notice.eml", WHENCE_VERDICT_PROBABLY_FINE, NULL },
  { "ok-cyrillic.eml", WHENCE_VERDICT_PROBABLY_FINE, NULL },
  { "ok-emoji-name.eml", WHENCE_VERDICT_PROBABLY_FINE, NULL },
  { "gmail-pdf.eml", WHENCE_VERDICT_PROBABLY_FINE, NULL },
  { "mailing-list.eml", WHENCE_VERDICT_PROBABLY_FINE, NULL },
};

static void
test_scam_fixtures (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (scam_cases); i++)
    {
      const ScamCase *c = &scam_cases[i];
      g_autoptr(WhenceAnalysis) a = analyse_file (c->file, NULL);
      GPtrArray *reasons = whence_analysis_get_phishing_reasons (a);
      const char *headline = NULL, *paragraph = NULL;
      WhenceVerdictKind kind = whence_analysis_get_verdict (a, &headline, &paragraph);

      dump (c->file, a);
      for (guint r = 0; r < reasons->len; r++)
        g_test_message ("  scam: %s", (char *) g_ptr_array_index (reasons, r));
      g_assert_cmpstr (whence_verdict_kind_to_string (kind), ==, whence_verdict_kind_to_string (c->verdict));
      if (c->reason != NULL)
        g_assert_true (reasons_mention (reasons, c->reason));
      else
        g_assert_cmpuint (reasons->len, ==, 0);
      g_assert_false (whence_analysis_is_worm_like (a));
      g_assert_nonnull (paragraph);
    }

  /* The sender card says whose name was borrowed. */
  {
    g_autoptr(WhenceAnalysis) a = analyse_file ("scam-brand-name.eml", NULL);
    g_assert_cmpstr (whence_analysis_get_sender_summary (a), ==,
                     "The name says “PayPal”, but the address, billing@shop-notices.example, is not theirs.");
  }
}

/* Analyses every email of @dir whose name starts with one of @prefixes;
 * counts verdicts, and emails with any scam sign. */
typedef struct
{
  guint total;
  guint fine;          /* probably fine */
  guint flagged;       /* suspicious, phishing or spoof, worm */
  guint with_signs;    /* at least one scam sign */
  GString *names;      /* the fine ones (phishing) or the signed ones (ham) */
} Tally;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
tally_dir (const char         *dir,
           const char * const *prefixes,
           const char * const *skip,
           gboolean            name_fine,
           Tally              *tally)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  tally->names = g_string_new (NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(GPtrArray) messages = NULL;
      g_autoptr(WhenceTrace) trace = NULL;
      g_autoptr(WhenceAnalysis) a = NULL;
      gboolean wanted = FALSE;
      WhenceVerdictKind kind;

      for (guint p = 0; prefixes[p] != NULL; p++)
        wanted |= g_str_has_prefix (file, prefixes[p]) && g_str_has_suffix (file, ".eml");
      for (guint k = 0; skip != NULL && skip[k] != NULL; k++)
        wanted &= !g_str_equal (file, skip[k]);
      if (!wanted)
        continue;
      messages = whence_message_load_path (path, NULL, NULL);
      tally->total++;
      if (messages == NULL || messages->len == 0)
        continue;   /* the empty and broken files: a clear error, no verdict */
      trace = whence_trace_new (g_ptr_array_index (messages, 0), NULL, NULL);
      a = whence_analysis_new (g_ptr_array_index (messages, 0), trace);
      kind = whence_analysis_get_verdict (a, NULL, NULL);
      if (kind == WHENCE_VERDICT_PROBABLY_FINE)
        tally->fine++;
      else if (kind != WHENCE_VERDICT_UNKNOWN)
        tally->flagged++;
      if (whence_analysis_get_phishing_reasons (a)->len > 0)
        tally->with_signs++;
      if (name_fine ? kind == WHENCE_VERDICT_PROBABLY_FINE
                    : whence_analysis_get_phishing_reasons (a)->len > 0)
        g_string_append_printf (tally->names, " %s", file);
    }
}

/* The permissively licensed corpus copy runs from a plain clone: no email
 * known to be honest may show a scam sign, and the one 419 scam among
 * them (rubymail-0006, "Western Union Swift Money Transfer", replies to
 * a Hotmail address) must be caught. */
static void
test_corpus_local (void)
{
  static const char * const all[] = { "apache-satest-", "rubymail-", "sisimai-", "stalwart-", NULL };
  /* SpamAssassin's own spam samples and the scam: signs allowed there. */
  static const char * const scams[] = {
    "apache-satest-0003.eml", "apache-satest-0004.eml", "apache-satest-0006.eml",
    "apache-satest-0007.eml", "rubymail-0006.eml", NULL,
  };
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "corpus", NULL);
  g_autofree char *scam_path = g_build_filename (dir, "rubymail-0006.eml", NULL);
  g_autoptr(GPtrArray) messages = whence_message_load_path (scam_path, NULL, NULL);
  g_autoptr(WhenceTrace) trace = whence_trace_new (g_ptr_array_index (messages, 0), NULL, NULL);
  g_autoptr(WhenceAnalysis) scam = whence_analysis_new (g_ptr_array_index (messages, 0), trace);
  Tally ham = { 0 };

  tally_dir (dir, all, scams, FALSE, &ham);
  g_test_message ("local honest corpus: %u emails, %u with a scam sign:%s", ham.total, ham.with_signs,
                  ham.names->str);
  g_assert_cmpuint (ham.total, >=, 30);
  g_assert_cmpuint (ham.with_signs, ==, 0);
  g_string_free (ham.names, TRUE);

  g_assert_cmpint (whence_analysis_get_verdict (scam, NULL, NULL), !=, WHENCE_VERDICT_PROBABLY_FINE);
  g_assert_true (reasons_mention (whence_analysis_get_phishing_reasons (scam), "hotmail.fr"));
}

/* The shared corpus: phishing sets (phishing_pot, Nazario) must rarely
 * look normal, and the honest sets (SpamAssassin ham, the linux-sctp list,
 * the ruby mail fixtures) must not gain a single scam sign. */
static void
test_corpus_shared (void)
{
  static const char * const phishing[] = { "phishpot-", "nazario-", NULL };
  static const char * const honest[] = { "sa-ham-", "vger-sctp-", "rubymail-", NULL };
  static const char * const not_honest[] = { "rubymail-0006.eml", NULL };
  const char *shared = g_getenv ("WHENCE_SHARED_DIR");
  g_autofree char *dir = shared != NULL ? g_build_filename (shared, "corpus", NULL) : NULL;
  Tally phish = { 0 }, ham = { 0 };

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("WHENCE_SHARED_DIR/corpus is not there");
      return;
    }

  tally_dir (dir, phishing, NULL, TRUE, &phish);
  tally_dir (dir, honest, not_honest, FALSE, &ham);
  g_test_message ("phishing: %u emails, %u flagged, %u look normal:%s", phish.total, phish.flagged,
                  phish.fine, phish.names->str);
  g_test_message ("honest: %u emails, %u with a scam sign:%s", ham.total, ham.with_signs, ham.names->str);

  /* 49 phishing emails, two of them empty or a fragment on purpose. Before
   * the scam signs 24 looked normal; now at most 5 may. */
  g_assert_cmpuint (phish.total, ==, 49);
  g_assert_cmpuint (phish.fine, <=, 5);
  g_assert_cmpuint (phish.flagged, >=, 41);
  g_assert_cmpuint (ham.total, ==, 31);
  g_assert_cmpuint (ham.with_signs, ==, 0);
  g_string_free (phish.names, TRUE);
  g_string_free (ham.names, TRUE);
}

static void
test_fixtures (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture_cases); i++)
    {
      const FixtureCase *c = &fixture_cases[i];
      g_autoptr(WhenceAnalysis) a = analyse_file (c->file, NULL);
      const char *headline = NULL, *paragraph = NULL;
      WhenceVerdictKind kind;

      dump (c->file, a);
      kind = whence_analysis_get_verdict (a, &headline, &paragraph);
      g_assert_cmpstr (whence_verdict_kind_to_string (kind), ==, whence_verdict_kind_to_string (c->verdict));
      g_assert_cmpint (whence_analysis_is_worm_like (a), ==, c->worm_like);
      g_assert_cmpint (whence_analysis_is_from_home_connection (a), ==, c->from_home);
      g_assert_cmpstr (whence_spoofed_to_string (whence_analysis_get_spoofed (a)), ==,
                       whence_spoofed_to_string (c->spoofed));
      g_assert_cmpstr (whence_risk_to_string (whence_analysis_get_highest_risk (a)), ==,
                       whence_risk_to_string (c->risk));
      if (c->worm_reason != NULL)
        g_assert_true (reasons_mention (whence_analysis_get_worm_reasons (a), c->worm_reason));
      g_assert_cmpstr (whence_analysis_get_auth (a, WHENCE_AUTH_SPF)->result, ==, c->spf);
      g_assert_cmpstr (whence_analysis_get_auth (a, WHENCE_AUTH_DMARC)->result, ==, c->dmarc);

      /* Every card has words, whatever the verdict. */
      g_assert_nonnull (headline);
      g_assert_nonnull (paragraph);
      g_assert_cmpuint (strlen (whence_analysis_get_sender_summary (a)), >, 10);
      g_assert_cmpuint (strlen (whence_analysis_get_attachment_summary (a)), >, 10);
      g_assert_cmpuint (strlen (whence_analysis_get_auth_summary (a)), >, 10);
      g_assert_cmpuint (whence_analysis_get_spoof_reasons (a)->len, >, 0);
      if (whence_analysis_is_worm_like (a))
        g_assert_cmpuint (whence_analysis_get_worm_reasons (a)->len, >=, 2);
    }
}

static void
test_bundled_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample",
                                                 "klez-style-sample.eml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, &error);
  g_autoptr(WhenceTrace) trace = NULL;
  g_autoptr(WhenceAnalysis) a = NULL;
  const WhenceAttachment *game;
  const char *headline, *paragraph;
  gboolean klez = FALSE;

  g_assert_no_error (error);
  trace = whence_trace_new (g_ptr_array_index (messages, 0), NULL, &error);
  g_assert_no_error (error);
  a = whence_analysis_new (g_ptr_array_index (messages, 0), trace);
  dump ("klez-style-sample.eml", a);

  g_assert_cmpuint (whence_analysis_get_attachments (a)->len, ==, 1);
  game = g_ptr_array_index (whence_analysis_get_attachments (a), 0);
  g_assert_cmpstr (game->filename, ==, "game.exe");
  g_assert_cmpint (game->risk, ==, WHENCE_RISK_HIGH);
  g_assert_true (game->flags & WHENCE_ATTACHMENT_KLEZ_LABEL);
  for (guint i = 0; i < game->reasons->len; i++)
    klez |= strstr (g_ptr_array_index (game->reasons, i), "Klez") != NULL;
  g_assert_true (klez);

  g_assert_true (whence_analysis_is_worm_like (a));
  g_assert_true (whence_analysis_is_from_home_connection (a));
  g_assert_cmpint (whence_analysis_get_verdict (a, &headline, &paragraph), ==, WHENCE_VERDICT_WORM);
  g_assert_nonnull (strstr (paragraph, "home internet connection"));
  g_assert_cmpstr (whence_analysis_get_attachment_summary (a), ==,
                   "Do not open “game.exe”. It is a Windows program pretending to be a sound file.");
  g_assert_true (reasons_mention (whence_analysis_get_worm_reasons (a), "invisible frame"));
}

/* A copy of the sign-in checks written below the boundary is the sender's
 * own words: phishing.eml carries one that says everything passed. */
static void
test_forged_results_ignored (void)
{
  g_autoptr(WhenceAnalysis) a = analyse_file ("phishing.eml", NULL);
  const WhenceAuthCheck *dkim = whence_analysis_get_auth (a, WHENCE_AUTH_DKIM);

  g_assert_cmpstr (dkim->result, ==, "none");
  g_assert_nonnull (strstr (whence_analysis_get_auth_source (a), "spf=fail"));
  g_assert_nonnull (strstr (whence_analysis_get_auth (a, WHENCE_AUTH_SPF)->sentence, "may not send"));
}

static void
test_without_trace (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analysis", "klez-h.eml", NULL);
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, NULL);
  g_autoptr(WhenceAnalysis) a = whence_analysis_new (g_ptr_array_index (messages, 0), NULL);

  /* The attachment alone still says enough to warn; the origin is unknown. */
  g_assert_false (whence_analysis_is_from_home_connection (a));
  g_assert_cmpint (whence_analysis_get_highest_risk (a), ==, WHENCE_RISK_HIGH);
  g_assert_true (whence_analysis_is_worm_like (a));   /* Klez label + cid frame */
}

static void
test_attachments_listed (void)
{
  g_autoptr(WhenceAnalysis) mydoom = analyse_file ("mydoom.eml", NULL);
  g_autoptr(WhenceAnalysis) emotet = analyse_file ("emotet.eml", NULL);
  const WhenceAttachment *zip = g_ptr_array_index (whence_analysis_get_attachments (mydoom), 0);
  const WhenceAttachment *locked = g_ptr_array_index (whence_analysis_get_attachments (emotet), 0);

  g_assert_cmpstr (zip->filename, ==, "document.zip");
  g_assert_true (zip->flags & WHENCE_ATTACHMENT_PROGRAM_INSIDE);
  g_assert_nonnull (zip->entries);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (zip->entries, 0), ".pif"));
  g_assert_true (locked->flags & WHENCE_ATTACHMENT_ENCRYPTED);
  g_assert_true (locked->flags & WHENCE_ATTACHMENT_MACROS);
  g_assert_cmpstr (g_ptr_array_index (locked->entries, 0), ==, "Invoice_4471.docm");
}

static void
test_json (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analysis", "klez-h.eml", NULL);
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, NULL);
  g_autoptr(JsonNode) node = whence_json_for_message (g_ptr_array_index (messages, 0), "klez-h.eml", NULL);
  JsonObject *root = json_node_get_object (node);
  JsonObject *sender = json_object_get_object_member (root, "sender");
  JsonArray *attachments = json_object_get_array_member (root, "attachments");
  JsonObject *first = json_array_get_object_element (attachments, 0);

  g_assert_true (json_object_get_boolean_member (root, "worm_like"));
  g_assert_cmpstr (json_object_get_string_member (sender, "spoofed"), ==, "likely");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sender, "reasons")), >, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "risk"), ==, "high");
  g_assert_cmpstr (json_object_get_string_member (first, "filename"), ==, "vide.scr");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "reasons")), >, 0);
}

static WhenceAnalysis *
analyse_edited (const char         *file,
                const char * const *edits)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analysis", file, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(WhenceTrace) trace = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  edited = g_string_new (text);
  for (guint i = 0; edits[i] != NULL; i += 2)
    g_assert_cmpuint (g_string_replace (edited, edits[i], edits[i + 1], 0), >, 0);
  bytes = g_bytes_new (edited->str, edited->len);
  messages = whence_message_load_bytes (bytes, file, NULL);
  trace = whence_trace_new (g_ptr_array_index (messages, 0), NULL, NULL);
  return whence_analysis_new (g_ptr_array_index (messages, 0), trace);
}

/* One reason per rule, each where a fixture (or a one-line edit of one)
 * triggers it. */
static void
test_rule_reasons (void)
{
  static const char * const freemail_edits[] = {
    "mail-yw1-f41.google.com (mail-yw1-f41.google.com [209.85.128.41])",
    "vps-4412.cheap-host.example (vps-4412.cheap-host.example [192.0.2.150])",
    "Authentication-Results:", "X-Old-Authentication-Results:",
    "Delivered-To:", "Return-Path: <bounce-77@mailer.example>\r\nDelivered-To:",
    NULL,
  };
  g_autoptr(WhenceAnalysis) emotet = analyse_file ("emotet.eml", NULL);
  g_autoptr(WhenceAnalysis) klez = analyse_file ("klez-h.eml", NULL);
  g_autoptr(WhenceAnalysis) own = analyse_file ("own-domain.eml", NULL);
  g_autoptr(WhenceAnalysis) mydoom = analyse_file ("mydoom.eml", NULL);
  g_autoptr(WhenceAnalysis) freemail = analyse_edited ("gmail-pdf.eml", freemail_edits);
  const WhenceAttachment *zip = g_ptr_array_index (whence_analysis_get_attachments (mydoom), 0);

  g_assert_true (reasons_mention (whence_analysis_get_spoof_reasons (emotet), "maria.lopez@partner-firm.example"));
  g_assert_true (reasons_mention (whence_analysis_get_spoof_reasons (emotet), "does not answer any earlier email"));
  g_assert_true (reasons_mention (whence_analysis_get_worm_reasons (klez), "removal tool"));
  g_assert_true (reasons_mention (whence_analysis_get_worm_reasons (klez), "OFFICEPC"));
  g_assert_true (reasons_mention (whence_analysis_get_spoof_reasons (own), "your own email domain"));
  g_assert_true (reasons_mention (zip->reasons, "two endings"));
  g_assert_true (reasons_mention (whence_analysis_get_worm_reasons (mydoom), "could not be delivered"));

  dump ("gmail from a rented server", freemail);
  g_assert_cmpint (whence_analysis_get_spoofed (freemail), ==, WHENCE_SPOOFED_LIKELY);
  g_assert_true (reasons_mention (whence_analysis_get_spoof_reasons (freemail), "own servers"));
  g_assert_true (reasons_mention (whence_analysis_get_spoof_reasons (freemail), "mailer.example"));
  g_assert_cmpint (whence_analysis_get_verdict (freemail, NULL, NULL), ==, WHENCE_VERDICT_PHISHING_OR_SPOOF);
}

/* A list resends its members' mail from its own servers: a Gmail member's
 * post coming from the list server is not a fake, and a "Re:" on a list
 * without In-Reply-To is not a fake reply. */
static void
test_list_members (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analysis", "mailing-list.eml", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(WhenceTrace) trace = NULL;
  g_autoptr(WhenceAnalysis) a = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  edited = g_string_new (text);
  g_string_replace (edited, "Bob Stone <bob@example.com>", "Bob Stone <bob.stone@gmail.com>", 1);
  g_string_replace (edited, "In-Reply-To:", "X-Was-In-Reply-To:", 1);
  g_string_replace (edited, "References:", "X-Was-References:", 1);
  bytes = g_bytes_new (edited->str, edited->len);
  messages = whence_message_load_bytes (bytes, "list.eml", NULL);
  trace = whence_trace_new (g_ptr_array_index (messages, 0), NULL, NULL);
  a = whence_analysis_new (g_ptr_array_index (messages, 0), trace);
  dump ("list member", a);

  g_assert_cmpstr (whence_analysis_get_sender_domain (a), ==, "gmail.com");
  g_assert_cmpint (whence_analysis_get_spoofed (a), !=, WHENCE_SPOOFED_LIKELY);
  g_assert_cmpint (whence_analysis_get_spoofed (a), !=, WHENCE_SPOOFED_POSSIBLE);
  g_assert_cmpint (whence_analysis_get_verdict (a, NULL, NULL), ==, WHENCE_VERDICT_PROBABLY_FINE);
}

/* Everything a person reads on the result page for the fixtures must stay
 * at US grade 8 or below, as Debian's `style` (diction) measures it. */
static void
test_readability (void)
{
  g_autofree char *style = g_find_program_in_path ("style");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *path = NULL;
  const char *kincaid;
  int status = 0;
  int fd;

  if (style == NULL)
    {
      g_test_skip ("style (Debian package diction) is not installed");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fixture_cases) + G_N_ELEMENTS (scam_cases); i++)
    {
      g_autoptr(WhenceAnalysis) a = analyse_file (i < G_N_ELEMENTS (fixture_cases)
                                                  ? fixture_cases[i].file
                                                  : scam_cases[i - G_N_ELEMENTS (fixture_cases)].file, NULL);
      const char *headline, *paragraph;
      GPtrArray *lists[] = { whence_analysis_get_spoof_reasons (a), whence_analysis_get_worm_reasons (a),
                             whence_analysis_get_phishing_reasons (a) };
      GPtrArray *attachments = whence_analysis_get_attachments (a);

      whence_analysis_get_verdict (a, &headline, &paragraph);
      g_string_append_printf (text, "%s\n%s\n%s\n%s\n%s\n", headline, paragraph,
                              whence_analysis_get_sender_summary (a),
                              whence_analysis_get_attachment_summary (a),
                              whence_analysis_get_auth_summary (a));
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint r = 0; r < lists[l]->len; r++)
          g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (lists[l], r));
      for (guint m = 0; m < WHENCE_AUTH_N_METHODS; m++)
        if (whence_analysis_get_auth (a, m)->sentence != NULL)
          g_string_append_printf (text, "%s\n", whence_analysis_get_auth (a, m)->sentence);
      for (guint n = 0; n < attachments->len; n++)
        {
          const WhenceAttachment *att = g_ptr_array_index (attachments, n);
          for (guint r = 0; r < att->reasons->len; r++)
            g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (att->reasons, r));
        }
    }

  fd = g_file_open_tmp ("whence-style-XXXXXX.txt", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { style, path, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  }
  g_unlink (path);
  g_assert_no_error (error);

  kincaid = strstr (out, "Kincaid:");
  g_assert_nonnull (kincaid);
  g_test_message ("style: %s", kincaid);
  g_assert_cmpfloat (g_ascii_strtod (kincaid + strlen ("Kincaid:"), NULL), <=, 8.0);
}

/* The one readable trace (CLI and Copy Trace): the answer first, then
 * every Received line as written, newest first, with its trust mark. */
static void
test_trace_text (void)
{
  g_autoptr(WhenceTrace) trace = NULL;
  g_autoptr(WhenceAnalysis) a = analyse_file ("klez-h.eml", &trace);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analysis", "klez-h.eml", NULL);
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, NULL);
  WhenceMessage *message = g_ptr_array_index (messages, 0);
  g_autofree char *text = whence_trace_format_text (message, trace, a);
  g_autofree char *bare = whence_trace_format_text (message, trace, NULL);
  g_autofree char *untraced = whence_trace_format_text (message, NULL, NULL);
  const char *last = text;

  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Subject: W32.Elkern removal tools\nFrom: lena.fischer@example.com\n"));
  g_assert_nonnull (strstr (text, "\nOrigin: 203.0.113.5 pcb007105.dip0.t-ipconnect.example (HELO OFFICEPC), confidence: "));
  g_assert_nonnull (strstr (text, "\nVerdict: worm — This email was almost certainly sent by a worm.\n"));
  g_assert_nonnull (strstr (text, "\nSender faked: likely\n"));
  /* The worm's signs under their own heading, after the spoofing reasons. */
  g_assert_nonnull (strstr (text, "\nSender faked: likely\n  - It came from a home internet connection"));
  g_assert_nonnull (strstr (text, "\nSigns of a worm:\n  - It was sent straight from a computer on a home internet connection"));
  g_assert_nonnull (strstr (text, "  #0   recipient   198.51.100.25 mx1.example.net -> mailstore1.example.net  2002-05-14 08:31:12Z  +2s\n"));
  g_assert_nonnull (strstr (text, "  #1   BOUNDARY    203.0.113.5 pcb007105.dip0.t-ipconnect.example (HELO OFFICEPC) -> mx1.example.net  2002-05-14 08:31:10Z\n"));
  for (guint i = 0; i < whence_trace_get_n_hops (trace); i++)
    {
      g_autofree char *line = g_strdup_printf ("Received: %s\n", whence_trace_get_hop (trace, i)->received->raw);
      const char *found = strstr (last, line);

      g_assert_nonnull (found);
      last = found + 1;
    }
  g_assert_true (g_str_has_suffix (text, "\n"));

  /* Without an analysis, no verdict; without a trace, no hops. */
  g_assert_null (strstr (bare, "Verdict:"));
  g_assert_nonnull (strstr (bare, "#1   BOUNDARY"));
  g_assert_nonnull (strstr (untraced, "Origin: unknown — the email has no Received lines to trace."));
  g_assert_null (strstr (untraced, "#0"));
}

static void
assert_same_strings (GPtrArray  *a,
                     GPtrArray  *b,
                     const char *where)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      g_error ("%s: “%s” against “%s”", where, (char *) g_ptr_array_index (a, i),
               (char *) g_ptr_array_index (b, i));
}

/* `whence trace --json` prints from a lighter analysis than the window's.
 * Every field the JSON shares with the window must come out the same, for
 * every email in the test data. */
static void
test_contract_matches_full (void)
{
  static const char *const folders[] = { "analysis", "corpus", "trace", "trust", "report", "load", "malformed" };
  guint compared = 0;

  for (gsize f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", folders[f], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autoptr(GPtrArray) messages = NULL;

          if (!g_str_has_suffix (name, ".eml") && !g_str_has_suffix (name, ".mbox"))
            continue;
          messages = whence_message_load_path (path, NULL, NULL);
          for (guint m = 0; messages != NULL && m < messages->len; m++)
            {
              WhenceMessage *message = g_ptr_array_index (messages, m);
              g_autoptr(WhenceTrace) trace = whence_trace_new (message, NULL, NULL);
              g_autoptr(WhenceAnalysis) full = whence_analysis_new (message, trace);
              g_autoptr(WhenceAnalysis) contract = whence_analysis_new_for_contract (message, trace);
              GPtrArray *fa = whence_analysis_get_attachments (full);
              GPtrArray *ca = whence_analysis_get_attachments (contract);

              g_test_message ("%s/%s #%u", folders[f], name, m);
              g_assert_cmpstr (whence_analysis_get_sender_address (full), ==,
                               whence_analysis_get_sender_address (contract));
              g_assert_cmpstr (whence_analysis_get_sender_domain (full), ==,
                               whence_analysis_get_sender_domain (contract));
              g_assert_cmpint (whence_analysis_get_spoofed (full), ==, whence_analysis_get_spoofed (contract));
              assert_same_strings (whence_analysis_get_spoof_reasons (full),
                                   whence_analysis_get_spoof_reasons (contract), path);
              for (guint a = 0; a < WHENCE_AUTH_N_METHODS; a++)
                g_assert_cmpstr (whence_analysis_get_auth (full, a)->result, ==,
                                 whence_analysis_get_auth (contract, a)->result);
              g_assert_cmpuint (fa->len, ==, ca->len);
              for (guint a = 0; a < fa->len; a++)
                {
                  const WhenceAttachment *x = g_ptr_array_index (fa, a);
                  const WhenceAttachment *y = g_ptr_array_index (ca, a);

                  g_assert_cmpstr (x->filename, ==, y->filename);
                  g_assert_cmpstr (x->content_type, ==, y->content_type);
                  g_assert_cmpuint (x->size, ==, y->size);
                  g_assert_cmpint (x->risk, ==, y->risk);
                  assert_same_strings (x->reasons, y->reasons, path);
                }
              g_assert_cmpint (whence_analysis_is_worm_like (full), ==, whence_analysis_is_worm_like (contract));
              compared++;
            }
        }
    }
  g_assert_cmpuint (compared, >, 100);
}

int
main (int argc, char *argv[])
{
  whence_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analysis/messages/fixtures", test_fixtures);
  g_test_add_func ("/analysis/messages/scam-fixtures", test_scam_fixtures);
  g_test_add_func ("/analysis/messages/corpus-local", test_corpus_local);
  g_test_add_func ("/analysis/messages/corpus-shared", test_corpus_shared);
  g_test_add_func ("/analysis/messages/bundled-sample", test_bundled_sample);
  g_test_add_func ("/analysis/messages/forged-results-ignored", test_forged_results_ignored);
  g_test_add_func ("/analysis/messages/without-trace", test_without_trace);
  g_test_add_func ("/analysis/messages/attachments-listed", test_attachments_listed);
  g_test_add_func ("/analysis/messages/json", test_json);
  g_test_add_func ("/analysis/messages/rule-reasons", test_rule_reasons);
  g_test_add_func ("/analysis/messages/list-members", test_list_members);
  g_test_add_func ("/analysis/messages/readability", test_readability);
  g_test_add_func ("/analysis/messages/trace-text", test_trace_text);
  g_test_add_func ("/analysis/messages/contract-matches-full", test_contract_matches_full);

  return g_test_run ();
}
