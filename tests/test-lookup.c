/* test-lookup.c
 *
 * "Who runs that computer": the bootstrap, the reading of the ten real RDAP
 * samples, lookups against a local server (redirects, hostile answers,
 * offline, cache, consent) and the DNS fallbacks through a fake resolver.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "test-lookup-server.h"
#include "whence-error.h"
#include "whence-lookup.h"
#include "whence-lookup-cache.h"
#include "whence-lookup-private.h"
#include "whence-message.h"
#include "whence-rdap.h"
#include "whence-rdap-http.h"
#include "whence-rdns.h"
#include "whence-test-util.h"

/* A resolver that knows a few names and answers from memory --------------- */

#define TEST_TYPE_RESOLVER (test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

struct _TestResolver
{
  GResolver   parent_instance;
  GHashTable *reverse;   /* address -> name */
  GHashTable *forward;   /* name -> address */
  GHashTable *txt;       /* name -> TXT text */
  guint       queries;
};

G_DEFINE_FINAL_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static void
test_resolver_by_address_async (GResolver           *resolver,
                                GInetAddress        *address,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TestResolver *self = TEST_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  g_autofree char *text = g_inet_address_to_string (address);
  const char *name = g_hash_table_lookup (self->reverse, text);

  self->queries++;
  if (name != NULL)
    g_task_return_pointer (task, g_strdup (name), g_free);
  else
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no PTR");
}

