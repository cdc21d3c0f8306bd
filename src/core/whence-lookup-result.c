/* whence-lookup-result.c
 *
 * What a lookup found, and its JSON form: the `network` member of
 * `whence trace --lookup --json`, which is also what the cache stores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-lookup"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "whence-error.h"
#include "whence-json.h"
#include "whence-lookup-private.h"

G_DEFINE_FINAL_TYPE (WhenceLookupResult, whence_lookup_result, G_TYPE_OBJECT)

void
whence_escalation_step_free (WhenceEscalationStep *step)
{
  if (step == NULL)
    return;

  g_free (step->who);
  g_free (step->address);
  g_free (step->source);
  g_free (step);
}

static void
whence_lookup_result_finalize (GObject *object)
{
  WhenceLookupResult *self = WHENCE_LOOKUP_RESULT (object);

  g_free (self->ip);
  g_clear_error (&self->error);
  g_free (self->rdns);
  g_free (self->registry);
  g_free (self->name);
  g_free (self->handle);
  g_free (self->range);
  g_free (self->country);
  g_free (self->organisation);
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_pointer (&self->escalation, g_ptr_array_unref);
  g_clear_pointer (&self->fetched, g_date_time_unref);

  G_OBJECT_CLASS (whence_lookup_result_parent_class)->finalize (object);
}

static void
whence_lookup_result_class_init (WhenceLookupResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = whence_lookup_result_finalize;
}

static void
whence_lookup_result_init (WhenceLookupResult *self)
{
  self->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_contact_free);
  self->escalation = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_escalation_step_free);
}

WhenceLookupResult *
whence_lookup_result_new (const char *ip)
{
  WhenceLookupResult *self = g_object_new (WHENCE_TYPE_LOOKUP_RESULT, NULL);

  self->ip = g_strdup (ip);

  return self;
}

/**
 * whence_lookup_result_new_for_error:
 * @ip: (nullable): the address that was to be looked up
 * @error: why there is no answer
 *
 * Returns: (transfer full): a result that carries only @error
 */
WhenceLookupResult *
whence_lookup_result_new_for_error (const char   *ip,
                                    const GError *error)
{
  WhenceLookupResult *self = whence_lookup_result_new (ip);

  self->error = g_error_copy (error);

  return self;
}

/* Takes @contact; drops it when the address is already known. */
void
whence_lookup_result_add_contact (WhenceLookupResult *self,
                                  WhenceContact      *contact)
{
  for (guint i = 0; i < self->contacts->len; i++)
    {
      WhenceContact *known = g_ptr_array_index (self->contacts, i);

      if (g_ascii_strcasecmp (known->address, contact->address) == 0)
        {
          whence_contact_free (contact);
          return;
        }
    }
  g_ptr_array_add (self->contacts, contact);
}

void
whence_lookup_result_add_step (WhenceLookupResult *self,
                               const char         *who,
                               const char         *address,
                               const char         *source)
{
  WhenceEscalationStep *step = g_new0 (WhenceEscalationStep, 1);

  for (guint i = 0; i < self->escalation->len; i++)
    {
      WhenceEscalationStep *known = g_ptr_array_index (self->escalation, i);

      if (g_ascii_strcasecmp (known->address, address) == 0)
        {
          g_free (step);
          return;
        }
    }
  step->who = g_strdup (who);
  step->address = g_strdup (address);
  step->source = g_strdup (source);
  g_ptr_array_add (self->escalation, step);
}

/** whence_lookup_result_get_ip: Returns: the address looked up */
const char *
whence_lookup_result_get_ip (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->ip;
}

/**
 * whence_lookup_result_get_error:
 *
 * Returns: (nullable): why the registry could not be asked or did not
 *   answer (#WHENCE_ERROR_DECLINED, #WHENCE_ERROR_OFFLINE,
 *   #WHENCE_ERROR_LOOKUP), with a plain message to show; %NULL when it
 *   answered. The other fields may still hold what DNS found.
 */
