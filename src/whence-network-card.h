/* whence-network-card.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "whence-lookup.h"

G_BEGIN_DECLS

typedef enum
{
  WHENCE_NETWORK_CARD_NO_ADDRESS,  /* nothing to look up */
  WHENCE_NETWORK_CARD_ASK,         /* consent prompt */
  WHENCE_NETWORK_CARD_DECLINED,    /* "Not Now" */
  WHENCE_NETWORK_CARD_NEVER,       /* online-lookups = never */
  WHENCE_NETWORK_CARD_WORKING,
  WHENCE_NETWORK_CARD_DONE,
  WHENCE_NETWORK_CARD_FAILED,
} WhenceNetworkCardState;

#define WHENCE_TYPE_NETWORK_CARD (whence_network_card_get_type ())

G_DECLARE_FINAL_TYPE (WhenceNetworkCard, whence_network_card, WHENCE, NETWORK_CARD, GtkWidget)

GtkWidget              *whence_network_card_new          (void);
void                    whence_network_card_set_address  (WhenceNetworkCard *self,
                                                          const char        *ip);
const char             *whence_network_card_get_address  (WhenceNetworkCard *self);
WhenceNetworkCardState  whence_network_card_get_state    (WhenceNetworkCard *self);
void                    whence_network_card_set_working  (WhenceNetworkCard *self);
void                    whence_network_card_set_result   (WhenceNetworkCard *self,
                                                          const char        *network,
                                                          const char        *country_code,
                                                          const char        *abuse_address,
                                                          const char        *age);
void                    whence_network_card_set_failed   (WhenceNetworkCard *self,
                                                          const char        *reason);
void                    whence_network_card_show_lookup  (WhenceNetworkCard  *self,
                                                          WhenceLookupResult *result);
void                    whence_network_card_request      (WhenceNetworkCard *self);
const char             *whence_network_card_get_text     (WhenceNetworkCard *self);

char                   *whence_country_name              (const char        *code);

G_END_DECLS
