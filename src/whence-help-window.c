/* whence-help-window.c
 *
 * "How do I save an email as a file?", per mail program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-help-window"

#include "config.h"

#include "whence-help-window.h"

struct _WhenceHelpWindow
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (WhenceHelpWindow, whence_help_window, ADW_TYPE_WINDOW)

static void
whence_help_window_class_init (WhenceHelpWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/whence-help-window.ui");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
whence_help_window_init (WhenceHelpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

WhenceHelpWindow *
whence_help_window_new (GtkWindow *parent)
{
  return g_object_new (WHENCE_TYPE_HELP_WINDOW, "transient-for", parent, NULL);
}
