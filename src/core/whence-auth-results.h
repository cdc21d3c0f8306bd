/* whence-auth-results.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * WhenceAuthResults:
 *
 * What one Authentication-Results, ARC-Authentication-Results or
 * Received-SPF header says. Results are lower case RFC 8601 words ("pass",
 * "fail", "softfail", "none" …); "" when the header says nothing about that
 * check. Domains are "" when not named.
 */
typedef struct
{
  char *authserv_id;   /* who wrote it: a host or domain name */
  char *spf;
  char *spf_domain;    /* smtp.mailfrom (or smtp.helo) domain */
  char *dkim;
  char *dkim_domain;   /* header.d of the chosen signature */
  char *dmarc;
  char *dmarc_domain;  /* header.from */
  char *arc;
} WhenceAuthResults;

WhenceAuthResults *whence_auth_results_parse (const char        *value);
WhenceAuthResults *whence_received_spf_parse (const char        *value);
void               whence_auth_results_free  (WhenceAuthResults *results);

char              *whence_auth_sentence      (const char        *method,
                                              const char        *result,
                                              const char        *domain);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceAuthResults, whence_auth_results_free)

G_END_DECLS
