/* test-wizard.c
 *
 * The report wizard walked as five people would: a US victim of a worm, a UK
 * victim who lost money, a German victim who was threatened, someone who gets
 * the same worm every day (in the US, money lost), and someone who declined
 * the look-ups. Each asserts the steps shown, in order, the places offered,
 * that nothing was opened or sent without a button press, and that the case
 * was saved. "Send With My Email App" is checked through a stand-in for the
 * desktop's Email portal (tests/mock-email-portal.c), and without one. With
 * WHENCE_SCREENSHOT_DIR set, every step is saved as a PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "whence-arf.h"
#include "whence-cases-view.h"
#include "whence-contacts.h"
#include "whence-result-page.h"
#include "whence-window-private.h"
#include "whence-wizard-window.h"
#include "whence-wizard.h"
#include "whence-wizard-private.h"
#include "whence-test-widgets.h"
#include "whence-test-util.h"
#include "mock-email-portal.h"

typedef struct
{
  GPtrArray *launched;   /* "what uri" */
} Launches;

static gboolean
record_launch (WhenceWizard *wizard,
               const char   *what,
               const char   *uri,
               gpointer      user_data)
{
  Launches *launches = user_data;

  g_ptr_array_add (launches->launched, g_strdup_printf ("%s %s", what, uri));
  return TRUE;
}

static WhenceMessage *
load_message (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analysis", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, >, 0);
  return g_object_ref (g_ptr_array_index (messages, 0));
}

/* The same email with another subject: a new email from the same computer. */
static WhenceMessage *
load_variant (const char *name,
              const char *subject)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analysis", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^Subject:.*$", G_REGEX_MULTILINE | G_REGEX_CASELESS, 0, NULL);
  g_autofree char *replacement = g_strdup_printf ("Subject: %s\r", subject);
  g_autofree char *changed = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  changed = g_regex_replace (regex, text, length, 0, replacement, G_REGEX_MATCH_NOTEMPTY, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new (changed, strlen (changed));
  messages = whence_message_load_bytes (bytes, "variant.eml", &error);
  g_assert_no_error (error);
  return g_object_ref (g_ptr_array_index (messages, 0));
}

static WhenceLookupResult *
lookup_result_for (const char *ip)
{
  g_autofree char *json = g_strdup_printf (
    "{\"ip\": \"%s\", \"error\": null, \"rdns\": \"host.example.net\", \"rdns_verified\": true,"
    " \"registry\": \"arin\", \"name\": \"EXAMPLE-NET\", \"handle\": \"NET-1\", \"range\": \"%s/24\","
    " \"country\": \"US\", \"organisation\": \"Example Networks\", \"origin_as\": 64500,"
    " \"abuse_contacts\": [{\"address\": \"abuse@example.net\", \"source\": \"rdap\", \"role\": \"abuse\"}],"
    " \"escalation\": [{\"step\": 1, \"who\": \"The network's abuse desk\", \"address\": \"abuse@example.net\", \"source\": \"rdap\"},"
    "                  {\"step\": 2, \"who\": \"The regional registry\", \"address\": \"https://www.arin.net/\", \"source\": \"registry\"}],"
    " \"from_cache\": false, \"fetched\": null}", ip, ip);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  WhenceLookupResult *result = whence_lookup_result_new_from_json (node, &error);

  g_assert_no_error (error);
  return result;
}

static char *
make_store_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("whence-wizard-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static WhenceWizard *
new_wizard (WhenceMessage   *message,
            WhenceCaseStore *store,
            Launches        *launches)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceTrace) trace = whence_trace_new (message, NULL, &error);
  WhenceWizard *wizard;
  const char *height = g_getenv ("WHENCE_SCREENSHOT_HEIGHT");

  g_assert_no_error (error);
  wizard = whence_wizard_new (NULL, message, trace, store);
  whence_wizard_set_launch_func (wizard, record_launch, launches);
  if (height != NULL)
    gtk_window_set_default_size (GTK_WINDOW (wizard), 640, atoi (height));
  gtk_window_present (GTK_WINDOW (wizard));
  g_object_ref (wizard);
  return wizard;
}

static void
finish_wizard (WhenceWizard *wizard)
{
  gtk_window_destroy (GTK_WINDOW (wizard));
  g_assert_finalize_object (wizard);
}

