/* whence-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-window"

#include "config.h"

#include <glib/gi18n.h>

#include "whence-help-window.h"
#include "whence-bench-probe.h"
#include "whence-loader.h"
#include "whence-paste-dialog.h"
#include "whence-ui-util.h"
#include "whence-window-private.h"
#include "whence-wizard-window.h"

G_DEFINE_FINAL_TYPE (WhenceWindow, whence_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_page (WhenceWindow *self)
{
  const char *page;
  gboolean tracing = self->pending.length > 0;
  gboolean on_message;

  if (self->messages->len > 0)
    page = "results";
  else if (self->n_loading > 0 || tracing)
    page = "loading";
  else
    page = "empty";

  /* One email goes straight to its result; several are listed first. */
  if (self->shown_index < 0 && self->messages->len == 1 && !tracing && self->n_loading == 0)
    _whence_window_show_message (self, 0);
  on_message = self->shown_index >= 0;
  gtk_stack_set_visible_child_name (self->results_stack, on_message ? "message" : "list");

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_spinner_set_spinning (self->loading_spinner, self->n_loading > 0 || tracing);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->messages->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-over", self->messages->len > 0);

  {
    const char *back = on_message && self->messages->len > 1 ? _("Back to the List") : _("Start Over");

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->back_button), back);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, back, -1);
  }
}

/**
 * _whence_window_show_message:
 * @index: position among the loaded emails
 *
 * Opens the result page of one email.
 */
void
_whence_window_show_message (WhenceWindow *self,
                             guint         index)
{
  g_return_if_fail (index < self->messages->len);

  whence_result_page_set_message (self->result_page,
                                  g_ptr_array_index (self->messages, index),
                                  g_ptr_array_index (self->traces, index),
                                  index);
  self->shown_index = index;
  gtk_stack_set_visible_child_name (self->results_stack, "message");
  /* Keyboard and screen reader users land on the verdict. */
  gtk_widget_grab_focus (GTK_WIDGET (self->result_page));
}

const char *
_whence_window_get_results_view (WhenceWindow *self)
{
  return gtk_stack_get_visible_child_name (self->results_stack);
}

static void
on_batch_message_activated (WhenceBatchPage *page,
                            guint            index,
                            WhenceWindow    *self)
{
  _whence_window_show_message (self, index);
  update_page (self);
}

static void
on_toast_details_clicked (AdwToast     *toast,
                          WhenceWindow *self)
{
  const char *details = g_object_get_data (G_OBJECT (toast), "whence-details");
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("What Went Wrong"), details);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_toast (WhenceWindow *self,
            AdwToast     *toast)
{
  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
_whence_window_get_last_toast_title (WhenceWindow *self)
{
  return self->last_toast != NULL ? adw_toast_get_title (self->last_toast) : NULL;
}

/*
 * _whence_window_show_errors:
 * @names: (element-type utf8): the inputs that failed
 * @messages: (element-type utf8): why, one per input
 *
 * One toast for the whole batch, so a drop of many bad files does not bury
 * the window in notices; the reasons sit behind "Details".
 */
void
_whence_window_show_errors (WhenceWindow *self,
                            GPtrArray    *names,
                            GPtrArray    *messages)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (names->len == 0)
    return;

  if (names->len == 1)
    {
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (names, 0), -1);
      title = g_strdup_printf (_("“%s” could not be traced"), escaped);
    }
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u file could not be traced",
                                          "%u files could not be traced",
                                          names->len),
                             names->len);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (details, "%s%s: %s", i > 0 ? "\n\n" : "",
                            (const char *) g_ptr_array_index (names, i),
                            (const char *) g_ptr_array_index (messages, i));

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("Details"));
  adw_toast_set_timeout (toast, 8);
  g_object_set_data_full (G_OBJECT (toast), "whence-details",
                          g_string_free (g_steal_pointer (&details), FALSE), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_toast_details_clicked), self, 0);
  show_toast (self, toast);
}

/* The loader traces in its worker and hands results over in batches; they
 * are shown here a few at a time. Each new row costs the next frame several
 * times what adding it costs, so a slice is short: it keeps every frame
 * quick however many emails arrive. */
#define SHOW_SLICE_US (3 * 1000)
/* A new row costs the frame most: a few per slice. */
#define SHOW_SLICE_NEW_ROWS 4

