/* whence-lookup.h
 *
 * "Who runs that computer": reverse DNS, RDAP network owner and abuse
 * contact, DNS fallbacks, an escalation ladder, and a disk cache. GTK-free;
 * everything is asynchronous and cancellable, results arrive in the
 * thread-default main context of the caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "whence-rdap.h"

G_BEGIN_DECLS

/**
 * WhenceLookupConsent:
 * @WHENCE_LOOKUP_CONSENT_DECLINED: the person said no (or has not said yes
 *   yet): nothing is sent anywhere
 * @WHENCE_LOOKUP_CONSENT_GIVEN: the address may be sent to the registries
 *
 * The caller decides (from the `online-lookups` setting, a question, or
 * `whence trace --lookup`); the core never reads settings itself:
 * "always" is GIVEN, "never" is DECLINED, "ask" is whatever the person
 * answered (DECLINED until they answer).
 */
typedef enum
{
  WHENCE_LOOKUP_CONSENT_DECLINED,
  WHENCE_LOOKUP_CONSENT_GIVEN,
} WhenceLookupConsent;

/**
 * WhenceLookupFlags:
 * @WHENCE_LOOKUP_FLAGS_NONE: use a fresh cached answer when there is one
 * @WHENCE_LOOKUP_FLAGS_REFRESH: ask again even if the cache has an answer
 *   (a "Look up again" button)
 */
typedef enum
{
  WHENCE_LOOKUP_FLAGS_NONE    = 0,
  WHENCE_LOOKUP_FLAGS_REFRESH = 1 << 0,
} WhenceLookupFlags;

/**
 * WhenceEscalationStep:
 *
 * One rung of the ladder: whom to contact, in order, when the one before
 * does not answer.
 */
typedef struct
{
  char *who;      /* plain words, translated */
  char *address;  /* an email address, or an https:// web address */
  char *source;   /* as #WhenceContact.source */
} WhenceEscalationStep;

void whence_escalation_step_free (WhenceEscalationStep *step);

#define WHENCE_TYPE_LOOKUP_RESULT (whence_lookup_result_get_type ())
G_DECLARE_FINAL_TYPE (WhenceLookupResult, whence_lookup_result, WHENCE, LOOKUP_RESULT, GObject)

const char          *whence_lookup_result_get_ip            (WhenceLookupResult *self);
const GError        *whence_lookup_result_get_error         (WhenceLookupResult *self);
const char          *whence_lookup_result_get_rdns          (WhenceLookupResult *self);
gboolean             whence_lookup_result_get_rdns_verified (WhenceLookupResult *self);
const char          *whence_lookup_result_get_registry      (WhenceLookupResult *self);
const char          *whence_lookup_result_get_name          (WhenceLookupResult *self);
const char          *whence_lookup_result_get_handle        (WhenceLookupResult *self);
const char          *whence_lookup_result_get_range         (WhenceLookupResult *self);
const char          *whence_lookup_result_get_country       (WhenceLookupResult *self);
const char          *whence_lookup_result_get_organisation  (WhenceLookupResult *self);
guint32              whence_lookup_result_get_origin_as     (WhenceLookupResult *self);
GPtrArray           *whence_lookup_result_get_contacts      (WhenceLookupResult *self);
const WhenceContact *whence_lookup_result_get_abuse_contact (WhenceLookupResult *self);
GPtrArray           *whence_lookup_result_get_escalation    (WhenceLookupResult *self);
gboolean             whence_lookup_result_get_from_cache    (WhenceLookupResult *self);
GDateTime           *whence_lookup_result_get_fetched       (WhenceLookupResult *self);
char                *whence_lookup_result_describe_age      (WhenceLookupResult *self,
                                                             GDateTime          *now);
JsonNode            *whence_lookup_result_to_json           (WhenceLookupResult *self);
WhenceLookupResult  *whence_lookup_result_new_from_json     (JsonNode           *node,
                                                             GError            **error);
WhenceLookupResult  *whence_lookup_result_new_for_error     (const char         *ip,
                                                             const GError       *error);

#define WHENCE_TYPE_LOOKUP (whence_lookup_get_type ())
G_DECLARE_FINAL_TYPE (WhenceLookup, whence_lookup, WHENCE, LOOKUP, GObject)

WhenceLookup       *whence_lookup_new                  (void);
void                whence_lookup_set_bootstrap_source (WhenceLookup        *self,
                                                        const char          *source);
void                whence_lookup_set_resolver         (WhenceLookup        *self,
                                                        GResolver           *resolver);
void                whence_lookup_set_dns_fallbacks    (WhenceLookup        *self,
                                                        gboolean             enabled);
void                whence_lookup_set_timeout          (WhenceLookup        *self,
                                                        guint                timeout_ms);
void                whence_lookup_set_max_bytes        (WhenceLookup        *self,
                                                        gsize                max_bytes);
void                whence_lookup_set_cache            (WhenceLookup        *self,
                                                        const char          *directory,
                                                        GTimeSpan            lifetime);
void                whence_lookup_ip_async             (WhenceLookup        *self,
                                                        const char          *ip,
                                                        WhenceLookupConsent  consent,
                                                        WhenceLookupFlags    flags,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
WhenceLookupResult *whence_lookup_ip_finish            (WhenceLookup        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void                whence_lookup_rdns_async           (WhenceLookup        *self,
                                                        const char          *ip,
                                                        WhenceLookupConsent  consent,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char               *whence_lookup_rdns_finish          (WhenceLookup        *self,
                                                        GAsyncResult        *result,
                                                        gboolean            *verified,
                                                        GError             **error);
WhenceLookupResult *whence_lookup_ip_sync              (WhenceLookup        *self,
                                                        const char          *ip,
                                                        WhenceLookupConsent  consent,
                                                        WhenceLookupFlags    flags);
void                whence_lookup_add_network_member   (WhenceLookup        *self,
                                                        JsonNode            *trace_object,
                                                        WhenceLookupConsent  consent);

G_END_DECLS
