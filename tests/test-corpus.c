/* test-corpus.c: the trace engine on real mail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /corpus/expected/…: the hand-labelled origins of WHENCE_SHARED_DIR/corpus/
 *   expected.jsonl (skipped when that folder is absent), plus the labelled
 *   messages that are also in tests/data/corpus (always run).
 * /corpus/local/…: every message of tests/data/corpus (the Apache, MIT and
 *   BSD licensed part of the shared corpus) traces, or fails with the error
 *   listed for it below.
 */

#include <json-glib/json-glib.h>
#include <string.h>

#include "whence-error.h"
#include "whence-trace.h"

/* Messages of tests/data/corpus that are genuinely not traceable emails. */
static const struct
{
  const char *file;
  int         code;
} broken[] = {
  /* An Outlook .msg file (OLE compound document), not an RFC 5322 message. */
  { "spamscope-0006.eml", WHENCE_ERROR_NOT_AN_EMAIL },
};

typedef struct
{
  char       *dir;
  JsonNode   *label;
} LabelCase;

static void
label_case_free (LabelCase *lc)
{
  g_free (lc->dir);
  json_node_unref (lc->label);
  g_free (lc);
}

static const char *
string_or_null (JsonObject *object,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
}

/* Host names compare without case and without the root dot. */
static char *
host_key (const char *host)
{
  char *key;
  gsize len;

  if (host == NULL)
    return g_strdup ("");
  key = g_ascii_strdown (host, -1);
  len = strlen (key);
  while (len > 0 && key[len - 1] == '.')
    key[--len] = '\0';
  return key;
}

static void
test_label (gconstpointer data)
{
  const LabelCase *lc = data;
  JsonObject *label = json_node_get_object (lc->label);
  const char *file = json_object_get_string_member (label, "file");
  const char *want_ip = string_or_null (label, "origin_ip");
  g_autofree char *path = g_build_filename (lc->dir, file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, &error);
  g_autoptr(WhenceTrace) trace = NULL;
  const WhenceOrigin *origin;
  const WhenceHop *hop;
  g_autofree char *want_by = host_key (string_or_null (label, "recipient_boundary_by"));
  g_autofree char *want_rdns = host_key (string_or_null (label, "origin_host"));
  g_autofree char *want_helo = host_key (string_or_null (label, "origin_helo"));
  g_autofree char *by = NULL;
  g_autofree char *rdns = NULL;
  g_autofree char *helo = NULL;

  g_assert_no_error (error);
  trace = whence_trace_new (g_ptr_array_index (messages, 0), NULL, &error);
  g_assert_no_error (error);
  origin = whence_trace_get_origin (trace);

  if (want_ip == NULL)
    {
      g_assert_null (origin);
      return;
    }
  g_assert_nonnull (origin);
  g_assert_cmpstr (origin->ip, ==, want_ip);
  g_assert_cmpint ((int) origin->hop, ==, whence_trace_get_boundary (trace));

  hop = whence_trace_get_hop (trace, origin->hop);
  by = host_key (hop->received->by);
  rdns = host_key (origin->rdns);
  helo = host_key (origin->helo);
  g_assert_cmpstr (by, ==, want_by);
  /* The labels call the name an Exchange line logs a HELO; SpamAssassin's
   * field meanings, which the parser follows, call it rdns. Each labelled
   * name must be one the trace reports. */
  if (*want_rdns != '\0' && !g_str_equal (want_rdns, rdns))
    g_assert_cmpstr (want_rdns, ==, helo);
  if (*want_helo != '\0' && !g_str_equal (want_helo, helo))
    g_assert_cmpstr (want_helo, ==, rdns);
}

static void
test_shared_absent (void)
{
  g_test_skip ("WHENCE_SHARED_DIR/corpus is not here");
}