/* Walks to the end, checking titles and the "Step n of m" subtitle. */
static GPtrArray *
walk (WhenceWizard *wizard,
      const char   *scenario)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  guint n = whence_wizard_get_n_steps (wizard);

  while (TRUE)
    {
      guint position = whence_wizard_get_position (wizard);
      WhenceStep *step = whence_wizard_get_step (wizard, position);
      g_autofree char *subtitle = g_strdup_printf ("Step %u of %u", position + 1, n);
      g_autofree char *shot = g_strdup_printf ("%s-%u-%s.png", scenario, position + 1, step->id);

      g_assert_cmpstr (whence_wizard_get_subtitle (wizard), ==, subtitle);
      g_assert_nonnull (whence_wizard_get_page (wizard, step->id));
      g_ptr_array_add (ids, g_strdup (step->id));
      whence_test_screenshot (GTK_WIDGET (wizard), shot);
      if (position + 1 == n)
        break;
      g_assert_true (whence_wizard_go_next (wizard));
      g_assert_cmpuint (whence_wizard_get_position (wizard), ==, position + 1);
    }
  g_ptr_array_add (ids, NULL);
  return ids;
}

static void
assert_steps (GPtrArray  *ids,
              const char *expected)
{
  g_autofree char *joined = g_strjoinv (" ", (char **) ids->pdata);

  g_assert_cmpstr (joined, ==, expected);
}

static WhenceStep *
find_step (WhenceWizard *wizard,
           const char   *id)
{
  for (guint i = 0; i < whence_wizard_get_n_steps (wizard); i++)
    if (g_str_equal (whence_wizard_get_step (wizard, i)->id, id))
      return whence_wizard_get_step (wizard, i);
  return NULL;
}

static gboolean
step_has_contact (WhenceStep *step,
                  const char *id)
{
  for (guint i = 0; i < step->contacts->len; i++)
    if (g_str_equal (((WhenceAgency *) g_ptr_array_index (step->contacts, i))->id, id))
      return TRUE;
  return FALSE;
}

static gboolean
step_has_not_here (WhenceStep *step,
                   const char *id)
{
  for (guint i = 0; i < step->not_here->len; i++)
    if (g_str_equal (((WhenceAgency *) g_ptr_array_index (step->not_here, i))->id, id))
      return TRUE;
  return FALSE;
}

/* Finds a descendant widget by name (contact groups are named by id). */
static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static WhenceCase *
only_case (WhenceCaseStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = whence_case_store_list_cases (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);
  return whence_case_ref (g_ptr_array_index (cases, 0));
}

