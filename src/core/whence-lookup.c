/* whence-lookup.c
 *
 * One lookup runs several independent questions at once (RDAP, reverse DNS,
 * Abusix) and a few that depend on earlier answers (abuse.net needs the
 * verified name, the AS operator needs the network's origin AS). A counter
 * of pending questions decides when the result is complete. Only the IP
 * address, and the host name it resolves to, leave the computer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-lookup"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-domain.h"
#include "whence-error.h"
#include "whence-fetch-queue.h"
#include "whence-lookup-cache.h"
#include "whence-lookup-private.h"
#include "whence-message.h"
#include "whence-rdap-http.h"
#include "whence-rdns.h"

#define DEFAULT_TIMEOUT_MS (15 * 1000)
#define DEFAULT_DNS_TIMEOUT_MS (5 * 1000)
#define DEFAULT_MAX_BYTES (1024 * 1024)
#define DEFAULT_MAX_REDIRECTS 5
#define DEFAULT_CACHE_LIFETIME (7 * G_TIME_SPAN_DAY)
#define ABUSIX_ZONE "abuse-contacts.abusix.zone"
#define ABUSE_NET_ZONE "contacts.abuse.net"
/* Questions in flight to one registry at once; the others wait their turn. */
#define FETCHES_PER_REGISTRY 2

struct _WhenceLookup
{
  GObject              parent_instance;

  SoupSession         *session;
  WhenceFetchQueue    *fetch_queue;
  GHashTable          *in_flight;     /* "ip cancellable" -> Shared */
  GResolver           *resolver;
  char                *bootstrap_source;
  WhenceRdapBootstrap *bootstrap;
  gboolean             dns_fallbacks;
  guint                timeout_ms;
  gsize                max_bytes;
  char                *cache_dir;
  GTimeSpan            cache_lifetime;
};

G_DEFINE_FINAL_TYPE (WhenceLookup, whence_lookup, G_TYPE_OBJECT)

static void
whence_lookup_finalize (GObject *object)
{
  WhenceLookup *self = WHENCE_LOOKUP (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->fetch_queue, whence_fetch_queue_free);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_object (&self->resolver);
  g_clear_pointer (&self->bootstrap, whence_rdap_bootstrap_unref);
  g_free (self->bootstrap_source);
  g_free (self->cache_dir);

  G_OBJECT_CLASS (whence_lookup_parent_class)->finalize (object);
}

static void
whence_lookup_class_init (WhenceLookupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = whence_lookup_finalize;
}

static void
whence_lookup_init (WhenceLookup *self)
{
  const char *source = g_getenv ("WHENCE_RDAP_BOOTSTRAP");

  /* The bundled bootstrap lives in the core's resource. */
  whence_core_init ();
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->max_bytes = DEFAULT_MAX_BYTES;
  self->session = soup_session_new_with_options ("user-agent", "Whence/" PACKAGE_VERSION,
                                                 "timeout", DEFAULT_TIMEOUT_MS / 1000,
                                                 NULL);
  self->fetch_queue = whence_fetch_queue_new (FETCHES_PER_REGISTRY);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->resolver = g_resolver_get_default ();
  self->bootstrap_source = source != NULL && *source != '\0' ? g_strdup (source) : NULL;
  /* For tests that must not send DNS queries to the real network. */
  self->dns_fallbacks = g_strcmp0 (g_getenv ("WHENCE_LOOKUP_NO_DNS"), "1") != 0;
  self->cache_dir = g_build_filename (g_get_user_cache_dir (), "whence", NULL);
  self->cache_lifetime = DEFAULT_CACHE_LIFETIME;
}

/**
 * whence_lookup_new:
 *
 * A lookup service with the defaults: the bundled IANA bootstrap (or
 * `WHENCE_RDAP_BOOTSTRAP`), the system resolver, a 15 s bound per registry,
 * 1 MiB per answer, and a cache in `$XDG_CACHE_HOME/whence` kept 7 days.
 * Keep one for the life of the window: it holds the HTTP connections.
 *
 * Returns: (transfer full): a new #WhenceLookup
 */
WhenceLookup *
whence_lookup_new (void)
{
  return g_object_new (WHENCE_TYPE_LOOKUP, NULL);
}

