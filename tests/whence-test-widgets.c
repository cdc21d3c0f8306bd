/* whence-test-widgets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "whence-test-widgets.h"

/**
 * whence_test_init_display:
 *
 * g_test_init(), then GTK and libadwaita. Without a display it prints the
 * TAP plan that says "skipped" and returns %FALSE: main() then returns 0.
 */
gboolean
whence_test_init_display (int    *argc,
                          char ***argv)
{
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}

/* The first button below @root (or @root itself) whose label is @label. */
GtkWidget *
whence_test_find_button (GtkWidget  *root,
                         const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = whence_test_find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first widget below @root (or @root itself) of @type, depth first. */
GtkWidget *
whence_test_find_of_type (GtkWidget *root,
                          GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = whence_test_find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* How narrow @widget can be, in pixels. */
int
whence_test_narrowest_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Whether any label below @root (or @root itself), shown or not, has @text in it. */
gboolean
whence_test_any_label_contains (GtkWidget  *root,
                                const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (whence_test_any_label_contains (child, text))
      return TRUE;
  return FALSE;
}

/**
 * whence_test_screenshot:
 * @widget: a widget in a shown window
 * @file_name: the PNG's name
 *
 * With WHENCE_SCREENSHOT_DIR set, lets the window settle for 0.6 s and saves
 * @widget there as @file_name, for a person to look at. Otherwise nothing.
 */
void
whence_test_screenshot (GtkWidget  *widget,
                        const char *file_name)
{
  const char *dir = g_getenv ("WHENCE_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  gint64 end = g_get_monotonic_time () + 600 * 1000;
  int width, height;

  if (dir == NULL)
    return;
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                        &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file_name, NULL);
  gdk_texture_save_to_png (texture, path);
}
