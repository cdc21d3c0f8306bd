/* whence-cases-view.c
 *
 * The Cases window: every email kept as evidence, what was reported and
 * when, reminders that are due, and Reopen / Export / Delete. Reminders no
 * notification server took are shown here instead, never as an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-cases-view"

#include "config.h"

#include <glib/gi18n.h>

#include "whence-cases-view.h"
#include "whence-reminder.h"
#include "whence-ui-util.h"

struct _WhenceCasesView
{
  AdwWindow         parent_instance;

  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
  GtkBox           *list_box;

  WhenceCaseStore  *store;
  GSettings        *settings;
  GHashTable       *rows;          /* case id (gint64*) -> GtkWidget, unowned */
  guint             n_cases;
  guint             n_reminders;
};

G_DEFINE_FINAL_TYPE (WhenceCasesView, whence_cases_view, ADW_TYPE_WINDOW)

enum {
  REOPEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * whence_case_store_open_default:
 *
 * Opens the case file in the person's data folder.
 *
 * Returns: (transfer full) (nullable): the store
 */
WhenceCaseStore *
whence_case_store_open_default (GError **error)
{
  g_autofree char *dir = whence_case_store_get_default_dir ();

  return whence_case_store_open (dir, error);
}

static void
toast (WhenceCasesView *self,
       const char      *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup (_("an unknown date"));
  local = g_date_time_to_local (date);
  /* Translators: a date as in "27 November 2026" */
  return g_date_time_format (local, _("%-d %B %Y"));
}

static void
clear_list (WhenceCasesView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_box_remove (self->list_box, child);
  g_hash_table_remove_all (self->rows);
}

/* Buttons carry their case id as data. */
static gint64
button_case_id (GtkWidget *button)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "whence-case-id");

  return id != NULL ? *id : 0;
}

static GtkWidget *
case_button_new (const char *mnemonic,
                 const char *accessible,
                 gint64      case_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);
  gint64 *id = g_new (gint64, 1);

  *id = case_id;
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "whence-case-id", id, g_free);
  return button;
}

static void
on_reopen_clicked (GtkButton       *button,
                   WhenceCasesView *self)
{
  g_autoptr(GError) error = NULL;

  if (!whence_cases_view_reopen_case (self, button_case_id (GTK_WIDGET (button)), &error))
    toast (self, error->message);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(WhenceCasesView) self = user_data;
  gint64 case_id = button_case_id (GTK_WIDGET (g_object_get_data (G_OBJECT (dialog), "whence-button")));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (whence_cases_view_export_case (self, case_id, folder, &error))
        toast (self, _("Case exported. The folder holds the email and a summary for the police."));
      else
        toast (self, error->message);
    }
  g_object_unref (dialog);
}

