/* test-trace.c: the trust boundary and the origin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Address classification, SpamAssassin's own trust_path cases (32 + 4, with
 * their network settings), rspamd's external-relay cases where their meaning
 * is ours (tests/data/trust/README.md lists the others and why), and our own
 * fixtures in tests/data/trace/.
 */

#include <json-glib/json-glib.h>
#include <string.h>

#include "whence-error.h"
#include "whence-net.h"
#include "whence-test-util.h"
#include "whence-trace.h"

/* ---- helpers ------------------------------------------------------------ */

static GPtrArray *
load_jsonl (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "trust", name, NULL);

  return whence_test_load_jsonl (path);
}

static WhenceMessage *
message_from_text (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = whence_message_load_bytes (bytes, "case", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  return g_object_ref (g_ptr_array_index (messages, 0));
}

/* "a b c" from a JSON array of strings, or NULL for null. */
static char *
join_array (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  GString *out;
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  array = json_node_get_array (node);
  out = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, json_array_get_string_element (array, i));
    }
  return g_string_free (out, FALSE);
}

/* The relays SpamAssassin would list, split as it splits them. */
static void
split_relays (WhenceTrace  *trace,
              char        **trusted,
              char        **untrusted)
{
  GString *t = g_string_new (NULL);
  GString *u = g_string_new (NULL);

  for (guint i = 0; i < whence_trace_get_n_hops (trace); i++)
    {
      const WhenceHop *hop = whence_trace_get_hop (trace, i);
      GString *into;

      if (!hop->received->relay || hop->received->ip[0] == '\0')
        continue;
      into = hop->trust == WHENCE_TRUST_RECIPIENT ? t : u;
      if (into->len > 0)
        g_string_append_c (into, ' ');
      g_string_append_printf (into, "%s/%d", hop->received->ip, hop->internal ? 1 : 0);
    }
  *trusted = g_string_free (t, FALSE);
  *untrusted = g_string_free (u, FALSE);
}

/* SpamAssassin's relays_external: the relays that are not internal. */
static GStrv
external_ips (WhenceTrace *trace)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < whence_trace_get_n_hops (trace); i++)
    {
      const WhenceHop *hop = whence_trace_get_hop (trace, i);

      if (hop->received->relay && hop->received->ip[0] != '\0' && !hop->internal)
        g_strv_builder_add (builder, hop->received->ip);
    }
  return g_strv_builder_end (builder);
}

/* A relay as SpamAssassin's _RELAYS…_ tags write it. */
static void
append_relay (GString         *out,
              const WhenceHop *hop)
{
  const WhenceReceived *r = hop->received;

  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "[ ip=%s rdns=%s helo=%s by=%s ident=%s envfrom=%s intl=%d id=%s auth=%s msa=0 ]",
                          r->ip, r->rdns, r->helo, r->by, r->ident, r->envfrom,
                          hop->internal ? 1 : 0, r->id, r->auth);
}

static char *
expected_ips (JsonObject *expected,
              const char *member)
{
  JsonArray *relays = json_object_get_array_member (expected, member);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (relays); i++)
    {
      JsonObject *relay = json_array_get_object_element (relays, i);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s/%" G_GINT64_FORMAT, json_object_get_string_member (relay, "ip"),
                              json_object_get_int_member (relay, "intl"));
    }
  return g_string_free (out, FALSE);
}

/* ---- addresses ---------------------------------------------------------- */

