/* whence-ui-util.c
 *
 * Small helpers that several widgets of the window share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-ui-util"

#include "config.h"

#include <adwaita.h>

#include "whence-ui-util.h"

/**
 * whence_settings_new_if_installed:
 *
 * Returns: (transfer full) (nullable): the app's settings, or %NULL when
 *   the schema is not installed
 */
GSettings *
whence_settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Running from a build tree without the schema must not abort. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.whence.Whence", TRUE);

  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/**
 * whence_wrapping_row_new:
 * @title: the row's text, shown as written (it is escaped here)
 * @subtitle: (nullable): a second line, shown as written
 * @icon_name: (nullable): an icon at the start of the row
 *
 * A row whose title and subtitle wrap instead of being cut short, so long
 * sentences stay readable.
 *
 * Returns: (transfer floating): a new #AdwActionRow
 */
GtkWidget *
whence_wrapping_row_new (const char *title,
                         const char *subtitle,
                         const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  return row;
}

/**
 * whence_button_set_mnemonic_label:
 * @button: a button
 * @label: its label, with a mnemonic underscore ("_Next")
 *
 * Sets the label and tells screen readers the plain words. GTK 4.8 reads a
 * button's "label" property out as its name, underscore and all ("_Next
 * Next"); the label widget's own text has the mnemonic removed.
 */
void
whence_button_set_mnemonic_label (GtkButton  *button,
                                  const char *label)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_BUTTON (button));
  g_return_if_fail (label != NULL);

  gtk_button_set_label (button, label);
  gtk_button_set_use_underline (button, TRUE);
  child = gtk_button_get_child (button);
  if (GTK_IS_LABEL (child))
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (GTK_LABEL (child)),
                                    -1);
}
