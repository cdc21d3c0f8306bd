/* test-contacts.c: the bundled contact data keeps its promises.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <json-glib/json-glib.h>
#include <string.h>

#include "whence-contacts.h"
#include "whence-message.h"

static const char * const resources[] = {
  "/io/github/whence/Whence/contacts/countries.json",
  "/io/github/whence/Whence/contacts/fbi-field-offices.json",
  "/io/github/whence/Whence/contacts/us-agencies.json",
};

static void
test_loads (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (whence_contacts_ensure_loaded (&error));
  g_assert_no_error (error);
  g_assert_cmpuint (whence_contacts_get_field_offices ()->len, ==, 56);
  g_assert_nonnull (whence_contacts_get_agency ("ic3"));
  g_assert_nonnull (whence_contacts_get_agency ("cisa"));
  g_assert_nonnull (whence_contacts_get_agency ("cert-cc"));
  g_assert_nonnull (whence_contacts_get_interpol ());
  g_assert_nonnull (whence_contacts_get_fbi_headquarters ());
}

static void
test_every_state_has_office (void)
{
  const char * const *codes = whence_us_states_and_territories ();
  guint n = 0;

  for (guint i = 0; codes[i] != NULL; i++, n++)
    {
      g_autoptr(GPtrArray) offices = whence_contacts_find_field_offices (codes[i]);

      if (offices->len == 0)
        g_error ("no FBI field office for %s", codes[i]);
      for (guint j = 0; j < offices->len; j++)
        {
          WhenceAgency *office = g_ptr_array_index (offices, j);

          g_assert_true (whence_agency_covers_state (office, codes[i], NULL));
          g_assert_nonnull (office->address);
          g_assert_nonnull (office->phone);
          g_assert_true (g_str_has_prefix (office->url, "https://www.fbi.gov/"));
        }
    }
  /* 50 states + DC + PR, GU, VI, MP, AS */
  g_assert_cmpuint (n, ==, 56);

  /* Lower case works too, and nonsense finds nothing. */
  {
    g_autoptr(GPtrArray) ohio = whence_contacts_find_field_offices ("oh");
    g_autoptr(GPtrArray) none = whence_contacts_find_field_offices ("ZZ");

    g_assert_cmpuint (ohio->len, ==, 2);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_unconfirmed_stays_unconfirmed (void)
{
  g_autoptr(GPtrArray) vermont = whence_contacts_find_field_offices ("VT");
  g_autoptr(GPtrArray) texas = whence_contacts_find_field_offices ("TX");
  WhenceAgency *at_csirt = whence_contacts_get_csirt ("AT");
  GPtrArray *de = whence_contacts_get_reporting ("DE");
  gboolean confirmed = TRUE;

  /* Only a 1939 history page says Albany covers Vermont. */
  g_assert_cmpuint (vermont->len, ==, 1);
  g_assert_true (whence_agency_covers_state (g_ptr_array_index (vermont, 0), "VT", &confirmed));
  g_assert_false (confirmed);
  /* American Samoa is in no stored source: mapped, but never as confirmed. */
  {
    g_autoptr(GPtrArray) samoa = whence_contacts_find_field_offices ("AS");

    g_assert_cmpuint (samoa->len, ==, 1);
    g_assert_true (whence_agency_covers_state (g_ptr_array_index (samoa, 0), "AS", &confirmed));
    g_assert_false (confirmed);
  }
  g_assert_true (whence_agency_covers_state (g_ptr_array_index (texas, 0), "TX", &confirmed));
  g_assert_true (confirmed);

  g_assert_nonnull (at_csirt);
  g_assert_true (at_csirt->confirmed);
  g_assert_false (whence_contacts_get_reporting_confirmed ("AT"));
  /* The German state portals come from a blog post only. */
  g_assert_nonnull (de);
  g_assert_cmpuint (de->len, >, 5);
  for (guint i = 0; i < de->len; i++)
    g_assert_false (((WhenceAgency *) g_ptr_array_index (de, i))->confirmed);
  /* The FTC entry has only secondary sources. */
  g_assert_false (whence_contacts_get_agency ("ftc")->confirmed);
  /* "UK" is accepted for GB. */
  g_assert_true (whence_contacts_get_csirt ("UK") == whence_contacts_get_csirt ("GB"));
}

static void
check_entry (JsonObject *object,
             const char *where)
{
  const char *checked;

  if (!json_object_has_member (object, "source") || !json_object_has_member (object, "checked_on")
      || !json_object_has_member (object, "confirmed"))
    g_error ("%s: entry %s lacks source, checked_on or confirmed", where,
             json_object_get_string_member_with_default (object, "id", "?"));
  checked = json_object_get_string_member (object, "checked_on");
  g_assert_true (strlen (checked) == 10 && checked[4] == '-' && checked[7] == '-');
  g_assert_cmpstr (json_object_get_string_member (object, "source"), !=, "");
}

/* Walks every JSON value: every "url" is HTTPS and every object with an id
 * (an entry) carries its source and date. */
static void
walk (JsonNode   *node,
      const char *where,
      guint      *n_urls,
      guint      *n_entries)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (json_object_has_member (object, "id") && json_object_has_member (object, "name"))
        {
          check_entry (object, where);
          (*n_entries)++;
        }
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = json_object_get_member (object, l->data);

          if (g_str_equal (l->data, "_meta"))
            continue;
          if (strstr (l->data, "url") != NULL && JSON_NODE_HOLDS_VALUE (child))
            {
              const char *url = json_node_get_string (child);

              if (!g_str_has_prefix (url, "https://") || strchr (url, ' ') != NULL)
                g_error ("%s: %s is not an https address: %s", where, (char *) l->data, url);
              (*n_urls)++;
            }
          walk (child, where, n_urls, n_entries);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        walk (json_array_get_element (array, i), where, n_urls, n_entries);
    }
}

