/* whence-grouping.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * WhenceComputerGroup:
 *
 * The emails that came from one origin address.
 */
typedef struct
{
  char      *ip;        /* "" for emails whose origin is unknown */
  char      *rdns;      /* the first name seen for it, or "" */
  GArray    *items;     /* (element-type guint) the caller's indices, in order added */
} WhenceComputerGroup;

/**
 * WhenceNetworkGroup:
 *
 * The computers on one network: the same /24 for IPv4, /48 for IPv6.
 */
typedef struct
{
  char      *network;   /* "203.0.113.0/24", "2001:db8:1::/48", or "" when unknown */
  GPtrArray *computers; /* (element-type WhenceComputerGroup) most emails first */
  guint      n_items;
} WhenceNetworkGroup;

typedef struct _WhenceGrouping WhenceGrouping;

WhenceGrouping *whence_grouping_new             (void);
void            whence_grouping_free            (WhenceGrouping *self);
void            whence_grouping_add             (WhenceGrouping *self,
                                                 guint           item,
                                                 const char     *ip,
                                                 const char     *rdns);
guint           whence_grouping_get_n_items     (WhenceGrouping *self);
guint           whence_grouping_get_n_computers (WhenceGrouping *self);
guint           whence_grouping_get_n_networks  (WhenceGrouping *self);
guint           whence_grouping_get_n_unknown   (WhenceGrouping *self);
GPtrArray      *whence_grouping_get_networks    (WhenceGrouping *self);
GPtrArray      *whence_grouping_get_computers   (WhenceGrouping *self);
char           *whence_grouping_dup_summary     (WhenceGrouping *self);
char           *whence_network_for_ip           (const char     *ip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceGrouping, whence_grouping_free)

G_END_DECLS
