/* whence-window-dnd.c
 *
 * Emails arrive by drag and drop from two kinds of programs: file managers
 * hand over a file list (or text/uri-list), mail programs hand over the
 * message itself (message/rfc822) or its text. All of them land here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-window-dnd"

#include "config.h"

#include <glib/gi18n.h>

#include "whence-message.h"
#include "whence-window-private.h"

#define RFC822_MIME_TYPE "message/rfc822"

/* GTK knows how to turn file lists and text into values, but not an email. */
static void
on_rfc822_spliced (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GdkContentDeserializer *deserializer = user_data;
  GOutputStream *memory = G_OUTPUT_STREAM (source);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  if (g_output_stream_splice_finish (memory, result, &error) < 0)
    {
      gdk_content_deserializer_return_error (deserializer, g_steal_pointer (&error));
      return;
    }

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  g_value_take_boxed (gdk_content_deserializer_get_value (deserializer), bytes);
  gdk_content_deserializer_return_success (deserializer);
}

static void
deserialize_rfc822 (GdkContentDeserializer *deserializer)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();

  g_output_stream_splice_async (memory,
                                gdk_content_deserializer_get_input_stream (deserializer),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                gdk_content_deserializer_get_priority (deserializer),
                                gdk_content_deserializer_get_cancellable (deserializer),
                                on_rfc822_spliced, deserializer);
}

static gboolean
on_drop_accept (GtkDropTarget *target,
                GdkDrop       *drop,
                WhenceWindow  *self)
{
  /* Dragging something from inside the window onto itself is not a drop. */
  if (gdk_drop_get_drag (drop) != NULL)
    return FALSE;

  return gdk_content_formats_match_gtype (gtk_drop_target_get_formats (target),
                                          gdk_drop_get_formats (drop)) != G_TYPE_INVALID;
}

static void
on_current_drop_changed (GtkDropTarget *target,
                         GParamSpec    *pspec,
                         WhenceWindow  *self)
{
  gtk_revealer_set_reveal_child (self->drop_revealer,
                                 gtk_drop_target_get_current_drop (target) != NULL);
}

static gboolean
text_is_uri_list (const char *text)
{
  return g_str_has_prefix (text, "file://");
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         WhenceWindow  *self)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *list = g_value_get_boxed (value);
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (GSList *l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, g_object_ref (l->data));
      whence_window_load_files (self, files);
      return files->len > 0;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_BYTES))
    {
      GBytes *bytes = g_value_get_boxed (value);

      if (bytes == NULL)
        return FALSE;
      whence_window_load_bytes (self, bytes, _("Dropped email"));
      return TRUE;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_STRING))
    {
      const char *text = g_value_get_string (value);

      if (text == NULL || *text == '\0')
        return FALSE;

      if (text_is_uri_list (text))
        {
          g_auto(GStrv) uris = g_uri_list_extract_uris (text);
          g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

          for (guint i = 0; uris[i] != NULL; i++)
            g_ptr_array_add (files, g_file_new_for_uri (uris[i]));
          whence_window_load_files (self, files);
        }
      else
        whence_window_load_text (self, text);
      return TRUE;
    }

  return FALSE;
}

void
_whence_window_class_init_dnd (GtkWidgetClass *widget_class)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      gdk_content_register_deserializer (RFC822_MIME_TYPE, G_TYPE_BYTES,
                                         deserialize_rfc822, NULL, NULL);
      g_once_init_leave (&registered, 1);
    }
}

void
_whence_window_init_dnd (WhenceWindow *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_BYTES, G_TYPE_STRING };

  /* Order is preference: a real file beats the message data, which beats text. */
  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (target), "whence-drop-target");

  g_signal_connect (target, "accept", G_CALLBACK (on_drop_accept), self);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  g_signal_connect (target, "notify::current-drop", G_CALLBACK (on_current_drop_changed), self);

  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