/* Everything asked for is shown: one toast for what failed, so a drop of
 * many bad files does not bury the window in notices. */
static void
end_run (WhenceWindow *self)
{
  self->n_batch = self->n_batch_done = 0;
  whence_batch_page_set_progress (self->batch_page, 0, 0);
  _whence_window_show_errors (self, self->failed_names, self->failed_reasons);
  g_ptr_array_set_size (self->failed_names, 0);
  g_ptr_array_set_size (self->failed_reasons, 0);
}

static gboolean
show_some (gpointer user_data)
{
  WhenceWindow *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SHOW_SLICE_US;
  /* The list's first frame also lays out and draws the page around it. */
  guint max_rows = whence_batch_page_get_n_rows_made (self->batch_page)
                   + (self->messages->len == 0 ? 1 : SHOW_SLICE_NEW_ROWS);

  /* While the list fades in, each frame draws both pages: add nothing. */
  if (self->messages->len > 0 && gtk_stack_get_transition_running (self->stack))
    return G_SOURCE_CONTINUE;

  while (self->pending.length > 0 && g_get_monotonic_time () < deadline
         && whence_batch_page_get_n_rows_made (self->batch_page) < max_rows)
    {
      WhenceLoadResult *item = g_queue_peek_head (&self->pending);
      guint m = self->pending_next;

      if (m >= item->messages->len)
        {
          whence_load_result_free (g_queue_pop_head (&self->pending));
          self->pending_next = 0;
          continue;
        }

      self->pending_next++;
      self->n_batch_done++;
      if (g_ptr_array_index (item->traces, m) == NULL)
        {
          WhenceMessage *message = g_ptr_array_index (item->messages, m);

          g_ptr_array_add (self->failed_names, g_strdup (whence_message_get_source_name (message)));
          g_ptr_array_add (self->failed_reasons, g_strdup (g_ptr_array_index (item->trace_errors, m)));
          continue;
        }

      whence_batch_page_add (self->batch_page, g_ptr_array_index (item->messages, m),
                             g_ptr_array_index (item->traces, m), self->messages->len);
      g_ptr_array_add (self->messages, g_object_ref (g_ptr_array_index (item->messages, m)));
      g_ptr_array_add (self->traces, g_object_ref (g_ptr_array_index (item->traces, m)));
    }

  /* Finished heads go now, so an empty queue means all is shown. */
  while (self->pending.length > 0
         && self->pending_next >= ((WhenceLoadResult *) g_queue_peek_head (&self->pending))->messages->len)
    {
      whence_load_result_free (g_queue_pop_head (&self->pending));
      self->pending_next = 0;
    }

  g_debug ("Shown %u of %u", self->n_batch_done, self->n_batch);
  whence_batch_page_set_progress (self->batch_page, self->n_batch_done, self->n_batch);

  if (self->pending.length > 0)
    {
      update_page (self);
      return G_SOURCE_CONTINUE;
    }

  self->trace_idle_id = 0;
  if (self->n_loading == 0)
    end_run (self);
  update_page (self);
  return G_SOURCE_REMOVE;
}

static void
start_tracing (WhenceWindow *self)
{
  if (self->trace_idle_id == 0 && self->pending.length > 0)
    /* Not an idle: on a busy machine frames are always due and an idle
     * starves. A short slice every 16 ms leaves a gap in which the window
     * paints, whatever the load. */
    self->trace_idle_id = g_timeout_add_full (G_PRIORITY_DEFAULT, 16, show_some, self, NULL);
}

static void
stop_tracing (WhenceWindow *self)
{
  g_clear_handle_id (&self->trace_idle_id, g_source_remove);
  g_queue_clear_full (&self->pending, (GDestroyNotify) whence_load_result_free);
  self->pending_next = 0;
  self->n_batch = self->n_batch_done = 0;
  g_ptr_array_set_size (self->failed_names, 0);
  g_ptr_array_set_size (self->failed_reasons, 0);
}

