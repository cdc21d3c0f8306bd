/* whence-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "whence-test-util.h"

/**
 * whence_test_data_bytes:
 * @folder: a folder under tests/data
 * @name: a file in it
 *
 * Returns: (transfer full): the file's bytes; the test fails if it cannot be read
 */
GBytes *
whence_test_data_bytes (const char *folder,
                        const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", folder, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/**
 * whence_test_data_message:
 * @folder: a folder under tests/data
 * @name: a file in it that holds exactly one email
 *
 * Returns: (transfer full): the email; the test fails if it does not load
 */
WhenceMessage *
whence_test_data_message (const char *folder,
                          const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", folder, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  return g_object_ref (g_ptr_array_index (messages, 0));
}

/**
 * whence_test_load_jsonl:
 * @path: a file with one JSON value a line (blank lines are skipped)
 *
 * Returns: (transfer container) (element-type JsonNode): the values, in order
 */
GPtrArray *
whence_test_load_jsonl (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = NULL;

      if (*lines[i] == '\0')
        continue;
      parser = json_parser_new ();
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (values, json_node_copy (json_parser_get_root (parser)));
    }
  return values;
}

/**
 * whence_test_remove_tree:
 * @path: a scratch file or folder the test made with g_dir_make_tmp()
 *
 * Deletes @path and everything in it, like `rm -rf`: links are removed,
 * never followed.
 */
void
whence_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* Never anything outside the temporary folder. */
  g_assert_true (g_str_has_prefix (path, g_get_tmp_dir ()));

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        whence_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
