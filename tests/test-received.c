/* test-received.c: the Received parser against other projects' own cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data under tests/data/peers/<peer>/cases.jsonl, copied unchanged with its
 * README. Cases whose meaning differs from ours are listed, by id and with a
 * reason, in tests/data/peers/excluded.tsv (and explained in
 * tests/data/peers/README.md); every other case must pass.
 */

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "whence-date.h"
#include "whence-received.h"
#include "whence-test-util.h"

/* ---- loading ------------------------------------------------------------ */

static GPtrArray *
load_cases (const char *peer)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "peers", peer,
                                                 "cases.jsonl", NULL);
  GPtrArray *cases = whence_test_load_jsonl (path);

  g_assert_cmpuint (cases->len, >, 0);
  return cases;
}

/* tests/data/peers/excluded.tsv: "peer<TAB>id<TAB>reason" */
static GHashTable *
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

/* ---- shared bookkeeping for the partial-meaning peers -------------------- */

typedef struct
{
  const char *peer;
  GHashTable *excluded;
  guint       total;
  guint       run;
  guint       passed;
  guint       skipped;
  GString    *failures;
} Tally;

static void
tally_init (Tally      *t,
            const char *peer)
{
  memset (t, 0, sizeof *t);
  t->peer = peer;
  t->excluded = load_excluded (peer);
  t->failures = g_string_new (NULL);
}

/* Returns TRUE when the case is to be run. */
static gboolean
tally_begin (Tally  *t,
             gint64  id)
{
  t->total++;
  if (g_hash_table_contains (t->excluded, GINT_TO_POINTER ((int) id)))
    {
      t->skipped++;
      return FALSE;
    }
  t->run++;
  return TRUE;
}

static void
tally_end (Tally      *t,
           gint64      id,
           const char *problem)
{
  if (problem == NULL)
    t->passed++;
  else
    g_string_append_printf (t->failures, "\n  %s %" G_GINT64_FORMAT ": %s", t->peer, id, problem);
}

static void
tally_finish (Tally *t)
{
  g_test_message ("%s: %u/%u pass (%u of %u cases excluded as a different meaning)",
                  t->peer, t->passed, t->run, t->skipped, t->total);
  if (t->failures->len > 0)
    g_test_message ("%s failures:%s", t->peer, t->failures->str);
  g_assert_cmpuint (t->passed, ==, t->run);
  g_assert_cmpuint (t->run, >, 0);
  g_hash_table_unref (t->excluded);
  g_string_free (t->failures, TRUE);
}

static char *
strip_angles (const char *s)
{
  gsize len = strlen (s);

  if (len >= 2 && s[0] == '<' && s[len - 1] == '>')
    return g_strndup (s + 1, len - 2);
  return g_strdup (s);
}

static gboolean
same_ip (const char *a,
         const char *b)
{
  g_autoptr(GInetAddress) x = g_inet_address_new_from_string (a);
  g_autoptr(GInetAddress) y = g_inet_address_new_from_string (b);

  if (x != NULL && y != NULL)
    return g_inet_address_equal (x, y);
  return g_strcmp0 (a, b) == 0;
}

static char *
fields_problem (JsonObject           *expected,
                const WhenceReceived *r)
{
  static const char * const names[] = { "ip", "rdns", "helo", "by", "ident", "envfrom", "id", "auth" };
  const char *ours[] = { r->ip, r->rdns, r->helo, r->by, r->ident, r->envfrom, r->id, r->auth };
  GString *problem = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *want = json_object_get_string_member (expected, names[i]);
      if (g_strcmp0 (want, ours[i]) != 0)
        {
          if (problem == NULL)
            problem = g_string_new (NULL);
          g_string_append_printf (problem, "%s: expected \"%s\", got \"%s\"; ", names[i], want, ours[i]);
        }
    }
  return problem ? g_string_free (problem, FALSE) : NULL;
}

/* ---- OrangeAssassin: whole headers, and its field helpers ---------------- */

