/* test-result-page.c
 *
 * The result page, the journey, the cards and the batch list, built for real
 * emails: what a person reads must match what the trace and the analysis
 * found, in order, and nothing may leak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "whence-analysis.h"
#include "whence-batch-page.h"
#include "whence-hop-row.h"
#include "whence-journey-view.h"
#include "whence-network-card.h"
#include "whence-result-page.h"
#include "whence-test-widgets.h"

static WhenceMessage *
load_first (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (messages);
  g_assert_cmpuint (messages->len, >, 0);
  return g_object_ref (g_ptr_array_index (messages, 0));
}

/* Fixtures that are meant not to be emails (a picture, junk) are skipped. */
static WhenceMessage *
try_load (const char *path)
{
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, NULL);

  if (messages == NULL || messages->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (messages, 0));
}

static WhenceTrace *
trace_of (WhenceMessage *message)
{
  g_autoptr(GError) error = NULL;
  WhenceTrace *trace = whence_trace_new (message, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (trace);
  return trace;
}

static WhenceResultPage *
new_page (WhenceMessage *message,
          WhenceTrace   *trace)
{
  WhenceResultPage *page = g_object_ref_sink (WHENCE_RESULT_PAGE (whence_result_page_new ()));

  whence_result_page_set_message (page, message, trace, 7);
  return page;
}

/* Every .eml among the fixtures: the loader's, and the analysis fixtures
 * once they exist. */
static GPtrArray *
fixture_paths (void)
{
  static const char * const folders[] = { "load", "analysis", "corpus" };
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", folders[f], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".eml") && !g_str_equal (name, "empty.eml"))
          g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
    }

  g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);
  return paths;
}

static gboolean
row_has_class (WhenceHopRow *row,
               const char   *name)
{
  return gtk_widget_has_css_class (GTK_WIDGET (row), name);
}

/* The journey lists every hop once, oldest first, and marks trust as the
 * trace decided it: one boundary, made-up-able rows flagged and greyed. */
static void
check_journey (WhenceJourneyView *journey,
               WhenceTrace       *trace,
               const char        *what)
{
  guint n_hops = whence_trace_get_n_hops (trace);
  int boundary = whence_trace_get_boundary (trace);

  g_test_message ("%s: %u hops, boundary %d", what, n_hops, boundary);
  g_assert_cmpuint (whence_journey_view_get_n_hop_rows (journey), ==, n_hops);

  for (guint position = 0; position < n_hops; position++)
    {
      WhenceHopRow *row = whence_journey_view_get_hop_row (journey, position);
      const WhenceHop *hop = whence_trace_get_hop (trace, n_hops - 1 - position);
      g_autofree char *description = whence_hop_row_dup_description (row);

      g_assert_cmpuint (whence_hop_row_get_hop_index (row), ==, hop->index);
      g_assert_cmpint (whence_hop_row_get_trust (row), ==, hop->trust);
      g_assert_cmpstr (whence_hop_row_get_title (row), !=, "");
      g_assert_cmpstr (whence_hop_row_get_time_text (row), !=, "");

      /* The list row is what a screen reader reads: it is the hop itself. */
      g_assert_true (gtk_widget_get_parent (GTK_WIDGET (row)) ==
                     GTK_WIDGET (whence_journey_view_get_list (journey)));
      /* In order; a "show earlier steps" row may come first. */
      g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)), ==,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (whence_journey_view_get_hop_row (journey, 0))) + position);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)) ==
                     (position >= whence_journey_view_get_n_collapsed (journey)));

      switch (hop->trust)
        {
        case WHENCE_TRUST_BOUNDARY:
          g_assert_cmpint (hop->index, ==, boundary);
          g_assert_true (row_has_class (row, "hop-boundary"));
          g_assert_nonnull (strstr (whence_hop_row_get_note (row), "received it here"));
          break;
        case WHENCE_TRUST_UNVERIFIED:
          g_assert_true (row_has_class (row, "hop-unverified"));
          g_assert_nonnull (strstr (whence_hop_row_get_note (row), "made up"));
          g_assert_nonnull (strstr (description, "made up"));
          break;
        case WHENCE_TRUST_RECIPIENT:
        default:
          g_assert_false (row_has_class (row, "hop-unverified"));
          g_assert_false (row_has_class (row, "hop-boundary"));
          break;
        }

      if (hop->has_delay && hop->delay_s < 0)
        g_assert_nonnull (strstr (description, "clock"));
      if (!hop->received->relay)
        g_assert_true (row_has_class (row, "hop-local"));
    }
}

