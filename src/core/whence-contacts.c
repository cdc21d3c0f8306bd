/* whence-contacts.c
 *
 * The agency contact data bundled in the core's GResource, read on first use
 * (never at start-up) and kept for the life of the process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-contacts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "whence-contacts.h"
#include "whence-error.h"
#include "whence-json.h"
#include "whence-message.h"

#define CONTACTS_PATH "/io/github/whence/Whence/contacts/"

typedef struct
{
  char          *iso2;
  char          *name;
  gboolean       eu_member;
  WhenceAgency *csirt;
  gboolean       reporting_confirmed;
  char          *reporting_note;
  GPtrArray     *reporting;
} Country;

typedef struct
{
  GPtrArray     *offices;
  WhenceAgency *fbi_hq;
  char          *offices_page;
  GHashTable    *agencies;    /* id -> WhenceAgency */
  GHashTable    *countries;   /* ISO code -> Country */
  WhenceAgency *interpol;
  WhenceAgency *europol;
  GPtrArray     *lookalikes;
} Contacts;

static Contacts *contacts;
static GError *load_error;
static GMutex load_lock;

/* Every USPS code the FBI field office test and the state chooser rely on:
 * the fifty states, DC, and the five inhabited territories. */
static const char * const us_codes[] = {
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID",
  "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS",
  "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
  "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
  "WI", "WY", "DC", "PR", "GU", "VI", "MP", "AS", NULL
};

/**
 * whence_us_states_and_territories:
 *
 * Returns: (transfer none): the USPS codes of the fifty states, DC and the
 *   inhabited territories, %NULL-terminated
 */
const char * const *
whence_us_states_and_territories (void)
{
  return us_codes;
}

static void
whence_agency_free (WhenceAgency *contact)
{
  g_free (contact->id);
  g_free (contact->name);
  g_free (contact->url);
  g_free (contact->phone);
  g_free (contact->email);
  g_free (contact->address);
  g_free (contact->note);
  g_free (contact->source);
  g_free (contact->checked_on);
  g_strfreev (contact->states);
  g_strfreev (contact->unconfirmed_states);
  g_free (contact->coverage);
}

WhenceAgency *
whence_agency_ref (WhenceAgency *contact)
{
  return g_atomic_rc_box_acquire (contact);
}

void
whence_agency_unref (WhenceAgency *contact)
{
  g_atomic_rc_box_release_full (contact, (GDestroyNotify) whence_agency_free);
}

G_DEFINE_BOXED_TYPE (WhenceAgency, whence_agency, whence_agency_ref, whence_agency_unref)

/**
 * whence_agency_covers_state:
 * @contact: a field office
 * @state: a USPS code such as "TX"
 * @confirmed: (out) (optional): whether the sources confirm it
 *
 * Returns: whether the office covers (part of) @state
 */
gboolean
whence_agency_covers_state (const WhenceAgency *contact,
                             const char          *state,
                             gboolean            *confirmed)
{
  if (contact->states == NULL || state == NULL
      || !g_strv_contains ((const char * const *) contact->states, state))
    return FALSE;

  if (confirmed != NULL)
    *confirmed = contact->confirmed
                 && (contact->unconfirmed_states == NULL
                     || !g_strv_contains ((const char * const *) contact->unconfirmed_states, state));
  return TRUE;
}

static char **
dup_strv_member (JsonObject *object,
                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  GStrvBuilder *builder;
  JsonArray *array;
  char **strv;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  strv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return strv;
}

static WhenceAgency *
agency_from_json (JsonNode *node)
{
  WhenceAgency *contact;
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  contact = g_atomic_rc_box_new0 (WhenceAgency);
  contact->id = whence_json_dup_string_member (object, "id");
  contact->name = whence_json_dup_string_member (object, "name");
  contact->url = whence_json_dup_string_member (object, "url");
  contact->phone = whence_json_dup_string_member (object, "phone");
  contact->email = whence_json_dup_string_member (object, "email");
  contact->address = whence_json_dup_string_member (object, "address");
  contact->note = whence_json_dup_string_member (object, "note");
  contact->source = whence_json_dup_string_member (object, "source");
  contact->checked_on = whence_json_dup_string_member (object, "checked_on");
  contact->confirmed = json_object_get_boolean_member_with_default (object, "confirmed", FALSE);
  contact->states = dup_strv_member (object, "states");
  contact->unconfirmed_states = dup_strv_member (object, "unconfirmed_states");
  contact->coverage = whence_json_dup_string_member (object, "coverage");

  /* The data promises these; an entry without them is not shown. */
  if (contact->id == NULL || contact->name == NULL || contact->source == NULL
      || contact->checked_on == NULL)
    {
      whence_agency_unref (contact);
      return NULL;
    }

  return contact;
}

