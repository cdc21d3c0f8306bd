/* whence-ui-util.h
 *
 * Small helpers that several widgets of the window share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GSettings *whence_settings_new_if_installed (void);
GtkWidget *whence_wrapping_row_new          (const char *title,
                                             const char *subtitle,
                                             const char *icon_name);
void       whence_button_set_mnemonic_label (GtkButton  *button,
                                             const char *label);

G_END_DECLS
