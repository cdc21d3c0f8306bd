/* whence-domain.c
 *
 * "Same organisation" for host names means same registrable domain
 * (mail-a.google.com and mx.google.com, but not foo.co.uk and bar.co.uk),
 * which only the Public Suffix List can tell.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-domain"

#include "config.h"

#include <libpsl.h>
#include <string.h>

#include "whence-domain.h"

static const psl_ctx_t *
get_psl (void)
{
  static gsize psl = 0;

  if (g_once_init_enter (&psl))
    {
      /* The system list is fresher; the copy built into libpsl always exists. */
      const psl_ctx_t *ctx = psl_latest (NULL);

      if (ctx == NULL)
        ctx = psl_builtin ();
      g_once_init_leave (&psl, (gsize) ctx);
    }

  return (const psl_ctx_t *) psl;
}

/* Public Suffix List look-ups cost thousands of instructions each, and a
 * message names the same few hosts again and again (each hop, each check),
 * so answers are remembered: per kind of answer, a bounded number of host
 * names of sensible length, all forgotten at once when the table is full.
 * The list itself never changes while we run, so a remembered answer is
 * always the one a fresh look-up would give. */
#define CACHE_MAX_ENTRIES 4096
#define CACHE_MAX_HOST    255

typedef enum
{
  CACHE_REGISTRABLE,
  CACHE_DISPLAY,
  N_CACHES
} CacheKind;

static GMutex cache_lock;
static GHashTable *caches[N_CACHES];

static gboolean
cache_lookup (CacheKind    kind,
              const char  *host,
              char       **result)
{
  gpointer value = NULL;
  gboolean found;

  if (strlen (host) > CACHE_MAX_HOST)
    return FALSE;
  g_mutex_lock (&cache_lock);
  found = caches[kind] != NULL
          && g_hash_table_lookup_extended (caches[kind], host, NULL, &value);
  if (found)
    *result = g_strdup (value);
  g_mutex_unlock (&cache_lock);
  return found;
}

static char *
cache_store (CacheKind   kind,
             const char *host,
             char       *result)
{
  if (strlen (host) > CACHE_MAX_HOST)
    return result;
  g_mutex_lock (&cache_lock);
  if (caches[kind] == NULL)
    caches[kind] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_hash_table_size (caches[kind]) >= CACHE_MAX_ENTRIES)
    g_hash_table_remove_all (caches[kind]);
  g_hash_table_insert (caches[kind], g_strdup (host), g_strdup (result));
  g_mutex_unlock (&cache_lock);
  return result;
}

/* @host lower case without trailing dots, or %NULL when it cannot have a
 * registrable domain: empty, a bare name or an IP literal. */
static char *
normalized_host (const char *host)
{
  g_autofree char *lower = NULL;
  gsize len;

  if (host == NULL || *host == '\0' || strchr (host, '.') == NULL)
    return NULL;

  lower = g_ascii_strdown (host, -1);
  len = strlen (lower);
  while (len > 0 && lower[len - 1] == '.')
    lower[--len] = '\0';

  if (g_hostname_is_ip_address (lower))
    return NULL;

  return g_steal_pointer (&lower);
}

static char *
registrable_domain_uncached (const char *host)
{
  g_autofree char *lower = normalized_host (host);
  const char *domain;

  if (lower == NULL)
    return NULL;

  domain = psl_registrable_domain (get_psl (), lower);
  return domain != NULL ? g_strdup (domain) : NULL;
}

/**
 * whence_registrable_domain:
 * @host: a host name ("mail-yw1-f41.google.com"), or %NULL
 *
 * Returns: (transfer full) (nullable): the registrable domain ("google.com"),
 *   lower case, or %NULL for IP literals, bare names and public suffixes
 */
char *
whence_registrable_domain (const char *host)
{
  char *result = NULL;

  if (host == NULL)
    return NULL;
  if (cache_lookup (CACHE_REGISTRABLE, host, &result))
    return result;
  return cache_store (CACHE_REGISTRABLE, host, registrable_domain_uncached (host));
}

static char *
display_domain_uncached (const char *host)
{
  g_autofree char *lower = normalized_host (host);
  const psl_ctx_t *psl = get_psl ();
  const char *previous = NULL;

  if (lower == NULL)
    return NULL;

  /* From the whole name towards the top-level domain, the first suffix that
   * is public under ICANN rules; the registrable domain is one label more. */
  for (const char *suffix = lower; suffix != NULL && *suffix != '\0'; )
    {
      const char *dot;

      if (psl_is_public_suffix2 (psl, suffix, PSL_TYPE_ICANN))
        return previous != NULL ? g_strdup (previous) : NULL;
      previous = suffix;
      dot = strchr (suffix, '.');
      suffix = dot != NULL ? dot + 1 : NULL;
    }

  return NULL;
}

/**
 * whence_display_domain:
 * @host: a host name ("ec2-3-8-5-225.eu-west-2.compute.amazonaws.com"), or %NULL
 *
 * The name a person would recognise for a host. The Public Suffix List's
 * private section lists hosting platforms whose customers each get their own
 * subdomain ("compute.amazonaws.com", "blogspot.com"): right for telling
 * organisations apart, but it makes a rented server's full machine name the
 * "domain". For reading, only the ICANN section counts, so the host above
 * reads "amazonaws.com".
 *
 * Returns: (transfer full) (nullable): the registrable domain under the ICANN
 *   rules, lower case, or %NULL for IP literals, bare names and public suffixes
 */
char *
whence_display_domain (const char *host)
{
  char *result = NULL;

  if (host == NULL)
    return NULL;
  if (cache_lookup (CACHE_DISPLAY, host, &result))
    return result;
  return cache_store (CACHE_DISPLAY, host, display_domain_uncached (host));
}

/**
 * whence_same_organisation:
 *
 * Returns: %TRUE when both hosts share a registrable domain
 */
gboolean
whence_same_organisation (const char *host_a,
                          const char *host_b)
{
  g_autofree char *a = whence_registrable_domain (host_a);
  g_autofree char *b = whence_registrable_domain (host_b);

  return a != NULL && b != NULL && g_str_equal (a, b);
}
