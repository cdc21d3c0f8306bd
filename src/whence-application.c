/* whence-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-application"

#include "config.h"

#include <glib/gi18n.h>

#include "whence-application.h"
#include "whence-message.h"
#include "whence-renderer.h"
#include "whence-window.h"
#include "whence-wizard-window.h"

struct _WhenceApplication
{
  AdwApplication parent_instance;

  gboolean       reminders_checked;
};

G_DEFINE_FINAL_TYPE (WhenceApplication, whence_application, ADW_TYPE_APPLICATION)

static WhenceWindow *
get_or_create_window (WhenceApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (whence_window_new (self));

  return WHENCE_WINDOW (window);
}

/* Once per run, when the first window is up: reminders that are due. */
static void
check_reminders_once (WhenceApplication *self,
                      WhenceWindow      *window)
{
  if (self->reminders_checked)
    return;
  self->reminders_checked = TRUE;
  whence_window_check_reminders (window);
}

static void
whence_application_activate (GApplication *app)
{
  WhenceWindow *window = get_or_create_window (WHENCE_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  check_reminders_once (WHENCE_APPLICATION (app), window);
}

static void
whence_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  WhenceWindow *window = get_or_create_window (WHENCE_APPLICATION (app));
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (list, g_object_ref (files[i]));

  gtk_window_present (GTK_WINDOW (window));
  whence_window_load_files (window, list);
  check_reminders_once (WHENCE_APPLICATION (app), window);
}

static void
whence_application_startup (GApplication *app)
{
  static const char *open_accels[] = { "<Primary>o", NULL };
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *close_accels[] = { "<Primary>w", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *start_over_accels[] = { "<Primary>n", NULL };
  static const char *cases_accels[] = { "<Primary>l", NULL };
  static const char *overlay_accels[] = { "<Primary>question", NULL };

  G_APPLICATION_CLASS (whence_application_parent_class)->startup (app);

  whence_renderer_choose ();
  whence_core_init ();
  gtk_window_set_default_icon_name (APP_ID);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.start-over", start_over_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-cases", cases_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", overlay_accels);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Whence developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Whence"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Whence developers"),
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_BUGREPORTS,
                         "comments", _("Whence shows where a suspicious email really came from, "
                                       "and helps you tell the people who can act on it."),
                         "developers", developers,
                         "copyright", "© 2026 The Whence developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: Replace "translator-credits" with your name/username, and optionally an email or URL. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* The reminder notification's button. */
static void
open_case_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  WhenceWindow *window = get_or_create_window (WHENCE_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (window));
  whence_window_show_cases (window);
}

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "quit", quit_activated },
  { "open-case", open_case_activated, "x" },
};

static int
whence_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
whence_application_class_init (WhenceApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = whence_application_activate;
  app_class->open = whence_application_open;
  app_class->startup = whence_application_startup;
  app_class->handle_local_options = whence_application_handle_local_options;
}

static void
whence_application_init (WhenceApplication *self)
{
  static const GOptionEntry options[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open emails to see where they came from.\n"
                                              "Run “whence trace --help” for the command-line tracer."));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
}

WhenceApplication *
whence_application_new (void)
{
  return g_object_new (WHENCE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}