static void
test_net_classify (void)
{
  static const struct
  {
    const char     *ip;
    WhenceNetClass  expected;
  } cases[] = {
    { "10.1.2.3", WHENCE_NET_PRIVATE },
    { "172.16.0.1", WHENCE_NET_PRIVATE },
    { "172.32.0.1", WHENCE_NET_PUBLIC },
    { "192.168.64.8", WHENCE_NET_PRIVATE },
    { "127.0.1.2", WHENCE_NET_LOOPBACK },
    { "::1", WHENCE_NET_LOOPBACK },
    { "[IPv6:::1]", WHENCE_NET_LOOPBACK },
    { "::ffff:127.0.0.1", WHENCE_NET_LOOPBACK },
    { "::ffff:10.0.0.1", WHENCE_NET_PRIVATE },
    { "IPv6:::ffff:80.25.218.178", WHENCE_NET_PUBLIC },
    { "169.254.10.1", WHENCE_NET_LINK_LOCAL },
    { "fe80::97ec:b0c:6e9:3855%6", WHENCE_NET_LINK_LOCAL },
    { "100.64.0.1", WHENCE_NET_SHARED },
    { "100.127.255.255", WHENCE_NET_SHARED },
    { "100.128.0.1", WHENCE_NET_PUBLIC },
    { "192.0.2.1", WHENCE_NET_DOCUMENTATION },
    { "198.51.100.7", WHENCE_NET_DOCUMENTATION },
    { "203.0.113.9", WHENCE_NET_DOCUMENTATION },
    { "2001:db8::1", WHENCE_NET_DOCUMENTATION },
    { "fd12:3456::1", WHENCE_NET_PRIVATE },
    { "2603:10a6:209:85::49", WHENCE_NET_PUBLIC },
    { "DEAD:BEEF:0000:0102:0304:0506:0708:0a0b", WHENCE_NET_PUBLIC },
    { "80.25.218.178", WHENCE_NET_PUBLIC },
    { "0.1.2.3", WHENCE_NET_RESERVED },
    { "224.0.0.1", WHENCE_NET_RESERVED },
    { "256.1.1.1", WHENCE_NET_INVALID },
    { "1.2.3", WHENCE_NET_INVALID },
    { "mail.example.org", WHENCE_NET_INVALID },
    { "", WHENCE_NET_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (whence_net_classify (cases[i].ip) != cases[i].expected)
        g_test_message ("%s", cases[i].ip);
      g_assert_cmpint (whence_net_classify (cases[i].ip), ==, cases[i].expected);
    }

  /* SpamAssassin's IP_PRIVATE leaves unique local IPv6 out; we do not. */
  g_assert_true (whence_net_is_internal ("fd12:3456::1"));
  g_assert_false (whence_net_is_sa_private ("fd12:3456::1"));
  g_assert_true (whence_net_is_sa_private ("100.64.1.1"));
  g_assert_true (whence_net_is_sa_private ("fe80::1"));
  g_assert_false (whence_net_is_sa_private ("192.0.2.1"));
}

static void
test_net_list (void)
{
  g_autoptr(WhenceNetList) list = NULL;
  g_autoptr(GError) error = NULL;
  WhenceNetList *bad;

  /* First match wins, as SpamAssassin without Net::Patricia. */
  list = whence_net_list_parse ("!1.1.1.2 1.1/16, 127/8 192.168. DEAD:BEEF::/32", &error);
  g_assert_no_error (error);
  g_assert_false (whence_net_list_contains (list, "1.1.1.2"));
  g_assert_true (whence_net_list_contains (list, "1.1.1.3"));
  g_assert_true (whence_net_list_contains (list, "1.1.200.3"));
  g_assert_false (whence_net_list_contains (list, "1.2.0.1"));
  g_assert_true (whence_net_list_contains (list, "192.168.7.7"));
  g_assert_true (whence_net_list_contains (list, "::ffff:192.168.7.7"));
  g_assert_true (whence_net_list_contains (list, "dead:beef:1::2"));
  g_assert_false (whence_net_list_contains (list, "dead:bef0::2"));
  g_assert_false (whence_net_list_contains (list, "not an address"));

  for (guint i = 0; i < 3; i++)
    {
      static const char * const wrong[] = { "1.2.3.4/33", "10.0.0.0/x", "mail.example.org" };

      bad = whence_net_list_parse (wrong[i], &error);
      g_assert_null (bad);
      g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_FAILED);
      g_clear_error (&error);
    }
  g_assert_true (whence_net_list_is_empty (NULL));
}

/* ---- SpamAssassin trust_path.t ------------------------------------------ */

