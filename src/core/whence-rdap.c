/* whence-rdap.c
 *
 * Reading RDAP answers and the IANA bootstrap. Registries differ a lot in
 * how they give the abuse contact (nested in the registrant at ARIN, on an
 * IRT object at APNIC, no roles at all in old AFRINIC output), so contacts
 * are collected in tiers from best to last resort. Everything here treats
 * its input as hostile: wrong types are skipped, never trusted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-rdap"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-error.h"
#include "whence-rdap.h"

/* Real answers nest four or five levels; far deeper is an attack on the
 * recursive parser, not data. */
#define MAX_JSON_DEPTH 64
#define MAX_ENTITY_DEPTH 8
#define MAX_JSON_BYTES (1024 * 1024)

WhenceContact *
whence_contact_new (const char *address,
                    const char *source)
{
  WhenceContact *contact = g_new0 (WhenceContact, 1);

  contact->address = g_strdup (address);
  contact->source = g_strdup (source);

  return contact;
}

WhenceContact *
whence_contact_copy (const WhenceContact *contact)
{
  WhenceContact *copy = whence_contact_new (contact->address, contact->source);

  copy->name = g_strdup (contact->name);
  copy->handle = g_strdup (contact->handle);
  copy->phone = g_strdup (contact->phone);
  copy->role = g_strdup (contact->role);

  return copy;
}

void
whence_contact_free (WhenceContact *contact)
{
  if (contact == NULL)
    return;

  g_free (contact->address);
  g_free (contact->name);
  g_free (contact->handle);
  g_free (contact->phone);
  g_free (contact->role);
  g_free (contact->source);
  g_free (contact);
}

