/* whence-net.c
 *
 * Address parsing and classification. Received lines write addresses in
 * many ways ("[IPv6:2001:db8::1]", "::ffff:1.2.3.4", "fe80::1%eth0"); they
 * all come down to 16 bytes here, IPv4 as IPv4-mapped IPv6, so one set of
 * range checks serves both families.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-net"

#include "config.h"

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-error.h"
#include "whence-net.h"

static void
set_v4 (WhenceAddress *address,
        const guint8   v4[4])
{
  memset (address->bytes, 0, 10);
  address->bytes[10] = 0xff;
  address->bytes[11] = 0xff;
  memcpy (address->bytes + 12, v4, 4);
}

static gboolean
is_v4 (const WhenceAddress *address)
{
  static const guint8 prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  return memcmp (address->bytes, prefix, 12) == 0;
}

/* Dotted quad with 1 to 4 parts; fewer parts only when @allow_short (netset
 * tokens such as "10/8" or "192.168."). Returns the number of parts read. */
static guint
parse_v4 (const char *text,
          guint8      v4[4],
          gboolean    allow_short)
{
  guint parts = 0;
  const char *p = text;

  memset (v4, 0, 4);
  while (*p != '\0')
    {
      guint value = 0;
      guint digits = 0;

      if (parts == 4)
        return 0;
      while (g_ascii_isdigit (*p))
        {
          value = value * 10 + (guint) (*p - '0');
          if (++digits > 3 || value > 255)
            return 0;
          p++;
        }
      if (digits == 0)
        return 0;
      v4[parts++] = (guint8) value;
      if (*p == '.')
        {
          p++;
          if (*p == '\0' && allow_short)
            break;
        }
      else if (*p != '\0')
        return 0;
    }

  if (parts == 0 || (parts < 4 && !allow_short))
    return 0;
  return parts;
}

/* Strips the dressing Received lines put around addresses. */
static char *
bare_address (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *p = copy;
  char *end;

  if (*p == '[')
    {
      p++;
      end = strchr (p, ']');
      if (end != NULL)
        *end = '\0';
    }
  if (g_ascii_strncasecmp (p, "IPv6:", 5) == 0)
    p += 5;
  end = strchr (p, '%');
  if (end != NULL)
    *end = '\0';

  return g_strdup (p);
}

/**
 * whence_net_parse_address:
 * @text: an address as a Received line writes it
 * @address: (out): where to store it
 *
 * Returns: %TRUE if @text is an IPv4 or IPv6 address
 */
gboolean
whence_net_parse_address (const char    *text,
                          WhenceAddress *address)
{
  g_autofree char *bare = NULL;
  guint8 v4[4];

  if (text == NULL || *text == '\0')
    return FALSE;

  bare = bare_address (text);
  if (strchr (bare, ':') != NULL)
    return inet_pton (AF_INET6, bare, address->bytes) == 1;
  if (parse_v4 (bare, v4, FALSE) != 4)
    return FALSE;
  set_v4 (address, v4);
  return TRUE;
}

static gboolean
in_prefix (const WhenceAddress *address,
           const guint8        *prefix,
           guint                bits)
{
  guint bytes = bits / 8;
  guint rest = bits % 8;

  if (memcmp (address->bytes, prefix, bytes) != 0)
    return FALSE;
  if (rest == 0)
    return TRUE;
  return ((address->bytes[bytes] ^ prefix[bytes]) & (0xff << (8 - rest))) == 0;
}

static gboolean
in_v4 (const WhenceAddress *address,
       guint8 a, guint8 b, guint8 c,
       guint  bits)
{
  WhenceAddress prefix;
  const guint8 v4[4] = { a, b, c, 0 };

  set_v4 (&prefix, v4);
  return in_prefix (address, prefix.bytes, 96 + bits);
}