/**
 * whence_lookup_set_bootstrap_source:
 * @self: a lookup service
 * @source: (nullable): a bootstrap file or directory, as a path or an
 *   http(s) URL (a directory URL ends in "/"); %NULL for the bundled files
 */
void
whence_lookup_set_bootstrap_source (WhenceLookup *self,
                                    const char   *source)
{
  g_return_if_fail (WHENCE_IS_LOOKUP (self));

  g_free (self->bootstrap_source);
  self->bootstrap_source = g_strdup (source);
  g_clear_pointer (&self->bootstrap, whence_rdap_bootstrap_unref);
}

/** whence_lookup_set_resolver: Replaces the resolver (tests use a fake one). */
void
whence_lookup_set_resolver (WhenceLookup *self,
                            GResolver    *resolver)
{
  g_return_if_fail (WHENCE_IS_LOOKUP (self));
  g_return_if_fail (G_IS_RESOLVER (resolver));

  g_set_object (&self->resolver, resolver);
}

/** whence_lookup_set_dns_fallbacks: Turns reverse DNS and the DNS contact zones on or off. */
void
whence_lookup_set_dns_fallbacks (WhenceLookup *self,
                                 gboolean      enabled)
{
  g_return_if_fail (WHENCE_IS_LOOKUP (self));
  self->dns_fallbacks = enabled;
}

/** whence_lookup_set_timeout: Bounds each registry exchange, redirects included. */
void
whence_lookup_set_timeout (WhenceLookup *self,
                           guint         timeout_ms)
{
  g_return_if_fail (WHENCE_IS_LOOKUP (self));
  self->timeout_ms = MAX (timeout_ms, 1);
  g_object_set (self->session, "timeout", MAX (timeout_ms / 1000, 1), NULL);
}

/** whence_lookup_set_max_bytes: Answers larger than this are refused. */
void
whence_lookup_set_max_bytes (WhenceLookup *self,
                             gsize         max_bytes)
{
  g_return_if_fail (WHENCE_IS_LOOKUP (self));
  self->max_bytes = max_bytes;
}

/**
 * whence_lookup_set_cache:
 * @self: a lookup service
 * @directory: (nullable): where to keep answers; %NULL keeps none
 * @lifetime: how long an answer is used before it is looked up again
 */
void
whence_lookup_set_cache (WhenceLookup *self,
                         const char   *directory,
                         GTimeSpan     lifetime)
{
  g_return_if_fail (WHENCE_IS_LOOKUP (self));

  g_free (self->cache_dir);
  self->cache_dir = g_strdup (directory);
  self->cache_lifetime = lifetime;
}

/* One lookup in flight ---------------------------------------------------- */

typedef struct
{
  WhenceLookup        *self;
  GInetAddress        *address;
  WhenceLookupResult  *result;
  guint                pending;
  GError              *rdap_error;
  WhenceRdapNetwork   *network;
  WhenceRdapNetwork   *autnum;
  char                *registry_url;
  char                *domain;         /* registrable domain of the verified name */
  GStrv                abusix;
  GStrv                abuse_net;
  guint                bootstrap_pending;
  WhenceRdapBootstrap *loading;
} Op;

static void
op_free (Op *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->address);
  g_clear_object (&op->result);
  g_clear_error (&op->rdap_error);
  g_clear_pointer (&op->network, whence_rdap_network_free);
  g_clear_pointer (&op->autnum, whence_rdap_network_free);
  g_clear_pointer (&op->loading, whence_rdap_bootstrap_unref);
  g_free (op->registry_url);
  g_free (op->domain);
  g_strfreev (op->abusix);
  g_strfreev (op->abuse_net);
  g_free (op);
}

static WhenceFetchLimits
limits_for (WhenceLookup *self)
{
  WhenceFetchLimits limits = { self->timeout_ms, self->max_bytes, DEFAULT_MAX_REDIRECTS };

  return limits;
}

static guint
dns_timeout_for (WhenceLookup *self)
{
  return MIN (self->timeout_ms, DEFAULT_DNS_TIMEOUT_MS);
}

static void
add_rung (WhenceLookupResult  *result,
          const WhenceContact *contact,
          const char          *who)
{
  whence_lookup_result_add_step (result, who, contact->address, contact->source);
}