static void
test_fixtures (void)
{
  g_autoptr(GPtrArray) paths = fixture_paths ();
  guint n_built = 0;
  int widest = 0;

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(WhenceMessage) message = try_load (path);
      g_autoptr(WhenceTrace) trace = NULL;
      WhenceResultPage *page;
      const char *headline;
      g_autofree char *text = NULL;
      const char *last;
      guint n_hops;
      int narrowest;

      if (message == NULL)
        continue;

      trace = trace_of (message);
      page = new_page (message, trace);
      headline = whence_result_page_get_headline (page);
      text = whence_result_page_dup_trace_text (page);
      last = text;
      n_hops = whence_trace_get_n_hops (trace);
      n_built++;

      g_test_message ("%s: %s", path, headline);
      g_assert_cmpuint (strlen (headline), >, 10);
      g_assert_true (whence_result_page_get_message (page) == message);
      g_assert_true (whence_result_page_get_trace (page) == trace);
      g_assert_cmpuint (whence_result_page_get_index (page), ==, 7);
      check_journey (whence_result_page_get_journey (page), trace, path);

      /* Copy Trace: every Received line, newest first as in the email. */
      for (guint step = 0; step < n_hops; step++)
        {
          const WhenceHop *hop = whence_trace_get_hop (trace, step);
          const char *found = strstr (last, hop->received->raw);

          g_assert_nonnull (found);
          last = found + 1;
        }

      /* Fits a phone-sized window (360 px), whatever the host names. */
      narrowest = whence_test_narrowest_width (GTK_WIDGET (page));
      g_test_message ("  %d px at the narrowest", narrowest);
      widest = MAX (widest, narrowest);

      g_assert_finalize_object (page);
    }

  g_assert_cmpuint (n_built, >=, 2);
  g_assert_cmpint (widest, <=, 360);
}

static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *needle)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, needle);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

/* "Copy Trace" puts the readable trace on the clipboard, for a helper. */
static void
test_copy_trace (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "load", "klez-style-sample.eml", NULL);
  g_autoptr(WhenceMessage) message = load_first (path);
  g_autoptr(WhenceTrace) trace = trace_of (message);
  WhenceResultPage *page = new_page (message, trace);
  g_autofree char *expected = whence_result_page_dup_trace_text (page);
  g_autofree char *copied = NULL;
  GtkWidget *button = whence_test_find_button (GTK_WIDGET (page), "_Copy Trace");

  g_assert_nonnull (button);
  /* The same text `whence trace` prints, with the verdict on top. */
  g_assert_true (g_str_has_prefix (expected, "Subject: "));
  g_assert_nonnull (strstr (expected, "\nOrigin: 203.0.113.77"));
  g_assert_nonnull (strstr (expected, "\nVerdict: worm — "));
  g_assert_nonnull (strstr (expected, " BOUNDARY    203.0.113.77"));
  g_assert_nonnull (strstr (expected, "unverified"));
  g_assert_true (strstr (expected, "Origin:") < strstr (expected, "#0 "));

  g_signal_emit_by_name (button, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (page)), NULL,
                                 on_clipboard_text, &copied);
  while (copied == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (copied, ==, expected);

  g_assert_finalize_object (page);
}

/* A scam through an honest server: the verdict says scam, and the sender
 * card lists each sign in its own row. */
static void
test_scam (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analysis", "scam-brand-name.eml", NULL);
  g_autoptr(WhenceMessage) message = load_first (path);
  g_autoptr(WhenceTrace) trace = trace_of (message);
  WhenceResultPage *page = new_page (message, trace);

  g_assert_cmpstr (whence_result_page_get_headline (page), ==, "This email is probably a scam.");
  g_assert_nonnull (find_label_containing (GTK_WIDGET (page), "“PayPal”, but the email comes from shop-notices.example."));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (page), "is not theirs."));

  g_assert_finalize_object (page);
}

