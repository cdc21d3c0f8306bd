/* whence-trace.c
 *
 * The Received chain read as a whole: which hops the recipient's own side
 * wrote (and so can be believed), where the message came in from outside
 * (the boundary), and which machine that was (the origin).
 *
 * The walk starts at the newest hop, as SpamAssassin's does: private and
 * loopback addresses and authenticated handovers stay on the trusted side.
 * Without setup SpamAssassin stops at the first public address, which for
 * Gmail, Outlook or a Proofpoint gateway is the provider's own server; so a
 * public hop is also kept trusted when the machine that sent it is the one
 * that wrote the line below (handover consistency) and it belongs to the
 * same organisation as the receiving server, or is a known inbound gateway.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-trace"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-date.h"
#include "whence-domain.h"
#include "whence-net.h"
#include "whence-trace.h"

struct _WhenceTrace
{
  GObject        parent_instance;

  GPtrArray     *hops;        /* WhenceHop, owned */
  int            boundary;
  WhenceOrigin  *origin;
  char          *recipient_domain;
  GPtrArray     *auth_values; /* AuthValue, owned; read on first need */
};

G_DEFINE_FINAL_TYPE (WhenceTrace, whence_trace, G_TYPE_OBJECT)

/* SpamAssassin's stock originating_ip_headers (10_default_prefs.cf). */
static const char * const sa_originating_headers[] = {
  "X-Yahoo-Post-IP", "X-Originating-IP", "X-Apparently-From", "X-SenderIP", "X-AOL-IP",
  "X-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp", NULL,
};

/* Headers a webmail service writes with its user's address. X-Sender-IP is
 * left out: Exchange Online writes it on the receiving side, for the
 * connecting server, not for a webmail user. */
static const char * const webmail_ip_headers[] = {
  "X-Originating-IP", "X-Yahoo-Post-IP", "X-AOL-IP", "X-SenderIP", "X-Mailru-Originating-IP",
  "X-Yandex-Front-IP", NULL,
};

/* Registrable domains one company runs under several names: a handover
 * between them is a handover inside the company. */
static const struct
{
  const char *domain;
  const char *organisation;
} organisations[] = {
  { "outlook.com", "microsoft" }, { "office365.com", "microsoft" },
  { "hotmail.com", "microsoft" }, { "live.com", "microsoft" }, { "msn.com", "microsoft" },
  { "exchangelabs.com", "microsoft" }, { "microsoft.com", "microsoft" },
  { "google.com", "google" }, { "gmail.com", "google" }, { "googlemail.com", "google" },
  { "yahoo.com", "yahoo" }, { "yahoodns.net", "yahoo" }, { "aol.com", "yahoo" },
  { "yahoo.net", "yahoo" }, { "icloud.com", "apple" }, { "me.com", "apple" },
  { "apple.com", "apple" },
};

/* Webmail services and the name people know them by. */
static const struct
{
  const char *organisation;
  const char *name;
} webmail_providers[] = {
  /* Names of the brand the user saw come before the company's. */
  { "hotmail.com", "Hotmail" }, { "msn.com", "Hotmail" }, { "aol.com", "AOL" },
  { "microsoft", "Outlook.com" }, { "google", "Gmail" }, { "yahoo", "Yahoo" },
  { "apple", "iCloud" }, { "gmx.net", "GMX" }, { "gmx.de", "GMX" }, { "web.de", "WEB.DE" },
  { "mail.ru", "Mail.ru" }, { "yandex.ru", "Yandex" }, { "yandex.net", "Yandex" },
  { "zoho.com", "Zoho" }, { "protonmail.ch", "Proton" }, { "netscape.net", "Netscape" },
  { "excite.com", "Excite" }, { "lycos.com", "Lycos" }, { "juno.com", "Juno" },
  { "rediffmail.com", "Rediffmail" }, { "sohu.com", "Sohu" }, { "163.com", "NetEase" },
};

/* Security gateways that take in mail for their customers. */
static const char * const gateway_domains[] = {
  "pphosted.com", "ppe-hosted.com", "mimecast.com", "mimecast.co.za", "mimecast-offshore.com",
  "messagelabs.com", "iphmx.com", "barracudanetworks.com", "ess.barracudanetworks.com",
  "trendmicro.com", "trendmicro.eu", "fireeyecloud.com", "mailcontrol.com", "hornetsecurity.com",
  "antispamcloud.com", "spamh.com", "mailguard.com.au", "sophos.com", "securence.com",
  "mxrecord.io", "forcepoint.net",
};