const GError *
whence_lookup_result_get_error (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->error;
}

const char *
whence_lookup_result_get_rdns (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->rdns;
}

gboolean
whence_lookup_result_get_rdns_verified (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), FALSE);
  return self->rdns_verified;
}

const char *
whence_lookup_result_get_registry (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->registry;
}

const char *
whence_lookup_result_get_name (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->name;
}

const char *
whence_lookup_result_get_handle (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->handle;
}

const char *
whence_lookup_result_get_range (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->range;
}

/** whence_lookup_result_get_country: Returns: (nullable): ISO 3166 code, e.g. "GB" */
const char *
whence_lookup_result_get_country (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->country;
}

const char *
whence_lookup_result_get_organisation (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->organisation;
}

guint32
whence_lookup_result_get_origin_as (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), 0);
  return self->origin_as;
}

/**
 * whence_lookup_result_get_contacts:
 *
 * Returns: (transfer none) (element-type WhenceContact): every address
 *   found, best first
 */
GPtrArray *
whence_lookup_result_get_contacts (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->contacts;
}

/**
 * whence_lookup_result_get_abuse_contact:
 *
 * Returns: (nullable): the address to write to first
 */
const WhenceContact *
whence_lookup_result_get_abuse_contact (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->contacts->len > 0 ? g_ptr_array_index (self->contacts, 0) : NULL;
}

/**
 * whence_lookup_result_get_escalation:
 *
 * Returns: (transfer none) (element-type WhenceEscalationStep): the ladder
 */
GPtrArray *
whence_lookup_result_get_escalation (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->escalation;
}

gboolean
whence_lookup_result_get_from_cache (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), FALSE);
  return self->from_cache;
}

/** whence_lookup_result_get_fetched: Returns: (nullable): when it was looked up */
GDateTime *
whence_lookup_result_get_fetched (WhenceLookupResult *self)
{
  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);
  return self->fetched;
}

/**
 * whence_lookup_result_describe_age:
 * @self: a result
 * @now: (nullable): the current time, for tests
 *
 * Returns: (transfer full) (nullable): "Looked up just now" or "Looked up
 *   on <date>", for the card
 */
char *
whence_lookup_result_describe_age (WhenceLookupResult *self,
                                   GDateTime          *now)
{
  g_autoptr(GDateTime) current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);

  if (self->fetched == NULL)
    return NULL;
  if (g_date_time_difference (current, self->fetched) < 10 * G_TIME_SPAN_MINUTE)
    return g_strdup (_("Looked up just now"));

  local = g_date_time_to_local (self->fetched);
  /* Translators: a date as in "Looked up on 27 November 2026" */
  date = g_date_time_format (local, _("%-d %B %Y"));
  /* Translators: %s is a date */
  return g_strdup_printf (_("Looked up on %s"), date);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * whence_lookup_result_to_json:
 * @self: a result
 *
 * Returns: (transfer full): the `network` object of the CLI contract
 */