static char *
test_resolver_by_address_finish (GResolver     *resolver,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
free_address_list (GList *list)
{
  g_list_free_full (list, g_object_unref);
}

static void
test_resolver_by_name_async (GResolver           *resolver,
                             const char          *hostname,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  TestResolver *self = TEST_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  const char *address = g_hash_table_lookup (self->forward, hostname);

  self->queries++;
  if (address != NULL)
    g_task_return_pointer (task, g_list_prepend (NULL, g_inet_address_new_from_string (address)),
                           (GDestroyNotify) free_address_list);
  else
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no A");
}

static GList *
test_resolver_by_name_finish (GResolver     *resolver,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
free_record_list (GList *list)
{
  g_list_free_full (list, (GDestroyNotify) g_variant_unref);
}

static void
test_resolver_records_async (GResolver           *resolver,
                             const char          *rrname,
                             GResolverRecordType  record_type,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  TestResolver *self = TEST_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  const char *text = g_hash_table_lookup (self->txt, rrname);

  self->queries++;
  if (text != NULL && record_type == G_RESOLVER_RECORD_TXT)
    {
      const char *strings[] = { text, NULL };

      g_task_return_pointer (task,
                             g_list_prepend (NULL, g_variant_ref_sink (g_variant_new ("(^as)", strings))),
                             (GDestroyNotify) free_record_list);
    }
  else
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no TXT");
}

static GList *
test_resolver_records_finish (GResolver     *resolver,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_finalize (GObject *object)
{
  TestResolver *self = TEST_RESOLVER (object);

  g_hash_table_unref (self->reverse);
  g_hash_table_unref (self->forward);
  g_hash_table_unref (self->txt);
  G_OBJECT_CLASS (test_resolver_parent_class)->finalize (object);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_resolver_finalize;
  resolver_class->lookup_by_address_async = test_resolver_by_address_async;
  resolver_class->lookup_by_address_finish = test_resolver_by_address_finish;
  resolver_class->lookup_by_name_async = test_resolver_by_name_async;
  resolver_class->lookup_by_name_finish = test_resolver_by_name_finish;
  resolver_class->lookup_records_async = test_resolver_records_async;
  resolver_class->lookup_records_finish = test_resolver_records_finish;
}

static void
test_resolver_init (TestResolver *self)
{
  self->reverse = g_hash_table_new (g_str_hash, g_str_equal);
  self->forward = g_hash_table_new (g_str_hash, g_str_equal);
  self->txt = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Helpers ------------------------------------------------------------------ */

static void
add_entry (GHashTable *table,
           const char *key,
           const char *value)
{
  g_hash_table_insert (table, (gpointer) key, (gpointer) value);
}

typedef struct
{
  LookupServer *server;
  char         *cache_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = lookup_server_new ();
  fixture->cache_dir = g_dir_make_tmp ("whence-cache-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lookup_server_free (fixture->server);
  whence_test_remove_tree (fixture->cache_dir);
  g_free (fixture->cache_dir);
}

/* A lookup service that knows nothing but the test server. */
static WhenceLookup *
local_lookup (Fixture    *fixture,
              const char *bootstrap)
{
  WhenceLookup *lookup = whence_lookup_new ();
  g_autoptr(GResolver) resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);

  whence_lookup_set_bootstrap_source (lookup, bootstrap != NULL ? bootstrap
                                      : fixture->server->bootstrap_dir);
  whence_lookup_set_resolver (lookup, resolver);
  whence_lookup_set_cache (lookup, NULL, 0);
  whence_lookup_set_timeout (lookup, 3000);

  return lookup;
}

static void
on_lookup_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

/* Runs one lookup to the end, serving the local server meanwhile. */
static WhenceLookupResult *
run_lookup (WhenceLookup         *lookup,
            const char           *ip,
            WhenceLookupConsent   consent,
            WhenceLookupFlags     flags,
            GCancellable         *cancellable,
            GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  whence_lookup_ip_async (lookup, ip, consent, flags, cancellable, on_lookup_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return whence_lookup_ip_finish (lookup, result, error);
}

static const char *
first_address (WhenceLookupResult *result)
{
  const WhenceContact *contact = whence_lookup_result_get_abuse_contact (result);

  return contact != NULL ? contact->address : NULL;
}

/* The expected answers, from reading each sample by hand. */
static const struct
{
  const char *first;
  const char *source;
  const char *name;
  const char *country;
  const char *range;
  const char *organisation;
} expected[10] = {
  { "arin-contact@google.com", "rdap", "GOOGLE", NULL, "74.125.0.0/16", "Google Inc." },
  { "arin-contact@google.com", "rdap", "GOOGLE-IPV6", NULL, "2001:4860::/32", "Google Inc." },
  { "zzdnsr@bt.com", "rdap", "BT-CORPORATE", "GB", "62.239.237.0/24", NULL },
  { "zzdnsr@bt.com", "rdap", "BT-WORLD-IPVSIX-LAUNCH", "GB", "2a00:2381:ffff::/64", NULL },
  { "hostmaster@nic.or.kr", "rdap", "BORANET-NET-210-107", "KR", "210.107.0.0/17", NULL },
  { "hostmaster@nic.ad.jp", "rdap-technical", "IIJ-JPNIC-JP-20000308", "JP", "2001:240::/32", NULL },
  { "operacion.redes@TRIARA.COM", "rdap", "Triara.com, S.A. de C.V.", "MX", "200.57.141.161/32", "Triara.com, S.A. de C.V." },
  { "sistemas.red@UCO.EDU.CO", "rdap", "Universidad Catolica de Oriente", "CO", "2801:10:c000::/128", "Universidad Catolica de Oriente" },
  { "abuse@mtnbusiness.co.za", "rdap-remarks", "ORG-VSA1-AFRINIC", "ZA", "196.11.239.0 - 196.11.246.255", NULL },
  { "mwangi@isoc.org", "rdap-entity", "ORG-TA38-AFRINIC", "KE", "2001:43f8:7b0::/48", NULL },
};

/* Tests ---------------------------------------------------------------------- */

static void
test_bootstrap_bundled (void)
{
  g_autoptr(WhenceRdapBootstrap) bootstrap = whence_rdap_bootstrap_new_bundled ();
  g_autofree char *asn = NULL;

  g_assert_false (whence_rdap_bootstrap_is_empty (bootstrap));
  for (guint i = 0; i < G_N_ELEMENTS (lookup_samples); i++)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (lookup_samples[i].ip);
      g_autofree char *url = whence_rdap_bootstrap_find_ip (bootstrap, address);

      g_test_message ("%s -> %s", lookup_samples[i].ip, url);
      g_assert_nonnull (url);
      g_assert_true (g_str_has_prefix (url, "https://"));
      g_assert_cmpstr (whence_rdap_registry_name (url), ==, lookup_samples[i].registry);
    }

  asn = whence_rdap_bootstrap_find_asn (bootstrap, 3333);
  g_assert_cmpstr (whence_rdap_registry_name (asn), ==, "RIPE NCC");
  g_clear_pointer (&asn, g_free);
  asn = whence_rdap_bootstrap_find_asn (bootstrap, 4294967295u);
  g_assert_null (asn);
}

static void
test_bootstrap_longest_prefix (void)
{
  g_autoptr(WhenceRdapBootstrap) bootstrap = whence_rdap_bootstrap_new ();
  static const char json[] =
    "{\"services\": ["
    " [[\"10.0.0.0/8\"], [\"http://wide.example/\", \"https://wide.example/\"]],"
    " [[\"10.1.0.0/16\"], [\"https://narrow.example\"]],"
    " [[\"64512-65534\"], [\"https://asn.example/\"]],"
    " \"junk\", [[5], [6]], [[\"10.2.0.0/99\"], [\"https://bad.example/\"]]]}";
  g_autoptr(GInetAddress) wide = g_inet_address_new_from_string ("10.9.9.9");
  g_autoptr(GInetAddress) narrow = g_inet_address_new_from_string ("10.1.2.3");
  g_autoptr(GInetAddress) none = g_inet_address_new_from_string ("11.0.0.1");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (whence_rdap_bootstrap_add_json (bootstrap, json, strlen (json), &error));
  a = whence_rdap_bootstrap_find_ip (bootstrap, wide);
  b = whence_rdap_bootstrap_find_ip (bootstrap, narrow);
  c = whence_rdap_bootstrap_find_ip (bootstrap, none);
  d = whence_rdap_bootstrap_find_asn (bootstrap, 65000);
  g_assert_cmpstr (a, ==, "https://wide.example/");   /* https preferred */
  g_assert_cmpstr (b, ==, "https://narrow.example/"); /* longest prefix, "/" added */
  g_assert_null (c);
  g_assert_cmpstr (d, ==, "https://asn.example/");

  g_assert_false (whence_rdap_bootstrap_add_json (bootstrap, "[]", 2, &error));
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP);
}

static void
test_parse_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (lookup_samples); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "rdap", lookup_samples[i].file, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;
      g_autoptr(WhenceRdapNetwork) network = NULL;
      WhenceContact *first;

      g_test_message ("%s", lookup_samples[i].file);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      network = whence_rdap_parse_data (contents, length, &error);
      g_assert_no_error (error);
      g_assert_nonnull (network);
      g_assert_cmpuint (network->contacts->len, >, 0);
      first = g_ptr_array_index (network->contacts, 0);
      g_assert_cmpstr (first->address, ==, expected[i].first);
      g_assert_cmpstr (first->source, ==, expected[i].source);
      g_assert_cmpstr (network->name, ==, expected[i].name);
      g_assert_cmpstr (network->country, ==, expected[i].country);
      g_assert_cmpstr (network->range, ==, expected[i].range);
      g_assert_cmpstr (network->organisation, ==, expected[i].organisation);
      g_assert_nonnull (network->handle);
    }
}

/* Details the table does not show: phones, names, the second tier. */
static void
test_parse_details (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "rdap",
                                                 "apnic-ipv4-210.107.73.73-irt-abuse.json", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(WhenceRdapNetwork) network = NULL;
  WhenceContact *contact;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  network = whence_rdap_parse_data (contents, length, NULL);
  g_assert_nonnull (network);
  contact = g_ptr_array_index (network->contacts, 0);
  g_assert_cmpstr (contact->handle, ==, "IRT-KRNIC-KR");
  g_assert_cmpstr (contact->role, ==, "abuse");
  /* The ISP's own abuse@ mailbox, on its technical entity, comes next. */
  contact = g_ptr_array_index (network->contacts, 1);
  g_assert_cmpstr (contact->address, ==, "abuse@bora.net");
  g_assert_cmpstr (contact->handle, ==, "DB50-AP");

  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&network, whence_rdap_network_free);
  path = g_test_build_filename (G_TEST_DIST, "data", "rdap",
                                "arin-ipv4-74.125.225.229-nested-abuse.json", NULL);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  network = whence_rdap_parse_data (contents, length, NULL);
  contact = g_ptr_array_index (network->contacts, 0);
  g_assert_cmpstr (contact->phone, ==, "+1-650-253-0000");
  g_assert_cmpstr (contact->name, ==, "Google Inc");
  g_assert_cmpstr (contact->handle, ==, "ZG39-ARIN");
}