static void
whence_origin_free (WhenceOrigin *origin)
{
  if (origin == NULL)
    return;
  g_free (origin->ip);
  g_free (origin->rdns);
  g_free (origin->helo);
  g_free (origin->reason);
  g_free (origin->webmail);
  g_free (origin->client_ip);
  g_free (origin);
}

static void
whence_hop_free (WhenceHop *hop)
{
  whence_received_free (hop->received);
  g_free (hop);
}

static void
whence_trace_finalize (GObject *object)
{
  WhenceTrace *self = WHENCE_TRACE (object);

  g_clear_pointer (&self->hops, g_ptr_array_unref);
  g_clear_pointer (&self->origin, whence_origin_free);
  g_clear_pointer (&self->recipient_domain, g_free);
  g_clear_pointer (&self->auth_values, g_ptr_array_unref);

  G_OBJECT_CLASS (whence_trace_parent_class)->finalize (object);
}

static void
whence_trace_class_init (WhenceTraceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = whence_trace_finalize;
}

static void
whence_trace_init (WhenceTrace *self)
{
  self->hops = g_ptr_array_new_with_free_func ((GDestroyNotify) whence_hop_free);
  self->boundary = -1;
}

static const WhenceReceived *
hop_received (WhenceTrace *self,
              guint        i)
{
  return ((WhenceHop *) g_ptr_array_index (self->hops, i))->received;
}

static gboolean
has_ip (const WhenceReceived *r)
{
  return r->relay && r->ip != NULL && r->ip[0] != '\0';
}

/* Host names as logged, without the trailing dot some MTAs write. */
static char *
clean_host (const char *host)
{
  char *copy;
  gsize len;

  if (host == NULL || *host == '\0')
    return NULL;
  copy = g_ascii_strdown (host, -1);
  len = strlen (copy);
  while (len > 0 && copy[len - 1] == '.')
    copy[--len] = '\0';
  return copy;
}

/* Registrable domain, folded into the company for known aliases. */
static char *
organisation_of (const char *host)
{
  g_autofree char *domain = whence_registrable_domain (host);

  if (domain == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (organisations); i++)
    if (g_str_equal (domain, organisations[i].domain))
      return g_strdup (organisations[i].organisation);
  return g_steal_pointer (&domain);
}

static gboolean
same_organisation (const char *a,
                   const char *b)
{
  g_autofree char *org_a = organisation_of (a);
  g_autofree char *org_b = organisation_of (b);

  return org_a != NULL && org_b != NULL && g_str_equal (org_a, org_b);
}

/* The same machine under its two names: Exchange Online writes
 * "AM6P193CA0144.EURP193.PROD.OUTLOOK.COM" on one side of a handover and
 * "AM6P193CA0144.outlook.office365.com" on the other. */
static gboolean
same_host (const char *a,
           const char *b)
{
  g_autofree char *ca = clean_host (a);
  g_autofree char *cb = clean_host (b);
  const char *dot_a, *dot_b;

  if (ca == NULL || cb == NULL)
    return FALSE;
  if (g_str_equal (ca, cb))
    return TRUE;

  dot_a = strchr (ca, '.');
  dot_b = strchr (cb, '.');
  if (dot_a == NULL || dot_b == NULL || dot_a - ca != dot_b - cb || dot_a - ca < 6
      || strncmp (ca, cb, dot_a - ca) != 0)
    return FALSE;
  return same_organisation (ca, cb);
}

/* The name the receiving server vouches for. Exchange logs no reverse DNS,
 * only the HELO name; for its lines that is the best there is. */
static const char *
sender_name (const WhenceReceived *r)
{
  if (r->rdns != NULL && r->rdns[0] != '\0')
    return r->rdns;
  if (r->helo != NULL && r->helo[0] != '\0' && r->raw != NULL
      && strstr (r->raw, "Microsoft SMTP") != NULL)
    return r->helo;
  return NULL;
}

/* The next older hop that names the server that wrote it. */
static const WhenceReceived *
older_writer (WhenceTrace *self,
              guint        i)
{
  for (guint j = i + 1; j < self->hops->len; j++)
    {
      const WhenceReceived *r = hop_received (self, j);

      if (r->by != NULL && r->by[0] != '\0')
        return r;
    }
  return NULL;
}

static gboolean
is_gateway (const char *host)
{
  g_autofree char *domain = whence_registrable_domain (host);

  if (domain == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (gateway_domains); i++)
    if (g_str_equal (domain, gateway_domains[i]))
      return TRUE;
  return FALSE;
}

