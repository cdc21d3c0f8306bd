/* dnd-source.c
 *
 * A stand-in file manager for the real drag-and-drop test: one window whose
 * label can be dragged, offering the files named on the command line as a
 * file list, the way Files does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gtk/gtk.h>

static GdkContentProvider *
on_prepare (GtkDragSource *source,
            double         x,
            double         y,
            GSList        *files)
{
  return gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, files);
}

int
main (int   argc,
      char *argv[])
{
  GtkWidget *window;
  GtkWidget *label;
  GtkDragSource *source;
  GSList *files = NULL;

  gtk_init ();

  for (int i = 1; i < argc; i++)
    files = g_slist_append (files, g_file_new_for_commandline_arg (argv[i]));

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "dnd-source");
  gtk_window_set_default_size (GTK_WINDOW (window), 200, 200);
  label = gtk_label_new ("Drag me");
  gtk_window_set_child (GTK_WINDOW (window), label);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (on_prepare), files);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (source));

  gtk_window_present (GTK_WINDOW (window));
  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    g_main_context_iteration (NULL, TRUE);

  return 0;
}
