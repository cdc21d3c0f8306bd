/* whence-net.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What kind of network an address belongs to, for deciding whether a hop
 * stayed inside someone's own network. */
typedef enum
{
  WHENCE_NET_INVALID,        /* not an address */
  WHENCE_NET_PUBLIC,
  WHENCE_NET_PRIVATE,        /* RFC 1918, IPv6 unique local fc00::/7 */
  WHENCE_NET_LOOPBACK,       /* 127/8, ::1 */
  WHENCE_NET_LINK_LOCAL,     /* 169.254/16, fe80::/10 */
  WHENCE_NET_SHARED,         /* carrier-grade NAT 100.64/10 */
  WHENCE_NET_DOCUMENTATION,  /* 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32 */
  WHENCE_NET_RESERVED,       /* 0/8, 240/4, multicast, unspecified, benchmark 198.18/15 */
} WhenceNetClass;

/* IPv4 addresses are held as IPv4-mapped IPv6 (::ffff:a.b.c.d). */
typedef struct
{
  guint8 bytes[16];
} WhenceAddress;

gboolean        whence_net_parse_address   (const char          *text,
                                            WhenceAddress       *address);
WhenceNetClass  whence_net_classify        (const char          *ip);
gboolean        whence_net_is_internal     (const char          *ip);
gboolean        whence_net_is_sa_private   (const char          *ip);
gboolean        whence_net_is_loopback     (const char          *ip);

/* A SpamAssassin netset: "CIDR …", tokens may be negated with "!", IPv4 may
 * be shortened ("10/8", "192.168.", "1.2/16"); searched in order, the first
 * match wins. */
typedef struct _WhenceNetList WhenceNetList;

WhenceNetList  *whence_net_list_parse      (const char          *spec,
                                            GError             **error);
gboolean        whence_net_list_contains   (const WhenceNetList *list,
                                            const char          *ip);
gboolean        whence_net_list_is_empty   (const WhenceNetList *list);
gboolean        whence_net_list_is_subset  (const WhenceNetList *list,
                                            const WhenceNetList *of);
void            whence_net_list_free       (WhenceNetList       *list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceNetList, whence_net_list_free)

G_END_DECLS