static void
test_sa_trust_case (gconstpointer data)
{
  JsonObject *c = json_node_get_object ((JsonNode *) data);
  JsonObject *config = json_object_get_object_member (c, "config");
  JsonObject *expected = json_object_get_object_member (c, "expected");
  g_autofree char *trusted_nets = join_array (config, "trusted_networks");
  g_autofree char *internal_nets = join_array (config, "internal_networks");
  g_autofree char *msa_nets = join_array (config, "msa_networks");
  g_autofree char *text = g_strconcat (json_object_get_string_member (c, "headers"),
                                       "\n\n[no body]\n", NULL);
  g_autoptr(WhenceMessage) message = message_from_text (text);
  WhenceTraceSettings settings = {
    .trusted_networks = trusted_nets,
    .internal_networks = internal_nets,
    .msa_networks = msa_nets,
    .spamassassin = TRUE,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceTrace) trace = whence_trace_new_with_settings (message, &settings, &error);
  g_autofree char *trusted = NULL;
  g_autofree char *untrusted = NULL;
  g_autofree char *want_trusted = expected_ips (expected, "trusted");
  g_autofree char *want_untrusted = expected_ips (expected, "untrusted");
  JsonNode *first = json_object_get_member (c, "first_untrusted_ip");
  int boundary;

  g_assert_no_error (error);
  split_relays (trace, &trusted, &untrusted);
  g_assert_cmpstr (trusted, ==, want_trusted);
  g_assert_cmpstr (untrusted, ==, want_untrusted);

  boundary = whence_trace_get_boundary (trace);
  if (JSON_NODE_HOLDS_NULL (first))
    g_assert_cmpint (boundary, ==, -1);
  else
    {
      g_assert_cmpint (boundary, >=, 0);
      g_assert_cmpstr (whence_trace_get_hop (trace, boundary)->received->ip, ==,
                       json_node_get_string (first));
    }
}

static void
test_sa_trust_extra_case (gconstpointer data)
{
  JsonObject *c = json_node_get_object ((JsonNode *) data);
  JsonObject *config = json_object_get_object_member (c, "config");
  JsonObject *expected = json_object_get_object_member (c, "expected");
  JsonNode *headers_node = json_object_get_member (config, "originating_ip_headers");
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autoptr(WhenceMessage) message = message_from_text (json_object_get_string_member (c, "message"));
  WhenceTraceSettings settings = { .spamassassin = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceTrace) trace = NULL;
  g_autofree char *trusted = NULL;
  g_autofree char *untrusted = NULL;
  g_auto(GStrv) external = NULL;

  if (!JSON_NODE_HOLDS_NULL (headers_node))
    {
      JsonArray *array = json_node_get_array (headers_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (headers, (gpointer) json_array_get_string_element (array, i));
      g_ptr_array_add (headers, NULL);
      settings.originating_ip_headers = (const char * const *) headers->pdata;
    }

  trace = whence_trace_new_with_settings (message, &settings, &error);
  g_assert_no_error (error);
  split_relays (trace, &trusted, &untrusted);
  external = external_ips (trace);

  if (json_object_has_member (expected, "untrusted_ips"))
    {
      g_autofree char *want = join_array (expected, "untrusted_ips");
      g_autofree char *got = g_strjoinv (" ", external);
      g_assert_cmpstr (got, ==, want);
    }
  if (json_object_has_member (expected, "external_contains_ip"))
    {
      JsonArray *yes = json_object_get_array_member (expected, "external_contains_ip");
      JsonArray *no = json_object_get_array_member (expected, "external_not_contains_ip");

      for (guint i = 0; i < json_array_get_length (yes); i++)
        g_assert_true (g_strv_contains ((const char * const *) external,
                                        json_array_get_string_element (yes, i)));
      for (guint i = 0; i < json_array_get_length (no); i++)
        g_assert_false (g_strv_contains ((const char * const *) external,
                                         json_array_get_string_element (no, i)));
    }
}

/* ---- OrangeAssassin TestTrustPath --------------------------------------- */

static void
test_oa_trust_case (gconstpointer data)
{
  JsonObject *c = json_node_get_object ((JsonNode *) data);
  JsonArray *lines = json_object_get_array_member (c, "config_lines");
  const char *tag = json_object_get_string_member (c, "report_tag");
  g_autoptr(WhenceMessage) message = NULL;
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *trusted_nets = NULL;
  g_autofree char *internal_nets = NULL;
  g_autofree char *text = NULL;
  WhenceTraceSettings settings = { .spamassassin = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceTrace) trace = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  const WhenceHop *last_external = NULL;
  gboolean own_headers = FALSE;

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      g_auto(GStrv) words = g_strsplit (json_array_get_string_element (lines, i), " ", 2);

      if (g_str_equal (words[0], "trusted_networks"))
        trusted_nets = g_strdup (words[1]);
      else if (g_str_equal (words[0], "internal_networks"))
        internal_nets = g_strdup (words[1]);
      else if (g_str_equal (words[0], "originating_ip_headers"))
        {
          g_auto(GStrv) names = g_strsplit (words[1], " ", -1);

          for (guint n = 0; names[n] != NULL; n++)
            g_ptr_array_add (headers, g_strdup (names[n]));
          own_headers = TRUE;
        }
      else if (g_str_equal (words[0], "clear_originating_ip_headers"))
        own_headers = TRUE;
    }
  g_ptr_array_add (headers, NULL);
  settings.trusted_networks = trusted_nets;
  settings.internal_networks = internal_nets;
  if (own_headers)
    settings.originating_ip_headers = (const char * const *) headers->pdata;

  text = g_strconcat (json_object_get_string_member (c, "message"), "\n[no body]\n", NULL);
  message = message_from_text (text);
  trace = whence_trace_new_with_settings (message, &settings, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < whence_trace_get_n_hops (trace); i++)
    {
      const WhenceHop *hop = whence_trace_get_hop (trace, i);
      gboolean is_trusted = hop->trust == WHENCE_TRUST_RECIPIENT;

      if (!hop->received->relay || hop->received->ip[0] == '\0')
        continue;
      if (!hop->internal && last_external == NULL)
        last_external = hop;
      if ((g_str_equal (tag, "_RELAYSTRUSTED_") && is_trusted)
          || (g_str_equal (tag, "_RELAYSUNTRUSTED_") && !is_trusted)
          || (g_str_equal (tag, "_RELAYSINTERNAL_") && hop->internal)
          || (g_str_equal (tag, "_RELAYSEXTERNAL_") && !hop->internal))
        append_relay (got, hop);
    }
  if (g_str_equal (tag, "_LASTEXTERNALIP_") && last_external != NULL)
    g_string_append (got, last_external->received->ip);
  if (g_str_equal (tag, "_LASTEXTERNALRDNS_") && last_external != NULL)
    g_string_append (got, last_external->received->rdns);
  if (g_str_equal (tag, "_LASTEXTERNALHELO_") && last_external != NULL)
    g_string_append (got, last_external->received->helo);

  g_assert_cmpstr (got->str, ==, json_object_get_string_member (c, "expected"));
}

