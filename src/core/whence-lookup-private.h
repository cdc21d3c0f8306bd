/* whence-lookup-private.h
 *
 * How the lookup engine fills a result. Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "whence-lookup.h"

G_BEGIN_DECLS

struct _WhenceLookupResult
{
  GObject    parent_instance;

  char      *ip;
  GError    *error;        /* why the registry part failed, or NULL */
  char      *rdns;
  gboolean   rdns_verified;
  char      *registry;
  char      *name;
  char      *handle;
  char      *range;
  char      *country;
  char      *organisation;
  guint32    origin_as;
  GPtrArray *contacts;     /* (element-type WhenceContact) */
  GPtrArray *escalation;   /* (element-type WhenceEscalationStep) */
  gboolean   from_cache;
  GDateTime *fetched;
};

WhenceLookupResult *whence_lookup_result_new (const char *ip);
void                whence_lookup_result_add_contact (WhenceLookupResult  *self,
                                                      WhenceContact       *contact);
void                whence_lookup_result_add_step    (WhenceLookupResult  *self,
                                                      const char          *who,
                                                      const char          *address,
                                                      const char          *source);

G_END_DECLS