static void
test_parse_hostile (void)
{
  static const char *inputs[] = {
    "",
    "{",
    "[1, 2, 3]",
    "\"ip network\"",
    "{\"objectClassName\": \"domain\", \"handle\": \"x\"}",
    "{\"objectClassName\": \"ip network\", \"handle\": 5, \"entities\": {\"roles\": 1}}",
    "{\"objectClassName\": \"ip network\", \"entities\": [1, \"x\", null, {\"vcardArray\": [\"vcard\", 7]}]}",
  };
  GString *deep = g_string_new ("{\"entities\": ");

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WhenceRdapNetwork) network = whence_rdap_parse_data (inputs[i], strlen (inputs[i]), &error);

      g_test_message ("%s", inputs[i]);
      g_assert_null (network);
      g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP);
    }

  for (guint i = 0; i < 200000; i++)
    g_string_append (deep, "[{\"entities\": ");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WhenceRdapNetwork) network = whence_rdap_parse_data (deep->str, deep->len, &error);

    g_assert_null (network);
    g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP);
  }
  g_string_free (deep, TRUE);
}

static void
test_served_samples (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lookup_samples); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WhenceLookupResult) result = NULL;
      g_autofree char *path = g_strconcat ("/", lookup_samples[i].path, "/ip/", lookup_samples[i].ip, NULL);
      GPtrArray *ladder;
      WhenceEscalationStep *first, *last;

      result = run_lookup (lookup, lookup_samples[i].ip, WHENCE_LOOKUP_CONSENT_GIVEN,
                           WHENCE_LOOKUP_FLAGS_NONE, NULL, &error);
      g_test_message ("%s: %s", lookup_samples[i].ip, first_address (result));
      g_assert_no_error (error);
      g_assert_null (whence_lookup_result_get_error (result));
      g_assert_cmpuint (lookup_server_hits (fixture->server, path), ==, 1);
      g_assert_cmpstr (first_address (result), ==, expected[i].first);
      g_assert_cmpstr (whence_lookup_result_get_abuse_contact (result)->source, ==, expected[i].source);
      g_assert_cmpstr (whence_lookup_result_get_registry (result), ==, lookup_samples[i].registry);
      g_assert_cmpstr (whence_lookup_result_get_name (result), ==, expected[i].name);
      g_assert_cmpstr (whence_lookup_result_get_country (result), ==, expected[i].country);
      g_assert_false (whence_lookup_result_get_from_cache (result));
      g_assert_nonnull (whence_lookup_result_get_fetched (result));

      ladder = whence_lookup_result_get_escalation (result);
      g_assert_cmpuint (ladder->len, >=, 2);
      first = g_ptr_array_index (ladder, 0);
      last = g_ptr_array_index (ladder, ladder->len - 1);
      g_assert_cmpstr (first->address, ==, expected[i].first);
      g_assert_cmpstr (last->source, ==, "registry");
      g_assert_true (g_str_has_prefix (last->address, "https://"));
    }

  /* It says who is asking, and carries nothing else about the person. */
  g_assert_cmpstr (fixture->server->user_agent, ==, "Whence/" PACKAGE_VERSION);
  g_assert_false (fixture->server->extra_headers);
}

static void
test_mapped_ipv4 (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, NULL);
  g_autoptr(WhenceLookupResult) result = run_lookup (lookup, "::ffff:62.239.237.1",
                                                     WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);

  g_assert_null (whence_lookup_result_get_error (result));
  g_assert_cmpstr (whence_lookup_result_get_ip (result), ==, "62.239.237.1");
  g_assert_cmpstr (first_address (result), ==, "zzdnsr@bt.com");
  g_assert_cmpuint (lookup_server_hits (fixture->server, "/ripe/ip/62.239.237.1"), ==, 1);
}

static void
test_served_bootstrap_url (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->server->base, "bootstrap/", NULL);
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, url);
  g_autoptr(WhenceLookupResult) result = run_lookup (lookup, "2a00:2381:ffff::1",
                                                     WHENCE_LOOKUP_CONSENT_GIVEN,
                                                     WHENCE_LOOKUP_FLAGS_NONE, NULL, NULL);

  g_assert_null (whence_lookup_result_get_error (result));
  g_assert_cmpuint (lookup_server_hits (fixture->server, "/bootstrap/ipv6.json"), ==, 1);
  g_assert_cmpstr (first_address (result), ==, "zzdnsr@bt.com");
}