/* ---- MHA computeDeltas ---------------------------------------------------- */

/* The delays Microsoft's Message Header Analyzer computes, hop by hop
 * (tests/data/peers/mha-received, kind "hops"). MHA keeps milliseconds where
 * a header has them; we keep whole seconds, so they may differ by under one. */
static void
test_mha_delays (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "peers", "mha-received",
                                                 "cases.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_cases = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    {
      g_test_skip ("tests/data/peers/mha-received is not here");
      return;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(WhenceMessage) message = NULL;
      g_autoptr(WhenceTrace) trace = NULL;
      JsonObject *c;
      JsonArray *received, *rows;

      if (*lines[l] == '\0' || !json_parser_load_from_data (parser, lines[l], -1, NULL))
        continue;
      c = json_node_get_object (json_parser_get_root (parser));
      if (!g_str_equal (json_object_get_string_member (c, "kind"), "hops"))
        continue;
      received = json_object_get_array_member (c, "received");
      for (guint i = 0; i < json_array_get_length (received); i++)
        g_string_append_printf (text, "%s\n", json_array_get_string_element (received, i));
      g_string_append (text, "Subject: delays\n\n");
      message = message_from_text (text->str);
      trace = whence_trace_new (message, NULL, NULL);
      g_assert_cmpuint (whence_trace_get_n_hops (trace), ==, json_array_get_length (received));

      rows = json_object_get_array_member (c, "expected_rows");
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          JsonObject *expected = json_object_get_object_member (row, "expected");
          gint64 delay_ms = json_object_get_int_member (expected, "delaySort");
          const WhenceHop *hop = whence_trace_get_hop (trace, json_object_get_int_member (row, "header_index"));

          if (delay_ms == -1)
            {
              g_assert_false (hop->has_delay);
              continue;
            }
          g_assert_true (hop->has_delay);
          g_assert_cmpint (ABS (hop->delay_s * 1000 - delay_ms), <, 1000);
        }
      n_cases++;
    }
  g_assert_cmpuint (n_cases, ==, 2);
}