static void
test_orangeassassin (void)
{
  g_autoptr(GPtrArray) cases = load_cases ("orangeassassin-received");
  Tally t;

  tally_init (&t, "orangeassassin-received");

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *o = json_node_get_object (cases->pdata[i]);
      gint64 id = json_object_get_int_member (o, "id");
      const char *kind = json_object_get_string_member (o, "kind");
      g_autofree char *problem = NULL;

      if (!tally_begin (&t, id))
        continue;

      if (strcmp (kind, "parse") == 0)
        {
          g_autoptr(WhenceReceived) r = whence_received_parse (member_string (o, "received"));
          JsonNode *exp = json_object_get_member (o, "expected");

          if (JSON_NODE_HOLDS_NULL (exp))
            {
              if (r->relay)
                problem = g_strdup ("expected an ignored line, got a relay");
            }
          else
            {
              JsonObject *want = JSON_NODE_HOLDS_ARRAY (exp)
                ? json_array_get_object_element (json_node_get_array (exp), 0)
                : json_node_get_object (exp);
              if (JSON_NODE_HOLDS_ARRAY (exp))
                g_assert_cmpuint (json_array_get_length (json_node_get_array (exp)), ==, 1);
              if (!r->parsed)
                problem = g_strdup ("expected a relay, got none");
              else
                problem = fields_problem (want, r);
            }
        }
      else if (strcmp (kind, "field") == 0)
        {
          /* The helpers take the header without its leading "from ". */
          const char *function = json_object_get_string_member (o, "function");
          g_autofree char *value = g_strconcat ("from ", json_object_get_string_member (o, "input"), NULL);
          g_autoptr(WhenceReceived) r = whence_received_parse (value);
          JsonNode *exp = json_object_get_member (o, "expected");

          if (strcmp (function, "check_for_skip") == 0)
            {
              if (r->relay)
                problem = g_strdup ("expected an ignored line, got a relay");
            }
          else
            {
              const char *want = json_node_get_string (exp);
              const char *got = NULL;

              if (strcmp (function, "get_envfrom") == 0)
                got = r->envfrom;
              else if (strcmp (function, "get_rdns") == 0)
                got = r->rdns;
              else if (strcmp (function, "get_ip") == 0)
                got = r->ip;
              else if (strcmp (function, "get_by") == 0)
                got = r->by;
              else if (strcmp (function, "get_helo") == 0)
                got = r->helo;
              else if (strcmp (function, "get_ident") == 0)
                got = r->ident;
              else if (strcmp (function, "get_id") == 0)
                got = r->id;
              else if (strcmp (function, "get_auth") == 0)
                got = r->auth;
              else
                g_error ("unknown helper %s", function);
              if (g_strcmp0 (want, got) != 0)
                problem = g_strdup_printf ("%s: expected \"%s\", got \"%s\"", function, want, got);
            }
        }
      else
        problem = g_strdup_printf ("case kind %s is not a parser case", kind);

      tally_end (&t, id, problem);
    }

  tally_finish (&t);
}

/* ---- rspamd: real_ip, real_hostname, by_hostname, for_mbox --------------- */

static void
test_rspamd (void)
{
  g_autoptr(GPtrArray) cases = load_cases ("rspamd-received");
  Tally t;

  tally_init (&t, "rspamd-received");

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *o = json_node_get_object (cases->pdata[i]);
      gint64 id = json_object_get_int_member (o, "id");
      JsonObject *want = json_object_get_object_member (o, "expected");
      const char *input = member_string (o, "received_as_tested");
      GString *problem = g_string_new (NULL);
      g_autoptr(WhenceReceived) r = NULL;
      g_autoptr(GList) keys = NULL;

      if (!tally_begin (&t, id))
        {
          g_string_free (problem, TRUE);
          continue;
        }

      r = whence_received_parse (input ? input : member_string (o, "received"));
      keys = json_object_get_members (want);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *key = l->data;
          const char *value = member_string (want, key);
          g_autofree char *expect = value ? strip_angles (value) : g_strdup ("");
          JsonArray *unchecked = json_object_has_member (o, "keys_not_checked_by_test")
            ? json_object_get_array_member (o, "keys_not_checked_by_test") : NULL;
          gboolean skip = FALSE;
          const char *got = NULL;

          for (guint k = 0; unchecked != NULL && k < json_array_get_length (unchecked); k++)
            skip |= strcmp (json_array_get_string_element (unchecked, k), key) == 0;
          if (skip)
            continue;

          /* from_hostname and from_ip are "the first word after from", a
           * notion SpamAssassin does not have (it is the HELO for some MTAs,
           * the rDNS for others): not compared. */
          if (strcmp (key, "real_ip") == 0)
            got = r->ip;
          else if (strcmp (key, "real_hostname") == 0)
            got = r->rdns;
          else if (strcmp (key, "by_hostname") == 0)
            got = r->by;
          else if (strcmp (key, "for_mbox") == 0)
            got = r->for_;
          else
            continue;

          if (strcmp (key, "real_ip") == 0 ? !same_ip (expect, got) : strcmp (expect, got) != 0)
            g_string_append_printf (problem, "%s: expected \"%s\", got \"%s\"; ", key, expect, got);
        }

      tally_end (&t, id, problem->len ? problem->str : NULL);
      g_string_free (problem, TRUE);
    }

  tally_finish (&t);
}

