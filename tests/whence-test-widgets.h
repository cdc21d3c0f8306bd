/* whence-test-widgets.h
 *
 * Helpers the widget tests share: starting GTK or skipping cleanly, finding
 * widgets by what a person sees, and saving screenshots on request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean   whence_test_init_display       (int         *argc,
                                           char      ***argv);
GtkWidget *whence_test_find_button        (GtkWidget   *root,
                                           const char  *label);
GtkWidget *whence_test_find_of_type       (GtkWidget   *root,
                                           GType        type);
int        whence_test_narrowest_width    (GtkWidget   *widget);
gboolean   whence_test_any_label_contains (GtkWidget   *root,
                                           const char  *text);
void       whence_test_screenshot         (GtkWidget   *widget,
                                           const char  *file_name);

G_END_DECLS
