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
  g_autofree char *lower = normalized_host (host);
  const char *domain;

  if (lower == NULL)
    return NULL;

  domain = psl_registrable_domain (get_psl (), lower);
  return domain != NULL ? g_strdup (domain) : NULL;
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