JsonNode *
whence_lookup_result_to_json (WhenceLookupResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *fetched = NULL;

  g_return_val_if_fail (WHENCE_IS_LOOKUP_RESULT (self), NULL);

  json_builder_begin_object (builder);
  add_string (builder, "ip", self->ip);
  json_builder_set_member_name (builder, "error");
  if (self->error != NULL)
    {
      json_builder_begin_object (builder);
      add_string (builder, "code", whence_error_code_name (self->error));
      add_string (builder, "message", self->error->message);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  add_string (builder, "rdns", self->rdns);
  json_builder_set_member_name (builder, "rdns_verified");
  json_builder_add_boolean_value (builder, self->rdns_verified);
  add_string (builder, "registry", self->registry);
  add_string (builder, "name", self->name);
  add_string (builder, "handle", self->handle);
  add_string (builder, "range", self->range);
  add_string (builder, "country", self->country);
  add_string (builder, "organisation", self->organisation);
  json_builder_set_member_name (builder, "origin_as");
  if (self->origin_as != 0)
    json_builder_add_int_value (builder, self->origin_as);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "abuse_contacts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->contacts->len; i++)
    {
      WhenceContact *contact = g_ptr_array_index (self->contacts, i);

      json_builder_begin_object (builder);
      add_string (builder, "address", contact->address);
      add_string (builder, "name", contact->name);
      add_string (builder, "handle", contact->handle);
      add_string (builder, "phone", contact->phone);
      add_string (builder, "role", contact->role);
      add_string (builder, "source", contact->source);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "escalation");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->escalation->len; i++)
    {
      WhenceEscalationStep *step = g_ptr_array_index (self->escalation, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "step");
      json_builder_add_int_value (builder, i + 1);
      add_string (builder, "who", step->who);
      add_string (builder, "address", step->address);
      add_string (builder, "source", step->source);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "from_cache");
  json_builder_add_boolean_value (builder, self->from_cache);
  if (self->fetched != NULL)
    fetched = g_date_time_format (self->fetched, "%Y-%m-%dT%H:%M:%SZ");
  add_string (builder, "fetched", fetched);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * whence_lookup_result_new_from_json:
 * @node: a `network` object made by whence_lookup_result_to_json()
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the result (from_cache and fetched
 *   are left for the caller)
 */
WhenceLookupResult *
whence_lookup_result_new_from_json (JsonNode  *node,
                                    GError   **error)
{
  g_autoptr(WhenceLookupResult) self = NULL;
  JsonObject *object;
  JsonNode *member;
  g_autofree char *ip = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;
  object = json_node_get_object (node);
  ip = whence_json_dup_string_member (object, "ip");
  if (ip == NULL)
    goto invalid;

  self = whence_lookup_result_new (ip);
  self->rdns = whence_json_dup_string_member (object, "rdns");
  self->rdns_verified = json_object_get_boolean_member_with_default (object, "rdns_verified", FALSE);
  self->registry = whence_json_dup_string_member (object, "registry");
  self->name = whence_json_dup_string_member (object, "name");
  self->handle = whence_json_dup_string_member (object, "handle");
  self->range = whence_json_dup_string_member (object, "range");
  self->country = whence_json_dup_string_member (object, "country");
  self->organisation = whence_json_dup_string_member (object, "organisation");
  member = json_object_get_member (object, "origin_as");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member)
      && json_node_get_value_type (member) == G_TYPE_INT64
      && json_node_get_int (member) > 0 && json_node_get_int (member) <= G_MAXUINT32)
    self->origin_as = (guint32) json_node_get_int (member);

  member = json_object_get_member (object, "abuse_contacts");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *item;
          g_autofree char *address = NULL;
          g_autofree char *source = NULL;
          WhenceContact *contact;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          item = json_node_get_object (element);
          address = whence_json_dup_string_member (item, "address");
          source = whence_json_dup_string_member (item, "source");
          if (address == NULL || source == NULL)
            continue;
          contact = whence_contact_new (address, source);
          contact->name = whence_json_dup_string_member (item, "name");
          contact->handle = whence_json_dup_string_member (item, "handle");
          contact->phone = whence_json_dup_string_member (item, "phone");
          contact->role = whence_json_dup_string_member (item, "role");
          whence_lookup_result_add_contact (self, contact);
        }
    }

  member = json_object_get_member (object, "escalation");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *who = NULL;
          g_autofree char *address = NULL;
          g_autofree char *source = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          who = whence_json_dup_string_member (json_node_get_object (element), "who");
          address = whence_json_dup_string_member (json_node_get_object (element), "address");
          source = whence_json_dup_string_member (json_node_get_object (element), "source");
          if (who != NULL && address != NULL && source != NULL)
            whence_lookup_result_add_step (self, who, address, source);
        }
    }

  return g_steal_pointer (&self);

invalid:
  g_set_error_literal (error, WHENCE_ERROR, WHENCE_ERROR_LOOKUP,
                       _("The saved lookup could not be read."));
  return NULL;
}
