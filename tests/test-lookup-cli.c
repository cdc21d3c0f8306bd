/* test-lookup-cli.c
 *
 * `whence trace --lookup --json`, run as a script would run it, against the
 * local RDAP server: the `network` member comes last, names the right abuse
 * desk, is cached on the second run, and says "offline" (exit status 0)
 * when the registries cannot be reached.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "test-lookup-server.h"
#include "whence-test-util.h"

static const char *whence_exe;

typedef struct
{
  gboolean  done;
  char     *out;
  int       status;
} Run;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result,
                                                       &run->out, NULL, &error));
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

/* Runs whence while this thread keeps serving the local registry. */
static JsonNode *
run_whence (const char  *bootstrap,
            const char  *cache,
            gboolean     lookup,
            int         *status,
            char       **text)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *eml = g_test_build_filename (G_TEST_DIST, "data", "rdap", "sample-origin.eml", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  Run run = { 0 };
  JsonNode *root;

  g_subprocess_launcher_setenv (launcher, "WHENCE_RDAP_BOOTSTRAP", bootstrap, TRUE);
  g_subprocess_launcher_setenv (launcher, "WHENCE_LOOKUP_NO_DNS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, whence_exe, "trace", "--json",
                                         lookup ? "--lookup" : "--json", eml, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("%s", run.out);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_copy (json_parser_get_root (parser));
  *status = run.status;
  if (text != NULL)
    *text = g_steal_pointer (&run.out);
  g_free (run.out);

  return root;
}

static JsonObject *
network_of (JsonNode *root)
{
  JsonObject *object = json_node_get_object (root);
  g_autoptr(GList) members = json_object_get_members (object);

  /* Added after everything else, so existing readers see no change. */
  g_assert_cmpstr (g_list_last (members)->data, ==, "network");
  g_assert_nonnull (json_object_get_array_member (object, "hops"));

  return json_object_get_object_member (object, "network");
}

static void
test_cli_lookup (void)
{
  LookupServer *server = lookup_server_new ();
  g_autofree char *cache = g_dir_make_tmp ("whence-cli-cache-XXXXXX", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) plain = NULL;
  JsonObject *origin;
  JsonObject *network;
  JsonArray *contacts;
  JsonArray *ladder;
  const char *ip;
  int status = -1;

  first = run_whence (server->bootstrap_dir, cache, TRUE, &status, &text);
  g_assert_cmpint (status, ==, 0);
  network = network_of (first);
  origin = json_object_get_object_member (json_node_get_object (first), "origin");
  g_assert_nonnull (origin);
  ip = json_object_get_string_member (origin, "ip");
  g_assert_cmpstr (ip, ==, "62.239.237.1");
  g_assert_cmpstr (json_object_get_string_member (network, "ip"), ==, ip);
  g_assert_true (json_object_get_null_member (network, "error"));
  g_assert_cmpstr (json_object_get_string_member (network, "registry"), ==, "RIPE NCC");
  g_assert_cmpstr (json_object_get_string_member (network, "name"), ==, "BT-CORPORATE");
  g_assert_cmpstr (json_object_get_string_member (network, "country"), ==, "GB");
  g_assert_cmpstr (json_object_get_string_member (network, "range"), ==, "62.239.237.0/24");
  contacts = json_object_get_array_member (network, "abuse_contacts");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (contacts, 0), "address"),
                   ==, "zzdnsr@bt.com");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (contacts, 0), "source"),
                   ==, "rdap");
  ladder = json_object_get_array_member (network, "escalation");
  g_assert_cmpuint (json_array_get_length (ladder), >=, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ladder, 0), "address"),
                   ==, "zzdnsr@bt.com");
  g_assert_false (json_object_get_boolean_member (network, "from_cache"));
  g_assert_cmpuint (lookup_server_hits (server, "/ripe/ip/62.239.237.1"), ==, 1);

  /* The second run is answered from the cache: nothing is sent. */
  second = run_whence (server->bootstrap_dir, cache, TRUE, &status, NULL);
  network = network_of (second);
  g_assert_true (json_object_get_boolean_member (network, "from_cache"));
  g_assert_cmpstr (json_object_get_string_member (network, "fetched"), ==,
                   json_object_get_string_member (json_object_get_object_member (json_node_get_object (first), "network"),
                                                  "fetched"));
  g_assert_cmpuint (lookup_server_hits (server, "/ripe/ip/62.239.237.1"), ==, 1);

  /* Without --lookup nothing is looked up and there is no network member. */
  plain = run_whence (server->bootstrap_dir, cache, FALSE, &status, NULL);
  g_assert_false (json_object_has_member (json_node_get_object (plain), "network"));
  g_assert_cmpuint (lookup_server_total_hits (server), ==, 1);

  lookup_server_free (server);
  whence_test_remove_tree (cache);
}

static void
test_cli_offline (void)
{
  LookupServer *server = lookup_server_new ();
  g_autofree char *cache = g_dir_make_tmp ("whence-cli-cache-XXXXXX", NULL);
  g_autofree char *closed = lookup_closed_port_url ();
  g_autofree char *bootstrap = lookup_server_bootstrap_file (server, "0.0.0.0/0", closed);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *network;
  JsonObject *error;
  int status = -1;
  gint64 start = g_get_monotonic_time ();

  root = run_whence (bootstrap, cache, TRUE, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_true (json_object_get_null_member (json_node_get_object (root), "error"));
  network = network_of (root);
  error = json_object_get_object_member (network, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "offline");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (error, "message"), "Could not look up"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (network, "abuse_contacts")), ==, 0);

  lookup_server_free (server);
  whence_test_remove_tree (cache);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-WHENCE\n", argv[0]);
      return 1;
    }
  whence_exe = argv[1];

  g_test_add_func ("/lookup-cli/lookup", test_cli_lookup);
  g_test_add_func ("/lookup-cli/offline", test_cli_offline);

  return g_test_run ();
}
