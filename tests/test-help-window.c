/* test-help-window.c
 *
 * The built-in help: every topic opens, the back button and Alt+Left lead
 * home, and an unknown topic falls back to the list instead of a blank page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "whence-help-window.h"
#include "whence-test-widgets.h"

static const char *topics[] = {
  WHENCE_HELP_TOPIC_SAVE_EMAIL,
  WHENCE_HELP_TOPIC_WORM,
  WHENCE_HELP_TOPIC_INFECTED,
  WHENCE_HELP_TOPIC_FORM_REPLY,
  WHENCE_HELP_TOPIC_COURT,
};

static GtkWidget *
find_back_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "help.back") == 0)
        return child;
      if ((found = find_back_button (child)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_opens_on_list (void)
{
  WhenceHelpWindow *help = whence_help_window_new (NULL);
  GtkWidget *back = find_back_button (GTK_WIDGET (help));

  g_assert_cmpstr (whence_help_window_get_topic (help), ==, WHENCE_HELP_TOPIC_INDEX);
  g_assert_nonnull (back);
  g_assert_false (gtk_widget_get_visible (back));
  gtk_window_destroy (GTK_WINDOW (help));
}

static void
test_every_topic (void)
{
  WhenceHelpWindow *help = whence_help_window_new (NULL);
  GtkWidget *back = find_back_button (GTK_WIDGET (help));

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      /* As the rows on the list do it. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (help), "help.topic", "s", topics[i]));
      g_assert_cmpstr (whence_help_window_get_topic (help), ==, topics[i]);
      g_assert_true (gtk_widget_get_visible (back));

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (help), "help.back", NULL));
      g_assert_cmpstr (whence_help_window_get_topic (help), ==, WHENCE_HELP_TOPIC_INDEX);
      g_assert_false (gtk_widget_get_visible (back));
    }
  gtk_window_destroy (GTK_WINDOW (help));
}

static void
test_unknown_topic (void)
{
  WhenceHelpWindow *help = whence_help_window_new (NULL);

  whence_help_window_show_topic (help, WHENCE_HELP_TOPIC_WORM);
  whence_help_window_show_topic (help, "no-such-topic");
  g_assert_cmpstr (whence_help_window_get_topic (help), ==, WHENCE_HELP_TOPIC_INDEX);
  whence_help_window_show_topic (help, NULL);
  g_assert_cmpstr (whence_help_window_get_topic (help), ==, WHENCE_HELP_TOPIC_INDEX);
  gtk_window_destroy (GTK_WINDOW (help));
}

static void
test_show_opens_topic (void)
{
  WhenceHelpWindow *help = whence_help_show (NULL, WHENCE_HELP_TOPIC_COURT);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help)));
  g_assert_cmpstr (whence_help_window_get_topic (help), ==, WHENCE_HELP_TOPIC_COURT);
  gtk_window_destroy (GTK_WINDOW (help));
}

int
main (int   argc,
      char *argv[])
{
  if (!whence_test_init_display (&argc, &argv))
    return 0;

  g_test_add_func ("/help/opens-on-list", test_opens_on_list);
  g_test_add_func ("/help/every-topic", test_every_topic);
  g_test_add_func ("/help/unknown-topic", test_unknown_topic);
  g_test_add_func ("/help/show-opens-topic", test_show_opens_topic);

  return g_test_run ();
}