/* ---- rspamd external_relay ---------------------------------------------- */

static void
test_rspamd_external_relay_case (gconstpointer data)
{
  JsonObject *c = json_node_get_object ((JsonNode *) data);
  JsonObject *rule = json_object_get_object_member (c, "rule_config");
  JsonObject *expected = json_object_get_object_member (c, "expected");
  g_autoptr(WhenceMessage) message = message_from_text (json_object_get_string_member (c, "headers"));
  g_autofree char *networks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceTrace) trace = NULL;
  const WhenceOrigin *origin;

  /* An ip_map is what trusted_networks is to us. */
  if (json_object_has_member (rule, "ip_map"))
    networks = join_array (json_object_get_object_member (rule, "ip_map"), "entries");

  trace = whence_trace_new (message, networks, &error);
  g_assert_no_error (error);
  origin = whence_trace_get_origin (trace);
  g_assert_nonnull (origin);
  g_assert_cmpint (whence_trace_get_boundary (trace), ==, (int) origin->hop);
  g_assert_cmpstr (origin->ip, ==, json_object_get_string_member (expected, "ip"));
  /* rspamd reports the first word after "from" as both host name and HELO. */
  g_assert_cmpstr (origin->helo, ==, json_object_get_string_member (expected, "helo"));
}

/* ---- our fixtures ------------------------------------------------------- */

typedef struct
{
  const char       *file;
  const char       *trusted_networks;
  guint             n_hops;
  int               boundary;
  const char       *origin_ip;       /* NULL: no origin */
  WhenceConfidence  confidence;
  const char       *webmail;
  const char       *client_ip;
  const char       *reason_has;
  int               origin_hop;      /* when there is no boundary */
} FixtureCase;

static const FixtureCase fixture_cases[] = {
  /* A worm's own SMTP engine on a dial-up line, straight to the MX. Its
   * X-Originating-IP was written by the sender, so it counts for nothing. */
  { "klez-dialup.eml", NULL, 2, 1, "62.158.33.12", WHENCE_CONFIDENCE_HIGH, NULL, NULL,
    "straight to" },
  /* The two lowest lines are made up; the boundary is the relay below the MX. */
  { "forged-chain.eml", NULL, 5, 2, "81.169.145.97", WHENCE_CONFIDENCE_HIGH, NULL, NULL,
    "could be made up" },
  /* A user who knows the relay is theirs moves the boundary down one. */
  { "forged-chain.eml", "192.168.0.0/16 81.169.145.0/24", 5, 3, "64.4.240.1",
    WHENCE_CONFIDENCE_HIGH, NULL, NULL, "64.4.240.1" },
  { "webmail-xoip.eml", NULL, 4, 1, "65.54.171.12", WHENCE_CONFIDENCE_HIGH, "Hotmail",
    "41.203.64.131", "webmail" },
  /* The provider's own webmail logged its user's address over HTTP. */
  { "webmail-same-provider.eml", NULL, 3, -1, "196.207.47.60", WHENCE_CONFIDENCE_HIGH,
    "recipient-isp.net", "196.207.47.60", "webmail", 2 },
  /* An Exchange Online name in a HELO from a public IPv4 client, with a
   * made-up line "by" that name: the door hop stays the boundary. */
  { "exchange-helo-forgery.eml", NULL, 4, 2, "185.234.218.50", WHENCE_CONFIDENCE_HIGH, NULL,
    NULL, "185.234.218.50" },
  /* A customer of the recipient's own ISP, named under the ISP's domain,
   * with a made-up line "by" its own name: still the boundary. */
  { "isp-customer-forgery.eml", NULL, 3, 1, "81.10.20.30", WHENCE_CONFIDENCE_HIGH, NULL, NULL,
    "could be made up" },
  { "ipv6.eml", NULL, 3, 1, "2a01:4f8:c17:4b2f::1", WHENCE_CONFIDENCE_HIGH, NULL, NULL,
    "mail.sender.example" },
  { "no-received.eml", NULL, 0, -1, NULL, 0, NULL, NULL, NULL },
  { "200-received.eml", NULL, 200, 199, "93.184.216.34", WHENCE_CONFIDENCE_HIGH, NULL, NULL,
    "93.184.216.34" },
};