static void
on_export_clicked (GtkButton       *button,
                   WhenceCasesView *self)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export Case to a Folder"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "whence-button", g_object_ref (button), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    WhenceCasesView  *self)
{
  gint64 *case_id = g_object_get_data (G_OBJECT (dialog), "whence-case-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (whence_cases_view_delete_case (self, *case_id, &error))
    toast (self, _("Case deleted"));
  else
    toast (self, error->message);
}

/**
 * whence_cases_view_confirm_delete:
 *
 * Asks before deleting; the dialog's "delete" response deletes.
 *
 * Returns: (transfer none): the dialog, presented
 */
AdwMessageDialog *
whence_cases_view_confirm_delete (WhenceCasesView *self,
                                  gint64           case_id)
{
  GtkWidget *dialog;
  gint64 *id = g_new (gint64, 1);

  g_return_val_if_fail (WHENCE_IS_CASES_VIEW (self), NULL);

  *id = case_id;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete This Case?"),
                                   _("The saved email and the notes about your reports will be gone. "
                                     "Export the case first if you may need it later."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "whence-case-id", id, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
on_delete_clicked (GtkButton       *button,
                   WhenceCasesView *self)
{
  whence_cases_view_confirm_delete (self, button_case_id (GTK_WIDGET (button)));
}

/**
 * whence_cases_view_note_answer:
 * @report_id: the report that got an answer
 *
 * Records that the report was answered: its reminders stop.
 */
gboolean
whence_cases_view_note_answer (WhenceCasesView  *self,
                               gint64            report_id,
                               GError          **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (WHENCE_IS_CASES_VIEW (self), FALSE);

  /* Stored as a fixed word for the case file; shown translated. */
  if (!whence_case_store_set_report_outcome (self->store, report_id, "answered", now, error))
    return FALSE;
  whence_cases_view_reload (self);
  return TRUE;
}

static void
on_answered_clicked (GtkButton       *button,
                     WhenceCasesView *self)
{
  g_autoptr(GError) error = NULL;

  /* The button holds the report's id, not the case's. */
  if (whence_cases_view_note_answer (self, button_case_id (GTK_WIDGET (button)), &error))
    toast (self, _("Noted. Whence will not remind you about this report again."));
  else
    toast (self, error->message);
}

static GtkWidget *
answered_button_new (WhenceCasesView *self,
                     gint64           report_id)
{
  GtkWidget *button = case_button_new (_("_Got an Answer"), _("Note that they answered, and stop the reminders"),
                                       report_id);

  g_signal_connect_object (button, "clicked", G_CALLBACK (on_answered_clicked), self, 0);
  return button;
}

static GtkWidget *
case_row_new (WhenceCasesView *self,
              WhenceCase      *c)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *date = format_date (c->created);
  g_autofree char *title = g_markup_escape_text (c->title != NULL ? c->title : _("Email"), -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  WhenceCaseEmail *first = c->emails->len > 0 ? g_ptr_array_index (c->emails, 0) : NULL;
  const char *origin = first != NULL && first->origin_ip != NULL ? first->origin_ip : NULL;
  GtkWidget *buttons;
  GtkWidget *button;
  GtkWidget *actions;
  g_autoptr(WhenceCase) checked = NULL;

  if (origin != NULL)
    /* Translators: a date, then how many reports, then an internet address */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s · %u report · sent from %s",
                                             "%s · %u reports · sent from %s", c->reports->len),
                                date, c->reports->len, origin);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u report", "%s · %u reports",
                                             c->reports->len),
                                date, c->reports->len);
  escaped = g_markup_escape_text (subtitle, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), escaped);

  if (origin != NULL)
    {
      guint n_emails = 0;
      g_autoptr(GDateTime) first_seen = NULL;

      if (whence_case_store_count_origin (self->store, origin, NULL, &n_emails, &first_seen, NULL)
          && n_emails > 1)
        {
          g_autofree char *repeat = whence_case_describe_repeat (n_emails, first_seen, NULL);

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), whence_wrapping_row_new (repeat, NULL, "view-refresh-symbolic"));
        }
    }

  for (guint i = 0; i < c->reports->len; i++)
    {
      WhenceCaseReport *r = g_ptr_array_index (c->reports, i);
      g_autofree char *when = format_date (r->sent_at);
      /* Translators: to whom, how ("email app"), and a date */
      g_autofree char *what = g_strdup_printf (_("Reported to %s (%s) on %s"), r->recipient, r->method, when);
      GtkWidget *report_row = whence_wrapping_row_new (what, r->outcome != NULL ? _("They answered.") : NULL,
                                                       "mail-send-symbolic");

      if (r->outcome == NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (report_row), answered_button_new (self, r->id));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), report_row);
    }
  if (c->reports->len == 0)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              whence_wrapping_row_new (_("No report sent yet"), NULL, "dialog-information-symbolic"));

  /* The list does not hash the originals; reading the case does. */
  checked = whence_case_store_get_case (self->store, c->id, NULL);
  for (guint i = 0; checked != NULL && i < checked->emails->len; i++)
    {
      WhenceCaseEmail *e = g_ptr_array_index (checked->emails, i);

      if (!e->intact)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  whence_wrapping_row_new (_("The saved copy of an email was changed"),
                                                           _("It no longer matches its fingerprint, so it may not be "
                                                             "good evidence any more."),
                                                           "dialog-warning-symbolic"));
    }

  actions = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (actions), _("What to do with this case"));
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  button = case_button_new (_("_Reopen"), _("Show this email again"), c->id);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_reopen_clicked), self, 0);
  gtk_box_append (GTK_BOX (buttons), button);
  button = case_button_new (_("_Export…"), _("Save this case to a folder"), c->id);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_export_clicked), self, 0);
  gtk_box_append (GTK_BOX (buttons), button);
  button = case_button_new (_("_Delete…"), _("Delete this case"), c->id);
  gtk_widget_add_css_class (button, "destructive-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_delete_clicked), self, 0);
  gtk_box_append (GTK_BOX (buttons), button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (actions), buttons);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), actions);

  return row;
}

/**
 * whence_cases_view_reload:
 *
 * Reads the case file again: cases, newest first, and due reminders.
 */