static void
test_klez (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "load", "klez-style-sample.eml", NULL);
  g_autoptr(WhenceMessage) message = load_first (path);
  g_autoptr(WhenceTrace) trace = trace_of (message);
  WhenceResultPage *page = new_page (message, trace);
  WhenceJourneyView *journey = whence_result_page_get_journey (page);
  WhenceNetworkCard *card = whence_result_page_get_network_card (page);
  const WhenceOrigin *origin = whence_trace_get_origin (trace);
  GtkWidget *report = whence_result_page_get_report_button (page);
  WhenceAnalysis *analysis = whence_result_page_get_analysis (page);
  const char *headline = NULL;
  g_autoptr(GVariant) target = NULL;

  /* The verdict is the analysis's own sentence, not one the UI made up. */
  whence_analysis_get_verdict (analysis, &headline, NULL);
  g_assert_cmpstr (whence_result_page_get_headline (page), ==, headline);
  g_assert_cmpstr (whence_result_page_get_paragraph (page), !=, "");
  g_assert_nonnull (find_label_containing (GTK_WIDGET (page), "Dangerous"));

  /* Oldest first: the made-up stamp from "mail.example.org", then the
   * boundary, then the provider's own hops. */
  g_assert_cmpuint (whence_journey_view_get_n_hop_rows (journey), ==, 4);
  g_assert_cmpint (whence_hop_row_get_trust (whence_journey_view_get_hop_row (journey, 0)), ==,
                   WHENCE_TRUST_UNVERIFIED);
  g_assert_cmpint (whence_hop_row_get_trust (whence_journey_view_get_hop_row (journey, 1)), ==,
                   WHENCE_TRUST_BOUNDARY);
  g_assert_cmpstr (whence_hop_row_get_title (whence_journey_view_get_hop_row (journey, 1)), ==,
                   "From example-telecom.es to example.net");
  g_assert_nonnull (strstr (whence_hop_row_get_time_text (whence_journey_view_get_hop_row (journey, 2)),
                            "3 seconds later"));

  /* The attachment card says not to open it, by name. */
  g_assert_nonnull (find_label_containing (GTK_WIDGET (page), "Do not open"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (page), "game.exe"));

  /* Nothing is looked up without asking; the question names the address. */
  g_assert_nonnull (origin);
  g_assert_cmpint (whence_network_card_get_state (card), ==, WHENCE_NETWORK_CARD_ASK);
  g_assert_cmpstr (whence_network_card_get_address (card), ==, origin->ip);
  g_assert_nonnull (strstr (whence_network_card_get_text (card), origin->ip));
  g_assert_nonnull (strstr (whence_network_card_get_text (card), "never leaves this computer"));

  /* Report It… carries the email's index for the wizard. */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (report)), ==, "win.report");
  target = g_variant_ref_sink (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (report)));
  g_assert_cmpuint (g_variant_get_uint32 (target), ==, 7);

  g_assert_finalize_object (page);
}

/* A long chain the sender could have written is folded to its newest step,
 * behind one row that opens it; the full warning sits on the step shown. */
static void
test_collapse_unverified (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "corpus", "spamscope-0003.eml", NULL);
  g_autoptr(WhenceMessage) message = NULL;
  g_autoptr(WhenceTrace) trace = NULL;
  WhenceResultPage *page;
  WhenceJourneyView *journey;
  GtkListBoxRow *toggle;
  guint n_unverified = 0;
  guint n_hops;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("tests/data/corpus/spamscope-0003.eml is missing");
      return;
    }

  message = load_first (path);
  trace = trace_of (message);
  page = new_page (message, trace);
  journey = whence_result_page_get_journey (page);
  n_hops = whence_trace_get_n_hops (trace);
  for (guint i = 0; i < n_hops; i++)
    n_unverified += whence_trace_get_hop (trace, i)->trust == WHENCE_TRUST_UNVERIFIED;
  g_assert_cmpuint (n_unverified, >, 2);

  g_assert_cmpuint (whence_journey_view_get_n_collapsed (journey), ==, n_unverified - 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (whence_journey_view_get_hop_row (journey, 0))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (whence_journey_view_get_hop_row (journey, n_unverified - 1))));
  g_assert_nonnull (strstr (whence_hop_row_get_note (whence_journey_view_get_hop_row (journey, n_unverified - 1)),
                            "the sender could have written anything"));
  g_assert_cmpstr (whence_hop_row_get_note (whence_journey_view_get_hop_row (journey, 0)), ==, "Could be made up.");

  /* The fold is a row of the list: activating it shows every step. */
  toggle = gtk_list_box_get_row_at_index (whence_journey_view_get_list (journey), 0);
  g_assert_false (WHENCE_IS_HOP_ROW (toggle));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (toggle), "earlier steps"));
  g_signal_emit_by_name (whence_journey_view_get_list (journey), "row-activated", toggle);
  g_assert_cmpuint (whence_journey_view_get_n_collapsed (journey), ==, 0);
  for (guint i = 0; i < n_hops; i++)
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (whence_journey_view_get_hop_row (journey, i))));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (toggle), "Hide"));

  g_assert_finalize_object (page);
}