/* ---- MHA: dates (epoch) and the recipient -------------------------------- */

static const char *
mha_value (const char *header)
{
  /* MHA is handed whole lines, "Received: " and all. */
  if (header == NULL)
    return "";
  if (g_ascii_strncasecmp (header, "Received:", 9) == 0)
    header += 9;
  return header;
}

static char *
mha_row_problem (const char *header,
                 JsonObject *want)
{
  g_autoptr(WhenceReceived) r = whence_received_parse (mha_value (header));
  GString *problem = g_string_new (NULL);

  if (json_object_has_member (want, "dateNum"))
    {
      gint64 ms = json_object_get_int_member (want, "dateNum");
      gint64 s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
      if (!r->has_date || r->date != s)
        g_string_append_printf (problem, "date: expected %" G_GINT64_FORMAT ", got %s%" G_GINT64_FORMAT "; ",
                                s, r->has_date ? "" : "none ", r->date);
    }
  else if (r->has_date)
    g_string_append_printf (problem, "date: expected none, got %" G_GINT64_FORMAT "; ", r->date);

  {
    const char *f = json_object_has_member (want, "for") ? json_object_get_string_member (want, "for") : "";
    g_autofree char *expect = strip_angles (f);
    if (strcmp (expect, r->for_) != 0)
      g_string_append_printf (problem, "for: expected \"%s\", got \"%s\"; ", expect, r->for_);
  }

  if (problem->len == 0)
    {
      g_string_free (problem, TRUE);
      return NULL;
    }
  return g_string_free (problem, FALSE);
}

static void
test_mha (void)
{
  g_autoptr(GPtrArray) cases = load_cases ("mha-received");
  Tally t;

  tally_init (&t, "mha-received");

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *o = json_node_get_object (cases->pdata[i]);
      gint64 id = json_object_get_int_member (o, "id");
      const char *kind = json_object_get_string_member (o, "kind");
      g_autofree char *problem = NULL;

      if (!tally_begin (&t, id))
        continue;

      if (strcmp (kind, "parse") == 0 || strcmp (kind, "date") == 0)
        {
          JsonObject *want = json_object_get_object_member (o, "expected");
          gboolean subset = g_str_has_prefix (json_object_get_string_member (o, "compare"), "toMatchObject");

          if (subset && !json_object_has_member (want, "dateNum"))
            problem = NULL; /* nothing of ours is listed */
          else if (subset || strcmp (kind, "date") == 0)
            {
              /* only the date is ours to check */
              g_autoptr(WhenceReceived) r = whence_received_parse (mha_value (member_string (o, "received")));
              gint64 s = json_object_get_int_member (want, "dateNum") / 1000;
              if (!r->has_date || r->date != s)
                problem = g_strdup_printf ("date: expected %" G_GINT64_FORMAT ", got %s%" G_GINT64_FORMAT,
                                           s, r->has_date ? "" : "none ", r->date);
            }
          else
            problem = mha_row_problem (member_string (o, "received"), want);
        }
      else if (strcmp (kind, "hops") == 0)
        {
          JsonArray *headers = json_object_get_array_member (o, "received");
          JsonArray *rows = json_object_get_array_member (o, "expected_rows");
          GString *all = g_string_new (NULL);

          for (guint k = 0; k < json_array_get_length (rows); k++)
            {
              JsonObject *row = json_array_get_object_element (rows, k);
              gint64 index = json_object_get_int_member (row, "header_index");
              g_autofree char *p = mha_row_problem (json_array_get_string_element (headers, index),
                                                    json_object_get_object_member (row, "expected"));
              if (p != NULL)
                g_string_append_printf (all, "row %u: %s", k, p);
            }
          problem = all->len ? g_string_free (all, FALSE) : (g_string_free (all, TRUE), NULL);
        }
      else
        problem = g_strdup_printf ("case kind %s is not a parser case", kind);

      tally_end (&t, id, problem);
    }

  tally_finish (&t);
}

/* ---- SpamScope mail-parser: clause assertions mapped onto our fields ------ */

/* An exact clause dict: its with, id, for and date are ours to compare, and
 * the first word of its by clause is our by. from and via are raw clause
 * text: not compared. */