static void
test_every_entry_sourced_and_https (void)
{
  guint n_urls = 0, n_entries = 0;

  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resources[i], 0, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_nonnull (bytes);
      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), NULL));
      walk (json_parser_get_root (parser), resources[i], &n_urls, &n_entries);
    }

  g_test_message ("%u entries, %u URLs checked", n_entries, n_urls);
  g_assert_cmpuint (n_entries, >, 56 + 5 + 30);
  g_assert_cmpuint (n_urls, >, 56 + 30);
}

static void
test_lookalikes_kept (void)
{
  GPtrArray *lookalikes = whence_contacts_get_lookalikes ();
  gboolean cisa = FALSE, interpol = FALSE;

  for (guint i = 0; i < lookalikes->len; i++)
    {
      WhenceLookalike *l = g_ptr_array_index (lookalikes, i);

      cisa |= g_str_equal (l->domain, "cisa.services");
      interpol |= g_str_equal (l->domain, "interpol-icp.org");
      g_assert_nonnull (l->source);
      g_assert_nonnull (l->checked_on);
    }
  g_assert_true (cisa && interpol);
}

static void
test_countries (void)
{
  g_auto(GStrv) codes = whence_contacts_dup_country_codes ();

  g_assert_cmpuint (g_strv_length (codes), ==, 68);
  g_assert_true (g_strv_contains ((const char * const *) codes, "DE"));
  g_assert_cmpstr (whence_contacts_get_country_name ("de"), ==, "Germany");
  g_assert_true (whence_contacts_is_eu_member ("FR"));
  g_assert_false (whence_contacts_is_eu_member ("GB"));
  g_assert_null (whence_contacts_get_csirt ("XX"));
  g_assert_null (whence_contacts_get_reporting ("XX"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  whence_core_init ();

  g_test_add_func ("/contacts/loads", test_loads);
  g_test_add_func ("/contacts/every-state-has-office", test_every_state_has_office);
  g_test_add_func ("/contacts/unconfirmed-stays-unconfirmed", test_unconfirmed_stays_unconfirmed);
  g_test_add_func ("/contacts/sourced-and-https", test_every_entry_sourced_and_https);
  g_test_add_func ("/contacts/lookalikes", test_lookalikes_kept);
  g_test_add_func ("/contacts/countries", test_countries);

  return g_test_run ();
}
