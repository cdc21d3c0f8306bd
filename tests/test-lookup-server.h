/* test-lookup-server.h
 *
 * A local RDAP server for the lookup tests: the ten real samples, a
 * bootstrap pointing at them, and hostile endpoints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  const char *file;      /* in tests/data/rdap/ */
  const char *ip;        /* canonical text form */
  const char *registry;  /* whence_rdap_registry_name() */
  const char *path;      /* the server's folder for that registry */
} SampleInfo;

extern const SampleInfo lookup_samples[10];

typedef struct
{
  SoupServer *server;
  char       *base;           /* "http://127.0.0.1:PORT/" */
  char       *bootstrap_dir;  /* the bundled bootstrap, pointed at us */
  GHashTable *hits;           /* path -> GUINT_TO_POINTER (count) */
  GPtrArray  *paused;         /* (element-type SoupServerMessage) slow answers */
  char       *user_agent;     /* of the last request */
  gboolean    extra_headers;  /* a request carried a cookie, referrer or auth */
  guint       delay_ms;       /* when set, sample answers are held this long */
  guint       in_flight;      /* held answers now */
  guint       most_in_flight; /* held at once, at most */
} LookupServer;

LookupServer *lookup_server_new        (void);
void          lookup_server_free       (LookupServer *self);
guint         lookup_server_hits       (LookupServer *self,
                                        const char   *path);
guint         lookup_server_total_hits (LookupServer *self);
char         *lookup_server_bootstrap_file (LookupServer *self,
                                            const char   *prefix,
                                            const char   *url);
char         *lookup_closed_port_url   (void);

G_END_DECLS
