/* whence-lookup-cache.c
 *
 * Lookups kept on disk, one small JSON file per address, so a person who
 * gets mail from the same infected computer every day does not send its
 * address to the registries every day. Files are written atomically; a file
 * that cannot be read is treated as absent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-lookup"

#include "config.h"

#include <gio/gio.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "whence-lookup-cache.h"

#define CACHE_VERSION 1
#define MAX_CACHE_BYTES (256 * 1024)

/**
 * whence_lookup_cache_path:
 * @directory: the cache directory
 * @ip: a canonical address string
 *
 * Returns: (transfer full): the file for @ip (":" is not portable in names)
 */
char *
whence_lookup_cache_path (const char *directory,
                          const char *ip)
{
  g_autofree char *name = g_strdup (ip);
  g_autofree char *file = NULL;

  g_strcanon (name, "0123456789abcdefABCDEF.", '_');
  file = g_strconcat ("lookup-", name, ".json", NULL);

  return g_build_filename (directory, file, NULL);
}

/**
 * whence_lookup_cache_load:
 * @directory: the cache directory
 * @ip: the address
 * @lifetime: how long an answer stays good
 * @fetched: (out) (optional): when it was looked up
 *
 * Returns: (transfer full) (nullable): the stored `network` object, or %NULL
 *   when absent, unreadable or older than @lifetime
 */
JsonNode *
whence_lookup_cache_load (const char  *directory,
                          const char  *ip,
                          GTimeSpan    lifetime,
                          GDateTime  **fetched)
{
  g_autofree char *path = whence_lookup_cache_path (directory, ip);
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *object;
  JsonNode *network;
  gsize length = 0;
  gint64 when;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length > MAX_CACHE_BYTES
      || !json_parser_load_from_data (parser, contents, (gssize) length, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (object, "version", 0) != CACHE_VERSION)
    return NULL;
  when = json_object_get_int_member_with_default (object, "fetched", 0);
  network = json_object_get_member (object, "network");
  if (when <= 0 || network == NULL || !JSON_NODE_HOLDS_OBJECT (network))
    return NULL;

  /* An entry from the future (clock changed) is not trusted either. */
  if (when > g_date_time_to_unix (now) + 60
      || (g_date_time_to_unix (now) - when) * G_TIME_SPAN_SECOND >= lifetime)
    return NULL;

  if (fetched != NULL)
    *fetched = g_date_time_new_from_unix_utc (when);

  return json_node_copy (network);
}

/**
 * whence_lookup_cache_store:
 * @directory: the cache directory (created when missing)
 * @ip: the address
 * @network: the `network` object to keep
 * @fetched: when it was looked up
 * @error: return location for an error
 *
 * Returns: %TRUE when stored
 */
gboolean
whence_lookup_cache_store (const char  *directory,
                           const char  *ip,
                           JsonNode    *network,
                           GDateTime   *fetched,
                           GError     **error)
{
  g_autofree char *path = whence_lookup_cache_path (directory, ip);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: %s", directory, g_strerror (saved));
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, CACHE_VERSION);
  json_builder_set_member_name (builder, "fetched");
  json_builder_add_int_value (builder, g_date_time_to_unix (fetched));
  json_builder_set_member_name (builder, "network");
  json_builder_add_value (builder, json_node_copy (network));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_file_set_contents_full (path, text, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