void
whence_rdap_network_free (WhenceRdapNetwork *network)
{
  if (network == NULL)
    return;

  g_free (network->name);
  g_free (network->handle);
  g_free (network->range);
  g_free (network->country);
  g_free (network->organisation);
  g_free (network->abuse_entity);
  g_clear_pointer (&network->contacts, g_ptr_array_unref);
  g_free (network);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
element_object (JsonArray *array,
                guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
element_string (JsonArray *array,
                guint      i)
{
  JsonNode *node = i < json_array_get_length (array) ? json_array_get_element (array, i) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* vCard in JSON (RFC 7095): ["vcard", [[name, params, type, value], …]] */
typedef struct
{
  const char *fn;
  const char *kind;
  const char *tel;
  GPtrArray  *emails;  /* (element-type utf8) borrowed */
} VCard;

static void
read_vcard (JsonObject *entity,
            VCard      *card)
{
  JsonArray *outer = member_array (entity, "vcardArray");
  JsonNode *items_node;
  JsonArray *items;

  memset (card, 0, sizeof *card);
  card->emails = g_ptr_array_new ();
  if (outer == NULL || json_array_get_length (outer) < 2)
    return;
  items_node = json_array_get_element (outer, 1);
  if (!JSON_NODE_HOLDS_ARRAY (items_node))
    return;
  items = json_node_get_array (items_node);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item_node = json_array_get_element (items, i);
      JsonArray *item;
      const char *name;
      const char *value;

      if (!JSON_NODE_HOLDS_ARRAY (item_node))
        continue;
      item = json_node_get_array (item_node);
      name = element_string (item, 0);
      value = element_string (item, 3);
      if (name == NULL || value == NULL || *value == '\0')
        continue;

      if (g_ascii_strcasecmp (name, "fn") == 0 && card->fn == NULL)
        card->fn = value;
      else if (g_ascii_strcasecmp (name, "kind") == 0 && card->kind == NULL)
        card->kind = value;
      else if (g_ascii_strcasecmp (name, "tel") == 0 && card->tel == NULL)
        card->tel = g_str_has_prefix (value, "tel:") ? value + 4 : value;
      else if (g_ascii_strcasecmp (name, "email") == 0 && strchr (value, '@') != NULL)
        g_ptr_array_add (card->emails, (gpointer) value);
    }
}

static gboolean
has_role (JsonObject *entity,
          const char *role)
{
  JsonArray *roles = member_array (entity, "roles");

  for (guint i = 0; roles != NULL && i < json_array_get_length (roles); i++)
    {
      const char *value = element_string (roles, i);

      if (value != NULL && g_ascii_strcasecmp (value, role) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Contact tiers, best first. */
typedef enum
{
  TIER_ABUSE,          /* role abuse (an IRT at APNIC) */
  TIER_REMARKS,        /* "send abuse reports to …" in the remarks */
  TIER_ABUSE_MAILBOX,  /* an abuse@ address on another entity */
  TIER_TECHNICAL,      /* noc / technical */
  TIER_REGISTRANT,     /* registrant / administrative */
  TIER_NO_ROLES,       /* old AFRINIC: roles missing; organisations first */
  TIER_NO_ROLES_OTHER,
  N_TIERS
} Tier;

typedef struct
{
  GPtrArray  *tiers[N_TIERS];
  const char *organisation;
  const char *abuse_link;   /* self link of an abuse entity without email */
  const char *abuse_handle;
} Collect;

static void
add_contact (Collect    *collect,
             Tier        tier,
             const char *address,
             const VCard *card,
             const char *handle,
             const char *role,
             const char *source)
{
  WhenceContact *contact = whence_contact_new (address, source);

  contact->name = g_strdup (card->fn);
  contact->handle = g_strdup (handle);
  contact->phone = g_strdup (card->tel);
  contact->role = g_strdup (role);
  g_ptr_array_add (collect->tiers[tier], contact);
}

static const char *
self_link (JsonObject *object)
{
  JsonArray *links = member_array (object, "links");

  for (guint i = 0; links != NULL && i < json_array_get_length (links); i++)
    {
      JsonObject *link = element_object (links, i);

      if (g_strcmp0 (member_string (link, "rel"), "self") == 0 && member_string (link, "href") != NULL)
        return member_string (link, "href");
    }
  return NULL;
}

static gboolean
looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && strchr (at + 1, '@') == NULL
         && strchr (at + 1, '.') != NULL && strlen (text) < 255;
}

/* "please send abuse reports to abuse@example.net": registries without an
 * abuse role (old AFRINIC, some national registries) say it in words. */
static void
collect_remarks (JsonObject *object,
                 Collect    *collect)
{
  JsonArray *remarks = member_array (object, "remarks");
  VCard none = { NULL };

  for (guint r = 0; remarks != NULL && r < json_array_get_length (remarks); r++)
    {
      JsonArray *lines = member_array (element_object (remarks, r), "description");

      for (guint l = 0; lines != NULL && l < json_array_get_length (lines); l++)
        {
          const char *line = element_string (lines, l);
          g_autofree char *lower = NULL;
          g_auto(GStrv) words = NULL;

          if (line == NULL || strlen (line) > 1024)
            continue;
          lower = g_ascii_strdown (line, -1);
          if (strstr (lower, "abuse") == NULL)
            continue;
          words = g_strsplit_set (line, " \t,;<>()[]\"'", -1);
          for (guint w = 0; words[w] != NULL; w++)
            {
              char *word = words[w];
              gsize n = strlen (word);

              while (n > 0 && (word[n - 1] == '.' || word[n - 1] == ':'))
                word[--n] = '\0';
              if (looks_like_email (word) && g_utf8_validate (word, -1, NULL))
                add_contact (collect, TIER_REMARKS, word, &none, NULL, NULL, "rdap-remarks");
            }
        }
    }
}

static gboolean
is_abuse_mailbox (const char *address)
{
  return g_ascii_strncasecmp (address, "abuse@", 6) == 0;
}

static void
collect_entities (JsonArray *entities,
                  guint      depth,
                  Collect   *collect)
{
  if (entities == NULL || depth > MAX_ENTITY_DEPTH)
    return;

  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      JsonObject *entity = element_object (entities, i);
      const char *handle;
      gboolean roles_given;
      VCard card;

      if (entity == NULL)
        continue;

      handle = member_string (entity, "handle");
      roles_given = member_array (entity, "roles") != NULL
                    && json_array_get_length (member_array (entity, "roles")) > 0;
      read_vcard (entity, &card);

      if (collect->organisation == NULL && has_role (entity, "registrant")
          && card.fn != NULL && g_strcmp0 (card.fn, handle) != 0)
        collect->organisation = card.fn;

      for (guint e = 0; e < card.emails->len; e++)
        {
          const char *address = g_ptr_array_index (card.emails, e);

          if (has_role (entity, "abuse"))
            add_contact (collect, TIER_ABUSE, address, &card, handle, "abuse", "rdap");
          else if (is_abuse_mailbox (address) && roles_given)
            add_contact (collect, TIER_ABUSE_MAILBOX, address, &card, handle,
                         element_string (member_array (entity, "roles"), 0),
                         has_role (entity, "registrant") ? "rdap-registrant" : "rdap-technical");
          else if (has_role (entity, "noc"))
            add_contact (collect, TIER_TECHNICAL, address, &card, handle, "noc", "rdap-technical");
          else if (has_role (entity, "technical"))
            add_contact (collect, TIER_TECHNICAL, address, &card, handle, "technical", "rdap-technical");
          else if (has_role (entity, "registrant"))
            add_contact (collect, TIER_REGISTRANT, address, &card, handle, "registrant", "rdap-registrant");
          else if (has_role (entity, "administrative"))
            add_contact (collect, TIER_REGISTRANT, address, &card, handle, "administrative", "rdap-registrant");
          else if (!roles_given)
            add_contact (collect,
                         g_strcmp0 (card.kind, "org") == 0 ? TIER_NO_ROLES : TIER_NO_ROLES_OTHER,
                         address, &card, handle, NULL, "rdap-entity");
        }
      if (has_role (entity, "abuse") && card.emails->len == 0 && collect->abuse_handle == NULL)
        {
          collect->abuse_handle = handle;
          collect->abuse_link = self_link (entity);
        }
      g_ptr_array_unref (card.emails);

      collect_entities (member_array (entity, "entities"), depth + 1, collect);
    }
}

/* "074.125.000.000" (ARIN) and "62.239.237.0/32" (RIPE) both occur. */
static GInetAddress *
parse_registry_address (const char *text)
{
  g_autofree char *copy = NULL;
  char *slash;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  slash = strchr (copy, '/');
  if (slash != NULL)
    *slash = '\0';

  if (strchr (copy, ':') == NULL)
    {
      g_auto(GStrv) octets = g_strsplit (copy, ".", -1);
      guint n[4];

      if (g_strv_length (octets) != 4)
        return NULL;
      for (guint i = 0; i < 4; i++)
        {
          guint64 value;

          if (!g_ascii_string_to_unsigned (octets[i], 10, 0, 255, &value, NULL))
            return NULL;
          n[i] = (guint) value;
        }
      g_free (copy);
      copy = g_strdup_printf ("%u.%u.%u.%u", n[0], n[1], n[2], n[3]);
    }

  return g_inet_address_new_from_string (copy);
}

static char *
range_from_bounds (const char *start_text,
                   const char *end_text)
{
  g_autoptr(GInetAddress) start = parse_registry_address (start_text);
  g_autoptr(GInetAddress) end = parse_registry_address (end_text);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  const guint8 *a;
  const guint8 *b;
  gsize size;
  guint bits;
  guint common = 0;
  gboolean exact = TRUE;

  if (start == NULL || end == NULL
      || g_inet_address_get_family (start) != g_inet_address_get_family (end))
    return NULL;

  first = g_inet_address_to_string (start);
  last = g_inet_address_to_string (end);
  size = g_inet_address_get_native_size (start);
  bits = size * 8;
  a = g_inet_address_to_bytes (start);
  b = g_inet_address_to_bytes (end);

  while (common < bits
         && ((a[common / 8] >> (7 - common % 8)) & 1) == ((b[common / 8] >> (7 - common % 8)) & 1))
    common++;
  for (guint i = common; i < bits && exact; i++)
    {
      if (((a[i / 8] >> (7 - i % 8)) & 1) != 0 || ((b[i / 8] >> (7 - i % 8)) & 1) != 1)
        exact = FALSE;
    }

  if (exact)
    return g_strdup_printf ("%s/%u", first, common);

  return g_strdup_printf ("%s - %s", first, last);
}

static char *
range_from_cidr0 (JsonObject *root)
{
  JsonArray *cidrs = member_array (root, "cidr0_cidrs");
  g_autoptr(GString) text = NULL;

  for (guint i = 0; cidrs != NULL && i < json_array_get_length (cidrs); i++)
    {
      JsonObject *cidr = element_object (cidrs, i);
      const char *prefix = member_string (cidr, "v4prefix") ?: member_string (cidr, "v6prefix");
      JsonNode *length = cidr != NULL ? json_object_get_member (cidr, "length") : NULL;

      if (prefix == NULL || length == NULL || !JSON_NODE_HOLDS_VALUE (length)
          || json_node_get_value_type (length) != G_TYPE_INT64)
        continue;
      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s/%" G_GINT64_FORMAT, prefix, json_node_get_int (length));
    }

  return text != NULL ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static guint32
read_origin_as (JsonObject *root)
{
  static const char * const names[] = { "arin_originas0_originautnums", "originAutnums" };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      JsonArray *list = member_array (root, names[n]);

      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        {
          JsonNode *node = json_array_get_element (list, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
              && json_node_get_int (node) > 0 && json_node_get_int (node) <= G_MAXUINT32)
            return (guint32) json_node_get_int (node);
        }
    }
  return 0;
}

static gboolean
contact_seen (GPtrArray  *contacts,
              const char *address)
{
  for (guint i = 0; i < contacts->len; i++)
    {
      WhenceContact *contact = g_ptr_array_index (contacts, i);

      if (g_ascii_strcasecmp (contact->address, address) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * whence_rdap_parse:
 * @root: a parsed RDAP answer (an `ip network` or `autnum` object)
 * @error: return location for a #WHENCE_ERROR_LOOKUP error
 *
 * Returns: (transfer full) (nullable): the facts, or %NULL when @root is not
 *   an RDAP object at all
 */
WhenceRdapNetwork *
whence_rdap_parse (JsonNode  *root,
                   GError   **error)
{
  g_autoptr(WhenceRdapNetwork) network = NULL;
  JsonObject *object;
  const char *class_name;
  const char *country;
  Collect collect = { { NULL }, NULL };

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto wrong_shape;
  object = json_node_get_object (root);
  class_name = member_string (object, "objectClassName");
  /* Some registries omit objectClassName; an object with neither a handle
   * nor entities is not an answer though. */
  if (class_name != NULL && g_strcmp0 (class_name, "ip network") != 0
      && g_strcmp0 (class_name, "autnum") != 0)
    goto wrong_shape;
  if (class_name == NULL && member_string (object, "handle") == NULL
      && member_array (object, "entities") == NULL)
    goto wrong_shape;

  network = g_new0 (WhenceRdapNetwork, 1);
  network->name = g_strdup (member_string (object, "name"));
  network->handle = g_strdup (member_string (object, "handle"));
  network->range = range_from_cidr0 (object);
  if (network->range == NULL)
    network->range = range_from_bounds (member_string (object, "startAddress"),
                                        member_string (object, "endAddress"));
  country = member_string (object, "country");
  if (country != NULL && strlen (country) == 2
      && g_ascii_isalpha (country[0]) && g_ascii_isalpha (country[1]))
    network->country = g_ascii_strup (country, -1);
  network->origin_as = read_origin_as (object);

  for (guint t = 0; t < N_TIERS; t++)
    collect.tiers[t] = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_contact_free);
  collect_entities (member_array (object, "entities"), 0, &collect);
  collect_remarks (object, &collect);
  network->organisation = g_strdup (collect.organisation);
  /* An abuse entity named without its vCard has to be fetched on its own. */
  if (collect.tiers[TIER_ABUSE]->len == 0 && collect.abuse_handle != NULL)
    network->abuse_entity = g_strdup (collect.abuse_link);

  network->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_contact_free);
  for (guint t = 0; t < N_TIERS; t++)
    {
      for (guint i = 0; i < collect.tiers[t]->len; i++)
        {
          WhenceContact *contact = g_ptr_array_index (collect.tiers[t], i);

          if (!contact_seen (network->contacts, contact->address))
            g_ptr_array_add (network->contacts, whence_contact_copy (contact));
        }
      g_ptr_array_unref (collect.tiers[t]);
    }

  /* Wrong types everywhere leave nothing to show: that is no answer. */
  if (network->name == NULL && network->handle == NULL && network->range == NULL
      && network->contacts->len == 0)
    goto wrong_shape;

  return g_steal_pointer (&network);

wrong_shape:
  g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP,
                       _("Could not look up who runs this computer: the registry’s answer could not be read."));
  return NULL;
}

/* json-glib parses recursively; refuse absurd nesting before it sees it. */
static gboolean
nesting_ok (const char *data,
            gsize       length)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/**
 * whence_rdap_parse_data:
 * @data: the raw answer
 * @length: its length in bytes
 * @error: return location for a #WHENCE_ERROR_LOOKUP error
 *
 * Like whence_rdap_parse(), from bytes; too large, too deeply nested or
 * invalid JSON is "no answer".
 *
 * Returns: (transfer full) (nullable): the facts
 */
WhenceRdapNetwork *
whence_rdap_parse_data (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;

  if (data == NULL || length == 0 || length > MAX_JSON_BYTES || !nesting_ok (data, length))
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP,
                           _("Could not look up who runs this computer: the registry’s answer could not be read."));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL))
    {
      g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP,
                           _("Could not look up who runs this computer: the registry’s answer could not be read."));
      return NULL;
    }

  return whence_rdap_parse (json_parser_get_root (parser), error);
}