static void
test_bootstrap_sources (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->server->bootstrap_dir, "ipv4.json", NULL);
  g_autofree char *file_uri = g_filename_to_uri (file, NULL, NULL);
  g_autofree char *missing = g_build_filename (fixture->server->bootstrap_dir, "missing.json", NULL);
  const char *good[] = { file, file_uri };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(WhenceLookup) lookup = local_lookup (fixture, good[i]);
      g_autoptr(WhenceLookupResult) result = run_lookup (lookup, "200.57.141.161",
                                                         WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);

      g_assert_null (whence_lookup_result_get_error (result));
      g_assert_cmpstr (whence_lookup_result_get_registry (result), ==, "LACNIC");
    }

  {
    g_autoptr(WhenceLookup) lookup = local_lookup (fixture, missing);
    g_autoptr(WhenceLookupResult) result = run_lookup (lookup, "200.57.141.161",
                                                       WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);

    g_assert_error ((GError *) whence_lookup_result_get_error (result), WHENCE_ERROR, WHENCE_ERROR_LOOKUP);
    g_assert_nonnull (strstr (whence_lookup_result_get_error (result)->message, "list of internet registries"));
  }
}

/* Several lookups started at once; returns when all have answered. */
static GPtrArray *
run_lookups_at_once (WhenceLookup *lookup,
                     const char  **ips,
                     guint         n)
{
  g_autofree GAsyncResult **results = g_new0 (GAsyncResult *, n);
  GPtrArray *answers = g_ptr_array_new_with_free_func (g_object_unref);
  guint done = 0;

  for (guint i = 0; i < n; i++)
    whence_lookup_ip_async (lookup, ips[i], WHENCE_LOOKUP_CONSENT_GIVEN, WHENCE_LOOKUP_FLAGS_NONE,
                            NULL, on_lookup_done, &results[i]);
  while (done < n)
    {
      g_main_context_iteration (NULL, TRUE);
      done = 0;
      for (guint i = 0; i < n; i++)
        done += results[i] != NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      WhenceLookupResult *answer = whence_lookup_ip_finish (lookup, results[i], &error);

      g_assert_no_error (error);
      g_ptr_array_add (answers, answer);
      g_object_unref (results[i]);
    }

  return answers;
}

/* The same address asked three times while its lookup runs (three emails
 * from one computer): one question to the registry, the answer for all. */
static void
test_same_address_once (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, NULL);
  g_autofree char *path = g_strconcat ("/", lookup_samples[0].path, "/ip/", lookup_samples[0].ip, NULL);
  const char *ips[] = { lookup_samples[0].ip, lookup_samples[0].ip, lookup_samples[0].ip };
  g_autoptr(GPtrArray) answers = NULL;

  fixture->server->delay_ms = 100;
  answers = run_lookups_at_once (lookup, ips, G_N_ELEMENTS (ips));

  g_assert_cmpuint (lookup_server_hits (fixture->server, path), ==, 1);
  for (guint i = 0; i < answers->len; i++)
    {
      g_assert_null (whence_lookup_result_get_error (g_ptr_array_index (answers, i)));
      g_assert_cmpstr (first_address (g_ptr_array_index (answers, i)), ==, expected[0].first);
    }
}

/* Ten computers looked up at once: the registry (here one host for all)
 * never gets more than two questions at a time, and every answer comes,
 * although each may take at most 800 ms and the ten take 1 s: a question
 * waiting its turn is not yet on the clock. */
static void
test_registry_bounded (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, NULL);
  const char *ips[G_N_ELEMENTS (lookup_samples)];
  g_autoptr(GPtrArray) answers = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lookup_samples); i++)
    ips[i] = lookup_samples[i].ip;
  whence_lookup_set_timeout (lookup, 800);
  fixture->server->delay_ms = 200;
  answers = run_lookups_at_once (lookup, ips, G_N_ELEMENTS (ips));

  g_assert_cmpuint (fixture->server->most_in_flight, ==, 2);
  for (guint i = 0; i < answers->len; i++)
    {
      g_assert_null (whence_lookup_result_get_error (g_ptr_array_index (answers, i)));
      g_assert_cmpstr (first_address (g_ptr_array_index (answers, i)), ==, expected[i].first);
    }
}

static void
test_served_referral (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->server->base, "refer/", NULL);
  g_autofree char *bootstrap = lookup_server_bootstrap_file (fixture->server, "62.0.0.0/8", url);
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, bootstrap);
  g_autoptr(WhenceLookupResult) result = run_lookup (lookup, "62.239.237.1",
                                                     WHENCE_LOOKUP_CONSENT_GIVEN,
                                                     WHENCE_LOOKUP_FLAGS_NONE, NULL, NULL);

  g_assert_null (whence_lookup_result_get_error (result));
  g_assert_cmpuint (lookup_server_hits (fixture->server, "/refer/ip/62.239.237.1"), ==, 1);
  g_assert_cmpuint (lookup_server_hits (fixture->server, "/ripe/ip/62.239.237.1"), ==, 1);
  g_assert_cmpstr (first_address (result), ==, "zzdnsr@bt.com");
  /* The registry is the one that answered, not the one first asked. */
  g_assert_cmpstr (whence_lookup_result_get_registry (result), ==, "RIPE NCC");
}

