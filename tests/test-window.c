/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "whence-paste-dialog.h"
#include "whence-window-private.h"
#include "whence-test-util.h"
#include "whence-test-widgets.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "load", name, NULL);
}

static void
wait_until_loaded (WhenceWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (whence_window_is_loading (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (whence_window_is_loading (window));
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

static gboolean
emit_drop (WhenceWindow *window,
           const GValue *value)
{
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  gboolean handled = FALSE;

  g_assert_nonnull (target);
  g_signal_emit_by_name (target, "drop", value, 10.0, 10.0, &handled);
  return handled;
}

static WhenceWindow *
new_window (void)
{
  WhenceWindow *window = whence_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
finish_window (WhenceWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_starts_empty (void)
{
  WhenceWindow *window = new_window ();

  g_assert_cmpstr (whence_window_get_page_name (window), ==, "empty");
  g_assert_cmpuint (whence_window_get_n_messages (window), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->back_button)));

  finish_window (window);
}

static void
test_drop_file_list (void)
{
  WhenceWindow *window = new_window ();
  g_autofree char *path = fixture_path ("klez-style-sample.eml");
  g_autofree char *mbox = fixture_path ("three.mbox");
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;

  files = g_slist_append (files, g_file_new_for_path (path));
  files = g_slist_append (files, g_file_new_for_path (mbox));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);

  g_assert_true (emit_drop (window, &value));
  g_assert_true (whence_window_is_loading (window));
  wait_until_loaded (window);

  g_assert_cmpstr (whence_window_get_page_name (window), ==, "results");
  g_assert_cmpuint (whence_window_get_n_messages (window), ==, 4);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->back_button)));

  /* Start over empties the window again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  g_assert_cmpstr (whence_window_get_page_name (window), ==, "empty");

  g_value_unset (&value);
  g_slist_free_full (files, g_object_unref);
  finish_window (window);
}

static void
test_drop_rfc822 (void)
{
  WhenceWindow *window = new_window ();
  g_autofree char *path = fixture_path ("klez-style-sample.eml");
  g_autofree char *contents = NULL;
  gsize len;
  GValue value = G_VALUE_INIT;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_value_init (&value, G_TYPE_BYTES);
  g_value_take_boxed (&value, g_bytes_new (contents, len));

  g_assert_true (emit_drop (window, &value));
  wait_until_loaded (window);
  g_assert_cmpuint (whence_window_get_n_messages (window), ==, 1);
  g_assert_cmpstr (whence_window_get_page_name (window), ==, "results");

  g_value_unset (&value);
  finish_window (window);
}

static void
test_drop_text_headers (void)
{
  WhenceWindow *window = new_window ();
  GValue value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "Received: from a.example (a.example [192.0.2.1]) by b.example; "
                              "Mon, 2 Mar 2026 10:00:00 +0000\nSubject: pasted\n");
  g_assert_true (emit_drop (window, &value));
  wait_until_loaded (window);
  g_assert_cmpuint (whence_window_get_n_messages (window), ==, 1);

  g_value_unset (&value);
  finish_window (window);
}

/* Paste Headers…: the dialog opens ready for Ctrl+V, Trace stays off until
 * there is text, and the pasted headers are traced. */
static void
test_paste_dialog (void)
{
  WhenceWindow *window = new_window ();
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */
  GtkWindow *dialog = NULL;
  GtkWidget *focus;
  GtkWidget *trace;
  GtkTextBuffer *buffer;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-headers", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GtkWindow) candidate = g_list_model_get_item (toplevels, i);

      if (WHENCE_IS_PASTE_DIALOG (candidate))
        dialog = candidate;
    }
  g_assert_nonnull (dialog);
  while (!gtk_widget_get_mapped (GTK_WIDGET (dialog)))
    g_main_context_iteration (NULL, TRUE);

  focus = gtk_window_get_focus (dialog);
  g_assert_true (GTK_IS_TEXT_VIEW (focus));
  trace = whence_test_find_button (GTK_WIDGET (dialog), "_Trace");
  g_assert_nonnull (trace);
  g_assert_false (gtk_widget_get_sensitive (trace));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus));
  gtk_text_buffer_set_text (buffer, "Received: from a.example (a.example [192.0.2.1]) by b.example; "
                                    "Mon, 2 Mar 2026 10:00:00 +0000\nSubject: pasted\n", -1);
  g_assert_true (gtk_widget_get_sensitive (trace));
  g_signal_emit_by_name (trace, "clicked");
  wait_until_loaded (window);
  g_assert_cmpuint (whence_window_get_n_messages (window), ==, 1);

  finish_window (window);
}