static char *
spamscope_dict (JsonObject           *dict,
                const WhenceReceived *r)
{
  g_autoptr(GList) keys = json_object_get_members (dict);
  GString *problem = g_string_new (NULL);
  guint mapped = 0;

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      const char *value = json_object_get_string_member (dict, key);
      g_autofree char *want = NULL;
      const char *ours;

      if (strcmp (key, "date") == 0)
        {
          gint64 when;
          mapped++;
          if (!whence_date_parse (value, &when) || !r->has_date || r->date != when)
            g_string_append_printf (problem, "date \"%s\" not matched; ", value);
          continue;
        }
      if (strcmp (key, "with") == 0)
        ours = r->with, want = g_strdup (value);
      else if (strcmp (key, "id") == 0)
        ours = r->id, want = g_strdup (value);
      else if (strcmp (key, "for") == 0)
        ours = r->for_, want = strip_angles (value);
      else if (strcmp (key, "by") == 0)
        ours = r->by, want = g_strndup (value, strcspn (value, " "));
      else
        continue;
      mapped++;
      if (strcmp (want, ours) != 0)
        g_string_append_printf (problem, "%s: expected \"%s\", ours is \"%s\"; ", key, want, ours);
    }

  if (mapped == 0)
    g_string_append (problem, "");
  else if (problem->len == 0)
    {
      g_string_free (problem, TRUE);
      return NULL;
    }
  return g_string_free (problem, FALSE);
}

/* Returns NULL when the assertion holds, "" when it is about something we do
 * not produce (raw clause text), or a description of the failure. */
static char *
spamscope_assertion (JsonObject           *a,
                     const WhenceReceived *r)
{
  const char *op = json_object_get_string_member (a, "op");
  const char *field = json_object_has_member (a, "field") ? json_object_get_string_member (a, "field") : "";
  const char *value = json_object_has_member (a, "value") && JSON_NODE_HOLDS_VALUE (json_object_get_member (a, "value"))
    ? json_object_get_string_member (a, "value") : NULL;
  g_autofree char *from = g_strjoin (" ", r->helo, r->rdns, r->ip, NULL);
  const char *ours = NULL;
  gboolean ok;

  if (strcmp (op, "is_not_none") == 0)
    return NULL;
  if (strcmp (op, "equal_dict") == 0)
    return spamscope_dict (json_object_get_object_member (a, "value"), r);
  if (strcmp (op, "raises") == 0)
    return r->parsed ? g_strdup ("expected no relay to be read") : NULL;

  if (strcmp (field, "by") == 0)
    ours = r->by;
  else if (strcmp (field, "with") == 0)
    ours = r->with;
  else if (strcmp (field, "id") == 0)
    ours = r->id;
  else if (strcmp (field, "for") == 0)
    ours = r->for_;
  else if (strcmp (field, "envelope_from") == 0 || strcmp (field, "envelope_sender") == 0)
    ours = r->envfrom;
  else if (strcmp (field, "from") == 0)
    ours = from;
  else if (strcmp (field, "date") == 0)
    {
      gint64 when;
      if (strcmp (op, "has_key") == 0)
        return r->has_date ? NULL : g_strdup ("expected a date");
      if (strcmp (op, "contains") == 0 && whence_date_parse (value, &when))
        return r->has_date && r->date == when ? NULL : g_strdup_printf ("date: expected %s", value);
      return g_strdup ("");
    }
  else
    return g_strdup ("");

  if (strcmp (op, "has_key") == 0)
    {
      g_autofree char *copy = g_strdup (ours);
      ok = g_strstrip (copy)[0] != '\0';
    }
  else if (strcmp (op, "contains") == 0)
    ok = strstr (ours, value) != NULL;
  else if (strcmp (op, "equal") == 0 || strcmp (op, "equal_stripped") == 0)
    {
      g_autofree char *want = strip_angles (value);
      if (strcmp (field, "from") == 0)
        ok = strcmp (want, r->helo) == 0 || strcmp (want, r->rdns) == 0 || strcmp (want, r->ip) == 0;
      else
        ok = strcmp (want, ours) == 0;
    }
  else
    return g_strdup ("");

  return ok ? NULL : g_strdup_printf ("%s %s \"%s\": ours is \"%s\"", field, op, value ? value : "", ours);
}

