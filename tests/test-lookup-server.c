/* test-lookup-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "test-lookup-server.h"
#include "whence-test-util.h"

const SampleInfo lookup_samples[10] = {
  { "arin-ipv4-74.125.225.229-nested-abuse.json", "74.125.225.229", "ARIN", "arin" },
  { "arin-ipv6-2001-4860-4860--8888-toplevel-and-nested-abuse.json", "2001:4860:4860::8888", "ARIN", "arin" },
  { "ripe-ipv4-62.239.237.1-toplevel-abuse.json", "62.239.237.1", "RIPE NCC", "ripe" },
  { "ripe-ipv6-2a00-2381-ffff--1-toplevel-abuse.json", "2a00:2381:ffff::1", "RIPE NCC", "ripe" },
  { "apnic-ipv4-210.107.73.73-irt-abuse.json", "210.107.73.73", "APNIC", "apnic" },
  { "apnic-ipv6-2001-240-10c-1--ca20-9d1d-no-abuse-role.json", "2001:240:10c:1::ca20:9d1d", "APNIC", "apnic" },
  { "lacnic-ipv4-200.57.141.161-combined-roles.json", "200.57.141.161", "LACNIC", "lacnic" },
  { "lacnic-ipv6-2801-10-c000---combined-roles.json", "2801:10:c000::", "LACNIC", "lacnic" },
  { "afrinic-ipv4-196.11.240.215-no-roles.json", "196.11.240.215", "AFRINIC", "afrinic" },
  { "afrinic-ipv6-2001-43f8-7b0---no-roles.json", "2001:43f8:7b0::", "AFRINIC", "afrinic" },
};

#define HUGE_BODY (50 * 1024 * 1024)

static void
count_hit (LookupServer *self,
           const char   *path)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->hits, path));

  g_hash_table_replace (self->hits, g_strdup (path), GUINT_TO_POINTER (n + 1));
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const char        *body,
         gsize              length)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, length);
}

static void
redirect (SoupServerMessage *msg,
          const char        *location)
{
  soup_server_message_set_status (msg, SOUP_STATUS_MOVED_PERMANENTLY, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);
}

static void
serve_sample (SoupServerMessage *msg,
              const char        *folder,
              const char        *ip)
{
  for (guint i = 0; i < G_N_ELEMENTS (lookup_samples); i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_str_equal (lookup_samples[i].ip, ip) || !g_str_equal (lookup_samples[i].path, folder))
        continue;
      path = g_test_build_filename (G_TEST_DIST, "data", "rdap", lookup_samples[i].file, NULL);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      respond (msg, SOUP_STATUS_OK, "application/rdap+json", contents, length);
      return;
    }
  respond (msg, SOUP_STATUS_NOT_FOUND, "application/rdap+json", "{}", 2);
}

typedef struct
{
  LookupServer      *server;
  SoupServerMessage *msg;
  char              *folder;
  char              *ip;
} Held;

static gboolean
answer_held (gpointer data)
{
  Held *held = data;

  held->server->in_flight--;
  serve_sample (held->msg, held->folder, held->ip);
  soup_server_message_unpause (held->msg);
  g_object_unref (held->msg);
  g_free (held->folder);
  g_free (held->ip);
  g_free (held);
  return G_SOURCE_REMOVE;
}

/* With delay_ms set, a registry that takes its time: how many questions it
 * holds at once shows how many the client sends at once. */
