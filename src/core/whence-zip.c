/* whence-zip.c
 *
 * Lists a zip archive's entries from bytes already in memory, without
 * inflating or writing anything. The central directory at the end is the
 * truth; when only the start of a big archive was peeked, the local headers
 * are walked from the front instead, as far as they can be followed.
 * Every offset is checked against the buffer, and both walks are capped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-zip"

#include "config.h"

#include <string.h>

#include "whence-zip.h"

#define SIG_LOCAL   0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END     0x06054b50u

/* The end record is 22 bytes plus a comment of at most 65535. */
#define END_MIN    22
#define END_SEARCH (END_MIN + 65535)

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

void
whence_zip_entry_free (WhenceZipEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  g_free (entry);
}

/**
 * whence_zip_has_magic:
 *
 * Returns: %TRUE when @data starts like a zip archive (also an empty one)
 */
gboolean
whence_zip_has_magic (const guint8 *data,
                      gsize         len)
{
  return len >= 4 && data[0] == 'P' && data[1] == 'K'
         && ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6)
             || (data[2] == 7 && data[3] == 8));
}

static void
add_entry (GPtrArray    *entries,
           const guint8 *name,
           gsize         name_len,
           guint16       flags,
           guint64       size)
{
  WhenceZipEntry *entry = g_new0 (WhenceZipEntry, 1);
  g_autofree char *raw = g_strndup ((const char *) name, name_len);
  g_autofree char *converted = NULL;

  /* Without the UTF-8 flag (bit 11), names are in the DOS code page 437,
   * which is how Windows zips names it cannot write in ASCII. */
  if ((flags & 0x800) == 0 && !g_utf8_validate (raw, -1, NULL))
    converted = g_convert (raw, -1, "UTF-8", "CP437", NULL, NULL, NULL);
  entry->name = g_utf8_make_valid (converted != NULL ? converted : raw, -1);
  entry->encrypted = (flags & 1) != 0;
  entry->size = size;
  g_ptr_array_add (entries, entry);
}

static gssize
find_end_record (const guint8 *data,
                 gsize         len)
{
  gsize lowest;

  if (len < END_MIN)
    return -1;
  lowest = len > END_SEARCH ? len - END_SEARCH : 0;
  for (gsize i = len - END_MIN + 1; i-- > lowest;)
    if (le32 (data + i) == SIG_END)
      return (gssize) i;

  return -1;
}

static gboolean
read_central (const guint8 *data,
              gsize         len,
              gsize         end,
              GPtrArray    *entries,
              gboolean     *truncated)
{
  guint16 count = le16 (data + end + 10);
  guint32 cd_size = le32 (data + end + 12);
  guint32 cd_offset = le32 (data + end + 16);
  gsize pos, limit;

  /* An archive glued after other data (self-extractors, or a mail that
   * peeked a prefix) has its offsets shifted: trust the directory's size
   * and where it must end instead. */
  if (cd_size > end)
    return FALSE;
  pos = (gsize) cd_offset;
  if (pos + cd_size != end)
    pos = end - cd_size;
  limit = end;

  for (guint i = 0; i < count; i++)
    {
      guint16 name_len, extra_len, comment_len, flags;

      if (entries->len >= WHENCE_ZIP_MAX_ENTRIES)
        {
          *truncated = TRUE;
          break;
        }
      if (pos + 46 > limit || le32 (data + pos) != SIG_CENTRAL)
        {
          *truncated = TRUE;
          break;
        }
      flags = le16 (data + pos + 8);
      name_len = le16 (data + pos + 28);
      extra_len = le16 (data + pos + 30);
      comment_len = le16 (data + pos + 32);
      if (pos + 46 + name_len > limit)
        {
          *truncated = TRUE;
          break;
        }
      add_entry (entries, data + pos + 46, name_len, flags, le32 (data + pos + 24));
      pos += 46 + (gsize) name_len + extra_len + comment_len;
    }

  return entries->len > 0 || count == 0;
}

static void
read_local (const guint8 *data,
            gsize         len,
            GPtrArray    *entries,
            gboolean     *truncated)
{
  gsize pos = 0;

  while (pos + 30 <= len && le32 (data + pos) == SIG_LOCAL)
    {
      guint16 flags = le16 (data + pos + 6);
      guint32 compressed = le32 (data + pos + 18);
      guint16 name_len = le16 (data + pos + 26);
      guint16 extra_len = le16 (data + pos + 28);
      gsize next;

      if (entries->len >= WHENCE_ZIP_MAX_ENTRIES || pos + 30 + name_len > len)
        break;
      add_entry (entries, data + pos + 30, name_len, flags, le32 (data + pos + 22));

      /* With a trailing data descriptor the size is not known up front:
       * the next header cannot be found without inflating, so stop. */
      if ((flags & 8) != 0 && compressed == 0)
        break;
      next = pos + 30 + (gsize) name_len + extra_len + compressed;
      if (next <= pos)
        break;
      pos = next;
    }

  if (pos + 4 > len || le32 (data + pos) != SIG_CENTRAL)
    *truncated = TRUE;
}

/**
 * whence_zip_list_entries:
 * @data: the start (or all) of a zip archive
 * @len: its length
 * @truncated: (out) (optional): set when more entries may exist than listed
 *
 * Returns: (transfer full) (nullable) (element-type WhenceZipEntry): the
 *   entries, at most %WHENCE_ZIP_MAX_ENTRIES, or %NULL when @data is not a zip
 */
GPtrArray *
whence_zip_list_entries (const guint8 *data,
                         gsize         len,
                         gboolean     *truncated)
{
  g_autoptr(GPtrArray) entries = NULL;
  gboolean cut = FALSE;
  gssize end;

  if (truncated != NULL)
    *truncated = FALSE;
  if (data == NULL || !whence_zip_has_magic (data, len))
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_zip_entry_free);
  end = find_end_record (data, len);
  if (end < 0 || !read_central (data, len, (gsize) end, entries, &cut))
    {
      g_ptr_array_set_size (entries, 0);
      cut = FALSE;
      read_local (data, len, entries, &cut);
    }

  if (truncated != NULL)
    *truncated = cut;
  return g_steal_pointer (&entries);
}