static GPtrArray *
contacts_from_array (JsonNode *node)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_agency_unref);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          WhenceAgency *contact = agency_from_json (json_array_get_element (array, i));

          if (contact != NULL)
            g_ptr_array_add (out, contact);
        }
    }

  return out;
}

static void
country_free (Country *country)
{
  g_free (country->iso2);
  g_free (country->name);
  g_clear_pointer (&country->csirt, whence_agency_unref);
  g_free (country->reporting_note);
  g_ptr_array_unref (country->reporting);
  g_free (country);
}

static void
lookalike_free (WhenceLookalike *lookalike)
{
  g_free (lookalike->domain);
  g_free (lookalike->imitates);
  g_free (lookalike->note);
  g_free (lookalike->source);
  g_free (lookalike->checked_on);
  g_free (lookalike);
}

static JsonObject *
parse_resource (const char  *name,
                GError     **error)
{
  g_autofree char *path = g_strconcat (CONTACTS_PATH, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL
      || !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL))
    {
      g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_FAILED,
                   _("The list of places to report to is missing or damaged (%s)."), name);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_FAILED,
                   _("The list of places to report to is missing or damaged (%s)."), name);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static Contacts *
load_contacts (GError **error)
{
  g_autoptr(JsonObject) fbi = NULL;
  g_autoptr(JsonObject) us = NULL;
  g_autoptr(JsonObject) world = NULL;
  g_autoptr(GPtrArray) agencies = NULL;
  JsonObject *meta;
  JsonArray *countries;
  JsonArray *lookalikes;
  Contacts *self;

  whence_core_init ();

  if ((fbi = parse_resource ("fbi-field-offices.json", error)) == NULL
      || (us = parse_resource ("us-agencies.json", error)) == NULL
      || (world = parse_resource ("countries.json", error)) == NULL)
    return NULL;

  self = g_new0 (Contacts, 1);
  self->offices = contacts_from_array (json_object_get_member (fbi, "offices"));
  self->fbi_hq = agency_from_json (json_object_get_member (fbi, "headquarters"));
  meta = json_object_get_object_member (fbi, "_meta");
  self->offices_page = meta != NULL
                       ? whence_json_dup_string_member (meta, "all_offices_page") : NULL;

  self->agencies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) whence_agency_unref);
  agencies = contacts_from_array (json_object_get_member (us, "agencies"));
  for (guint i = 0; i < agencies->len; i++)
    {
      WhenceAgency *contact = g_ptr_array_index (agencies, i);

      g_hash_table_replace (self->agencies, contact->id, whence_agency_ref (contact));
    }

  self->interpol = agency_from_json (json_object_get_member (world, "interpol"));
  self->europol = agency_from_json (json_object_get_member (world, "europol_list"));

  self->countries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) country_free);
  countries = json_object_get_array_member (world, "countries");
  for (guint i = 0; countries != NULL && i < json_array_get_length (countries); i++)
    {
      JsonObject *object = json_array_get_object_element (countries, i);
      Country *country;

      if (object == NULL || !json_object_has_member (object, "iso2"))
        continue;

      country = g_new0 (Country, 1);
      country->iso2 = whence_json_dup_string_member (object, "iso2");
      country->name = whence_json_dup_string_member (object, "name");
      country->eu_member = json_object_get_boolean_member_with_default (object, "eu_member", FALSE);
      country->csirt = agency_from_json (json_object_get_member (object, "csirt"));
      country->reporting_confirmed =
        json_object_get_boolean_member_with_default (object, "reporting_confirmed", FALSE);
      country->reporting_note = whence_json_dup_string_member (object, "reporting_note");
      country->reporting = contacts_from_array (json_object_get_member (object, "reporting"));
      g_hash_table_replace (self->countries, country->iso2, country);
    }

  self->lookalikes = g_ptr_array_new_with_free_func ((GDestroyNotify) lookalike_free);
  lookalikes = json_object_get_array_member (world, "lookalikes");
  for (guint i = 0; lookalikes != NULL && i < json_array_get_length (lookalikes); i++)
    {
      JsonObject *object = json_array_get_object_element (lookalikes, i);
      WhenceLookalike *lookalike = g_new0 (WhenceLookalike, 1);

      lookalike->domain = whence_json_dup_string_member (object, "domain");
      lookalike->imitates = whence_json_dup_string_member (object, "imitates");
      lookalike->note = whence_json_dup_string_member (object, "note");
      lookalike->source = whence_json_dup_string_member (object, "source");
      lookalike->checked_on = whence_json_dup_string_member (object, "checked_on");
      g_ptr_array_add (self->lookalikes, lookalike);
    }

  return self;
}

