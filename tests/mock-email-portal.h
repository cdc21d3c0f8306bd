/* mock-email-portal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _MockEmailPortal MockEmailPortal;

/* What the portal has been asked: how often, and what the last call carried. */
typedef struct
{
  guint calls;
  char **addresses;
  char *subject;
  char *body;
  GPtrArray *attachments;   /* GBytes, the files' contents */
} MockEmailCall;

MockEmailPortal *mock_email_portal_start     (guint            response);
void             mock_email_portal_stop      (MockEmailPortal *self);
MockEmailCall   *mock_email_portal_dup_calls (MockEmailPortal *self);
void             mock_email_call_free        (MockEmailCall   *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MockEmailCall, mock_email_call_free)

G_END_DECLS