static gboolean
text_names_ip (const char *text,
               const char *ip)
{
  gsize len = strlen (ip);

  for (const char *p = strstr (text, ip); p != NULL; p = strstr (p + 1, ip))
    {
      gboolean left_ok = p == text || !(g_ascii_isxdigit (p[-1]) || p[-1] == '.' || p[-1] == ':');
      gboolean right_ok = !(g_ascii_isxdigit (p[len]) || p[len] == '.' || p[len] == ':');

      if (left_ok && right_ok)
        return TRUE;
    }
  return FALSE;
}

/* A sign-in check header's value and how many Received lines are above it. */
typedef struct
{
  char  *value;
  guint  received_above;
} AuthValue;

static void
auth_value_free (AuthValue *auth)
{
  g_free (auth->value);
  g_free (auth);
}

/* The values of the sign-in check headers, top down, each with the number
 * of Received lines above it. Those above Received line i (written after
 * it, by the side that received the message there) are the ones with
 * received_above <= i. The header block is read once per trace, not once
 * per hop asked about: a huge block with many hops would cost their
 * product. */
static GPtrArray *
auth_values (WhenceTrace   *self,
             WhenceMessage *message)
{
  static const char * const names[] = {
    "Received-SPF", "Authentication-Results", "ARC-Authentication-Results",
  };
  const char *raw = NULL;
  GString *current = NULL;
  guint current_above = 0;
  guint received = 0;
  const char *line;

  if (self->auth_values != NULL)
    return self->auth_values;

  self->auth_values = g_ptr_array_new_with_free_func ((GDestroyNotify) auth_value_free);
  raw = whence_message_get_raw_headers (message);
  /* Line by line, in place of g_strsplit (): a line is up to the next '\n'. */
  for (line = raw != NULL ? raw : ""; line != NULL; )
    {
      const char *nl = strchr (line, '\n');
      gsize len = nl != NULL ? (gsize) (nl - line) : strlen (line);
      const char *colon;

      if (*line == ' ' || *line == '\t')
        {
          if (current != NULL)
            g_string_append_len (current, line, len);
          line = nl != NULL ? nl + 1 : NULL;
          continue;
        }
      if (current != NULL)
        {
          AuthValue *auth = g_new0 (AuthValue, 1);

          auth->value = g_string_free (g_steal_pointer (&current), FALSE);
          auth->received_above = current_above;
          g_ptr_array_add (self->auth_values, auth);
        }
      colon = memchr (line, ':', len);
      if (colon != NULL)
        {
          if (colon - line == 8 && g_ascii_strncasecmp (line, "Received", 8) == 0)
            received++;
          else
            for (guint n = 0; n < G_N_ELEMENTS (names); n++)
              if ((gsize) (colon - line) == strlen (names[n])
                  && g_ascii_strncasecmp (line, names[n], colon - line) == 0)
                {
                  current = g_string_new_len (colon + 1, len - (colon + 1 - line));
                  current_above = received;
                }
        }
      line = nl != NULL ? nl + 1 : NULL;
    }
  if (current != NULL)
    {
      AuthValue *auth = g_new0 (AuthValue, 1);

      auth->value = g_string_free (current, FALSE);
      auth->received_above = current_above;
      g_ptr_array_add (self->auth_values, auth);
    }

  return self->auth_values;
}

/* Whether the recipient's own authentication results name an address that
 * a hop older than @i logged: then the recipient's side looked past hop @i
 * itself, which is what it does behind its own inbound gateway, and never
 * behind a gateway the sender's side runs. */
static gboolean
auth_results_name_older_ip (WhenceTrace   *self,
                            WhenceMessage *message,
                            guint          i)
{
  for (guint j = i + 1; j < self->hops->len; j++)
    {
      const WhenceReceived *r = hop_received (self, j);
      GPtrArray *values;

      if (!has_ip (r) || whence_net_is_internal (r->ip))
        continue;
      values = auth_values (self, message);
      for (guint v = 0; v < values->len; v++)
        {
          const AuthValue *auth = g_ptr_array_index (values, v);

          if (auth->received_above <= i && text_names_ip (auth->value, r->ip))
            return TRUE;
        }
      return FALSE;
    }
  return FALSE;
}

