/* whence-connection.c
 *
 * What kind of connection a computer is on, from the name its provider gave
 * its address and the name it gave itself. Home connections get names full
 * of "dsl", "dyn", "pool" and the address itself; mail servers get short
 * names of their own. A home computer handing mail straight to someone's
 * mail server, without signing in anywhere, is how mail worms send.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-connection"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-connection.h"
#include "whence-domain.h"

/* Words providers put into the names of home and mobile connections
 * (SpamAssassin's RDNS_DYNAMIC and the "generic rDNS" lists know the same). */
static const char * const residential_words[] = {
  "dsl", "adsl", "vdsl", "xdsl", "sdsl", "dial", "dialup", "dialin", "dip", "dyn",
  "dynamic", "dynip", "dhcp", "pool", "ppp", "pppoe", "pppoa", "cable", "cpe", "broadband",
  "bband", "resid", "residential", "home", "cust", "customer", "client", "clients",
  "subscriber", "fios", "ftth", "fttp", "fttx", "catv", "hsd", "hsd1", "mobile", "wireless",
  "wlan", "lte", "nat", "user", "users", "modem", "kabel", "dsl-dyn",
};

static gboolean
word_is_residential (const char *token)
{
  for (guint i = 0; i < G_N_ELEMENTS (residential_words); i++)
    {
      gsize n = strlen (residential_words[i]);

      /* "dip0", "pool123" and "ppp85" count; "poolside" does not. */
      if (g_ascii_strncasecmp (token, residential_words[i], n) == 0)
        {
          const char *rest = token + n;

          while (g_ascii_isdigit (*rest))
            rest++;
          if (*rest == '\0')
            return TRUE;
        }
    }
  return FALSE;
}

/* The part of a host name its owner chose, without the registrable domain:
 * "dsl-1-2-3-4.dyn" of "dsl-1-2-3-4.dyn.example-telecom.es". */
static char *
dup_host_part (const char *rdns)
{
  g_autofree char *domain = whence_registrable_domain (rdns);
  g_autofree char *lower = g_ascii_strdown (rdns, -1);
  gsize len = strlen (lower), dlen;

  while (len > 0 && lower[len - 1] == '.')
    lower[--len] = '\0';
  if (domain == NULL)
    return g_steal_pointer (&lower);
  dlen = strlen (domain);
  if (len <= dlen + 1)
    return g_strdup ("");
  return g_strndup (lower, len - dlen - 1);
}

/**
 * whence_rdns_contains_ip:
 * @rdns: a host name
 * @ip: (nullable): the IPv4 address it was found for
 *
 * Returns: %TRUE when the name spells the address out, in either order or
 *   in hexadecimal ("c-73-12-34-56.hsd1…", "p5B0C2238.dip0…")
 */
gboolean
whence_rdns_contains_ip (const char *rdns,
                         const char *ip)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *host = NULL;
  g_autofree char *hex = NULL;
  g_autoptr(GArray) numbers = NULL;
  const guint8 *b;

  if (rdns == NULL || ip == NULL || *rdns == '\0')
    return FALSE;
  address = g_inet_address_new_from_string (ip);
  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
    return FALSE;
  b = g_inet_address_to_bytes (address);
  host = dup_host_part (rdns);

  hex = g_strdup_printf ("%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
  if (strstr (host, hex) != NULL)
    return TRUE;

  numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  for (const char *p = host; *p != '\0';)
    {
      if (g_ascii_isdigit (*p))
        {
          guint value = 0;
          gsize digits = 0;

          while (g_ascii_isdigit (*p))
            {
              if (digits++ < 4)
                value = value * 10 + (guint) (*p - '0');
              p++;
            }
          g_array_append_val (numbers, value);
        }
      else
        p++;
    }

  for (guint i = 0; i + 4 <= numbers->len; i++)
    {
      guint *n = &g_array_index (numbers, guint, i);

      if ((n[0] == b[0] && n[1] == b[1] && n[2] == b[2] && n[3] == b[3])
          || (n[0] == b[3] && n[1] == b[2] && n[2] == b[1] && n[3] == b[0]))
        return TRUE;
    }
  return FALSE;
}

/**
 * whence_rdns_looks_residential:
 * @rdns: (nullable): the name the provider gave the address
 * @why: (out) (optional) (transfer full): the telling word
 *
 * Returns: %TRUE when the name has the words providers give home, dial-up,
 *   cable and mobile connections
 */
gboolean
whence_rdns_looks_residential (const char *rdns,
                               char      **why)
{
  g_autofree char *host = NULL;
  g_auto(GStrv) tokens = NULL;

  if (why != NULL)
    *why = NULL;
  if (rdns == NULL || *rdns == '\0')
    return FALSE;

  host = dup_host_part (rdns);
  tokens = g_strsplit_set (host, ".-_", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (*tokens[i] != '\0' && word_is_residential (tokens[i]))
      {
        if (why != NULL)
          *why = g_strdup (tokens[i]);
        return TRUE;
      }
  return FALSE;
}

/**
 * whence_helo_is_odd:
 * @helo: (nullable): the name a computer gave itself when it connected
 * @why: (out) (optional) (transfer full): a plain sentence, translated
 *
 * Returns: %TRUE when the name is not a real domain name: a bare address,
 *   one word, or a name only a home network uses
 */
gboolean
whence_helo_is_odd (const char *helo,
                    char      **why)
{
  g_autofree char *name = NULL;
  static const char * const local_suffixes[] = {
    ".local", ".lan", ".home", ".localdomain", ".internal", ".workgroup", ".domain",
  };

  if (why != NULL)
    *why = NULL;
  if (helo == NULL || *helo == '\0')
    return FALSE;

  name = g_ascii_strdown (helo, -1);
  g_strdelimit (name, "[]", ' ');
  g_strstrip (name);

  if (g_hostname_is_ip_address (name) || g_str_has_prefix (name, "ipv6:"))
    {
      if (why != NULL)
        *why = g_strdup_printf (_("The computer called itself by its bare address (%s) instead of a name, as home computers do."), helo);
      return TRUE;
    }
  if (strchr (name, '.') == NULL || g_str_equal (name, "localhost"))
    {
      if (why != NULL)
        *why = g_strdup_printf (_("The computer called itself “%s”, which is not a name on the internet. Home computers do that."), helo);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (local_suffixes); i++)
    if (g_str_has_suffix (name, local_suffixes[i]))
      {
        if (why != NULL)
          *why = g_strdup_printf (_("The computer called itself “%s”, a name used only inside home and office networks."), helo);
        return TRUE;
      }
  return FALSE;
}

/**
 * whence_received_is_authenticated:
 * @with: (nullable): the protocol a Received line names
 * @auth: (nullable): the sign-in it records
 *
 * Returns: %TRUE when the sender signed in to hand the message over
 *   (RFC 3848 "ESMTPA"/"ESMTPSA", or an auth= note)
 */
gboolean
whence_received_is_authenticated (const char *with,
                                  const char *auth)
{
  if (auth != NULL && *auth != '\0')
    return TRUE;
  if (with == NULL)
    return FALSE;
  return g_ascii_strcasecmp (with, "ESMTPA") == 0 || g_ascii_strcasecmp (with, "ESMTPSA") == 0
         || g_ascii_strcasecmp (with, "LMTPA") == 0 || g_ascii_strcasecmp (with, "LMTPSA") == 0
         || g_ascii_strcasecmp (with, "SMTPA") == 0 || g_ascii_strcasecmp (with, "UTF8SMTPA") == 0
         || g_ascii_strcasecmp (with, "UTF8SMTPSA") == 0;
}