/**
 * whence_rdap_parse_entity:
 * @data: an RDAP `entity` answer
 * @length: its length
 * @error: return location for a #WHENCE_ERROR_LOOKUP error
 *
 * Reads the addresses of an entity fetched on its own (an abuse contact the
 * network answer only named).
 *
 * Returns: (transfer full) (element-type WhenceContact) (nullable): its
 *   contacts, source "rdap", role "abuse"
 */
GPtrArray *
whence_rdap_parse_entity (const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_contact_free);
  JsonNode *root;
  JsonObject *entity;
  VCard card;

  if (data == NULL || length == 0 || length > MAX_JSON_BYTES || !nesting_ok (data, length)
      || !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    goto invalid;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto invalid;
  entity = json_node_get_object (root);
  if (g_strcmp0 (member_string (entity, "objectClassName"), "entity") != 0)
    goto invalid;

  read_vcard (entity, &card);
  for (guint i = 0; i < card.emails->len; i++)
    {
      WhenceContact *contact = whence_contact_new (g_ptr_array_index (card.emails, i), "rdap");

      contact->name = g_strdup (card.fn);
      contact->handle = g_strdup (member_string (entity, "handle"));
      contact->phone = g_strdup (card.tel);
      contact->role = g_strdup ("abuse");
      g_ptr_array_add (contacts, contact);
    }
  g_ptr_array_unref (card.emails);
  if (contacts->len == 0)
    goto invalid;

  return g_steal_pointer (&contacts);

invalid:
  g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP,
                       _("Could not look up who runs this computer: the registry’s answer could not be read."));
  return NULL;
}