static const struct
{
  const char *folder;
  int         code;
  const char *words;
} hostile[] = {
  { "slow", WHENCE_ERROR_LOOKUP, "too long" },
  { "huge", WHENCE_ERROR_LOOKUP, "too large" },
  { "invalid", WHENCE_ERROR_LOOKUP, "could not be read" },
  { "wrongtype", WHENCE_ERROR_LOOKUP, "could not be read" },
  { "nested", WHENCE_ERROR_LOOKUP, "could not be read" },
  { "array", WHENCE_ERROR_LOOKUP, "could not be read" },
  { "loop", WHENCE_ERROR_LOOKUP, "elsewhere" },
  { "insecure", WHENCE_ERROR_LOOKUP, "not secure" },
  { "error", WHENCE_ERROR_LOOKUP, "answered with an error" },
  { "busy", WHENCE_ERROR_LOOKUP, "busy" },
  { "nothing-here", WHENCE_ERROR_LOOKUP, "does not know" },
};

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *url = g_strconcat (fixture->server->base, hostile[i].folder, "/", NULL);
      g_autofree char *bootstrap = lookup_server_bootstrap_file (fixture->server, "0.0.0.0/0", url);
      g_autoptr(WhenceLookup) lookup = local_lookup (fixture, bootstrap);
      g_autoptr(WhenceLookupResult) result = NULL;
      g_autoptr(GError) error = NULL;
      const GError *reason;
      gint64 start = g_get_monotonic_time ();
      gint64 elapsed;

      whence_lookup_set_timeout (lookup, 800);
      result = run_lookup (lookup, "62.239.237.1", WHENCE_LOOKUP_CONSENT_GIVEN,
                           WHENCE_LOOKUP_FLAGS_NONE, NULL, &error);
      elapsed = g_get_monotonic_time () - start;
      g_assert_no_error (error);
      reason = whence_lookup_result_get_error (result);
      g_test_message ("%s: %s (%" G_GINT64_FORMAT " ms)", hostile[i].folder,
                      reason != NULL ? reason->message : "(no error)", elapsed / 1000);
      g_assert_nonnull (reason);
      g_assert_error ((GError *) reason, WHENCE_ERROR, hostile[i].code);
      g_assert_true (g_str_has_prefix (reason->message, "Could not look up"));
      g_assert_nonnull (strstr (reason->message, hostile[i].words));
      g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
      g_assert_cmpuint (whence_lookup_result_get_contacts (result)->len, ==, 0);
    }
}

static void
test_insecure_bootstrap (Fixture       *fixture,
                         gconstpointer  data)
{
  /* Plain HTTP to anything but this computer is refused before connecting. */
  g_autofree char *bootstrap = lookup_server_bootstrap_file (fixture->server, "0.0.0.0/0",
                                                             "http://192.0.2.1/rdap/");
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, bootstrap);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(WhenceLookupResult) result = run_lookup (lookup, "62.239.237.1",
                                                     WHENCE_LOOKUP_CONSENT_GIVEN,
                                                     WHENCE_LOOKUP_FLAGS_NONE, NULL, NULL);
  const GError *reason = whence_lookup_result_get_error (result);

  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason->message, "not secure"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_false (whence_fetch_url_allowed ("http://example.org/"));
  g_assert_false (whence_fetch_url_allowed ("ftp://127.0.0.1/"));
  g_assert_false (whence_fetch_url_allowed ("file:///etc/passwd"));
  g_assert_true (whence_fetch_url_allowed ("http://127.0.0.1:8/"));
  g_assert_true (whence_fetch_url_allowed ("http://[::1]:8/"));
  g_assert_true (whence_fetch_url_allowed ("https://rdap.db.ripe.net/ip/1.2.3.4"));
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *closed = lookup_closed_port_url ();
  g_autofree char *bootstrap = lookup_server_bootstrap_file (fixture->server, "0.0.0.0/0", closed);
  g_autofree char *bootstrap_url = g_strconcat (closed, "bootstrap/", NULL);
  const char *sources[] = { bootstrap, bootstrap_url };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(WhenceLookup) lookup = local_lookup (fixture, sources[i]);
      g_autoptr(WhenceLookupResult) result = run_lookup (lookup, "62.239.237.1",
                                                         WHENCE_LOOKUP_CONSENT_GIVEN,
                                                         WHENCE_LOOKUP_FLAGS_NONE, NULL, NULL);
      const GError *reason = whence_lookup_result_get_error (result);
      g_autoptr(JsonNode) json = whence_lookup_result_to_json (result);
      JsonObject *object = json_node_get_object (json);

      g_test_message ("%s: %s", sources[i], reason != NULL ? reason->message : "(no error)");
      g_assert_nonnull (reason);
      g_assert_error ((GError *) reason, WHENCE_ERROR, WHENCE_ERROR_OFFLINE);
      g_assert_true (g_str_has_prefix (reason->message, "Could not look up"));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "error"), "code"),
                       ==, "offline");
      g_assert_false (json_object_get_boolean_member (object, "from_cache"));
    }
}