/* Runs the main loop until @done says so; fails after ten seconds. */
static void
spin_until (gboolean (*done) (gpointer data),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
launched_once (gpointer data)
{
  return ((Launches *) data)->launched->len >= 1;
}

static gboolean
sensitive_again (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static gboolean
report_recorded (gpointer data)
{
  g_autoptr(WhenceCase) saved = only_case (data);

  return saved->reports->len >= 1;
}

static WhenceCaseStore *
open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  WhenceCaseStore *store = whence_case_store_open (dir, &error);

  g_assert_no_error (error);
  return store;
}

/* A wizard open on one fixture email, with its own case folder, and the
 * links and emails it asked to open recorded instead of opened. */
typedef struct
{
  char            *dir;
  WhenceCaseStore *store;
  WhenceMessage   *message;
  Launches         launches;
  WhenceWizard    *wizard;
} Opened;

static void
open_wizard (Opened     *o,
             const char *fixture)
{
  o->dir = make_store_dir ();
  o->store = open_store (o->dir);
  o->message = load_message (fixture);
  o->launches.launched = g_ptr_array_new_with_free_func (g_free);
  o->wizard = new_wizard (o->message, o->store, &o->launches);
}

static void
close_wizard (Opened *o)
{
  finish_wizard (o->wizard);
  g_ptr_array_unref (o->launches.launched);
  whence_test_remove_tree (o->dir);
  g_clear_object (&o->store);
  g_clear_object (&o->message);
  g_clear_pointer (&o->dir, g_free);
}

static void
test_us_worm (void)
{
  Opened o;
  g_autoptr(WhenceLookupResult) result = NULL;
  g_autoptr(WhenceCase) saved = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  WhenceStep *experts;
  GtkWidget *send;
  g_autofree char *arf = NULL;

  open_wizard (&o, "klez-h.eml");

  /* Saved the moment the wizard opened: closing half way loses nothing. */
  g_assert_cmpint (whence_wizard_get_case_id (o.wizard), >, 0);
  g_assert_null (whence_wizard_get_repeat_text (o.wizard));

  g_assert_cmpuint (whence_wizard_get_position (o.wizard), ==, 0);
  g_assert_cmpstr (whence_wizard_get_step (o.wizard, 0)->id, ==, "stay-safe");
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (o.wizard, "stay-safe"),
                                                 "attachment"));
  whence_wizard_set_answers (o.wizard, "US", "TX", WHENCE_SITUATION_ONLY_EMAIL);

  /* What the result page's look-up found, with an abuse desk. */
  {
    g_autoptr(WhenceTrace) trace = whence_trace_new (o.message, NULL, NULL);
    const WhenceOrigin *origin = whence_trace_get_origin (trace);

    result = lookup_result_for (origin != NULL ? origin->ip : "192.0.2.1");
  }
  whence_wizard_set_lookup_result (o.wizard, result);
  g_assert_cmpstr (whence_wizard_get_abuse_address (o.wizard), ==, "abuse@example.net");
  arf = g_strndup (g_bytes_get_data (whence_wizard_get_arf (o.wizard), NULL),
                   g_bytes_get_size (whence_wizard_get_arf (o.wizard)));
  g_assert_nonnull (strstr (arf, "To: abuse@example.net"));
  g_assert_nonnull (strstr (arf, "report-type=feedback-report"));
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (o.wizard, "network"),
                                                 "The regional registry"));

  ids = walk (o.wizard, "us-worm");
  /* Only got the email: no crime step. */
  assert_steps (ids, "stay-safe where network experts done");
  experts = find_step (o.wizard, "experts");
  g_assert_true (step_has_contact (experts, "cisa"));
  g_assert_true (step_has_not_here (experts, "cert-cc"));
  g_assert_nonnull (find_named (whence_wizard_get_page (o.wizard, "experts"), "cisa"));
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (o.wizard, "experts"),
                                                 "confirm on the official site"));

  /* Walking every step opened and sent nothing. */
  g_assert_cmpuint (o.launches.launched->len, ==, 0);
  saved = only_case (o.store);
  g_assert_cmpstr (saved->country, ==, "US");
  g_assert_cmpstr (saved->situation, ==, "only-email");
  g_assert_cmpuint (saved->emails->len, ==, 1);
  {
    g_autoptr(WhenceCase) reopened = whence_case_store_get_case (o.store, whence_wizard_get_case_id (o.wizard), NULL);

    /* The original is kept untouched under its SHA-256. */
    g_assert_true (((WhenceCaseEmail *) g_ptr_array_index (reopened->emails, 0))->intact);
  }
  g_assert_nonnull (saved->lookups_json);
  g_assert_cmpuint (saved->reports->len, ==, 0);
  g_clear_pointer (&saved, whence_case_unref);

  /* In a short window the page scrolls; the report itself stays readable
   * (it used to be squeezed to two lines). */
  {
    GtkWidget *preview = find_named (whence_wizard_get_page (o.wizard, "network"), "report-preview");
    int minimum = 0;

    g_assert_nonnull (preview);
    gtk_widget_measure (preview, GTK_ORIENTATION_VERTICAL, 600, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, >=, 150);
  }

  /* Pressing Send hands the report to the email app, and only then. */
  send = find_named (whence_wizard_get_page (o.wizard, "network"), "send");
  g_assert_nonnull (send);
  g_signal_emit_by_name (send, "clicked");
  /* No Email portal on the test's bus: the text goes by a mailto: link. */
  spin_until (launched_once, &o.launches);
  g_assert_cmpuint (o.launches.launched->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (o.launches.launched, 0), "email mailto:abuse@example.net?"));
  saved = only_case (o.store);
  g_assert_cmpuint (saved->reports->len, ==, 1);
  g_assert_cmpstr (((WhenceCaseReport *) g_ptr_array_index (saved->reports, 0))->recipient, ==,
                   "abuse@example.net");
  g_assert_cmpstr (((WhenceCaseReport *) g_ptr_array_index (saved->reports, 0))->method, ==,
                   "email app, text only");

  /* The last page, shown again, lists it and the follow-up. */
  g_assert_true (whence_wizard_go_back (o.wizard));
  g_assert_true (whence_wizard_go_next (o.wizard));
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (o.wizard, "done"),
                                                 "abuse@example.net"));
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (o.wizard, "done"),
                                                 "remind you in 14 days"));
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (o.wizard, "done"),
                                                 "shows the next place to try"));

  close_wizard (&o);
}

