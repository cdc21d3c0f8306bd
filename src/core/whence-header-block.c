/* whence-header-block.c
 *
 * Splits the header block of an email into its fields, exactly as GMime's
 * parser does (gmime-parser.c: step_headers() and header_buffer_parse()),
 * so that the trace can read the headers without handing them to GMime,
 * which makes an object of each one and decodes it: most of the cost of a
 * trace. Only the common case is split here; for anything else (no blank
 * line before the end, a first line that is not a header, a NUL byte) this
 * says no and GMime reads the email itself. tests/test-header-block.c holds
 * the split against GMime's own, over real and mutated mail.
 *
 * This is not a MIME parser: the parts are always GMime's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-header-block"

#include "config.h"

#include <string.h>

#include "whence-header-block.h"

/* GMime's is_blank() and is_ctrl() (gmime-table-private.h). */
static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static inline gboolean
is_ctrl (char c)
{
  return (guchar) c < 0x20 || c == 0x7f;
}

/* Where the field name of @field ends (at its colon), or -1 when it is no
 * header: GMime allows blanks between the name and the colon, but none
 * inside the name, and no control characters. @bad_at (nullable) is where
 * it stopped. */
static gssize
scan_name (const char *field,
           gsize       len,
           gsize      *bad_at)
{
  gboolean blank = FALSE;
  gsize i;

  for (i = 0; i < len; i++)
    {
      if (field[i] == ':')
        return i;
      if (is_blank (field[i]))
        blank = TRUE;
      else if (blank || is_ctrl (field[i]))
        break;
    }

  if (bad_at != NULL)
    *bad_at = i;
  return -1;
}

/* GMime's is_mbox_marker (…, TRUE) over what it scanned of the line. */
static gboolean
is_from_line (const char *line,
              gsize       scanned)
{
  if (scanned > 0 && *line == '>')
    {
      line++;
      scanned--;
    }

  return scanned >= 5 && strncmp (line, "From ", 5) == 0;
}

/* header_buffer_parse(): a field that is no header is dropped. */
static void
add_field (const char *field,
           gsize       len,
           GArray     *slices,
           GString    *store)
{
  gssize colon = scan_name (field, len, NULL);
  WhenceHeaderSlice slice;
  gsize trimmed;

  if (colon < 0)
    return;

  trimmed = colon;
  while (trimmed > 0 && is_blank (field[trimmed - 1]))
    trimmed--;

  slice.raw_name = store->len;
  g_string_append_len (store, field, colon);
  g_string_append_c (store, '\0');
  slice.name = store->len;
  g_string_append_len (store, field, trimmed);
  g_string_append_c (store, '\0');
  slice.raw_value = store->len;
  g_string_append_len (store, field + colon + 1, len - colon - 1);
  g_string_append_c (store, '\0');
  g_array_append_val (slices, slice);
}

/**
 * whence_header_block_split:
 * @data: an email, from its first header line
 * @len: its length
 * @slices: (element-type WhenceHeaderSlice): where the fields are added
 * @store: where their text is kept
 * @body_offset: (out): where the body starts, after the blank line
 *
 * Returns: %TRUE when the block was split as GMime would; %FALSE (with
 *   @slices and @store as they were) when GMime must read this email
 */
gboolean
whence_header_block_split (const char *data,
                           gsize       len,
                           GArray     *slices,
                           GString    *store,
                           gsize       *body_offset)
{
  guint first_slice = slices->len;
  gsize first_byte = store->len;
  gsize field_start = 0;
  gboolean in_field = FALSE;
  gsize pos = 0;

  while (pos < len)
    {
      const char *line = data + pos;
      const char *newline = memchr (line, '\n', len - pos);
      gsize next;

      /* No blank line before the end: GMime's end-of-input rules apply. */
      if (newline == NULL)
        break;
      next = newline + 1 - data;

      /* A line that does not start with a blank ends the field before. */
      if (in_field && !is_blank (*line))
        {
          add_field (data + field_start, pos - field_start, slices, store);
          in_field = FALSE;
        }

      /* GMime reads a header as a C string: it ends at a NUL byte. */
      if ((*line == '\n' || (*line == '\r' && line[1] == '\n')) && memchr (data, '\0', pos) == NULL)
        {
          *body_offset = next;
          return TRUE;
        }
      if (*line == '\n' || (*line == '\r' && line[1] == '\n'))
        break;

      if (!in_field)
        {
          /* Before the first field, GMime skips an mbox From line and gives
           * up on anything else that is not a header (there, even on a line
           * that starts with its colon). */
          gsize bad_at = 0;

          if (slices->len == first_slice
              && (*line == ':' || scan_name (line, newline - line, &bad_at) < 0))
            {
              if (*line == ':' || !is_from_line (line, bad_at))
                break;
              pos = next;
              continue;
            }
          field_start = pos;
          in_field = TRUE;
        }
      pos = next;
    }

  g_array_set_size (slices, first_slice);
  g_string_truncate (store, first_byte);
  return FALSE;
}