/* Bootstrap ------------------------------------------------------------- */

typedef enum { ENTRY_V4, ENTRY_V6, ENTRY_ASN } EntryKind;

typedef struct
{
  EntryKind kind;
  guint8    bytes[16];
  guint     prefix;
  guint32   asn_first;
  guint32   asn_last;
  char     *url;
} Entry;

struct _WhenceRdapBootstrap
{
  gatomicrefcount  ref_count;
  GArray          *entries;  /* (element-type Entry) */
};

static void
entry_clear (Entry *entry)
{
  g_free (entry->url);
}

WhenceRdapBootstrap *
whence_rdap_bootstrap_new (void)
{
  WhenceRdapBootstrap *self = g_new0 (WhenceRdapBootstrap, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, (GDestroyNotify) entry_clear);

  return self;
}

WhenceRdapBootstrap *
whence_rdap_bootstrap_ref (WhenceRdapBootstrap *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
whence_rdap_bootstrap_unref (WhenceRdapBootstrap *self)
{
  if (self != NULL && g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->entries);
      g_free (self);
    }
}

/**
 * whence_rdap_bootstrap_new_bundled:
 *
 * Returns: (transfer full): the IANA files compiled into the core
 */
WhenceRdapBootstrap *
whence_rdap_bootstrap_new_bundled (void)
{
  static const char * const files[] = { "ipv4.json", "ipv6.json", "asn.json" };
  WhenceRdapBootstrap *self = whence_rdap_bootstrap_new ();

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strconcat (RESOURCE_BASE "/rdap/", files[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autoptr(GError) error = NULL;
      gsize size = 0;
      const char *data;

      if (bytes == NULL)
        {
          g_warning ("Bundled RDAP bootstrap %s is missing", path);
          continue;
        }
      data = g_bytes_get_data (bytes, &size);
      if (!whence_rdap_bootstrap_add_json (self, data, size, &error))
        g_warning ("Bundled RDAP bootstrap %s: %s", path, error->message);
    }

  return self;
}

static gboolean
parse_key (const char *key,
           Entry      *entry)
{
  g_autofree char *address_text = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *slash = strchr (key, '/');
  guint64 prefix;

  if (strchr (key, '.') == NULL && strchr (key, ':') == NULL)
    {
      const char *dash = strchr (key, '-');
      g_autofree char *first = g_strndup (key, dash != NULL ? (gsize) (dash - key) : strlen (key));
      guint64 lo, hi;

      if (!g_ascii_string_to_unsigned (first, 10, 0, G_MAXUINT32, &lo, NULL))
        return FALSE;
      hi = lo;
      if (dash != NULL && !g_ascii_string_to_unsigned (dash + 1, 10, lo, G_MAXUINT32, &hi, NULL))
        return FALSE;
      entry->kind = ENTRY_ASN;
      entry->asn_first = (guint32) lo;
      entry->asn_last = (guint32) hi;
      return TRUE;
    }

  if (slash == NULL)
    return FALSE;
  address_text = g_strndup (key, slash - key);
  address = g_inet_address_new_from_string (address_text);
  if (address == NULL)
    return FALSE;
  entry->kind = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4 ? ENTRY_V4 : ENTRY_V6;
  if (!g_ascii_string_to_unsigned (slash + 1, 10, 0, entry->kind == ENTRY_V4 ? 32 : 128,
                                   &prefix, NULL))
    return FALSE;
  entry->prefix = (guint) prefix;
  memcpy (entry->bytes, g_inet_address_to_bytes (address), g_inet_address_get_native_size (address));

  return TRUE;
}

/**
 * whence_rdap_bootstrap_add_json:
 * @self: a bootstrap
 * @data: an RFC 9224 bootstrap file (IPv4, IPv6 or ASN; one file may mix them)
 * @length: its length
 * @error: return location for a #WHENCE_ERROR_LOOKUP error
 *
 * Returns: %TRUE when @data was a bootstrap file
 */
gboolean
whence_rdap_bootstrap_add_json (WhenceRdapBootstrap  *self,
                                const char           *data,
                                gsize                 length,
                                GError              **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonArray *services;

  if (length > MAX_JSON_BYTES || !nesting_ok (data, length)
      || !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    goto invalid;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto invalid;
  services = member_array (json_node_get_object (root), "services");
  if (services == NULL)
    goto invalid;

  for (guint s = 0; s < json_array_get_length (services); s++)
    {
      JsonNode *service_node = json_array_get_element (services, s);
      JsonArray *service;
      JsonNode *keys_node, *urls_node;
      JsonArray *keys, *urls;
      const char *url = NULL;

      if (!JSON_NODE_HOLDS_ARRAY (service_node))
        continue;
      service = json_node_get_array (service_node);
      if (json_array_get_length (service) < 2)
        continue;
      keys_node = json_array_get_element (service, 0);
      urls_node = json_array_get_element (service, 1);
      if (!JSON_NODE_HOLDS_ARRAY (keys_node) || !JSON_NODE_HOLDS_ARRAY (urls_node))
        continue;
      keys = json_node_get_array (keys_node);
      urls = json_node_get_array (urls_node);

      /* RFC 9224 §3: prefer HTTPS when a registry offers both. */
      for (guint u = 0; u < json_array_get_length (urls); u++)
        {
          const char *candidate = element_string (urls, u);

          if (candidate == NULL)
            continue;
          if (url == NULL || (g_str_has_prefix (candidate, "https://")
                              && !g_str_has_prefix (url, "https://")))
            url = candidate;
        }
      if (url == NULL)
        continue;

      for (guint k = 0; k < json_array_get_length (keys); k++)
        {
          const char *key = element_string (keys, k);
          Entry entry = { 0 };

          if (key == NULL || !parse_key (key, &entry))
            continue;
          entry.url = g_str_has_suffix (url, "/") ? g_strdup (url) : g_strconcat (url, "/", NULL);
          g_array_append_val (self->entries, entry);
        }
    }

  return TRUE;

invalid:
  g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP,
                       _("The list of internet registries could not be read."));
  return FALSE;
}

gboolean
whence_rdap_bootstrap_is_empty (WhenceRdapBootstrap *self)
{
  return self->entries->len == 0;
}

static gboolean
prefix_matches (const guint8 *a,
                const guint8 *b,
                guint         prefix)
{
  for (guint i = 0; i < prefix; i++)
    {
      if (((a[i / 8] >> (7 - i % 8)) & 1) != ((b[i / 8] >> (7 - i % 8)) & 1))
        return FALSE;
    }
  return TRUE;
}

/**
 * whence_rdap_bootstrap_find_ip:
 * @self: a bootstrap
 * @address: the address to look up
 *
 * Returns: (transfer full) (nullable): the base URL (ending in "/") of the
 *   registry with the longest matching prefix
 */
char *
whence_rdap_bootstrap_find_ip (WhenceRdapBootstrap *self,
                               GInetAddress        *address)
{
  EntryKind kind = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4 ? ENTRY_V4 : ENTRY_V6;
  const guint8 *bytes = g_inet_address_to_bytes (address);
  const Entry *best = NULL;

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, i);

      if (entry->kind == kind && prefix_matches (entry->bytes, bytes, entry->prefix)
          && (best == NULL || entry->prefix > best->prefix))
        best = entry;
    }

  return best != NULL ? g_strdup (best->url) : NULL;
}

