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