static void
test_cache (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, NULL);
  const char *path = "/ripe/ip/62.239.237.1";
  g_autoptr(WhenceLookupResult) first = NULL;
  g_autoptr(WhenceLookupResult) second = NULL;
  g_autoptr(WhenceLookupResult) third = NULL;
  g_autoptr(WhenceLookupResult) fourth = NULL;
  g_autofree char *file = whence_lookup_cache_path (fixture->cache_dir, "62.239.237.1");
  g_autofree char *contents = NULL;
  g_autofree char *aged = NULL;
  g_autofree char *needle = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *age = NULL;
  gint64 fetched;

  whence_lookup_set_cache (lookup, fixture->cache_dir, 7 * G_TIME_SPAN_DAY);

  first = run_lookup (lookup, "62.239.237.1", WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);
  g_assert_false (whence_lookup_result_get_from_cache (first));
  g_assert_cmpuint (lookup_server_hits (fixture->server, path), ==, 1);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  second = run_lookup (lookup, "62.239.237.1", WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);
  g_assert_true (whence_lookup_result_get_from_cache (second));
  g_assert_cmpuint (lookup_server_hits (fixture->server, path), ==, 1);
  g_assert_cmpstr (first_address (second), ==, "zzdnsr@bt.com");
  g_assert_cmpstr (whence_lookup_result_get_range (second), ==, "62.239.237.0/24");
  g_assert_cmpuint (whence_lookup_result_get_escalation (second)->len, ==,
                    whence_lookup_result_get_escalation (first)->len);
  g_assert_cmpint (g_date_time_to_unix (whence_lookup_result_get_fetched (second)), ==,
                   g_date_time_to_unix (whence_lookup_result_get_fetched (first)));
  age = whence_lookup_result_describe_age (second, now);
  g_assert_cmpstr (age, ==, "Looked up just now");
  g_clear_pointer (&age, g_free);
  age = whence_lookup_result_describe_age (second, later);
  g_assert_true (g_str_has_prefix (age, "Looked up on "));

  /* Make the entry eight days old: the next lookup must ask again. */
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  fetched = g_date_time_to_unix (whence_lookup_result_get_fetched (first));
  needle = g_strdup_printf ("\"fetched\":%" G_GINT64_FORMAT, fetched);
  g_assert_nonnull (strstr (contents, needle));
  {
    g_autofree char *replacement = g_strdup_printf ("\"fetched\":%" G_GINT64_FORMAT,
                                                    fetched - 8 * 24 * 3600);
    GString *text = g_string_new (contents);

    g_string_replace (text, needle, replacement, 1);
    aged = g_string_free (text, FALSE);
  }
  g_assert_true (g_file_set_contents (file, aged, -1, NULL));

  third = run_lookup (lookup, "62.239.237.1", WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);
  g_assert_false (whence_lookup_result_get_from_cache (third));
  g_assert_cmpuint (lookup_server_hits (fixture->server, path), ==, 2);

  /* "Look up again" skips a fresh entry. */
  fourth = run_lookup (lookup, "62.239.237.1", WHENCE_LOOKUP_CONSENT_GIVEN,
                       WHENCE_LOOKUP_FLAGS_REFRESH, NULL, NULL);
  g_assert_false (whence_lookup_result_get_from_cache (fourth));
  g_assert_cmpuint (lookup_server_hits (fixture->server, path), ==, 3);

  /* A damaged cache file is simply not used. */
  g_assert_true (g_file_set_contents (file, "{\"version\":1,\"fetched\":\"x\"", -1, NULL));
  g_clear_object (&fourth);
  fourth = run_lookup (lookup, "62.239.237.1", WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);
  g_assert_false (whence_lookup_result_get_from_cache (fourth));
  g_assert_cmpuint (lookup_server_hits (fixture->server, path), ==, 4);
}

static void
test_declined_and_private (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, NULL);
  static const char *private[] = { "10.1.2.3", "192.168.0.7", "127.0.0.1", "fe80::1", "fd00::5",
                                   "100.64.1.1", "0.0.0.0" };
  g_autoptr(WhenceLookupResult) declined = run_lookup (lookup, "62.239.237.1",
                                                       WHENCE_LOOKUP_CONSENT_DECLINED, 0, NULL, NULL);
  g_autoptr(WhenceLookupResult) invalid = run_lookup (lookup, "62.239.237.1; rm -rf",
                                                      WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);

  g_assert_error ((GError *) whence_lookup_result_get_error (declined), WHENCE_ERROR, WHENCE_ERROR_DECLINED);
  g_assert_error ((GError *) whence_lookup_result_get_error (invalid), WHENCE_ERROR, WHENCE_ERROR_LOOKUP);

  for (guint i = 0; i < G_N_ELEMENTS (private); i++)
    {
      g_autoptr(WhenceLookupResult) result = run_lookup (lookup, private[i],
                                                         WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);

      g_assert_error ((GError *) whence_lookup_result_get_error (result), WHENCE_ERROR, WHENCE_ERROR_LOOKUP);
      g_assert_nonnull (strstr (whence_lookup_result_get_error (result)->message, "private"));
    }
  /* Nothing was sent anywhere. */
  g_assert_cmpuint (lookup_server_total_hits (fixture->server), ==, 0);
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->server->base, "slow/", NULL);
  g_autofree char *bootstrap = lookup_server_bootstrap_file (fixture->server, "0.0.0.0/0", url);
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, bootstrap);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceLookupResult) result = NULL;
  gint64 start = g_get_monotonic_time ();

  whence_lookup_set_timeout (lookup, 30000);
  g_timeout_add (100, cancel_soon, cancellable);
  result = run_lookup (lookup, "62.239.237.1", WHENCE_LOOKUP_CONSENT_GIVEN, 0, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_dns_fallbacks (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, NULL);
  g_autoptr(TestResolver) resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);
  g_autoptr(WhenceLookupResult) verified = NULL;
  g_autoptr(WhenceLookupResult) unverified = NULL;
  g_autoptr(GInetAddress) v4 = g_inet_address_new_from_string ("62.239.237.1");
  g_autoptr(GInetAddress) v6 = g_inet_address_new_from_string ("2001:db8::1");
  g_autofree char *abusix_v4 = whence_dns_reversed_name (v4, "abuse-contacts.abusix.zone");
  g_autofree char *abusix_v6 = whence_dns_reversed_name (v6, "zone");
  GPtrArray *contacts;
  GPtrArray *ladder;
  static const char *ladder_sources[] = { "rdap", "abusix", "abuse.net", "rfc2142", "registry" };

  g_assert_cmpstr (abusix_v4, ==, "1.237.239.62.abuse-contacts.abusix.zone");
  g_assert_cmpstr (abusix_v6, ==,
                   "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zone");

  /* Verified: the name resolves back; the contact zones know the domain. */
  add_entry (resolver->reverse, "62.239.237.1", "host-1.corp.bt.co.uk");
  add_entry (resolver->forward, "host-1.corp.bt.co.uk", "62.239.237.1");
  add_entry (resolver->txt, "1.237.239.62.abuse-contacts.abusix.zone", "Abuse@BT.example");
  add_entry (resolver->txt, "bt.co.uk.contacts.abuse.net", "spam@bt.example, not-an-address");
  /* Unverified: the name points elsewhere, so it tells us nothing. */
  add_entry (resolver->reverse, "74.125.225.229", "mail.innocent-bank.example.com");
  add_entry (resolver->forward, "mail.innocent-bank.example.com", "192.0.2.1");
  whence_lookup_set_resolver (lookup, G_RESOLVER (resolver));

  verified = run_lookup (lookup, "62.239.237.1", WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);
  g_assert_cmpstr (whence_lookup_result_get_rdns (verified), ==, "host-1.corp.bt.co.uk");
  g_assert_true (whence_lookup_result_get_rdns_verified (verified));
  contacts = whence_lookup_result_get_contacts (verified);
  ladder = whence_lookup_result_get_escalation (verified);
  g_assert_cmpstr (((WhenceContact *) g_ptr_array_index (contacts, 0))->address, ==, "zzdnsr@bt.com");
  g_assert_cmpuint (ladder->len, ==, G_N_ELEMENTS (ladder_sources));
  for (guint i = 0; i < ladder->len; i++)
    {
      WhenceEscalationStep *step = g_ptr_array_index (ladder, i);

      g_test_message ("%u. %s <%s> (%s)", i + 1, step->who, step->address, step->source);
      g_assert_cmpstr (step->source, ==, ladder_sources[i]);
    }
  g_assert_cmpstr (((WhenceEscalationStep *) g_ptr_array_index (ladder, 1))->address, ==, "abuse@bt.example");
  g_assert_cmpstr (((WhenceEscalationStep *) g_ptr_array_index (ladder, 2))->address, ==, "spam@bt.example");
  g_assert_cmpstr (((WhenceEscalationStep *) g_ptr_array_index (ladder, 3))->address, ==, "abuse@bt.co.uk");
  g_assert_cmpstr (((WhenceEscalationStep *) g_ptr_array_index (ladder, 4))->address, ==, "https://www.ripe.net/");

  unverified = run_lookup (lookup, "74.125.225.229", WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);
  g_assert_cmpstr (whence_lookup_result_get_rdns (unverified), ==, "mail.innocent-bank.example.com");
  g_assert_false (whence_lookup_result_get_rdns_verified (unverified));
  contacts = whence_lookup_result_get_contacts (unverified);
  for (guint i = 0; i < contacts->len; i++)
    {
      WhenceContact *contact = g_ptr_array_index (contacts, i);

      g_assert_cmpstr (contact->source, !=, "rfc2142");
      g_assert_null (strstr (contact->address, "innocent-bank"));
    }
}