/**
 * whence_rdap_bootstrap_find_asn:
 * @self: a bootstrap
 * @asn: an AS number
 *
 * Returns: (transfer full) (nullable): the base URL of its registry
 */
char *
whence_rdap_bootstrap_find_asn (WhenceRdapBootstrap *self,
                                guint32              asn)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, i);

      if (entry->kind == ENTRY_ASN && asn >= entry->asn_first && asn <= entry->asn_last)
        return g_strdup (entry->url);
    }
  return NULL;
}

static const struct
{
  const char *needle;
  const char *name;
  const char *website;
} registries[] = {
  /* afrinic before arin: test servers name registries by path. */
  { "afrinic", "AFRINIC", "https://afrinic.net/" },
  { "lacnic", "LACNIC", "https://www.lacnic.net/" },
  { "apnic", "APNIC", "https://www.apnic.net/" },
  { "ripe", "RIPE NCC", "https://www.ripe.net/" },
  { "arin", "ARIN", "https://www.arin.net/" },
};

/**
 * whence_rdap_registry_name:
 * @base_url: (nullable): an RDAP base or query URL
 *
 * Returns: (nullable): the regional registry's short name ("RIPE NCC"), or
 *   %NULL for other registries
 */
const char *
whence_rdap_registry_name (const char *base_url)
{
  g_autofree char *lower = base_url != NULL ? g_ascii_strdown (base_url, -1) : NULL;

  for (guint i = 0; lower != NULL && i < G_N_ELEMENTS (registries); i++)
    {
      if (strstr (lower, registries[i].needle) != NULL)
        return registries[i].name;
    }
  return NULL;
}

/**
 * whence_rdap_registry_website:
 * @base_url: (nullable): an RDAP base or query URL
 *
 * Returns: (nullable): the regional registry's home page
 */
const char *
whence_rdap_registry_website (const char *base_url)
{
  g_autofree char *lower = base_url != NULL ? g_ascii_strdown (base_url, -1) : NULL;

  for (guint i = 0; lower != NULL && i < G_N_ELEMENTS (registries); i++)
    {
      if (strstr (lower, registries[i].needle) != NULL)
        return registries[i].website;
    }
  return NULL;
}
