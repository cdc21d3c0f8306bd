/* whence-help-window.c
 *
 * The built-in help: a list of short topics, one page each. Plain labels
 * only, so no HTML engine is ever needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-help-window"

#include "config.h"

#include "whence-help-window.h"

struct _WhenceHelpWindow
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *back_button;
  GtkStack *stack;
};

G_DEFINE_FINAL_TYPE (WhenceHelpWindow, whence_help_window, ADW_TYPE_WINDOW)

static void
on_visible_child_changed (WhenceHelpWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);
  gboolean is_index = g_strcmp0 (name, WHENCE_HELP_TOPIC_INDEX) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !is_index);
  if (child != NULL)
    {
      const char *title = gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child));

      /* The window's own title too, so screen readers announce the page. */
      adw_window_title_set_title (self->window_title, title);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
}

static void
topic_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  whence_help_window_show_topic (WHENCE_HELP_WINDOW (widget),
                                 g_variant_get_string (parameter, NULL));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  whence_help_window_show_topic (WHENCE_HELP_WINDOW (widget), WHENCE_HELP_TOPIC_INDEX);
}

static void
whence_help_window_class_init (WhenceHelpWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/whence-help-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WhenceHelpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, WhenceHelpWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, WhenceHelpWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_child_changed);

  gtk_widget_class_install_action (widget_class, "help.topic", "s", topic_action);
  gtk_widget_class_install_action (widget_class, "help.back", NULL, back_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "help.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "help.back", NULL);
}

static void
whence_help_window_init (WhenceHelpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  on_visible_child_changed (self);
}

/**
 * whence_help_window_new:
 * @parent: (nullable): the window the help belongs to
 *
 * Returns: (transfer floating): a help window showing the list of topics
 */
WhenceHelpWindow *
whence_help_window_new (GtkWindow *parent)
{
  return g_object_new (WHENCE_TYPE_HELP_WINDOW, "transient-for", parent, NULL);
}

/**
 * whence_help_window_show_topic:
 * @self: a #WhenceHelpWindow
 * @topic: one of the `WHENCE_HELP_TOPIC_*` names
 *
 * Shows one topic. An unknown name shows the list of topics, so an old
 * link never leaves the window blank.
 */
void
whence_help_window_show_topic (WhenceHelpWindow *self,
                               const char       *topic)
{
  g_return_if_fail (WHENCE_IS_HELP_WINDOW (self));

  if (topic == NULL || gtk_stack_get_child_by_name (self->stack, topic) == NULL)
    {
      if (topic != NULL)
        g_debug ("No help topic named “%s”", topic);
      topic = WHENCE_HELP_TOPIC_INDEX;
    }

  gtk_stack_set_visible_child_name (self->stack, topic);

  /* Keyboard users land on "Back" in a topic and on the list at home, never
   * on a widget the stack just hid. */
  if (g_strcmp0 (topic, WHENCE_HELP_TOPIC_INDEX) == 0)
    gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->back_button));
}

/**
 * whence_help_window_get_topic:
 * @self: a #WhenceHelpWindow
 *
 * Returns: the name of the topic on screen
 */
const char *
whence_help_window_get_topic (WhenceHelpWindow *self)
{
  g_return_val_if_fail (WHENCE_IS_HELP_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * whence_help_show:
 * @parent: (nullable): the window the help belongs to
 * @topic: (nullable): a `WHENCE_HELP_TOPIC_*` name, or %NULL for the list
 *
 * Opens the help on @topic, as the menu, F1 and the "How do I…" buttons do.
 *
 * Returns: (transfer none): the help window, owned by GTK's window list
 */
WhenceHelpWindow *
whence_help_show (GtkWindow  *parent,
                  const char *topic)
{
  WhenceHelpWindow *help = whence_help_window_new (parent);

  /* No slide on the first page: the window opens on the topic asked for. */
  gtk_stack_set_transition_type (help->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  whence_help_window_show_topic (help, topic);
  gtk_stack_set_transition_type (help->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_window_present (GTK_WINDOW (help));

  return help;
}
