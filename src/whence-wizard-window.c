/* whence-wizard-window.c
 *
 * The main window's side of reporting: win.report opens the wizard for one
 * email, win.show-cases the Cases window, and due reminders are shown once
 * at start (as notifications, or a toast pointing at Cases when no
 * notification server is there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-wizard-window"

#include "config.h"

#include <glib/gi18n.h>

#include "whence-notifier.h"
#include "whence-window-private.h"
#include "whence-wizard-window.h"

#define STORE_KEY "whence-case-store"

/**
 * whence_window_get_case_store:
 *
 * Opens the case file on first use and keeps it with the window.
 *
 * Returns: (transfer none) (nullable): the case file
 */
WhenceCaseStore *
whence_window_get_case_store (WhenceWindow  *window,
                              GError       **error)
{
  WhenceCaseStore *store = g_object_get_data (G_OBJECT (window), STORE_KEY);

  if (store == NULL)
    {
      store = whence_case_store_open_default (error);
      if (store == NULL)
        return NULL;
      g_object_set_data_full (G_OBJECT (window), STORE_KEY, store, g_object_unref);
    }
  return store;
}

/**
 * whence_window_open_wizard:
 * @index: the email's position, as win.report's parameter
 *
 * Returns: (transfer none) (nullable): the wizard, presented
 */
WhenceWizard *
whence_window_open_wizard (WhenceWindow *window,
                           guint         index)
{
  g_autoptr(GError) error = NULL;
  WhenceCaseStore *store;
  WhenceWizard *wizard;

  g_return_val_if_fail (WHENCE_IS_WINDOW (window), NULL);

  if (index >= window->messages->len)
    return NULL;

  /* Without a case file the wizard still helps; it just cannot remember. */
  store = whence_window_get_case_store (window, &error);
  if (store == NULL)
    g_warning ("No case file: %s", error->message);

  wizard = whence_wizard_new (GTK_WINDOW (window),
                              g_ptr_array_index (window->messages, index),
                              g_ptr_array_index (window->traces, index),
                              store);
  /* The person already let Whence look this computer up: do not ask again. */
  if (window->shown_index == (int) index
      && whence_result_page_get_lookup_result (window->result_page) != NULL)
    whence_wizard_set_lookup_result (wizard, whence_result_page_get_lookup_result (window->result_page));
  gtk_window_present (GTK_WINDOW (wizard));
  return wizard;
}

static void
on_reopen (WhenceCasesView *view,
           GBytes          *original,
           const char      *name,
           WhenceWindow    *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  whence_window_load_bytes (window, original, name);
  gtk_window_close (GTK_WINDOW (view));
}

/**
 * whence_window_show_cases:
 *
 * Returns: (transfer none) (nullable): the Cases window, presented
 */
WhenceCasesView *
whence_window_show_cases (WhenceWindow *window)
{
  g_autoptr(GError) error = NULL;
  WhenceCaseStore *store;
  WhenceCasesView *view;

  g_return_val_if_fail (WHENCE_IS_WINDOW (window), NULL);

  store = whence_window_get_case_store (window, &error);
  if (store == NULL)
    {
      adw_toast_overlay_add_toast (window->toast_overlay, adw_toast_new (error->message));
      return NULL;
    }

  view = whence_cases_view_new (GTK_WINDOW (window), store);
  g_signal_connect_object (view, "reopen", G_CALLBACK (on_reopen), window, 0);
  gtk_window_present (GTK_WINDOW (view));
  return view;
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  whence_window_open_wizard (WHENCE_WINDOW (widget), g_variant_get_uint32 (parameter));
}

static void
show_cases_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  whence_window_show_cases (WHENCE_WINDOW (widget));
}

void
_whence_window_class_init_report (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.report", "u", report_action);
  gtk_widget_class_install_action (widget_class, "win.show-cases", NULL, show_cases_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.show-cases", NULL);
}

static void
on_toast_open_cases (AdwToast     *toast,
                     WhenceWindow *window)
{
  whence_window_show_cases (window);
}

/**
 * whence_window_check_reminders:
 *
 * Shows the reminders that are due as notifications. Those no notification
 * server took stay in the Cases window, and one toast says so: never an
 * error dialog.
 *
 * Returns: how many reminders are due
 */
guint
whence_window_check_reminders (WhenceWindow *window)
{
  g_autoptr(GPtrArray) not_shown = NULL;
  g_autoptr(GSettings) settings = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  WhenceCaseStore *store;
  guint days = 14;
  guint shown;

  g_return_val_if_fail (WHENCE_IS_WINDOW (window), 0);

  store = whence_window_get_case_store (window, NULL);
  if (store == NULL)
    return 0;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.whence.Whence", TRUE);
  if (schema != NULL)
    {
      settings = g_settings_new_full (schema, NULL, NULL);
      days = g_settings_get_uint (settings, "reminder-days");
    }

  shown = whence_notifier_show_due (app != NULL ? G_ACTION_GROUP (app) : NULL, store, days, &not_shown);
  if (not_shown->len > 0)
    {
      AdwToast *toast = adw_toast_new (g_dngettext (GETTEXT_PACKAGE,
                                                    "A report is waiting for an answer",
                                                    "Some reports are waiting for an answer",
                                                    not_shown->len));

      adw_toast_set_button_label (toast, _("Open Cases"));
      adw_toast_set_timeout (toast, 10);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_toast_open_cases), window, 0);
      g_set_weak_pointer (&window->last_toast, toast);
      adw_toast_overlay_add_toast (window->toast_overlay, toast);
    }
  return shown + not_shown->len;
}