static void
build_result (Op *op)
{
  WhenceLookupResult *result = op->result;
  const char *label;
  g_autofree char *registry_who = NULL;
  const char *website;

  if (op->network != NULL)
    {
      result->name = g_strdup (op->network->name);
      result->handle = g_strdup (op->network->handle);
      result->range = g_strdup (op->network->range);
      result->country = g_strdup (op->network->country);
      result->organisation = g_strdup (op->network->organisation);
      result->origin_as = op->network->origin_as;
      for (guint i = 0; i < op->network->contacts->len; i++)
        whence_lookup_result_add_contact (result,
                                          whence_contact_copy (g_ptr_array_index (op->network->contacts, i)));
    }
  result->registry = g_strdup (whence_rdap_registry_name (op->registry_url));

  for (guint i = 0; op->abusix != NULL && op->abusix[i] != NULL; i++)
    whence_lookup_result_add_contact (result, whence_contact_new (op->abusix[i], "abusix"));
  for (guint i = 0; op->abuse_net != NULL && op->abuse_net[i] != NULL; i++)
    whence_lookup_result_add_contact (result, whence_contact_new (op->abuse_net[i], "abuse.net"));
  if (op->domain != NULL)
    {
      g_autofree char *address = g_strconcat ("abuse@", op->domain, NULL);

      whence_lookup_result_add_contact (result, whence_contact_new (address, "rfc2142"));
    }
  if (op->autnum != NULL)
    {
      for (guint i = 0; i < op->autnum->contacts->len; i++)
        {
          WhenceContact *contact = whence_contact_copy (g_ptr_array_index (op->autnum->contacts, i));

          g_free (contact->source);
          contact->source = g_strdup ("rdap-autnum");
          whence_lookup_result_add_contact (result, contact);
        }
    }

  /* The ladder: the network's own desk, then the contact databases, then
   * the standard mailbox, then the operator of the AS that routes it, and
   * the registry only when nobody else answers. */
  label = result->name ?: result->organisation ?: result->handle;
  for (guint i = 0; i < result->contacts->len; i++)
    {
      WhenceContact *contact = g_ptr_array_index (result->contacts, i);
      g_autofree char *who = NULL;

      if (!g_str_has_prefix (contact->source, "rdap") || g_str_equal (contact->source, "rdap-autnum"))
        continue;
      if (g_str_equal (contact->source, "rdap"))
        who = g_strdup_printf (_("The abuse desk of the network %s"), label ?: result->ip);
      else if (g_str_equal (contact->source, "rdap-remarks"))
        who = g_strdup_printf (_("The abuse address the network %s gives in its notes"),
                               label ?: result->ip);
      else
        who = g_strdup_printf (_("A contact of the network %s (it names no abuse desk)"),
                               label ?: result->ip);
      add_rung (result, contact, who);
      break;
    }
  for (guint i = 0; i < result->contacts->len; i++)
    {
      WhenceContact *contact = g_ptr_array_index (result->contacts, i);

      if (g_str_equal (contact->source, "abusix"))
        add_rung (result, contact, _("The abuse contact listed by Abusix"));
      else if (g_str_equal (contact->source, "abuse.net"))
        add_rung (result, contact, _("The abuse contact listed by abuse.net"));
    }
  for (guint i = 0; i < result->contacts->len; i++)
    {
      WhenceContact *contact = g_ptr_array_index (result->contacts, i);
      g_autofree char *who = NULL;

      if (!g_str_equal (contact->source, "rfc2142"))
        continue;
      who = g_strdup_printf (_("The standard abuse mailbox of %s"), op->domain);
      add_rung (result, contact, who);
    }
  for (guint i = 0; i < result->contacts->len; i++)
    {
      WhenceContact *contact = g_ptr_array_index (result->contacts, i);
      g_autofree char *who = NULL;

      if (!g_str_equal (contact->source, "rdap-autnum"))
        continue;
      who = g_strdup_printf (_("The operator of AS%u, which carries this network’s traffic"),
                             result->origin_as);
      add_rung (result, contact, who);
      break;
    }
  website = whence_rdap_registry_website (op->registry_url);
  if (website != NULL)
    {
      /* Translators: %s is a registry such as "RIPE NCC" */
      registry_who = g_strdup_printf (_("%s, the internet registry (only to report wrong contact details)"),
                                      result->registry);
      whence_lookup_result_add_step (result, registry_who, website, "registry");
    }
}