/* Takes @results (loaded and traced) to show; reports inputs that failed. */
static void
take_results (WhenceWindow *self,
              GPtrArray    *results)
{
  guint n_messages = 0;
  guint n_failed = 0;

  for (guint i = 0; i < results->len; i++)
    {
      WhenceLoadResult *item = g_ptr_array_index (results, i);

      if (item->error != NULL)
        {
          g_ptr_array_add (self->failed_names, g_strdup (item->name));
          g_ptr_array_add (self->failed_reasons, g_strdup (item->error->message));
          n_failed++;
          continue;
        }

      n_messages += item->messages->len;
      self->n_batch += item->messages->len;
      g_queue_push_tail (&self->pending, g_steal_pointer (&g_ptr_array_index (results, i)));
    }

  g_debug ("Loaded %u email(s), %u input(s) failed", n_messages, n_failed);
  if (self->pending.length == 0 && self->n_loading == 0)
    end_run (self);
  start_tracing (self);
  update_page (self);
}

static void
on_load_batch (GPtrArray *results,
               gpointer   user_data)
{
  g_autoptr(GPtrArray) owned = results;
  WhenceWindow *self = user_data;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  take_results (self, owned);
}

static void
on_load_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WhenceWindow) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  self->n_loading--;
  if (self->n_loading == 0)
    self->n_inputs_loading = 0;
  results = whence_loader_load_finish (result, &error);
  if (results == NULL)
    {
      /* Only cancellation ends a load without results: the window is closing. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Loading failed: %s", error->message);
      if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
        update_page (self);
      return;
    }

  take_results (self, results);
}

static void
begin_loading (WhenceWindow *self,
               guint         n_inputs)
{
  g_autofree char *text = NULL;

  self->n_loading++;
  self->n_inputs_loading += n_inputs;

  /* The loader reports only at the end: say at least how much it reads. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reading %u file…",
                                       "Reading %u files…",
                                       self->n_inputs_loading),
                          self->n_inputs_loading);
  adw_status_page_set_description (self->loading_page, text);
  update_page (self);
}

/**
 * whence_window_load_files:
 * @files: (element-type GFile): emails or mbox files
 */
void
whence_window_load_files (WhenceWindow *self,
                          GPtrArray    *files)
{
  g_return_if_fail (WHENCE_IS_WINDOW (self));
  g_return_if_fail (files != NULL);

  if (files->len == 0)
    return;

  begin_loading (self, files->len);
  /* The callback's reference keeps @self alive for the batches too. */
  whence_loader_load_files_streamed_async (files, on_load_batch, self, self->cancellable,
                                           on_load_finished, g_object_ref (self));
}

/**
 * whence_window_load_bytes:
 * @bytes: an email handed over by a mail program
 * @name: how to call it in messages to the person
 */
void
whence_window_load_bytes (WhenceWindow *self,
                          GBytes       *bytes,
                          const char   *name)
{
  g_return_if_fail (WHENCE_IS_WINDOW (self));
  g_return_if_fail (bytes != NULL);

  begin_loading (self, 1);
  whence_loader_load_bytes_async (bytes, name, self->cancellable, on_load_finished, g_object_ref (self));
}

/**
 * whence_window_load_text:
 * @text: pasted header text
 */
void
whence_window_load_text (WhenceWindow *self,
                         const char   *text)
{
  g_return_if_fail (WHENCE_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  begin_loading (self, 1);
  whence_loader_load_text_async (text, self->cancellable, on_load_finished, g_object_ref (self));
}

const char *
whence_window_get_page_name (WhenceWindow *self)
{
  g_return_val_if_fail (WHENCE_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

guint
whence_window_get_n_messages (WhenceWindow *self)
{
  g_return_val_if_fail (WHENCE_IS_WINDOW (self), 0);

  return self->messages->len;
}

gboolean
whence_window_is_loading (WhenceWindow *self)
{
  g_return_val_if_fail (WHENCE_IS_WINDOW (self), FALSE);

  return self->n_loading > 0 || self->pending.length > 0
         || whence_batch_page_is_settling (self->batch_page);
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(WhenceWindow) self = user_data;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) list = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        g_ptr_array_add (files, g_list_model_get_item (list, i));
    }

  whence_window_load_files (self, files);
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_type,
            const char     *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WhenceWindow *self = WHENCE_WINDOW (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Email"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  add_filter (GTK_FILE_CHOOSER (dialog), _("Emails (.eml)"), "message/rfc822", "*.eml");
  add_filter (GTK_FILE_CHOOSER (dialog), _("Mailboxes (mbox)"), "application/mbox", "*.mbox");
  add_filter (GTK_FILE_CHOOSER (dialog), _("All files"), NULL, "*");

  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_paste_dialog_text (WhencePasteDialog *dialog,
                      const char        *text,
                      WhenceWindow      *self)
{
  whence_window_load_text (self, text);
}

static void
paste_headers_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WhenceWindow *self = WHENCE_WINDOW (widget);
  WhencePasteDialog *dialog = whence_paste_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "headers-pasted", G_CALLBACK (on_paste_dialog_text), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WhenceWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (text == NULL || *text == '\0')
    {
      show_toast (self, adw_toast_new (_("The clipboard holds no text to trace")));
      return;
    }

  whence_window_load_text (self, text);
}

/* Ctrl+V reaches the window only when no focused text field took it. */
static void
paste_clipboard_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);

  gdk_clipboard_read_text_async (clipboard, NULL, on_clipboard_text, g_object_ref (widget));
}

static void
help_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  whence_help_show (GTK_WINDOW (widget), WHENCE_HELP_TOPIC_INDEX);
}

