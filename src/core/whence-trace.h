/* whence-trace.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "whence-message.h"
#include "whence-received.h"

G_BEGIN_DECLS

typedef enum
{
  WHENCE_TRUST_RECIPIENT,   /* written by the recipient's own side */
  WHENCE_TRUST_BOUNDARY,    /* the handover from outside: the origin's line */
  WHENCE_TRUST_UNVERIFIED,  /* older than the boundary: could be made up */
} WhenceTrust;

typedef enum
{
  WHENCE_CONFIDENCE_HIGH,
  WHENCE_CONFIDENCE_MEDIUM,
  WHENCE_CONFIDENCE_LOW,
} WhenceConfidence;

/**
 * WhenceHop:
 *
 * One Received line in the chain, in header order (index 0 = topmost =
 * newest), with what the trace concluded about it.
 */
typedef struct
{
  guint            index;
  WhenceReceived  *received;
  WhenceTrust      trust;
  gboolean         has_delay;
  gint64           delay_s;   /* this hop's time minus the next older hop's;
                               * negative means clock skew, kept as is */
  gboolean         internal;  /* SpamAssassin's "intl": inside the recipient's
                               * own network (internal_networks, else the
                               * trusted ones) */
} WhenceHop;

/**
 * WhenceOrigin:
 *
 * The machine that handed the message to the recipient's side.
 */
typedef struct
{
  guint             hop;        /* index of the hop that logged it */
  char             *ip;
  char             *rdns;       /* "" when not logged */
  char             *helo;
  WhenceConfidence  confidence;
  char             *reason;     /* one sentence, plain words, translated */
  char             *webmail;    /* provider name when the origin came from a
                                 * trusted X-Originating-IP, else NULL */
  char             *client_ip;  /* with webmail: the address the provider
                                 * noted for its user, else NULL */
} WhenceOrigin;

/**
 * WhenceTraceSettings:
 * @trusted_networks: SpamAssassin-style netset ("10/8 !10.1.2.3 2001:db8::/32");
 *   when set, trust is exactly SpamAssassin's: these networks, loopback and
 *   authenticated handovers, nothing inferred
 * @internal_networks: as SpamAssassin's internal_networks; only used as the
 *   trusted networks when @trusted_networks is unset
 * @msa_networks: as SpamAssassin's msa_networks: a trusted hop from these makes
 *   every older hop trusted
 * @spamassassin: trust exactly as SpamAssassin infers it (no recognition of
 *   the provider's own public servers or gateways), and turn the originating-IP
 *   headers into extra hops after the last Received line, as it does
 * @originating_ip_headers: (nullable): with @spamassassin, the header names to
 *   read; %NULL means SpamAssassin's stock list
 *
 * Settings for comparing with SpamAssassin and for users who know their
 * network. The zeroed struct is the default behaviour.
 */
typedef struct
{
  const char         *trusted_networks;
  const char         *internal_networks;
  const char         *msa_networks;
  gboolean            spamassassin;
  const char * const *originating_ip_headers;
} WhenceTraceSettings;

#define WHENCE_TYPE_TRACE (whence_trace_get_type ())

G_DECLARE_FINAL_TYPE (WhenceTrace, whence_trace, WHENCE, TRACE, GObject)

WhenceTrace        *whence_trace_new                  (WhenceMessage  *message,
                                                       const char     *trusted_networks,
                                                       GError        **error);
guint               whence_trace_get_n_hops           (WhenceTrace    *self);
const WhenceHop    *whence_trace_get_hop              (WhenceTrace    *self,
                                                       guint           index);
int                 whence_trace_get_boundary         (WhenceTrace    *self);
const WhenceOrigin *whence_trace_get_origin           (WhenceTrace    *self);
const char         *whence_trace_get_recipient_domain (WhenceTrace    *self);
WhenceTrace        *whence_trace_new_with_settings    (WhenceMessage             *message,
                                                       const WhenceTraceSettings *settings,
                                                       GError                   **error);

const char         *whence_trust_to_string            (WhenceTrust      trust);
const char         *whence_confidence_to_string       (WhenceConfidence confidence);

G_END_DECLS