static void
op_done (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  WhenceLookup *self = op->self;

  if (--op->pending > 0)
    return;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The lookup was stopped."));
      g_object_unref (task);
      return;
    }

  build_result (op);
  op->result->fetched = g_date_time_new_now_utc ();
  if (op->rdap_error != NULL)
    op->result->error = g_steal_pointer (&op->rdap_error);
  else if (self->cache_dir != NULL)
    {
      g_autoptr(JsonNode) json = whence_lookup_result_to_json (op->result);
      g_autoptr(GError) error = NULL;

      if (!whence_lookup_cache_store (self->cache_dir, op->result->ip, json,
                                      op->result->fetched, &error))
        g_debug ("Could not keep the lookup: %s", error->message);
    }

  g_task_return_pointer (task, g_object_ref (op->result), g_object_unref);
  g_object_unref (task);
}

static void
set_rdap_error (Op     *op,
                GError *error)
{
  if (op->rdap_error == NULL)
    op->rdap_error = error;
  else
    g_error_free (error);
}

static void
on_abuse_net (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);

  op->abuse_net = whence_dns_txt_emails_finish (result, NULL);
  op_done (task);
}

static void
on_abusix (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);

  op->abusix = whence_dns_txt_emails_finish (result, NULL);
  op_done (task);
}

static void
on_rdns (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  gboolean verified = FALSE;
  g_autofree char *name = whence_rdns_lookup_finish (result, &verified, NULL);

  if (name != NULL)
    {
      op->result->rdns = g_steal_pointer (&name);
      op->result->rdns_verified = verified;
    }

  /* Only a verified name says anything about who runs the computer. */
  if (verified)
    op->domain = whence_registrable_domain (op->result->rdns);
  if (op->domain != NULL && !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autofree char *zone_name = g_strconcat (op->domain, ".", ABUSE_NET_ZONE, NULL);

      op->pending++;
      whence_dns_txt_emails_async (op->self->resolver, zone_name, dns_timeout_for (op->self),
                                   g_task_get_cancellable (task), on_abuse_net, task);
    }

  op_done (task);
}

static void
on_autnum (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = whence_fetch_finish (result, NULL, NULL);

  /* The AS is a bonus rung; its failure does not spoil the answer. */
  if (bytes != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (bytes, &size);

      op->autnum = whence_rdap_parse_data (data, size, NULL);
    }
  op_done (task);
}

static void
on_abuse_entity (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = whence_fetch_finish (result, NULL, NULL);
  g_autoptr(GPtrArray) contacts = NULL;

  if (bytes != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (bytes, &size);

      contacts = whence_rdap_parse_entity (data, size, NULL);
    }
  /* The desk the registry named goes before any fallback. */
  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    g_ptr_array_insert (op->network->contacts, i, whence_contact_copy (g_ptr_array_index (contacts, i)));
  op_done (task);
}

/* Registries' own links still say http:// at times; only https leaves here. */
static char *
secure_link (const char *href)
{
  if (whence_fetch_url_allowed (href))
    return g_strdup (href);
  if (g_str_has_prefix (href, "http://"))
    {
      g_autofree char *upgraded = g_strconcat ("https://", href + strlen ("http://"), NULL);

      if (whence_fetch_url_allowed (upgraded))
        return g_steal_pointer (&upgraded);
    }
  return NULL;
}

