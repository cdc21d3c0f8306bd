/* whence-rdap.h
 *
 * RDAP (RFC 9082/9083/9224) without the network: the IANA bootstrap that
 * says which registry knows an address, and the reading of an `ip network`
 * or `autnum` answer into the few facts a person needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * WhenceContact:
 *
 * One address to write to about abuse, and where it came from. @source is a
 * stable name used in `whence trace --lookup --json`: "rdap" (an entity with
 * the abuse role), "rdap-remarks" (an address in the network's remarks
 * next to the word "abuse"), "rdap-technical", "rdap-registrant",
 * "rdap-entity" (no roles given at all), "rdap-autnum", "abusix", "abuse.net", "rfc2142",
 * "registry".
 */
typedef struct
{
  char *address;  /* an email address, or a web address for "registry" */
  char *name;     /* vCard fn, or NULL */
  char *handle;   /* registry handle of the entity, or NULL */
  char *phone;    /* vCard tel, or NULL */
  char *role;     /* the RDAP role that made us pick it, or NULL */
  char *source;
} WhenceContact;

WhenceContact *whence_contact_new  (const char    *address,
                                    const char    *source);
WhenceContact *whence_contact_copy (const WhenceContact *contact);
void           whence_contact_free (WhenceContact *contact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceContact, whence_contact_free)

/**
 * WhenceRdapNetwork:
 *
 * What an RDAP `ip network` (or `autnum`) answer says. Every string may be
 * %NULL when the registry did not say.
 */
typedef struct
{
  char      *name;
  char      *handle;
  char      *range;         /* a CIDR when the range is one, else "first - last" */
  char      *country;       /* ISO 3166 two letters, upper case */
  char      *organisation;  /* the registrant's name */
  guint32    origin_as;     /* 0 when unknown */
  GPtrArray *contacts;      /* (element-type WhenceContact): best first */
  char      *abuse_entity;  /* URL of an abuse entity given without its
                             * vCard, to fetch; NULL when not needed */
} WhenceRdapNetwork;

void               whence_rdap_network_free (WhenceRdapNetwork *network);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceRdapNetwork, whence_rdap_network_free)

WhenceRdapNetwork *whence_rdap_parse        (JsonNode    *root,
                                             GError     **error);
WhenceRdapNetwork *whence_rdap_parse_data   (const char  *data,
                                             gsize        length,
                                             GError     **error);
GPtrArray         *whence_rdap_parse_entity (const char  *data,
                                             gsize        length,
                                             GError     **error);

/* The bootstrap: which registry serves which addresses. */
typedef struct _WhenceRdapBootstrap WhenceRdapBootstrap;

WhenceRdapBootstrap *whence_rdap_bootstrap_new         (void);
WhenceRdapBootstrap *whence_rdap_bootstrap_new_bundled (void);
WhenceRdapBootstrap *whence_rdap_bootstrap_ref         (WhenceRdapBootstrap *self);
void                 whence_rdap_bootstrap_unref       (WhenceRdapBootstrap *self);
gboolean             whence_rdap_bootstrap_add_json    (WhenceRdapBootstrap *self,
                                                        const char          *data,
                                                        gsize                length,
                                                        GError             **error);
gboolean             whence_rdap_bootstrap_is_empty    (WhenceRdapBootstrap *self);
char                *whence_rdap_bootstrap_find_ip     (WhenceRdapBootstrap *self,
                                                        GInetAddress        *address);
char                *whence_rdap_bootstrap_find_asn    (WhenceRdapBootstrap *self,
                                                        guint32              asn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhenceRdapBootstrap, whence_rdap_bootstrap_unref)

const char *whence_rdap_registry_name    (const char *base_url);
const char *whence_rdap_registry_website (const char *base_url);

G_END_DECLS
