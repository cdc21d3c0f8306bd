/* test-malformed.c
 *
 * The malformed-mail corpus (tests/data/malformed/manifest.tsv) through the
 * core API, the way the window uses it: load, list the parts, peek at each,
 * copy the original back, build the JSON. Each input must give the expected
 * error or a message, the limit notes the manifest names, clean strings,
 * and the original byte for byte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "whence-error.h"
#include "whence-json.h"
#include "whence-message.h"

typedef struct
{
  char  *name;
  char  *path;
  char  *outcome;
  GStrv  checks;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
  g_free (entry->path);
  g_free (entry->outcome);
  g_strfreev (entry->checks);
  g_free (entry);
}

static void
assert_clean (const char *what,
              const char *text)
{
  if (text == NULL)
    return;

  if (!g_utf8_validate (text, -1, NULL))
    g_error ("%s is not valid UTF-8", what);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f))
        {
          g_test_fail_printf ("%s holds control character U+%04X: %.80s", what, c, text);
          return;
        }
    }
}

static void
check_message (const Entry   *entry,
               WhenceMessage *message)
{
  GPtrArray *received = whence_message_get_received (message);
  GPtrArray *parts = whence_message_get_parts (message);
  GPtrArray *notes = whence_message_get_limit_notes (message);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  assert_clean ("subject", whence_message_get_subject (message));
  assert_clean ("from", whence_message_get_from (message));
  assert_clean ("from address", whence_message_get_from_address (message));
  assert_clean ("message id", whence_message_get_message_id (message));

  g_assert_cmpuint (received->len, <=, WHENCE_MESSAGE_MAX_RECEIVED);
  g_assert_cmpuint (received->len, <=, whence_message_get_n_received_total (message));
  for (guint i = 0; i < received->len; i++)
    {
      const char *value = g_ptr_array_index (received, i);

      assert_clean ("received", value);
      g_assert_cmpuint (strlen (value), <=, WHENCE_MESSAGE_MAX_HEADER_LINE);
    }

  g_assert_cmpuint (parts->len, <=, WHENCE_MESSAGE_MAX_PARTS);
  for (guint i = 0; i < parts->len && i < 100; i++)
    {
      const WhenceMimePart *part = g_ptr_array_index (parts, i);
      g_autoptr(GBytes) head = NULL;

      assert_clean ("file name", part->filename);
      g_assert_cmpuint (part->depth, <=, WHENCE_MESSAGE_MAX_MIME_DEPTH + 1);
      head = whence_message_peek_part (message, part, 4096, &error);
      g_assert_no_error (error);
      g_assert_nonnull (head);
      g_assert_cmpuint (g_bytes_get_size (head), <=, 4096);
    }

  for (guint i = 0; i < notes->len; i++)
    {
      const WhenceLimitNote *note = g_ptr_array_index (notes, i);

      g_assert_nonnull (note->code);
      g_assert_nonnull (note->message);
      assert_clean ("limit note", note->message);
    }

  /* Whatever the engines behind the JSON make of it, they must not crash. */
  node = whence_json_for_message (message, entry->name, NULL);
  g_assert_nonnull (node);
}

static gboolean
has_note (WhenceMessage *message,
          const char    *code)
{
  GPtrArray *notes = whence_message_get_limit_notes (message);

  for (guint i = 0; i < notes->len; i++)
    if (g_str_equal (((WhenceLimitNote *) g_ptr_array_index (notes, i))->code, code))
      return TRUE;

  return FALSE;
}

static void
test_entry (gconstpointer data)
{
  const Entry *entry = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  WhenceMessage *first;

  if (!g_file_test (entry->path, G_FILE_TEST_EXISTS) && g_str_has_prefix (entry->name, "big/")
      && !g_str_equal (entry->outcome, "error:unreadable"))
    {
      g_test_skip ("the generated inputs are missing (run generate.py big)");
      return;
    }

  messages = whence_message_load_path (entry->path, NULL, &error);
  if (g_str_has_prefix (entry->outcome, "error:"))
    {
      g_assert_null (messages);
      g_assert_nonnull (error);
      g_assert_cmpstr (whence_error_code_name (error), ==, entry->outcome + strlen ("error:"));
      assert_clean ("error message", error->message);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (messages);
  if (messages == NULL || messages->len == 0)
    return;
  first = g_ptr_array_index (messages, 0);

  for (guint i = 0; i < messages->len && i < 200; i++)
    check_message (entry, g_ptr_array_index (messages, i));

  for (guint i = 0; entry->checks != NULL && entry->checks[i] != NULL; i++)
    {
      const char *check = entry->checks[i];

      if (g_str_has_prefix (check, "limit:"))
        {
          if (!has_note (first, check + strlen ("limit:")))
            g_test_fail_printf ("%s: no %s limit note", entry->name, check);
        }
      else if (g_str_has_prefix (check, "hops="))
        g_assert_cmpuint (whence_message_get_received (first)->len, ==,
                          g_ascii_strtoull (check + strlen ("hops="), NULL, 10));
      else if (g_str_has_prefix (check, "messages="))
        g_assert_cmpuint (messages->len, ==, g_ascii_strtoull (check + strlen ("messages="), NULL, 10));
    }

  /* The evidence copy is the file itself, however much of it was parsed. */
  if (messages->len == 1)
    {
      g_autoptr(GBytes) original = whence_message_dup_original (first, &error);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (entry->path, &contents, &length, NULL));
      if (memchr (contents, '\n', MIN (length, 4096)) != NULL
          || memchr (contents, '\r', MIN (length, 4096)) == NULL)
        {
          g_assert_cmpuint (g_bytes_get_size (original), ==, length);
          g_assert_true (memcmp (g_bytes_get_data (original, NULL), contents, length) == 0);
        }
      else
        /* CR-only mail is given to GMime with LF: same length. */
        g_assert_cmpuint (g_bytes_get_size (original), ==, length);
    }
}

static GPtrArray *
read_manifest (const char *source_dir,
               const char *generated_dir)
{
  g_autofree char *manifest = g_build_filename (source_dir, "manifest.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func (entry_free);

  if (!g_file_get_contents (manifest, &text, NULL, NULL))
    g_error ("cannot read %s", manifest);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Entry *entry;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;

      fields = g_strsplit (lines[i], "\t", 3);
      g_assert_nonnull (fields[1]);
      entry = g_new0 (Entry, 1);
      entry->name = g_strdup (fields[0]);
      entry->outcome = g_strdup (fields[1]);
      entry->checks = fields[2] != NULL && fields[2][0] != '\0' ? g_strsplit (fields[2], ",", -1) : NULL;
      if (g_str_has_prefix (entry->name, "big/"))
        entry->path = g_build_filename (generated_dir, entry->name + strlen ("big/"), NULL);
      else
        entry->path = g_build_filename (source_dir, entry->name, NULL);
      g_ptr_array_add (entries, entry);
    }

  return entries;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *source_dir = NULL;
  const char *generated_dir;

  g_test_init (&argc, &argv, NULL);
  /* One broken input must not hide what the others do. */
  g_test_set_nonfatal_assertions ();
  whence_core_init ();

  source_dir = g_test_build_filename (G_TEST_DIST, "data", "malformed", NULL);
  generated_dir = g_getenv ("WHENCE_MALFORMED_GENERATED");
  if (generated_dir == NULL)
    generated_dir = "/nonexistent";

  entries = read_manifest (source_dir, generated_dir);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      g_autofree char *path = g_strdup_printf ("/malformed/%s", entry->name);

      g_test_add_data_func (path, entry, test_entry);
    }

  return g_test_run ();
}