/* Providers name their customers' machines under their own domain too
 * ("vps-123.vps.ovh.net" beside "mx1.mail.ovh.net", "dialup-…dyn.isp.net"
 * beside "mx.isp.net"); such a customer could write the line below itself.
 * So two servers must sit side by side in one zone, unless the company is one
 * of the big mail providers whose servers span several zones and domains and
 * whose customers get no names there. */
static gboolean
sibling_servers (const char *a,
                 const char *b)
{
  g_autofree char *ca = clean_host (a);
  g_autofree char *cb = clean_host (b);
  g_autofree char *org = organisation_of (ca);
  const char *zone_a, *zone_b;

  if (ca == NULL || cb == NULL || org == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (organisations); i++)
    if (g_str_equal (org, organisations[i].organisation) && !strchr (org, '.'))
      return TRUE;
  zone_a = strchr (ca, '.');
  zone_b = strchr (cb, '.');
  return zone_a != NULL && zone_b != NULL && g_str_equal (zone_a, zone_b);
}

/* Exchange logs only the name a client gave itself. Inside Microsoft's
 * network the handovers run over IPv6 (or private IPv4); at the door from the
 * internet (Exchange Online Protection's *.mail.protection.outlook.com, or a
 * public IPv4 client) that name is a claim anyone can make, so it cannot
 * make a hop the provider's own. */
static gboolean
unverified_at_door (const WhenceReceived *r)
{
  g_autofree char *by = clean_host (r->by);
  WhenceAddress address;

  if (r->raw == NULL || strstr (r->raw, "Microsoft SMTP") == NULL)
    return FALSE;
  if (by != NULL && g_str_has_suffix (by, ".mail.protection.outlook.com"))
    return TRUE;
  if (!whence_net_parse_address (r->ip, &address))
    return TRUE;
  /* IPv4 is held IPv4-mapped: ::ffff:a.b.c.d */
  return address.bytes[10] == 0xff && address.bytes[11] == 0xff
         && memcmp (address.bytes, "\0\0\0\0\0\0\0\0\0\0", 10) == 0;
}

/* Beyond SpamAssassin: is this public hop still inside the recipient's
 * provider (or its gateway)? The sender must be the machine that wrote the
 * older line, so a single forged HELO cannot pull the walk deeper. */
static gboolean
is_provider_hop (WhenceTrace   *self,
                 WhenceMessage *message,
                 guint          i)
{
  const WhenceReceived *r = hop_received (self, i);
  const WhenceReceived *older;
  const char *name = sender_name (r);

  if (name == NULL)
    return FALSE;
  older = older_writer (self, i);
  if (older == NULL)
    return FALSE;

  if (same_host (name, older->by) && same_organisation (name, r->by)
      && sibling_servers (name, r->by) && !unverified_at_door (r))
    return TRUE;

  /* A gateway's cluster hands over between its own machines ("mx08-…"
   * passes on what "mx07-…" took in), so the company must match, not the
   * machine. */
  /* A gateway sends mail out for its customers as well as taking it in,
   * under the same names; only one the recipient's own checks looked past
   * is the recipient's. */
  if (is_gateway (name) && same_organisation (name, older->by))
    return auth_results_name_older_ip (self, message, i);

  return FALSE;
}

static void
add_originating_hops (WhenceTrace               *self,
                      WhenceMessage             *message,
                      const WhenceTraceSettings *settings)
{
  const char * const *names = settings->originating_ip_headers != NULL
                              ? settings->originating_ip_headers : sa_originating_headers;

  for (guint n = 0; names[n] != NULL; n++)
    {
      g_autoptr(GPtrArray) values = whence_message_dup_headers (message, names[n]);

      for (guint v = 0; v < values->len; v++)
        {
          const char *value = g_ptr_array_index (values, v);
          g_auto(GStrv) tokens = g_strsplit_set (value, " \t[]()<>,;=\"'", -1);

          for (guint t = 0; tokens[t] != NULL; t++)
            {
              WhenceAddress address;
              WhenceReceived *r;
              WhenceHop *hop;

              if (*tokens[t] == '\0' || !whence_net_parse_address (tokens[t], &address))
                continue;
              r = g_new0 (WhenceReceived, 1);
              r->raw = g_strdup_printf ("%s: %s", names[n], value);
              r->relay = TRUE;
              r->parsed = TRUE;
              r->ip = g_strdup (tokens[t]);
              r->rdns = g_strdup ("");
              r->helo = g_strdup ("");
              r->by = g_strdup ("");
              r->ident = g_strdup ("");
              r->envfrom = g_strdup ("");
              r->id = g_strdup ("");
              r->auth = g_strdup ("");
              r->with = g_strdup ("");
              r->for_ = g_strdup ("");
              hop = g_new0 (WhenceHop, 1);
              hop->index = self->hops->len;
              hop->received = r;
              g_ptr_array_add (self->hops, hop);
            }
        }
    }
}