/**
 * whence_contacts_ensure_loaded:
 * @error: return location for a #GError
 *
 * Reads the bundled contact data on first use. Every other function here
 * calls it; call it yourself only to learn why data is missing.
 *
 * Returns: %TRUE when the data is available
 */
gboolean
whence_contacts_ensure_loaded (GError **error)
{
  gboolean ok;

  g_mutex_lock (&load_lock);
  if (contacts == NULL && load_error == NULL)
    contacts = load_contacts (&load_error);
  ok = contacts != NULL;
  if (!ok && error != NULL)
    *error = g_error_copy (load_error);
  g_mutex_unlock (&load_lock);

  return ok;
}

static Contacts *
get_contacts (void)
{
  return whence_contacts_ensure_loaded (NULL) ? contacts : NULL;
}

static Country *
get_country (const char *code)
{
  Contacts *self = get_contacts ();
  char upper[3];

  if (self == NULL || code == NULL || strlen (code) != 2)
    return NULL;

  upper[0] = g_ascii_toupper (code[0]);
  upper[1] = g_ascii_toupper (code[1]);
  upper[2] = '\0';
  /* ISO 3166 calls the United Kingdom GB; people and locales say UK too. */
  if (g_str_equal (upper, "UK"))
    upper[0] = 'G', upper[1] = 'B';

  return g_hash_table_lookup (self->countries, upper);
}

/**
 * whence_contacts_get_agency:
 * @id: "ic3", "cisa", "cert-cc", "ftc" or "interpol-us-ncb"
 *
 * Returns: (transfer none) (nullable): the US agency
 */
WhenceAgency *
whence_contacts_get_agency (const char *id)
{
  Contacts *self = get_contacts ();

  return self != NULL ? g_hash_table_lookup (self->agencies, id) : NULL;
}

/**
 * whence_contacts_get_field_offices:
 *
 * Returns: (transfer none) (element-type WhenceAgency): all FBI field offices
 */
GPtrArray *
whence_contacts_get_field_offices (void)
{
  Contacts *self = get_contacts ();

  return self != NULL ? self->offices : NULL;
}

/**
 * whence_contacts_find_field_offices:
 * @us_state: a USPS code such as "OH"
 *
 * Big states have more than one field office; the person picks the one whose
 * coverage names their county. Offices whose coverage of @us_state the sources
 * confirm come first.
 *
 * Returns: (transfer container) (element-type WhenceAgency): the offices
 *   covering @us_state, possibly empty
 */
GPtrArray *
whence_contacts_find_field_offices (const char *us_state)
{
  GPtrArray *offices = whence_contacts_get_field_offices ();
  GPtrArray *confirmed = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_agency_unref);
  g_autoptr(GPtrArray) unconfirmed = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_agency_unref);
  g_autofree char *upper = us_state != NULL ? g_ascii_strup (us_state, -1) : NULL;

  for (guint i = 0; offices != NULL && i < offices->len; i++)
    {
      WhenceAgency *office = g_ptr_array_index (offices, i);
      gboolean sure = FALSE;

      if (whence_agency_covers_state (office, upper, &sure))
        g_ptr_array_add (sure ? confirmed : unconfirmed, whence_agency_ref (office));
    }

  for (guint i = 0; i < unconfirmed->len; i++)
    g_ptr_array_add (confirmed, whence_agency_ref (g_ptr_array_index (unconfirmed, i)));

  return confirmed;
}