static void
test_spamscope (void)
{
  g_autoptr(GPtrArray) cases = load_cases ("spamscope-mailparser-received");
  Tally t;

  tally_init (&t, "spamscope-mailparser-received");

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *o = json_node_get_object (cases->pdata[i]);
      gint64 id = json_object_get_int_member (o, "id");
      JsonArray *assertions = json_object_get_array_member (o, "assertions");
      g_autoptr(WhenceReceived) r = NULL;
      GString *problem = g_string_new (NULL);
      guint mapped = 0;

      if (!tally_begin (&t, id))
        {
          g_string_free (problem, TRUE);
          continue;
        }
      if (strcmp (json_object_get_string_member (o, "kind"), "clauses") != 0)
        {
          tally_end (&t, id, "a whole-message question, not a parser case");
          g_string_free (problem, TRUE);
          continue;
        }

      r = whence_received_parse (member_string (o, "received"));
      for (guint k = 0; k < json_array_get_length (assertions); k++)
        {
          g_autofree char *p = spamscope_assertion (json_array_get_object_element (assertions, k), r);
          if (p != NULL && *p == '\0')
            continue;
          mapped++;
          if (p != NULL)
            g_string_append_printf (problem, "%s; ", p);
        }
      if (mapped == 0)
        g_string_append (problem, "no assertion is about a field we produce");

      tally_end (&t, id, problem->len ? problem->str : NULL);
      g_string_free (problem, TRUE);
    }

  tally_finish (&t);
}

/* ---- our own fields: with, for, date, and lines that are not relays ------ */

typedef struct
{
  const char *value;
  gboolean    relay;
  gboolean    parsed;
  const char *ip;
  const char *by;
  const char *with;
  const char *for_;
  const char *date;   /* ISO 8601 UTC, or NULL for none */
} FieldCase;

static const FieldCase field_cases[] = {
  /* Postfix, folded with tabs, IPv6 with its prefix */
  { "from server.example.nl (unknown [IPv6:2a01:7c8:aab6:26d:5054:ff:fed1:1da2])\n\t(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))\n\tby mx1.freebsd.org (Postfix) with ESMTPS id CF0171862\n\tfor <test@example.com>; Mon,  6 Jul 2015 09:01:20 +0000 (UTC)\n\t(envelope-from x@outlook.com)",
    TRUE, TRUE, "2a01:7c8:aab6:26d:5054:ff:fed1:1da2", "mx1.freebsd.org", "ESMTPS", "test@example.com", "2015-07-06T09:01:20Z" },
  /* sendmail with a named zone comment */
  { "from mail1.example.com (host66.example.com [65.217.159.66] (may be forged)) by dogma.slashnull.org (8.11.6/8.11.6) with ESMTP id h2F0c2x31856 for <jm@jmason.org>; Thu, 13 Mar 2003 15:23:15 -0500 (EST)",
    TRUE, TRUE, "65.217.159.66", "dogma.slashnull.org", "ESMTP", "jm@jmason.org", "2003-03-13T20:23:15Z" },
  /* Exchange: the "id" is a version, the protocol is three words */
  { "from EXC-DAG-02.global.net (10.45.252.152) by EXC-DAG-01.global.net (10.45.252.151) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) id 15.1.1261.35; Mon, 29 Oct 2018 11:17:19 +0100",
    TRUE, TRUE, "10.45.252.152", "EXC-DAG-01.global.net", "Microsoft SMTP Server", "", "2018-10-29T10:17:19Z" },
  /* IPv4-mapped IPv6 and a zone index */
  { "from relay.example.com ([IPv6:::ffff:217.70.183.195]) by mfilter.example.net with ESMTP id hWQz for <teo@example.com>; Tue, 1 Mar 2016 10:00:00 +0000",
    TRUE, TRUE, "217.70.183.195", "mfilter.example.net", "ESMTP", "teo@example.com", "2016-03-01T10:00:00Z" },
  { "from AM5PR0402MB2836.eurprd04.prod.outlook.com ([fe80::19bd:c588:dd17:5226]) by AM5PR0402MB2836.eurprd04.prod.outlook.com ([fe80::19bd:c588:dd17:5226%6]) with mapi id 15.20.1943.023; Wed, 5 Jun 2019 10:17:08 +0000",
    TRUE, TRUE, "fe80::19bd:c588:dd17:5226", "AM5PR0402MB2836.eurprd04.prod.outlook.com", "mapi", "", "2019-06-05T10:17:08Z" },
  /* not handovers: kept, marked, the writing host still named */
  { "(qmail 27981 invoked by uid 225); 14 Mar 2003 07:24:34 -0000",
    FALSE, FALSE, "", "", "", "", "2003-03-14T07:24:34Z" },
  { "by oak.ein.cz (Postfix, from userid 1002) id DABBD1BED3; Thu, 13 Feb 2003 14:02:21 +0100 (CET)",
    FALSE, FALSE, "", "oak.ein.cz", "", "", "2003-02-13T13:02:21Z" },
  { "from cabbage.jmason.org [127.0.0.1] by localhost with IMAP (fetchmail-5.9.0) for jm@localhost (single-drop); Thu, 13 Mar 2003 20:39:56 -0800 (PST)",
    FALSE, FALSE, "", "localhost", "IMAP", "jm@localhost", "2003-03-14T04:39:56Z" },
  { "from andrew by trinity.supernews.net with local (Exim 4.12) id 18xeL6-000Dn1-00; Tue, 25 Mar 2003 02:39:00 +0000",
    FALSE, FALSE, "", "trinity.supernews.net", "local", "", "2003-03-25T02:39:00Z" },
  /* no ';' before the date, and an ISO date written by Go */
  { "from (64.52.135.194 [64.52.135.194]) by mail.unearthed.com with ESMTP id BQB0hUH2 Thu, 20 Feb 2003 16:13:20 -0700 (PST)",
    TRUE, TRUE, "64.52.135.194", "mail.unearthed.com", "ESMTP", "", "2003-02-20T23:13:20Z" },
  { "by filter0652p1las1.sendgrid.net with SMTP id filter0652p1las1-5089-5ADBF958-25 2018-04-22 02:54:17.028704749 +0000 UTC",
    FALSE, FALSE, "", "filter0652p1las1.sendgrid.net", "SMTP", "", "2018-04-22T02:54:17Z" },
  /* no date at all, and a date that is out of range */
  { "from [193.220.176.134] by web40310.mail.yahoo.com via HTTP",
    TRUE, TRUE, "193.220.176.134", "web40310.mail.yahoo.com", "", "", NULL },
  { "from a.example (a.example [192.0.2.1]) by b.example (Postfix) with ESMTP id X1; Thu, 31 Feb 2003 10:00:00 +0000",
    TRUE, TRUE, "192.0.2.1", "b.example", "ESMTP", "", NULL },
  /* qmail with a comment before the protocol */
  { "from unknown (HELO delivery.example.com) ([95.211.233.206]) by 192.168.50.233 with (DHE-RSA-AES256-SHA encrypted) SMTP; 22 Aug 2016 14:23:01 -0000",
    TRUE, TRUE, "95.211.233.206", "192.168.50.233", "SMTP", "", "2016-08-22T14:23:01Z" },
  /* a relay line nothing can be read from */
  { "from somewhere by", TRUE, FALSE, "", "", "", "", NULL },
};

