/* whence-json-writer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends compact JSON text to a GString, byte for byte as JSON-GLib 1.6's
 * JsonGenerator prints the same values without pretty printing. Lives on
 * the stack; the caller keeps members and elements in a valid order. */
typedef struct
{
  GString  *out;
  gboolean  need_comma;  /* a value or container just ended at this level */
} WhenceJsonWriter;

void whence_json_writer_init         (WhenceJsonWriter *writer,
                                      GString          *out);

void whence_json_writer_begin_object (WhenceJsonWriter *writer);
void whence_json_writer_end_object   (WhenceJsonWriter *writer);
void whence_json_writer_begin_array  (WhenceJsonWriter *writer);
void whence_json_writer_end_array    (WhenceJsonWriter *writer);

void whence_json_writer_member       (WhenceJsonWriter *writer,
                                      const char       *name);

void whence_json_writer_string       (WhenceJsonWriter *writer,
                                      const char       *value);
void whence_json_writer_int          (WhenceJsonWriter *writer,
                                      gint64            value);
void whence_json_writer_boolean      (WhenceJsonWriter *writer,
                                      gboolean          value);
void whence_json_writer_null         (WhenceJsonWriter *writer);

void whence_json_writer_escape       (GString          *out,
                                      const char       *text);

G_END_DECLS