static void
help_save_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  whence_help_show (GTK_WINDOW (widget), WHENCE_HELP_TOPIC_SAVE_EMAIL);
}

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WhenceWindow *self = WHENCE_WINDOW (widget);

  stop_tracing (self);
  g_ptr_array_set_size (self->messages, 0);
  g_ptr_array_set_size (self->traces, 0);
  whence_batch_page_clear (self->batch_page);
  self->shown_index = -1;

  update_page (self);
}

/* Back goes one step up: from an email to the list, from the list (or a
 * lone email) to the start. */
static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WhenceWindow *self = WHENCE_WINDOW (widget);

  if (self->shown_index >= 0 && self->messages->len > 1)
    {
      GtkWidget *row = whence_batch_page_get_message_row (self->batch_page, self->shown_index);

      self->shown_index = -1;
      update_page (self);
      /* Back where the person left the list. */
      if (row != NULL)
        gtk_widget_grab_focus (row);
      return;
    }

  gtk_widget_activate_action (widget, "win.start-over", NULL);
}

static void
whence_window_dispose (GObject *object)
{
  WhenceWindow *self = WHENCE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  stop_tracing (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHENCE_TYPE_WINDOW);

  G_OBJECT_CLASS (whence_window_parent_class)->dispose (object);
}

static void
whence_window_finalize (GObject *object)
{
  WhenceWindow *self = WHENCE_WINDOW (object);

  g_clear_weak_pointer (&self->last_toast);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->traces, g_ptr_array_unref);
  g_clear_pointer (&self->failed_names, g_ptr_array_unref);
  g_clear_pointer (&self->failed_reasons, g_ptr_array_unref);

  G_OBJECT_CLASS (whence_window_parent_class)->finalize (object);
}

static void
whence_window_class_init (WhenceWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whence_window_dispose;
  object_class->finalize = whence_window_finalize;

  g_type_ensure (WHENCE_TYPE_BATCH_PAGE);
  g_type_ensure (WHENCE_TYPE_RESULT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/whence-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, drop_overlay);
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, results_stack);
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, batch_page);
  gtk_widget_class_bind_template_child (widget_class, WhenceWindow, result_page);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_message_activated);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.paste-headers", NULL, paste_headers_action);
  gtk_widget_class_install_action (widget_class, "win.paste-clipboard", NULL, paste_clipboard_action);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, help_action);
  gtk_widget_class_install_action (widget_class, "win.help-save", NULL, help_save_action);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  _whence_window_class_init_report (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK,
                                       "win.paste-clipboard", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.go-back", NULL);

  _whence_window_class_init_dnd (widget_class);
}

static void
whence_window_init (WhenceWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->messages = g_ptr_array_new_with_free_func (g_object_unref);
  self->traces = g_ptr_array_new_with_free_func (g_object_unref);
  self->failed_names = g_ptr_array_new_with_free_func (g_free);
  self->failed_reasons = g_ptr_array_new_with_free_func (g_free);
  self->shown_index = -1;
  g_queue_init (&self->pending);

  /* style.css is loaded by AdwApplication from the resource base path. */
#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = whence_settings_new_if_installed ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 860, 680);

  _whence_window_init_dnd (self);
  whence_bench_probe_attach (GTK_WIDGET (self));
  update_page (self);
}

WhenceWindow *
whence_window_new (WhenceApplication *application)
{
  return g_object_new (WHENCE_TYPE_WINDOW, "application", application, NULL);
}