static void
test_uk_lost_money (void)
{
  Opened o;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(WhenceCase) saved = NULL;
  WhenceStep *crime;
  GtkWidget *group;
  GtkWidget *open;

  open_wizard (&o, "phishing.eml");

  whence_wizard_set_answers (o.wizard, "GB", NULL, WHENCE_SITUATION_LOST_MONEY_OR_DATA);
  ids = walk (o.wizard, "uk-lost-money");
  assert_steps (ids, "stay-safe where network experts crime done");

  g_assert_true (step_has_contact (find_step (o.wizard, "experts"), "gb-csirt"));
  crime = find_step (o.wizard, "crime");
  g_assert_true (step_has_contact (crime, "gb-report-1"));   /* Report Fraud */
  g_assert_false (step_has_contact (crime, "ic3"));
  g_assert_true (step_has_not_here (crime, "interpol"));
  g_assert_cmpint (crime->summary, ==, WHENCE_STEP_SUMMARY_POLICE);
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (o.wizard, "crime"),
                                                 "INTERPOL"));
  g_assert_cmpuint (o.launches.launched->len, ==, 0);

  /* A link opens only when its button is pressed. */
  group = find_named (whence_wizard_get_page (o.wizard, "crime"), "gb-report-1");
  g_assert_nonnull (group);
  open = whence_test_find_button (group, "_Open");
  g_assert_nonnull (open);
  g_signal_emit_by_name (open, "clicked");
  g_assert_cmpuint (o.launches.launched->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (o.launches.launched, 0), ==, "link https://www.reportfraud.police.uk/");

  saved = only_case (o.store);
  g_assert_cmpstr (saved->country, ==, "GB");
  g_assert_cmpstr (saved->situation, ==, "lost-money-or-data");

  close_wizard (&o);
}

static void
test_german (void)
{
  Opened o;
  g_autoptr(GPtrArray) ids = NULL;
  WhenceStep *crime;

  open_wizard (&o, "mydoom.eml");

  whence_wizard_set_answers (o.wizard, "DE", NULL, WHENCE_SITUATION_THREATENED);
  ids = walk (o.wizard, "germany");
  assert_steps (ids, "stay-safe where network experts crime done");
  g_assert_true (step_has_contact (find_step (o.wizard, "experts"), "de-csirt"));
  crime = find_step (o.wizard, "crime");
  g_assert_true (step_has_not_here (crime, "interpol"));
  g_assert_true (step_has_contact (crime, "europol"));
  /* The state police pages are not confirmed: they must say so. */
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (o.wizard, "crime"),
                                                 "Not confirmed"));
  g_assert_cmpuint (o.launches.launched->len, ==, 0);

  /* Changing the answer back to "only the email" drops the crime step. */
  whence_wizard_set_answers (o.wizard, "DE", NULL, WHENCE_SITUATION_ONLY_EMAIL);
  g_assert_null (find_step (o.wizard, "crime"));
  g_assert_null (whence_wizard_get_page (o.wizard, "crime"));
  g_assert_cmpuint (whence_wizard_get_n_steps (o.wizard), ==, 5);

  close_wizard (&o);
}

