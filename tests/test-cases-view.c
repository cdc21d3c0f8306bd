/* test-cases-view.c
 *
 * The Cases window over a real case file in a temporary folder: it lists
 * the cases with their reports and repeats, shows due reminders, reopens the
 * untouched original, exports, and deletes only after the person confirms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "whence-cases-view.h"
#include "whence-message.h"
#include "whence-test-widgets.h"
#include "whence-test-util.h"

static gint64
add_case (WhenceCaseStore *store,
          const char      *title,
          GBytes          *original,
          const char      *origin_ip)
{
  g_autoptr(GError) error = NULL;
  WhenceCaseEmailInfo info = { "fixture.eml", title, "someone@example.org", origin_ip, NULL };
  gint64 id = whence_case_store_create_case (store, title, original, &info, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
on_reopen (WhenceCasesView *view,
           GBytes          *original,
           const char      *name,
           GBytes         **out)
{
  *out = g_bytes_ref (original);
}

static void
test_cases_view (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("whence-cases-XXXXXX", &error);
  g_autofree char *export_dir = g_build_filename (dir, "export", NULL);
  g_autoptr(WhenceCaseStore) store = whence_case_store_open (dir, &error);
  g_autoptr(GBytes) klez = whence_test_data_bytes ("analysis", "klez-h.eml");
  g_autoptr(GBytes) sobig = whence_test_data_bytes ("analysis", "sobig.eml");
  g_autoptr(GBytes) mydoom = whence_test_data_bytes ("analysis", "mydoom.eml");
  g_autoptr(GBytes) reopened = NULL;
  g_autoptr(GDateTime) long_ago = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) sent = g_date_time_add_days (long_ago, -30);
  g_autoptr(GFile) export_folder = g_file_new_for_path (export_dir);
  WhenceCasesView *view;
  AdwMessageDialog *dialog;
  gint64 first, second, third;

  g_assert_no_error (error);

  /* Empty at first. */
  view = whence_cases_view_new (NULL, store);
  g_object_ref (view);
  gtk_window_present (GTK_WINDOW (view));
  g_assert_cmpuint (whence_cases_view_get_n_cases (view), ==, 0);
  g_assert_true (whence_test_any_label_contains (GTK_WIDGET (view), "No Cases Yet"));
  whence_test_screenshot (GTK_WIDGET (view), "cases-empty.png");
  gtk_window_destroy (GTK_WINDOW (view));
  g_assert_finalize_object (view);

  first = add_case (store, "Klez", klez, "192.0.2.7");
  second = add_case (store, "Sobig", sobig, "192.0.2.7");
  third = add_case (store, "MyDoom", mydoom, "198.51.100.9");
  g_assert_cmpint (whence_case_store_add_report (store, first, "abuse@example.net", "email app", sent,
                                                 NULL, &error), >, 0);
  g_assert_no_error (error);

  view = whence_cases_view_new (NULL, store);
  g_object_ref (view);
  gtk_window_present (GTK_WINDOW (view));
  g_assert_cmpuint (whence_cases_view_get_n_cases (view), ==, 3);
  g_assert_nonnull (whence_cases_view_get_case_row (view, first));
  g_assert_nonnull (whence_cases_view_get_case_row (view, third));
  /* The 30-day-old report with no answer is due (default: 14 days). */
  g_assert_cmpuint (whence_cases_view_get_n_reminders (view), ==, 1);
  g_assert_true (whence_test_any_label_contains (GTK_WIDGET (view), "Time to Check"));
  /* Two emails from one computer: the repeat is shown. */
  g_assert_true (whence_test_any_label_contains (whence_cases_view_get_case_row (view, first),
                                                 "2 emails"));
  g_assert_true (whence_test_any_label_contains (whence_cases_view_get_case_row (view, first),
                                                 "abuse@example.net"));
  g_assert_false (whence_test_any_label_contains (whence_cases_view_get_case_row (view, third),
                                                  "2 emails"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (whence_cases_view_get_case_row (view, first)), TRUE);
  whence_test_screenshot (GTK_WIDGET (view), "cases-list.png");

  /* "Got an Answer" stops the reminder. */
  {
    g_autoptr(WhenceCase) c = whence_case_store_get_case (store, first, &error);
    WhenceCaseReport *r = g_ptr_array_index (c->reports, 0);

    g_assert_true (whence_cases_view_note_answer (view, r->id, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (whence_cases_view_get_n_reminders (view), ==, 0);
    g_assert_false (whence_test_any_label_contains (GTK_WIDGET (view), "Time to Check"));
    g_assert_true (whence_test_any_label_contains (whence_cases_view_get_case_row (view, first),
                                                   "They answered."));
  }

  /* Reopen hands back the untouched original. */
  g_signal_connect (view, "reopen", G_CALLBACK (on_reopen), &reopened);
  g_assert_true (whence_cases_view_reopen_case (view, second, &error));
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
  g_assert_true (g_bytes_equal (reopened, sobig));

  /* Export writes a folder with the original in it. */
  g_assert_true (whence_cases_view_export_case (view, first, export_folder, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GFileEnumerator) files = g_file_enumerate_children (export_folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                  G_FILE_QUERY_INFO_NONE, NULL, &error);
    guint n = 0;

    g_assert_no_error (error);
    while (g_file_enumerator_next_file (files, NULL, NULL) != NULL)
      n++;
    g_assert_cmpuint (n, >, 0);
  }

  /* Delete asks first; "Cancel" keeps the case, "Delete" removes it. */
  dialog = whence_cases_view_confirm_delete (view, third);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (whence_cases_view_get_n_cases (view), ==, 3);
  dialog = whence_cases_view_confirm_delete (view, third);
  adw_message_dialog_response (dialog, "delete");
  g_assert_cmpuint (whence_cases_view_get_n_cases (view), ==, 2);
  g_assert_null (whence_cases_view_get_case_row (view, third));
  g_assert_null (whence_case_store_get_case (store, third, NULL));

  gtk_window_destroy (GTK_WINDOW (view));
  g_assert_finalize_object (view);
  whence_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("whence-cases-data-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!whence_test_init_display (&argc, &argv))
    return 0;
  whence_core_init ();

  g_test_add_func ("/cases-view/list-reopen-export-delete", test_cases_view);

  status = g_test_run ();
  whence_test_remove_tree (data_home);
  return status;
}