static void
on_ip_answer (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *final_url = NULL;
  g_autoptr(GBytes) bytes = whence_fetch_finish (result, &final_url, &error);
  gsize size = 0;
  const char *data;

  if (final_url != NULL)
    {
      g_free (op->registry_url);
      op->registry_url = g_steal_pointer (&final_url);
    }
  if (bytes == NULL)
    {
      set_rdap_error (op, g_steal_pointer (&error));
      op_done (task);
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  op->network = whence_rdap_parse_data (data, size, &error);
  if (op->network != NULL && op->network->abuse_entity != NULL)
    {
      g_autofree char *url = secure_link (op->network->abuse_entity);
      WhenceFetchLimits limits = limits_for (op->self);

      if (url != NULL)
        {
          op->pending++;
          whence_fetch_queue_fetch_async (op->self->fetch_queue, op->self->session, url, &limits,
                                          g_task_get_cancellable (task), on_abuse_entity, task);
        }
    }

  if (op->network == NULL)
    set_rdap_error (op, g_steal_pointer (&error));
  else if (op->network->origin_as != 0 && op->self->bootstrap != NULL)
    {
      g_autofree char *base = whence_rdap_bootstrap_find_asn (op->self->bootstrap,
                                                              op->network->origin_as);

      if (base != NULL)
        {
          g_autofree char *url = g_strdup_printf ("%sautnum/%u", base, op->network->origin_as);
          WhenceFetchLimits limits = limits_for (op->self);

          op->pending++;
          whence_fetch_queue_fetch_async (op->self->fetch_queue, op->self->session, url, &limits,
                                          g_task_get_cancellable (task), on_autnum, task);
        }
    }
  op_done (task);
}

static void
start_rdap (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *base = NULL;
  g_autofree char *ip = g_inet_address_to_string (op->address);
  g_autofree char *url = NULL;
  WhenceFetchLimits limits = limits_for (op->self);

  base = whence_rdap_bootstrap_find_ip (op->self->bootstrap, op->address);
  if (base == NULL)
    {
      set_rdap_error (op, g_error_new_literal (WHENCE_ERROR, WHENCE_ERROR_LOOKUP,
                                               _("Could not look up who runs this computer: no internet registry is known for its address.")));
      op_done (task);
      return;
    }

  op->registry_url = g_strdup (base);
  url = g_strconcat (base, "ip/", ip, NULL);
  whence_fetch_queue_fetch_async (op->self->fetch_queue, op->self->session, url, &limits,
                                  g_task_get_cancellable (task), on_ip_answer, task);
}

static gboolean
is_url (const char *source)
{
  return g_str_has_prefix (source, "https://") || g_str_has_prefix (source, "http://");
}

static void
bootstrap_loaded (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (op->loading != NULL && !whence_rdap_bootstrap_is_empty (op->loading))
    {
      g_clear_pointer (&op->self->bootstrap, whence_rdap_bootstrap_unref);
      op->self->bootstrap = g_steal_pointer (&op->loading);
    }
  if (op->self->bootstrap == NULL)
    {
      /* A URL that cannot be fetched means no network; a bad file does not. */
      gboolean remote = op->self->bootstrap_source != NULL && is_url (op->self->bootstrap_source);

      set_rdap_error (op, g_error_new_literal (WHENCE_ERROR,
                                               remote ? WHENCE_ERROR_OFFLINE : WHENCE_ERROR_LOOKUP,
                                               _("Could not look up who runs this computer: the list of internet registries could not be loaded.")));
      op_done (task);
      return;
    }
  start_rdap (task);
}

static void
on_bootstrap_file (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = whence_fetch_finish (result, NULL, NULL);

  if (bytes != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (bytes, &size);

      whence_rdap_bootstrap_add_json (op->loading, data, size, NULL);
    }
  if (--op->bootstrap_pending == 0)
    bootstrap_loaded (task);
}

static void
load_bootstrap_path (Op         *op,
                     const char *path)
{
  static const char * const files[] = { "ipv4.json", "ipv6.json", "asn.json" };

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *file = g_build_filename (path, files[i], NULL);
          g_autofree char *contents = NULL;
          gsize length = 0;

          if (g_file_get_contents (file, &contents, &length, NULL))
            whence_rdap_bootstrap_add_json (op->loading, contents, length, NULL);
        }
    }
  else
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL))
        whence_rdap_bootstrap_add_json (op->loading, contents, length, NULL);
    }
}

