/* whence-received.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * WhenceReceived:
 *
 * One Received header, taken apart. The eight fields ip … auth mean exactly
 * what they mean in SpamAssassin's relay analysis (see
 * tests/data/peers/spamassassin-rcvd/README.md): "" when absent, never %NULL.
 * Unlike SpamAssassin, values keep the characters as written (no "!"
 * replacement); tests apply SpamAssassin's normalisation when comparing.
 *
 * When @relay or @parsed is %FALSE there is no client: ip, rdns, helo,
 * ident, envfrom and auth are "". @by (the host that wrote the line), @id,
 * @with, @for_ and the date are still filled when the line names them.
 * @for_ is the address without its angle brackets.
 */
typedef struct
{
  char     *raw;       /* the unfolded header value */
  gboolean  relay;     /* FALSE: not a handover between machines (local
                        * delivery, "qmail invoked by", fetchmail/IMAP
                        * pickup, scanners …) */
  gboolean  parsed;    /* FALSE: a relay line nothing could be read from */
  char     *ip;
  char     *rdns;
  char     *helo;
  char     *by;
  char     *ident;
  char     *envfrom;
  char     *id;
  char     *auth;
  char     *with;      /* protocol: "ESMTPS", "SMTP", "HTTP", … */
  char     *for_;      /* the recipient the line names */
  gboolean  has_date;
  gint64    date;      /* seconds since the epoch, UTC */
} WhenceReceived;

WhenceReceived *whence_received_parse (const char     *value);
void            whence_received_free  (WhenceReceived *received);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceReceived, whence_received_free)

G_END_DECLS