static void
test_bad_file_shows_toast (void)
{
  WhenceWindow *window = new_window ();
  g_autofree char *path = fixture_path ("picture.eml");
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (files, g_file_new_for_path (path));
  whence_window_load_files (window, files);
  wait_until_loaded (window);

  g_assert_cmpstr (whence_window_get_page_name (window), ==, "empty");
  g_assert_cmpstr (_whence_window_get_last_toast_title (window), ==, "“picture.eml” could not be traced");

  finish_window (window);
}

static void
drop_paths (WhenceWindow *window,
            const char   *first,
            ...)
{
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    {
      g_autofree char *path = fixture_path (name);
      files = g_slist_append (files, g_file_new_for_path (path));
    }
  va_end (args);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_assert_true (emit_drop (window, &value));
  wait_until_loaded (window);
  g_value_unset (&value);
  g_slist_free_full (files, g_object_unref);
}

/* One email opens its result at once; Back starts over. */
static void
test_single_result (void)
{
  WhenceWindow *window = new_window ();
  GtkWidget *report;

  drop_paths (window, "klez-style-sample.eml", NULL);
  g_assert_cmpstr (whence_window_get_page_name (window), ==, "results");
  g_assert_cmpstr (_whence_window_get_results_view (window), ==, "message");
  g_assert_cmpuint (strlen (whence_result_page_get_headline (window->result_page)), >, 10);
  g_assert_cmpuint (whence_journey_view_get_n_hop_rows (whence_result_page_get_journey (window->result_page)), ==, 4);

  /* While win.report is disabled, the button says why it is grey. */
  report = whence_result_page_get_report_button (window->result_page);
  gtk_widget_action_set_enabled (GTK_WIDGET (window), "win.report", FALSE);
  g_assert_false (gtk_widget_is_sensitive (report));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (report), ==, "Reporting comes in a later version");
  gtk_widget_action_set_enabled (GTK_WIDGET (window), "win.report", TRUE);
  g_assert_true (gtk_widget_is_sensitive (report));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (report), !=, "Reporting comes in a later version");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  g_assert_cmpstr (whence_window_get_page_name (window), ==, "empty");

  finish_window (window);
}

/* Several emails: a list grouped by computer; each opens its page; Back
 * returns to the list, then to the start. */
static void
test_batch_navigation (void)
{
  WhenceWindow *window = new_window ();

  drop_paths (window, "klez-style-sample.eml", "three.mbox", NULL);
  g_assert_cmpuint (whence_window_get_n_messages (window), ==, 4);
  g_assert_cmpstr (_whence_window_get_results_view (window), ==, "list");
  g_assert_cmpuint (whence_batch_page_get_n_messages (window->batch_page), ==, 4);
  g_assert_cmpuint (whence_batch_page_get_n_groups (window->batch_page), >=, 1);

  g_signal_emit_by_name (whence_batch_page_get_message_row (window->batch_page, 2), "activated");
  g_assert_cmpstr (_whence_window_get_results_view (window), ==, "message");
  g_assert_cmpuint (whence_result_page_get_index (window->result_page), ==, 2);
  g_assert_true (whence_result_page_get_message (window->result_page) ==
                 g_ptr_array_index (window->messages, 2));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->back_button)), ==, "Back to the List");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  g_assert_cmpstr (whence_window_get_page_name (window), ==, "results");
  g_assert_cmpstr (_whence_window_get_results_view (window), ==, "list");
  g_assert_cmpuint (whence_window_get_n_messages (window), ==, 4);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  g_assert_cmpstr (whence_window_get_page_name (window), ==, "empty");
  g_assert_cmpuint (whence_batch_page_get_n_messages (window->batch_page), ==, 0);

  finish_window (window);
}

static void
on_after_paint (GdkFrameClock *clock,
                WhenceWindow  *window)
{
  guint *paints = g_object_get_data (G_OBJECT (window), "test-paints");

  if (window->n_loading == 0 && window->pending.length > 0)
    (*paints)++;
}

/* A mailbox of 6000 emails: traced in slices, with progress, never one
 * long stall of the main loop, and the window keeps painting meanwhile. */