static void
ensure_bootstrap (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  const char *source = op->self->bootstrap_source;

  if (op->self->bootstrap != NULL)
    {
      start_rdap (task);
      return;
    }

  op->loading = whence_rdap_bootstrap_new ();
  if (source == NULL)
    {
      g_clear_pointer (&op->loading, whence_rdap_bootstrap_unref);
      op->loading = whence_rdap_bootstrap_new_bundled ();
    }
  else if (is_url (source))
    {
      static const char * const files[] = { "ipv4.json", "ipv6.json", "asn.json" };
      WhenceFetchLimits limits = limits_for (op->self);

      if (g_str_has_suffix (source, "/"))
        {
          op->bootstrap_pending = G_N_ELEMENTS (files);
          for (guint i = 0; i < G_N_ELEMENTS (files); i++)
            {
              g_autofree char *url = g_strconcat (source, files[i], NULL);

              whence_fetch_queue_fetch_async (op->self->fetch_queue, op->self->session, url, &limits,
                                              g_task_get_cancellable (task), on_bootstrap_file, task);
            }
        }
      else
        {
          op->bootstrap_pending = 1;
          whence_fetch_queue_fetch_async (op->self->fetch_queue, op->self->session, source, &limits,
                                          g_task_get_cancellable (task), on_bootstrap_file, task);
        }
      return;
    }
  else if (g_str_has_prefix (source, "file:"))
    {
      g_autofree char *path = g_filename_from_uri (source, NULL, NULL);

      if (path != NULL)
        load_bootstrap_path (op, path);
    }
  else
    load_bootstrap_path (op, source);

  bootstrap_loaded (task);
}

/* Addresses no registry can say anything useful about. */
static gboolean
is_public (GInetAddress *address)
{
  const guint8 *bytes = g_inet_address_to_bytes (address);

  if (g_inet_address_get_is_any (address) || g_inet_address_get_is_loopback (address)
      || g_inet_address_get_is_link_local (address) || g_inet_address_get_is_site_local (address)
      || g_inet_address_get_is_multicast (address))
    return FALSE;
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    return !(bytes[0] == 100 && (bytes[1] & 0xc0) == 64)   /* shared, RFC 6598 */
           && bytes[0] != 0 && bytes[0] < 240;
  return (bytes[0] & 0xfe) != 0xfc;                        /* unique local */
}

/* "::ffff:192.0.2.1" (how dual-stack servers log IPv4 peers) is an IPv4
 * address: only the IPv4 bootstrap knows its registry. Takes @address. */
static GInetAddress *
unmap_ipv4 (GInetAddress *address)
{
  const guint8 *bytes = g_inet_address_to_bytes (address);
  static const guint8 prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
  GInetAddress *v4;

  if (g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6
      || memcmp (bytes, prefix, sizeof prefix) != 0)
    return address;

  v4 = g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);
  g_object_unref (address);

  return v4;
}

/* One lookup of an address, and everyone waiting for its answer. */
typedef struct
{
  WhenceLookup *self;
  char         *key;
  GPtrArray    *callers;   /* GTask, one reference each */
} Shared;

static void
on_shared_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Shared *shared = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WhenceLookupResult) answer = g_task_propagate_pointer (G_TASK (result), &error);

  g_hash_table_remove (shared->self->in_flight, shared->key);
  for (guint i = 0; i < shared->callers->len; i++)
    {
      GTask *caller = g_ptr_array_index (shared->callers, i);

      if (answer != NULL)
        g_task_return_pointer (caller, g_object_ref (answer), g_object_unref);
      else
        g_task_return_error (caller, g_error_copy (error));
      g_object_unref (caller);
    }
  g_ptr_array_unref (shared->callers);
  g_free (shared->key);
  g_free (shared);
}

static void
return_error_result (GTask      *task,
                     const char *ip,
                     int         code,
                     const char *message)
{
  g_autoptr(GError) error = g_error_new_literal (WHENCE_ERROR, code, message);

  g_task_return_pointer (task, whence_lookup_result_new_for_error (ip, error), g_object_unref);
  g_object_unref (task);
}

/**
 * whence_lookup_ip_async:
 * @self: a lookup service
 * @ip: the address, as text
 * @consent: whether the person agreed to send @ip to the registries
 * @flags: cache behaviour
 * @cancellable: (nullable): stops the lookup (the window's cancellable)
 * @callback: called in the caller's thread-default main context
 * @user_data: for @callback
 *
 * Finds who runs @ip. Nothing is sent without @consent; a fresh cached
 * answer is used without sending anything.
 */