static WhenceNetClass
classify (const WhenceAddress *address)
{
  static const guint8 loopback6[16] = { [15] = 1 };
  static const guint8 unspecified6[16] = { 0 };
  static const guint8 ula[1] = { 0xfc };
  static const guint8 link_local6[2] = { 0xfe, 0x80 };
  static const guint8 multicast6[1] = { 0xff };
  static const guint8 doc6[4] = { 0x20, 0x01, 0x0d, 0xb8 };

  if (is_v4 (address))
    {
      if (in_v4 (address, 127, 0, 0, 8))
        return WHENCE_NET_LOOPBACK;
      if (in_v4 (address, 10, 0, 0, 8) || in_v4 (address, 172, 16, 0, 12)
          || in_v4 (address, 192, 168, 0, 16))
        return WHENCE_NET_PRIVATE;
      if (in_v4 (address, 169, 254, 0, 16))
        return WHENCE_NET_LINK_LOCAL;
      if (in_v4 (address, 100, 64, 0, 10))
        return WHENCE_NET_SHARED;
      if (in_v4 (address, 192, 0, 2, 24) || in_v4 (address, 198, 51, 100, 24)
          || in_v4 (address, 203, 0, 113, 24))
        return WHENCE_NET_DOCUMENTATION;
      if (in_v4 (address, 0, 0, 0, 8) || in_v4 (address, 224, 0, 0, 3)
          || in_v4 (address, 198, 18, 0, 15))
        return WHENCE_NET_RESERVED;
      return WHENCE_NET_PUBLIC;
    }

  if (memcmp (address->bytes, loopback6, 16) == 0)
    return WHENCE_NET_LOOPBACK;
  if (memcmp (address->bytes, unspecified6, 16) == 0 || in_prefix (address, multicast6, 8))
    return WHENCE_NET_RESERVED;
  if (in_prefix (address, ula, 7))
    return WHENCE_NET_PRIVATE;
  if (in_prefix (address, link_local6, 10))
    return WHENCE_NET_LINK_LOCAL;
  if (in_prefix (address, doc6, 32))
    return WHENCE_NET_DOCUMENTATION;
  return WHENCE_NET_PUBLIC;
}

/**
 * whence_net_classify:
 * @ip: (nullable): an address in any form whence_net_parse_address() takes
 *
 * Returns: the kind of network @ip belongs to
 */
WhenceNetClass
whence_net_classify (const char *ip)
{
  WhenceAddress address;

  if (!whence_net_parse_address (ip, &address))
    return WHENCE_NET_INVALID;
  return classify (&address);
}

/**
 * whence_net_is_internal:
 *
 * Returns: %TRUE for addresses that never cross the public internet:
 *   private, loopback, link-local and carrier-grade NAT
 */
