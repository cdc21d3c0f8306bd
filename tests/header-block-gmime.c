/* header-block-gmime.c
 *
 * whence_header_block_split() held against GMime's own parser on the same
 * bytes: the fields (name, name as written, raw value, in order) and where
 * the body starts. Shared by test-header-block and fuzz-header-block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "header-block-gmime.h"
#include "whence-gmime-private.h"
#include "whence-header-block.h"

static void
add_headers (GPtrArray   *headers,
             GMimeObject *object)
{
  GMimeHeaderList *list = g_mime_object_get_header_list (object);
  int count = g_mime_header_list_get_count (list);

  for (int i = 0; i < count; i++)
    g_ptr_array_add (headers, g_mime_header_list_get_header_at (list, i));
}

static int
by_offset (gconstpointer a,
           gconstpointer b)
{
  gint64 oa = g_mime_header_get_offset (*(GMimeHeader **) a);
  gint64 ob = g_mime_header_get_offset (*(GMimeHeader **) b);

  return oa < ob ? -1 : oa > ob;
}

/**
 * header_block_compare_with_gmime:
 * @why: (out): on %HEADER_BLOCK_DIFFERS, the difference
 */
HeaderBlockVerdict
header_block_compare_with_gmime (const char  *data,
                                 gsize        len,
                                 char       **why)
{
  g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (WhenceHeaderSlice));
  g_autoptr(GString) store = g_string_new (NULL);
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  GMimeObject *body_part;
  gsize body = 0;
  gint64 headers_end;

  if (!whence_header_block_split (data, len, slices, store, &body))
    {
      if (slices->len != 0 || store->len != 0)
        {
          *why = g_strdup ("declined, but left fields behind");
          return HEADER_BLOCK_DIFFERS;
        }
      return HEADER_BLOCK_LEFT_TO_GMIME;
    }

  stream = g_mime_stream_mem_new_with_buffer (data, len);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
  message = g_mime_parser_construct_message (parser, NULL);
  if (message == NULL)
    {
      *why = g_strdup ("the splitter read headers where GMime found none");
      return HEADER_BLOCK_DIFFERS;
    }

  /* GMime puts the Content-* headers on the body part: merged back in the
   * order they were read. */
  add_headers (headers, GMIME_OBJECT (message));
  body_part = g_mime_message_get_mime_part (message);
  if (body_part != NULL)
    add_headers (headers, body_part);
  g_ptr_array_sort (headers, by_offset);
  if (headers->len != slices->len)
    {
      *why = g_strdup_printf ("%u fields, GMime has %u", slices->len, headers->len);
      return HEADER_BLOCK_DIFFERS;
    }

  for (guint i = 0; i < slices->len; i++)
    {
      const WhenceHeaderSlice *slice = &g_array_index (slices, WhenceHeaderSlice, i);
      GMimeHeader *header = g_ptr_array_index (headers, i);

      if (g_strcmp0 (store->str + slice->name, g_mime_header_get_name (header)) != 0
          || g_strcmp0 (store->str + slice->raw_name, g_mime_header_get_raw_name (header)) != 0
          || g_strcmp0 (store->str + slice->raw_value, g_mime_header_get_raw_value (header)) != 0)
        {
          *why = g_strdup_printf ("field %u is “%s”/“%s”, GMime has “%s”/“%s”", i,
                                  store->str + slice->raw_name, store->str + slice->raw_value,
                                  g_mime_header_get_raw_name (header), g_mime_header_get_raw_value (header));
          return HEADER_BLOCK_DIFFERS;
        }
    }

  /* GMime says where the blank line that ends the headers starts. */
  headers_end = g_mime_parser_get_headers_end (parser);
  if (headers_end < 0 || body != (gsize) headers_end + (data[headers_end] == '\r' ? 2 : 1))
    {
      *why = g_strdup_printf ("the body starts at %" G_GSIZE_FORMAT ", GMime's blank line at %" G_GINT64_FORMAT,
                              body, headers_end);
      return HEADER_BLOCK_DIFFERS;
    }

  return HEADER_BLOCK_AGREES;
}