void
whence_lookup_ip_async (WhenceLookup        *self,
                        const char          *ip,
                        WhenceLookupConsent  consent,
                        WhenceLookupFlags    flags,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  Op *op;
  Shared *shared;
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (WHENCE_IS_LOOKUP (self));
  g_return_if_fail (ip != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, whence_lookup_ip_async);

  if (consent != WHENCE_LOOKUP_CONSENT_GIVEN)
    {
      return_error_result (task, ip, WHENCE_ERROR_DECLINED,
                           _("Whence did not look up who runs this computer, because online lookups are turned off."));
      return;
    }

  address = g_inet_address_new_from_string (ip);
  if (address == NULL)
    {
      return_error_result (task, ip, WHENCE_ERROR_LOOKUP,
                           _("Could not look up who runs this computer: its internet address is not valid."));
      return;
    }
  address = unmap_ipv4 (address);
  canonical = g_inet_address_to_string (address);
  if (!is_public (address))
    {
      return_error_result (task, canonical, WHENCE_ERROR_LOOKUP,
                           _("Could not look up who runs this computer: its address is a private one, used only inside a home or company network."));
      return;
    }

  if (self->cache_dir != NULL && !(flags & WHENCE_LOOKUP_FLAGS_REFRESH))
    {
      g_autoptr(GDateTime) fetched = NULL;
      g_autoptr(JsonNode) cached = whence_lookup_cache_load (self->cache_dir, canonical,
                                                             self->cache_lifetime, &fetched);
      WhenceLookupResult *result = cached != NULL
        ? whence_lookup_result_new_from_json (cached, NULL) : NULL;

      if (result != NULL)
        {
          result->from_cache = TRUE;
          result->fetched = g_steal_pointer (&fetched);
          g_task_return_pointer (task, result, g_object_unref);
          g_object_unref (task);
          return;
        }
    }

  /* The same address asked again while its lookup runs (several emails
   * from one computer): the answer is shared, nothing is asked twice. */
  key = g_strdup_printf ("%s %p", canonical, (gpointer) cancellable);
  shared = g_hash_table_lookup (self->in_flight, key);
  if (shared != NULL)
    {
      g_ptr_array_add (shared->callers, task);
      return;
    }
  shared = g_new0 (Shared, 1);
  shared->self = self;
  shared->key = g_strdup (key);
  shared->callers = g_ptr_array_new ();
  g_ptr_array_add (shared->callers, task);
  g_hash_table_insert (self->in_flight, g_steal_pointer (&key), shared);
  task = g_task_new (self, cancellable, on_shared_done, shared);

  op = g_new0 (Op, 1);
  op->self = g_object_ref (self);
  op->address = g_object_ref (address);
  op->result = whence_lookup_result_new (canonical);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);

  /* One for this function, so no answer can complete the op early. */
  op->pending = 2;
  if (self->dns_fallbacks)
    {
      g_autofree char *abusix_name = whence_dns_reversed_name (address, ABUSIX_ZONE);

      op->pending += 2;
      whence_rdns_lookup_async (self->resolver, address, dns_timeout_for (self), cancellable,
                                on_rdns, task);
      whence_dns_txt_emails_async (self->resolver, abusix_name, dns_timeout_for (self),
                                   cancellable, on_abusix, task);
    }
  ensure_bootstrap (task);
  op_done (task);
}

/**
 * whence_lookup_ip_finish:
 * @self: a lookup service
 * @result: the result given to the callback
 * @error: return location for %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the answer, %NULL only when
 *   cancelled. Failures to reach the registry are in
 *   whence_lookup_result_get_error().
 */