static void
test_fields (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_cases); i++)
    {
      const FieldCase *c = &field_cases[i];
      g_autoptr(WhenceReceived) r = whence_received_parse (c->value);

      g_test_message ("case %u: %s", i, c->value);
      g_assert_cmpstr (r->raw, ==, c->value);
      g_assert_cmpint (r->relay, ==, c->relay);
      g_assert_cmpint (r->parsed, ==, c->parsed);
      g_assert_cmpstr (r->ip, ==, c->ip);
      g_assert_cmpstr (r->by, ==, c->by);
      g_assert_cmpstr (r->with, ==, c->with);
      g_assert_cmpstr (r->for_, ==, c->for_);
      if (!r->relay || !r->parsed)
        {
          g_assert_cmpstr (r->rdns, ==, "");
          g_assert_cmpstr (r->helo, ==, "");
          g_assert_cmpstr (r->envfrom, ==, "");
        }
      g_assert_cmpint (r->has_date, ==, c->date != NULL);
      if (c->date != NULL)
        {
          g_autoptr(GDateTime) want = g_date_time_new_from_iso8601 (c->date, NULL);
          g_assert_nonnull (want);
          g_assert_cmpint (r->date, ==, g_date_time_to_unix (want));
        }
    }
}

/* ---- never crash, never hang -------------------------------------------- */

static void
check_sane (const WhenceReceived *r)
{
  g_assert_nonnull (r->raw);
  g_assert_nonnull (r->ip);
  g_assert_nonnull (r->rdns);
  g_assert_nonnull (r->helo);
  g_assert_nonnull (r->by);
  g_assert_nonnull (r->ident);
  g_assert_nonnull (r->envfrom);
  g_assert_nonnull (r->id);
  g_assert_nonnull (r->auth);
  g_assert_nonnull (r->with);
  g_assert_nonnull (r->for_);
  g_assert_true (r->parsed ? r->relay : TRUE);
}