static void
compute_delays (WhenceTrace *self)
{
  for (guint i = 0; i < self->hops->len; i++)
    {
      WhenceHop *hop = g_ptr_array_index (self->hops, i);

      if (!hop->received->has_date)
        continue;
      for (guint j = i + 1; j < self->hops->len; j++)
        {
          const WhenceReceived *older = hop_received (self, j);

          if (older->has_date)
            {
              /* Negative is clock skew between the two servers: shown as is. */
              hop->has_delay = TRUE;
              hop->delay_s = hop->received->date - older->date;
              break;
            }
        }
    }
}

static void
walk_trust (WhenceTrace               *self,
            WhenceMessage             *message,
            const WhenceTraceSettings *settings,
            WhenceNetList             *trusted,
            WhenceNetList             *internal,
            WhenceNetList             *msa)
{
  gboolean configured = !whence_net_list_is_empty (trusted);
  gboolean in_trusted = TRUE;
  gboolean in_internal = TRUE;
  gboolean found_msa = FALSE;
  /* SpamAssassin refuses (at lint) internal networks that are not all
   * trusted, and then counts nothing as internal. */
  gboolean internal_usable = whence_net_list_is_subset (internal, trusted);

  for (guint i = 0; i < self->hops->len; i++)
    {
      WhenceHop *hop = g_ptr_array_index (self->hops, i);
      const WhenceReceived *r = hop->received;
      gboolean always = FALSE;
      gboolean trusted_here;

      if (!in_trusted)
        {
          hop->trust = WHENCE_TRUST_UNVERIFIED;
          continue;
        }
      if (!has_ip (r))
        {
          hop->trust = WHENCE_TRUST_RECIPIENT;
          hop->internal = in_internal;
          continue;
        }

      always = r->auth[0] != '\0' || whence_net_is_loopback (r->ip);
      if (always)
        trusted_here = TRUE;
      else if (configured)
        trusted_here = whence_net_list_contains (trusted, r->ip);
      else if (settings->spamassassin)
        trusted_here = whence_net_is_sa_private (r->ip);
      else
        trusted_here = whence_net_is_internal (r->ip) || is_provider_hop (self, message, i);

      if (in_internal && !found_msa)
        {
          if (!configured)
            in_internal = trusted_here;
          else if (!always)
            in_internal = internal_usable
                          && whence_net_list_contains (whence_net_list_is_empty (internal)
                                                       ? trusted : internal, r->ip);
        }

      if (!trusted_here && !found_msa)
        {
          hop->trust = WHENCE_TRUST_BOUNDARY;
          self->boundary = (int) i;
          in_trusted = FALSE;
          continue;
        }

      hop->trust = WHENCE_TRUST_RECIPIENT;
      hop->internal = in_internal;
      if (whence_net_list_contains (msa, r->ip))
        found_msa = TRUE;
    }
}

static char *
webmail_name (const char *host)
{
  g_autofree char *domain = whence_registrable_domain (host);
  g_autofree char *org = organisation_of (host);

  if (org == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (webmail_providers); i++)
    if (g_str_equal (domain, webmail_providers[i].organisation))
      return g_strdup (webmail_providers[i].name);
  for (guint i = 0; i < G_N_ELEMENTS (webmail_providers); i++)
    if (g_str_equal (org, webmail_providers[i].organisation))
      return g_strdup (webmail_providers[i].name);
  return NULL;
}

/* The first public address a webmail header of @message names. */
static char *
find_webmail_client (WhenceMessage *message,
                     const char    *not_this_ip)
{
  for (guint n = 0; webmail_ip_headers[n] != NULL; n++)
    {
      g_autoptr(GPtrArray) values = whence_message_dup_headers (message, webmail_ip_headers[n]);

      for (guint v = 0; v < values->len; v++)
        {
          g_auto(GStrv) tokens = g_strsplit_set (g_ptr_array_index (values, v),
                                                 " \t[]()<>,;=\"'", -1);

          for (guint t = 0; tokens[t] != NULL; t++)
            {
              WhenceNetClass kind = whence_net_classify (tokens[t]);

              if ((kind == WHENCE_NET_PUBLIC || kind == WHENCE_NET_DOCUMENTATION)
                  && (not_this_ip == NULL || g_ascii_strcasecmp (tokens[t], not_this_ip) != 0))
                return g_strdup (tokens[t]);
            }
        }
    }
  return NULL;
}