static void
test_origin_as (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *name = g_build_filename (fixture->server->bootstrap_dir, "with-asn.json", NULL);
  g_autofree char *text = g_strdup_printf ("{\"services\": ["
                                           "[[\"74.0.0.0/8\"], [\"%sarin-as/\"]],"
                                           "[[\"13312-15359\"], [\"%sarin/\"]]]}",
                                           fixture->server->base, fixture->server->base);
  g_autoptr(WhenceLookup) lookup = NULL;
  g_autoptr(WhenceLookupResult) result = NULL;
  GPtrArray *ladder;
  WhenceEscalationStep *step;
  gboolean found = FALSE;

  g_assert_true (g_file_set_contents (name, text, -1, NULL));
  lookup = local_lookup (fixture, name);
  result = run_lookup (lookup, "74.125.225.229", WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);

  g_assert_null (whence_lookup_result_get_error (result));
  g_assert_cmpuint (whence_lookup_result_get_origin_as (result), ==, 15169);
  g_assert_cmpuint (lookup_server_hits (fixture->server, "/arin/autnum/15169"), ==, 1);
  g_assert_cmpstr (first_address (result), ==, "arin-contact@google.com");
  for (guint i = 0; i < whence_lookup_result_get_contacts (result)->len; i++)
    {
      WhenceContact *contact = g_ptr_array_index (whence_lookup_result_get_contacts (result), i);

      if (g_str_equal (contact->address, "abuse@upstream.example"))
        {
          g_assert_cmpstr (contact->source, ==, "rdap-autnum");
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* The AS operator comes after the network's own desk, before the registry. */
  ladder = whence_lookup_result_get_escalation (result);
  g_assert_cmpuint (ladder->len, ==, 3);
  step = g_ptr_array_index (ladder, 1);
  g_assert_cmpstr (step->address, ==, "abuse@upstream.example");
  g_assert_nonnull (strstr (step->who, "AS15169"));
  step = g_ptr_array_index (ladder, 2);
  g_assert_cmpstr (step->source, ==, "registry");
}

static void
test_linked_abuse_entity (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->server->base, "linked/", NULL);
  g_autofree char *bootstrap = lookup_server_bootstrap_file (fixture->server, "198.51.100.0/24", url);
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, bootstrap);
  g_autoptr(WhenceLookupResult) result = run_lookup (lookup, "198.51.100.7",
                                                     WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);
  const WhenceContact *contact = whence_lookup_result_get_abuse_contact (result);
  WhenceContact *second;

  g_assert_null (whence_lookup_result_get_error (result));
  g_assert_cmpuint (lookup_server_hits (fixture->server, "/linked/entity/ABUSE-1"), ==, 1);
  g_assert_cmpstr (contact->address, ==, "abuse@linked.example");
  g_assert_cmpstr (contact->source, ==, "rdap");
  g_assert_cmpstr (contact->handle, ==, "ABUSE-1");
  g_assert_cmpstr (contact->phone, ==, "+1-555-0100");
  second = g_ptr_array_index (whence_lookup_result_get_contacts (result), 1);
  g_assert_cmpstr (second->address, ==, "noc@linked.example");
  g_assert_cmpstr (second->source, ==, "rdap-technical");
  g_assert_cmpstr (whence_lookup_result_get_organisation (result), ==, "Linked Example Inc");
  g_assert_cmpstr (whence_lookup_result_get_range (result), ==, "198.51.100.0/24");
}