static void
test_daily_repeat (void)
{
  g_autofree char *dir = make_store_dir ();
  g_autoptr(WhenceCaseStore) store = open_store (dir);
  g_autoptr(WhenceMessage) first = load_message ("sobig.eml");
  g_autoptr(WhenceMessage) second = load_variant ("sobig.eml", "Re: Your details (again)");
  Launches launches = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) offices = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  WhenceWizard *wizard;
  WhenceStep *crime;

  wizard = new_wizard (first, store, &launches);
  g_assert_null (whence_wizard_get_repeat_text (wizard));
  finish_wizard (wizard);

  /* The next day, the same computer again. */
  wizard = new_wizard (second, store, &launches);
  g_assert_nonnull (whence_wizard_get_repeat_text (wizard));
  g_assert_nonnull (strstr (whence_wizard_get_repeat_text (wizard), "2 emails"));
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (wizard, "where"),
                                                 "2 emails"));

  whence_wizard_set_answers (wizard, "US", "NY", WHENCE_SITUATION_LOST_MONEY_OR_DATA);
  ids = walk (wizard, "daily-repeat");
  assert_steps (ids, "stay-safe where network experts crime done");
  crime = find_step (wizard, "crime");
  g_assert_true (step_has_contact (crime, "ic3"));
  g_assert_cmpint (crime->summary, ==, WHENCE_STEP_SUMMARY_IC3);
  offices = whence_contacts_find_field_offices ("NY");
  g_assert_cmpuint (offices->len, >, 0);
  for (guint i = 0; i < offices->len; i++)
    {
      WhenceAgency *office = g_ptr_array_index (offices, i);

      g_assert_true (step_has_contact (crime, office->id));
      g_assert_nonnull (find_named (whence_wizard_get_page (wizard, "crime"), office->id));
    }
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (wizard, "crime"), "IFCC"));
  g_assert_cmpuint (launches.launched->len, ==, 0);

  cases = whence_case_store_list_cases (store, NULL);
  g_assert_cmpuint (cases->len, ==, 2);

  finish_wizard (wizard);
  g_ptr_array_unref (launches.launched);
  whence_test_remove_tree (dir);
}

static void
check_portal_call (const MockEmailCall *seen,
                   const char          *ip,
                   GBytes              *arf)
{
  g_assert_nonnull (seen->addresses);
  g_assert_cmpstr (seen->addresses[0], ==, "abuse@example.net");
  g_assert_null (seen->addresses[1]);
  g_assert_nonnull (strstr (seen->subject, ip));
  g_assert_nonnull (strstr (seen->body, ip));
  g_assert_cmpuint (seen->attachments->len, ==, 1);
  g_assert_true (g_bytes_equal (g_ptr_array_index (seen->attachments, 0), arf));
}

/* "Send With My Email App" through the desktop's Email portal: the report
 * goes as an attachment, byte for byte, to the abuse desk's address. When
 * the portal fails, or the report cannot be written to a file for it, the
 * text still goes by a mailto: link. When the person closes the email app's
 * window (response 1), nothing is recorded as sent. */