/* How a reason names a machine; @first when the name opens the sentence. */
static char *
describe_machine (const WhenceReceived *r,
                  gboolean              first)
{
  /* Exchange's "from NAME (IP)" is the name the client claimed, not one the
   * server looked up. */
  gboolean claimed = strstr (r->raw, "Microsoft SMTP") != NULL;
  const char *name = r->rdns[0] != '\0' ? r->rdns : r->helo;

  if (r->rdns[0] != '\0' && !claimed)
    return g_strdup_printf ("%s (%s)", r->rdns, r->ip);
  if (name[0] == '\0')
    return g_strdup (r->ip);
  if (first)
    /* Translators: a machine known only by the name it gave itself, and its
     * address, at the start of a sentence */
    return g_strdup_printf (_("A machine calling itself %s (%s)"), name, r->ip);
  /* Translators: as above, inside a sentence */
  return g_strdup_printf (_("a machine calling itself %s (%s)"), name, r->ip);
}

static gboolean
has_older_relay (WhenceTrace *self,
                 guint        i)
{
  for (guint j = i + 1; j < self->hops->len; j++)
    if (has_ip (hop_received (self, j)))
      return TRUE;
  return FALSE;
}

/* Whether the line above the boundary was written by the machine the
 * boundary line says received the message: a chain that hangs together. */
static gboolean
boundary_connects (WhenceTrace *self,
                   guint        boundary)
{
  const WhenceReceived *b = hop_received (self, boundary);

  for (int i = (int) boundary - 1; i >= 0; i--)
    {
      const WhenceReceived *r = hop_received (self, i);

      if (!has_ip (r))
        continue;
      if (whence_net_is_internal (r->ip) || r->auth[0] != '\0')
        return TRUE;
      return same_host (r->rdns, b->by) || same_host (r->helo, b->by)
             || same_organisation (r->by, b->by);
    }
  return TRUE;
}