/**
 * whence_contacts_get_fbi_headquarters:
 *
 * Returns: (transfer none) (nullable): FBI Headquarters (not a field office)
 */
WhenceAgency *
whence_contacts_get_fbi_headquarters (void)
{
  Contacts *self = get_contacts ();

  return self != NULL ? self->fbi_hq : NULL;
}

/**
 * whence_contacts_get_field_offices_page:
 *
 * Returns: (transfer none) (nullable): the FBI's list of all field offices
 */
const char *
whence_contacts_get_field_offices_page (void)
{
  Contacts *self = get_contacts ();

  return self != NULL ? self->offices_page : NULL;
}

/**
 * whence_contacts_get_csirt:
 * @country: ISO 3166 two-letter code ("UK" is taken for "GB")
 *
 * Returns: (transfer none) (nullable): the national CSIRT, if the data has one
 */
WhenceAgency *
whence_contacts_get_csirt (const char *country)
{
  Country *c = get_country (country);

  return c != NULL ? c->csirt : NULL;
}

/**
 * whence_contacts_get_reporting:
 * @country: ISO 3166 two-letter code
 *
 * Returns: (transfer none) (nullable) (element-type WhenceAgency): the
 *   citizen reporting services (portals, police) for @country; %NULL when the
 *   country is not in the data
 */
GPtrArray *
whence_contacts_get_reporting (const char *country)
{
  Country *c = get_country (country);

  return c != NULL ? c->reporting : NULL;
}

/**
 * whence_contacts_get_reporting_confirmed:
 * @country: ISO 3166 two-letter code
 *
 * Returns: whether a source confirmed where people in @country report crime
 */
gboolean
whence_contacts_get_reporting_confirmed (const char *country)
{
  Country *c = get_country (country);

  return c != NULL && c->reporting_confirmed;
}

/**
 * whence_contacts_get_reporting_note:
 * @country: ISO 3166 two-letter code
 *
 * Returns: (transfer none) (nullable): an English note from the data on how
 *   reporting works there, for the details
 */
const char *
whence_contacts_get_reporting_note (const char *country)
{
  Country *c = get_country (country);

  return c != NULL && c->reporting_note != NULL && *c->reporting_note ? c->reporting_note : NULL;
}

/**
 * whence_contacts_get_country_name:
 * @country: ISO 3166 two-letter code
 *
 * Returns: (transfer none) (nullable): the English name from the data
 */
const char *
whence_contacts_get_country_name (const char *country)
{
  Country *c = get_country (country);

  return c != NULL ? c->name : NULL;
}

gboolean
whence_contacts_is_eu_member (const char *country)
{
  Country *c = get_country (country);

  return c != NULL && c->eu_member;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * whence_contacts_dup_country_codes:
 *
 * Returns: (transfer full): the codes of every country in the data, sorted
 */
GStrv
whence_contacts_dup_country_codes (void)
{
  Contacts *self = get_contacts ();
  g_autofree const char **keys = NULL;
  guint n = 0;

  if (self == NULL)
    return g_new0 (char *, 1);

  keys = (const char **) g_hash_table_get_keys_as_array (self->countries, &n);
  qsort (keys, n, sizeof (char *), compare_codes);
  return g_strdupv ((char **) keys);
}

/**
 * whence_contacts_get_interpol:
 *
 * Returns: (transfer none) (nullable): INTERPOL (takes no public reports)
 */
WhenceAgency *
whence_contacts_get_interpol (void)
{
  Contacts *self = get_contacts ();

  return self != NULL ? self->interpol : NULL;
}

/**
 * whence_contacts_get_europol_list:
 *
 * Returns: (transfer none) (nullable): Europol's list of EU reporting sites
 */
WhenceAgency *
whence_contacts_get_europol_list (void)
{
  Contacts *self = get_contacts ();

  return self != NULL ? self->europol : NULL;
}

/**
 * whence_contacts_get_lookalikes:
 *
 * Returns: (transfer none) (element-type WhenceLookalike): known scam sites
 *   that imitate agencies
 */
GPtrArray *
whence_contacts_get_lookalikes (void)
{
  Contacts *self = get_contacts ();

  return self != NULL ? self->lookalikes : NULL;
}