static void
send_through_portal (guint    response,
                     gboolean unwritable)
{
  g_autofree char *reports = g_build_filename (g_get_user_cache_dir (), "whence", "reports", NULL);
  gboolean cancelled = response == 1 && !unwritable;
  gboolean text_only = (response != 0 && !cancelled) || unwritable;
  Opened o;
  g_autoptr(WhenceLookupResult) result = NULL;
  g_autoptr(WhenceCase) saved = NULL;
  g_autoptr(MockEmailCall) seen = NULL;
  MockEmailPortal *portal = mock_email_portal_start (response);
  const char *ip;
  GtkWidget *send;

  open_wizard (&o, "klez-h.eml");

  whence_wizard_set_answers (o.wizard, "US", "TX", WHENCE_SITUATION_ONLY_EMAIL);
  {
    g_autoptr(WhenceTrace) trace = whence_trace_new (o.message, NULL, NULL);
    const WhenceOrigin *origin = whence_trace_get_origin (trace);

    g_assert_nonnull (origin);
    result = lookup_result_for (origin->ip);
  }
  ip = whence_lookup_result_get_ip (result);
  whence_wizard_set_lookup_result (o.wizard, result);

  /* Opening the wizard and reaching the step sends nothing. */
  while (!g_str_equal (whence_wizard_get_step (o.wizard, whence_wizard_get_position (o.wizard))->id, "network"))
    g_assert_true (whence_wizard_go_next (o.wizard));
  seen = mock_email_portal_dup_calls (portal);
  g_assert_cmpuint (seen->calls, ==, 0);
  g_clear_pointer (&seen, mock_email_call_free);

  send = find_named (whence_wizard_get_page (o.wizard, "network"), "send");
  g_assert_nonnull (send);
  if (unwritable)
    {
      /* A file where the folder for the report should be. */
      g_autofree char *parent = g_path_get_dirname (reports);

      whence_test_remove_tree (reports);
      g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
      g_assert_true (g_file_set_contents (reports, "", 0, NULL));
    }
  g_signal_emit_by_name (send, "clicked");
  /* A second press while the portal answers opens no second email. */
  g_assert_false (gtk_widget_get_sensitive (send));
  g_signal_emit_by_name (send, "clicked");

  if (cancelled)
    spin_until (sensitive_again, send);
  else if (text_only)
    spin_until (launched_once, &o.launches);
  else
    spin_until (report_recorded, o.store);

  seen = mock_email_portal_dup_calls (portal);
  g_assert_true (gtk_widget_get_sensitive (send));
  saved = only_case (o.store);
  if (cancelled)
    {
      /* Closed in the email app: nothing recorded, nothing else opened. */
      g_assert_cmpuint (saved->reports->len, ==, 0);
      g_assert_cmpuint (o.launches.launched->len, ==, 0);
    }
  else if (text_only)
    {
      g_assert_cmpuint (saved->reports->len, ==, 1);
      g_assert_cmpuint (o.launches.launched->len, ==, 1);
      g_assert_true (g_str_has_prefix (g_ptr_array_index (o.launches.launched, 0), "email mailto:abuse@example.net?"));
      g_assert_cmpstr (((WhenceCaseReport *) g_ptr_array_index (saved->reports, 0))->method, ==,
                       "email app, text only");
    }
  else
    {
      g_assert_cmpuint (saved->reports->len, ==, 1);
      g_assert_cmpuint (o.launches.launched->len, ==, 0);
      g_assert_cmpstr (((WhenceCaseReport *) g_ptr_array_index (saved->reports, 0))->method, ==, "email app");
    }

  if (unwritable)
    {
      /* Nothing reached the portal without its attachment. */
      g_assert_cmpuint (seen->calls, ==, 0);
      g_assert_cmpint (g_unlink (reports), ==, 0);
    }
  else
    {
      g_assert_cmpuint (seen->calls, ==, 1);
      check_portal_call (seen, ip, whence_wizard_get_arf (o.wizard));
    }

  mock_email_portal_stop (portal);
  close_wizard (&o);
}

static void
test_email_portal (void)
{
  send_through_portal (0, FALSE);
}

static void
test_email_portal_failed (void)
{
  send_through_portal (2, FALSE);
}

static void
test_email_portal_cancelled (void)
{
  send_through_portal (1, FALSE);
}

static void
test_email_report_unwritable (void)
{
  send_through_portal (0, TRUE);
}

static void
test_lookups_declined (void)
{
  g_autofree char *dir = make_store_dir ();
  g_autoptr(WhenceCaseStore) store = open_store (dir);
  g_autoptr(WhenceMessage) message = load_message ("klez-h.eml");
  g_autoptr(GSettings) settings = g_settings_new ("io.github.whence.Whence");
  Launches launches = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(WhenceCase) saved = NULL;
  WhenceWizard *wizard;
  WhenceNetworkCard *card;
  g_autofree char *arf = NULL;

  g_settings_set_string (settings, "online-lookups", "never");
  wizard = new_wizard (message, store, &launches);
  whence_wizard_set_answers (wizard, "FR", NULL, WHENCE_SITUATION_ONLY_EMAIL);

  card = _whence_wizard_get_network_card (wizard);
  g_assert_cmpint (whence_network_card_get_state (card), ==, WHENCE_NETWORK_CARD_NEVER);
  g_assert_null (whence_wizard_get_abuse_address (wizard));
  /* Says what is missing, and the report can still be saved. */
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (wizard, "network"),
                                                 "needs the look-up"));
  arf = g_strndup (g_bytes_get_data (whence_wizard_get_arf (wizard), NULL),
                   g_bytes_get_size (whence_wizard_get_arf (wizard)));
  g_assert_null (strstr (arf, "abuse@"));

  ids = walk (wizard, "lookups-declined");
  assert_steps (ids, "stay-safe where network experts done");
  g_assert_true (step_has_contact (find_step (wizard, "experts"), "fr-csirt"));
  g_assert_cmpuint (launches.launched->len, ==, 0);
  g_assert_true (whence_test_any_label_contains (whence_wizard_get_page (wizard, "done"),
                                                 "not sent a report yet"));
  /* No report, so no promise of a reminder about one. */
  g_assert_false (whence_test_any_label_contains (whence_wizard_get_page (wizard, "done"),
                                                  "remind you"));

  saved = only_case (store);
  g_assert_null (saved->lookups_json);

  finish_wizard (wizard);
  g_settings_reset (settings, "online-lookups");
  g_ptr_array_unref (launches.launched);
  whence_test_remove_tree (dir);

  /* "Ask" shows the question; nothing is looked up before the answer. */
  {
    g_autofree char *dir2 = make_store_dir ();
    g_autoptr(WhenceCaseStore) store2 = open_store (dir2);

    wizard = new_wizard (message, store2, &launches);
    g_assert_cmpint (whence_network_card_get_state (_whence_wizard_get_network_card (wizard)), ==,
                     WHENCE_NETWORK_CARD_ASK);
    finish_wizard (wizard);
    whence_test_remove_tree (dir2);
  }
}

