/* whence-grouping.c
 *
 * Many emails, few senders: a person who gets a worm every day wants to
 * hear "37 emails from 3 computers", and to report each computer once.
 * Emails are grouped by origin address, and addresses by network, because
 * a home connection's address changes within its provider's pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-grouping"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-grouping.h"

struct _WhenceGrouping
{
  GHashTable *computers;   /* ip → WhenceComputerGroup (owned) */
  GPtrArray  *order;       /* WhenceComputerGroup in first-seen order */
  GPtrArray  *networks;    /* built on demand */
  GPtrArray  *sorted;      /* computers, most emails first; built on demand */
  guint       n_items;
};

static void
computer_free (WhenceComputerGroup *group)
{
  g_free (group->ip);
  g_free (group->rdns);
  g_array_unref (group->items);
  g_free (group);
}

static void
network_free (WhenceNetworkGroup *group)
{
  g_free (group->network);
  g_ptr_array_unref (group->computers);
  g_free (group);
}

WhenceGrouping *
whence_grouping_new (void)
{
  WhenceGrouping *self = g_new0 (WhenceGrouping, 1);

  self->computers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) computer_free);
  self->order = g_ptr_array_new ();
  return self;
}

void
whence_grouping_free (WhenceGrouping *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->networks, g_ptr_array_unref);
  g_clear_pointer (&self->sorted, g_ptr_array_unref);
  g_ptr_array_unref (self->order);
  g_hash_table_unref (self->computers);
  g_free (self);
}

/* "::ffff:1.2.3.4" is the IPv4 address 1.2.3.4 seen through an IPv6 socket. */
static GInetAddress *
parse_address (const char *ip)
{
  static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
  GInetAddress *address;

  if (ip == NULL || *ip == '\0' || (address = g_inet_address_new_from_string (ip)) == NULL)
    return NULL;
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6
      && memcmp (g_inet_address_to_bytes (address), mapped, 12) == 0)
    {
      GInetAddress *v4 = g_inet_address_new_from_bytes (g_inet_address_to_bytes (address) + 12,
                                                        G_SOCKET_FAMILY_IPV4);
      g_object_unref (address);
      return v4;
    }
  return address;
}

/**
 * whence_network_for_ip:
 *
 * Returns: (transfer full) (nullable): the /24 (IPv4) or /48 (IPv6) network
 *   holding @ip, as CIDR text, or %NULL when @ip is not an address
 */
char *
whence_network_for_ip (const char *ip)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GInetAddress) masked = NULL;
  g_autofree char *text = NULL;
  guint8 bytes[16] = { 0 };
  gsize size;

  if ((address = parse_address (ip)) == NULL)
    return NULL;

  size = g_inet_address_get_native_size (address);
  memcpy (bytes, g_inet_address_to_bytes (address), size);
  if (size == 4)
    {
      bytes[3] = 0;
      masked = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV4);
      text = g_inet_address_to_string (masked);
      return g_strconcat (text, "/24", NULL);
    }
  memset (bytes + 6, 0, 10);
  masked = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);
  text = g_inet_address_to_string (masked);
  return g_strconcat (text, "/48", NULL);
}

static void
invalidate (WhenceGrouping *self)
{
  g_clear_pointer (&self->networks, g_ptr_array_unref);
  g_clear_pointer (&self->sorted, g_ptr_array_unref);
}

/**
 * whence_grouping_add:
 * @item: the caller's index for this email
 * @ip: (nullable): its origin address; %NULL or "" when unknown
 * @rdns: (nullable): the origin's name
 */
void
whence_grouping_add (WhenceGrouping *self,
                     guint           item,
                     const char     *ip,
                     const char     *rdns)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *key = NULL;
  WhenceComputerGroup *group;

  g_return_if_fail (self != NULL);

  /* One spelling per address: "::ffff:1.2.3.4" and "1.2.3.4" are one computer. */
  if ((address = parse_address (ip)) != NULL)
    key = g_inet_address_to_string (address);
  else
    key = g_strdup ("");

  group = g_hash_table_lookup (self->computers, key);
  if (group == NULL)
    {
      group = g_new0 (WhenceComputerGroup, 1);
      group->ip = g_steal_pointer (&key);
      group->rdns = g_strdup ("");
      group->items = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (self->computers, group->ip, group);
      g_ptr_array_add (self->order, group);
    }
  if (*group->rdns == '\0' && rdns != NULL && *rdns != '\0')
    {
      g_free (group->rdns);
      group->rdns = g_strdup (rdns);
    }
  g_array_append_val (group->items, item);
  self->n_items++;
  invalidate (self);
}

guint
whence_grouping_get_n_items (WhenceGrouping *self)
{
  return self->n_items;
}

/**
 * whence_grouping_get_n_unknown:
 *
 * Returns: how many emails had no origin that could be named
 */