static void
test_fixture (gconstpointer data)
{
  const FixtureCase *fc = data;
  g_autoptr(WhenceMessage) message = whence_test_data_message ("trace", fc->file);
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceTrace) trace = whence_trace_new (message, fc->trusted_networks, &error);
  const WhenceOrigin *origin;

  g_assert_no_error (error);
  g_assert_cmpuint (whence_trace_get_n_hops (trace), ==, fc->n_hops);
  g_assert_cmpint (whence_trace_get_boundary (trace), ==, fc->boundary);

  /* Trusted above the boundary, unverified below, whatever the lines say. */
  for (guint i = 0; i < fc->n_hops; i++)
    {
      const WhenceHop *hop = whence_trace_get_hop (trace, i);
      WhenceTrust want = (int) i < fc->boundary || fc->boundary < 0 ? WHENCE_TRUST_RECIPIENT
                         : (int) i == fc->boundary ? WHENCE_TRUST_BOUNDARY
                         : WHENCE_TRUST_UNVERIFIED;

      g_assert_cmpuint (hop->index, ==, i);
      g_assert_cmpint (hop->trust, ==, want);
    }

  origin = whence_trace_get_origin (trace);
  if (fc->origin_ip == NULL)
    {
      g_assert_null (origin);
      return;
    }
  g_assert_nonnull (origin);
  g_assert_cmpuint (origin->hop, ==, (guint) (fc->boundary >= 0 ? fc->boundary : fc->origin_hop));
  g_assert_cmpstr (origin->ip, ==, fc->origin_ip);
  g_assert_cmpint (origin->confidence, ==, fc->confidence);
  g_assert_cmpstr (origin->webmail, ==, fc->webmail);
  g_assert_cmpstr (origin->client_ip, ==, fc->client_ip);
  g_assert_nonnull (strstr (origin->reason, fc->reason_has));
  g_assert_null (strchr (origin->reason, '\n'));
}

static void
test_delays (void)
{
  g_autoptr(WhenceMessage) message = whence_test_data_message ("trace", "forged-chain.eml");
  g_autoptr(WhenceTrace) trace = whence_trace_new (message, NULL, NULL);
  g_autoptr(WhenceMessage) long_message = whence_test_data_message ("trace", "200-received.eml");
  g_autoptr(WhenceTrace) long_trace = whence_trace_new (long_message, NULL, NULL);

  /* 10:00:05 - 09:59:58 */
  g_assert_true (whence_trace_get_hop (trace, 0)->has_delay);
  g_assert_cmpint (whence_trace_get_hop (trace, 0)->delay_s, ==, 7);
  /* The internal hop logged 09:59:58, four seconds before the MX that
   * handed it over: clock skew, kept negative. */
  g_assert_cmpint (whence_trace_get_hop (trace, 1)->delay_s, ==, -4);
  g_assert_cmpint (whence_trace_get_hop (trace, 2)->delay_s, ==, 122);
  g_assert_cmpint (whence_trace_get_hop (trace, 3)->delay_s, ==, 60);
  /* The oldest hop has nothing to compare with. */
  g_assert_false (whence_trace_get_hop (trace, 4)->has_delay);

  for (guint i = 0; i + 1 < 200; i++)
    {
      g_assert_true (whence_trace_get_hop (long_trace, i)->has_delay);
      g_assert_cmpint (whence_trace_get_hop (long_trace, i)->delay_s, ==, i == 198 ? 2 : 1);
    }
}

static void
test_recipient_domain (void)
{
  g_autoptr(WhenceMessage) message = whence_test_data_message ("trace", "klez-dialup.eml");
  g_autoptr(WhenceTrace) trace = whence_trace_new (message, NULL, NULL);

  g_assert_cmpstr (whence_trace_get_recipient_domain (trace), ==, "recipient-isp.net");
}