static void
test_keyboard_and_names (void)
{
  Opened o;

  open_wizard (&o, "klez-h.eml");

  /* Alt+Right and Alt+Left move, as the buttons do. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (o.wizard), "wizard.next", NULL));
  g_assert_cmpuint (whence_wizard_get_position (o.wizard), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (o.wizard), "wizard.back", NULL));
  g_assert_cmpuint (whence_wizard_get_position (o.wizard), ==, 0);

  close_wizard (&o);
}

/* Every step fits a phone-sized window (360 px, GNOME's narrowest): the
 * page scrolls up and down, never sideways. With the look-up's answer and a
 * crime step, every kind of page is there. */
static void
test_narrow (void)
{
  Opened o;
  g_autoptr(WhenceLookupResult) result = lookup_result_for ("203.0.113.5");
  guint n = 0;
  int window;

  open_wizard (&o, "klez-h.eml");

  whence_wizard_set_answers (o.wizard, "US", "TX", WHENCE_SITUATION_LOST_MONEY_OR_DATA);
  whence_wizard_set_lookup_result (o.wizard, result);
  for (guint i = 0; i < whence_wizard_get_n_steps (o.wizard); i++)
    {
      const char *id = whence_wizard_get_step (o.wizard, i)->id;
      int minimum = whence_test_narrowest_width (whence_wizard_get_page (o.wizard, id));

      g_test_message ("%s: %d px at the narrowest", id, minimum);
      g_assert_cmpint (minimum, <=, 360);
      n++;
    }
  g_assert_cmpuint (n, >=, 5);
  window = whence_test_narrowest_width (GTK_WIDGET (o.wizard));
  g_test_message ("the window: %d px at the narrowest", window);
  g_assert_cmpint (window, <=, 360);

  close_wizard (&o);
}

/* The countries are sorted as the person reads their names (translated
 * through iso-codes), "Another country" last. */
static void
test_country_names (void)
{
  Opened o;
  const char *germany = g_dgettext ("iso_3166-1", whence_contacts_get_country_name ("DE"));
  GtkWidget *drop;
  GListModel *model;
  guint n;
  gboolean found = FALSE;

  open_wizard (&o, "klez-h.eml");

  drop = whence_test_find_of_type (whence_wizard_get_page (o.wizard, "where"), GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (drop);
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (drop));
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 10);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), n - 1), ==, "Another country");
  for (guint i = 0; i + 1 < n; i++)
    {
      const char *name = gtk_string_list_get_string (GTK_STRING_LIST (model), i);

      found |= g_strcmp0 (name, germany) == 0;
      if (i > 0)
        g_assert_cmpint (g_utf8_collate (gtk_string_list_get_string (GTK_STRING_LIST (model), i - 1), name), <=, 0);
    }
  g_assert_true (found);

  close_wizard (&o);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static void