void
whence_cases_view_reload (WhenceCasesView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) due = NULL;
  guint days;
  GtkWidget *group;

  g_return_if_fail (WHENCE_IS_CASES_VIEW (self));

  clear_list (self);
  self->n_cases = self->n_reminders = 0;

  cases = whence_case_store_list_cases (self->store, &error);
  if (cases == NULL)
    {
      group = adw_preferences_group_new ();
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 whence_wrapping_row_new (_("The case file could not be read"), error->message,
                                                          "dialog-warning-symbolic"));
      gtk_box_append (self->list_box, group);
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  days = self->settings != NULL ? g_settings_get_uint (self->settings, "reminder-days") : 14;
  due = whence_reminders_due (self->store, days, NULL, NULL);
  if (due != NULL && due->len > 0)
    {
      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Time to Check"));
      for (guint i = 0; i < due->len; i++)
        {
          WhenceReminder *reminder = g_ptr_array_index (due, i);

          GtkWidget *reminder_row = whence_wrapping_row_new (reminder->title, reminder->body, "alarm-symbolic");

          adw_action_row_add_suffix (ADW_ACTION_ROW (reminder_row), answered_button_new (self, reminder->report_id));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), reminder_row);
        }
      gtk_box_append (self->list_box, group);
      self->n_reminders = due->len;
    }

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Saved Cases"));
  for (guint i = 0; i < cases->len; i++)
    {
      WhenceCase *c = g_ptr_array_index (cases, i);
      GtkWidget *row = case_row_new (self, c);
      gint64 *key = g_new (gint64, 1);

      *key = c->id;
      g_hash_table_insert (self->rows, key, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_box_append (self->list_box, group);
  self->n_cases = cases->len;

  gtk_stack_set_visible_child_name (self->stack, cases->len > 0 || self->n_reminders > 0 ? "list" : "empty");
}

guint
whence_cases_view_get_n_cases (WhenceCasesView *self)
{
  g_return_val_if_fail (WHENCE_IS_CASES_VIEW (self), 0);
  return self->n_cases;
}

guint
whence_cases_view_get_n_reminders (WhenceCasesView *self)
{
  g_return_val_if_fail (WHENCE_IS_CASES_VIEW (self), 0);
  return self->n_reminders;
}

/**
 * whence_cases_view_get_case_row:
 *
 * Returns: (transfer none) (nullable): the row of a case
 */
GtkWidget *
whence_cases_view_get_case_row (WhenceCasesView *self,
                                gint64           case_id)
{
  g_return_val_if_fail (WHENCE_IS_CASES_VIEW (self), NULL);
  return g_hash_table_lookup (self->rows, &case_id);
}

/**
 * whence_cases_view_reopen_case:
 *
 * Emits ::reopen with the case's first original email, for the main window
 * to show again.
 */
gboolean
whence_cases_view_reopen_case (WhenceCasesView  *self,
                               gint64            case_id,
                               GError          **error)
{
  g_autoptr(WhenceCase) c = NULL;
  g_autoptr(GBytes) original = NULL;
  WhenceCaseEmail *email;

  g_return_val_if_fail (WHENCE_IS_CASES_VIEW (self), FALSE);

  c = whence_case_store_get_case (self->store, case_id, error);
  if (c == NULL)
    return FALSE;
  if (c->emails->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This case holds no email."));
      return FALSE;
    }
  email = g_ptr_array_index (c->emails, 0);
  original = whence_case_store_load_original (self->store, email->sha256, error);
  if (original == NULL)
    return FALSE;

  g_signal_emit (self, signals[REOPEN], 0, original,
                 email->source_name != NULL ? email->source_name : c->title);
  return TRUE;
}

gboolean
whence_cases_view_export_case (WhenceCasesView  *self,
                               gint64            case_id,
                               GFile            *folder,
                               GError          **error)
{
  g_return_val_if_fail (WHENCE_IS_CASES_VIEW (self), FALSE);

  return whence_case_store_export_case (self->store, case_id, folder, error);
}

gboolean
whence_cases_view_delete_case (WhenceCasesView  *self,
                               gint64            case_id,
                               GError          **error)
{
  g_return_val_if_fail (WHENCE_IS_CASES_VIEW (self), FALSE);

  if (!whence_case_store_delete_case (self->store, case_id, error))
    return FALSE;
  whence_cases_view_reload (self);
  return TRUE;
}

/**
 * whence_cases_view_new:
 * @parent: (nullable): the main window
 * @store: the case file
 */
WhenceCasesView *
whence_cases_view_new (GtkWindow       *parent,
                       WhenceCaseStore *store)
{
  WhenceCasesView *self;

  g_return_val_if_fail (WHENCE_IS_CASE_STORE (store), NULL);

  self = g_object_new (WHENCE_TYPE_CASES_VIEW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  whence_cases_view_reload (self);
  return self;
}

static void
whence_cases_view_dispose (GObject *object)
{
  WhenceCasesView *self = WHENCE_CASES_VIEW (object);

  if (self->rows != NULL)
    g_hash_table_remove_all (self->rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), WHENCE_TYPE_CASES_VIEW);

  G_OBJECT_CLASS (whence_cases_view_parent_class)->dispose (object);
}

static void
whence_cases_view_finalize (GObject *object)
{
  WhenceCasesView *self = WHENCE_CASES_VIEW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (whence_cases_view_parent_class)->finalize (object);
}

static void
whence_cases_view_class_init (WhenceCasesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = whence_cases_view_dispose;
  object_class->finalize = whence_cases_view_finalize;

  /**
   * WhenceCasesView::reopen:
   * @original: the untouched email
   * @name: what to call it
   */
  signals[REOPEN] = g_signal_new ("reopen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/whence-cases-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WhenceCasesView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WhenceCasesView, stack);
  gtk_widget_class_bind_template_child (widget_class, WhenceCasesView, list_box);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
whence_cases_view_init (WhenceCasesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = whence_settings_new_if_installed ();
  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}
