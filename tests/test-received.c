/* test-received.c: the Received parser against other projects' own cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data under tests/data/peers/<peer>/cases.jsonl, copied unchanged with its
 * README. Cases whose meaning differs from ours are listed, by id and with a
 * reason, in tests/data/peers/excluded.tsv (and explained in
 * tests/data/peers/README.md); every other case must pass.
 */

#include <json-glib/json-glib.h>
#include <string.h>

#include "whence-date.h"
#include "whence-received.h"

/* ---- loading ------------------------------------------------------------ */

static GPtrArray *
load_cases (const char *peer)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "peers", peer,
                                                 "cases.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

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
      g_ptr_array_add (cases, json_node_copy (json_parser_get_root (parser)));
    }

  g_assert_cmpuint (cases->len, >, 0);
  return cases;
}

/* tests/data/peers/excluded.tsv: "peer<TAB>id<TAB>reason" */
static G_GNUC_UNUSED GHashTable *
load_excluded (const char *peer)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "peers",
                                                 "excluded.tsv", NULL);
  g_autofree char *readme_path = g_test_build_filename (G_TEST_DIST, "data", "peers",
                                                        "README.md", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *readme = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *ids = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (readme_path, &readme, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      g_autofree char *mention = NULL;
      gint64 id;

      if (*lines[i] == '\0' || *lines[i] == '#')
        continue;
      cols = g_strsplit (lines[i], "\t", 3);
      g_assert_cmpuint (g_strv_length (cols), ==, 3);
      if (strcmp (cols[0], peer) != 0)
        continue;
      id = g_ascii_strtoll (cols[1], NULL, 10);
      g_assert_cmpint (id, >, 0);
      g_assert_cmpstr (cols[2], !=, "");
      /* Every exclusion is explained in the README, in its peer's table. */
      mention = g_strdup_printf ("| %s | %s |", cols[0], cols[1]);
      if (strstr (readme, mention) == NULL)
        g_error ("%s case %s is excluded but not explained in README.md", peer, cols[1]);
      g_hash_table_add (ids, GINT_TO_POINTER ((int) id));
    }

  return ids;
}

/* SpamAssassin's normalisation, applied only when comparing with it. */
static char *
sa_bang (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p++)
    g_string_append_c (out, (g_ascii_isspace (*p) || strchr ("#[]()<>|", *p)) ? '!' : *p);
  return g_string_free (out, FALSE);
}

static char *
sa_relay_string (const WhenceReceived *r)
{
  g_autofree char *ip = sa_bang (r->ip);
  g_autofree char *rdns = sa_bang (r->rdns);
  g_autofree char *helo = sa_bang (r->helo);
  g_autofree char *by = sa_bang (r->by);
  g_autofree char *ident = sa_bang (r->ident);
  g_autofree char *envfrom = sa_bang (r->envfrom);

  return g_strdup_printf ("[ ip=%s rdns=%s helo=%s by=%s ident=%s envfrom=%s id=%s auth=%s msa=0 ]",
                          ip, rdns, helo, by, ident, envfrom, r->id, r->auth);
}

/* The SpamAssassin-style string for whatever we produced: "" for a line
 * SpamAssassin ignores, "[ unparseable ]" for a relay with nothing read. */
static char *
sa_outcome (const WhenceReceived *r)
{
  if (!r->relay)
    return g_strdup ("");
  if (!r->parsed)
    return g_strdup ("[ unparseable ]");
  return sa_relay_string (r);
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return NULL;
  return json_node_get_string (n);
}

/* ---- SpamAssassin t/rcvd_parser.t: every case, every field ---------------- */

static void
test_spamassassin (void)
{
  g_autoptr(GPtrArray) cases = load_cases ("spamassassin-rcvd");
  guint passed = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *o = json_node_get_object (cases->pdata[i]);
      gint64 id = json_object_get_int_member (o, "id");
      const char *received = member_string (o, "received");
      const char *expected = member_string (o, "expected_string");
      g_autoptr(WhenceReceived) r = whence_received_parse (received);
      g_autofree char *got = sa_outcome (r);

      if (g_strcmp0 (got, expected) == 0)
        passed++;
      else
        g_test_message ("spamassassin-rcvd %" G_GINT64_FORMAT ": %s\n  expected %s\n  got      %s",
                        id, received, expected, got);
    }

  g_test_message ("spamassassin-rcvd: %u/%u pass", passed, cases->len);
  g_assert_cmpuint (passed, ==, cases->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/received/peers/spamassassin", test_spamassassin);

  return g_test_run ();
}