guint
whence_grouping_get_n_unknown (WhenceGrouping *self)
{
  WhenceComputerGroup *group = g_hash_table_lookup (self->computers, "");

  return group != NULL ? group->items->len : 0;
}

guint
whence_grouping_get_n_computers (WhenceGrouping *self)
{
  return g_hash_table_size (self->computers) - (whence_grouping_get_n_unknown (self) > 0 ? 1 : 0);
}

static int
compare_computers (gconstpointer a,
                   gconstpointer b)
{
  const WhenceComputerGroup *ga = *(WhenceComputerGroup **) a;
  const WhenceComputerGroup *gb = *(WhenceComputerGroup **) b;

  /* Unknown origins last; then most emails first. g_ptr_array_sort is
   * stable, so ties keep the order they were first seen in. */
  if ((*ga->ip == '\0') != (*gb->ip == '\0'))
    return *ga->ip == '\0' ? 1 : -1;
  return (int) gb->items->len - (int) ga->items->len;
}

/**
 * whence_grouping_get_computers:
 *
 * Returns: (transfer none) (element-type WhenceComputerGroup): every origin,
 *   most emails first, the unknown ones (ip "") last
 */
GPtrArray *
whence_grouping_get_computers (WhenceGrouping *self)
{
  if (self->sorted == NULL)
    {
      self->sorted = g_ptr_array_copy (self->order, NULL, NULL);
      g_ptr_array_sort (self->sorted, compare_computers);
    }
  return self->sorted;
}

static int
compare_networks (gconstpointer a,
                  gconstpointer b)
{
  const WhenceNetworkGroup *ga = *(WhenceNetworkGroup **) a;
  const WhenceNetworkGroup *gb = *(WhenceNetworkGroup **) b;

  if ((*ga->network == '\0') != (*gb->network == '\0'))
    return *ga->network == '\0' ? 1 : -1;
  return (int) gb->n_items - (int) ga->n_items;
}

/**
 * whence_grouping_get_networks:
 *
 * Returns: (transfer none) (element-type WhenceNetworkGroup): the networks,
 *   most emails first, the unknown origins (network "") last
 */
GPtrArray *
whence_grouping_get_networks (WhenceGrouping *self)
{
  g_autoptr(GHashTable) by_network = NULL;
  GPtrArray *computers;

  if (self->networks != NULL)
    return self->networks;

  self->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) network_free);
  by_network = g_hash_table_new (g_str_hash, g_str_equal);
  computers = whence_grouping_get_computers (self);
  for (guint i = 0; i < computers->len; i++)
    {
      WhenceComputerGroup *computer = g_ptr_array_index (computers, i);
      g_autofree char *network = whence_network_for_ip (computer->ip);
      WhenceNetworkGroup *group;

      if (network == NULL)
        network = g_strdup ("");
      group = g_hash_table_lookup (by_network, network);
      if (group == NULL)
        {
          group = g_new0 (WhenceNetworkGroup, 1);
          group->network = g_steal_pointer (&network);
          group->computers = g_ptr_array_new ();
          g_hash_table_insert (by_network, group->network, group);
          g_ptr_array_add (self->networks, group);
        }
      g_ptr_array_add (group->computers, computer);
      group->n_items += computer->items->len;
    }
  g_ptr_array_sort (self->networks, compare_networks);

  return self->networks;
}

guint
whence_grouping_get_n_networks (WhenceGrouping *self)
{
  GPtrArray *networks = whence_grouping_get_networks (self);
  guint n = networks->len;

  if (n > 0 && *((WhenceNetworkGroup *) g_ptr_array_index (networks, n - 1))->network == '\0')
    n--;
  return n;
}

/**
 * whence_grouping_dup_summary:
 *
 * Returns: (transfer full): "37 emails from 3 computers", translated
 */
char *
whence_grouping_dup_summary (WhenceGrouping *self)
{
  guint n = self->n_items;
  guint computers = whence_grouping_get_n_computers (self);
  guint unknown = whence_grouping_get_n_unknown (self);
  g_autofree char *main_part = NULL;

  if (n == 0)
    return g_strdup (_("No emails yet."));
  if (computers == 0)
    return g_strdup_printf (ngettext ("%u email. Where it came from is not known.",
                                      "%u emails. Where they came from is not known.", n), n);

  if (computers == 1)
    main_part = g_strdup_printf (ngettext ("%u email from one computer.",
                                           "%u emails from one computer.", n - unknown), n - unknown);
  else
    /* Translators: the first number is always 2 or more */
    main_part = g_strdup_printf (ngettext ("%u emails from %u computer.",
                                           "%u emails from %u computers.", computers),
                                 n - unknown, computers);
  if (unknown == 0)
    return g_steal_pointer (&main_part);

  return g_strdup_printf (ngettext ("%s For %u email, where it came from is not known.",
                                    "%s For %u emails, where they came from is not known.", unknown),
                          main_part, unknown);
}