wait_loaded (WhenceWindow *window)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while ((whence_window_is_loading (window) || whence_window_get_n_messages (window) == 0)
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

/* From the main window: "Report It…" opens the wizard for the email shown
 * (its case goes into the default case file), and win.show-cases lists it. */
static void
test_from_window (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "analysis", "klez-h.eml", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  WhenceWindow *window = whence_window_new (NULL);
  GtkWidget *report;
  WhenceWizard *wizard;
  WhenceCasesView *cases;
  char *text;
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  bytes = g_bytes_new_take (text, length);
  gtk_window_present (GTK_WINDOW (window));
  whence_window_load_bytes (window, bytes, "klez-h.eml");
  wait_loaded (window);
  g_assert_cmpuint (whence_window_get_n_messages (window), ==, 1);

  report = whence_result_page_get_report_button (window->result_page);
  g_assert_true (gtk_widget_is_sensitive (report));
  g_assert_null (find_toplevel (WHENCE_TYPE_WIZARD));
  g_signal_emit_by_name (report, "clicked");
  wizard = WHENCE_WIZARD (find_toplevel (WHENCE_TYPE_WIZARD));
  g_assert_nonnull (wizard);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (wizard)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (wizard)));
  g_assert_cmpint (whence_wizard_get_case_id (wizard), >, 0);
  g_object_ref (wizard);
  gtk_window_destroy (GTK_WINDOW (wizard));
  g_assert_finalize_object (wizard);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-cases", NULL));
  cases = WHENCE_CASES_VIEW (find_toplevel (WHENCE_TYPE_CASES_VIEW));
  g_assert_nonnull (cases);
  g_assert_cmpuint (whence_cases_view_get_n_cases (cases), >=, 1);
  g_object_ref (cases);
  gtk_window_destroy (GTK_WINDOW (cases));
  g_assert_finalize_object (cases);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* No notification server on the test bus: the due reminder becomes a toast
 * that points at Cases, not an error. */
static void
test_reminders_on_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = whence_case_store_get_default_dir ();
  g_autoptr(WhenceCaseStore) store = whence_case_store_open (dir, &error);
  g_autoptr(WhenceMessage) message = load_message ("sobig.eml");
  g_autoptr(GBytes) original = whence_message_dup_original (message, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) sent = g_date_time_add_days (now, -20);
  WhenceCaseEmailInfo info = { "sobig.eml", "Sobig", NULL, "192.0.2.9", NULL };
  WhenceWindow *window;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (dir, g_get_user_data_dir ()));
  id = whence_case_store_create_case (store, "Sobig", original, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (whence_case_store_add_report (store, id, "abuse@example.net", "email app", sent, NULL, &error), >, 0);

  window = whence_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (whence_window_check_reminders (window), ==, 1);
  g_assert_cmpstr (_whence_window_get_last_toast_title (window), ==, "A report is waiting for an answer");

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("whence-wizard-data-XXXXXX", NULL);
  g_autofree char *cache_home = g_dir_make_tmp ("whence-wizard-cache-XXXXXX", NULL);
  int status;

  /* Never the person's own case file; and a cache of its own, where the
   * reports written for the email app go. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  if (!whence_test_init_display (&argc, &argv))
    return 0;
  whence_core_init ();

  g_test_add_func ("/wizard/us-worm", test_us_worm);
  g_test_add_func ("/wizard/uk-lost-money", test_uk_lost_money);
  g_test_add_func ("/wizard/germany", test_german);
  g_test_add_func ("/wizard/daily-repeat", test_daily_repeat);
  g_test_add_func ("/wizard/email-portal", test_email_portal);
  g_test_add_func ("/wizard/email-portal-failed", test_email_portal_failed);
  g_test_add_func ("/wizard/email-portal-cancelled", test_email_portal_cancelled);
  g_test_add_func ("/wizard/email-report-unwritable", test_email_report_unwritable);
  g_test_add_func ("/wizard/lookups-declined", test_lookups_declined);
  g_test_add_func ("/wizard/keyboard", test_keyboard_and_names);
  g_test_add_func ("/wizard/narrow", test_narrow);
  g_test_add_func ("/wizard/country-names", test_country_names);
  g_test_add_func ("/wizard/from-window", test_from_window);
  g_test_add_func ("/wizard/reminders-on-start", test_reminders_on_start);

  status = g_test_run ();
  whence_test_remove_tree (cache_home);
  whence_test_remove_tree (data_home);
  return status;
}