static void
test_bad_networks (void)
{
  g_autoptr(WhenceMessage) message = whence_test_data_message ("trace", "klez-dialup.eml");
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceTrace) trace = whence_trace_new (message, "10/8 nonsense", &error);

  g_assert_null (trace);
  g_assert_error (error, WHENCE_ERROR, WHENCE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "nonsense"));
}

/* ---- registration ------------------------------------------------------- */

/* rspamd cases whose meaning is not ours (see tests/data/trust/README.md). */
static const int rspamd_excluded[] = { 2, 3 };

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) sa = NULL;
  g_autoptr(GPtrArray) sa_extra = NULL;
  g_autoptr(GPtrArray) rspamd = NULL;
  g_autoptr(GPtrArray) oa = NULL;

  g_test_init (&argc, &argv, NULL);
  whence_core_init ();

  g_test_add_func ("/trace/net/classify", test_net_classify);
  g_test_add_func ("/trace/net/list", test_net_list);

  sa = load_jsonl ("spamassassin-trust-path.jsonl");
  g_assert_cmpuint (sa->len, ==, 32);
  for (guint i = 0; i < sa->len; i++)
    {
      JsonObject *c = json_node_get_object (g_ptr_array_index (sa, i));
      g_autofree char *path = g_strdup_printf ("/trace/spamassassin-trust-path/%02" G_GINT64_FORMAT,
                                               json_object_get_int_member (c, "id"));
      g_test_add_data_func (path, g_ptr_array_index (sa, i), test_sa_trust_case);
    }
  sa_extra = load_jsonl ("spamassassin-trust-extra.jsonl");
  g_assert_cmpuint (sa_extra->len, ==, 4);
  for (guint i = 0; i < sa_extra->len; i++)
    {
      JsonObject *c = json_node_get_object (g_ptr_array_index (sa_extra, i));
      g_autofree char *path = g_strdup_printf ("/trace/spamassassin-trust-extra/%" G_GINT64_FORMAT,
                                               json_object_get_int_member (c, "id"));
      g_test_add_data_func (path, g_ptr_array_index (sa_extra, i), test_sa_trust_extra_case);
    }

  oa = load_jsonl ("orangeassassin-trust.jsonl");
  g_assert_cmpuint (oa->len, ==, 8);
  for (guint i = 0; i < oa->len; i++)
    {
      JsonObject *c = json_node_get_object (g_ptr_array_index (oa, i));
      g_autofree char *path = g_strdup_printf ("/trace/orangeassassin-trust/%" G_GINT64_FORMAT,
                                               json_object_get_int_member (c, "id"));
      g_test_add_data_func (path, g_ptr_array_index (oa, i), test_oa_trust_case);
    }

  rspamd = load_jsonl ("rspamd-external-relay.jsonl");
  g_assert_cmpuint (rspamd->len, ==, 5);
  for (guint i = 0; i < rspamd->len; i++)
    {
      JsonObject *c = json_node_get_object (g_ptr_array_index (rspamd, i));
      gint64 id = json_object_get_int_member (c, "id");
      gboolean excluded = FALSE;
      g_autofree char *path = NULL;

      for (guint e = 0; e < G_N_ELEMENTS (rspamd_excluded); e++)
        excluded |= rspamd_excluded[e] == id;
      if (excluded)
        continue;
      path = g_strdup_printf ("/trace/rspamd-external-relay/%" G_GINT64_FORMAT, id);
      g_test_add_data_func (path, g_ptr_array_index (rspamd, i), test_rspamd_external_relay_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (fixture_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/trace/fixture/%s%s", fixture_cases[i].file,
                                               fixture_cases[i].trusted_networks ? "/trusted-networks" : "");
      g_test_add_data_func (path, &fixture_cases[i], test_fixture);
    }
  g_test_add_func ("/trace/delays", test_delays);
  g_test_add_func ("/trace/mha-delays", test_mha_delays);
  g_test_add_func ("/trace/recipient-domain", test_recipient_domain);
  g_test_add_func ("/trace/bad-networks", test_bad_networks);

  return g_test_run ();
}