static void
find_origin (WhenceTrace   *self,
             WhenceMessage *message,
             gboolean       configured)
{
  WhenceOrigin *origin;
  const WhenceReceived *r;
  g_autofree char *machine = NULL;
  g_autofree char *machine_first = NULL;
  int last_relay = -1;

  for (guint i = 0; i < self->hops->len; i++)
    if (has_ip (hop_received (self, i)))
      last_relay = (int) i;
  if (last_relay < 0)
    return;

  origin = g_new0 (WhenceOrigin, 1);
  self->origin = origin;

  if (self->boundary >= 0)
    {
      WhenceNetClass kind;

      r = hop_received (self, self->boundary);
      origin->hop = (guint) self->boundary;
      origin->ip = g_strdup (r->ip);
      origin->rdns = g_strdup (r->rdns);
      origin->helo = g_strdup (r->helo);
      machine = describe_machine (r, FALSE);
      machine_first = describe_machine (r, TRUE);
      kind = whence_net_classify (r->ip);

      if (kind == WHENCE_NET_PUBLIC && boundary_connects (self, self->boundary))
        origin->confidence = WHENCE_CONFIDENCE_HIGH;
      else if (kind == WHENCE_NET_PUBLIC || kind == WHENCE_NET_DOCUMENTATION)
        origin->confidence = WHENCE_CONFIDENCE_MEDIUM;
      else
        origin->confidence = WHENCE_CONFIDENCE_LOW;

      /* Only a name the receiving server checked: Exchange logs the HELO,
       * which anyone can claim. */
      if (r->rdns[0] != '\0' && strstr (r->raw, "Microsoft SMTP") == NULL)
        origin->webmail = webmail_name (r->rdns);
      if (origin->webmail != NULL)
        origin->client_ip = find_webmail_client (message, r->ip);
      /* The provider's own webmail front end logged its user: an HTTP
       * handover written on the recipient's side. */
      if (origin->webmail == NULL && r->with != NULL
          && g_ascii_strncasecmp (r->with, "HTTP", 4) == 0 && r->by[0] != '\0')
        {
          origin->webmail = webmail_name (r->by);
          if (origin->webmail == NULL)
            origin->webmail = whence_registrable_domain (r->by);
          if (origin->webmail != NULL)
            {
              origin->client_ip = g_strdup (r->ip);
              origin->reason = g_strdup_printf (_("Sent through %s’s webmail from %s."),
                                                origin->webmail, origin->client_ip);
              return;
            }
        }
      if (origin->client_ip != NULL)
        origin->reason = g_strdup_printf (_("Sent through %s’s webmail from %s; %s handed it to your email provider."),
                                          origin->webmail, origin->client_ip, machine);
      else
        {
          g_clear_pointer (&origin->webmail, g_free);
          if (!has_older_relay (self, self->boundary))
            origin->reason = g_strdup_printf (_("%s handed this email straight to your email provider, with no other mail server in between."),
                                              machine_first);
          else
            origin->reason = g_strdup_printf (_("%s was the first machine outside your email provider to hand this email on; the lines below it could be made up."),
                                              machine_first);
        }
      return;
    }

  /* Every hop is on the recipient's side: the sender used the same
   * provider. A sign-in it logged names the sender's machine; failing that,
   * its own webmail note is the best witness. */
  origin->hop = (guint) last_relay;
  r = hop_received (self, last_relay);
  if (r->auth[0] != '\0' && (whence_net_classify (r->ip) == WHENCE_NET_PUBLIC
                              || whence_net_classify (r->ip) == WHENCE_NET_DOCUMENTATION))
    {
      g_autofree char *provider = webmail_name (r->by);

      if (provider == NULL)
        provider = whence_registrable_domain (r->by);
      if (provider == NULL)
        provider = g_strdup (r->by);
      origin->ip = g_strdup (r->ip);
      origin->rdns = g_strdup (r->rdns);
      origin->helo = g_strdup (r->helo);
      origin->confidence = WHENCE_CONFIDENCE_HIGH;
      if (g_ascii_strncasecmp (r->with, "HTTP", 4) == 0)
        {
          origin->webmail = g_strdup (provider);
          origin->client_ip = g_strdup (r->ip);
          origin->reason = g_strdup_printf (_("Sent through %s’s webmail from %s."),
                                            provider, r->ip);
        }
      else
        origin->reason = g_strdup_printf (_("Sent from %s by someone who signed in to %s, your own email provider."),
                                          r->ip, provider);
      return;
    }
  origin->client_ip = find_webmail_client (message, NULL);
  if (origin->client_ip != NULL && !configured)
    {
      origin->webmail = webmail_name (self->recipient_domain);
      if (origin->webmail == NULL)
        origin->webmail = g_strdup (self->recipient_domain != NULL ? self->recipient_domain
                                                                   : r->by);
      origin->ip = g_strdup (origin->client_ip);
      origin->rdns = g_strdup ("");
      origin->helo = g_strdup ("");
      origin->confidence = WHENCE_CONFIDENCE_MEDIUM;
      origin->reason = g_strdup_printf (_("Sent through %s’s webmail from %s."),
                                        origin->webmail, origin->client_ip);
      return;
    }

  /* A message that never left a private network has no origin anyone
   * outside could be told about. */
  if (whence_net_classify (r->ip) != WHENCE_NET_PUBLIC
      && whence_net_classify (r->ip) != WHENCE_NET_DOCUMENTATION)
    {
      g_clear_pointer (&self->origin, whence_origin_free);
      return;
    }
  g_clear_pointer (&origin->client_ip, g_free);
  origin->ip = g_strdup (r->ip);
  origin->rdns = g_strdup (r->rdns);
  origin->helo = g_strdup (r->helo);
  origin->confidence = WHENCE_CONFIDENCE_LOW;
  machine = describe_machine (r, FALSE);
  origin->reason = g_strdup_printf (_("Every server in the path belongs to your own email provider or network; the earliest one named is %s."),
                                    machine);
}

static void
find_recipient_domain (WhenceTrace *self)
{
  for (guint i = 0; i < self->hops->len; i++)
    {
      WhenceHop *hop = g_ptr_array_index (self->hops, i);
      char *domain;

      if (hop->trust != WHENCE_TRUST_RECIPIENT && hop->trust != WHENCE_TRUST_BOUNDARY)
        break;
      domain = whence_registrable_domain (hop->received->by);
      if (domain != NULL)
        {
          self->recipient_domain = domain;
          return;
        }
    }
}

/**
 * whence_trace_new_with_settings:
 * @message: the message
 * @settings: (nullable): how to decide trust; %NULL for the default
 * @error: set when a network list cannot be read
 *
 * Returns: (transfer full) (nullable): the trace
 */