static void
serve_later_or_now (LookupServer      *self,
                    SoupServerMessage *msg,
                    const char        *folder,
                    const char        *ip)
{
  Held *held;

  if (self->delay_ms == 0)
    {
      serve_sample (msg, folder, ip);
      return;
    }

  held = g_new0 (Held, 1);
  held->server = self;
  held->msg = g_object_ref (msg);
  held->folder = g_strdup (folder);
  held->ip = g_strdup (ip);
  soup_server_message_pause (msg);
  self->in_flight++;
  self->most_in_flight = MAX (self->most_in_flight, self->in_flight);
  g_timeout_add (self->delay_ms, answer_held, held);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  LookupServer *self = user_data;
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", 3);  /* folder, "ip", address */
  const char *folder = parts[0];
  g_autofree char *ip = NULL;

  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  count_hit (self, path);
  g_free (self->user_agent);
  self->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  if (soup_message_headers_get_one (headers, "Cookie") != NULL
      || soup_message_headers_get_one (headers, "Referer") != NULL
      || soup_message_headers_get_one (headers, "Authorization") != NULL)
    self->extra_headers = TRUE;

  if (g_str_equal (folder, "bootstrap") && parts[1] != NULL)
    {
      g_autofree char *file = g_build_filename (self->bootstrap_dir, parts[1], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (file, &contents, &length, NULL))
        respond (msg, SOUP_STATUS_OK, "application/json", contents, length);
      else
        respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "", 0);
      return;
    }

  if (parts[1] == NULL || parts[2] == NULL)
    {
      respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "", 0);
      return;
    }
  ip = g_uri_unescape_string (parts[2], NULL);

  if (g_str_equal (folder, "slow"))
    {
      /* Never answers until the server goes away. */
      soup_server_message_pause (msg);
      g_ptr_array_add (self->paused, g_object_ref (msg));
    }
  else if (g_str_equal (folder, "huge"))
    {
      char *body = g_malloc (HUGE_BODY);

      memset (body, ' ', HUGE_BODY);
      body[0] = '{';
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/rdap+json", SOUP_MEMORY_TAKE,
                                        body, HUGE_BODY);
    }
  else if (g_str_equal (folder, "invalid"))
    respond (msg, SOUP_STATUS_OK, "application/rdap+json", "{\"objectClassName\": \"ip net", 27);
  else if (g_str_equal (folder, "wrongtype"))
    {
      static const char body[] =
        "{\"objectClassName\": \"ip network\", \"handle\": 5, \"name\": [\"x\"],"
        " \"country\": {\"code\": \"GB\"}, \"startAddress\": 1, \"endAddress\": null,"
        " \"entities\": {\"roles\": \"abuse\"}, \"cidr0_cidrs\": \"10.0.0.0/8\"}";

      respond (msg, SOUP_STATUS_OK, "application/rdap+json", body, strlen (body));
    }
  else if (g_str_equal (folder, "nested"))
    {
      GString *body = g_string_new ("{\"objectClassName\": \"ip network\", \"entities\": ");

      for (guint i = 0; i < 100000; i++)
        g_string_append_c (body, '[');
      respond (msg, SOUP_STATUS_OK, "application/rdap+json", body->str, body->len);
      g_string_free (body, TRUE);
    }
  else if (g_str_equal (folder, "array"))
    respond (msg, SOUP_STATUS_OK, "application/rdap+json", "[1, 2, 3]", 9);
  else if (g_str_equal (folder, "loop"))
    redirect (msg, path);
  else if (g_str_equal (folder, "insecure"))
    {
      g_autofree char *location = g_strconcat ("http://192.0.2.1/ip/", ip, NULL);

      redirect (msg, location);
    }
  else if (g_str_equal (folder, "refer"))
    {
      /* A registry sending the client on to the one that holds the space. */
      g_autofree char *location = g_strconcat ("/ripe/ip/", ip, NULL);

      redirect (msg, location);
    }
  else if (g_str_equal (folder, "arin-as"))
    {
      /* The ARIN sample as today's ARIN sends it, with the origin AS. */
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "rdap",
                                                     lookup_samples[0].file, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *body = NULL;

      g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
      g_assert_true (contents[0] == '{');
      body = g_strconcat ("{\"arin_originas0_originautnums\": [15169], ", contents + 1, NULL);
      respond (msg, SOUP_STATUS_OK, "application/rdap+json", body, strlen (body));
    }
  else if (g_str_equal (folder, "linked"))
    {
      g_autofree char *name = g_str_equal (parts[1], "entity")
        ? g_strdup_printf ("entity-%s-synthetic.json", parts[2])
        : g_strdup ("linked-abuse-synthetic.json");
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "rdap", name, NULL);
      g_autofree char *contents = NULL;
      GString *body;

      if (!g_file_get_contents (file, &contents, NULL, NULL))
        {
          respond (msg, SOUP_STATUS_NOT_FOUND, "application/rdap+json", "{}", 2);
          return;
        }
      body = g_string_new (contents);
      g_string_replace (body, "@BASE@", self->base, 0);
      respond (msg, SOUP_STATUS_OK, "application/rdap+json", body->str, body->len);
      g_string_free (body, TRUE);
    }
  else if (g_str_equal (parts[1], "autnum"))
    {
      g_autofree char *name = g_strdup_printf ("autnum-%s-synthetic.json", parts[2]);
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "rdap", name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (file, &contents, &length, NULL))
        respond (msg, SOUP_STATUS_OK, "application/rdap+json", contents, length);
      else
        respond (msg, SOUP_STATUS_NOT_FOUND, "application/rdap+json", "{}", 2);
    }
  else if (g_str_equal (folder, "busy"))
    respond (msg, 429, "text/plain", "slow down", 9);
  else if (g_str_equal (folder, "error"))
    respond (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/plain", "oops", 4);
  else
    serve_later_or_now (self, msg, folder, ip);
}