static void
test_big_batch_stays_responsive (void)
{
  WhenceWindow *window = new_window ();
  g_autoptr(GString) mbox = g_string_new (NULL);
  g_autofree char *dir = g_dir_make_tmp ("whence-batch-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.mbox", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 longest = 0;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint slices_seen = 0;
  guint paints = 0;
  const guint n = 6000;
  GdkFrameClock *clock;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (mbox,
                            "From sender@example.org Mon Mar  2 10:00:00 2026\n"
                            "Received: from pc%u.example-isp.net (pc%u.example-isp.net [198.51.100.%u])\n"
                            "\tby mx.example.net with SMTP; Mon, 2 Mar 2026 10:00:%02u +0000\n"
                            "From: sender@example.org\nSubject: copy %u\n\nhello\n\n",
                            i % 7, i % 7, i % 7 + 1, i % 60, i);
  g_assert_true (g_file_set_contents (path, mbox->str, mbox->len, NULL));
  g_ptr_array_add (files, g_file_new_for_path (path));

  /* Wait for the window to be on screen, so that it paints. */
  while ((clock = gtk_widget_get_frame_clock (GTK_WIDGET (window))) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_object_set_data (G_OBJECT (window), "test-paints", &paints);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), window);

  whence_window_load_files (window, files);
  while (whence_window_is_loading (window) && g_get_monotonic_time () < deadline)
    {
      gint64 start = g_get_monotonic_time ();

      g_main_context_iteration (NULL, TRUE);
      /* Only the tracing phase is the window's own work to slice. */
      if (window->n_loading == 0 && window->pending.length > 0)
        {
          longest = MAX (longest, g_get_monotonic_time () - start);
          slices_seen++;
        }
    }

  g_assert_false (whence_window_is_loading (window));
  g_assert_cmpuint (whence_window_get_n_messages (window), ==, n);
  g_assert_cmpuint (whence_batch_page_get_n_groups (window->batch_page), ==, 7);
  g_assert_cmpuint (slices_seen, >, 1);
  g_test_message ("%u slices, %u frames painted while tracing", slices_seen, paints);
  g_assert_cmpuint (paints, >=, 1);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  g_test_message ("longest main-loop iteration while tracing: %" G_GINT64_FORMAT " ms", longest / 1000);
  /* Generous for a loaded machine; tracing all at once takes seconds. */
  g_assert_cmpint (longest, <, G_USEC_PER_SEC);

  g_assert_true (g_remove (path) == 0);
  g_assert_true (g_rmdir (dir) == 0);
  finish_window (window);
}

/* 1,200 files at once: the first emails are listed while the rest still
 * load (the loader hands results over in batches), and inputs that fail in
 * different batches still make one toast. */
static void
test_many_files_streamed (void)
{
  WhenceWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("whence-files-XXXXXX", NULL);
  g_autofree char *bad = fixture_path ("picture.eml");
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean shown_while_loading = FALSE;
  const guint n = 1200;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%04u.eml", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = g_strdup_printf ("Received: from pc%u.example-isp.net (pc%u.example-isp.net [198.51.100.%u])\n"
                                               "\tby mx.example.net with SMTP; Mon, 2 Mar 2026 10:00:%02u +0000\n"
                                               "From: sender@example.org\nSubject: copy %u\n\nhello\n",
                                               i % 5, i % 5, i % 5 + 1, i % 60, i);

      g_assert_true (g_file_set_contents (path, text, -1, NULL));
      g_ptr_array_add (files, g_file_new_for_path (path));
      /* Unreadable inputs at the start, the middle and the end. */
      if (i == 0 || i == n / 2 || i == n - 1)
        g_ptr_array_add (files, g_file_new_for_path (bad));
    }

  whence_window_load_files (window, files);
  while (whence_window_is_loading (window) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      if (window->n_loading > 0 && whence_window_get_n_messages (window) > 0)
        shown_while_loading = TRUE;
    }

  g_assert_false (whence_window_is_loading (window));
  g_assert_true (shown_while_loading);
  g_assert_cmpuint (whence_window_get_n_messages (window), ==, n);
  g_assert_cmpuint (whence_batch_page_get_n_groups (window->batch_page), ==, 5);
  g_assert_cmpuint (whence_batch_page_get_group_size (window->batch_page, 0), ==, n / 5);
  g_assert_cmpstr (whence_batch_page_get_title (window->batch_page), ==, "1200 emails from 5 computers.");
  g_assert_cmpstr (_whence_window_get_last_toast_title (window), ==, "3 files could not be traced");

  whence_test_remove_tree (dir);
  finish_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!whence_test_init_display (&argc, &argv))
    return 0;

  g_test_add_func ("/window/starts-empty", test_starts_empty);
  g_test_add_func ("/window/drop-file-list", test_drop_file_list);
  g_test_add_func ("/window/drop-rfc822", test_drop_rfc822);
  g_test_add_func ("/window/drop-text", test_drop_text_headers);
  g_test_add_func ("/window/paste-dialog", test_paste_dialog);
  g_test_add_func ("/window/bad-file-toast", test_bad_file_shows_toast);
  g_test_add_func ("/window/single-result", test_single_result);
  g_test_add_func ("/window/batch-navigation", test_batch_navigation);
  g_test_add_func ("/window/big-batch-responsive", test_big_batch_stays_responsive);
  g_test_add_func ("/window/many-files-streamed", test_many_files_streamed);

  return g_test_run ();
}