static void
test_no_received (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceMessage) message =
    whence_message_new_from_headers ("From: someone@example.org\nSubject: no stamps\n\n", &error);
  g_autoptr(WhenceTrace) trace = NULL;
  WhenceResultPage *page;
  WhenceJourneyView *journey;

  g_assert_no_error (error);
  trace = trace_of (message);
  page = new_page (message, trace);
  journey = whence_result_page_get_journey (page);

  g_assert_cmpuint (whence_trace_get_n_hops (trace), ==, 0);
  g_assert_cmpuint (whence_journey_view_get_n_hop_rows (journey), ==, 0);
  /* No "Your mailbox" row either: the placeholder explains instead. */
  g_assert_null (gtk_list_box_get_row_at_index (whence_journey_view_get_list (journey), 0));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (page), "no delivery stamps"));
  g_assert_cmpuint (strlen (whence_result_page_get_headline (page)), >, 10);
  g_assert_cmpint (whence_network_card_get_state (whence_result_page_get_network_card (page)), ==,
                   WHENCE_NETWORK_CARD_NO_ADDRESS);

  g_assert_finalize_object (page);
}

static void
test_delay_words (void)
{
  static const struct { gint64 delay; const char *words; } cases[] = {
    { 0, "in the same second" },
    { 1, "1 second later" },
    { 3, "3 seconds later" },
    { 120, "2 minutes later" },
    { 3 * 3600, "about 3 hours later" },
    { 3 * 86400, "about 3 days later" },
    { -120, "This server’s clock was 2 minutes off, so its time is not exact." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = whence_format_delay (cases[i].delay);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_place_names (void)
{
  static const struct { const char *host; const char *ip; const char *name; } cases[] = {
    { "dsl-203-0-113-77.dyn.example-telecom.es", "203.0.113.77", "example-telecom.es" },
    { "mail-lj1-f230.google.com", "209.85.208.230", "google.com" },
    /* A rented cloud server reads as its cloud, not as its machine name. */
    { "ec2-3-8-5-225.eu-west-2.compute.amazonaws.com", "3.8.5.225", "amazonaws.com" },
    { "infracc24.ddns.net", NULL, "ddns.net" },
    { "smtp.example.co.uk", NULL, "example.co.uk" },
    { "[9.211.88.109]", "9.211.88.109", "9.211.88.109" },
    { "[192.0.2.1]", NULL, "192.0.2.1" },
    { "hjkp", "192.0.2.10", "hjkp" },
    { "", "192.0.2.10", "192.0.2.10" },
    { NULL, NULL, "a computer with no name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = whence_place_name (cases[i].host, cases[i].ip);
      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

/* A hand-built hop whose clock ran behind: the row says so honestly. */
static void
test_hop_row_skew (void)
{
  WhenceReceived received = {
    .raw = (char *) "from a.example.com (a.example.com [192.0.2.1]) by mx.example.net",
    .relay = TRUE, .parsed = TRUE,
    .ip = (char *) "192.0.2.1", .rdns = (char *) "a.example.com", .helo = (char *) "",
    .by = (char *) "mx.example.net", .ident = (char *) "", .envfrom = (char *) "",
    .id = (char *) "", .auth = (char *) "", .with = (char *) "SMTP", .for_ = (char *) "",
    .has_date = TRUE, .date = 1780000000,
  };
  WhenceHop hop = { .index = 1, .received = &received, .trust = WHENCE_TRUST_RECIPIENT,
                    .has_delay = TRUE, .delay_s = -125 };
  GtkWidget *row = g_object_ref_sink (whence_hop_row_new (&hop, 2, 3, FALSE));
  g_autofree char *description = whence_hop_row_dup_description (WHENCE_HOP_ROW (row));

  g_assert_cmpstr (whence_hop_row_get_title (WHENCE_HOP_ROW (row)), ==, "From example.com to example.net");
  g_assert_nonnull (strstr (description, "clock was 2 minutes off"));
  g_assert_nonnull (strstr (description, "a.example.com (192.0.2.1) → mx.example.net"));
  /* A negative delay is never shown as "later". */
  g_assert_null (strstr (whence_hop_row_get_time_text (WHENCE_HOP_ROW (row)), "later"));

  g_assert_finalize_object (row);
}

static void
on_lookup_requested (WhenceNetworkCard *card,
                     const char        *ip,
                     char             **seen)
{
  g_free (*seen);
  *seen = g_strdup (ip);
}

static void
test_network_card (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.whence.Whence");
  WhenceNetworkCard *card;
  g_autofree char *seen = NULL;
  g_autofree char *spain = whence_country_name ("es");

  g_settings_set_string (settings, "online-lookups", "ask");
  card = g_object_ref_sink (WHENCE_NETWORK_CARD (whence_network_card_new ()));
  g_signal_connect (card, "lookup-requested", G_CALLBACK (on_lookup_requested), &seen);

  whence_network_card_set_address (card, "203.0.113.5");
  g_assert_cmpint (whence_network_card_get_state (card), ==, WHENCE_NETWORK_CARD_ASK);
  g_assert_nonnull (strstr (whence_network_card_get_text (card),
                            "Only its internet address, 203.0.113.5, is sent"));
  g_assert_null (seen);

  /* "Look Up": working, and the owner is asked for exactly that address. */
  whence_network_card_request (card);
  g_assert_cmpint (whence_network_card_get_state (card), ==, WHENCE_NETWORK_CARD_WORKING);
  g_assert_cmpstr (seen, ==, "203.0.113.5");

  whence_network_card_set_failed (card, "This computer is not connected to the internet.");
  g_assert_cmpint (whence_network_card_get_state (card), ==, WHENCE_NETWORK_CARD_FAILED);
  g_assert_nonnull (strstr (whence_network_card_get_text (card), "not connected"));

  whence_network_card_set_result (card, "Example Telecom", "ES", "abuse@example-telecom.es",
                                  "Looked up just now");
  g_assert_cmpint (whence_network_card_get_state (card), ==, WHENCE_NETWORK_CARD_DONE);
  g_assert_cmpstr (whence_network_card_get_text (card), ==, "Example Telecom");
  g_assert_nonnull (find_label_containing (GTK_WIDGET (card), "abuse@example-telecom.es"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (card), spain));

  /* "never": nothing is asked and nothing is sent. */
  g_clear_pointer (&seen, g_free);
  g_settings_set_string (settings, "online-lookups", "never");
  whence_network_card_set_address (card, "198.51.100.9");
  g_assert_cmpint (whence_network_card_get_state (card), ==, WHENCE_NETWORK_CARD_NEVER);
  g_assert_nonnull (strstr (whence_network_card_get_text (card), "Nothing was sent"));
  g_assert_null (seen);

  /* "always": looked up straight away. */
  g_settings_set_string (settings, "online-lookups", "always");
  whence_network_card_set_address (card, "198.51.100.9");
  g_assert_cmpint (whence_network_card_get_state (card), ==, WHENCE_NETWORK_CARD_WORKING);
  g_assert_cmpstr (seen, ==, "198.51.100.9");

  g_settings_reset (settings, "online-lookups");
  g_assert_finalize_object (card);
}

static void
test_country_names (void)
{
  g_autofree char *es = whence_country_name ("ES");
  g_autofree char *us = whence_country_name ("us");
  g_autofree char *unknown = whence_country_name ("zz");

  g_assert_null (whence_country_name (""));
  g_assert_cmpstr (unknown, ==, "ZZ");
  if (g_file_test ("/usr/share/iso-codes/json/iso_3166-1.json", G_FILE_TEST_EXISTS))
    {
      g_assert_cmpstr (es, ==, "Spain");
      g_assert_cmpstr (us, ==, "United States");
    }
  else
    g_assert_cmpstr (es, ==, "ES");
}

static void
on_message_activated (WhenceBatchPage *page,
                      guint            index,
                      guint           *seen)
{
  *seen = index;
}

/* Many emails: grouped by the computer that sent them, counted right. */
static void
test_batch (void)
{
  g_autofree char *mbox = g_test_build_filename (G_TEST_DIST, "data", "load", "three.mbox", NULL);
  g_autofree char *klez = g_test_build_filename (G_TEST_DIST, "data", "load", "klez-style-sample.eml", NULL);
  const char *paths[] = { klez, mbox, klez };
  WhenceBatchPage *page = g_object_ref_sink (WHENCE_BATCH_PAGE (whence_batch_page_new ()));
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  guint index = 0;
  guint seen = G_MAXUINT;
  guint sum = 0;
  GtkWidget *row;

  g_signal_connect (page, "message-activated", G_CALLBACK (on_message_activated), &seen);

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      g_autoptr(GPtrArray) messages = whence_message_load_path (paths[p], NULL, NULL);

      g_assert_nonnull (messages);
      for (guint m = 0; m < messages->len; m++)
        {
          g_autoptr(WhenceTrace) trace = trace_of (g_ptr_array_index (messages, m));
          const WhenceOrigin *origin = whence_trace_get_origin (trace);
          const char *key = origin != NULL ? origin->ip : "";

          g_hash_table_insert (expected, g_strdup (key),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected, key)) + 1));
          g_ptr_array_add (keys, g_strdup (key));
          whence_batch_page_add (page, g_ptr_array_index (messages, m), trace, index++);
        }
    }

  g_assert_cmpuint (whence_batch_page_get_n_messages (page), ==, index);
  g_assert_cmpuint (whence_batch_page_get_n_groups (page), ==, g_hash_table_size (expected));
  for (guint g = 0; g < whence_batch_page_get_n_groups (page); g++)
    sum += whence_batch_page_get_group_size (page, g);
  g_assert_cmpuint (sum, ==, index);
  /* The two copies of the Klez sample came from one computer. */
  g_assert_cmpuint (whence_batch_page_get_group_size (page, 0), ==, 2);
  g_assert_nonnull (strstr (whence_batch_page_get_title (page), "emails"));

  /* The Klez copies (first and last) became a group to open; an email
   * alone from its computer is one row that opens it directly. */
  g_assert_nonnull (gtk_widget_get_ancestor (whence_batch_page_get_message_row (page, 0),
                                             ADW_TYPE_EXPANDER_ROW));
  for (guint i = 0; i < index; i++)
    {
      GtkWidget *message_row = whence_batch_page_get_message_row (page, i);
      guint alone = GPOINTER_TO_UINT (g_hash_table_lookup (expected, g_ptr_array_index (keys, i))) == 1;

      g_assert_nonnull (message_row);
      g_assert_true ((gtk_widget_get_ancestor (message_row, ADW_TYPE_EXPANDER_ROW) == NULL) == alone);
    }

  row = whence_batch_page_get_message_row (page, index - 1);
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activated");
  g_assert_cmpuint (seen, ==, index - 1);

  whence_batch_page_clear (page);
  g_assert_cmpuint (whence_batch_page_get_n_groups (page), ==, 0);
  g_assert_null (whence_batch_page_get_message_row (page, 0));

  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  if (!whence_test_init_display (&argc, &argv))
    return 0;
  whence_core_init ();

  g_test_add_func ("/result-page/fixtures", test_fixtures);
  g_test_add_func ("/result-page/klez", test_klez);
  g_test_add_func ("/result-page/no-received", test_no_received);
  g_test_add_func ("/result-page/collapse-unverified", test_collapse_unverified);
  g_test_add_func ("/result-page/copy-trace", test_copy_trace);
  g_test_add_func ("/result-page/scam", test_scam);
  g_test_add_func ("/result-page/delay-words", test_delay_words);
  g_test_add_func ("/result-page/place-names", test_place_names);
  g_test_add_func ("/result-page/hop-row-skew", test_hop_row_skew);
  g_test_add_func ("/result-page/network-card", test_network_card);
  g_test_add_func ("/result-page/country-names", test_country_names);
  g_test_add_func ("/result-page/batch", test_batch);

  return g_test_run ();
}