static void
write_bootstrap (LookupServer *self)
{
  static const struct { const char *from; const char *to; } rewrites[] = {
    { "https://rdap.arin.net/registry/", "arin/" },
    { "https://rdap.db.ripe.net/", "ripe/" },
    { "https://rdap.apnic.net/", "apnic/" },
    { "https://rdap.lacnic.net/rdap/", "lacnic/" },
    { "https://rdap.afrinic.net/rdap/", "afrinic/" },
    { "http://rdap.arin.net/registry/", "arin/" },
    { "http://rdap.db.ripe.net/", "ripe/" },
    { "http://rdap.apnic.net/", "apnic/" },
    { "http://rdap.lacnic.net/rdap/", "lacnic/" },
    { "http://rdap.afrinic.net/rdap/", "afrinic/" },
  };
  static const char * const files[] = { "ipv4.json", "ipv6.json", "asn.json" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *source = g_test_build_filename (G_TEST_DIST, "..", "data", "rdap", files[f], NULL);
      g_autofree char *contents = NULL;
      g_autofree char *target = g_build_filename (self->bootstrap_dir, files[f], NULL);
      GString *text;

      g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
      text = g_string_new (contents);
      for (guint r = 0; r < G_N_ELEMENTS (rewrites); r++)
        {
          g_autofree char *to = g_strconcat (self->base, rewrites[r].to, NULL);

          g_string_replace (text, rewrites[r].from, to, 0);
        }
      g_assert_true (g_file_set_contents (target, text->str, text->len, NULL));
      g_string_free (text, TRUE);
    }
}

LookupServer *
lookup_server_new (void)
{
  LookupServer *self = g_new0 (LookupServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->server = soup_server_new (NULL, NULL);
  self->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->paused = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);
  g_assert_true (soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (!g_str_has_suffix (self->base, "/"))
    {
      char *with_slash = g_strconcat (self->base, "/", NULL);

      g_free (self->base);
      self->base = with_slash;
    }
  g_assert_true (g_str_has_prefix (self->base, "http://127.0.0.1:"));

  self->bootstrap_dir = g_dir_make_tmp ("whence-bootstrap-XXXXXX", &error);
  g_assert_no_error (error);
  write_bootstrap (self);

  return self;
}

void
lookup_server_free (LookupServer *self)
{
  for (guint i = 0; i < self->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (self->paused, i);

      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (msg);
    }
  soup_server_disconnect (self->server);
  g_object_unref (self->server);
  g_ptr_array_unref (self->paused);
  g_hash_table_unref (self->hits);
  whence_test_remove_tree (self->bootstrap_dir);
  g_free (self->bootstrap_dir);
  g_free (self->base);
  g_free (self->user_agent);
  g_free (self);
}

guint
lookup_server_hits (LookupServer *self,
                    const char   *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->hits, path));
}

guint
lookup_server_total_hits (LookupServer *self)
{
  GHashTableIter iter;
  gpointer value;
  guint total = 0;

  g_hash_table_iter_init (&iter, self->hits);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += GPOINTER_TO_UINT (value);

  return total;
}

/* A one-service bootstrap file: every address of @prefix goes to @url. */
char *
lookup_server_bootstrap_file (LookupServer *self,
                              const char   *prefix,
                              const char   *url)
{
  g_autofree char *name = g_strdup_printf ("single-%u.json", g_random_int ());
  char *path = g_build_filename (self->bootstrap_dir, name, NULL);
  g_autofree char *text = g_strdup_printf ("{\"services\": [[[\"%s\"], [\"%s\"]]]}", prefix, url);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  return path;
}

/* A loopback URL where nothing listens: what "offline" looks like. */
char *
lookup_closed_port_url (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u/", port);
}