WhenceTrace *
whence_trace_new_with_settings (WhenceMessage             *message,
                                const WhenceTraceSettings *settings,
                                GError                   **error)
{
  static const WhenceTraceSettings defaults = { 0 };
  g_autoptr(WhenceTrace) self = NULL;
  g_autoptr(WhenceNetList) trusted = NULL;
  g_autoptr(WhenceNetList) msa = NULL;
  g_autoptr(WhenceNetList) internal = NULL;
  GPtrArray *received;
  const char *trusted_spec;

  g_return_val_if_fail (WHENCE_IS_MESSAGE (message), NULL);

  if (settings == NULL)
    settings = &defaults;

  /* As in SpamAssassin, either list stands in for the other when only one
   * is given. */
  trusted_spec = settings->trusted_networks != NULL && *settings->trusted_networks != '\0'
                 ? settings->trusted_networks : settings->internal_networks;
  trusted = whence_net_list_parse (trusted_spec, error);
  if (trusted == NULL)
    return NULL;
  msa = whence_net_list_parse (settings->msa_networks, error);
  if (msa == NULL)
    return NULL;
  internal = whence_net_list_parse (settings->internal_networks, error);
  if (internal == NULL)
    return NULL;

  self = g_object_new (WHENCE_TYPE_TRACE, NULL);
  received = whence_message_get_received (message);
  for (guint i = 0; i < received->len; i++)
    {
      WhenceHop *hop = g_new0 (WhenceHop, 1);

      hop->index = i;
      hop->received = whence_received_parse (g_ptr_array_index (received, i));
      g_ptr_array_add (self->hops, hop);
    }
  if (settings->spamassassin)
    add_originating_hops (self, message, settings);

  compute_delays (self);
  walk_trust (self, message, settings, trusted, internal, msa);
  find_recipient_domain (self);
  find_origin (self, message, !whence_net_list_is_empty (trusted));

  return g_steal_pointer (&self);
}

/**
 * whence_trace_new:
 * @message: the message
 * @trusted_networks: (nullable): SpamAssassin-style trusted networks
 * @error: set when @trusted_networks cannot be read
 *
 * Returns: (transfer full) (nullable): the trace
 */
WhenceTrace *
whence_trace_new (WhenceMessage  *message,
                  const char     *trusted_networks,
                  GError        **error)
{
  WhenceTraceSettings settings = { .trusted_networks = trusted_networks };

  return whence_trace_new_with_settings (message, &settings, error);
}

guint
whence_trace_get_n_hops (WhenceTrace *self)
{
  g_return_val_if_fail (WHENCE_IS_TRACE (self), 0);
  return self->hops->len;
}

const WhenceHop *
whence_trace_get_hop (WhenceTrace *self,
                      guint        index)
{
  g_return_val_if_fail (WHENCE_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < self->hops->len, NULL);
  return g_ptr_array_index (self->hops, index);
}

/**
 * whence_trace_get_boundary:
 *
 * Returns: the index of the boundary hop, or -1 when every hop is on the
 *   recipient's side (or there are none)
 */
int
whence_trace_get_boundary (WhenceTrace *self)
{
  g_return_val_if_fail (WHENCE_IS_TRACE (self), -1);
  return self->boundary;
}

/**
 * whence_trace_get_origin:
 *
 * Returns: (nullable): the origin, or %NULL when no hop names an address
 */
const WhenceOrigin *
whence_trace_get_origin (WhenceTrace *self)
{
  g_return_val_if_fail (WHENCE_IS_TRACE (self), NULL);
  return self->origin;
}

/**
 * whence_trace_get_recipient_domain:
 *
 * Returns: (nullable): the registrable domain of the recipient's own servers
 */
const char *
whence_trace_get_recipient_domain (WhenceTrace *self)
{
  g_return_val_if_fail (WHENCE_IS_TRACE (self), NULL);
  return self->recipient_domain;
}

const char *
whence_trust_to_string (WhenceTrust trust)
{
  switch (trust)
    {
    case WHENCE_TRUST_RECIPIENT:
      return "recipient";
    case WHENCE_TRUST_BOUNDARY:
      return "boundary";
    case WHENCE_TRUST_UNVERIFIED:
    default:
      return "unverified";
    }
}

const char *
whence_confidence_to_string (WhenceConfidence confidence)
{
  switch (confidence)
    {
    case WHENCE_CONFIDENCE_HIGH:
      return "high";
    case WHENCE_CONFIDENCE_MEDIUM:
      return "medium";
    case WHENCE_CONFIDENCE_LOW:
    default:
      return "low";
    }
}