static void
test_robust (void)
{
  g_autoptr(GPtrArray) cases = load_cases ("spamassassin-rcvd");
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = g_rand_new_with_seed (20261127);
  gint64 start;
  double seconds;
  GString *big;

  /* pathological shapes */
  g_ptr_array_add (inputs, g_strdup (""));
  g_ptr_array_add (inputs, g_strdup ("from"));
  g_ptr_array_add (inputs, g_strdup ("from "));
  g_ptr_array_add (inputs, g_strdup (";;;;;;;;"));
  g_ptr_array_add (inputs, g_strdup ("from ((((((((((((((((((((((((((((((((((((((((((((((((((("));
  g_ptr_array_add (inputs, g_strdup ("from [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ by"));
  g_ptr_array_add (inputs, g_strdup ("from \xff\xfe\x80\x80 (\xc3\x28 [1.2.3.4]) by \xe2\x82 with \xf0\x28\x8c\xbc"));
  g_ptr_array_add (inputs, g_strdup ("from x ([::::::::::::::::::::::::::::::::::::::::::::::::]) by y"));
  g_ptr_array_add (inputs, g_strdup ("from x (1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17 [999.999.999.999]) by y"));
  big = g_string_new ("from ");
  for (guint i = 0; i < 20000; i++)
    g_string_append (big, "a (b [1.2.3.4]) by c with d id e for <f@g> ");
  g_ptr_array_add (inputs, g_string_free (big, FALSE));
  big = g_string_new ("from ");
  for (guint i = 0; i < 5000; i++)
    g_string_append (big, "( ");
  g_ptr_array_add (inputs, g_string_free (big, FALSE));

  /* every peer line, cut and spliced at random places */
  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *o = json_node_get_object (cases->pdata[i]);
      const char *line = json_object_get_string_member (o, "received");
      gsize len = strlen (line);

      for (guint k = 0; k < 20; k++)
        {
          GString *m = g_string_new (line);
          guint edits = g_rand_int_range (rand, 1, 6);
          for (guint e = 0; e < edits && m->len > 0; e++)
            {
              guint at = g_rand_int_range (rand, 0, m->len);
              switch (g_rand_int_range (rand, 0, 4))
                {
                case 0:
                  g_string_truncate (m, at);
                  break;
                case 1:
                  g_string_insert_c (m, at, "([])<>;@: \t\n"[g_rand_int_range (rand, 0, 12)]);
                  break;
                case 2:
                  {
                    gsize n = g_rand_int_range (rand, 1, 8);
                    g_string_erase (m, at, MIN (m->len - at, n));
                  }
                  break;
                default:
                  g_string_insert_len (m, at, line + g_rand_int_range (rand, 0, len), -1);
                  break;
                }
            }
          g_ptr_array_add (inputs, g_string_free (m, FALSE));
        }
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < inputs->len; i++)
    {
      g_autoptr(WhenceReceived) r = whence_received_parse (inputs->pdata[i]);
      check_sane (r);
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("%u mangled headers parsed in %.2f s", inputs->len, seconds);
  /* bounded work: a few thousand headers take well under a second here;
   * the bound only catches runaway matching */
  g_assert_cmpfloat (seconds, <, 30.0);

  g_rand_free (rand);
}

/* Thousands of messages, a handful of hops each: report the cost per hop. */
static void
test_speed (void)
{
  g_autoptr(GPtrArray) cases = load_cases ("spamassassin-rcvd");
  guint rounds = 40;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  for (guint k = 0; k < rounds; k++)
    for (guint i = 0; i < cases->len; i++)
      {
        JsonObject *o = json_node_get_object (cases->pdata[i]);
        g_autoptr(WhenceReceived) r = whence_received_parse (json_object_get_string_member (o, "received"));
        check_sane (r);
      }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("%u headers in %.2f s: %.1f us per header",
                  rounds * cases->len, seconds, seconds * 1e6 / (rounds * cases->len));
  g_assert_cmpfloat (seconds, <, 30.0);
}

/* ---- bytes are bytes: UTF-8 host names are not split -------------------- */