static char *
run_rdns (WhenceLookup         *lookup,
          const char           *ip,
          WhenceLookupConsent   consent,
          gboolean             *verified,
          GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  whence_lookup_rdns_async (lookup, ip, consent, NULL, on_lookup_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return whence_lookup_rdns_finish (lookup, result, verified, error);
}

static void
test_hop_rdns (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, NULL);
  g_autoptr(TestResolver) resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gboolean verified = TRUE;

  add_entry (resolver->reverse, "62.239.237.1", "host-1.corp.bt.co.uk");
  add_entry (resolver->forward, "host-1.corp.bt.co.uk", "62.239.237.1");
  add_entry (resolver->reverse, "74.125.225.229", "liar.example.com");
  whence_lookup_set_resolver (lookup, G_RESOLVER (resolver));

  name = run_rdns (lookup, "::ffff:62.239.237.1", WHENCE_LOOKUP_CONSENT_GIVEN, &verified, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "host-1.corp.bt.co.uk");
  g_assert_true (verified);
  g_clear_pointer (&name, g_free);

  name = run_rdns (lookup, "74.125.225.229", WHENCE_LOOKUP_CONSENT_GIVEN, &verified, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "liar.example.com");
  g_assert_false (verified);
  g_clear_pointer (&name, g_free);

  name = run_rdns (lookup, "198.51.100.9", WHENCE_LOOKUP_CONSENT_GIVEN, &verified, &error);
  g_assert_null (name);
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP);
  g_clear_error (&error);

  resolver->queries = 0;
  name = run_rdns (lookup, "10.0.0.1", WHENCE_LOOKUP_CONSENT_GIVEN, &verified, &error);
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP);
  g_clear_error (&error);
  name = run_rdns (lookup, "62.239.237.1", WHENCE_LOOKUP_CONSENT_DECLINED, &verified, &error);
  g_assert_null (name);
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_DECLINED);
  g_assert_cmpuint (resolver->queries, ==, 0);
}

static void
test_json_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(WhenceLookup) lookup = local_lookup (fixture, NULL);
  g_autoptr(WhenceLookupResult) result = run_lookup (lookup, "210.107.73.73",
                                                     WHENCE_LOOKUP_CONSENT_GIVEN, 0, NULL, NULL);
  g_autoptr(JsonNode) json = whence_lookup_result_to_json (result);
  g_autoptr(WhenceLookupResult) copy = whence_lookup_result_new_from_json (json, NULL);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  JsonObject *object = json_node_get_object (json);
  static const char *members[] = {
    "ip", "error", "rdns", "rdns_verified", "registry", "name", "handle", "range", "country",
    "organisation", "origin_as", "abuse_contacts", "escalation", "from_cache", "fetched",
  };
  g_autoptr(GList) names = json_object_get_members (object);
  guint n = 0;

  for (GList *l = names; l != NULL; l = l->next, n++)
    g_assert_cmpstr (l->data, ==, members[n]);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (members));

  g_assert_nonnull (copy);
  copy->from_cache = result->from_cache;
  copy->fetched = g_date_time_ref (whence_lookup_result_get_fetched (result));
  again = whence_lookup_result_to_json (copy);
  json_generator_set_root (generator, json);
  a = json_generator_to_data (generator, NULL);
  json_generator_set_root (generator, again);
  b = json_generator_to_data (generator, NULL);
  g_assert_cmpstr (a, ==, b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  whence_core_init ();

  g_test_add_func ("/lookup/bootstrap/bundled", test_bootstrap_bundled);
  g_test_add_func ("/lookup/bootstrap/longest-prefix", test_bootstrap_longest_prefix);
  g_test_add_func ("/lookup/rdap/samples", test_parse_samples);
  g_test_add_func ("/lookup/rdap/details", test_parse_details);
  g_test_add_func ("/lookup/rdap/hostile", test_parse_hostile);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/lookup/served/samples", test_served_samples);
  ADD ("/lookup/served/bootstrap-url", test_served_bootstrap_url);
  ADD ("/lookup/served/mapped-ipv4", test_mapped_ipv4);
  ADD ("/lookup/served/bootstrap-sources", test_bootstrap_sources);
  ADD ("/lookup/served/referral", test_served_referral);
  ADD ("/lookup/served/same-address-once", test_same_address_once);
  ADD ("/lookup/served/registry-bounded", test_registry_bounded);
  ADD ("/lookup/served/hostile", test_hostile);
  ADD ("/lookup/served/insecure", test_insecure_bootstrap);
  ADD ("/lookup/served/offline", test_offline);
  ADD ("/lookup/served/cache", test_cache);
  ADD ("/lookup/served/declined-private", test_declined_and_private);
  ADD ("/lookup/served/cancel", test_cancel);
  ADD ("/lookup/served/dns-fallbacks", test_dns_fallbacks);
  ADD ("/lookup/served/origin-as", test_origin_as);
  ADD ("/lookup/served/linked-abuse-entity", test_linked_abuse_entity);
  ADD ("/lookup/served/hop-rdns", test_hop_rdns);
  ADD ("/lookup/served/json", test_json_round_trip);
#undef ADD

  return g_test_run ();
}
