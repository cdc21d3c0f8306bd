/* whence-json-writer.c
 *
 * `whence trace --json` prints one object per email, and building a JsonNode
 * tree only to print it cost about a sixth of the whole run (0.57 M
 * instructions an email). This writes the same text straight into a GString. Its output must stay byte-identical to
 * JSON-GLib 1.6's JsonGenerator (compact), which scripts have already seen:
 * tests/test-json-writer.c compares the two on every byte value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-json-writer"

#include "config.h"

#include <string.h>

#include "whence-json-writer.h"

/* JSON-GLib's escaping, including its quirks: 0x1f is left as it is (its
 * test is `< 0x1f`), DEL becomes \u007f, '/' and every byte of a multi-byte
 * character pass through. 'u' means \u00xx with lower-case hex digits. */
static const char escapes[256] = {
  [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u', [0x05] = 'u',
  [0x06] = 'u', [0x07] = 'u', [0x08] = 'b', [0x09] = 't', [0x0a] = 'n',
  [0x0b] = 'u', [0x0c] = 'f', [0x0d] = 'r', [0x0e] = 'u', [0x0f] = 'u',
  [0x10] = 'u', [0x11] = 'u', [0x12] = 'u', [0x13] = 'u', [0x14] = 'u',
  [0x15] = 'u', [0x16] = 'u', [0x17] = 'u', [0x18] = 'u', [0x19] = 'u',
  [0x1a] = 'u', [0x1b] = 'u', [0x1c] = 'u', [0x1d] = 'u', [0x1e] = 'u',
  ['"'] = '"', ['\\'] = '\\', [0x7f] = 'u',
};

/* GLib 2.74's g_string_append_len() is a call into g_string_insert_len(),
 * which costs more than the few bytes of most tokens; copy in place when
 * they fit (GLib 2.76 inlines the same way). */
static inline void
append (GString    *out,
        const char *bytes,
        gsize       n)
{
  if (G_LIKELY (out->len + n < out->allocated_len))
    {
      memcpy (out->str + out->len, bytes, n);
      out->len += n;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, bytes, n);
}

/**
 * whence_json_writer_escape:
 * @out: where to append
 * @text: NUL-terminated text, without the quotes
 *
 * Appends @text escaped as JSON-GLib escapes a string or member name. Bytes
 * of @text are not checked for UTF-8.
 */
void
whence_json_writer_escape (GString    *out,
                           const char *text)
{
  const guchar *run = (const guchar *) text;
  const guchar *p;

  for (p = run; *p != '\0'; p++)
    {
      char kind = escapes[*p];

      if (G_LIKELY (kind == 0))
        continue;

      append (out, (const char *) run, p - run);
      run = p + 1;
      if (kind == 'u')
        {
          static const char hex[] = "0123456789abcdef";
          char sequence[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 0xf] };

          append (out, sequence, sizeof sequence);
        }
      else
        {
          char sequence[2] = { '\\', kind };

          append (out, sequence, sizeof sequence);
        }
    }
  append (out, (const char *) run, p - run);
}

/**
 * whence_json_writer_init:
 * @writer: a writer, usually on the stack
 * @out: where the text goes; the writer appends, it never truncates
 */
void
whence_json_writer_init (WhenceJsonWriter *writer,
                         GString          *out)
{
  writer->out = out;
  writer->need_comma = FALSE;
}

static inline void
separate (WhenceJsonWriter *writer)
{
  if (writer->need_comma)
    g_string_append_c (writer->out, ',');
}

static inline void
open_container (WhenceJsonWriter *writer,
                char              bracket)
{
  separate (writer);
  g_string_append_c (writer->out, bracket);
  writer->need_comma = FALSE;
}

static inline void
close_container (WhenceJsonWriter *writer,
                 char              bracket)
{
  g_string_append_c (writer->out, bracket);
  writer->need_comma = TRUE;
}

void
whence_json_writer_begin_object (WhenceJsonWriter *writer)
{
  open_container (writer, '{');
}

void
whence_json_writer_end_object (WhenceJsonWriter *writer)
{
  close_container (writer, '}');
}

void
whence_json_writer_begin_array (WhenceJsonWriter *writer)
{
  open_container (writer, '[');
}

void
whence_json_writer_end_array (WhenceJsonWriter *writer)
{
  close_container (writer, ']');
}

/**
 * whence_json_writer_member:
 * @writer: a writer inside an object
 * @name: the member name, UTF-8
 *
 * Starts a member; exactly one value or container must follow.
 */
void
whence_json_writer_member (WhenceJsonWriter *writer,
                           const char       *name)
{
  separate (writer);
  g_string_append_c (writer->out, '"');
  whence_json_writer_escape (writer->out, name);
  append (writer->out, "\":", 2);
  writer->need_comma = FALSE;
}

/**
 * whence_json_writer_string:
 * @writer: a writer
 * @value: (nullable): any bytes; %NULL is written as `null`
 *
 * Headers carry raw 8-bit bytes and the JSON must stay valid UTF-8, so
 * invalid sequences are replaced as g_utf8_make_valid() replaces them.
 */
void
whence_json_writer_string (WhenceJsonWriter *writer,
                           const char       *value)
{
  if (value == NULL)
    {
      whence_json_writer_null (writer);
      return;
    }

  separate (writer);
  g_string_append_c (writer->out, '"');
  if (G_LIKELY (g_utf8_validate (value, -1, NULL)))
    whence_json_writer_escape (writer->out, value);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      whence_json_writer_escape (writer->out, valid);
    }
  g_string_append_c (writer->out, '"');
  writer->need_comma = TRUE;
}

void
whence_json_writer_int (WhenceJsonWriter *writer,
                        gint64            value)
{
  char digits[24];
  char *p = digits + sizeof digits;
  /* Negating in unsigned arithmetic keeps G_MININT64 exact. */
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    *--p = '-';

  separate (writer);
  append (writer->out, p, digits + sizeof digits - p);
  writer->need_comma = TRUE;
}

void
whence_json_writer_boolean (WhenceJsonWriter *writer,
                            gboolean          value)
{
  separate (writer);
  if (value)
    append (writer->out, "true", 4);
  else
    append (writer->out, "false", 5);
  writer->need_comma = TRUE;
}

void
whence_json_writer_null (WhenceJsonWriter *writer)
{
  separate (writer);
  append (writer->out, "null", 4);
  writer->need_comma = TRUE;
}