static void
test_utf8 (void)
{
  /* 0xA0 (in "à") and 0x85 (in "Å") are spaces and Ã a letter to a
   * Unicode-aware matcher reading bytes as Latin-1; to SpamAssassin they are
   * just bytes of the name. */
  g_autoptr(WhenceReceived) r = whence_received_parse (
    "from mail.universit\xc3\xa0.it (mail.universit\xc3\xa0.it [IPv6:2001:db8::c05:248])\n"
    "\t(using TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits))\n"
    "\tby S\xc3\xb6rensen.example.com (Postfix) with UTF8SMTPS\n"
    "\tfor <D\xc3\xb6rte@S\xc3\xb6rensen.example.com>; Thu,  8 Oct 2015 07:45:14 +0200 (CEST)");
  g_autoptr(WhenceReceived) q = whence_received_parse (
    "from \xc3\x85se.example (\xc3\x85se.example [192.0.2.7]) by mx.example (8.14.4/8.14.4) with ESMTP id x1");

  g_assert_true (r->parsed);
  g_assert_cmpstr (r->ip, ==, "2001:db8::c05:248");
  g_assert_cmpstr (r->rdns, ==, "mail.universit\xc3\xa0.it");
  g_assert_cmpstr (r->helo, ==, "mail.universit\xc3\xa0.it");
  g_assert_cmpstr (r->by, ==, "S\xc3\xb6rensen.example.com");
  g_assert_cmpstr (r->for_, ==, "D\xc3\xb6rte@S\xc3\xb6rensen.example.com");
  g_assert_true (q->parsed);
  g_assert_cmpstr (q->helo, ==, "\xc3\x85se.example");
  g_assert_cmpstr (q->rdns, ==, "\xc3\x85se.example");
}

/* ---- real mail against the live SpamAssassin, header by header ----------- */

static char *
unhex (const char *hex)
{
  gsize n = strlen (hex) / 2;
  char *out = g_malloc (n + 1);

  for (gsize i = 0; i < n; i++)
    out[i] = (char) ((g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]));
  out[n] = '\0';
  return out;
}

static void
test_corpus_spamassassin (void)
{
  const char *shared = g_getenv ("WHENCE_SHARED_DIR");
  g_autofree char *corpus = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "sa-received-lines.pl", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  guint total = 0, agree = 0;

  if (shared == NULL || !g_file_test ((corpus = g_build_filename (shared, "corpus", NULL)), G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/corpus is not here");
      return;
    }
  if (!g_spawn_command_line_sync ("perl -MMail::SpamAssassin -e 1", NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("SpamAssassin (Debian package spamassassin) is not installed");
      return;
    }

  g_ptr_array_add (argv, g_strdup ("perl"));
  g_ptr_array_add (argv, g_strdup (script));
  dir = g_dir_open (corpus, 0, &error);
  g_assert_no_error (error);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL; )
    if (g_str_has_suffix (name, ".eml"))
      g_ptr_array_add (argv, g_build_filename (corpus, name, NULL));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(WhenceReceived) r = NULL;
      g_autofree char *value = NULL;
      g_autofree char *sa = NULL;
      g_autofree char *ours = NULL;
      JsonObject *o;

      if (*lines[i] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      o = json_node_get_object (json_parser_get_root (parser));
      value = unhex (json_object_get_string_member (o, "value"));
      sa = unhex (json_object_get_string_member (o, "sa"));
      r = whence_received_parse (value);
      ours = sa_outcome (r);
      total++;
      if (strcmp (ours, sa) == 0)
        agree++;
      else
        g_test_message ("%s: %s\n  SpamAssassin %s\n  ours         %s",
                        json_object_get_string_member (o, "file"), value, sa, ours);
    }

  g_test_message ("corpus vs live SpamAssassin: %u/%u Received headers agree", agree, total);
  g_assert_cmpuint (total, >, 0);
  g_assert_cmpuint (agree, ==, total);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* report every peer's count even when one of them fails */
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/received/peers/spamassassin", test_spamassassin);
  g_test_add_func ("/received/peers/orangeassassin", test_orangeassassin);
  g_test_add_func ("/received/peers/rspamd", test_rspamd);
  g_test_add_func ("/received/peers/mha", test_mha);
  g_test_add_func ("/received/peers/spamscope", test_spamscope);
  g_test_add_func ("/received/fields", test_fields);
  g_test_add_func ("/received/robust", test_robust);
  g_test_add_func ("/received/speed", test_speed);
  g_test_add_func ("/received/utf8", test_utf8);
  g_test_add_func ("/received/corpus-vs-spamassassin", test_corpus_spamassassin);

  return g_test_run ();
}