gboolean
whence_net_is_internal (const char *ip)
{
  switch (whence_net_classify (ip))
    {
    case WHENCE_NET_PRIVATE:
    case WHENCE_NET_LOOPBACK:
    case WHENCE_NET_LINK_LOCAL:
    case WHENCE_NET_SHARED:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * whence_net_is_sa_private:
 *
 * Returns: %TRUE when @ip is on SpamAssassin's IP_PRIVATE list (which,
 *   unlike whence_net_is_internal(), leaves out IPv6 unique local addresses)
 */
gboolean
whence_net_is_sa_private (const char *ip)
{
  WhenceAddress address;
  static const guint8 link_local6[2] = { 0xfe, 0x80 };

  if (!whence_net_parse_address (ip, &address))
    return FALSE;
  if (!is_v4 (&address))
    return classify (&address) == WHENCE_NET_LOOPBACK || in_prefix (&address, link_local6, 10);
  return in_v4 (&address, 10, 0, 0, 8) || in_v4 (&address, 127, 0, 0, 8)
         || in_v4 (&address, 169, 254, 0, 16) || in_v4 (&address, 172, 16, 0, 12)
         || in_v4 (&address, 192, 168, 0, 16) || in_v4 (&address, 100, 64, 0, 10);
}

/**
 * whence_net_is_loopback:
 *
 * Returns: %TRUE for 127/8 and ::1 (and ::ffff:127.x)
 */
gboolean
whence_net_is_loopback (const char *ip)
{
  return whence_net_classify (ip) == WHENCE_NET_LOOPBACK;
}

typedef struct
{
  WhenceAddress prefix;
  guint         bits;     /* over all 128 */
  gboolean      negated;
} NetEntry;

struct _WhenceNetList
{
  GArray *entries;
};

static gboolean
parse_token (const char *token,
             NetEntry   *entry)
{
  g_autofree char *copy = NULL;
  char *slash;
  char *addr;
  gint64 bits = -1;
  guint8 v4[4];

  entry->negated = token[0] == '!';
  copy = g_strdup (token + (entry->negated ? 1 : 0));
  slash = strchr (copy, '/');
  if (slash != NULL)
    {
      char *end = NULL;

      *slash = '\0';
      bits = g_ascii_strtoll (slash + 1, &end, 10);
      if (end == slash + 1 || *end != '\0' || bits < 0)
        return FALSE;
    }
  addr = copy;
  if (*addr == '[')
    {
      char *close = strchr (++addr, ']');
      if (close == NULL)
        return FALSE;
      *close = '\0';
    }

  if (strchr (addr, ':') != NULL)
    {
      g_autofree char *bare = bare_address (addr);

      if (inet_pton (AF_INET6, bare, entry->prefix.bytes) != 1)
        return FALSE;
      if (bits > 128)
        return FALSE;
      entry->bits = bits < 0 ? 128 : (guint) bits;
    }
  else
    {
      guint parts = parse_v4 (addr, v4, TRUE);

      if (parts == 0 || bits > 32)
        return FALSE;
      set_v4 (&entry->prefix, v4);
      entry->bits = 96 + (bits < 0 ? parts * 8 : (guint) bits);
    }

  return TRUE;
}

/**
 * whence_net_list_parse:
 * @spec: (nullable): networks separated by spaces or commas
 *
 * Returns: (transfer full) (nullable): the list, or %NULL with @error set
 *   when a token is not a network
 */
WhenceNetList *
whence_net_list_parse (const char  *spec,
                       GError     **error)
{
  g_autoptr(WhenceNetList) list = g_new0 (WhenceNetList, 1);
  g_auto(GStrv) tokens = NULL;

  list->entries = g_array_new (FALSE, FALSE, sizeof (NetEntry));
  if (spec == NULL)
    return g_steal_pointer (&list);

  tokens = g_strsplit_set (spec, " \t\n,;", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      NetEntry entry = { 0 };

      if (*tokens[i] == '\0')
        continue;
      if (!parse_token (tokens[i], &entry))
        {
          g_set_error (error, WHENCE_ERROR, WHENCE_ERROR_FAILED,
                       _("“%s” is not a network. Write networks like 192.168.0.0/16 or 2001:db8::/32."),
                       tokens[i]);
          return NULL;
        }
      g_array_append_val (list->entries, entry);
    }

  return g_steal_pointer (&list);
}

/**
 * whence_net_list_contains:
 *
 * Returns: %TRUE when the first entry matching @ip is not negated
 */
gboolean
whence_net_list_contains (const WhenceNetList *list,
                          const char          *ip)
{
  WhenceAddress address;

  if (list == NULL || !whence_net_parse_address (ip, &address))
    return FALSE;

  for (guint i = 0; i < list->entries->len; i++)
    {
      const NetEntry *entry = &g_array_index (list->entries, NetEntry, i);

      if (in_prefix (&address, entry->prefix.bytes, entry->bits))
        return !entry->negated;
    }

  return FALSE;
}

gboolean
whence_net_list_is_empty (const WhenceNetList *list)
{
  return list == NULL || list->entries->len == 0;
}

/**
 * whence_net_list_is_subset:
 *
 * Returns: %TRUE when every network @list includes is included by @of
 *   (SpamAssassin requires this of internal_networks against trusted_networks)
 */
gboolean
whence_net_list_is_subset (const WhenceNetList *list,
                           const WhenceNetList *of)
{
  for (guint i = 0; list != NULL && i < list->entries->len; i++)
    {
      const NetEntry *entry = &g_array_index (list->entries, NetEntry, i);
      gboolean covered = FALSE;

      if (entry->negated)
        continue;
      for (guint j = 0; of != NULL && j < of->entries->len; j++)
        {
          const NetEntry *outer = &g_array_index (of->entries, NetEntry, j);

          if (outer->bits <= entry->bits && in_prefix (&entry->prefix, outer->prefix.bytes, outer->bits))
            {
              covered = !outer->negated;
              break;
            }
        }
      if (!covered)
        return FALSE;
    }
  return TRUE;
}

void
whence_net_list_free (WhenceNetList *list)
{
  if (list == NULL)
    return;
  g_array_unref (list->entries);
  g_free (list);
}