WhenceLookupResult *
whence_lookup_ip_finish (WhenceLookup  *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_hop_rdns (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean verified = FALSE;
  char *name = whence_rdns_lookup_finish (result, &verified, &error);

  if (name == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, GINT_TO_POINTER (verified), NULL);
  g_task_return_pointer (task, name, g_free);
}

/**
 * whence_lookup_rdns_async:
 * @self: a lookup service
 * @ip: an address (any hop's)
 * @consent: whether the person agreed to online lookups
 * @cancellable: (nullable): stops the lookup
 * @callback: called when done
 * @user_data: for @callback
 *
 * Reverse DNS alone, for a hop the person asks about. Not cached.
 */
void
whence_lookup_rdns_async (WhenceLookup        *self,
                          const char          *ip,
                          WhenceLookupConsent  consent,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GInetAddress) address = NULL;

  g_return_if_fail (WHENCE_IS_LOOKUP (self));
  g_return_if_fail (ip != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, whence_lookup_rdns_async);

  if (consent != WHENCE_LOOKUP_CONSENT_GIVEN)
    {
      g_task_return_new_error (task, WHENCE_ERROR, WHENCE_ERROR_DECLINED, "%s",
                               _("Whence did not look up this computer’s name, because online lookups are turned off."));
      return;
    }
  address = g_inet_address_new_from_string (ip);
  if (address == NULL || !is_public (address = unmap_ipv4 (address)))
    {
      g_task_return_new_error (task, WHENCE_ERROR, WHENCE_ERROR_LOOKUP, "%s",
                               _("This address is private or not valid, so it has no public name."));
      return;
    }
  whence_rdns_lookup_async (self->resolver, address, dns_timeout_for (self), cancellable,
                            on_hop_rdns, g_steal_pointer (&task));
}

/**
 * whence_lookup_rdns_finish:
 * @self: a lookup service
 * @result: the result
 * @verified: (out) (optional): whether the name leads back to the address
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the name
 */
char *
whence_lookup_rdns_finish (WhenceLookup  *self,
                           GAsyncResult  *result,
                           gboolean      *verified,
                           GError       **error)
{
  char *name;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  name = g_task_propagate_pointer (G_TASK (result), error);
  if (verified != NULL)
    *verified = name != NULL && GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result)));

  return name;
}

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (g_main_context_get_thread_default ());
}

/**
 * whence_lookup_ip_sync:
 * @self: a lookup service
 * @ip: the address
 * @consent: whether the person agreed
 * @flags: cache behaviour
 *
 * Runs whence_lookup_ip_async() to the end by iterating the thread-default
 * main context. For the command line only: the UI uses the async call.
 *
 * Returns: (transfer full): the answer
 */
WhenceLookupResult *
whence_lookup_ip_sync (WhenceLookup        *self,
                       const char          *ip,
                       WhenceLookupConsent  consent,
                       WhenceLookupFlags    flags)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  WhenceLookupResult *answer;

  g_return_val_if_fail (WHENCE_IS_LOOKUP (self), NULL);

  whence_lookup_ip_async (self, ip, consent, flags, NULL, on_sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);

  answer = whence_lookup_ip_finish (self, result, &error);
  if (answer == NULL)
    answer = whence_lookup_result_new_for_error (ip, error);

  return answer;
}

/**
 * whence_lookup_add_network_member:
 * @self: a lookup service
 * @trace_object: one object of `whence trace --json`
 * @consent: whether the person agreed
 *
 * Looks up the object's `origin.ip` and appends the `network` member after
 * the others. Always adds it: when there is nothing to look up or the lookup
 * fails, `network.error` says why in plain words. Blocks like
 * whence_lookup_ip_sync().
 */
void
whence_lookup_add_network_member (WhenceLookup        *self,
                                  JsonNode            *trace_object,
                                  WhenceLookupConsent  consent)
{
  g_autoptr(WhenceLookupResult) result = NULL;
  JsonObject *object;
  JsonNode *origin;
  const char *ip = NULL;

  g_return_if_fail (WHENCE_IS_LOOKUP (self));
  g_return_if_fail (JSON_NODE_HOLDS_OBJECT (trace_object));

  object = json_node_get_object (trace_object);
  origin = json_object_get_member (object, "origin");
  if (origin != NULL && JSON_NODE_HOLDS_OBJECT (origin))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (origin), "ip");

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_STRING)
        ip = json_node_get_string (node);
    }

  if (ip != NULL && *ip != '\0')
    result = whence_lookup_ip_sync (self, ip, consent, WHENCE_LOOKUP_FLAGS_NONE);
  else
    {
      g_autoptr(GError) error = g_error_new_literal (WHENCE_ERROR, WHENCE_ERROR_LOOKUP,
                                                     _("Whence could not tell which computer sent this email, so there is nobody to look up."));

      result = whence_lookup_result_new_for_error (NULL, error);
    }

  json_object_set_member (object, "network", whence_lookup_result_to_json (result));
}