static guint
add_label_tests (const char *dir,
                 const char *prefix,
                 GPtrArray  *keep)
{
  g_autofree char *path = g_build_filename (dir, "expected.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *name = NULL;
      LabelCase *lc;

      if (*lines[i] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      lc = g_new0 (LabelCase, 1);
      lc->dir = g_strdup (dir);
      lc->label = json_node_copy (json_parser_get_root (parser));
      g_ptr_array_add (keep, lc);
      name = g_strdup_printf ("%s/%s", prefix,
                              json_object_get_string_member (json_node_get_object (lc->label), "file"));
      g_test_add_data_func (name, lc, test_label);
      n++;
    }
  return n;
}

/* Our own reading of a few messages of tests/data/corpus that the shared
 * labels do not cover, each pinning one rule. */
static const struct
{
  const char *file;
  const char *origin_ip;   /* NULL: no origin */
  const char *why;
} own_labels[] = {
  /* A Proofpoint hop that is the *sender's* (IBM's) outbound gateway: no
   * check written by the recipient looked past it, so it is the boundary. */
  { "spamscope-0003.eml", "148.163.158.5", "sender-side gateway" },
  /* fetchmail pickup: the mailbox provider's own line is the boundary. */
  { "apache-satest-0008.eml", "24.102.84.250", "fetchmail" },
  /* CR-only line endings still give two Received lines. */
  { "sisimai-0010.eml", "192.0.2.31", "CR-only" },
  /* Loopback only: the bounce never left the machine. */
  { "sisimai-0001.eml", NULL, "local only" },
  /* Exchange Online: Microsoft's own IPv6 hops are followed to the door. */
  { "stalwart-0002.eml", "40.107.244.73", "Exchange Online" },
};

static void
test_own_label (gconstpointer data)
{
  const char *file = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "corpus", file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, &error);
  g_autoptr(WhenceTrace) trace = NULL;
  const WhenceOrigin *origin;

  g_assert_no_error (error);
  trace = whence_trace_new (g_ptr_array_index (messages, 0), NULL, &error);
  g_assert_no_error (error);
  origin = whence_trace_get_origin (trace);
  for (guint i = 0; i < G_N_ELEMENTS (own_labels); i++)
    if (g_str_equal (own_labels[i].file, file))
      {
        if (own_labels[i].origin_ip == NULL)
          g_assert_null (origin);
        else
          {
            g_assert_nonnull (origin);
            g_assert_cmpstr (origin->ip, ==, own_labels[i].origin_ip);
          }
      }
}

/* Whatever the message, the trace hangs together. */
static void
test_local (gconstpointer data)
{
  const char *path = data;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = whence_message_load_path (path, NULL, &error);

  for (guint b = 0; b < G_N_ELEMENTS (broken); b++)
    if (g_str_equal (broken[b].file, base))
      {
        g_assert_error (error, WHENCE_ERROR, broken[b].code);
        g_assert_cmpuint (strlen (error->message), >, 20);
        return;
      }
  g_assert_no_error (error);

  for (guint m = 0; m < messages->len; m++)
    {
      WhenceMessage *message = g_ptr_array_index (messages, m);
      g_autoptr(WhenceTrace) trace = whence_trace_new (message, NULL, &error);
      const WhenceOrigin *origin;
      int boundary;
      guint n;

      g_assert_no_error (error);
      n = whence_trace_get_n_hops (trace);
      g_assert_cmpuint (n, ==, whence_message_get_received (message)->len);
      boundary = whence_trace_get_boundary (trace);
      g_assert_cmpint (boundary, <, (int) n);
      for (guint i = 0; i < n; i++)
        {
          const WhenceHop *hop = whence_trace_get_hop (trace, i);
          WhenceTrust want = boundary < 0 || (int) i < boundary ? WHENCE_TRUST_RECIPIENT
                             : (int) i == boundary ? WHENCE_TRUST_BOUNDARY
                             : WHENCE_TRUST_UNVERIFIED;

          g_assert_cmpint (hop->trust, ==, want);
          g_assert_nonnull (hop->received);
          g_assert_nonnull (hop->received->raw);
        }

      origin = whence_trace_get_origin (trace);
      if (boundary >= 0)
        {
          g_assert_nonnull (origin);
          g_assert_cmpuint (origin->hop, ==, (guint) boundary);
        }
      if (origin != NULL)
        {
          g_assert_cmpstr (origin->ip, !=, "");
          g_assert_cmpuint (strlen (origin->reason), >, 20);
        }
      g_test_message ("%s: %u hops, boundary %d, origin %s", base, n, boundary,
                      origin != NULL ? origin->ip : "none");
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) label_case_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *local_dir = NULL;
  g_autofree char *shared_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *shared = g_getenv ("WHENCE_SHARED_DIR");
  const char *name;

  g_test_init (&argc, &argv, NULL);
  whence_core_init ();

  if (shared != NULL)
    shared_dir = g_build_filename (shared, "corpus", NULL);
  if (shared_dir == NULL || add_label_tests (shared_dir, "/corpus/expected", keep) == 0)
    g_test_add_func ("/corpus/expected/shared-absent", test_shared_absent);

  local_dir = g_test_build_filename (G_TEST_DIST, "data", "corpus", NULL);
  g_assert_cmpuint (add_label_tests (local_dir, "/corpus/local-expected", keep), >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (own_labels); i++)
    {
      g_autofree char *test = g_strdup_printf ("/corpus/own-label/%s", own_labels[i].file);
      g_test_add_data_func (test, own_labels[i].file, test_own_label);
    }

  dir = g_dir_open (local_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".eml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, ==, 43);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test = g_strdup_printf ("/corpus/local/%s", (char *) g_ptr_array_index (names, i));
      char *path = g_build_filename (local_dir, g_ptr_array_index (names, i), NULL);

      g_ptr_array_add (paths, path);
      g_test_add_data_func (test, path, test_local);
    }

  return g_test_run ();
}
